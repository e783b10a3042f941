"""URL slugs made from Chinese text with pypinyin."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin


def pinyin_slug(text: str, limit: int | None = None) -> str:
    """A URL slug from Chinese text: 张伟 -> zhang-wei."""
    words = [re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-") for w in lazy_pinyin(text)]
    words = [w for w in words if w][:limit]
    return "-".join(words) or "x"
