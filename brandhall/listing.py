"""The listing pages (home, branch list, wall, stories, partners), cut into pages of a fixed size.

A listing never shows more than a page of cards, whatever the number of branches: long lists
are split into numbered pages (`stories/2025/`, `stories/2025/2/`, …), and the home page and the
wall show the first cards of each group with a link to the group's own pages. So a page's size
stays the same from 100 branches to 1,000.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .graph import BranchNode, ContentGraph, HonourEntry
from .honours import HonourWall, TitleArchive
from .images import ImageSet, SiteImage
from .periods import format_period, period_years
from .slugs import pinyin_slug
from .staging import Staging

STORIES_PER_PAGE = 24
FIGURES_PER_PAGE = 48
BRANCHES_PER_PAGE = 50
PARTNERSHIPS_PER_PAGE = 24
FIRST_CARDS = 6  # brand cards of each 党委 on the home page
FIRST_STARS = 24  # current stars on the wall and home page before "all of them"
FILTER_DATA = "wall/data"  # the wall filter's JSON shards, one per year


@dataclass(frozen=True)
class Pager:
    """Where a page sits in its numbered series; `base` is the site URL of the first page."""

    base: str
    number: int
    count: int
    total: int

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}{number}/"

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers to link: the first, the last and two either side; None is a gap."""
        near = {1, self.count} | set(range(self.number - 2, self.number + 3))
        shown = sorted(n for n in near if 1 <= n <= self.count)
        out: list[int | None] = []
        for n in shown:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


@dataclass
class ListingPage:
    path: str
    layout: str
    title: str
    description: str
    context: dict[str, Any]  # all a paged listing shows besides the settings (pagekeys.py)
    whole_site: bool = False  # shows what it gathers from every branch: counts, rankings, groups


def paged(first_path: str, base: str, layout: str, title: str, description: str,
          items: list, size: int, **context: Any) -> list[ListingPage]:
    """`items` split into pages of `size`; page n > 1 is `base` + "n/". An empty list still gets
    its first page."""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        pager = Pager(base, number, len(chunks), len(items))
        path = first_path if number == 1 else f"{base}{number}/index.md"
        suffix = "" if number == 1 else f"（第 {number} 页）"
        pages.append(ListingPage(path, layout, title + suffix, description,
                                 {**context, "items": chunk, "pager": pager}))
    return pages


def org_slugs(graph: ContentGraph) -> dict[str, str]:
    """Each 党委's URL slug, by pinyin; a second 党委 with the same pinyin gets -2."""
    slugs: dict[str, str] = {}
    for org in graph.by_org():
        slug, n = pinyin_slug(org, 8), 2
        while slug in slugs.values():
            slug, n = f"{pinyin_slug(org, 8)}-{n}", n + 1
        slugs[org] = slug
    return slugs


