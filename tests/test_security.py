"""The local preview serves only the site and its own assets, and editors' text in terminal
messages is shown as written, never read as rich markup."""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_project, run_brandhall
from helpers import replace_once
from test_serve import fetch, free_port, wait_for

SECRET = "brandhall-secret-outside-the-site"
BRANCH = Path("branches") / "guangzhou-peisong" / "branch.yml"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """`brandhall serve` on a copy of the example, with a secret file beside the project."""
    root = tmp_path_factory.mktemp("preview")
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    project = copy_project(root / "project")
    (project / "secret.txt").write_text(SECRET, encoding="utf-8")
    port = free_port()
    log = (root / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "brandhall", "serve", "--port", str(port)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "COLUMNS": "200"})
    try:
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/")), "serve did not start"
        yield project, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A GET with the request target sent byte for byte, as a hostile client would."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"))
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    status = int(response.split(b" ", 2)[1])
    return status, response.partition(b"\r\n\r\n")[2]


UP = 12  # more levels than any checkout is deep: `..` leads to / and on to /etc/hostname
ESCAPES = [
    "/__brandhall/" + "../" * UP + "etc/hostname",
    "/__brandhall/" + "%2e%2e/" * UP + "etc/hostname",
    "/__brandhall/" + "..%2f" * UP + "etc/hostname",
    "/__brandhall/" + "..\\" * UP + "etc\\hostname",
    "/__brandhall/" + "%2e%2e%5c" * UP + "etc%5chostname",
    "/__brandhall//etc/hostname",
    "/__brandhall/%2Fetc%2Fhostname",
    "/__brandhall%2f" + "..%2f" * UP + "etc/hostname",
    "/" + "../" * UP + "etc/hostname",
    "/../../secret.txt",
    "/%2e%2e/%2e%2e/secret.txt",
    "/..%2f..%2fsecret.txt",
    "/..\\..\\secret.txt",
    "//etc/hostname",
    "/%2Fetc%2Fhostname",
    "/outside/secret.txt",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
]


@pytest.mark.parametrize("target", ESCAPES)
def test_the_preview_answers_404_for_paths_that_lead_out_of_the_site(preview, target: str):
    project, port = preview
    outside = project / ".brandhall" / "preview" / "outside"
    if not outside.is_symlink():
        outside.symlink_to(project.parent)  # a link in the site to a folder outside it
    status, body = raw_get(port, target)
    assert status == 404, (target, body[:200])
    assert SECRET.encode() not in body and Path("/etc/hostname").read_bytes() not in body


def test_the_preview_still_serves_the_site_and_its_own_assets(preview):
    _, port = preview
    for target, expected in [("/", "一支部一品牌"), ("/branches/guangzhou-peisong/", "红色引擎·安全先锋"),
                             ("/assets/brandhall.css", "brandhall"), ("/__brandhall/preview.css", "bh-preview"),
                             ("/__brandhall/livereload.js?v=1", "/__brandhall/status"),
                             ("/__brandhall/status", '"version"')]:
        status, body = raw_get(port, target)
        assert status == 200 and expected in body.decode("utf-8"), target
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET /branches/guangzhou-peisong?x=1 HTTP/1.0\r\n\r\n")
        head = connection.recv(65536).decode("latin-1")
    assert head.startswith("HTTP/1.0 301") and "Location: /branches/guangzhou-peisong/?x=1\r\n" in head, head


def test_a_browser_that_drops_its_connection_leaves_no_traceback(preview):
    project, port = preview
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset
    assert raw_get(port, "/")[0] == 200, "the preview goes on serving"
    log = (project.parent / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "Exception" not in log, log


MARKUP_VALUES = {
    "guangzhou-peisong": "[/]",
    "zhanjiang-peisong": "[bold]红[/bold]",
    "qiaoliang-xiangmu": "[link=http://example.com]示范[/link] :thumbs_up:",
}


def test_editors_brackets_in_check_messages_are_shown_as_written(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    for slug, value in MARKUP_VALUES.items():
        replace_once(project / "branches" / slug / "branch.yml", "  tier: ", f"  tier: '{value}'  # ")
    replace_once(project / BRANCH, "      - {title: 优秀党务工作者, period: 2025, by: 广东分公司党委}\n",
                 "      - {title: 优秀党务工作者, period: 2025, by: 广东分公司党委}\n"
                 "      - {title: '[italic]明星[/italic]', period: 2024}\n")
    result = run_brandhall(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert "警告 branches/guangzhou-peisong/branch.yml:" in result.stderr
    assert "称号“[italic]明星[/italic]”不在本站登记的荣誉称号里" in result.stderr, "warnings too"
    for slug, value in MARKUP_VALUES.items():
        assert f"branches/{slug}/branch.yml:" in result.stderr
        assert f"品牌层级“{value}”不在本站设定的层级里" in result.stderr, result.stderr


def run_briefly(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`brandhall` expected to stop by itself, not to go on serving."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    try:
        return subprocess.run([sys.executable, "-m", "brandhall", *args], cwd=folder, capture_output=True,
                              text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired as running:
        output = (running.stderr or b"").decode("utf-8")
        raise AssertionError(f"brandhall {' '.join(args)} kept running: {output}") from None


def test_serve_on_a_taken_port_says_so_before_building(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_briefly(project, "serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == f"端口 {port} 已被占用，请用 --port 换一个。\n"
    assert not (project / ".brandhall" / "preview").exists(), "nothing was built"


@pytest.mark.parametrize("command", [["check"], ["build"], ["serve"], ["stars-pdf"], ["schema"],
                                     ["new", "branch", "test-branch"], ["publish", "--to", "www"]])
def test_commands_outside_a_project_say_so_in_one_sentence(tmp_path: Path, command: list[str]):
    result = run_briefly(tmp_path, *command)
    assert result.returncode == 1
    assert result.stderr == (f"当前文件夹 {tmp_path} 不是 brandhall 项目（里面没有 mkdocs.yml），"
                             "请先 cd 到项目根目录（有 mkdocs.yml 和 branches/ 的文件夹）再运行。\n")
    assert list(tmp_path.iterdir()) == [], "nothing was written"


def test_a_project_without_its_branches_folder_is_told_how_to_start(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "branches")
    result = run_brandhall(project, "check")
    assert (result.returncode, result.stderr) == (1, f"项目 {project} 里还没有支部文件夹 branches/，"
                                                     "请用 brandhall new branch <文件夹名> 新建第一个支部。\n")
    assert run_brandhall(project, "new", "branch", "di-yi-zhibu").returncode == 0
    assert (project / "branches" / "di-yi-zhibu" / "branch.yml").is_file()
