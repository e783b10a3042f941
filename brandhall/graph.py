"""The content graph: branches, figures, honours, stories and partners, with references resolved.

Cross-file checks live here because they need every branch at once: duplicate figure ids,
story figure ids, partner slugs, brand tiers and honour titles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, Severity
from .load import LoadedBranch, LoadResult
from .located import located
from .models import Branch, Figure, Honour, Partner, StoryMeta
from .periods import is_month
from .settings import SiteSettings
from .slugs import figure_id, story_slug
from .suggest import did_you_mean
from .yamlsource import FieldPath, Located

NEW_STORY_DAYS = 30


@dataclass(frozen=True)
class SourceRef:
    """Where something was written, so later stages can point editors at it."""

    file: Path
    doc: Located
    path: FieldPath
    model: type = Branch

    def problem(self, path: FieldPath, message: str, code: str,
                severity: Severity = Severity.ERROR) -> Problem:
        """A problem at `path` below this source, e.g. ("figures", 0, "id")."""
        return located(self.file, self.doc, self.model, (*self.path, *path), message, code, severity)


@dataclass(eq=False)
class FigureNode:
    branch: BranchNode
    data: Figure
    id: str
    source: SourceRef
    stories: list[StoryNode] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"branches/{self.branch.slug}/figures/{self.id}/"

    @property
    def draft(self) -> bool:
        return self.data.draft or self.branch.draft


@dataclass(eq=False)
class StoryNode:
    branch: BranchNode
    slug: str
    meta: StoryMeta
    body: str
    source: SourceRef
    figures: list[FigureNode] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"branches/{self.branch.slug}/stories/{self.slug}/"

    @property
    def draft(self) -> bool:
        return self.meta.draft or self.branch.draft

    @property
    def year(self) -> int:
        return int(self.meta.date[:4])

    def is_new(self, today: dt.date, days: int = NEW_STORY_DAYS) -> bool:
        """Stories of the last 30 days carry a 新 badge."""
        return 0 <= (today - dt.date.fromisoformat(self.meta.date)).days <= days


@dataclass(eq=False)
class PartnerLink:
    data: Partner
    target: BranchNode | None = None

    @property
    def title(self) -> str:
        return self.target.data.name if self.target else (self.data.name or "")

    @property
    def detail(self) -> int:
        """How much this entry says about the partnership."""
        data = self.data
        return bool(data.since) + bool(data.agreement) + len(data.areas) + len(data.activities)


@dataclass(eq=False)
class BranchNode:
    slug: str
    folder: Path
    source: SourceRef
    data: Branch
    figures: list[FigureNode] = field(default_factory=list)
    stories: list[StoryNode] = field(default_factory=list)
    partners: list[PartnerLink] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"branches/{self.slug}/"

    @property
    def draft(self) -> bool:
        return self.data.draft

    @property
    def org(self) -> str:
        return self.data.org or "未分组"

    @property
    def latest_rating(self):
        return max(self.data.ratings, key=lambda r: r.year, default=None)

    @property
    def rating_score(self) -> int:
        """For sorting by 星级: the stars of the latest rating first, then its year."""
        rating = self.latest_rating
        if rating is None:
            return 0
        match = re.search(r"([一二三四五六七八九]|\d)星", rating.level)
        stars = 0 if not match else (
            int(match[1]) if match[1].isdigit() else "一二三四五六七八九".index(match[1]) + 1)
        return stars * 10000 + rating.year


@dataclass(frozen=True)
class HonourEntry:
    figure: FigureNode
    honour: Honour


@dataclass
class ContentGraph:
    branches: list[BranchNode]
    settings: SiteSettings

    @property
    def figures(self) -> list[FigureNode]:
        return [f for b in self.branches for f in b.figures]

    @property
    def stories(self) -> list[StoryNode]:
        return sorted((s for b in self.branches for s in b.stories),
                      key=lambda s: s.meta.date, reverse=True)

    def by_org(self) -> dict[str, list[BranchNode]]:
        groups: dict[str, list[BranchNode]] = defaultdict(list)
        for branch in self.branches:
            groups[branch.org].append(branch)
        return dict(groups)

    def honour_entries(self) -> list[HonourEntry]:
        return [HonourEntry(f, h) for f in self.figures for h in f.data.honours]

    def current_stars(self) -> tuple[str | None, list[HonourEntry]]:
        """The latest month of the monthly 明星 titles, and who holds them."""
        monthly = self.settings.star_titles("monthly")
        entries = [e for e in self.honour_entries()
                   if self.settings.canonical(e.honour.title) in monthly
                   and is_month(e.honour.period)]
        if not entries:
            return None, []
        latest = max(e.honour.period for e in entries)
        current = [e for e in entries if e.honour.period == latest]
        return latest, sorted(current, key=lambda e: (self.settings.rank_of(e.honour.title),
                                                      e.figure.data.name))

    def partnerships(self) -> list[tuple[BranchNode, PartnerLink]]:
        """Each partnership once. When both branches list each other, the fuller entry wins."""
        chosen: dict[object, tuple[BranchNode, PartnerLink]] = {}
        for branch in self.branches:
            for link in branch.partners:
                key = (frozenset({branch.slug, link.target.slug}) if link.target
                       else (branch.slug, link.data.name))
                if key not in chosen or link.detail > chosen[key][1].detail:
                    chosen[key] = (branch, link)
        return list(chosen.values())


def build_graph(loaded: LoadResult, settings: SiteSettings, *, drafts: bool = False,
                ) -> tuple[ContentGraph, list[Problem]]:
    """The graph of what is published; with `drafts` (the local preview), drafts as well."""
    problems: list[Problem] = []
    nodes = [_branch_node(item, drafts) for item in loaded.branches if drafts or not item.branch.draft]
    by_slug = {node.slug: node for node in nodes}
    for node in nodes:
        _resolve_partners(node, by_slug)
        _check_honour_titles(node, settings, problems)
    return ContentGraph(nodes, settings), problems


def _branch_node(item: LoadedBranch, drafts: bool) -> BranchNode:
    node = BranchNode(item.slug, item.folder, SourceRef(item.file, item.doc, ()), item.branch)
    figures_by_id: dict[str, FigureNode] = {}
    for index, figure in enumerate(item.branch.figures):
        fid = figure_id(figure.id, figure.name) or "x"
        source = SourceRef(item.file, item.doc, ("figures", index))
        if fid in figures_by_id or (figure.draft and not drafts):
            continue  # a duplicate is reported by references.check_figure_ids
        figures_by_id[fid] = FigureNode(node, figure, fid, source)
    node.figures = list(figures_by_id.values())
    stories = [
        (story, story.body, SourceRef(item.file, item.doc, ("stories", i)), None)
        for i, story in enumerate(item.branch.stories)
    ] + [
        (sf.meta, sf.body, SourceRef(sf.path, sf.doc, (), StoryMeta), sf.slug)
        for sf in item.story_files
    ]
    used_slugs: set[str] = set()
    for meta, body, source, file_slug in stories:
        if meta.draft and not drafts:
            continue
        slug = _unique(file_slug or story_slug(meta.date, meta.title), used_slugs)
        story = StoryNode(node, slug, meta, body, source)
        story.figures = [figures_by_id[i] for i in meta.figures if i in figures_by_id]
        for figure in story.figures:
            figure.stories.append(story)
        node.stories.append(story)
    node.stories.sort(key=lambda s: s.meta.date, reverse=True)
    return node


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


def _resolve_partners(node: BranchNode, by_slug: dict[str, BranchNode]) -> None:
    """Link partners to their branch pages; bad slugs were reported by the loader."""
    for partner in node.data.partners:
        target = by_slug.get(partner.branch) if partner.branch else None
        if partner.branch is None or (target is not None and target is not node):
            node.partners.append(PartnerLink(partner, target))


def _check_honour_titles(node: BranchNode, settings: SiteSettings,
                         problems: list[Problem]) -> None:
    titles = [h.title for h in settings.honours]
    for f_index, figure in enumerate(node.data.figures):
        for h_index, honour in enumerate(figure.honours):
            if settings.canonical(honour.title) in titles:
                continue
            hint = did_you_mean(honour.title, titles, cutoff=0.3, ask="，是不是",
                                otherwise="；如确是新称号，请在 mkdocs.yml 的 extra.brandhall.honours 里登记")
            problems.append(node.source.problem(
                ("figures", f_index, "honours", h_index, "title"),
                f"称号“{honour.title}”不在本站登记的荣誉称号里{hint}", "W301", Severity.WARNING))
