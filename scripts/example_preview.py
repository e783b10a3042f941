"""`brandhall serve` on a temporary copy of the bundled example, for the scripts and benchmarks
that drive it with Chromium."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("branches", "docs", "theme", "mkdocs.yml", "schema", "screens")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str) -> None:
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("预览没有启动")


@contextmanager
def example_preview() -> Iterator[tuple[Path, str]]:
    """Yields the copied project folder and the preview's base URL; stops serve afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for part in PROJECT_PARTS:
            source = REPO / part
            if source.exists():
                (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
        port = _free_port()
        serve = subprocess.Popen([sys.executable, "-m", "brandhall", "serve", "--port", str(port)],
                                 cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}/"
        try:
            _wait_until_up(base)
            yield project, base
        finally:
            serve.terminate()
            serve.wait(timeout=10)
