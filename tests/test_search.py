"""Search on the example site: one short entry per branch, figure and story page, so the index
stays small at scale, and the right page comes first for a brand, a person and a story phrase;
on the site as built by each engine (MkDocs' search_index.json, Zensical's search.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LocalServer, copy_project, on_both_engines, run_brandhall
from helpers import replace_once, search_site

example_project, site = on_both_engines()
INDEXES = {"mkdocs": ("search/search_index.json", "docs"), "zensical": ("search.json", "items")}

EXPECTED_FIRST = {
    "光明驿站·电靓万家": "branches/chengdong-gongdiansuo/",  # a brand name
    "冯春兰": "branches/chengdong-gongdiansuo/figures/feng-chun-lan/",  # a person
    "刷新历史纪录": "branches/chengdong-gongdiansuo/stories/yingfeng-duxia/",  # a phrase of a story
}


@pytest.mark.parametrize("query", EXPECTED_FIRST)
def test_search_finds_the_right_page_first(page, site, query: str):
    page.goto(site.url())
    first = search_site(page, query).first
    assert first.get_attribute("href").split("?")[0] == site.url(EXPECTED_FIRST[query])
    first.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == site.url(EXPECTED_FIRST[query])


def test_index_has_one_short_entry_per_content_page_and_no_listing_pages(example_project: Path, engine):
    path, entries = INDEXES[engine]
    index = json.loads((example_project / "site" / path).read_text())
    locations = [doc["location"] for doc in index[entries]]
    pages = {p.parent.relative_to(example_project / "site").as_posix() + "/"
             for p in (example_project / "site" / "branches").glob("*/*/*/index.html")}
    pages |= {p.parent.relative_to(example_project / "site").as_posix() + "/"
              for p in (example_project / "site" / "branches").glob("*/index.html")}
    content = [loc for loc in locations if loc.startswith("branches/")]
    assert sorted(content) == sorted(pages), "each branch, figure and story page exactly once"
    for listing in ("", "branches/", "wall/", "stories/", "partners/", "wall/2025/"):
        assert listing not in locations, listing
    assert not any(loc.startswith("guide/") for loc in locations), "the editors' guides stay out of search"
    for doc in index[entries]:
        if doc["location"].startswith("branches/"):
            assert len(doc["text"].replace("\u200b", "")) <= 48, doc
    raw = (example_project / "site" / path).read_bytes()
    assert "驿站".encode() in raw, "Chinese is stored as UTF-8, not as \\u escapes"


def test_a_name_that_begins_with_another_name_finds_its_own_page_first(tmp_path: Path, page):
    """With 郭振 on the site too, 郭振华 must not be searched as 郭振* (the first two characters):
    at a thousand branches such names are common."""
    project = copy_project(tmp_path / "project")
    replace_once(project / "branches/huanan-wuliu/branch.yml", "figures:\n",
                 "figures:\n  - name: 郭振\n    post: 仓储班班长\n")
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    server = LocalServer(project / "site")
    try:
        page.goto(server.url())
        search_site(page, "郭振华")
        first = page.locator(".md-search-result__link").first.get_attribute("href")
        assert first.split("?")[0] == server.url("branches/chengdong-gongdiansuo/figures/guo-zhen-hua/")
        page.goto(server.url())
        search_site(page, "郭振")
        first = page.locator(".md-search-result__link").first.get_attribute("href")
        assert first.split("?")[0] == server.url("branches/huanan-wuliu/figures/guo-zhen/")
    finally:
        server.close()
