"""Full-text Chinese search on the example site (Pagefind, brandhall/search.py, search.js), in
Chromium: every word an editor writes is found, the right page comes first, Traditional queries
find Simplified text, a pasted query searches without a key press, the matching sentence is
shown marked, guides stay in their own search, and nothing is fetched from outside the site;
on the site as built by each engine (MkDocs and Zensical)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LocalServer, copy_project, on_both_engines, run_brandhall
from helpers import replace_once, search_results, search_site, wait_for_search

example_project, site = on_both_engines()

STORY = "branches/guangzhou-peisong/stories/2021-09-18-san-fang-hu-lian-gong-jian/"
FIRST = {
    "光明驿站·电靓万家": "branches/chengdong-gongdiansuo/",  # a brand name
    "城东供电所党支部": "branches/chengdong-gongdiansuo/",  # a branch name
    "冯春兰": "branches/chengdong-gongdiansuo/figures/feng-chun-lan/",  # a person
    "郭振华": "branches/chengdong-gongdiansuo/figures/guo-zhen-hua/",  # a name the browser would cut in two
    "应急": "branches/zhanjiang-peisong/",  # its 工作法 港湾驿站应急保供
}
TOP_THREE = {
    "拔河友谊赛": STORY,  # a caption and a sentence of a story body
    "刷新历史纪录": "branches/chengdong-gongdiansuo/stories/yingfeng-duxia/",
}
RATED_FIVE_STARS = {"branches/guangzhou-peisong/", "branches/lianyou-erbu/", "branches/huanan-wuliu/",
                    "branches/qiaoliang-xiangmu/", "branches/chengdong-gongdiansuo/"}


@pytest.fixture
def search_page(page, site):
    page.goto(site.url("search/"))
    return page


@pytest.mark.parametrize("query", FIRST)
def test_a_name_puts_its_page_first(search_page, query: str):
    assert search_site(search_page, query)[0] == FIRST[query]


@pytest.mark.parametrize("query", TOP_THREE)
def test_a_phrase_of_a_story_puts_the_story_in_the_top_three(search_page, query: str):
    assert TOP_THREE[query] in search_site(search_page, query)[:3]


def test_a_rating_finds_the_branches_that_hold_it(search_page):
    found = search_site(search_page, "五星党支部")
    assert set(found[:5]) == RATED_FIVE_STARS


def test_a_traditional_query_finds_the_simplified_text(search_page):
    assert STORY in search_site(search_page, "拔河友誼賽")[:3]
    assert search_site(search_page, "應急")[0] == "branches/zhanjiang-peisong/"


def test_a_pasted_query_searches_without_a_key_press(search_page):
    box = search_page.locator("form[data-search] input")
    box.focus()
    search_page.keyboard.insert_text("拔河友谊赛")  # as a paste: one input event, no key events
    wait_for_search(search_page)
    assert STORY in search_results(search_page)[:3]


def test_the_result_shows_the_matching_sentence_marked_and_opens_the_page(search_page, site):
    search_site(search_page, "拔河友谊赛")
    excerpt = search_page.locator(".bh-search__result").first.locator(".bh-search__excerpt")
    assert "党员代表开展了拔河友谊赛。" in excerpt.inner_text(), "Chinese without spaces between words"
    marked = excerpt.locator("mark").all_inner_texts()
    assert marked and all(word in "拔河友谊赛" for word in marked), marked
    assert search_page.url.endswith("?q=%E6%8B%94%E6%B2%B3%E5%8F%8B%E8%B0%8A%E8%B5%9B"), "bookmarkable"
    search_page.reload()
    wait_for_search(search_page)
    assert STORY in search_results(search_page)[:3]
    search_page.locator(".bh-search__link", has_text="三方互联共建").click()
    search_page.wait_for_load_state()
    assert search_page.url == site.url(STORY)


def test_guides_are_searched_only_from_the_guides(page, site):
    page.goto(site.url("search/"))
    assert not [url for url in search_site(page, "错误代码") if url.startswith(("guide/", "screens/"))]
    page.goto(site.url("guide/"))
    found = search_site(page, "错误代码")
    assert found and all(url.startswith(("guide/", "screens/")) for url in found)


def test_search_fetches_only_from_the_site_and_little(browser, site):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site.url("search/"))
    search_site(page, "拔河友谊赛")
    context.close()
    assert requests and all(url.startswith(site.origin) for url in requests)
    index = [url for url in requests if "/pagefind/" in url]
    assert any(url.endswith(".pf_index") for url in index) and any(url.endswith(".pf_fragment") for url in index)
    assert not [url for url in requests if url.endswith(".pf_filter") or "/search/guide/" in url], \
        "a content query loads neither a filter nor the guides' index"


def test_only_content_pages_are_indexed(example_project: Path):
    site = example_project / "site"
    for listing in ("index.html", "wall/index.html", "stories/index.html", "branches/index.html",
                    "partners/index.html", "search/index.html"):
        assert "data-pagefind-body" not in (site / listing).read_text(encoding="utf-8"), listing
    for content in ("branches/chengdong-gongdiansuo/index.html", f"{STORY}index.html", "about/index.html"):
        assert "data-pagefind-body" in (site / content).read_text(encoding="utf-8")
    guide = (site / "guide/errors/index.html").read_text(encoding="utf-8")
    assert "data-bh-guide-body" in guide and "data-pagefind-body" not in guide
    assert (site / "search/guide/pagefind.js").is_file(), "the guides' own index"


def test_a_name_that_begins_with_another_name_finds_its_own_page_first(tmp_path: Path, page):
    """With 郭振 on the site too, 郭振华 and 郭振 each find their own page first: at a thousand
    branches such names are common."""
    project = copy_project(tmp_path / "project")
    replace_once(project / "branches/huanan-wuliu/branch.yml", "figures:\n",
                 "figures:\n  - name: 郭振\n    post: 仓储班班长\n")
    assert run_brandhall(project, "build", "--quiet", "--no-booklets").returncode == 0
    server = LocalServer(project / "site")
    try:
        page.goto(server.url("search/"))
        assert search_site(page, "郭振华")[0] == "branches/chengdong-gongdiansuo/figures/guo-zhen-hua/"
        assert search_site(page, "郭振")[0] == "branches/huanan-wuliu/figures/guo-zhen/"
    finally:
        server.close()
