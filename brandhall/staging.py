"""The staging folder `.brandhall/docs/`: the Markdown and files MkDocs builds from. (Photos and
share cards are in `.brandhall/media/`, a `Staging` of its own, linked into the site after the
engine: `Project.media_dir`.)

It persists between builds. A file is written only when its content changed, so its mtime
says when it last changed (what an engine's dirty build goes by); files a build no longer
puts there (a deleted story's page, an old photo size) are removed before the engine runs.
"""

from __future__ import annotations

import os
from pathlib import Path


class Staging:
    def __init__(self, folder: Path):
        self.folder = folder
        self.kept: set[str] = set()  # every file this build put or left here, relative
        self.written = 0  # files whose content changed this build
        folder.mkdir(parents=True, exist_ok=True)

    def write_text(self, relative: str, text: str) -> None:
        self.write_bytes(relative, text.encode("utf-8"))

    def write_bytes(self, relative: str, data: bytes) -> None:
        target = self._target(relative)
        if _same(target, data):
            return
        replace_file(target, data)
        self.written += 1

    def copy(self, source: Path, relative: str) -> None:
        self.write_bytes(relative, source.read_bytes())

    def keep(self, relative: str) -> None:
        """A file something else put here this build (photos and cards, linked from their caches)."""
        self.kept.add(relative)

    def prune(self, also_keep: set[str] = frozenset()) -> list[str]:
        """Remove every file this build did not keep, and the folders left empty."""
        keep = self.kept | also_keep
        removed = []
        for directory, dirs, files in os.walk(self.folder, topdown=False):
            here = os.path.relpath(directory, self.folder)
            prefix = "" if here == "." else here.replace(os.sep, "/") + "/"
            links = [d for d in dirs if os.path.islink(os.path.join(directory, d))]  # not folders of ours
            for name in files + links:
                if prefix + name not in keep:
                    os.unlink(os.path.join(directory, name))
                    removed.append(prefix + name)
            if prefix and not os.listdir(directory):
                os.rmdir(directory)
        return sorted(removed, reverse=True)

    def touch_all(self) -> None:
        """Mark every Markdown page as changed: the local preview's dirty MkDocs build (into
        `.brandhall/preview/`, not the engine's work site) then re-renders every page, as it did
        when the staging folder was made afresh each build. (`build` goes by the staged files'
        signatures instead, engine/worksite.py: a touched page is rendered again there too.)"""
        for relative in self.kept:
            if relative.endswith(".md"):
                os.utime(self.folder / relative)

    def _target(self, relative: str) -> Path:
        self.kept.add(relative)
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


def _same(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except FileNotFoundError:
        return False


def replace_file(target: Path, data: bytes) -> None:
    """A new file renamed over the old: a file shared by hard link (a cached photo, a page of the
    engine's work site that site/ links to) is never changed."""
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


def copy_tree(source: Path, staging: Staging, transform=None) -> None:
    """Copy the hand-written docs/ into staging; `transform` rewrites Markdown text."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(source).as_posix()
        if transform is not None and path.suffix == ".md":
            staging.write_text(relative, transform(path.read_text(encoding="utf-8")))
        else:
            staging.copy(path, relative)

