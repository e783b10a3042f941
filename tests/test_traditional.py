"""Traditional Chinese is first-class (issue 12). A branch written in Traditional Chinese
(tests/fixtures/traditional/, a 作业区党总支) uses the site's controlled values in Traditional
form; each is matched to the site's settings through OpenCC, shown as written, and counted with
its Simplified twin on the wall and in its filters. One shared build of the example project with
that branch added, and a lobby screen whose schedule names its days in Traditional form.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, LocalServer
from conftest import copy_project as copy_whole_project
from helpers import replace_once, run_brandhall, run_check, search_site, touch_a_branch_file

from brandhall.honours import HonourWall
from brandhall.site import Project, check

BRANCH = REPO / "tests" / "fixtures" / "traditional" / "zuoye-qu"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_whole_project(tmp_path_factory.mktemp("traditional") / "project")
    shutil.copytree(BRANCH, project / "branches" / "zuoye-qu")
    replace_once(project / "screens/lobby.yml", "{days: [周六], start", "{days: [週六], start")
    code, lines = run_brandhall(project, "build", "--quiet", "--no-booklets")  # booklets: test_booklet.py
    assert code == 0, "\n".join(lines)
    return project


def page(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


def test_traditional_controlled_values_pass_check(project: Path) -> None:
    code, lines = run_check(project)
    # the one warning is W609: the example's site_url, which its lobby screens point to
    assert (code, lines[-1]) == (0, "检查通过：8 个支部，0 个错误，1 个警告。"), "\n".join(lines)


def test_values_are_shown_as_written(project: Path) -> None:
    branch = page(project, "branches/zuoye-qu")
    assert "<dt>组织类型</dt><dd>黨總支</dd>" in branch
    assert "2025 五星黨支部" in branch
    figure = page(project, "branches/zuoye-qu/figures/zheng-guo-qiang")
    assert '<span class="bh-honours__title">優秀共產黨員</span>' in figure


def test_a_traditional_tier_ranks_as_its_simplified_twin(project: Path) -> None:
    pages = [page(project, f"branches/{p.name}") for p in sorted((project / "branches").iterdir())]
    twin = next(text for text in pages if "标杆品牌" in text)
    tier_class = re.search(r'bh-tier--(\d)">标杆品牌', twin)[1]
    assert f'bh-tier--{tier_class}">標桿品牌' in page(project, "branches/zuoye-qu")


def test_traditional_titles_count_with_their_simplified_twins(project: Path) -> None:
    wall = page(project, "wall")
    options = re.findall(r'<option value="[^"]*">([^<]*)</option>', wall)
    assert "明星党员" in options and "明星黨員" not in options and "優秀共產黨員" not in options
    shard = json.loads((project / "site" / "wall" / "data" / "2026.json").read_text(encoding="utf-8"))
    row = next(row for row in shard if row[1] == "鄭國強")  # the wall filter's data for 2026
    assert row[6][0][:2] == ["明星党员", "每月之星"]
    result = check(Project(project))
    archive = HonourWall(result.graph).month_archive("2026-10")
    assert [a.title for a in archive] == ["明星党员"]
    assert "鄭國強" in [e.figure.data.name for e in archive[0].entries]


def test_search_finds_traditional_text_by_a_simplified_query(project: Path, browser) -> None:
    """The branch written in Traditional is indexed in Simplified too (in the index only)."""
    server = LocalServer(project / "site")
    page = browser.new_page()
    try:
        page.goto(server.url("search/"))
        assert search_site(page, "郑国强")[0] == "branches/zuoye-qu/figures/zheng-guo-qiang/"
        assert search_site(page, "鄭國強")[0] == "branches/zuoye-qu/figures/zheng-guo-qiang/"
        assert "鄭國強" in page.locator(".bh-search__link").first.inner_text(), "shown as written"
    finally:
        page.close()
        server.close()


def test_a_rebuild_keeps_the_simplified_twin_in_the_kept_index(project: Path, browser) -> None:
    """Nothing changed: the kept search index is used and still finds the Traditional page by its
    Simplified form, and the page is published as written, with no Simplified copy in it."""
    touch_a_branch_file(project)
    code, lines = run_brandhall(project, "build", "--no-booklets")
    assert code == 0 and any("沿用上次的搜索索引" in line for line in lines), "\n".join(lines)
    path = "branches/zuoye-qu/figures/zheng-guo-qiang/index.html"
    assert "data-bh-simplified" not in (project / "site" / path).read_text(encoding="utf-8")
    assert "郑国强" not in (project / "site" / path).read_text(encoding="utf-8")
    test_search_finds_traditional_text_by_a_simplified_query(project, browser)


def test_screen_weekdays_in_traditional_form(project: Path) -> None:
    screen = page(project, "screens/lobby")
    assert '"schedule": [[[1, 2, 3, 4, 5], 450, 1140], [[6], 540, 1020]]' in screen
