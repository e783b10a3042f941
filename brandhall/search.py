"""The search index the browser loads before its first query, kept small at any scale.

mkdocs-material indexes every section of every page in full, JSON-escapes each Chinese character
to six bytes, and so reaches about 20 MB at 1,000 branches. Our generated pages opt out of it
(`search: exclude` in their front matter); this module then adds one entry per branch, figure
and story page: its title and a short excerpt, segmented with jieba the way Material's own
indexer does, so the same search worker reads it. Listing pages are left out: they only repeat
their entries. The about page stays indexed by Material, section by section; the editors' guides
in docs/guide/ opt out like the generated pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import jieba

from .hanzi import HAN
from .markup import excerpt
from .render import Page, file_url

INDEX_PATH = Path("search") / "search_index.json"
OFFLINE_INDEX_PATH = Path("search") / "search_index.js"  # for file://, by Material's offline plugin
EXCERPT_CHARS = 48  # of the page's description; the title is always indexed whole
HAN_RUN = re.compile(f"[{HAN}]+")
SEGMENT_MARK = "\u200b"  # zero-width space: Material's separator between Chinese words


def write_search_index(site_dir: Path, pages: list[Page], *, directory_urls: bool = True) -> None:
    """Add the generated pages to the index MkDocs wrote, and rewrite it compactly."""
    path = site_dir / INDEX_PATH
    if not path.exists():  # the search plugin is switched off in mkdocs.yml
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    paths = {page.path for page in pages}
    for page in pages:
        if page.searchable:
            location = page.url if directory_urls else file_url(page.url, paths)
            index["docs"].append(search_entry(page, location))
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    if (site_dir / OFFLINE_INDEX_PATH).exists():
        (site_dir / OFFLINE_INDEX_PATH).write_text(f"var __index = {data}", encoding="utf-8")


def search_entry(page: Page, location: str) -> dict[str, str]:
    """Material shows titles and text as HTML, so the editor's words are escaped here."""
    return {"location": location, "title": segment(html.escape(page.title)),
            "text": segment(html.escape(excerpt(page.description.rstrip("…"), EXCERPT_CHARS)))}


def segment(text: str) -> str:
    """Chinese runs split into words with zero-width spaces, as Material's indexer does."""
    def words(match: re.Match) -> str:
        return SEGMENT_MARK + SEGMENT_MARK.join(jieba.cut(match.group(0))) + SEGMENT_MARK
    return HAN_RUN.sub(words, text).strip(SEGMENT_MARK)
