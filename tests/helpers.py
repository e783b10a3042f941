"""Small helpers for tests that run `brandhall` on a copy of the bundled example project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_project(tmp_path: Path) -> Path:
    """Copy the bundled example project (branches/ and mkdocs.yml) into `tmp_path/project`."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "branches", project / "branches")
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def replace_once(path: Path, old: str, new: str) -> str:
    """Replace `old`, which must occur exactly once in `path`; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(path: Path, snippet: str) -> int:
    """The 1-based number of the only line of `path` that contains `snippet`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if snippet in line]
    assert len(found) == 1, f"{snippet!r} is on lines {found} of {path}"
    return found[0]


def run_brandhall(project: Path, *args: str, timeout: float = 120) -> tuple[int, list[str]]:
    """Run `python -m brandhall ARGS` in `project`; returns (exit code, output lines)."""
    done = subprocess.run(
        [sys.executable, "-m", "brandhall", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    return done.returncode, done.stdout.splitlines()
