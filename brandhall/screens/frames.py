"""Frames: what each slide shows, page by page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..graph import ContentGraph, FigureNode, HonourEntry
from ..periods import format_period
from .models import (
    BrandSlide,
    BrandsSlide,
    FigureSlide,
    FigureTalkSlide,
    ImageSlide,
    NoticeSlide,
    PartnersSlide,
    PosterSlide,
    Screen,
    SlideBase,
    StoriesSlide,
    WallSlide,
    Window,
)

# ---------------------------------------------------------------------------------------------


@dataclass
class Frame:
    """One page of a slide: a brand of a roll, a page of the wall, one story..."""

    kind: str
    slide: int
    context: dict[str, Any]
    link: str | None = None  # the intranet page the QR code leads to (site-relative or absolute)
    duration: int = 0
    schedule: list[Window] = field(default_factory=list)
    name: str = ""  # as the preview bar and the contact sheet name it: 第 2 张 · 明星墙（1/2）
    source: SlideBase | None = None  # the slide it is a page of


def _visible(figure: FigureNode) -> bool:
    return figure.data.on_screens


def _frames_of(slide: SlideBase, graph: ContentGraph) -> list[Frame]:
    """The frames of one slide; `slide` index and timing are filled in by `frames_of`."""
    branches = {b.slug: b for b in graph.branches}
    if isinstance(slide, BrandSlide):
        branch = branches[slide.branch]
        return [Frame("brand", 0, {"branch": branch, "single": True}, branch.url)]
    if isinstance(slide, BrandsSlide):
        chosen = graph.by_org().get(slide.org, []) if slide.org else graph.branches
        return [Frame("brand", 0, {"branch": b, "single": False}, b.url) for b in chosen]
    if isinstance(slide, FigureSlide):
        branch = branches[slide.branch]
        figure = next(f for f in branch.figures if f.id == slide.figure)
        return [Frame("figure", 0, {"figure": figure}, figure.url)] if _visible(figure) else []
    if isinstance(slide, WallSlide):
        return _wall_frames(slide, graph)
    if isinstance(slide, StoriesSlide):
        return [Frame("story", 0, {"story": s}, s.url) for s in graph.stories[: slide.count]]
    if isinstance(slide, PartnersSlide):
        pairs = graph.partnerships()[: slide.count]
        return [Frame("partner", 0, {"branch": b, "link": link, "number": i + 1, "total": len(pairs)},
                      "partners/") for i, (b, link) in enumerate(pairs)]
    if isinstance(slide, NoticeSlide):
        return [Frame("notice", 0, {"notice": slide}, slide.link)]
    if isinstance(slide, ImageSlide | PosterSlide):
        return [Frame("picture", 0, {"slide": slide})]
    if isinstance(slide, FigureTalkSlide):
        return _talk_frames(slide, branches[slide.branch])
    raise AssertionError(slide)


def _talk_frames(slide: FigureTalkSlide, branch) -> list[Frame]:
    """A figure's talk: the figure in large type, then each photo of their stories."""
    figure = next(f for f in branch.figures if f.id == slide.figure)
    if not _visible(figure):
        return []
    photos = [(story, photo) for story in figure.stories for photo in story.meta.photos]
    return [Frame("talk", 0, {"figure": figure}, figure.url)] + [
        Frame("talk_photo", 0, {"story": story, "photo": photo, "number": n + 1, "total": len(photos)},
              story.url) for n, (story, photo) in enumerate(photos)]


def _wall_frames(slide: WallSlide, graph: ContentGraph) -> list[Frame]:
    if slide.scope == "current":
        period, entries = graph.current_stars()
        heading = f"{format_period(period)}明星" if period else "明星"
    else:
        stars = {h.title for h in graph.settings.honours if h.star}
        entries = sorted((e for e in graph.honour_entries() if graph.settings.canonical(e.honour.title) in stars),
                         key=lambda e: (e.honour.period, -graph.settings.rank_of(e.honour.title)),
                         reverse=True)
        heading = "光荣榜"
    seen: set[int] = set()
    people: list[HonourEntry] = []
    for entry in entries:
        if _visible(entry.figure) and id(entry.figure) not in seen:
            seen.add(id(entry.figure))
            people.append(entry)
    size = slide.per_page or 4
    pages = even_pages(people, size)
    return [Frame("wall", 0, {"heading": heading, "entries": page, "page": n + 1, "pages": len(pages),
                              "per_page": size, "scope": slide.scope}, "wall/")
            for n, page in enumerate(pages)]


def even_pages(items: list, size: int) -> list[list]:
    """As few pages as `size` allows, as even as possible, the fuller ones first: 5 people
    with 4 a page make 3 + 2, and 25 make 4, 4, 4, 4, 3, 3, 3."""
    count = -(-len(items) // size)
    if not count:
        return []
    small, extra = divmod(len(items), count)
    starts = [n * small + min(n, extra) for n in range(count + 1)]
    return [items[starts[n]: starts[n + 1]] for n in range(count)]


def wall_grid(per_page: int, portrait: bool) -> tuple[int, int]:
    """(columns, rows) of a wall page, the same on every page so cards keep their size."""
    if portrait:
        return (1, 1) if per_page == 1 else (2, (per_page + 1) // 2)
    return (per_page, 1)


def frames_of(screen: Screen, graph: ContentGraph) -> list[Frame]:
    frames = []
    for index, slide in enumerate(screen.slides):
        pages = _frames_of(slide, graph)
        for page, frame in enumerate(pages):
            frame.slide = index
            frame.duration = slide.duration or screen.duration
            frame.schedule = slide.schedule
            frame.source = slide
            frame.name = f"第 {index + 1} 张 · {type(slide).model_config['title']}" + (
                f"（{page + 1}/{len(pages)}）" if len(pages) > 1 else "")
            if frame.kind == "wall":
                frame.context["grid"] = wall_grid(frame.context["per_page"],
                                                  screen.orientation == "portrait")
            frames.append(frame)
    return frames
