"""`brandhall publish` and `brandhall rollback`: releases, the atomic switch of `current`, and what
a failed check, a failed build or a kill at any moment leaves behind.

Every run is the real command in a subprocess. The kill tests end the publishing process with a
real SIGKILL: either the process kills itself at a named stage of the real code path (the
BRANDHALL_TEST_KILL_AT hook in brandhall/publish.py), or the test kills it while MkDocs is
writing the new release.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_brandhall
from helpers import replace_once, snapshot

from brandhall.publish import KILL_ENV

GZ_YML = "branches/guangzhou-peisong/branch.yml"
OLD_SLOGAN = "slogan: 一名党员一面旗 一台油车一岗哨"
NEW_SLOGAN = "slogan: 一名党员一面旗 一台油车一岗哨 第二版"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project (with a warm photo cache) and a publish folder holding one release."""
    root = tmp_path_factory.mktemp("publish-base")
    project = copy_project(root / "project")
    target = root / "www"
    result = run_brandhall(project, "publish", "--to", str(target), "--quiet")
    assert result.returncode == 0, result.stderr
    return project, target


@pytest.fixture
def setup(base: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the base project and publish folder for one test."""
    project = tmp_path / "project"
    shutil.copytree(base[0], project, symlinks=True)
    target = tmp_path / "www"
    shutil.copytree(base[1], target, symlinks=True)
    return project, target


def releases(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def live(target: Path) -> str:
    link = os.readlink(target / "current")
    assert link.startswith("releases/"), link
    return link.removeprefix("releases/")


def publish(project: Path, target: Path, *args: str, env: dict[str, str] | None = None):
    command = [sys.executable, "-m", "brandhall", "publish", "--to", str(target), "--quiet", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})})


def change_content(project: Path) -> None:
    replace_once(project / GZ_YML, OLD_SLOGAN, NEW_SLOGAN)


def assert_whole_release(target: Path, expected: dict[str, bytes]) -> None:
    """`current` resolves, and every file of the release it names is exactly as expected."""
    assert (target / "current" / "index.html").is_file()
    assert snapshot(target / "current") == expected


# --- publishing and rolling back ----------------------------------------------------------------


def test_publish_builds_a_release_and_switches_current_to_it(setup):
    project, target = setup
    first = live(target)
    change_content(project)
    result = publish(project, target)
    assert result.returncode == 0, result.stderr
    second = live(target)
    assert second != first and releases(target) == [first, second]
    assert (target / "current").is_symlink()
    page = (target / "current" / "branches" / "guangzhou-peisong" / "index.html").read_text()
    assert "一台油车一岗哨 第二版" in page
    assert f"发布完成：网站现在是版本 {second}（上一个版本 {first}，可用 brandhall rollback 退回）" in result.stderr
    assert [p.name for p in target.iterdir() if p.name.startswith(".current")] == []


def test_publish_keeps_only_the_last_n_releases(setup):
    project, target = setup
    first = live(target)
    for _ in range(3):
        assert publish(project, target, "--keep", "2").returncode == 0
    kept = releases(target)
    assert len(kept) == 2 and first not in kept
    assert live(target) == kept[-1]


def test_rollback_goes_back_one_release(setup):
    project, target = setup
    first = live(target)
    before = snapshot(target / "current")
    change_content(project)
    assert publish(project, target).returncode == 0
    second = live(target)

    result = run_brandhall(project, "rollback", "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert live(target) == first
    assert_whole_release(target, before)
    assert f"已回退：网站现在是版本 {first}；版本 {second} 已撤下，下次发布时删除。" in result.stderr

    again = run_brandhall(project, "rollback", "--to", str(target))
    assert again.returncode == 1
    assert again.stderr.strip().endswith(
        f"回退失败：当前版本 {first} 已是保留的最早版本，没有更早的版本可以回退。")
    assert live(target) == first


def test_rollback_never_returns_to_a_release_it_took_down(setup):
    project, target = setup
    assert publish(project, target).returncode == 0
    good = live(target)
    change_content(project)
    assert publish(project, target).returncode == 0
    bad = live(target)
    assert run_brandhall(project, "rollback", "--to", str(target)).returncode == 0
    assert publish(project, target).returncode == 0
    assert bad not in releases(target) and f"{bad}.rolled-back" not in releases(target)
    assert run_brandhall(project, "rollback", "--to", str(target)).returncode == 0
    assert live(target) == good


def test_rollback_before_any_publish_is_refused(tmp_path: Path):
    target = tmp_path / "www"
    result = run_brandhall(tmp_path, "rollback", "--to", str(target))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"回退失败：{target}/current 没有指向 {target}/releases 里的任何版本，"
                                     "无法回退；请先用 brandhall publish 发布。")


def test_publish_refuses_to_replace_a_real_current_folder(setup, tmp_path: Path):
    project = setup[0]
    target = tmp_path / "manual"
    (target / "current").mkdir(parents=True)
    (target / "current" / "index.html").write_text("手工放的网站")
    result = publish(project, target)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"发布失败：{target}/current 是一个真实的文件夹或文件，不是链接；brandhall 不会覆盖它。"
        f"请先把它改名或移走（如 mv {target}/current {target}/current.bak），再发布。内网网站没有改动。")
    assert (target / "current" / "index.html").read_text() == "手工放的网站"


def test_a_second_publish_at_the_same_time_is_refused(setup):
    project, target = setup
    before = snapshot(target / "current")
    with open(target / ".publish.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = publish(project, target)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"发布失败：另一个发布或回退正在 {target} 进行，请等它结束后再试。"
                                     "内网网站没有改动。")
    assert_whole_release(target, before)


def test_publish_help_is_chinese():
    result = run_brandhall(Path.cwd(), "publish", "--help")
    assert "保留最近 N 个版本" in result.stdout and "发布文件夹" in result.stdout


# --- failures leave the live site as it was ----------------------------------------------------


def test_failed_check_leaves_current_and_releases_untouched(setup):
    project, target = setup
    before_releases, before = releases(target), snapshot(target / "current")
    replace_once(project / GZ_YML, "  tier: 示范", "  tier: 五星")
    result = publish(project, target)
    assert result.returncode == 1
    assert "brand.tier (品牌层级): 品牌层级“五星”不在本站设定的层级里，只能填：培育、示范、标杆" in result.stderr
    assert result.stderr.strip().endswith("发布失败：1 个错误，0 个警告。内网网站没有改动，仍是原来的版本。")
    assert releases(target) == before_releases
    assert_whole_release(target, before)


def test_failed_build_leaves_current_untouched_and_no_half_release(setup):
    """A broken photo: `check` finds it as the build's photo stage would (issue 12)."""
    project, target = setup
    before_releases, before = releases(target), snapshot(target / "current")
    photo = project / "branches" / "guangzhou-peisong" / "stories" / "sanfang-zuotan.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    assert run_brandhall(project, "check").returncode == 1
    result = publish(project, target)
    assert result.returncode == 1
    assert "图片文件已损坏或不完整" in result.stderr or "不是能识别的图片" in result.stderr
    assert "内网网站没有改动，仍是原来的版本。" in result.stderr
    assert releases(target) == before_releases
    assert_whole_release(target, before)


# --- a kill at any moment ------------------------------------------------------------------------

BEFORE_SWITCH = ["checked", "releasing", "built", "linked"]
AFTER_SWITCH = ["switched", "pruning"]


@pytest.mark.parametrize("stage", BEFORE_SWITCH)
def test_kill_before_the_switch_leaves_the_old_release_live_and_whole(setup, stage: str):
    project, target = setup
    old, before = live(target), snapshot(target / "current")
    change_content(project)
    killed = publish(project, target, env={KILL_ENV: stage})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert live(target) == old
    assert_whole_release(target, before)
    assert_next_publish_recovers(project, target)


def test_kill_while_mkdocs_writes_the_work_site_leaves_the_old_release_live(setup):
    project, target = setup
    old, before = live(target), snapshot(target / "current")
    change_content(project)
    command = [sys.executable, "-m", "brandhall", "publish", "--to", str(target), "--quiet"]
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        half = wait_for_half_written_site(project / ".brandhall", process)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert half.exists(), "the kill came after the build was complete"
    assert live(target) == old
    assert_whole_release(target, before)
    assert_next_publish_recovers(project, target)


def wait_for_half_written_site(folder: Path, process: subprocess.Popen) -> Path:
    """The hidden folder MkDocs is writing the new work site into, once it holds files."""
    while process.poll() is None:
        for path in folder.glob(".*-new"):
            if any(path.rglob("*.html")):
                return path
        time.sleep(0.005)
    raise AssertionError("publish finished before MkDocs wrote any page")


@pytest.mark.parametrize("stage", AFTER_SWITCH)
def test_kill_after_the_switch_leaves_the_new_release_live_and_whole(setup, stage: str):
    project, target = setup
    old = live(target)
    change_content(project)
    killed = publish(project, target, "--keep", "1", env={KILL_ENV: stage})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    new = live(target)
    assert new != old
    page = (target / "current" / "branches" / "guangzhou-peisong" / "index.html").read_text()
    assert "一台油车一岗哨 第二版" in page
    assert_same_files_as_a_clean_build(project, target / "current")
    assert_next_publish_recovers(project, target)


def assert_same_files_as_a_clean_build(project: Path, release: Path) -> None:
    reference = project.parent / "reference"
    assert run_brandhall(project, "build", "--quiet", "--site-dir", str(reference)).returncode == 0
    built, published = (snapshot(folder) for folder in (reference, release))
    built.pop("version.json")
    published.pop("version.json")
    assert published.keys() == built.keys()


def assert_next_publish_recovers(project: Path, target: Path) -> None:
    """After a kill, the next publish succeeds and removes every leftover."""
    result = publish(project, target, "--keep", "1")
    assert result.returncode == 0, result.stderr
    assert releases(target) == [live(target)]
    assert [p.name for p in target.iterdir() if p.name.startswith(".current")] == []


def test_build_that_fails_inside_mkdocs_leaves_no_half_release(setup):
    """A broken theme template makes MkDocs fail after it has started writing the release."""
    project, target = setup
    before_releases, before = releases(target), snapshot(target / "current")
    (project / "theme" / "main.html").write_text('{% extends "base.html" %}{% block extrahead %}{% if %}')
    result = publish(project, target)
    assert result.returncode == 2
    assert "发布失败：生成网站时出错（见下）。内网网站没有改动，仍是原来的版本。" in result.stderr
    assert "Traceback" not in result.stderr
    assert releases(target) == before_releases
    assert_whole_release(target, before)


# --- releases share unchanged files; publishing an existing build -----------------------------


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_release_shares_every_unchanged_file_with_the_previous_one_by_inode(setup):
    project, target = setup
    first = target / "releases" / live(target)
    change_content(project)
    result = publish(project, target)
    assert result.returncode == 0, result.stderr
    second = target / "releases" / live(target)
    old, new = inodes(first), inodes(second)
    same = [name for name in new if name in old and (first / name).read_bytes() == (second / name).read_bytes()]
    assert len(same) > len(new) / 2
    assert all(new[name] == old[name] for name in same), "an unchanged file was copied, not linked"
    changed = "branches/guangzhou-peisong/index.html"
    assert changed not in same and new[changed] != old[changed]
    assert f"新版本 {len(new) - 1} 个文件，其中 {len(same)} 个与上一版本相同" in result.stderr  # - the manifest
    work = inodes(project / ".brandhall" / "site")
    assert not set(work.values()) & set(new.values()), "a release shares a file with the work site"


def test_publish_from_an_existing_build_publishes_it_without_building_again(setup):
    project, target = setup
    change_content(project)
    assert run_brandhall(project, "build", "--quiet", "--no-booklets").returncode == 0
    site = snapshot(project / "site")
    result = publish(project, target, "--from", "site/")
    assert result.returncode == 0, result.stderr
    assert "检查支部文件" not in result.stderr and "生成网站" not in result.stderr
    assert f"①② 核对已生成的网站 {project / 'site'} ……" in result.stderr
    assert snapshot(target / "current") == site
    assert not (project / ".brandhall" / "site").exists() or "第二版" not in (
        project / ".brandhall/site/branches/guangzhou-peisong/index.html").read_text()


@pytest.mark.parametrize("spoil, message", [
    ("foreign", "{site} 不是 brandhall build 生成的完整网站（没有清单文件 .brandhall-manifest.json，"
                "可能是别的工具生成的，或生成没有完成）；请先运行 brandhall build，再发布"),
    ("missing", "{site} 不完整：清单里的 1 个文件缺失或与生成时不同（如 wall/index.html）；"
                "请重新运行 brandhall build，再发布"),
    ("extra", "{site} 里有 1 个不是这次生成的文件（如 notes.txt）；"
              "请重新运行 brandhall build（不要往 site/ 里放别的文件），再发布"),
])
def test_publish_from_an_incomplete_or_foreign_site_is_refused(setup, spoil: str, message: str):
    project, target = setup
    before_releases, before = releases(target), snapshot(target / "current")
    site = project / "site"
    if spoil == "foreign":
        site.mkdir()
        (site / "index.html").write_text("<h1>别的工具生成的网站</h1>")
    else:
        assert run_brandhall(project, "build", "--quiet", "--no-booklets").returncode == 0
        if spoil == "missing":
            (site / "wall" / "index.html").unlink()
        else:
            (site / "notes.txt").write_text("随手放的文件")
    result = publish(project, target, "--from", "site")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "发布失败：" + message.format(site=site) + "。内网网站没有改动。"
    assert releases(target) == before_releases
    assert_whole_release(target, before)
