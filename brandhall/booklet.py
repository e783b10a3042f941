"""The brand booklet (品牌手册): one branch's brand as an A4 PDF, or a compilation (品牌汇编) of
many with a table of contents, typeset from the content graph with the shared print module.

Content comes from graph nodes only (branch.figures, branch.stories, partnerships), never from
the raw branch files, so whatever the graph leaves out (drafts) stays out of the booklet too.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildFailed, Problem, Problems
from .graph import BranchNode, ContentGraph, PartnerLink
from .images import link_or_copy
from .loadcache import code_version
from .pagekeys import digest
from .printing import PrintKit, typeset
from .project import Project
from .site import check
from .suggest import did_you_mean
from .terminal import Bar, Progress

TEMPLATE = "booklet.html"
BOOKLET_FILE = "booklet.pdf"  # beside each branch page in the site
STYLESHEET = "booklet.css"
WORK_DIR = "print"  # under .brandhall/: print-size photos that the PDFs link to
LISTED = 10  # known names an error message lists


class BookletError(Exception):
    """The booklet asked for cannot be made (unknown branch or 党委); the message says why."""


@dataclass
class Chapter:
    """One branch in a booklet, with what its pages show beyond the branch's own fields."""

    branch: BranchNode
    partnerships: list[tuple[BranchNode | None, PartnerLink]]
    results_by_year: list[tuple[str, list]]

    @property
    def anchor(self) -> str:
        return f"branch-{self.branch.slug}"


@dataclass
class ExportReport:
    chapters: int
    problems: list[Problem] = field(default_factory=list)  # photos too small for print
    qr_codes: bool = True  # false without a site address: no QR codes were printed


def ranked(graph: ContentGraph, branches: list[BranchNode]) -> list[BranchNode]:
    """Branches in the home page's order: by 党委 as the home page groups them, then the
    highest tier and the best latest rating first (the home page's two sort keys)."""
    orgs = list(graph.by_org())
    tier = graph.settings.tier_rank
    return sorted(branches, key=lambda b: (orgs.index(b.org), -tier(b.data.brand.tier),
                                           -b.rating_score))


def select(graph: ContentGraph, slugs: list[str], org: str | None) -> list[BranchNode]:
    """The branches named by folder, or of one 党委, or all; BookletError names what is unknown."""
    by_slug = {b.slug: b for b in graph.branches}
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        raise BookletError("".join(_unknown(s, list(by_slug), "支部文件夹") for s in unknown))
    chosen = [by_slug[s] for s in dict.fromkeys(slugs)] or graph.branches
    if org is not None:
        groups = graph.by_org()
        if org not in groups:
            raise BookletError(_unknown(org, list(groups), "党委"))
        chosen = [b for b in chosen if b.org == org]
    return chosen if len(slugs) == 1 else ranked(graph, chosen)


def _unknown(name: str, known: list[str], what: str) -> str:
    listed = "、".join(known[:LISTED]) + (f" 等 {len(known)} 个" if len(known) > LISTED else "")
    hint = did_you_mean(name, known, ask="，是不是", otherwise=f"。现有的{what}：{listed}。")
    return f"没有名为“{name}”的{what}{hint}"


def chapter(graph: ContentGraph, branch: BranchNode) -> Chapter:
    partnerships = [(b if b is not branch else link.target, link)
                    for b, link in graph.partnerships() if branch in (b, link.target)]
    years: dict[str, list] = {}
    for result in sorted(branch.data.brand.results, key=lambda r: -(r.year or 0)):
        years.setdefault(f"{result.year}年" if result.year else "历年", []).append(result)
    return Chapter(branch, partnerships, list(years.items()))


def booklet_html(kit: PrintKit, graph: ContentGraph, branches: list[BranchNode], *,
                 compilation: bool, title: str = "", dated: dt.date | None = None) -> str:
    """One booklet's HTML: a branch's own (compilation=False, one branch) or a compilation.
    `dated` is the month on the cover (none without it)."""
    chapters = [chapter(graph, b) for b in branches]
    parts: dict[str, list[Chapter]] = {}
    for item in chapters:
        parts.setdefault(item.branch.org, []).append(item)
    return kit.render(TEMPLATE, chapters=chapters, parts=parts, compilation=compilation,
                      title=title, url=kit.url, month=f"{dated.year}年{dated.month}月" if dated else "")


