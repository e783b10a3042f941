"""The recognition model behind the 明星 honour wall: periods, current stars, the full wall with
its filters, yearly and monthly archives, counts, and collective honours."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from .graph import BranchNode, ContentGraph, FigureNode, HonourEntry
from .models import Honour, Rating
from .periods import is_month, is_year, period_end, period_years
from .settings import SiteSettings


@dataclass
class WallFigure:
    """One honoured figure on the wall, shown once with all their titles."""

    figure: FigureNode
    honours: list[Honour]
    settings: SiteSettings

    @property
    def best_rank(self) -> int:
        return min(self.settings.rank_of(h.title) for h in self.honours)

    @property
    def newest(self) -> tuple[int, int]:
        return max(period_end(h.period) for h in self.honours)

    def filter_data(self) -> dict[str, str]:
        """What the wall's in-browser filters match on, as data-* attributes of the card.
        Each honour is [title, group, years], so year, group and title must hold for one honour;
        JSON, because a title may contain any separator."""
        honours = json.dumps([[self.settings.canonical(h.title), self.settings.group_of(h.title),
                               [str(y) for y in period_years(h.period)]] for h in self.honours],
                             ensure_ascii=False)
        return {"honours": honours, "org": self.figure.branch.org,
                "branch": self.figure.branch.slug, "name": self.figure.data.name}


@dataclass
class StarGroup:
    """A set of current stars: e.g. 2026年10月 明星党员, or 2025年 优秀共产党员."""

    period: str
    entries: list[HonourEntry]


@dataclass
class TitleArchive:
    title: str
    group: str
    entries: list[HonourEntry]


@dataclass
class CountTable:
    years: list[int]
    rows: list[tuple[str, list[int], int]]  # title, counts per year, total
    year_totals: list[int] = field(default_factory=list)

    @property
    def largest_total(self) -> int:
        return max((total for _, _, total in self.rows), default=1) or 1


class HonourWall:
    def __init__(self, graph: ContentGraph):
        self.graph = graph
        self.settings = graph.settings

    @cached_property
    def entries(self) -> list[HonourEntry]:
        return self.graph.honour_entries()

    def _sorted(self, entries: list[HonourEntry]) -> list[HonourEntry]:
        return sorted(entries, key=lambda e: (self.settings.rank_of(e.honour.title),
                                              [-x for x in period_end(e.honour.period)],
                                              e.figure.data.name))

    # --- current stars --------------------------------------------------------------------

    def current_month(self) -> StarGroup | None:
        month, entries = self.graph.current_stars()
        return StarGroup(month, entries) if month else None

    def current_year(self) -> StarGroup | None:
        yearly = self.settings.star_titles("yearly")
        entries = [e for e in self.entries
                   if self.settings.canonical(e.honour.title) in yearly and is_year(e.honour.period)]
        if not entries:
            return None
        latest = max(e.honour.period for e in entries)
        return StarGroup(latest, self._sorted([e for e in entries if e.honour.period == latest]))

    # --- the full wall ----------------------------------------------------------------------

    def figures(self) -> list[WallFigure]:
        wall = [WallFigure(f, self._honours_of(f), self.settings)
                for f in self.graph.figures if f.data.honours]
        return sorted(wall, key=lambda w: (w.best_rank, [-x for x in w.newest], w.figure.data.name))

    def _honours_of(self, figure: FigureNode) -> list[Honour]:
        return sorted(figure.data.honours, key=lambda h: (self.settings.rank_of(h.title),
                                                          [-x for x in period_end(h.period)]))

    def years(self) -> list[int]:
        return sorted({y for e in self.entries for y in period_years(e.honour.period)}, reverse=True)

    def archive_years(self) -> list[int]:
        """Years with a yearly archive page: of figures' honours and of collective ones."""
        collective = {y for _, h in self.collective() for y in period_years(h.period)}
        return sorted(set(self.years()) | collective, reverse=True)

    def titles(self) -> list[str]:
        return sorted({self.settings.canonical(e.honour.title) for e in self.entries},
                      key=lambda t: (self.settings.rank_of(t), t))

    def groups(self) -> list[str]:
        return list(dict.fromkeys(self.settings.group_of(t) for t in self.titles()))

    # --- archives -----------------------------------------------------------------------------

    def year_archive(self, year: int) -> list[TitleArchive]:
        entries = [e for e in self.entries if year in period_years(e.honour.period)]
        return self._by_title(entries)

    def months(self) -> list[str]:
        monthly = self.settings.star_titles("monthly") | self.settings.titles_with_cadence("monthly")
        return sorted({e.honour.period for e in self.entries
                       if self.settings.canonical(e.honour.title) in monthly and is_month(e.honour.period)},
                      reverse=True)

    def month_archive(self, month: str) -> list[TitleArchive]:
        return self._by_title([e for e in self.entries if e.honour.period == month])

    def _by_title(self, entries: list[HonourEntry]) -> list[TitleArchive]:
        archive = []
        for title in sorted({self.settings.canonical(e.honour.title) for e in entries},
                            key=lambda t: (self.settings.rank_of(t), t)):
            chosen = self._sorted([e for e in entries if self.settings.canonical(e.honour.title) == title])
            archive.append(TitleArchive(title, self.settings.group_of(title), chosen))
        return archive

    # --- counts and collective honours ----------------------------------------------------------

    def counts(self, last_years: int = 5) -> CountTable:
        years = self.years()[:last_years]
        counted = Counter((self.settings.canonical(e.honour.title), y) for e in self.entries
                          for y in period_years(e.honour.period))
        rows = [(t, [counted[(t, y)] for y in years], sum(counted[(t, y)] for y in years))
                for t in self.titles()]
        totals = [sum(counted[(t, y)] for t in self.titles()) for y in years]
        return CountTable(years, [r for r in rows if r[2]], totals)

    def collective(self) -> list[tuple[BranchNode, Honour]]:
        pairs = [(b, h) for b in self.graph.branches for h in b.data.honours]
        return sorted(pairs, key=lambda p: ([-x for x in period_end(p[1].period)], p[0].data.name))

    def collective_in(self, year: int) -> list[tuple[BranchNode, Honour]]:
        """Collective honours of `year`, including those of a period spanning it (2023~2025)."""
        return [(b, h) for b, h in self.collective() if year in period_years(h.period)]

    def ratings(self) -> list[tuple[BranchNode, Rating]]:
        latest = [(b, b.latest_rating) for b in self.graph.branches if b.latest_rating]
        return sorted(latest, key=lambda p: (-p[1].year, p[0].data.name))
