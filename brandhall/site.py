"""Assemble the MkDocs project and build it: the one entry point from branch files to `site/`.

Stages follow the brief: load and validate, content graph, photos, render, then a real
`mkdocs build` with mkdocs-material supplying the chrome, navigation and Chinese search.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from .admin import write_admin
from .drafts import unpublished
from .errors import BuildFailed, Problem, Problems
from .gitdates import last_changed
from .graph import ContentGraph, build_graph
from .images import ImageSet
from .load import load_branches
from .markup import join_chinese_lines
from .offline import enable_offline
from .patches import apply_patches
from .photocheck import PhotoCheck
from .project import Project
from .render import Renderer, plan_pages
from .screens import LoadedScreen, load_screens, write_screens
from .screens.pictures import picture_jobs
from .search import write_search_index
from .sharecards import ShareCards


@dataclass
class CheckResult:
    graph: ContentGraph | None
    problems: Problems
    drafts: str | None = None  # what is left unpublished as a draft, in a sentence
    digests: dict[Path, str] = field(default_factory=dict)  # each photo's content hash
    screens: list[LoadedScreen] = field(default_factory=list)  # the playlists free of errors


def check(project: Project, *, drafts: bool = False) -> CheckResult:
    """Load, validate and link every branch; never raises for content problems. The graph
    holds what is published, and with `drafts` (the local preview) the drafts too."""
    problems = Problems(list(project.settings_problems))
    if not project.branches_dir.is_dir():
        problems.add(Problem(project.branches_dir, 1, 1, "branches", "支部文件夹",
                             "找不到支部文件夹 branches/，请在项目根目录下运行", "E001"))
        return CheckResult(None, problems)
    loaded = load_branches(project.branches_dir, project.settings.tiers)
    problems.extend(loaded.problems)
    graph, graph_problems = build_graph(loaded, project.settings, drafts=drafts)
    problems.extend(graph_problems)
    photos = PhotoCheck(project.work_dir / "cache" / "checks")
    problems.extend(photos.run(graph))
    screens, screen_problems = load_screens(project.root, graph, project.work_dir / "cache" / "posters")
    problems.extend(screen_problems)
    return CheckResult(graph, problems, None if drafts else unpublished(loaded.branches), photos.digests,
                       screens)


@dataclass
class BuildReport:
    problems: Problems
    pages: int
    photos: int
    photos_decoded: int
    pages_rendered: int
    stages: dict[str, float]  # seconds per stage: 读取, 照片, 页面, 分享卡片, MkDocs, 品牌手册
    booklets_typeset: int | None = None  # None: built without booklets


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
          booklets: bool | None = None, checked: CheckResult | None = None) -> BuildReport:
    """Build the whole site into `site_dir` (default `site/`). Raises BuildFailed on errors,
    before anything in `site_dir` is touched. `offline` makes a copy that works from file://;
    `site_url` overrides mkdocs.yml's (the address the site is published at). `in_place`, for
    the local preview only, updates `site_dir` directly instead of swapping in a fresh copy, and
    shows drafts (with a 草稿 banner).
    `booklets` adds each branch's booklet PDF; by default every build but the preview's does
    (typesetting a changed branch takes seconds, too slow for a preview that rebuilds on save).
    `checked` is the result of a `check` the caller has just run (publish), so it is not run twice."""
    site_dir = site_dir or project.root / "site"
    booklets = not in_place if booklets is None else booklets
    watch = Stopwatch()
    with watch.stage("读取"):
        result = checked if checked is not None else check(project, drafts=in_place)
    if result.problems.errors or result.graph is None:
        raise BuildFailed(result.problems)
    with _progress(quiet) as progress:
        _fresh(project.staging_docs)
        with watch.stage("照片"):
            images = ImageSet(project.image_cache, project.staging_docs)
            images.digests.update(result.digests)  # check has hashed every photo already
            images.process(result.graph, progress)
            images.process_jobs(picture_jobs(result.screens, project.root, project.work_dir / "cache" / "posters"))
        result.problems.extend(images.problems)
        if result.problems.errors:
            raise BuildFailed(result.problems)
        with watch.stage("页面"):
            _copy_docs(project.docs_dir, project.staging_docs)
            renderer = Renderer(project.layouts_dir, result.graph, images, project.page_cache,
                                directory_urls=not offline,
                                dates=(dates := last_changed(project.root, project.branches_dir)),
                                booklets=booklets)
            pages = plan_pages(result.graph)
        with watch.stage("分享卡片"):
            cards = ShareCards(project.work_dir / "cache" / "cards", project.staging_docs,
                               images.digest)
            cards.make_all([p.card for p in pages if p.card is not None], progress)
        with watch.stage("页面"):
            renderer.write_all(pages, project.staging_docs, cards, progress)
            _write_search_dictionary(result.graph, project.work_dir / "jieba_user.txt")
        with watch.stage("MkDocs"):
            task = progress.add_task("MkDocs 构建网站", total=1)
            fresh_site = site_dir if in_place else site_dir.with_name(f".{site_dir.name}-new")
            _run_mkdocs(project, fresh_site, offline=offline, site_url=site_url, dirty=in_place)
            write_search_index(fresh_site, pages, directory_urls=not offline)
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
        if not in_place:
            _swap_in(fresh_site, site_dir, site_dir.with_name(f".{site_dir.name}-old"))
    return BuildReport(result.problems, len(pages), len(images.images), images.decoded,
                       renderer.rendered, watch.stages, typeset)


def _swap_in(fresh: Path, target: Path, old: Path) -> None:
    """Replace `target` with `fresh` by renames, so a failed build never leaves it half-written."""
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    disable=quiet, transient=False)


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def _copy_docs(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, copy_function=_copy_doc)


def _copy_doc(source: str, target: str) -> None:
    if source.endswith(".md"):
        text = Path(source).read_text(encoding="utf-8")
        Path(target).write_text(join_chinese_lines(text), encoding="utf-8")
    else:
        shutil.copy2(source, target)


def _write_search_dictionary(graph: ContentGraph, path: Path) -> None:
    """Names of brands, branches and people as jieba words, so search finds them whole."""
    words = {b.data.brand.name for b in graph.branches} | {b.data.name for b in graph.branches}
    words |= {f.data.name for f in graph.figures}
    words |= {m.title for b in graph.branches for m in b.data.brand.methods}
    lines = sorted(f"{w.replace(' ', '')} 100 n" for w in words if w.strip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _drop_scaffold_templates(project: Project, site_dir: Path) -> None:
    """MkDocs copies every non-HTML file of theme/ into the site; the templates of `brandhall new`
    in theme/scaffold/ are not site files."""
    copied = site_dir / "scaffold"
    for template in project.scaffold_dir.glob("*"):
        (copied / template.name).unlink(missing_ok=True)
    if copied.is_dir() and not any(copied.iterdir()):
        copied.rmdir()


GENERATED_SECTIONS = ("branches", "wall")  # where pages come and go with the editors' files


def _drop_stale_pages(docs_dir: Path, site_dir: Path) -> None:
    """A dirty (preview) build only adds and updates pages; remove the pages of generated
    sections whose source is gone, such as a deleted story's."""
    for section in GENERATED_SECTIONS:
        for page in list((site_dir / section).rglob("index.html")):
            folder = page.parent.relative_to(site_dir).as_posix()
            if not ((docs_dir / f"{folder}.md").exists() or (docs_dir / folder / "index.md").exists()):
                page.unlink()
                if not any(page.parent.iterdir()):
                    page.parent.rmdir()


