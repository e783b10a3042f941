"""Render the content graph into Markdown pages with our own Jinja2 templates in `theme/layouts/`.

Each page is front matter (title, description) plus one HTML block; MkDocs and mkdocs-material
then wrap it in the site's chrome. Links between generated pages are made relative here,
because MkDocs does not rewrite links inside raw HTML.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .graph import BranchNode, ContentGraph, FigureNode, StoryNode
from .images import ImageSet
from .markup import format_date, format_period, front_matter_value, plain_text, render_markdown
from .sharecards import CardContent, ShareCards


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


def plan_pages(graph: ContentGraph) -> list[Page]:
    """Every page the site has, in one place."""
    pages = [
        Page("index.md", "home.html", "首页", "各支部党建品牌一览"),
        Page("branches/index.md", "branches.html", "支部品牌", "按党委查看各支部的党建品牌"),
        Page("wall.md", "wall.html", "明星墙", "先进典型与明星党员光荣榜"),
        Page("stories.md", "stories.html", "典型故事", "各支部的典型故事"),
        Page("partners.md", "partners.html", "互联共建", "支部之间及与外部单位的互联共建"),
    ]
    for branch in graph.branches:
        pages.append(branch_page(branch))
        pages += [figure_page(f) for f in branch.figures]
        pages += [story_page(s) for s in branch.stories]
    return pages


def branch_page(branch: BranchNode) -> Page:
    brand = branch.data.brand
    card = CardContent(f"{branch.data.name} · {branch.org}", brand.name, brand.slogan or "",
                       _source(branch.folder, brand.logo), round_picture=False)
    return Page(f"{branch.url}index.md", "branch.html", f"{brand.name} · {branch.data.name}",
                plain_text(brand.slogan or brand.concept), {"branch": branch}, card)


def figure_page(figure: FigureNode) -> Page:
    data, branch = figure.data, figure.branch
    picture = _source(branch.folder, data.photo) or _source(branch.folder, branch.data.brand.logo)
    card = CardContent(branch.data.name, data.name, data.motto or data.post or "", picture,
                       round_picture=bool(data.photo))
    return Page(f"{figure.url[:-1]}.md", "figure.html", f"{data.name} · {branch.data.name}",
                plain_text(data.motto or data.story), {"figure": figure}, card)


def story_page(story: StoryNode) -> Page:
    branch, meta = story.branch, story.meta
    first = meta.photos[0].src if meta.photos else None
    picture = _source(branch.folder, first) or _source(branch.folder, branch.data.brand.logo)
    card = CardContent(f"{branch.data.name} · {format_date(meta.date)}", meta.title,
                       plain_text(story.body, 60), picture, round_picture=bool(first))
    return Page(f"{story.url[:-1]}.md", "story.html", meta.title, plain_text(story.body),
                {"story": story}, card)


def _source(folder: Path, name: str | None) -> str | None:
    return str(folder / name) if name else None


class Renderer:
    def __init__(self, layouts_dir: Path, graph: ContentGraph, images: ImageSet):
        self.graph = graph
        self.images = images
        self.env = Environment(
            loader=FileSystemLoader(layouts_dir),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=render_markdown, fm=front_matter_value, period=format_period, date=format_date,
        )

    def render(self, page: Page) -> str:
        template = self.env.get_template(page.layout)
        text = template.render(
            page=page,
            graph=self.graph,
            settings=self.graph.settings,
            images=self.images,
            url=lambda target: relative_url(target, page.url),
            **page.context,
        )
        return _squeeze_blank_lines(text)

    def write_all(self, pages: list[Page], docs_dir: Path, cards: ShareCards,
                  progress=None) -> None:
        task = progress.add_task("生成页面", total=len(pages)) if progress else None
        for page in pages:
            if page.card is not None:
                page.image = cards.card(page.card)
            target = docs_dir / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.render(page), encoding="utf-8")
            if progress:
                progress.advance(task)


def _squeeze_blank_lines(text: str) -> str:
    """Markdown ends a raw HTML block at a blank line; keep the page body one block."""
    head, sep, body = text.partition("\n---\n")
    if not sep:
        return re.sub(r"\n\s*\n", "\n", text)
    return head + sep + "\n" + re.sub(r"\n\s*\n", "\n", body.strip()) + "\n"
