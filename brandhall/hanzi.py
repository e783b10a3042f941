"""Traditional and Simplified Chinese. Editors may write a branch in Traditional Chinese; the
site's controlled values (tiers, honour titles, branch types, weekday names) are matched to
its settings through their Simplified form (OpenCC `t2s`), while pages show what was written."""

from __future__ import annotations

import re
from functools import cache

import opencc

# The one CJK character class. HAN: the ideographs (what jieba segments); CJK adds the radicals,
# kana, CJK punctuation and full-width forms (between which a line break is no space).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK = f"\u2e80-\u33ff{HAN}\uff00-\uffef"
_HAN = re.compile(f"[{HAN}]")


def has_han(text: str) -> bool:
    """Whether `text` holds a Chinese character."""
    return _HAN.search(text) is not None


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@cache
def simplified(text: str) -> str:
    """`text` in Simplified Chinese: 標桿 → 标杆, 優秀共產黨員 → 优秀共产党员."""
    return _converter("t2s").convert(text)


def traditional(text: str) -> str:
    """`text` in Traditional Chinese, for listing both forms (as in the JSON Schema)."""
    return _converter("s2t").convert(text)


def match(value: str, choices: list[str]) -> str | None:
    """The choice that `value` is, in Simplified or Traditional form; None if none is."""
    if value in choices:
        return value
    wanted = simplified(value)
    return next((c for c in choices if simplified(c) == wanted), None)
