"""Full-text Chinese search: Pagefind's static index, in chunks a query loads only as it needs.

Run after the site engine has written the HTML (`write_index`), so it indexes what visitors see:
every element marked `data-pagefind-body` (branch, figure and story pages and the about page;
listing pages only repeat their entries and carry no mark). The guides mark theirs
`data-bh-guide-body` and get a small index of their own in `search/guide/`, so they are searched
only from the guides, and a content query loads no filter to keep them out.

Traditional and Simplified find each other: the browser turns a Traditional query into Simplified
with `search/t2s.json` (built here with OpenCC from the characters the site uses), and a page an
editor wrote in Traditional gets a hidden Simplified copy of its text to index.

Pagefind cannot load its index over file://, so an offline copy gets `search/offline.js` as well:
the plain text of every indexed page, which `search.js` searches in the page itself.

Pagefind reads a mirror of the site, not the site: one small file per indexed page holding just
its body element (and the Simplified twin), so it does not parse every page's navigation again,
and the published pages are never rewritten for the index. Pagefind has no incremental index;
what it wrote and the mirror are kept between builds by `searchcache.SearchCache`.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pagefind_bin_extended import get_executable

from .errors import BuildFailed, Problem, Problems
from .hanzi import HAN, simplified, traditional

BUNDLE_DIR = "pagefind"  # under site/, beside the pages
T2S_MAP = Path("search") / "t2s.json"
OFFLINE_INDEX = Path("search") / "offline.js"
BODY_MARK = "data-pagefind-body"
GUIDE_MARK = "data-bh-guide-body"
GUIDE_BUNDLE = Path("search") / "guide"
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
    body: str = ""  # the body element's HTML, as the page has it (only when the page was just read)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text)).strip()


class _BodyText(HTMLParser):
    """The text of the body element (`data-pagefind-body`, or `data-bh-guide-body` on a guide),
    without `data-pagefind-ignore` parts."""

    def __init__(self, page: IndexedPage, source: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.source = source
        self.line_starts = [0, *(i + 1 for i, c in enumerate(source) if c == "\n")]
        self.body_start = -1
        self.stack: list[str] = []  # "body", "ignore" or "" for each open element inside the body
        self.in_h1 = False

    def _offset(self) -> int:
        """Where in the source the tag being handled begins."""
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        inside = bool(self.stack)
        if not inside and BODY_MARK not in names and GUIDE_MARK not in names:
            return
        if tag in VOID:
            return
        if not inside:
            self.page.section = "guide" if GUIDE_MARK in names else "content"
            self.body_start = self._offset()
        ignored = "data-pagefind-ignore" in names or tag in ("script", "style") or (
            self.stack and self.stack[-1] == "ignore")
        self.stack.append("ignore" if ignored else "body")
        self.in_h1 = tag == "h1" and not ignored and not self.page.title

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in VOID:
            self.stack.pop()
            self.in_h1 = False
            if not self.stack and not self.page.body:
                end = self.source.index(">", self._offset()) + 1
                self.page.body = self.source[self.body_start:end]

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "body":
            self.page.text.append(data)
            if self.in_h1:
                self.page.title += data.strip()


def indexed_pages(site_dir: Path) -> list[IndexedPage]:
    pages = [read_page(path, path.relative_to(site_dir).as_posix()) for path in sorted(site_dir.rglob("*.html"))]
    return [page for page in pages if page is not None]


def mirror_page(page: IndexedPage) -> str:
    """What Pagefind reads of a content page: its body element alone, the same index as the whole
    page would give, with a Traditional text's Simplified twin hidden inside for the index."""
    body = page.body
    if (twin := simplified(page.plain)) != page.plain:
        opening = body.index(">") + 1
        body = f'{body[:opening]}<div hidden data-bh-simplified>{html.escape(twin)}</div>{body[opening:]}'
    return f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body>{body}</body></html>\n'


