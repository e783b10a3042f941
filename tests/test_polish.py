"""What a visitor and a 党委 notice first: printing the wall, help pages, 404, footer, nav, files."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ARTIFACTS

STARS = ["刘洋", "张伟", "潘建锋", "马卫东", "黄志勇", "谢玉芳"]  # the example's current stars
PRINTS = ARTIFACTS / "print"


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def print_from_wall(page, site, layout: str, pdf: Path) -> list[str]:
    """Press a print button as a visitor would, then print what the browser would print."""
    page.goto(site.url("wall/"))
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.get_by_role("button", name=f"打印海报（每页 {1 if layout == 'single' else 6} 人）").click()
    page.wait_for_function("window.printed === 1")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    PRINTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(PRINTS / f"wall-{layout}")], check=True)
    return pdf_pages(pdf)


def names_on(text: str) -> list[str]:
    return [name for name in STARS if name in text]


def test_print_six_per_page_prints_only_the_current_stars(page, site, tmp_path):
    pages = print_from_wall(page, site, "grid", tmp_path / "grid.pdf")
    assert len(pages) == 1, "six current stars fill exactly one A4 page"
    assert names_on(pages[0]) == STARS
    for elsewhere in ("全部先进典型", "荣誉统计", "集体荣誉", "贴好明星照", "筛选"):
        assert elsewhere not in pages[0]


def test_print_one_per_page_starts_with_a_star(page, site, tmp_path):
    pages = print_from_wall(page, site, "single", tmp_path / "single.pdf")
    assert len(pages) == len(STARS)
    assert [names_on(text) for text in pages] == [[name] for name in STARS]
    assert "明星墙" not in pages[0]


def test_printing_the_wall_with_ctrl_p_still_prints_the_whole_wall(page, site, tmp_path):
    page.goto(site.url("wall/"))
    pdf = tmp_path / "wall.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = "".join(pdf_pages(pdf))
    assert "明星墙" in text and "2026年10月明星" in text and "2026年度表彰" in text, "the earlier periods print too"


@pytest.mark.parametrize(("doc", "steps"), [("编辑指南", 3), ("publish", 4)])
def test_code_in_numbered_steps_is_a_code_block_and_numbering_continues(example_project, doc, steps):
    html = (example_project / "site" / "guide" / doc / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    lists = [re.sub(r"<ul>.*?</ul>", "", s, flags=re.S) for s in re.findall(r"<ol>(.*?)</ol>", article, re.S)]
    with_code = next(s for s in lists if "<pre" in s)
    assert with_code.count("<li") == steps, "the steps around the code stay one numbered list"
    blocks = [re.sub(r"<[^>]+>", "", b) for b in re.findall(r"<pre.*?</pre>", article, re.S)]
    if doc == "编辑指南":
        lines = [line.strip() for line in next(b for b in blocks if "git push" in b).splitlines()]
        assert [line.split()[:2] for line in lines if line.startswith("git")] == [
            ["git", "add"], ["git", "commit"], ["git", "push"]]


# --- Chinese everywhere a visitor looks --------------------------------------------------------


def test_unknown_address_gets_the_chinese_404_page_from_brandhall_serve(tmp_path, browser):
    from test_serve import start_serve, wait_for

    project, process, url = start_serve(tmp_path)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        origin = url.split("/branches/")[0]
        assert wait_for(lambda: urllib_status(url) == 200, 120), "serve did not start"
        assert urllib_status(f"{origin}/branches/no-such-branch/") == 404
        response = page.goto(f"{origin}/branches/no-such-branch/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "页面不存在"
        assert page.title().startswith("页面不存在")
        page.locator(".bh-404__search input").fill("张伟")
        page.locator(".bh-404__search button").click()
        page.wait_for_url("**/search/?q=*")
        page.locator(".bh-search__link", has_text="张伟").first.wait_for(timeout=30_000)
        assert page.locator("form[data-search] input").input_value() == "张伟", "the search opened with the words"
        page.goto(f"{origin}/no/such/page.html")
        page.get_by_role("link", name="返回首页").click()
        assert page.url == f"{origin}/"
    finally:
        page.close()
        process.terminate()
        process.wait(timeout=30)


def urllib_status(url: str) -> int | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def test_footer_shows_the_organisation_line_from_mkdocs_yml(page, site):
    page.goto(site.url("stories/"))
    footer = page.locator(".md-footer").inner_text().strip()
    assert footer == "示例集团党委 · 一支部一品牌党建品牌展厅 · 内容由各支部党务工作者维护"


@pytest.mark.parametrize(("address", "tab"), [
    ("branches/lianyou-erbu/", "支部品牌"), ("branches/guangzhou-peisong/figures/zhang-wei/", "支部品牌"),
    ("branches/guangzhou-peisong/stories/longzhoushui-baogong/", "支部品牌"), ("wall/2025/", "明星墙"),
    ("wall/", "明星墙"), ("guide/编辑指南/", "关于"), ("", "首页")])
def test_every_page_selects_the_tab_of_its_section(example_project, address, tab):
    html = (example_project / "site" / address / "index.html").read_text(encoding="utf-8")
    active = re.findall(r'md-tabs__item--active">\s*<a[^>]*>\s*([^<]+?)\s*<', html)
    assert active == [tab]


def test_guides_are_for_editors_out_of_nav_and_search_and_linked_from_about(example_project, page, site):
    for guide in ("编辑指南", "errors", "publish", "scale"):
        html = (example_project / "site" / "guide" / guide / "index.html").read_text(encoding="utf-8")
        assert "data-bh-guide-body" in html, "searched only from the guides' own box"
        assert "data-pagefind-body" not in html
    page.goto(site.url(""))
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert tabs == ["首页", "支部品牌", "明星墙", "典型故事", "互联共建", "关于", "搜索"]
    page.goto(site.url("about/"))
    assert "brandhall check" not in page.locator("article").inner_text(), "the about page speaks to visitors"
    page.get_by_role("link", name="编辑与管理指南").click()
    page.get_by_role("link", name="编辑指南").first.click()
    assert page.locator("article h1").inner_text() == "编辑指南"


# --- layout ----------------------------------------------------------------------------------------


def test_partner_lines_read_naturally(example_project):
    html = (example_project / "site" / "partners" / "index.html").read_text(encoding="utf-8")
    assert '<span class="bh-nowrap">自 2021 年起</span>' in html
    assert "自 2021年 起" not in html and '<p class="bh-partnership__meta"></p>' not in html


def test_branch_table_columns_line_up_on_desktop_and_become_cards_on_a_phone(browser, site):
    """Each 党委's page lists its branches in a table; the table looks the same on each of them."""
    for width, height in ((1920, 1080), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        try:
            page.goto(site.url("branches/"))
            orgs = [site.url("branches/") + href for href in page.locator("a.bh-org-card").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))")]
            assert len(orgs) == 3
            lefts, logos = set(), 0
            for org in orgs:
                page.goto(org)
                table = page.locator(".bh-branch-table")
                assert table.count() == 1
                lefts.add(round(table.locator("td[data-label='品牌']").first.bounding_box()["x"]))
                logos += page.locator(".bh-branch-table img, .bh-branch-table .bh-logo").count()
                header = table.locator("thead")
                assert header.is_visible() == (width > 720), "a phone shows cards, not a squeezed table"
                assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
            assert len(lefts) == 1, "the 品牌 column starts at the same place on every 党委's page"
            assert logos == 7
        finally:
            page.close()