def default_name(slugs: list[str], org: str | None) -> str:
    if len(slugs) == 1:
        return f"品牌手册-{slugs[0]}.pdf"
    return f"品牌汇编-{org.replace('/', '-')}.pdf" if org else "品牌汇编.pdf"


def export_booklet(project: Project, output: Path, slugs: list[str], org: str | None = None,
                   site_url: str | None = None) -> ExportReport:
    """`brandhall booklet`: one branch's booklet when one folder is named, else a compilation.
    Raises BuildFailed on content errors and BookletError for an unknown branch or 党委."""
    result = check(project)
    if result.problems.errors or result.graph is None:
        raise BuildFailed(result.problems)
    graph = result.graph
    branches = select(graph, slugs, org)
    if not branches:
        raise BookletError(f"所选的支部都不属于“{org}”。")
    shown = ContentGraph(branches, graph.settings)  # only their photos are processed
    kit = PrintKit(project, shown, project.work_dir / WORK_DIR,
                   site_url=site_url)
    html = booklet_html(kit, graph, branches, compilation=len(slugs) != 1,
                        title=org or kit.site_name, dated=dt.date.today())
    kit.write_pdf(html, STYLESHEET, output)
    return ExportReport(len(branches), kit.images.problems, kit.site_url is not None)


@dataclass
class ShelfReport:
    typeset: int  # booklets typeset in this build; the rest came from the cache
    problems: list[Problem]


def write_branch_booklets(project: Project, graph: ContentGraph, site_dir: Path, *,
                          site_url: str | None = None, progress: Progress | None = None,
                          digests: dict[Path, str] | None = None,
                          dates: dict[Path, dt.date] | None = None) -> ShelfReport:
    """Each branch's booklet as site_dir/branches/<slug>/booklet.pdf. A booklet is cached by
    its HTML (which names its photos by content), its stylesheets and brandhall's code, so an
    unchanged branch is not typeset again; the rest are typeset on all cores. The cover shows
    the month the branch's files last changed (`dates`), not today's, which would typeset
    every booklet again each month."""
    kit = PrintKit(project, graph, project.work_dir / WORK_DIR,
                   site_url=site_url, progress=progress, digests=digests)
    cache = project.work_dir / "cache" / "booklets"
    cache.mkdir(parents=True, exist_ok=True)
    sheets = [str(path) for path in kit.stylesheets(STYLESHEET)]
    code = digest(code_version(), *(Path(sheet).read_text(encoding="utf-8") for sheet in sheets))
    dates = dates or {}
    shelf: dict[Path, Path] = {}  # the site's file -> its cached PDF
    missing: dict[Path, tuple[BranchNode, tuple[str, list[str], str, str]]] = {}
    for branch in graph.branches:
        sources = (branch.source.file, *(story.source.file for story in branch.stories))
        changed = max((dates[f.resolve()] for f in sources if f.resolve() in dates), default=None)
        html = booklet_html(kit, graph, [branch], compilation=False, dated=changed)
        cached = cache / f"{digest(code, html)[:24]}.pdf"
        shelf[site_dir / branch.url / BOOKLET_FILE] = cached
        if not cached.is_file():
            missing[cached] = (branch, (html, sheets, str(kit.work_dir), str(cached)))
    bar = Bar.start(progress, "生成品牌手册", len(shelf))
    bar.advance(len(shelf) - len(missing))
    _typeset_all(list(missing.values()), bar)
    for target, cached in shelf.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # an in-place (preview) build has last build's there
        link_or_copy(cached, target)
    for old in set(cache.glob("*.pdf")) - set(shelf.values()):
        old.unlink()
    return ShelfReport(len(missing), kit.images.problems)


def _typeset_all(jobs: list[tuple[BranchNode, tuple]], bar: Bar) -> None:
    """Typeset on all cores. WeasyPrint failing on a branch fails the build (site/ untouched),
    naming the branch and the way to publish meanwhile."""
    if not jobs:
        return
    failed = Problems()
    with ProcessPoolExecutor(min(os.cpu_count() or 1, len(jobs))) as pool:
        futures = {pool.submit(typeset, job): branch for branch, job in jobs}
        for future in as_completed(futures):
            if (error := future.exception()) is not None:
                failed.add(futures[future].source.problem(
                    ("brand",), f"品牌手册排版失败（WeasyPrint：{type(error).__name__}: {error}）。"
                        "这不是你的文件写错了，请把这段信息发给网站管理员；"
                        "可先用 brandhall build --no-booklets 生成网站", "E503"))
            bar.advance()
    if failed.items:
        raise BuildFailed(failed)
