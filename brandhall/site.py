"""Assemble the MkDocs project and build it: the one entry point from branch files to `site/`.

Stages follow the brief: load and validate, content graph, photos, render, then the site engine
(`engine/`: MkDocs with mkdocs-material by default, or Zensical) supplying the chrome and
navigation, then Pagefind's Chinese full-text index of the built pages (`searchcache.SearchCache`), then
`site/` assembled from those folders (`assemble`) and swapped in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from .admin import write_admin
from .assemble import SiteFolders, sync_tree
from .drafts import unpublished
from .engine import engine_for
from .engine.worksite import ENGINE_DIR, WorkSite, link_tree
from .errors import BuildFailed, Problem, Problems
from .gitdates import last_changed
from .graph import ContentGraph, build_graph
from .images import ImageSet
from .listing import write_filter_data
from .load import load_branches
from .loadcache import LoadCache, code_version
from .manifest import MANIFEST, write_manifest
from .markup import PlainTexts, join_chinese_lines
from .photocheck import PhotoCheck
from .project import Project
from .render import Page, Renderer, plan_pages
from .screens import LoadedScreen, load_screens, write_screens
from .screens.pictures import picture_jobs
from .search import write_search
from .searchcache import SearchCache
from .sharecards import ShareCards
from .staging import Staging, copy_tree
from .uptodate import UpToDate


@dataclass
class CheckResult:
    graph: ContentGraph | None
    problems: Problems
    drafts: str | None = None  # what is left unpublished as a draft, in a sentence
    digests: dict[Path, str] = field(default_factory=dict)  # each photo's content hash
    screens: list[LoadedScreen] = field(default_factory=list)  # the playlists free of errors
    folders: int = 0  # branch folders read
    reused: int = 0  # of which unchanged since the last read, taken from the load cache


def check(project: Project, *, drafts: bool = False) -> CheckResult:
    """Load, validate and link every branch; never raises for content problems. The graph
    holds what is published, and with `drafts` (the local preview) the drafts too."""
    problems = Problems(list(project.settings_problems))
    if not project.branches_dir.is_dir():
        problems.add(Problem(project.branches_dir, 1, 1, "branches", "支部文件夹",
                             "找不到支部文件夹 branches/，请在项目根目录下运行", "E001"))
        return CheckResult(None, problems)
    cache = LoadCache(project.work_dir / "cache" / "load", project.settings.model_dump_json())
    loaded = load_branches(project.branches_dir, project.settings.tiers, cache)
    problems.extend(loaded.problems)
    graph, graph_problems = build_graph(loaded, project.settings, drafts=drafts)
    problems.extend(graph_problems)
    photos = PhotoCheck(project.work_dir / "cache" / "checks")
    problems.extend(photos.run(graph))
    screens, screen_problems = load_screens(project.root, graph, project.work_dir / "cache" / "posters")
    problems.extend(screen_problems)
    return CheckResult(graph, problems, None if drafts else unpublished(loaded.branches), photos.digests,
                       screens, len(loaded.folders), cache.hits)


@dataclass
class BuildReport:
    problems: Problems
    pages: int
    photos: int
    photos_decoded: int
    pages_rendered: int
    stages: dict[str, float]  # seconds per stage: 读取, 照片, 页面, 分享卡片, MkDocs (or Zensical), 品牌手册
    booklets_typeset: int | None = None  # None: built without booklets
    folders: int = 0  # branch folders read, and of them unchanged (from the load cache)
    reused: int = 0
    search_reused: bool = False  # no page changed, so the last search index was kept
    up_to_date: bool = False  # no input changed: the last build's site/ stands (uptodate.py)


class Stopwatch:
    """Seconds spent in each named stage of a build."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


