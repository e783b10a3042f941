"""`brandhall serve` previews the site and rebuilds it when an editor saves a file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_project

STORY = "branches/guangzhou-peisong/stories/longzhoushui-baogong.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, limit: float = 180.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def start_serve(tmp_path: Path) -> tuple[Path, subprocess.Popen, str]:
    """`brandhall serve` on a copy of the example, logging to tmp_path/serve.log."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "brandhall", "serve", "--port", str(port)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "COLUMNS": "200"})
    return project, process, f"http://127.0.0.1:{port}/branches/guangzhou-peisong/stories/longzhoushui-baogong/"


def test_serve_rebuilds_after_a_story_edit_and_deletion_and_survives_a_broken_file(tmp_path: Path):
    project, process, url = start_serve(tmp_path)
    try:
        assert wait_for(lambda: fetch(url)), "serve did not start"
        story = project / STORY
        story.write_text(story.read_text().replace("title:", "title: 【已更新】", 1))
        assert wait_for(lambda: "【已更新】" in (fetch(url) or ""))

        branch = project / "branches" / "guangzhou-peisong" / "branch.yml"
        branch.write_text(branch.read_text().replace("members:", "memberz:", 1))
        assert wait_for(lambda: "memberz" in (tmp_path / "serve.log").read_text())
        assert "【已更新】" in (fetch(url) or ""), "the last good preview stays up"
        branch.write_text(branch.read_text().replace("memberz:", "members:", 1))
        (project / STORY).unlink()
        assert wait_for(lambda: fetch(url) is None), "a deleted story's page goes from the preview"
        assert fetch(url.rsplit("stories/", 1)[0]), "its branch page stays"
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)
    output = (tmp_path / "serve.log").read_text()
    assert "不认识的字段“memberz”，你是不是想写“members”？" in output
    assert "Traceback" not in output


def test_browser_reloads_by_itself_and_shows_build_errors(tmp_path: Path, browser):
    project, process, url = start_serve(tmp_path)
    page = browser.new_page()
    try:
        assert wait_for(lambda: fetch(url)), "serve did not start"
        page.goto(url)
        story = project / STORY
        story.write_text(story.read_text().replace("title:", "title: 【刚刚改过】", 1))
        page.locator("h1", has_text="【刚刚改过】").wait_for(timeout=30000)

        branch = project / "branches" / "guangzhou-peisong" / "branch.yml"
        good = branch.read_text()
        branch.write_text(good.replace("members:", "memberz:", 1))
        overlay = page.locator(".bh-preview-errors")
        overlay.wait_for(timeout=30000)
        assert "不认识的字段“memberz”，你是不是想写“members”？" in overlay.inner_text()
        assert "branches/guangzhou-peisong/branch.yml:" in overlay.inner_text()
        assert page.locator("h1", has_text="【刚刚改过】").is_visible(), "the last good page stays"

        branch.write_text(good)
        overlay.wait_for(state="detached", timeout=30000)
        assert process.poll() is None
    finally:
        page.close()
        process.terminate()
        process.wait(timeout=10)
