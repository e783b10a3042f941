"""`brandhall screens status`: each player's last contact, read from the web server's access log.

There is no server of ours: every player already polls `version.json`, and adds
`?screen=<name>&v=<version>` to that request, so nginx's access log says which screen asked
last, from where, showing which version.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# nginx's `combined` format (and Apache's): 10.0.0.5 - - [02/Dec/2026:09:30:00 +0800] "GET /x HTTP/1.1" 200 …
LINE = re.compile(r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?:GET|HEAD) (?P<path>\S+)[^"]*" (?P<status>\d{3})')
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
VERSION = re.compile(r"^[0-9A-Za-z._-]{1,64}$")


@dataclass
class Contact:
    screen: str
    address: str  # the player's IP address, as the log has it
    when: dt.datetime
    version: str


def read_contacts(log: Path) -> list[Contact]:
    """The last contact of each (screen, player) in the log: polls of version.json only."""
    last: dict[tuple[str, str], Contact] = {}
    opener = gzip.open if log.suffix == ".gz" else open
    with opener(log, "rt", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            contact = _contact(line)
            if contact is not None:
                key = (contact.screen, contact.address)
                if key not in last or contact.when >= last[key].when:
                    last[key] = contact
    return sorted(last.values(), key=lambda c: (c.screen, c.address))


def _contact(line: str) -> Contact | None:
    match = LINE.match(line)
    if not match or not match["path"].split("?")[0].endswith("/version.json"):
        return None
    query = parse_qs(urlsplit(match["path"]).query)
    screen, version = query.get("screen", [""])[0], query.get("v", [""])[0]
    if not NAME.match(screen) or not VERSION.match(version):
        return None
    try:
        when = dt.datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        return None
    return Contact(screen, match["ip"], when, version)


def ago(seconds: float) -> str:
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{int(seconds // 60)} 分钟前"
    if seconds < 86400:
        return f"{int(seconds // 3600)} 小时前"
    return f"{int(seconds // 86400)} 天前"


def verdict(contact: Contact, current: str | None, now: dt.datetime, stale: dt.timedelta) -> str | None:
    """Why this player needs a look, or None when it is fine."""
    if now - contact.when > stale:
        return f"已有 {ago((now - contact.when).total_seconds()).removesuffix('前')}没有联系，请检查播放盒和网络"
    if current is not None and contact.version != current:
        return "显示的不是最新版本，请检查播放盒能否打开大屏页面（或等它下次检查更新）"
    return None


def print_status(project_root: Path, site_dir: Path, log: Path, stale_minutes: int) -> int:
    """Print each player's last contact, one line each; 1 when one needs a look, or the log is
    unreadable."""
    from rich.text import Text

    from ..terminal import console
    from .validate import screen_files

    try:
        contacts = read_contacts(log)
    except OSError as error:
        why = {FileNotFoundError: "没有这个文件", PermissionError: "没有读取权限（可能要用 sudo）",
               IsADirectoryError: "这是文件夹，不是文件"}.get(type(error), "读取出错")
        console.print(Text(f"读不到访问日志 {log}：{why}。"
                           "请写 nginx 访问日志的路径，如 --log /var/log/nginx/access.log"))
        return 1
    current = _current_version(site_dir)
    now = dt.datetime.now().astimezone()
    flagged = 0
    console.print(Text(f"大屏播放器状态（来自 {log}）："))
    for contact in contacts:
        problem = verdict(contact, current, now, dt.timedelta(minutes=stale_minutes))
        flagged += problem is not None
        latest = "（最新）" if contact.version == current else ""
        console.print(Text.assemble(
            ("需要检查" if problem else "正常", "red" if problem else "green"),
            f" {contact.screen} {contact.address}：最后联系 {contact.when:%Y-%m-%d %H:%M:%S}"
            f"（{ago((now - contact.when).total_seconds())}），显示版本 {contact.version}{latest}"
            + (f"；{problem}" if problem else "")))
    heard = {c.screen for c in contacts}
    for file in screen_files(project_root):
        if file.stem not in heard:
            flagged += 1
            console.print(Text.assemble(("需要检查", "red"), f" {file.stem}：从未联系，日志里没有它的记录；"
                                        "播放盒还没打开这块屏，或日志不是这台服务器的"))
    summary = f"{flagged} 项需要检查" if flagged else "全部正常"
    console.print(Text(f"共 {len(contacts)} 台播放盒，{summary}。超过 {stale_minutes} 分钟没有联系算作失联；"
                       f"最新版本：{current or '未知（还没有生成网站）'}。"))
    return 1 if flagged else 0


def _current_version(site_dir: Path) -> str | None:
    import json

    try:
        version = json.loads((site_dir / "version.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) else None
