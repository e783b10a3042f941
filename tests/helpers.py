"""Small helpers for tests that run `brandhall` on a copy of the bundled example project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_project(tmp_path: Path) -> Path:
    """Copy the bundled example project (branches/ and mkdocs.yml) into `tmp_path/project`."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "branches", project / "branches")
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def touch_a_branch_file(project: Path) -> None:
    """Give one branch file a new mtime, its content as it was (as a git checkout does): the
    next build is a full one, not the up-to-date shortcut, and finds nothing changed."""
    os.utime(sorted((project / "branches").glob("*/branch.yml"))[0])


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


def html_files(site: Path) -> dict[str, tuple[int, int]]:
    """Each HTML file of `site`, with its inode and mtime: a file written again has new ones."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*.html")}


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


def search_site(page, query: str, timeout: float = 30_000) -> list[str]:
    """Type `query` into the page's search box (the search page's, or the guides') and wait for
    the results; returns the result links' paths, best first."""
    page.locator("form[data-search] input").fill(query)
    wait_for_search(page, timeout)
    return search_results(page)


def wait_for_search(page, timeout: float = 30_000) -> None:
    page.wait_for_function("() => /找到|没有找到/.test(document.querySelector('[data-search-status]').textContent)",
                           timeout=timeout)


def search_results(page) -> list[str]:
    """The result links, as paths from the site root (or file:// paths)."""
    from urllib.parse import unquote, urlparse

    return [unquote(urlparse(a.get_attribute("href")).path).lstrip("/")
            for a in page.locator(".bh-search__link").all()]


def visible_texts(page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).filter(visible=True).all_inner_texts()]


def wall_cards(page) -> list[str]:
    """The cards the wall filter drew, once it has fetched its data."""
    page.locator("[data-wall-count], [data-wall-empty]:not([hidden])").first.wait_for()
    return visible_texts(page, "[data-wall-cards] .bh-figure-card__name")


# Every document of the page, its frames' too, loaded with all its images and fonts. Playwright's
# On a loaded CI machine the screens index (35 frames in its contact sheet, each a player) took
# more than Playwright's 30 s to reach "networkidle"; this wait allows for that and says what is late.
UNSETTLED = """() => [document, ...[...document.querySelectorAll('iframe')].map(f => f.contentDocument)]
  .filter(d => !d || d.URL === 'about:blank' || d.readyState !== 'complete' || d.fonts.status !== 'loaded'
               || [...d.images].some(i => !i.complete))
  .map(d => d ? d.URL : '(no document)')"""


def wait_until_loaded(page, timeout: float = 120.0) -> None:
    """Load every lazy image and frame now, then wait until the page and its frames are complete."""
    page.evaluate("document.querySelectorAll('[loading=lazy]').forEach(e => e.loading = 'eager')")
    page.wait_for_load_state("load")
    deadline = time.monotonic() + timeout
    while unsettled := page.evaluate(UNSETTLED):
        if time.monotonic() > deadline:
            raise AssertionError(f"still loading after {timeout:.0f} s: {unsettled[:5]}")
        time.sleep(0.1)  # a Python-side wait: the page's own timers may be Playwright's fake clock


class RequestLog:
    """Every request a page and its frames make, and which of them are still in flight.
    Playwright's "networkidle" wants 500 ms with no request at all, which a page of live screen
    players (each polling its version file) may never give a loaded CI machine; this waits only
    for the requests already made to end."""

    def __init__(self, page) -> None:
        self.page = page
        self.urls: list[str] = []
        self.in_flight: set = set()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self.urls.append(request.url)
        self.in_flight.add(request)

    def _ended(self, request) -> None:
        self.in_flight.discard(request)

    def goto(self, url: str) -> None:
        self.in_flight.clear()  # what the last page left unfinished ended with it
        self.page.goto(url)

    def wait_until_done(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while self.in_flight:
            if time.monotonic() > deadline:
                raise AssertionError(f"requests unfinished after {timeout:.0f} s: "
                                     f"{sorted(r.url for r in self.in_flight)[:5]}")
            self.page.wait_for_timeout(100)  # lets Playwright deliver the page's events


def load_everything(page, requests: RequestLog) -> None:
    """wait_until_loaded, then until every request made so far has ended: for tests that record
    every request."""
    wait_until_loaded(page)
    requests.wait_until_done()
