"""Content that once came out wrong: code blocks lost their blank lines, a collective honour
spanning several years showed only in its first year's archive, and a title with `@` or `|`
broke the wall's filters. One build of the example with such content, looked at in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LocalServer, copy_project, run_brandhall, screenshot
from helpers import replace_once, wall_cards

BRANCH = Path("branches") / "guangzhou-peisong" / "branch.yml"
STORY = Path("branches") / "guangzhou-peisong" / "stories" / "longzhoushui-baogong.md"
ODD_TITLE = "安全@标兵|能手"
FENCED = "第一步：停车\n\n第二步：报告\n    缩进保留\n\n\n第三步：等待\n"
INDENTED = "缩进代码第一行\n缩进代码第二行\n\n缩进代码隔一行\n"


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    project = copy_project(tmp_path_factory.mktemp("robust") / "project")
    replace_once(project / BRANCH, "      - {title: 优秀党务工作者, period: 2025, by: 广东分公司党委}\n",
                 "      - {title: 优秀党务工作者, period: 2025, by: 广东分公司党委}\n"
                 f"      - {{title: \"{ODD_TITLE}\", period: \"2024\", by: 配送中心}}\n")
    replace_once(project / BRANCH, "  - {title: 五星党支部, period: 2023~2025, by: 广东分公司党委}\n",
                 "  - {title: 五星党支部, period: 2023~2025, by: 广东分公司党委}\n"
                 "  - {title: 文明单位, period: 2018~2019, by: 广州市文明委}\n")
    indented = "".join(f"    {line}\n" if line else "\n" for line in INDENTED.splitlines())
    with (project / STORY).open("a", encoding="utf-8") as story:
        story.write(f"\n应急口令卡：\n\n```\n{FENCED}```\n\n{indented}")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    server = LocalServer(project / "site")
    yield server
    server.close()


def test_code_blocks_come_out_exactly_as_written(odd_site: LocalServer, page):
    page.goto(odd_site.url("branches/guangzhou-peisong/stories/longzhoushui-baogong/"))
    blocks = page.locator("article pre").all_text_contents()
    assert blocks == [FENCED, INDENTED]
    paragraph = page.locator("article p", has_text="5 月中下旬").inner_text()
    assert "成立由 16 名党员组成的保供突击队" in paragraph, "the page around the code is still one page"


def collective(page, url: str) -> str:
    page.goto(url)
    section = page.locator("section[aria-labelledby=collective]")
    return section.inner_text() if section.count() else ""


def test_a_collective_honour_of_several_years_is_in_every_years_archive(odd_site: LocalServer, page):
    texts = {year: collective(page, odd_site.url(f"wall/{year}/")) for year in (2023, 2024, 2025)}
    assert [year for year, text in texts.items() if "五星党支部\n广州配送中心党支部\n" in text] == [2023, 2024, 2025]
    assert all("2023—2025年 · 广东分公司党委" in text for text in texts.values()), "the period it spans is shown"
    assert "五星党支部" not in collective(page, odd_site.url("wall/2022/"))
    for year in (2018, 2019):  # no figure was honoured then: the archive is there for the branch
        assert "文明单位\n广州配送中心党支部\n2018—2019年" in collective(page, odd_site.url(f"wall/{year}/"))
    page.goto(odd_site.url("wall/"))
    page.locator(".bh-archive-links a", has_text="2018年").click()
    assert page.locator("h1").inner_text() == "2018年荣誉档案"
    page.goto(odd_site.url("wall/2024/"))
    screenshot(page, "wall-2024-collective")


def test_a_title_with_at_sign_and_bar_filters_like_any_other(odd_site: LocalServer, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(odd_site.url("wall/"))
    page.select_option("select[name=title]", ODD_TITLE)
    assert wall_cards(page) == ["王强"]
    page.select_option("select[name=year]", "2024")
    assert wall_cards(page) == ["王强"] and page.locator("[data-wall-count]").inner_text() == "1"
    page.select_option("select[name=year]", "2023")
    assert wall_cards(page) == [] and page.locator("[data-wall-count]").inner_text() == "0"
    page.select_option("select[name=year]", "")
    page.reload()  # the filter is kept in the address and read back, odd characters and all
    assert page.locator("select[name=title]").input_value() == ODD_TITLE
    assert wall_cards(page) == ["王强"]
    page.select_option("select[name=title]", "")
    page.select_option("select[name=group]", "两优一先")
    page.select_option("select[name=year]", "2025")
    assert "王强" in wall_cards(page), "his other honours still filter as before"
    assert errors == []
