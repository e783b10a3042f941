"""The documented nginx config (scripts/nginx/brandhall.conf) with real nginx on loopback, serving
`current` of a publish folder under /dangjian/: the site works there in Chromium, a second
publish shows at once, and the cache headers are as documented."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, copy_project, run_brandhall
from helpers import replace_once, search_site

NGINX = "/usr/sbin/nginx"
CONF = REPO / "scripts" / "nginx" / "brandhall.conf"
PREFIX = "/dangjian/"
IMMUTABLE = "public, max-age=31536000, immutable"
SLOGAN = "slogan: 一名党员一面旗 一台油车一岗哨"

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is installed by scripts/setup.sh --test")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_config(workdir: Path, port: int, publish_dir: Path) -> Path:
    """nginx.conf for a foreground nginx with every path in `workdir`, including the documented
    server block with only its port and publish folder changed, as the docs tell admins to."""
    documented = CONF.read_text(encoding="utf-8")
    assert documented.count("listen 80;") == 1 and "/srv/brandhall/current/" in documented
    site = documented.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/brandhall", str(publish_dir))
    (workdir / "brandhall.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(f"  {name}_temp_path {workdir / name};" for name in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest tmp folder
    config = workdir / "nginx.conf"
    config.write_text(
        f"{user}worker_processes 1;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log {workdir / 'access.log'};\n{temp}\n  include {workdir / 'brandhall.conf'};\n}}\n",
        encoding="utf-8")
    return config


@dataclass
class Published:
    project: Path
    target: Path
    origin: str

    def url(self, path: str = "") -> str:
        return f"{self.origin}{PREFIX}{path}"

    def publish(self) -> None:
        result = run_brandhall(self.project, "publish", "--to", str(self.target), "--quiet",
                               "--site-url", self.url())
        assert result.returncode == 0, result.stderr


def wait_until_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    while process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)
    raise AssertionError(f"nginx exited: {log.read_text() if log.exists() else ''}")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    root = tmp_path_factory.mktemp("nginx")
    workdir = root / "nginx"
    workdir.mkdir()
    port = free_port()
    served = Published(copy_project(root / "project"), root / "www", f"http://127.0.0.1:{port}")
    served.publish()
    config = server_config(workdir, port, served.target)
    process = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(config), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(port, process, workdir / "error.log")
        yield served
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir / "client_body", ignore_errors=True)


def headers(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_site_works_under_the_sub_path_and_switches_to_the_second_release(nginx: Published, page):
    outside: list[str] = []
    violations: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(nginx.origin)
            and not r.url.startswith(("data:", "blob:", "about:")) else None)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(nginx.url())
    assert page.url == nginx.url()
    assert_styled(page)

    page.locator(".bh-brand-card", has_text="红色引擎·安全先锋").click()
    page.wait_for_load_state()
    assert page.url == nginx.url("branches/guangzhou-peisong/")
    assert "一名党员一面旗 一台油车一岗哨" in page.locator(".bh-hero").inner_text()
    page.locator(".bh-figure-card", has_text="张伟").first.click()
    page.wait_for_load_state()
    assert page.url == nginx.url("branches/guangzhou-peisong/figures/zhang-wei/")
    assert page.locator("h1").inner_text() == "张伟"
    page.get_by_role("link", name="明星墙").first.click()
    page.wait_for_load_state()
    assert page.url == nginx.url("wall/")

    page.get_by_role("link", name="搜索").first.click()
    page.wait_for_load_state()
    assert search_site(page, "品质大桥")[0] == urlsplit(nginx.url("branches/qiaoliang-xiangmu/")).path.lstrip("/")
    page.locator(".bh-search__link").first.click()
    page.wait_for_load_state()
    assert page.url == nginx.url("branches/qiaoliang-xiangmu/")

    page.goto(nginx.url("branches/no-such-branch/"))
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.goto(nginx.url("branches/guangzhou-peisong"))  # no trailing slash: nginx adds it
    assert page.url == nginx.url("branches/guangzhou-peisong/")

    replace_once(nginx.project / "branches" / "guangzhou-peisong" / "branch.yml", SLOGAN, f"{SLOGAN} 新版本")
    nginx.publish()
    page.reload()
    assert "一台油车一岗哨 新版本" in page.locator(".bh-hero").inner_text()
    assert outside == [] and violations == []


def assert_styled(page) -> None:
    """mkdocs-material's CSS (a sticky header) and ours (brand cards laid out) are applied."""
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("getComputedStyle(document.querySelector('.bh-brand-card')).display") == "flex"


