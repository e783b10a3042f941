"""The search index the browser loads before its first query, kept small at any scale.

mkdocs-material indexes every section of every page in full, JSON-escapes each Chinese character
to six bytes, and so reaches about 20 MB at 1,000 branches. Our generated pages opt out of it
(`search: exclude` in their front matter); this module then adds one entry per branch, figure
and story page: its title and a short excerpt, segmented with jieba the way Material's own
indexer does, so the same search worker reads it. Listing pages are left out: they only repeat
their entries. The about page stays indexed by Material, section by section; the editors' guides
in docs/guide/ opt out like the generated pages. The engine says where its index is and in which
shape (`engine.SearchIndex`); Zensical honours `search: exclude` the same way.
"""

from __future__ import annotations

import html
import logging
import re

import jieba

from .engine import SearchIndex
from .render import Page, file_url

jieba.setLogLevel(logging.WARNING)  # not its start-up lines in the build output

EXCERPT_CHARS = 48  # of the page's description; the title is always indexed whole
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
SEGMENT_MARK = "\u200b"  # zero-width space: Material's separator between Chinese words


def write_search_index(index: SearchIndex | None, pages: list[Page], *, directory_urls: bool = True) -> None:
    """Add the generated pages to the index the engine wrote (None: search is switched off)."""
    if index is None:
        return
    paths = {page.path for page in pages}
    index.add([search_entry(page, page.url if directory_urls else file_url(page.url, paths))
               for page in pages if page.searchable])


def search_entry(page: Page, location: str) -> dict[str, str]:
    """Material shows titles and text as HTML, so the editor's words are escaped here."""
    return {"location": location, "title": segment(html.escape(page.title)),
            "text": segment(html.escape(excerpt(page.description)))}


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = text.rstrip("…")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def segment(text: str) -> str:
    """Chinese runs split into words with zero-width spaces, as Material's indexer does."""
    def words(match: re.Match) -> str:
        return SEGMENT_MARK + SEGMENT_MARK.join(jieba.cut(match.group(0))) + SEGMENT_MARK
    return HAN.sub(words, text).strip(SEGMENT_MARK)
