"""Listing pages cut into numbered pages (brandhall/listing.py). No build, no browser."""

from __future__ import annotations

from brandhall.listing import Pager, paged
from brandhall.search import t2s_map


def test_a_long_list_is_cut_into_pages_with_urls_after_the_first():
    pages = paged("stories/2025/index.md", "stories/2025/", "stories.html", "2025年典型故事", "", list(range(50)), 24)
    assert [p.path for p in pages] == ["stories/2025/index.md", "stories/2025/2/index.md", "stories/2025/3/index.md"]
    assert [len(p.context["items"]) for p in pages] == [24, 24, 2]
    assert pages[1].title == "2025年典型故事（第 2 页）"
    pager = pages[2].context["pager"]
    assert (pager.number, pager.count, pager.total) == (3, 3, 50)
    assert pager.url(1) == "stories/2025/" and pager.url(2) == "stories/2025/2/"


def test_an_empty_list_still_has_its_first_page():
    [page] = paged("partners/index.md", "partners/", "partners.html", "互联共建", "", [], 24)
    assert page.context["items"] == [] and page.context["pager"].count == 1


def test_the_pager_links_the_ends_and_the_pages_near_this_one():
    assert Pager("wall/2025/", 10, 20, 960).numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert Pager("wall/2025/", 1, 3, 100).numbers == [1, 2, 3]


def test_traditional_characters_map_to_the_simplified_ones_the_site_uses():
    pairs = t2s_map(set("应急拔河友谊赛郑"))
    assert pairs["應"] == "应" and pairs["誼"] == "谊" and pairs["賽"] == "赛" and pairs["鄭"] == "郑"
    assert "应" not in pairs, "Simplified characters stay as they are"
