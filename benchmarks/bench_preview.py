"""Preview latency: how long after an editor saves a story file `brandhall serve` shows the
edit in the browser, on the bundled example site (target: within 2 s).

    .venv/bin/python benchmarks/bench_preview.py

It prints each measurement and the median; it asserts nothing.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
STORY = "branches/guangzhou-peisong/stories/longzhoushui-baogong.md"
PAGE = "branches/guangzhou-peisong/stories/longzhoushui-baogong/"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
EDITS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str) -> None:
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("预览没有启动")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for part in ("branches", "docs", "theme", "mkdocs.yml", "schema", "screens"):
            source = REPO / part
            if source.exists():
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        port = free_port()
        serve = subprocess.Popen([sys.executable, "-m", "brandhall", "serve", "--port", str(port)],
                                 cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/{PAGE}"
        try:
            wait_until_up(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page()
                page.goto(url)
                time.sleep(2)
                story = project / STORY
                seconds = []
                for edit in range(EDITS):
                    start = time.perf_counter()
                    story.write_text(story.read_text().replace("title:", f"title: 修改{edit}", 1))
                    page.locator("h1", has_text=f"修改{edit}").wait_for(timeout=60000)
                    seconds.append(time.perf_counter() - start)
                    print(f"第 {edit + 1} 次保存 → 浏览器显示：{seconds[-1]:.2f} s")
                    time.sleep(1)
                browser.close()
        finally:
            serve.terminate()
            serve.wait(timeout=10)
    print(f"中位数 {statistics.median(seconds):.2f} s（目标 2 s 以内）")


if __name__ == "__main__":
    main()
