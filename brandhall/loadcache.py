"""What reading and validating each branch folder found, kept in `.brandhall/cache/load/`.

A branch folder whose files did not change is not parsed or validated again: its result (the
branch, its raw document and every problem, warnings too) comes back from the cache. The key
covers what that result depends on: the text of branch.yml and of each story file, the names of
every file in the folder (photo references are checked against them), brandhall's own code,
the site settings and today's date (dates in the future are reported). Checks across branches
(partner slugs, the content graph) are not cached: they run every time.

The cache is written and read only by brandhall on the same machine or CI cache, so pickle is
acceptable here; a file that cannot be read back is simply ignored.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = "1"


@functools.cache
def code_version() -> str:
    """brandhall's version and own code, so that an upgrade reads and renders everything again."""
    files = sorted(Path(__file__).parent.rglob("*.py"))
    return _digest(__version__, *(f"{p.name}\0{p.read_text(encoding='utf-8')}" for p in files))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class LoadCache:
    def __init__(self, folder: Path, settings: str, today: dt.date | None = None):
        self.folder = folder
        self.common = _digest(FORMAT, code_version(), settings, (today or dt.date.today()).isoformat())
        self.hits = 0
        self.used: set[str] = set()

    def key(self, branch_folder: Path) -> str:
        parts = [self.common, str(branch_folder.resolve())]
        for root, dirs, files in os.walk(branch_folder):
            dirs.sort()
            for name in sorted(dirs + files):
                path = Path(root, name)
                relative = path.relative_to(branch_folder).as_posix()
                kind = "l" if path.is_symlink() else "d" if path.is_dir() else "f"
                parts.append(f"{kind}:{relative}")
                if kind == "f" and (relative == "branch.yml" or relative.startswith("stories/")
                                    and name.endswith(".md")):
                    parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        return _digest(*parts)

    def get(self, slug: str, key: str) -> Any | None:
        self.used.add(slug)
        try:
            with open(self.folder / f"{slug}.pickle", "rb") as handle:
                stored_key, value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                ImportError):
            return None
        if stored_key != key:
            return None
        self.hits += 1
        return value

    def put(self, slug: str, key: str, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / f".{slug}.{os.getpid()}.partial"
            with open(partial, "wb") as handle:
                pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.folder / f"{slug}.pickle")
        except OSError:  # a read-only project or a full disk: reading still works, only slower
            return

    def forget_unused(self) -> None:
        """Drop the entries of branch folders that are gone."""
        if self.folder.is_dir():
            for entry in self.folder.glob("*.pickle"):
                if entry.stem not in self.used:
                    entry.unlink(missing_ok=True)