def test_dates_never_break_inside(page, site):
    page.goto(site.url("branches/lianyou-erbu/"))
    periods = page.locator(".bh-honours__period, .bh-page time, .bh-nowrap")
    assert periods.count() > 10
    assert all(style == "nowrap" for style in periods.evaluate_all(
        "els => els.map(e => getComputedStyle(e).whiteSpace)"))


def test_a_story_without_photo_shows_its_brand_instead_of_an_empty_box(page, site):
    page.goto(site.url("branches/lianyou-erbu/"))
    card = page.locator(".bh-story-card", has_text="零点八个百分点的攻关路")
    tile = card.locator(".bh-story-card__photo--empty")
    assert tile.inner_text() == "匠心炼油·安稳长明"
    photo_card = page.locator(".bh-story-card", has_text="四十二天大检修")
    assert abs(tile.bounding_box()["height"] - photo_card.locator("img").bounding_box()["height"]) < 2


def test_guides_have_the_site_title_style(page, site):
    page.goto(site.url("guide/编辑指南/"))
    style = page.locator("article h1").evaluate("h => getComputedStyle(h).borderLeftStyle")
    assert style == "solid"
    assert page.locator("article h2").first.evaluate("h => getComputedStyle(h).borderLeftWidth") == "6px"


def test_screens_index_has_the_site_header_and_a_way_back(page, site):
    page.goto(site.url("screens/"))
    assert page.locator(".index-bar__nav a").all_inner_texts() == ["首页", "支部品牌", "明星墙", "典型故事",
                                                                  "互联共建", "关于", "搜索"]
    page.get_by_role("link", name="← 返回网站首页").click()
    assert page.url == site.url("")


# --- files --------------------------------------------------------------------------------------------


def test_stars_pdf_lands_in_site_and_generated_files_are_ignored_by_git(tmp_path):
    from conftest import REPO, copy_project, run_brandhall

    project = copy_project(tmp_path / "project")
    (project / ".gitignore").write_bytes((REPO / ".gitignore").read_bytes())
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.cn"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "内容"], cwd=project, check=True)
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    result = run_brandhall(project, "stars-pdf")
    assert result.returncode == 0, result.stderr
    assert "已导出 6 位明星到 site/明星海报.pdf" in result.stderr
    assert (project / "site" / "明星海报.pdf").is_file()
    assert not list(project.glob("*.pdf")), "nothing lands in the project root"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                            capture_output=True, text=True, check=True).stdout
    assert status == "", status


# --- screenshots of every page kind, for people to look at ----------------------------------------

PAGE_KINDS = {
    "home": "", "branches": "branches/", "branch": "branches/lianyou-erbu/",
    "figure": "branches/guangzhou-peisong/figures/zhang-wei/",
    "story": "branches/guangzhou-peisong/stories/longzhoushui-baogong/", "stories": "stories/",
    "wall": "wall/", "wall-year": "wall/2025/", "wall-month": "wall/2026-10/", "partners": "partners/",
    "about": "about/", "guide-index": "guide/", "guide": "guide/编辑指南/", "404": "404.html",
    "screens": "screens/", "screen": "screens/{orientation}/",
}
SIZES = [(1920, 1080), (1080, 1920), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_screenshots_of_every_page_kind(browser, site, width, height):
    from conftest import screenshot

    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 11, 3, 10, 0))  # a Tuesday morning: the lobby screen is on
    try:
        for kind, address in PAGE_KINDS.items():
            # a lobby screen is made for its own orientation: the landscape lobby or the portrait screen
            page.goto(site.url(address.format(orientation="lobby" if width > height else "portrait")))
            page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            page.evaluate("() => Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
            page.clock.run_for(2000)  # the fake clock drives Material's and the screen's timers
            path = screenshot(page, f"polish-{kind}-{width}x{height}")
            assert path.stat().st_size > 10_000
            if kind != "screen":
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {width}×{height}"
    finally:
        context.close()
