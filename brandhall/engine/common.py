"""What both engines need: the project, the offline shim among the staged pages, the nav pointed
at the pages as staged, and stale pages dropped from a preview that is built in place."""

from __future__ import annotations

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
