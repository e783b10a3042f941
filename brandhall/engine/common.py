"""What both engines need: the project, the offline shim among the staged pages, the nav pointed
at the pages as staged, and stale pages dropped from a preview that is built in place."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..offline import stage_offline
from ..project import Project

GENERATED_SECTIONS = ("branches", "wall")  # where pages come and go with the editors' files


class EngineBase:
    """Both engines serve offline copies with the same Worker shim, staged like a page asset."""

    def __init__(self, project: Project):
        self.project = project

    def stage(self, docs_dir: Path, *, offline: bool) -> None:
        if offline:
            stage_offline(docs_dir)


def staged_nav(nav: Any, docs_dir: Path) -> Any | None:
    """mkdocs.yml's nav with each `x.md` that is staged as `x/index.md` pointed there (generated
    pages are all staged so, see render.py); None when nothing changes."""
    changed = False

    def walk(item: Any) -> Any:
        nonlocal changed
        if isinstance(item, list):
            return [walk(i) for i in item]
        if isinstance(item, dict):
            return {key: walk(value) for key, value in item.items()}
        if isinstance(item, str) and item.endswith(".md") and not (docs_dir / item).exists():
            folder = item.removesuffix(".md")
            if (docs_dir / folder / "index.md").exists():
                changed = True
                return f"{folder}/index.md"
        return item

    result = walk(nav)
    return result if changed else None


def drop_stale_pages(docs_dir: Path, site_dir: Path) -> None:
    """A dirty (preview) build only adds and updates pages; remove the pages of generated
    sections whose source is gone, such as a deleted story's."""
    for section in GENERATED_SECTIONS:
        for page in list((site_dir / section).rglob("index.html")):
            folder = page.parent.relative_to(site_dir).as_posix()
            if not ((docs_dir / f"{folder}.md").exists() or (docs_dir / folder / "index.md").exists()):
                page.unlink()
                if not any(page.parent.iterdir()):
                    page.parent.rmdir()


def fixed_nav(nav: Any) -> bool:
    """Whether mkdocs.yml's nav names every entry's title itself. Then no page's chrome (nav,
    tabs, previous/next links) depends on any other page's content or on which pages exist
    outside the nav, and a page can be rendered again on its own."""
    def titled(item: Any) -> bool:
        if not isinstance(item, dict) or len(item) != 1:
            return False
        [value] = item.values()
        return all(titled(i) for i in value) if isinstance(value, list) else isinstance(value, str)

    return isinstance(nav, list) and all(titled(item) for item in nav)


def nav_targets(nav: Any, docs_dir: Path) -> list[tuple[str, bool]]:
    """Each page the nav names, and whether it is staged."""
    found: list[tuple[str, bool]] = []

    def walk(item: Any) -> None:
        if isinstance(item, list):
            for i in item:
                walk(i)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, str) and "://" not in item:
            found.append((item, (docs_dir / item).is_file()))

    walk(nav)
    return found


ENV_TAG = re.compile(r"!ENV\s+(\[[^\]\n]*\]|[^\s,\]}]+)")
INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", re.M)


def config_text(config_file: Path) -> list[str]:
    """mkdocs.yml as written, the files it inherits from and the environment values its `!ENV`
    tags read: everything MkDocs' configuration is made of."""
    parts: list[str] = []
    seen: set[Path] = set()
    while config_file.is_file() and config_file not in seen:
        seen.add(config_file)
        text = config_file.read_text(encoding="utf-8")
        parts.append(text)
        for names in ENV_TAG.findall(text):
            for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", names):
                parts.append(f"{name}={os.environ.get(name)}")
        inherit = INHERIT.search(text)
        if inherit is None:
            break
        config_file = (config_file.parent / inherit[1].strip()).resolve()
    return parts
