"""Full-text Chinese search: Pagefind's static index, in chunks a query loads only as it needs.

Run after the site engine has written the HTML (`write_search`), so it indexes what visitors see:
every element marked `data-pagefind-body` (branch, figure and story pages and the about page;
listing pages only repeat their entries and carry no mark). The guides mark theirs
`data-bh-guide-body` and get a small index of their own in `search/guide/`, so they are searched
only from the guides, and a content query loads no filter to keep them out.

Traditional and Simplified find each other: the browser turns a Traditional query into Simplified
with `search/t2s.json` (built here with OpenCC from the characters the site uses), and a page an
editor wrote in Traditional gets a hidden Simplified copy of its text to index.

Pagefind cannot load its index over file://, so an offline copy gets `search/offline.js` as well:
the plain text of every indexed page, which `search.js` searches in the page itself.

Pagefind has no incremental index, and at 1,000 branches indexing takes about a minute. So what
it wrote is kept in `.brandhall/search/` (`SearchCache`) with a digest of every HTML page it read:
a build whose pages are byte for byte the same links the kept index instead of indexing again.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from pagefind.index import PagefindIndex
from pagefind_bin_extended import get_executable

from .engine.worksite import Entry, entries, link_tree
from .errors import BuildFailed, Problem, Problems
from .hanzi import HAN, simplified, traditional
from .images import link_or_copy
from .staging import replace_file

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
Reading = list | None  # a page's [title, section, plain text], or None: not indexed
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
    """The text of the body element (`data-pagefind-body`, or `data-bh-guide-body` on a guide),
    without `data-pagefind-ignore` parts."""

    def __init__(self, page: IndexedPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []  # "body", "ignore" or "" for each open element inside the body
        self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        inside = bool(self.stack)
        if not inside and BODY_MARK not in names and GUIDE_MARK not in names:
            return
        if tag in VOID:
            return
        if not inside and GUIDE_MARK in names:
            self.page.section = "guide"
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
    pages = [read_page(path, path.relative_to(site_dir).as_posix()) for path in sorted(site_dir.rglob("*.html"))]
    return [page for page in pages if page is not None]


def read_page(path: Path, url: str) -> IndexedPage | None:
    """What Pagefind indexes of the page at `path`; None for a page without the body mark."""
    text = path.read_text(encoding="utf-8")
    if BODY_MARK not in text and GUIDE_MARK not in text:
        return None
    page = IndexedPage(path, url)
    _BodyText(page).feed(text)
    return page


def write_search(site_dir: Path, config_file: Path, *, offline: bool = False,
                 cache: SearchCache | None = None) -> bool:
    """Index the built site in `site_dir`; raise BuildFailed when Pagefind does not run. With
    `cache`, the kept index is linked in when no page changed; returns whether it was."""
    if cache and cache.reuse(site_dir, offline):
        return True
    pages = cache.pages(site_dir) if cache else indexed_pages(site_dir)
    content = [page for page in pages if page.section == "content"]
    twins = [page.url for page in content if _add_simplified_twin(page)]
    _run_pagefind(site_dir, config_file)
    _write_guide_index(site_dir, config_file, [page for page in pages if page.section == "guide"])
    chars = {c for page in pages for c in HAN_CHAR.findall(page.plain)}
    (site_dir / T2S_MAP).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / T2S_MAP).write_text(_json(t2s_map(chars)), encoding="utf-8")
    if offline:
        entries = [{"u": p.url, "t": p.title, "s": p.section, "x": simplified(p.plain)} for p in pages]
        script = f"window.bhOfflineSearch = {{\"pages\": {_json(entries)}, \"t2s\": {_json(t2s_map(chars))}}};\n"
        (site_dir / OFFLINE_INDEX).write_text(script, encoding="utf-8")
    if cache:
        cache.save(site_dir, twins)
    return False


def t2s_map(chars: set[str]) -> dict[str, str]:
    """Traditional → Simplified for each character the site uses, for turning a query around."""
    pairs = {}
    for char in sorted(chars):
        for twin in {traditional(char), char}:
            if (simple := simplified(twin)) != twin and len(simple) == 1:
                pairs[twin] = simple
    return pairs


def _add_simplified_twin(page: IndexedPage) -> bool:
    """A page written in Traditional gets its text in Simplified too, hidden, for the index."""
    text = page.plain
    twin = simplified(text)
    if twin == text:
        return False
    source = page.path.read_text(encoding="utf-8")
    hidden = f'<div hidden data-bh-simplified>{html.escape(twin)}</div>'
    source = re.sub(r"(<[^>]*\bdata-pagefind-body\b[^>]*>)", lambda m: m.group(1) + hidden, source, count=1)
    replace_file(page.path, source.encode("utf-8"))  # the page may be a hard link to the engine's work site
    return True


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


def _write_guide_index(site_dir: Path, config_file: Path, guides: list[IndexedPage]) -> None:
    """The guides' own bundle, from the text already read: a few dozen pages, so records are
    simpler than a second pass of Pagefind over every page of the site."""
    shutil.rmtree(site_dir / GUIDE_BUNDLE, ignore_errors=True)
    if not guides:
        return

    async def write() -> None:
        config = {"force_language": "zh", "output_path": str((site_dir / GUIDE_BUNDLE).resolve())}
        async with PagefindIndex(config=config) as index:  # which writes the bundle as it closes
            for page in guides:
                text = page.plain if simplified(page.plain) == page.plain else f"{page.plain} {simplified(page.plain)}"
                await index.add_custom_record(url=_page_url(page.url), content=text, language="zh",
                                              meta={"title": page.title or page.url})

    try:
        asyncio.run(write())
    except Exception as error:  # the service reports its failures as any exception it meets
        raise BuildFailed(Problems([Problem(config_file, 1, 1, "search", "全文搜索",
                                            f"Pagefind 建立指南的搜索索引失败：{error}", "E505")])) from error
    for name in UNUSED:
        (site_dir / GUIDE_BUNDLE / name).unlink(missing_ok=True)


def _page_url(relative: str) -> str:
    """The address Pagefind gives a page file: from the site root, without a final index.html."""
    return "/" + relative.removesuffix("index.html")


class SearchCache:
    """The index the last build wrote, in `folder/out/` (the bundle, the Traditional map, the offline
    index and the pages given a Simplified twin), and in `folder/state.json` the key it was made for:
    the HTML pages read (path and SHA-256), Pagefind's version, this module and the offline flag.
    The state is removed before indexing and written after, so a build that stops halfway keeps none.
    `folder/pages.json` keeps what was read from each page, by the page's SHA-256, so that an
    index made again after an edit reads only the pages that changed."""

    FORMAT = 2

    def __init__(self, folder: Path):
        self.folder = folder
        self.out = folder / "out"
        self.state_file = folder / "state.json"
        self.readings_file = folder / "pages.json"
        self._key = ""
        self._html: dict[str, Entry] = {}
        self._readings: dict[str, Reading] = {}

    def _state(self) -> dict:
        state = _load_json(self.state_file)
        return state if state.get("format") == self.FORMAT else {}

    def reuse(self, site_dir: Path, offline: bool) -> bool:
        """Link the kept index into `site_dir` when it was made from the same pages; otherwise
        forget it (the caller indexes afresh, then `save`s)."""
        state = self._state()
        self._key = self._key_for(site_dir, offline, state.get("html", {}))
        if state.get("key") != self._key or not self.out.is_dir():
            self.forget()
            return False
        shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
        link_tree(self.out, site_dir, merge=True)  # a twin page replaces the engine's link
        return True

    def _key_for(self, site_dir: Path, offline: bool, recorded: dict[str, list]) -> str:
        """A digest of what an index of `site_dir` is made from; a page is hashed only when its
        size or mtime differs from the last build's (pages linked from the engine's work site keep theirs)."""
        self._html = entries(site_dir, {rel: tuple(entry) for rel, entry in recorded.items()},
                             keep=lambda relative: relative.endswith(".html"))
        digest = hashlib.sha256(f"{self.FORMAT}\0{version('pagefind_bin_extended')}\0{offline}".encode())
        digest.update(Path(__file__).read_bytes())
        for config in sorted(Path.cwd().glob("pagefind.*")):  # Pagefind reads its config from there
            digest.update(config.read_bytes())
        for relative, entry in sorted(self._html.items()):
            digest.update(f"\0{relative}\0{entry[2]}".encode())
        return digest.hexdigest()

    def forget(self) -> None:
        self.state_file.unlink(missing_ok=True)

    def pages(self, site_dir: Path) -> list[IndexedPage]:
        """`indexed_pages(site_dir)`, reading only the pages no earlier build has read (by SHA-256)."""
        known = _load_json(self.readings_file)
        self._readings, pages = {}, []
        for relative in sorted(self._html, key=PurePosixPath):
            digest = self._html[relative][2]
            if digest in known:
                reading = known[digest]
                page = None if reading is None else IndexedPage(site_dir / relative, relative, *reading[:2],
                                                                text=[reading[2]])
            else:
                page = read_page(site_dir / relative, relative)
            self._readings[digest] = None if page is None else [page.title, page.section, page.plain]
            if page is not None:
                pages.append(page)
        return pages

    def save(self, site_dir: Path, twins: list[str]) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        link_tree(site_dir / BUNDLE_DIR, self.out / BUNDLE_DIR)
        if (site_dir / GUIDE_BUNDLE).is_dir():
            link_tree(site_dir / GUIDE_BUNDLE, self.out / GUIDE_BUNDLE)
        for relative in [T2S_MAP.as_posix(), OFFLINE_INDEX.as_posix(), *twins]:
            if (site_dir / relative).is_file():
                (self.out / relative).parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(site_dir / relative, self.out / relative)
        _save_json(self.readings_file, self._readings)
        _save_json(self.state_file, {"format": self.FORMAT, "key": self._key, "html": self._html})


def _load_json(file: Path) -> dict:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_json(file: Path, data: dict) -> None:
    replace_file(file, _json(data).encode("utf-8"))


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