def listing_pages(graph: ContentGraph) -> list[ListingPage]:
    wall = HonourWall(graph)
    orgs = org_slugs(graph)
    pages = [
        ListingPage("index.md", "home.html", "首页", "各支部党建品牌一览", {"orgs": orgs}, True),
        ListingPage("branches/index.md", "branches.html", "支部品牌", "按党委查看各支部的党建品牌",
                    {"orgs": orgs}, True),
        ListingPage("wall/index.md", "wall.html", "明星墙", "先进典型与明星党员光荣榜", {}, True),
        ListingPage("search/index.md", "search.html", "搜索", "搜索各支部的品牌、先进典型和典型故事", {}, True),
    ]
    for org, branches in graph.by_org().items():
        pages += paged(f"orgs/{orgs[org]}/index.md", f"orgs/{orgs[org]}/", "org.html", org,
                       f"{org}各支部的党建品牌", branches, BRANCHES_PER_PAGE, org=org)
    stories = graph.stories
    years = list(dict.fromkeys(s.year for s in stories))  # as the stories come: newest first
    # The newest stories; every story is on its year's pages.
    pages.append(ListingPage("stories/index.md", "stories.html", "典型故事", "各支部的典型故事", {
        "items": stories[:STORIES_PER_PAGE], "year": None, "years": years,
        "pager": Pager("stories/", 1, 1, len(stories))}))
    for year in sorted(years, reverse=True):
        pages += paged(f"stories/{year}/index.md", f"stories/{year}/", "stories.html", f"{year}年典型故事",
                       f"{year}年各支部的典型故事", [s for s in stories if s.year == year],
                       STORIES_PER_PAGE, year=year, years=years)
    pages += paged("partners/index.md", "partners/", "partners.html", "互联共建", "支部之间及与外部单位的互联共建",
                   graph.partnerships(), PARTNERSHIPS_PER_PAGE)
    pages += paged("wall/collective/index.md", "wall/collective/", "wall_collective.html", "集体荣誉",
                   "各支部获得的集体荣誉", wall.collective(), BRANCHES_PER_PAGE)
    for year in wall.archive_years():
        pages += paged(f"wall/{year}/index.md", f"wall/{year}/", "wall_year.html", f"{year}年荣誉档案",
                       f"{year}年先进典型荣誉一览", _flat(wall.year_archive(year)), FIGURES_PER_PAGE,
                       year=year, collective=wall.collective_in(year))
    for month in wall.months():
        pages += paged(f"wall/{month}/index.md", f"wall/{month}/", "wall_month.html", f"{format_period(month)}明星",
                       f"{format_period(month)}明星党员", _flat(wall.month_archive(month)), FIGURES_PER_PAGE,
                       month=month)
    return pages


def _flat(archive: list[TitleArchive]) -> list[tuple[TitleArchive, HonourEntry]]:
    return [(item, entry) for item in archive for entry in item.entries]


def regroup(items: list[tuple[TitleArchive, HonourEntry]]) -> list[TitleArchive]:
    """One page's entries of an archive, under their titles again."""
    groups: list[TitleArchive] = []
    for item, entry in items:
        if not groups or groups[-1].title != item.title:
            groups.append(TitleArchive(item.title, item.group, []))
        groups[-1].entries.append(entry)
    return groups


def first_of(branches: list[BranchNode]) -> list[BranchNode]:
    return branches[:FIRST_CARDS]


def write_filter_data(graph: ContentGraph, images: ImageSet, staging: Staging, *, offline: bool = False) -> None:
    """The wall filter's data: `index.json` (years, branches) and one shard per year with every
    figure honoured in it, fetched only when a visitor filters. URLs are site-relative. A browser
    fetches nothing over file://, so an offline copy gets all of it in one script too. Written
    through `staging`, so an unchanged file keeps its mtime."""
    wall = HonourWall(graph)
    branches = {b.slug: i for i, b in enumerate(graph.branches)}
    shards: dict[int, list] = {}
    for order, item in enumerate(wall.figures()):
        figure = item.figure
        portrait = images.portrait(figure)
        honours = [[wall.settings.canonical(h.title), wall.settings.group_of(h.title),
                    period_years(h.period), format_period(h.period)] for h in item.honours]
        # a figure page is figures/<id>.md: an offline copy names it figures/<id>.html
        link = f"{figure.url[:-1]}.html" if offline else figure.url
        row = [order, figure.data.name, link, branches[figure.branch.slug], figure.data.post or "",
               _small(portrait), honours]
        for year in sorted({y for h in item.honours for y in period_years(h.period)}):
            shards.setdefault(year, []).append(row)
    files: dict[str, object] = {f"{year}.json": rows for year, rows in shards.items()}
    files["index.json"] = {"years": sorted(shards, reverse=True),
                           "branches": [[b.slug, b.data.name, b.org] for b in graph.branches]}
    for name, data in files.items():
        staging.write_text(f"{FILTER_DATA}/{name}", _json(data))
    if offline:
        staging.write_text(f"{FILTER_DATA}/offline.js", f"window.bhWallData = {_json(files)};\n")


def _small(image: SiteImage | None) -> str:
    """The smallest file of a portrait, for the filter's cards."""
    if image is None:
        return ""
    variants = sorted(image.srcset("webp") or image.variants, key=lambda v: v.width)
    return variants[0].path if variants else image.src


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
