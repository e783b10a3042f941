"""When each source file last changed: the date of the last commit that touched it, or its
modification time when it is outside git or has uncommitted changes."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                                timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _mtime(path: Path) -> dt.date:
    return dt.date.fromtimestamp(path.stat().st_mtime)


def last_changed(root: Path, folder: Path) -> dict[Path, dt.date]:
    """Every file below `folder`, with the date it last changed. One `git log` for all of them."""
    dates: dict[Path, dt.date] = {}
    top = _git(root, "rev-parse", "--show-toplevel")
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--", str(folder)) if top else None
    if top and log:
        toplevel = Path(top.strip())
        when = None
        for line in log.splitlines():
            if line.startswith("\x00"):
                when = dt.date.fromtimestamp(int(line[1:]))
            elif line and when is not None:
                dates.setdefault((toplevel / line).resolve(), when)
        dirty = _git(root, "status", "--porcelain", "--", str(folder)) or ""
        for line in dirty.splitlines():
            path = (toplevel / line[3:].strip().strip('"')).resolve()
            if path.is_file():
                dates[path] = _mtime(path)
    for path in folder.rglob("*"):
        if path.is_file():
            dates.setdefault(path.resolve(), _mtime(path))
    return dates
