"""Shared fixtures: a copy of the example project, its built site served on loopback, and a
real Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
PROJECT_PARTS = ("branches", "docs", "theme", "mkdocs.yml", "schema", "screens")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_project(target: Path) -> Path:
    """A copy of the bundled example project, as a user's clone would have it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def run_brandhall(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "brandhall", *args],
        cwd=project, capture_output=True, text=True, env=env, timeout=600,
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass


class LocalServer:
    """Serves a folder on a free loopback port."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built once for the whole session (by the default engine, MkDocs)."""
    project = copy_project(tmp_path_factory.mktemp("example") / "project")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def example_project(example_build: Path) -> Path:
    """The example project, built once for the whole session. A module that runs on both
    engines replaces it (`on_both_engines`)."""
    return example_build


@pytest.fixture(scope="session")
def site(example_project: Path) -> Iterator[LocalServer]:
    server = LocalServer(example_project / "site")
    yield server
    server.close()


ENGINES = ("mkdocs", "zensical")  # brandhall build --engine


class EngineBuilds:
    """The example project built once per site engine for the whole session, each served on
    loopback; the MkDocs build is the session's `example_build`."""

    def __init__(self, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
        self.request = request
        self.tmp_path_factory = tmp_path_factory
        self.projects: dict[str, Path] = {}
        self.servers: dict[str, LocalServer] = {}

    def project(self, engine: str) -> Path:
        if engine not in self.projects:
            if engine == "mkdocs":
                self.projects[engine] = self.request.getfixturevalue("example_build")
            else:
                project = copy_project(self.tmp_path_factory.mktemp(f"example-{engine}") / "project")
                result = run_brandhall(project, "build", "--quiet", "--engine", engine)
                assert result.returncode == 0, result.stdout + result.stderr
                self.projects[engine] = project
        return self.projects[engine]

    def site(self, engine: str) -> LocalServer:
        if engine not in self.servers:
            self.servers[engine] = LocalServer(self.project(engine) / "site")
        return self.servers[engine]

    def close(self) -> None:
        for server in self.servers.values():
            server.close()


@pytest.fixture(scope="session")
def engine_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    builds = EngineBuilds(request, tmp_path_factory)
    yield builds
    builds.close()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The site engine a module's tests run on: a module that asks for it runs on both."""
    return request.param


@pytest.fixture(scope="module")
def engine_project(engine_builds: EngineBuilds, engine: str) -> Path:
    return engine_builds.project(engine)


@pytest.fixture(scope="module")
def engine_site(engine_builds: EngineBuilds, engine: str) -> LocalServer:
    return engine_builds.site(engine)


def on_both_engines():
    """Fixtures that make a module's `example_project` and `site` the example built on each
    engine in turn: `example_project, site = on_both_engines()` at the top of the module."""

    @pytest.fixture(scope="module", name="example_project")
    def project(engine_project: Path) -> Path:
        return engine_project

    @pytest.fixture(scope="module", name="site")
    def served(engine_site: LocalServer) -> LocalServer:
        return engine_site

    return project, served


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot with every lazy image and frame loaded, for people to look at."""
    from helpers import wait_until_loaded

    wait_until_loaded(page)
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


# --- lobby screens: shared by tests/test_screens_*.py (helpers in screens_support.py) ----------


@pytest.fixture(scope="session")
def screen_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with the playlists of screens_support.TEST_SCREENS, built once for
    every tests/test_screens_*.py module."""
    from screens_support import TEST_SCREENS, add_pictures

    project = copy_project(tmp_path_factory.mktemp("screens") / "project")
    add_pictures(project / "screens")
    for name, text in TEST_SCREENS.items():
        (project / "screens" / f"{name}.yml").write_text(text.lstrip(), encoding="utf-8")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def screens_server(screen_project: Path):
    server = LocalServer(screen_project / "site")
    yield server
    server.close()


@pytest.fixture
def playlist(tmp_path: Path) -> Path:
    """screens/test.yml (screens_support.BASE) in a copy of branches/ and mkdocs.yml, to plant mistakes in."""
    from helpers import copy_project as copy_small_project
    from helpers import replace_once
    from screens_support import BASE, REAL_URL, SITE_URL

    project = copy_small_project(tmp_path)
    path = project / "screens" / "test.yml"
    path.parent.mkdir()
    path.write_text(BASE, encoding="utf-8")
    replace_once(project / "mkdocs.yml", f"site_url: {SITE_URL}", f"site_url: {REAL_URL}")  # else W609 everywhere
    return path


@pytest.fixture
def open_screen(browser, screens_server):
    """open_screen(name, when, size, query): one screen page under a fake clock (screens_support.Player)."""
    from screens_support import WEDNESDAY_NOON, Player

    players: list[Player] = []

    def open_(name: str, when: dt.datetime | None = None, size: tuple[int, int] = (1920, 1080),
              query: str = "") -> Player:
        player = Player(browser, screens_server, name, when or WEDNESDAY_NOON, size, query)
        players.append(player)
        return player

    yield open_
    for player in players:
        assert player.errors == [], player.errors
        assert player.state()["errors"] == 0, "an exception was caught in the player's tick"
        player.close()


UNIT_TESTS = Path(__file__).parent / "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything outside tests/unit/ is slow, so `pytest -m "not slow"` checks a change in seconds."""
    for item in items:
        if not item.path.is_relative_to(UNIT_TESTS):
            item.add_marker(pytest.mark.slow)
