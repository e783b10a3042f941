"""Pages say when their content last changed (更新于), from git or the file's time, and recent
stories carry a 新 badge."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

from conftest import copy_project, run_brandhall

STORY = "branches/guangzhou-peisong/stories/longzhoushui-baogong.md"
STORY_PAGE = "site/branches/guangzhou-peisong/stories/longzhoushui-baogong/index.html"
BRANCH_PAGE = "site/branches/huanan-wuliu/index.html"


def updated(page: Path) -> str:
    match = re.search(r'class="bh-updated"[^>]*>更新于 <time datetime="([\d-]+)">', page.read_text())
    assert match, page
    return match.group(1)


def git(project: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def test_pages_show_the_date_of_the_last_commit_or_of_an_uncommitted_edit(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "示例", date="2025-03-01T10:00:00+08:00")
    story = project / STORY
    story.write_text(story.read_text() + "\n补记一段。\n")
    git(project, "add", STORY)
    git(project, "commit", "-qm", "补记", date="2025-06-18T10:00:00+08:00")
    branch = project / "branches/huanan-wuliu/branch.yml"
    branch.write_text(branch.read_text() + "\n")
    os.utime(branch, (dt.datetime(2025, 9, 9, 12).timestamp(),) * 2)

    assert run_brandhall(project, "build", "--quiet").returncode == 0

    assert updated(project / STORY_PAGE) == "2025-06-18"
    assert updated(project / "site/branches/guangzhou-peisong/figures/zhang-wei/index.html") == "2025-03-01"
    assert updated(project / "site/branches/guangzhou-peisong/index.html") == "2025-06-18", \
        "a branch page changes when one of its stories does"
    assert updated(project / BRANCH_PAGE) == "2025-09-09", "an uncommitted edit shows its own time"


def test_outside_git_the_file_time_is_used(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    story = project / STORY
    os.utime(story, (dt.datetime(2024, 12, 24, 9).timestamp(),) * 2)
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    assert updated(project / STORY_PAGE) == "2024-12-24"


def test_stories_of_the_last_30_days_carry_a_new_badge(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    stories = project / "branches/huanan-wuliu/stories"
    today = dt.date.today()
    for name, age in (("zuijin", 5), ("jiu", 40)):
        (stories / f"{name}.md").write_text(
            f"---\ntitle: 故事{name}\ndate: {today - dt.timedelta(days=age)}\n---\n正文。\n", encoding="utf-8")
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    recent = (project / "site/branches/huanan-wuliu/stories/zuijin/index.html").read_text()
    old = (project / "site/branches/huanan-wuliu/stories/jiu/index.html").read_text()
    assert '<span class="bh-new">新</span>故事zuijin' in recent
    assert "bh-new" not in old
    listing = (project / "site/stories/index.html").read_text()
    assert '<span class="bh-new">新</span>故事zuijin' in listing
    assert '<span class="bh-new">新</span>故事jiu' not in listing
