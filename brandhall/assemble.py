"""Assembling `site/` from what a build made: the engine's work site, the photos and cards, and the
search index, each a folder of files that are never written into (only replaced).

A fresh `site/` made of hard links costs one link per file and a removal per file of the one
before; at 1,000 branches that is some 150,000 of each for a one-story edit. So the site before
is kept beside it as `.site-old/` and becomes the next build's `.site-new/`: `sync_tree` links in
only the files that differ from their source (by inode: a link to the source's file is that
file) and removes the rest, then the two are swapped by renames, as before. A file is always
removed before it is linked anew, never written into, so a release that shares it by hard link
(`publish`) keeps what it had.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .engine.worksite import walk_tree
from .images import link_or_copy

Listing = tuple[dict[str, int], set[str]]  # files by relative path with their inode; folders


def listing(folder: Path) -> Listing:
    """Every file under `folder` with its inode number (read with the folder, no stat), and
    every folder, relative."""
    folders: set[str] = set()
    return walk_tree(folder, os.DirEntry.inode, folders), folders


def sync_tree(target: Path, sources: Sequence[Path]) -> int:
    """Make `target` hold exactly the files of `sources` (a later source's file wins), as hard
    links; a file that is a link to its source's file already is left alone. Returns how many
    files were linked."""
    target.mkdir(parents=True, exist_ok=True)
    device = target.stat().st_dev
    wanted: dict[str, tuple[Path, int | None]] = {}
    wanted_folders: set[str] = set()
    for source in sources:
        files, folders = listing(source)
        same_device = source.is_dir() and source.stat().st_dev == device  # inodes compare on one device only
        wanted_folders |= folders
        wanted |= {relative: (source, inode if same_device else None) for relative, inode in files.items()}
    present, present_folders = listing(target)
    _remove(target, [r for r, inode in present.items() if r not in wanted or wanted[r][1] != inode],
            present_folders - wanted_folders)
    for folder in sorted(wanted_folders - present_folders):
        (target / folder).mkdir(parents=True, exist_ok=True)
    linked = 0
    for relative, (source, inode) in wanted.items():
        if inode is None or present.get(relative) != inode:
            link_or_copy(source / relative, target / relative)
            linked += 1
    return linked


def settle_tree(fresh: Path, kept: Path, known: dict[str, str]) -> dict[str, str]:
    """Move the files of `fresh` into `kept`, which then holds exactly those: a file `kept` has
    with the same bytes stays (its inode too, so what links to it need not be linked again), a
    changed one is replaced by a rename, never written into. `known` is the SHA-256 of each file
    of `kept` as the last settle returned it (a file it does not name is replaced); returns the
    same for `kept` now. `fresh` is removed."""
    new, new_folders = listing(fresh)
    old, old_folders = listing(kept)
    _remove(kept, [r for r in old if r not in new], old_folders - new_folders)
    kept.mkdir(parents=True, exist_ok=True)
    for folder in sorted(new_folders - old_folders):
        (kept / folder).mkdir(parents=True, exist_ok=True)
    digests = {}
    for relative in new:
        digests[relative] = hashlib.sha256((fresh / relative).read_bytes()).hexdigest()
        if relative not in old or known.get(relative) != digests[relative]:
            os.replace(fresh / relative, kept / relative)
    shutil.rmtree(fresh)
    return digests


def _remove(root: Path, files: Sequence[str], folders: set[str]) -> None:
    for relative in files:
        os.unlink(root / relative)
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):  # the deepest first
        os.rmdir(root / folder)


class SiteFolders:
    """`site/` (or any output folder) and its two hidden siblings: `.site-new/`, the site being
    assembled, and `.site-old/`, the site before, kept to assemble the next one in."""

    def __init__(self, target: Path):
        self.target = target
        self.new = target.with_name(f".{target.name}-new")
        self.old = target.with_name(f".{target.name}-old")

    def empty(self) -> Path:
        """An empty `.site-new/`, for an engine that writes a whole site itself."""
        for folder in (self.new, self.old):
            shutil.rmtree(folder, ignore_errors=True)
        self.new.mkdir(parents=True)
        return self.new

    def recycled(self) -> Path:
        """`.site-new/` as the site before left it (or an unfinished build), to `sync_tree` into."""
        if self.new.is_dir():  # a build stopped before its swap
            shutil.rmtree(self.old, ignore_errors=True)
        elif self.old.is_dir():
            self.old.rename(self.new)
        else:
            self.new.mkdir(parents=True)
        return self.new

    def swap_in(self) -> None:
        """`.site-new/` becomes `site/` by renames, so a failed build never leaves it half-written;
        the site before is kept as `.site-old/`."""
        shutil.rmtree(self.old, ignore_errors=True)
        if self.target.exists():
            self.target.rename(self.old)
        self.new.rename(self.target)
