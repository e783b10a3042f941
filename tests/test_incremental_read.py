"""Reading is incremental: a branch folder whose files did not change is not parsed or validated
again (its result, problems included, comes from `.brandhall/cache/load/`), while checks across
branches run every time. Every run is the real `brandhall check` in a subprocess."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_project
from helpers import position, replace_once, run_check

HUANAN_STORY = "branches/huanan-wuliu/stories/qiuji-baogong.md"
HUANAN = "branches/huanan-wuliu/branch.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    replace_once(project / HUANAN_STORY, "date: 2021-10-15", "date: 2099-10-15")  # a warning
    code, _ = run_check(project)
    assert code == 0 and any((project / ".brandhall/cache/load").glob("*.pickle"))
    return project


def test_an_unchanged_branchs_cached_warning_is_still_reported(project: Path) -> None:
    at = position(project / HUANAN_STORY, "date: 2099", "2099")
    for _ in range(2):  # the second run reads huanan-wuliu from the cache
        code, lines = run_check(project)
        assert code == 0
        assert any(f"{HUANAN_STORY}:{at}" in line and "故事日期 2099-10-15 还没有到，请核对" in line
                   for line in lines), lines


def test_a_changed_branchs_new_error_appears_beside_the_cached_warning(project: Path) -> None:
    replace_once(project / HUANAN, "    joined: 2003\n", "    joined: 二〇〇三\n")
    code, lines = run_check(project)
    output = "\n".join(lines)
    assert code == 1
    assert f"{HUANAN}:{position(project / HUANAN, 'joined: 二〇〇三', '二〇〇三')}" in output
    assert "故事日期 2099-10-15 还没有到，请核对" in output
    replace_once(project / HUANAN, "    joined: 二〇〇三\n", "    joined: 2003\n")
    code, lines = run_check(project)
    assert code == 0, lines


def test_a_partner_broken_by_another_branchs_change_is_reported(project: Path) -> None:
    """guangzhou-peisong did not change, but the branch it names as partner was renamed."""
    shutil.move(project / "branches/zhanjiang-peisong", project / "branches/zhanjiang-gangwan")
    code, lines = run_check(project)
    output = "\n".join(lines)
    assert code == 1
    where = position(project / "branches/guangzhou-peisong/branch.yml", "branch: zhanjiang-peisong",
                     "zhanjiang-peisong")
    assert f"branches/guangzhou-peisong/branch.yml:{where}" in output
    assert "本站没有文件夹名为“zhanjiang-peisong”的支部，你是不是想写“zhanjiang-gangwan”？" in output


def test_an_upgrade_or_new_settings_read_every_branch_again(project: Path) -> None:
    """A site setting that validation uses (the tiers) is part of the key."""
    stamps = {p.name: p.stat().st_mtime_ns for p in (project / ".brandhall/cache/load").glob("*.pickle")}
    replace_once(project / "mkdocs.yml", "tiers: [培育, 示范, 标杆]", "tiers: [培育, 示范, 标杆, 样板]")
    run_check(project)
    after = {p.name: p.stat().st_mtime_ns for p in (project / ".brandhall/cache/load").glob("*.pickle")}
    assert after.keys() == stamps.keys() and all(after[name] != stamp for name, stamp in stamps.items())
