"""`brandhall serve`: build, serve the site locally, and rebuild when a source file changes."""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.console import Console

from .errors import BuildFailed
from .site import Project, build

console = Console(stderr=True, highlight=False)
WATCHED = ("branches", "docs", "theme", "mkdocs.yml")
POLL_SECONDS = 0.5


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


def snapshot(project: Project) -> dict[Path, float]:
    """Modification times of every source file the site is built from."""
    times: dict[Path, float] = {}
    for name in WATCHED:
        path = project.root / name
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            try:
                times[file] = file.stat().st_mtime
            except FileNotFoundError:
                continue
    return times


def _rebuild(project: Project, site_dir: Path) -> None:
    from .cli import print_problems

    try:
        report = build(project, site_dir, quiet=True)
        print_problems(report.problems, project.root)
        console.print(f"[green]已重新生成[/] {time.strftime('%H:%M:%S')}")
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print("[red]有错误，预览仍显示上一次成功的版本。[/]修改后保存即可自动重试。")


def serve(project: Project, host: str, port: int) -> int:
    site_dir = project.work_dir / "preview"
    _rebuild(project, site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    console.print(f"预览地址：http://{host}:{port}/  （按 Ctrl+C 停止）")
    seen = snapshot(project)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(project)
            if current != seen:
                seen = current
                _rebuild(project, site_dir)
    except KeyboardInterrupt:
        console.print("预览已停止。")
    finally:
        server.shutdown()
    return 0
