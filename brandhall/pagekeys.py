"""Which pages a rebuild must render again: a key per page for everything it is drawn from, and
the rendered pages kept by key in `.brandhall/cache/pages/`.

A branch, figure or story page is keyed by the content of its own branch. A listing page is keyed
by what its context holds (the cards on it, by address and by their branch's content, and its
pager), so an edited story renders again only the listing pages that show it. The few listings
that gather something from every branch (home, branch list, wall, search: counts and rankings)
are keyed by every branch, and so is every listing when the project overrides a layout: its own
template may show anything.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .graph import BranchNode, ContentGraph, FigureNode, HonourEntry, PartnerLink, StoryNode
from .honours import TitleArchive
from .images import ImageSet
from .listing import Pager
from .loadcache import code_version
from .staging import replace_file
from .templates import sources

if TYPE_CHECKING:
    from .render import Page, Renderer


class PageInputs:
    """A key for everything a page is drawn from: its own fields, the content it shows (see the
    module's docstring), the layouts, the settings and the date. Equal keys mean equal pages, so a
    rebuild renders only pages whose key changed. brandhall's own code is part of the key too, so
    an upgrade renders everything again."""

    def __init__(self, renderer: Renderer, layout_dirs: list[Path]):
        photos = _photos_by_branch(renderer.graph, renderer.images)
        self.branch_digests = {id(b): _branch_digest(b, photos.get(b.folder, []))
                               for b in renderer.graph.branches}
        self.all_branches = digest(*self.branch_digests.values())
        self.own_layouts = any(d.is_dir() and any(d.iterdir()) for d in layout_dirs[:-1])
        self.common = digest(
            code_version(), renderer.today.isoformat(), str(renderer.directory_urls),
            str(renderer.booklets),
            # offline links depend on which pages exist
            "" if renderer.directory_urls else "\n".join(sorted(renderer.sources)),
            renderer.graph.settings.model_dump_json(),
            *sources(renderer.env),
        )

    def key(self, page: Page) -> str:
        return digest(self.common, self._scope(page), page.path, page.layout, page.title,
                       page.description, str(page.image), str(page.updated))

    def _scope(self, page: Page) -> str:
        node = next((page.context[k] for k in ("branch", "figure", "story") if k in page.context), None)
        if node is not None:
            return self.branch_digests[id(getattr(node, "branch", node))]  # a figure's or story's branch
        if page.whole_site or self.own_layouts:
            return self.all_branches
        shown: list[str] = []
        try:
            for name in sorted(page.context):
                shown.append(name)
                self._describe(page.context[name], shown)
        except _Unkeyed:
            return self.all_branches
        return digest(*shown)

    def _describe(self, value: Any, out: list[str]) -> None:
        """`value` as text into `out`: a card by its address and its branch's content."""
        if isinstance(value, BranchNode):
            out += [value.url, self.branch_digests[id(value)]]
        elif isinstance(value, (StoryNode, FigureNode)):
            out += [value.url, self.branch_digests[id(value.branch)]]
        elif isinstance(value, HonourEntry):
            self._describe(value.figure, out)
            out.append(value.honour.model_dump_json())
        elif isinstance(value, TitleArchive):  # its entries on this page are the page's items
            out += [value.title, value.group]
        elif isinstance(value, PartnerLink):
            out.append(value.data.model_dump_json())
            if value.target is not None:
                self._describe(value.target, out)
        elif isinstance(value, BaseModel):
            out.append(value.model_dump_json())
        elif isinstance(value, (list, tuple)):
            out.append(f"[{len(value)}")
            for item in value:
                self._describe(item, out)
        elif isinstance(value, dict):
            for name, item in value.items():
                out.append(repr(name))
                self._describe(item, out)
        elif value is None or isinstance(value, (str, int, float, Pager)):
            out.append(repr(value))
        else:
            raise _Unkeyed(type(value).__name__)


class _Unkeyed(Exception):
    """A listing's context holds something `_describe` cannot tell apart: key it by every branch."""


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _photos_by_branch(graph: ContentGraph, images: ImageSet) -> dict[Path, list[str]]:
    folders = {b.folder for b in graph.branches}
    photos: dict[Path, list[str]] = {}
    for (source, use), image in images.images.items():
        folder = next((f for f in source.parents if f in folders), None)
        if folder is not None:
            photos.setdefault(folder, []).append(f"{source}|{use}|{image!r}")
    return photos


def _branch_digest(branch: BranchNode, photos: list[str]) -> str:
    """Everything of one branch that its pages show, including its partners' names and links
    and the processed photos (whose file names change when a photo does)."""
    parts = [branch.url, branch.org, branch.data.model_dump_json()]
    parts += [f"{f.url}|{','.join(s.url for s in f.stories)}" for f in branch.figures]
    parts += [f"{s.url}|{s.meta.model_dump_json()}|{s.body}" for s in branch.stories]
    parts += [f"{p.target.url}|{p.target.data.name}|{p.target.data.brand.name}"
              for p in branch.partners if p.target]
    return digest(*parts, *sorted(photos))


class PageCache:
    """Rendered pages by input key, kept between builds in `.brandhall/cache/pages/`; and in
    `staged.json` the key, size and mtime of each page as it was written to staging, so that a
    page whose key and staged file are as recorded is neither read from the cache nor compared."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        folder.mkdir(parents=True, exist_ok=True)
        self.staged_file = folder / "staged.json"
        try:
            self._staged_before = json.loads(self.staged_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._staged_before = {}
        self.staged: dict[str, list] = {}

    def get(self, key: str) -> str | None:
        cached = self.folder / f"{key}.md"
        if not cached.exists():
            return None
        self.used.add(key)
        return cached.read_text(encoding="utf-8")

    def keep(self, key: str, text: str) -> None:
        self.used.add(key)
        (self.folder / f"{key}.md").write_text(text, encoding="utf-8")

    def unchanged(self, path: str, key: str, file: Path) -> bool:
        """Whether the staged `file` (page `path`) is still what was written for `key`."""
        before = self._staged_before.get(path)
        if not isinstance(before, list) or before[:1] != [key] or _signature(file) != before[1:]:
            return False
        self.used.add(key)
        self.staged[path] = before
        return True

    def staged_as(self, path: str, key: str, file: Path) -> None:
        self.staged[path] = [key, *_signature(file)]

    def forget_unused(self) -> None:
        for cached in self.folder.glob("*.md"):
            if cached.stem not in self.used:
                cached.unlink()
        replace_file(self.staged_file, json.dumps(self.staged, separators=(",", ":")).encode("utf-8"))


def _signature(file: Path) -> list[int]:
    try:
        stat = file.stat()
    except FileNotFoundError:
        return []
    return [stat.st_size, stat.st_mtime_ns]
