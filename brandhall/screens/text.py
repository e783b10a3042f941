"""Text for screens: Chinese lines joined, and a plain excerpt of Markdown."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..hanzi import CJK
from ..markup import excerpt, plain_text, render_markdown

CJK_BREAK = re.compile(f"(?<=[{CJK}])[ \\t]*\\n[ \\t]*(?=[{CJK}])")
CJK_SPACE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


def join_cjk_lines(text: str | None) -> str:
    """Editors wrap long Chinese lines in YAML; a browser would show each break as a space."""
    return CJK_BREAK.sub("", text or "")


def notice_markdown(text: str | None) -> Markup:
    return render_markdown(join_cjk_lines(text))


def slide_excerpt(text: str | None, limit: int) -> str:
    """The opening of a Markdown text as one plain line: whole sentences when they fit."""
    return excerpt(CJK_SPACE.sub("", plain_text(join_cjk_lines(text), limit=100_000)), limit, sentences=True)


CLOSING = "。，、；：？！…）》」』”’.,;:?!)"


def keep_last(text: str | None) -> Markup:
    """The last two characters of a line of text (with any closing punctuation after them) are
    kept together, so no line of a screen ends the text with a single character. Modern players
    also balance the lines with CSS `text-wrap`; this works on the old ones too."""
    text = str(text or "")
    body = text.rstrip(CLOSING)
    cut = len(body) - 2
    if cut <= 0:
        return escape(text)
    return Markup(f'{escape(text[:cut])}<span class="keep">{escape(text[cut:])}</span>')