def write_mirror(folder: Path, page: IndexedPage) -> None:
    (folder / page.url).parent.mkdir(parents=True, exist_ok=True)
    (folder / page.url).write_text(mirror_page(page), encoding="utf-8")


def read_page(path: Path, url: str) -> IndexedPage | None:
    """What Pagefind indexes of the page at `path`; None for a page without the body mark."""
    text = path.read_text(encoding="utf-8")
    if BODY_MARK not in text and GUIDE_MARK not in text:
        return None
    page = IndexedPage(path, url)
    parser = _BodyText(page, text)
    parser.feed(text)
    parser.close()
    if not page.body and parser.body_start >= 0:  # an element left open: index to the end, lose nothing
        page.body = text[parser.body_start:]
    return page


def write_search(site_dir: Path, config_file: Path, *, offline: bool = False) -> None:
    """Index the site built in place in `site_dir` (the preview) into itself, through a mirror
    made for this build alone. Other builds keep their index in a `SearchCache`."""
    write_index(indexed_pages(site_dir), site_dir, config_file, offline=offline)


def write_index(pages: list[IndexedPage], out_dir: Path, config_file: Path, *, offline: bool,
                mirror: Path | None = None) -> None:
    """Write the index of `pages` into `out_dir`: the content bundle (from `mirror`, Pagefind's
    copy of the content pages, when there is one), the guides' bundle, the Traditional map and,
    `offline`, the embedded index. Raises BuildFailed when Pagefind does not run."""
    if mirror is None:
        _index_afresh([page for page in pages if page.section == "content"], out_dir / BUNDLE_DIR, config_file)
    else:
        _run_pagefind(mirror, out_dir / BUNDLE_DIR, config_file)
    # a few dozen pages, read again for their HTML (the kept readings hold only their text)
    guides = [page if page.body else read_page(page.path, page.url) for page in pages if page.section == "guide"]
    _index_afresh([page for page in guides if page], out_dir / GUIDE_BUNDLE, config_file)
    chars = {c for page in pages for c in HAN_CHAR.findall(page.plain)}
    (out_dir / T2S_MAP).parent.mkdir(parents=True, exist_ok=True)
    (out_dir / T2S_MAP).write_text(compact_json(t2s_map(chars)), encoding="utf-8")
    if offline:
        entries = [{"u": p.url, "t": p.title, "s": p.section, "x": simplified(p.plain)} for p in pages]
        script = f"window.bhOfflineSearch = {compact_json({'pages': entries, 't2s': t2s_map(chars)})};\n"
        (out_dir / OFFLINE_INDEX).write_text(script, encoding="utf-8")


def t2s_map(chars: set[str]) -> dict[str, str]:
    """Traditional → Simplified for each character the site uses, for turning a query around."""
    pairs = {}
    for char in sorted(chars):
        for twin in {traditional(char), char}:
            if (simple := simplified(twin)) != twin and len(simple) == 1:
                pairs[twin] = simple
    return pairs


def _index_afresh(pages: list[IndexedPage], bundle: Path, config_file: Path) -> None:
    """Index `pages` into `bundle` through a mirror made for this build alone."""
    if not pages:
        shutil.rmtree(bundle, ignore_errors=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        for page in pages:
            write_mirror(Path(folder), page)
        _run_pagefind(Path(folder), bundle, config_file)


def _run_pagefind(mirror: Path, bundle: Path, config_file: Path) -> None:
    # A site built in place (the preview) still holds the last index; Pagefind would add its
    # chunks beside the old ones, which no page would ever load again.
    shutil.rmtree(bundle, ignore_errors=True)
    done = subprocess.run([str(get_executable()), "--site", str(mirror), "--output-path", str(bundle.resolve()),
                           "--force-language", "zh", "--silent"], capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["没有输出"]
        raise BuildFailed(Problems([Problem(config_file, 1, 1, "search", "全文搜索",
                                            f"Pagefind 建立搜索索引失败：{detail[0]}", "E505")]))
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def compact_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
