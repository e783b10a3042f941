"""`brandhall edit`: the form editor on this computer. Runs decap-server (which writes the saved
entries into the working tree) beside `brandhall serve` (which rebuilds and checks after every
save), and opens http://127.0.0.1:8000/admin/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import webbrowser
from pathlib import Path

from rich.console import Console

from .admin import LOCAL_BACKEND_URL, PACKAGE_ROOT
from .project import Project

console = Console(stderr=True, highlight=False, soft_wrap=True)
DECAP_PORT = int(LOCAL_BACKEND_URL.split(":")[2].split("/")[0])


class EditError(Exception):
    """Why the form editor cannot start, in Chinese."""


def decap_server(project_root: Path) -> Path:
    """The decap-server installed by scripts/setup.sh, from the project's or brandhall's npm folder."""
    for root in (project_root, PACKAGE_ROOT):
        binary = root / "node_modules" / ".bin" / "decap-server"
        if binary.is_file():
            return binary
    raise EditError("找不到 decap-server（表单编辑器的本机保存服务）；请在 brandhall 文件夹里运行 "
                    "bash scripts/setup.sh 安装")


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_decap_server(project_root: Path) -> subprocess.Popen[bytes]:
    if _port_taken(DECAP_PORT):
        # Another decap-server would take this project's saves into its own folder.
        raise EditError(f"端口 {DECAP_PORT} 已被占用，可能另一个 brandhall edit 还开着；请先关掉它（Ctrl+C）再运行")
    if shutil.which("node") is None:
        raise EditError("没有安装 Node.js；请运行 bash scripts/setup.sh（或 apt-get install nodejs npm）")
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(project_root), "MODE": "fs",
           "PORT": str(DECAP_PORT), "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    return subprocess.Popen([str(decap_server(project_root))], cwd=project_root, env=env,
                            stdin=subprocess.DEVNULL)


def edit(project: Project, host: str, port: int, open_browser: bool) -> int:
    from .serve import serve

    try:
        server = start_decap_server(project.root)
    except EditError as error:
        console.print(f"表单编辑器没有启动：{error}", markup=False)
        return 1
    url = f"http://{host}:{port}/admin/"
    console.print(f"表单编辑器：{url}  （保存的内容直接写进 {project.root} 里的文件，"
                  "每次保存后自动检查并重新生成预览；按 Ctrl+C 停止）", markup=False)
    if open_browser:
        threading.Timer(3.0, webbrowser.open, (url,)).start()
    try:
        return serve(project, host, port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
