"""Takes the screenshots in docs/编辑指南.md from the bundled example, with real Chromium.

    .venv/bin/python scripts/guide_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "assets" / "guide"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


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
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for part in ("branches", "docs", "theme", "mkdocs.yml", "schema", "screens"):
            source = REPO / part
            if source.exists():
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        port = free_port()
        serve = subprocess.Popen([sys.executable, "-m", "brandhall", "serve", "--port", str(port)],
                                 cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "COLUMNS": "200"})
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_until_up(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(base)
                page.screenshot(path=str(OUT / "home.png"))
                page.goto(base + "branches/huanan-wuliu/")
                page.screenshot(path=str(OUT / "branch.png"))
                branch = project / "branches" / "huanan-wuliu" / "branch.yml"
                branch.write_text(branch.read_text().replace("members:", "memberz:", 1))
                page.locator(".bh-preview-errors").wait_for(timeout=60000)
                page.screenshot(path=str(OUT / "preview-error.png"))
                browser.close()
        finally:
            serve.terminate()
            serve.wait(timeout=10)
    print(f"截图已保存到 {OUT}")


if __name__ == "__main__":
    main()
