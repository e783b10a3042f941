"""`brandhall serve`: build, serve the site locally, rebuild when a source file changes, and
reload the browser. Build errors show in the terminal and on the page; the last good preview
stays up."""

from __future__ import annotations

import errno
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rich.text import Text

from .errors import BuildFailed
from .project import Project
from .site import build
from .terminal import console, print_problems

WATCHED = ("branches", "docs", "theme", "templates", "screens", "mkdocs.yml")
POLL_SECONDS = 0.1
PREVIEW_FILES = Path(__file__).parent / "preview"
INJECTED = ('<link rel="stylesheet" href="/__brandhall/preview.css">'
            '<script src="/__brandhall/livereload.js" defer></script></body>')


class PreviewState:
    """What the browser asks the preview: which build it shows, and the current errors."""

    def __init__(self) -> None:
        self.version = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "errors": self.errors},
                              ensure_ascii=False).encode("utf-8")


def inside(folder: Path, url: str) -> Path | None:
    """The file a request URL names inside `folder`, or None when it would lead out of it
    (`..` in any spelling, a backslash, a symlink pointing elsewhere)."""
    try:
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in path or "\0" in path or ".." in path.split("/"):
        return None
    root = folder.resolve()
    target = (root / path.lstrip("/")).resolve()
    return target if target.is_relative_to(root) else None


def _handler(site_dir: Path, state: PreviewState):
    class PreviewHandler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site_dir), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            request = urllib.parse.urlsplit(self.path).path
            if request == "/__brandhall/status":
                return self._send(state.as_json(), "application/json")
            if request.startswith("/__brandhall/"):
                file = inside(PREVIEW_FILES, request.removeprefix("/__brandhall/"))
                kind = "text/css" if file and file.suffix == ".css" else "text/javascript"
                return self._send(file.read_bytes(), kind) if file and file.is_file() else self.send_error(404)
            if inside(site_dir, self.path) is None:
                return self.send_error(404)
            page = self._html_file()
            if page is not None:
                html = page.read_text(encoding="utf-8").replace("</body>", INJECTED, 1)
                return self._send(html.encode("utf-8"), "text/html; charset=utf-8")
            return super().do_GET()

        def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
            return self.send_error(404) if inside(site_dir, self.path) is None else super().do_HEAD()

        def list_directory(self, path):
            self.send_error(404)  # a folder without a page is no page, not a file listing

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            missing = site_dir / "404.html"  # the site's own Chinese page, as nginx serves it
            if code != 404 or not missing.is_file():
                return super().send_error(code, message, explain)
            return self._send(missing.read_bytes(), "text/html; charset=utf-8", 404)

        def _html_file(self) -> Path | None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                    return None  # the stdlib adds the slash, so the page's relative links work
                path = path / "index.html"
            return path if path.suffix == ".html" and path.is_file() else None

        def _send(self, body: bytes, kind: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return PreviewHandler


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


def _rebuild(project: Project, site_dir: Path, state: PreviewState, engine: str | None) -> None:
    try:
        report = build(project, site_dir, quiet=True, in_place=True, engine=engine)
        print_problems(report.problems, project.root)
        console.print(Text.assemble(("已重新生成", "green"), f" {time.strftime('%H:%M:%S')}"))
        with state.lock:
            state.version += 1
            state.errors = []
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(Text.assemble(("有错误，预览仍显示上一次成功的版本。", "red"), "修改后保存即可自动重试。"))
        with state.lock:
            state.errors = [p.format(project.root) for p in failed.problems.errors]


class PreviewServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that stops loading a page (a click away, a reload) is no error; anything
        else is said in one line, not as a traceback over the build messages."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            console.print(f"预览服务器回应 {client_address[0]} 时出错：{type(error).__name__}: {error}")


def _listen(host: str, port: int, handler) -> PreviewServer | None:
    """Take the port before the first build, so a taken one is reported at once."""
    try:
        return PreviewServer((host, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            console.print(f"端口 {port} 已被占用，请用 --port 换一个。")
        elif error.errno == errno.EACCES:
            console.print(f"没有权限使用端口 {port}（1024 以下的端口要管理员权限），请用 --port 换一个，如 8000。")
        elif error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
            console.print(f"本机没有地址“{host}”，请检查 --host：只在本机预览用 127.0.0.1，"
                          "让局域网里的人也能看用 0.0.0.0。")
        else:
            console.print(f"无法在 {host}:{port} 上启动预览（{error}），请用 --port 换一个端口。")
        return None


def serve(project: Project, host: str, port: int, engine: str | None = None) -> int:
    site_dir = project.work_dir / "preview"
    state = PreviewState()
    server = _listen(host, port, _handler(site_dir, state))
    if server is None:
        return 1
    seen = snapshot(project)  # before the first build, so an edit saved during it is not missed
    _rebuild(project, site_dir, state, engine)
    site_dir.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    console.print(f"预览地址：http://{host}:{port}/  （修改并保存文件后浏览器会自动刷新；按 Ctrl+C 停止）")
    try:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(project)
            if current != seen:
                seen = current
                _rebuild(Project(project.root), site_dir, state, engine)  # mkdocs.yml's settings may have changed
    except KeyboardInterrupt:
        console.print("预览已停止。")
    finally:
        server.shutdown()
    return 0
