"""Render the content graph into Markdown pages with our own Jinja2 layouts (`templates.py`).

Each page is front matter (title, description) plus one HTML block; the site engine then wraps
it in the site's chrome. Links between generated pages are made relative here, because MkDocs
does not rewrite links inside raw HTML. Zensical does, as relative to the .md file: so every
page is staged as `<folder>/index.md`, where the .md file's folder is the page's address, and
the same links are right on both engines.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graph import BranchNode, ContentGraph, FigureNode, StoryNode
from .honours import HonourWall
from .images import ImageSet
from .listing import listing_pages, regroup
from .markup import PRE_BLOCK, plain_text
from .pagekeys import PageCache, PageInputs
from .periods import format_date
from .sharecards import CardContent, ShareCards
from .staging import Staging
from .templates import environment
from .terminal import Bar, Progress


@dataclass
class Page:
    """One generated page: where it goes, which layout draws it, and what it shows."""

    path: str
    layout: str
    title: str
    description: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    card: CardContent | None = None
    image: str | None = None
    sources: tuple[Path, ...] = ()  # the editors' files the page is made from
    updated: dt.date | None = None
    searchable: bool = False  # listing pages repeat what their entries say; search skips them
    whole_site: bool = False  # a listing that gathers from every branch (counts, rankings)

    @property
    def url(self) -> str:
        if self.path == "index.md":
            return ""
        if self.path.endswith("/index.md"):
            return self.path[: -len("index.md")]
        return self.path[: -len(".md")] + "/"


def relative_url(target: str, page_url: str) -> str:
    """The link from `page_url` to `target`, both site-relative ("branches/x/")."""
    base = page_url or "."
    rel = posixpath.relpath(target or ".", base)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel == "./" else rel


def file_url(url: str, pages: set[str]) -> str:
    """A site URL as `use_directory_urls: false` writes it, for copies opened from file://:
    "x/" is "x/index.html" when the page is x/index.md, else "x.html"; files stay as they are."""
    path, hash_mark, fragment = url.partition("#")
    if path == "":
        path = "index.html"
    elif path.endswith("/"):
        path = f"{path}index.html" if f"{path}index.md" in pages else f"{path[:-1]}.html"
    return path + hash_mark + fragment


def offline_relative_url(target: str, page_url: str, pages: set[str]) -> str:
    """The link from the page at `page_url` to `target` in an offline copy."""
    here = posixpath.dirname(file_url(page_url, pages)) or "."
    path, hash_mark, fragment = file_url(target, pages).partition("#")
    return posixpath.relpath(path, here) + hash_mark + fragment


Plain = Callable[..., str]  # plain_text, or a PlainTexts that keeps its results between builds


def plan_pages(graph: ContentGraph, plain: Plain = plain_text) -> list[Page]:
    """Every page the site has, in one place."""
    pages = [Page(p.path, p.layout, p.title, p.description, p.context, whole_site=p.whole_site)
             for p in listing_pages(graph)]
    for branch in graph.branches:
        pages.append(branch_page(branch, plain))
        pages += [figure_page(f, plain) for f in branch.figures]
        pages += [story_page(s, plain) for s in branch.stories]
    return pages


def branch_page(branch: BranchNode, plain: Plain = plain_text) -> Page:
    brand = branch.data.brand
    card = CardContent(f"{branch.data.name} · {branch.org}", brand.name, brand.slogan or "",
                       _source(branch.folder, brand.logo), round_picture=False)
    return Page(f"{branch.url}index.md", "branch.html", f"{brand.name} · {branch.data.name}",
                plain(brand.slogan or brand.concept), {"branch": branch}, card,
                sources=(branch.source.file, *(s.source.file for s in branch.stories)),
                searchable=True)


def figure_page(figure: FigureNode, plain: Plain = plain_text) -> Page:
    data, branch = figure.data, figure.branch
    picture = _source(branch.folder, data.photo) or _source(branch.folder, branch.data.brand.logo)
    card = CardContent(branch.data.name, data.name, data.motto or data.post or "", picture,
                       round_picture=bool(data.photo))
    return Page(f"{figure.url}index.md", "figure.html", f"{data.name} · {branch.data.name}",
                plain(data.motto or data.story), {"figure": figure}, card,
                sources=(figure.source.file,), searchable=True)


def story_page(story: StoryNode, plain: Plain = plain_text) -> Page:
    branch, meta = story.branch, story.meta
    first = meta.photos[0].src if meta.photos else None
    picture = _source(branch.folder, first) or _source(branch.folder, branch.data.brand.logo)
    card = CardContent(f"{branch.data.name} · {format_date(meta.date)}", meta.title,
                       plain(story.body, 60), picture, round_picture=bool(first))
    return Page(f"{story.url}index.md", "story.html", meta.title, plain(story.body),
                {"story": story}, card, sources=(story.source.file,), searchable=True)


def _source(folder: Path, name: str | None) -> str | None:
    return str(folder / name) if name else None


class Renderer:
    def __init__(self, layout_dirs: list[Path], graph: ContentGraph, images: ImageSet, cache_dir: Path,
                 *, directory_urls: bool = True, dates: dict[Path, dt.date] | None = None,
                 today: dt.date | None = None, booklets: bool = False, compiled: Path | None = None):
        self.booklets = booklets  # branch pages link to their booklet.pdf
        self.layout_dirs = layout_dirs
        self.cache = PageCache(cache_dir)
        self.rendered = 0  # pages rendered this build; the rest came from the cache
        self.graph = graph
        self.images = images
        self.dates = dates or {}
        self.today = today or dt.date.today()
        self.directory_urls = directory_urls
        self.sources: set[str] = set()  # every page's source path, for offline links
        self.wall = HonourWall(graph)
        self.env = environment(layout_dirs, compiled=compiled, regroup=regroup)

    def render(self, page: Page) -> str:
        template = self.env.get_template(page.layout)
        text = template.render(
            page=page,
            graph=self.graph,
            wall=self.wall,
            settings=self.graph.settings,
            images=self.images,
            today=self.today,
            booklets=self.booklets,
            url=lambda target: self.link(target, page.url),
            root=self.root(page.url),
            **page.context,
        )
        return _squeeze_blank_lines(text)

    def link(self, target: str, page_url: str) -> str:
        if self.directory_urls:
            return relative_url(target, page_url)
        return offline_relative_url(target, page_url, self.sources)

    def root(self, page_url: str) -> str:
        """The site root relative to the page, ending in "/", for scripts that add paths to it."""
        here = page_url if self.directory_urls else posixpath.dirname(file_url(page_url, self.sources))
        return posixpath.relpath(".", here or ".").rstrip("/") + "/" if here else "./"

    def write_all(self, pages: list[Page], staging: Staging, cards: ShareCards,
                  progress: Progress | None = None) -> None:
        """Write every page; `cards` has made the pages' share cards already (its own build stage).
        A page whose Markdown is unchanged is left as it is, mtime and all."""
        docs_dir = staging.folder
        self.sources = {p.path for p in pages} | {
            f.relative_to(docs_dir).as_posix() for f in docs_dir.rglob("*.md")}
        bar = Bar.start(progress, "生成页面", len(pages))
        inputs = PageInputs(self, self.layout_dirs)
        resolved = functools.cache(Path.resolve)  # a story is a source of its page and its branch's
        for page in pages:
            if page.card is not None:
                page.image = cards.card(page.card)
            known = [self.dates[r] for r in map(resolved, page.sources) if r in self.dates]
            page.updated = max(known, default=None)
            key = inputs.key(page)
            staged = docs_dir / page.path
            if self.cache.unchanged(page.path, key, staged):
                staging.keep(page.path)
            else:
                text = self.cache.get(key)
                if text is None:
                    text = self.render(page)
                    self.rendered += 1
                    self.cache.keep(key, text)
                staging.write_text(page.path, text)
                self.cache.staged_as(page.path, key, staged)
            bar.advance()
        self.cache.forget_unused()


def _squeeze_blank_lines(text: str) -> str:
    """Markdown ends a raw HTML block at a blank line; keep the page body one block. Code and
    preformatted blocks keep their blank lines: their line breaks are written as &#10;."""
    head, sep, body = text.partition("\n---\n")
    if not sep:
        return re.sub(r"\n\s*\n", "\n", _one_line_pre(text))
    return head + sep + "\n" + re.sub(r"\n\s*\n", "\n", _one_line_pre(body).strip()) + "\n"


def _one_line_pre(text: str) -> str:
    return PRE_BLOCK.sub(lambda block: block.group(0).replace("\n", "&#10;"), text)
