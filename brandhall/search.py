"""Full-text Chinese search: Pagefind's static index, in chunks a query loads only as it needs.

Run after the site engine has written the HTML (`write_search`), so it indexes what visitors see:
every element marked `data-pagefind-body` (branch, figure and story pages, the about page and the
guides; listing pages only repeat their entries and carry no mark). Each indexed page has a
`section` filter, `content` or `guide`, so guides are searched only from the guides.

Traditional and Simplified find each other: the browser turns a Traditional query into Simplified
with `search/t2s.json` (built here with OpenCC from the characters the site uses), and a page an
editor wrote in Traditional gets a hidden Simplified copy of its text to index.

Pagefind cannot load its index over file://, so an offline copy gets `search/offline.js` as well:
the plain text of every indexed page, which `search.js` searches in the page itself.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pagefind_bin_extended import get_executable

from .errors import BuildFailed, Problem, Problems
from .hanzi import HAN, simplified, traditional
from .staging import replace_file

BUNDLE_DIR = "pagefind"  # under site/, beside the pages
T2S_MAP = Path("search") / "t2s.json"
OFFLINE_INDEX = Path("search") / "offline.js"
BODY_MARK = "data-pagefind-body"
HAN_CHAR = re.compile(f"[{HAN}]")
# Pagefind's own search interfaces; search.js talks to pagefind.js directly, so they are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class IndexedPage:
    path: Path  # the HTML file
    url: str  # relative to the site root, as the file is named (offline links)
    title: str = ""
    section: str = "content"
    text: list[str] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text)).strip()


class _BodyText(HTMLParser):
    """The text of the `data-pagefind-body` element, without `data-pagefind-ignore` parts."""

    def __init__(self, page: IndexedPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []  # "body", "ignore" or "" for each open element inside the body
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        inside = bool(self.stack)
        if not inside and BODY_MARK not in names:
            return
        if tag in VOID:
            return
        if "data-pagefind-filter" in names and (value := names["data-pagefind-filter"] or "").startswith("section:"):
            self.page.section = value.split(":", 1)[1]
        ignored = "data-pagefind-ignore" in names or tag in ("script", "style") or (
            self.stack and self.stack[-1] == "ignore")
        self.stack.append("ignore" if ignored else "body")
        self.in_h1 = tag == "h1" and not ignored and not self.page.title

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in VOID:
            self.stack.pop()
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "body":
            self.page.text.append(data)
            if self.in_h1:
                self.page.title += data.strip()


def indexed_pages(site_dir: Path) -> list[IndexedPage]:
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if BODY_MARK not in text:
            continue
        page = IndexedPage(path, path.relative_to(site_dir).as_posix())
        _BodyText(page).feed(text)
        pages.append(page)
    return pages


def write_search(site_dir: Path, config_file: Path, *, offline: bool = False) -> None:
    """Index the built site in `site_dir`; raise BuildFailed when Pagefind does not run."""
    pages = indexed_pages(site_dir)
    for page in pages:
        _add_simplified_twin(page)
    _run_pagefind(site_dir, config_file)
    chars = {c for page in pages for c in HAN_CHAR.findall(page.plain)}
    (site_dir / T2S_MAP).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / T2S_MAP).write_text(_json(t2s_map(chars)), encoding="utf-8")
    if offline:
        entries = [{"u": p.url, "t": p.title, "s": p.section, "x": simplified(p.plain)} for p in pages]
        script = f"window.bhOfflineSearch = {{\"pages\": {_json(entries)}, \"t2s\": {_json(t2s_map(chars))}}};\n"
        (site_dir / OFFLINE_INDEX).write_text(script, encoding="utf-8")


def t2s_map(chars: set[str]) -> dict[str, str]:
    """Traditional → Simplified for each character the site uses, for turning a query around."""
    pairs = {}
    for char in sorted(chars):
        for twin in {traditional(char), char}:
            if (simple := simplified(twin)) != twin and len(simple) == 1:
                pairs[twin] = simple
    return pairs


def _add_simplified_twin(page: IndexedPage) -> None:
    """A page written in Traditional gets its text in Simplified too, hidden, for the index."""
    text = page.plain
    twin = simplified(text)
    if twin == text:
        return
    source = page.path.read_text(encoding="utf-8")
    hidden = f'<div hidden data-bh-simplified>{html.escape(twin)}</div>'
    source = re.sub(r"(<[^>]*\bdata-pagefind-body\b[^>]*>)", lambda m: m.group(1) + hidden, source, count=1)
    replace_file(page.path, source.encode("utf-8"))  # the page may be a hard link to the engine's work site


def _run_pagefind(site_dir: Path, config_file: Path) -> None:
    # A site built in place (the preview, the work site) still holds the last index; Pagefind
    # adds its chunks beside the old ones, which no page would ever load again.
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
    done = subprocess.run([str(get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
                           "--force-language", "zh", "--silent"], capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["没有输出"]
        raise BuildFailed(Problems([Problem(config_file, 1, 1, "search", "全文搜索",
                                            f"Pagefind 建立搜索索引失败：{detail[0]}", "E505")]))
    for name in UNUSED:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
