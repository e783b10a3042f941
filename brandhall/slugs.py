"""URL slugs made from Chinese text with pypinyin, and the two rules built on them: a figure's
id and a story's slug. Every module that needs either asks here."""

from __future__ import annotations

import re
from typing import Any

from pypinyin import lazy_pinyin

MAX_SLUG_SYLLABLES = 6  # of a story title, so its address stays short


def pinyin_slug(text: str, limit: int | None = None) -> str:
    """A URL slug from Chinese text: 张伟 -> zhang-wei."""
    words = [re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-") for w in lazy_pinyin(text)]
    words = [w for w in words if w][:limit]
    return "-".join(words) or "x"


def figure_id(written: Any, name: Any) -> str | None:
    """A figure's id: the `id` the editor wrote, else made from the name (张伟 -> zhang-wei);
    None when there is neither (the models report that)."""
    if isinstance(written, str) and written:
        return written
    return pinyin_slug(name) if isinstance(name, str) and name else None


def story_slug(date: str, title: str) -> str:
    """A story's slug when its file name gives none: 2021-09-18-san-fang-hu-lian-gong-jian."""
    return f"{date}-{pinyin_slug(title, MAX_SLUG_SYLLABLES)}"