class _NoDirtyWarning(logging.Filter):
    """The preview's in-place builds are deliberate; MkDocs need not warn about each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


NO_DIRTY_WARNING = _NoDirtyWarning()


def _run_mkdocs(project: Project, site_dir: Path, *, offline: bool = False,
                site_url: str | None = None, dirty: bool = False) -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(NO_DIRTY_WARNING)
    overrides = {"site_url": site_url} if site_url else {}
    try:
        config = load_config(
            str(project.config_file),
            docs_dir=str(project.staging_docs),
            site_dir=str(site_dir),
            **overrides,
        )
        if offline:
            enable_offline(config, project.staging_docs)
        logging.getLogger("jieba").setLevel(logging.WARNING)  # imported by load_config
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and not search.config.jieba_dict_user:
            search.config.jieba_dict_user = str(project.work_dir / "jieba_user.txt")
        mkdocs_build(config, dirty=dirty)
        if dirty:
            _drop_stale_pages(project.staging_docs, site_dir)
        apply_patches(site_dir, project.config_file)
        _drop_scaffold_templates(project, site_dir)
    except MkDocsException as error:
        raise BuildFailed(Problems([Problem(project.config_file, 1, 1, "mkdocs.yml",
                                            "网站配置", f"MkDocs 构建失败：{error}",
                                            "E501")])) from None
