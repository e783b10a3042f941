"""Placeholders never reach a page (issue 12): files made by `brandhall new` are drafts.

A module-wide project gets a new branch, a new figure and a new story from the real `brandhall
new` commands, left unfilled. `check` passes and says what stays unpublished; the built site and
its screens show none of it; the local preview (the build `brandhall serve` runs) shows each with
a 草稿 banner. A placeholder left once `draft: true` is removed is an error at its line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import LocalServer
from conftest import copy_project as copy_whole_project
from helpers import line_of, run_brandhall, run_check

from brandhall.site import Project, build

GZ = "branches/guangzhou-peisong"
NEW_STORY = f"{GZ}/stories/2024-06-18-xin-gu-shi.md"
PLACEHOLDER_ERROR = ("这里还是“待填写”的提示文字，请改成真实内容；还没准备好发布的，可以写上 draft: true（草稿），"
                     "它就不会出现在网站和大屏上")
BANNER = "草稿 这一页只在本机预览里显示，不会发布；填好内容、删去 draft: true 这一行后才会出现在网站上。"


def scaffold(project: Path) -> None:
    for args in (("branch", "xin-zhibu"), ("figure", "guangzhou-peisong", "李四"),
                 ("story", "guangzhou-peisong", "新故事", "--date", "2024-06-18")):
        code, lines = run_brandhall(project, "new", *args)
        assert code == 0, "\n".join(lines)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_whole_project(tmp_path_factory.mktemp("drafts") / "project")
    scaffold(project)
    code, lines = run_brandhall(project, "build", "--quiet")
    assert code == 0, "\n".join(lines)
    build(Project(project), project / ".brandhall" / "preview", quiet=True, in_place=True)
    return project


def test_new_files_pass_check_and_check_says_they_stay_unpublished(drafted: Path) -> None:
    code, lines = run_check(drafted)
    assert code == 0
    assert lines[-2:] == [
        "草稿（draft: true）不会发布：1 个支部、1 位人物、1 篇故事；填好内容、删去 draft: true 后才会出现在网站上。",
        "检查通过：7 个支部，0 个错误，1 个警告。"]  # W609: the example's site_url


def test_no_placeholder_reaches_the_site_or_the_screens(drafted: Path) -> None:
    site = drafted / "site"
    # the editors' guides under guide/ explain the placeholder itself
    leaked = [p.relative_to(site).as_posix() for p in site.rglob("*")
              if p.suffix in (".html", ".json", ".js") and "待填写" in p.read_text(encoding="utf-8")
              and not p.relative_to(site).as_posix().startswith("guide/")]
    assert leaked == []
    assert not (site / "branches/xin-zhibu").exists()
    assert not (site / "branches/guangzhou-peisong/figures/li-si").exists()
    assert not (site / "branches/guangzhou-peisong/stories/2024-06-18-xin-gu-shi").exists()
    assert "李四" not in (site / "branches/guangzhou-peisong/index.html").read_text(encoding="utf-8")


def test_the_preview_shows_drafts_with_a_banner(drafted: Path) -> None:
    preview = drafted / ".brandhall" / "preview"
    pages = ["branches/xin-zhibu/index.html", "branches/guangzhou-peisong/figures/li-si/index.html",
             "branches/guangzhou-peisong/stories/2024-06-18-xin-gu-shi/index.html"]
    for page in pages:
        assert '<p class="bh-draft" role="note"><strong>草稿</strong>' in (preview / page).read_text(encoding="utf-8")
    published = (preview / "branches/guangzhou-peisong/index.html").read_text(encoding="utf-8")
    assert 'class="bh-draft"' not in published


def test_the_banner_is_seen_in_a_browser(drafted: Path, browser) -> None:
    server = LocalServer(drafted / ".brandhall" / "preview")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(server.url("branches/xin-zhibu/"))
        banner = page.locator(".bh-draft")
        assert banner.is_visible()
        assert banner.inner_text().replace("\n", " ") == BANNER
        box = banner.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        page.close()
        server.close()


def test_a_placeholder_outside_a_draft_is_an_error_at_its_line(drafted: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(drafted / "branches", project / "branches")
    shutil.copy2(drafted / "mkdocs.yml", project / "mkdocs.yml")
    story = project / NEW_STORY
    story.write_text(story.read_text(encoding="utf-8").replace("draft: true", "# 已填好", 1), encoding="utf-8")
    code, lines = run_check(project)
    assert code == 1
    first = line_of(story, "正文待填写：第一段")
    second = line_of(story, "正文待填写：做法")
    assert [line for line in lines if line.startswith("错误 ")] == [
        f"错误 {NEW_STORY}:{first}:3: body (正文): {PLACEHOLDER_ERROR}",
        f"错误 {NEW_STORY}:{second}:3: body (正文): {PLACEHOLDER_ERROR}"]


def test_a_branch_whose_draft_flag_is_removed_reports_each_placeholder(drafted: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(drafted / "branches", project / "branches")
    shutil.copy2(drafted / "mkdocs.yml", project / "mkdocs.yml")
    branch = project / "branches/xin-zhibu/branch.yml"
    text = branch.read_text(encoding="utf-8")
    branch.write_text("\n".join(line for line in text.split("\n") if not line.startswith("draft:")), encoding="utf-8")
    code, lines = run_check(project)
    where = "branches/xin-zhibu/branch.yml"
    assert [line for line in lines if line.startswith("错误 ")] == [
        f"错误 {where}:{line_of(branch, '待填写：支部名称')}:7: name (支部名称): {PLACEHOLDER_ERROR}",
        f"错误 {where}:{line_of(branch, '待填写：品牌名称')}:9: brand.name (品牌名称): {PLACEHOLDER_ERROR}",
        f"错误 {where}:{line_of(branch, '待填写：品牌的由来')}:5: brand.concept (品牌理念): {PLACEHOLDER_ERROR}"]