def build(project: Project, site_dir: Path | None = None, *, quiet: bool = False,
          offline: bool = False, site_url: str | None = None, in_place: bool = False,
          booklets: bool | None = None, checked: CheckResult | None = None,
          engine: str | None = None) -> BuildReport:
    """Build the whole site into `site_dir` (default `site/`). Raises BuildFailed on errors,
    before anything in `site_dir` is touched. `offline` makes a copy that works from file://;
    `site_url` overrides mkdocs.yml's (the address the site is published at). `in_place`, for
    the local preview only, updates `site_dir` directly instead of swapping in a fresh copy, and
    shows drafts (with a 草稿 banner).
    `booklets` adds each branch's booklet PDF; by default every build but the preview's does
    (typesetting a changed branch takes seconds, too slow for a preview that rebuilds on save).
    `checked` is the result of a `check` the caller has just run (publish), so it is not run twice.
    `engine` ("mkdocs" or "zensical") overrides mkdocs.yml's `extra.brandhall.engine`."""
    site_dir = site_dir or project.root / "site"
    site_engine = engine_for(project, engine)
    booklets = not in_place if booklets is None else booklets
    watch = Stopwatch()
    with watch.stage("读取"):  # a full build counts this as reading
        stamp = None if in_place or checked is not None else UpToDate(
            project, site_dir, offline=offline, site_url=site_url, booklets=booklets, engine=site_engine.name)
        last = stamp.last_report() if stamp else None
    if last is not None:
        return replace(last, stages={"检查改动": watch.stages["读取"]}, pages_rendered=0, photos_decoded=0,
                       booklets_typeset=None if last.booklets_typeset is None else 0, reused=last.folders,
                       search_reused=True, up_to_date=True)
    if stamp:
        stamp.forget()
    with watch.stage("读取"):
        result = checked if checked is not None else check(project, drafts=in_place)
    if result.problems.errors or result.graph is None:
        raise BuildFailed(result.problems)
    with _progress(quiet) as progress:
        staging, media = Staging(project.staging_docs), Staging(project.media_dir)
        with watch.stage("照片"):
            images = ImageSet(project.image_cache, project.media_dir)
            images.digests.update(result.digests)  # check has hashed every photo already
            images.process(result.graph, progress)
            images.process_jobs(picture_jobs(result.screens, project.root, project.work_dir / "cache" / "posters"))
        result.problems.extend(images.problems)
        if result.problems.errors:
            raise BuildFailed(result.problems)
        with watch.stage("页面"):
            copy_tree(project.docs_dir, staging, join_chinese_lines)
            renderer = Renderer(project.layout_dirs, result.graph, images, project.page_cache,
                                directory_urls=not offline,
                                dates=(dates := last_changed(project.root, project.branches_dir)),
                                booklets=booklets, compiled=project.template_cache)
            plain = PlainTexts(project.work_dir / "cache" / "plain.json", code_version())
            pages = plan_pages(result.graph, plain)
            plain.save()
        with watch.stage("分享卡片"):
            cards = ShareCards(project.work_dir / "cache" / "cards", project.media_dir, images.digest)
            cards.make_all([p.card for p in pages if p.card is not None], progress)
        with watch.stage("页面"):
            write_filter_data(result.graph, images, staging, offline=offline)
            media.prune(_media_files(images, cards, pages))
            staging.prune({p.path for p in pages})  # before they are written: offline links see only pages that exist
            renderer.write_all(pages, staging, cards, progress)
            if in_place:
                staging.touch_all()
            site_engine.stage(project.staging_docs, offline=offline)
        task = progress.add_task(f"{site_engine.label} 构建网站", total=1)
        folders = SiteFolders(site_dir)
        with watch.stage(site_engine.label):
            if in_place:
                fresh_site = pages_dir = site_dir
                site_engine.build(site_dir, offline=offline, site_url=site_url, dirty=True)
            elif not site_engine.incremental:
                fresh_site = pages_dir = folders.empty()
                site_engine.build(fresh_site, offline=offline, site_url=site_url)
            else:  # the engine's work site, updated in place
                work = WorkSite(project.work_dir / ENGINE_DIR)
                site_engine.build_work_site(work, offline=offline, site_url=site_url)
                pages_dir = work.site
        with watch.stage("搜索索引"):
            search = None if in_place else SearchCache(project.work_dir / "search")
            if search is None:  # the preview: an index of this build alone
                write_search(site_dir, project.config_file, offline=offline)
                search_reused = False
            else:
                search_reused = search.update(pages_dir, project.config_file, offline=offline)
        with watch.stage("组装网站"):
            if search is not None and site_engine.incremental:
                fresh_site = folders.recycled()
                sync_tree(fresh_site, [work.site, project.media_dir, search.out])
            else:
                link_tree(project.media_dir, fresh_site, merge=True)
                if search is not None:
                    link_tree(search.out, fresh_site, merge=True)
            write_screens(project, result.graph, images, fresh_site, result.screens, site_url=site_url)
            if not offline:
                result.problems.extend(write_admin(project.root, result.graph, project.settings, fresh_site))
        progress.advance(task)
        typeset = None
        if booklets:
            from .booklet import write_branch_booklets  # booklet.py uses this module's check()

            with watch.stage("品牌手册"):
                shelf = write_branch_booklets(project, result.graph, fresh_site,
                                              site_url=site_url, progress=progress,
                                              digests=images.digests, dates=dates)
            result.problems.extend(shelf.problems)
            typeset = shelf.typeset
        with watch.stage("组装网站"):
            if in_place:  # the preview shows drafts: never a site to publish
                (fresh_site / MANIFEST).unlink(missing_ok=True)
            else:
                write_manifest(fresh_site, site_url=site_url or project.site_url, offline=offline,
                               hashes=project.work_dir / "cache" / "manifest.json")
                folders.swap_in()
    report = BuildReport(result.problems, len(pages), len(images.images), images.decoded,
                         renderer.rendered, watch.stages, typeset, result.folders, result.reused, search_reused)
    if stamp:
        stamp.save(report)
    return report


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    disable=quiet, transient=False)


def _media_files(images: ImageSet, cards: ShareCards, pages: list[Page]) -> set[str]:
    """The photos and cards this build links from their caches."""
    made = {v.path for image in images.images.values() for v in image.variants}
    return made | {cards.card(p.card) for p in pages if p.card is not None}


