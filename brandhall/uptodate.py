"""A build whose inputs are all as they were at the last build does nothing, as `make` does.

The inputs, as one digest: every file of the project but its outputs and caches (by size and
mtime, so a file touched without a change still counts as changed and takes the full build),
brandhall's own files, the installed packages, the git commit (pages show each file's last commit
date), today's date (the 新 badge, the sitemap) and the build's options. The digest and the report
of the build it was made for are kept in `.brandhall/uptodate.pickle`, so an up-to-date build shows
the same warnings again; and `site/` must hold the very files that build left there (each file's
size and mtime), so a file deleted or added there takes a full build too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import subprocess
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

from .engine.worksite import scan
from .manifest import MANIFEST
from .project import Project
from .staging import replace_file

# Never inputs: what builds write, and the tools' own folders.
NOT_INPUTS = {".git", ".brandhall", "node_modules", ".venv", "__pycache__", ".pytest_cache"}
PACKAGE_DIR = Path(__file__).parent


class UpToDate:
    """The last build's report while nothing it was made from has changed."""

    def __init__(self, project: Project, site_dir: Path, **options: Any):
        self.file = project.work_dir / "uptodate.pickle"
        self.site_dir = site_dir
        outputs = {"site", "site-offline", site_dir.name, f".{site_dir.name}-new", f".{site_dir.name}-old"}
        inside = project.root.resolve()
        roots = [project.root] + [folder for folder in (project.branches_dir, project.docs_dir, project.theme_dir)
                                  if not folder.resolve().is_relative_to(inside)]
        digest = hashlib.sha256(repr(sorted(options.items())).encode())
        digest.update(f"\0{dt.date.today().isoformat()}\0{_git_head(project.root)}".encode())
        for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions()):
            digest.update(f"\0{dist}".encode())
        for root in (PACKAGE_DIR, *roots):
            for relative, size, mtime in _files(root, outputs if root == project.root else set()):
                digest.update(f"\0{root}\0{relative}\0{size}\0{mtime}".encode())
        self.digest = digest.hexdigest()

    def last_report(self) -> Any | None:
        """The report of the last build when its inputs and its `site/` are as they were."""
        try:
            with open(self.file, "rb") as handle:
                digest, site, report = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None
        return report if digest == self.digest and site == self._site() else None

    def forget(self) -> None:
        self.file.unlink(missing_ok=True)

    def save(self, report: Any) -> None:
        replace_file(self.file, pickle.dumps((self.digest, self._site(), report), protocol=pickle.HIGHEST_PROTOCOL))

    def _site(self) -> str | None:
        """A digest of every file in `site/` by size and mtime; None without a build's manifest."""
        files = scan(self.site_dir)
        if MANIFEST not in files:
            return None
        return hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()


def _files(root: Path, outputs: set[str]) -> list[tuple[str, int, int]]:
    """Every file under `root` with its size and mtime; `outputs` are skipped at the top only."""
    found = []
    for directory, dirs, files in os.walk(root):
        here = os.path.relpath(directory, root)
        skip = NOT_INPUTS | outputs if here == "." else NOT_INPUTS
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files):
            if name in skip:
                continue
            stat = os.stat(os.path.join(directory, name))
            found.append((f"{here}/{name}", stat.st_size, stat.st_mtime_ns))
    return found


def _git_head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip()
