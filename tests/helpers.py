"""Small helpers for tests that run `brandhall` on a copy of the bundled example project."""

from __future__ import annotations

import os
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


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace `old`, which must occur exactly once in the file, by `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, snippet: str) -> int:
    """The 1-based number of the only line of the file that contains `snippet`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if snippet in line]
    assert len(found) == 1, f"{snippet!r} is on lines {found} of {path}"
    return found[0]


def position(path: Path, snippet: str, target: str) -> str:
    """`line:col` of `target` on the only line that contains `snippet` (both 1-based)."""
    number = line_of(path, snippet)
    line = path.read_text(encoding="utf-8").splitlines()[number - 1]
    assert target in line, f"{target!r} is not on line {number}: {line!r}"
    return f"{number}:{line.index(target) + 1}"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove a command changed nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_brandhall(project: Path, *args: str, timeout: float = 120) -> tuple[int, list[str]]:
    """Run `python -m brandhall ARGS` in `project`; returns (exit code, output lines)."""
    hidden = ("FORCE_COLOR", "TTY_COMPATIBLE", "BRANDHALL_DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env.update(NO_COLOR="1", PYTHONIOENCODING="utf-8",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])))
    done = subprocess.run(
        [sys.executable, "-m", "brandhall", *args],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, encoding="utf-8", timeout=timeout, check=False,
    )
    return done.returncode, done.stdout.splitlines()


def run_check(project: Path, timeout: float = 120) -> tuple[int, list[str]]:
    """Run `brandhall check`. Also asserts that it did not crash (no traceback, no exit code 2
    for an internal error) and that it changed no file under branches/."""
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "check", timeout=timeout)
    output = "\n".join(lines)
    assert "Traceback" not in output, output
    assert code in (0, 1), output
    assert snapshot(project / "branches") == before, "check changed files under branches/"
    return code, lines


ZENSICAL_RESULTS = "dialog ol[role=listbox] a[role=option]"  # in Zensical's search, an open shadow root


def search_site(page, query: str, timeout: float = 30_000):
    """Type `query` into the site's search box, mkdocs-material's or Zensical's, and wait for
    results; the result links, best first."""
    if page.locator(".md-search__button").count():
        return _search_zensical(page, query, timeout)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material ignores what is typed before its search worker is ready, then shows this text.
    page.locator(".md-search-result__meta", has_text="键入以开始搜索").wait_for(state="attached")
    page.locator(".md-search__input").fill(query)
    page.locator(".md-search__input").press("End")  # Material searches on keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=timeout)
    return page.locator(".md-search-result__link")


def _search_zensical(page, query: str, timeout: float):
    page.locator(".md-search__button").click()
    box = page.locator("dialog input[role=combobox]")
    results = page.locator(ZENSICAL_RESULTS)
    for attempt in range(3):  # what is typed before its index has loaded finds nothing: type again
        box.fill("")
        box.press_sequentially(query)
        try:
            results.first.wait_for(timeout=timeout / 3)
            return results
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; the last attempt raises
            if attempt == 2:
                raise
    return results