def test_fingerprinted_assets_are_immutable_and_everything_else_is_revalidated(nginx: Published):
    current = nginx.target / "current"
    photo = next((current / "assets" / "photos").iterdir()).name
    card = next((current / "assets" / "cards").iterdir()).name
    material = [p.relative_to(current).as_posix() for p in (current / "assets").rglob("*.min.*")
                if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p.name)]
    assert len(material) >= 3
    immutable = [f"assets/photos/{photo}", f"assets/cards/{card}", *material]
    revalidated = ["", "index.html", "branches/guangzhou-peisong/", "version.json",
                   "pagefind/pagefind-entry.json", "search/t2s.json", "assets/brandhall.css", "assets/brandhall.js"]
    assert (current / "version.json").is_file()
    for path in immutable:
        status, found = headers(nginx.url(path))
        assert (status, found.get("cache-control")) == (200, IMMUTABLE), path
    for path in revalidated:
        status, found = headers(nginx.url(path))
        assert (status, found.get("cache-control")) == (200, "no-cache"), path
    status, found = headers(nginx.url("index.html"))
    assert found["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in found["content-security-policy"]
    status, found = headers(nginx.url("assets/photos/0000000000000000000f-240.jpg"))
    assert status == 404 and "cache-control" not in found, "a missing file must not be cached for a year"


def test_lobby_screens_run_under_the_documented_security_headers(nginx: Published, page):
    """The lobby screens are standalone pages with their own script: the Content-Security-Policy
    of the nginx config must not stop them."""
    violations: list[str] = []
    errors: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    screens = sorted(p.parent.name for p in (nginx.target / "current" / "screens").glob("*/index.html"))
    assert screens, "the example project has lobby screens"
    for name in screens:
        page.goto(nginx.url(f"screens/{name}/"))
        page.wait_for_load_state("networkidle")
    assert violations == [] and errors == []


KILL_STAGES = ["checked", "releasing", "built", "linked", "switched", "pruning"]


def served_files(nginx: Published, release: Path) -> dict[str, bytes]:
    """Every file of `release` as nginx serves it under `current`."""
    found = {}
    for path in sorted(release.rglob("*")):
        if path.is_file():
            name = path.relative_to(release).as_posix()
            with urllib.request.urlopen(nginx.url(urllib.parse.quote(name))) as response:
                assert response.status == 200, name
                found[name] = response.read()
    return found


@pytest.mark.parametrize("stage", KILL_STAGES)
def test_a_publish_killed_at_any_step_leaves_nginx_serving_one_whole_release(nginx: Published, stage: str):
    from brandhall.publish import KILL_ENV

    old = (nginx.target / "current").resolve()
    gz = nginx.project / "branches" / "guangzhou-peisong" / "branch.yml"
    text = gz.read_text(encoding="utf-8")
    gz.write_text(text.replace(SLOGAN, f"{SLOGAN} 中断于 {stage}", 1), encoding="utf-8")
    command = [sys.executable, "-m", "brandhall", "publish", "--to", str(nginx.target), "--quiet",
               "--site-url", nginx.url()]
    killed = subprocess.run(command, cwd=nginx.project, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_COLOR": "1", KILL_ENV: stage})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    live = (nginx.target / "current").resolve()
    assert (live == old) == (stage in ("checked", "releasing", "built", "linked"))
    expected = {p.relative_to(live).as_posix(): p.read_bytes() for p in live.rglob("*") if p.is_file()}
    assert served_files(nginx, live) == expected
    page = expected["branches/guangzhou-peisong/index.html"].decode()
    assert (f"中断于 {stage}" in page) == (live != old)
    gz.write_text(text, encoding="utf-8")
    nginx.publish()  # the next publish recovers
