"""The engine's persistent work site `.brandhall/engine/site/`, updated by dirty builds.

`state.json` beside it says what the last successful engine build was made from and what it
wrote: a fingerprint of everything every page depends on (the engine's settings, theme and
versions), and the size, mtime and SHA-256 of every staged file and every output file. A build
may update the work site in place (render only what changed) when the fingerprint is the same
and the work site holds exactly what the last build left there; otherwise it is built afresh.
A file whose size and mtime are as recorded is taken as unchanged; any other is hashed, so a
cache restored with new mtimes (CI) still counts as unchanged where the content is.

The state is removed before the engine starts and written after it finished, so a build that
stops halfway leaves no state and the next build starts afresh. Every file the engine writes is
first removed (`unlink_output`), so a write never changes a file `site/` shares by hard link
(`link_tree`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from ..images import link_or_copy

FORMAT = 2
ENGINE_DIR = "engine"  # in .brandhall/: site/ and state.json
Entry = tuple[int, int, str]  # size, mtime in ns, SHA-256
T = TypeVar("T")


def walk_tree(folder: Path, value: Callable[[os.DirEntry], T], folders: set[str] | None = None) -> dict[str, T]:
    """Every file under `folder`, by relative path, with `value` of its directory entry; the
    relative path of every folder is added to `folders` when given."""
    found: dict[str, T] = {}

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if folders is not None:
                        folders.add(prefix + entry.name)
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    found[prefix + entry.name] = value(entry)

    if folder.is_dir():
        walk(str(folder), "")
    return found


def scan(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`, by relative path, with its size and mtime (ns)."""
    return walk_tree(folder, _size_and_mtime)


def _size_and_mtime(entry: os.DirEntry) -> tuple[int, int]:
    stat = entry.stat(follow_symlinks=False)
    return stat.st_size, stat.st_mtime_ns


def entries(folder: Path, recorded: dict[str, Entry], keep: Callable[[str], bool] | None = None,
            scanned: dict[str, tuple[int, int]] | None = None) -> dict[str, Entry]:
    """Every file under `folder` (or those `keep` keeps) with its size, mtime and hash: the
    recorded hash when size and mtime are as recorded, else the file's own. `scanned` is
    `scan(folder)` when the caller has it already."""
    found = {}
    for relative, (size, mtime) in (scan(folder) if scanned is None else scanned).items():
        if keep is not None and not keep(relative):
            continue
        old = recorded.get(relative)
        if old is not None and old[0] == size and old[1] == mtime:
            found[relative] = old
        else:
            with open(folder / relative, "rb") as handle:
                found[relative] = (size, mtime, hashlib.file_digest(handle, "sha256").hexdigest())
    return found


def _contents(files: dict[str, Entry]) -> dict[str, tuple[int, str]]:
    return {relative: (entry[0], entry[2]) for relative, entry in files.items()}


def fingerprint(*parts: object) -> str:
    """One digest of everything given (JSON-able values; paths of folders are read in full)."""
    digest = hashlib.sha256(str(FORMAT).encode())
    for part in parts:
        if isinstance(part, Path):
            for relative, _ in sorted(scan(part).items()):
                digest.update(f"\0{relative}\0".encode() + (part / relative).read_bytes())
        else:
            digest.update(b"\0" + json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


@dataclass
class Plan:
    """What a dirty build must render again: the staged files whose output is out of date."""

    full: bool  # build afresh instead
    reason: str = ""
    staged: dict[str, Entry] | None = None  # the staged files now
    stale: frozenset[str] = frozenset()  # staged files (changed, added, removed, or linking to those)
    output: dict[str, Entry] | None = None  # the work site's files as the last build left them


class WorkSite:
    def __init__(self, folder: Path):
        self.folder = folder
        self.site = folder / "site"
        self.state_file = folder / "state.json"

    def _state(self) -> dict | None:
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            return None
        for part in ("staged", "output"):
            state[part] = {relative: tuple(entry) for relative, entry in state[part].items()}
        return state

    def plan(self, digest: str, docs_dir: Path, *, is_page: Callable[[str], bool], dirty_ok: bool = True) -> Plan:
        """Whether the work site can be updated in place for the files staged in `docs_dir`, and
        which of them to render again."""
        state = self._state()
        before = state["staged"] if state else {}
        staged = entries(docs_dir, before)
        if not dirty_ok:
            return Plan(True, "导航或设置要求整站生成", staged)
        if state is None:
            return Plan(True, "没有上次的构建记录", staged)
        if state["fingerprint"] != digest:
            return Plan(True, "网站设置、主题或版本有改动", staged)
        output = entries(self.site, state["output"])
        if _contents(output) != _contents(state["output"]):
            return Plan(True, "工作目录里的网站文件被改动过", staged)
        stale = {relative for relative, entry in staged.items()
                 if relative not in before or before[relative][::2] != entry[::2]}
        removed = before.keys() - staged.keys()
        added = staged.keys() - before.keys()
        if added or removed:
            pages = [r for r in staged if is_page(r) and r not in stale]
            stale |= linking_pages(docs_dir, pages, added | removed)
        return Plan(False, staged=staged, stale=frozenset(stale | removed), output=output)

    def forget(self) -> None:
        self.state_file.unlink(missing_ok=True)

    def save(self, digest: str, plan: Plan) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        state = {"format": FORMAT, "fingerprint": digest, "staged": plan.staged,
                 "output": entries(self.site, plan.output or {})}
        partial = self.state_file.with_name(f".{self.state_file.name}.partial")
        partial.write_text(json.dumps(state, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, self.state_file)


def link_names(relative: str) -> set[str]:
    """How a link to the staged file `relative` can end: `x.md`, `x/index.md`, `photo.jpg`, also
    percent-encoded (MkDocs resolves a page's relative links against the files that exist)."""
    parts = relative.split("/")
    name = "/".join(parts[-2:]) if parts[-1].lower() in ("index.md", "readme.md") else parts[-1]
    return {name, quote(name)}


def linking_pages(docs_dir: Path, pages: Iterable[str], targets: Iterable[str]) -> set[str]:
    """The pages among `pages` whose Markdown mentions a link name of one of `targets` (a file
    added or removed): a cold build would resolve their links differently."""
    names = sorted({n for target in targets for n in link_names(target)}, key=len, reverse=True)
    if not names:
        return set()
    pattern = re.compile("|".join(re.escape(n) for n in names))
    found = set()
    for page in pages:
        try:
            text = (docs_dir / page).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if pattern.search(text):
            found.add(page)
    return found


def unlink_output(site: Path, relative: str) -> None:
    """Remove one output file (and the folders it leaves empty): the engine writes a new file."""
    path = site / relative
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def link_tree(source: Path, target: Path, *, merge: bool = False) -> None:
    """`target` as a copy of `source` made of hard links (copies where linking fails). With
    `merge`, into the existing `target`: a file there is removed first, never written into
    (unless it is a link to the same file already)."""
    if target.exists() and not merge:
        shutil.rmtree(target)
    for directory, _, files in os.walk(source):
        here = Path(directory)
        there = target / here.relative_to(source)
        there.mkdir(parents=True, exist_ok=True)
        for name in files:
            if merge and _same_file(here / name, there / name):
                continue
            if merge:
                (there / name).unlink(missing_ok=True)
            link_or_copy(here / name, there / name)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except FileNotFoundError:
        return False
