"""Editors' Markdown to safe HTML, and small text helpers the templates use."""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from pathlib import Path

import markdown
import nh3
from markupsafe import Markup

from .hanzi import CJK

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small",
    "ul", "ol", "li", "blockquote", "code", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "a", "abbr", "dl", "dt", "dd", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
CJK_LINE_BREAK = re.compile(rf"(?<=[{CJK}])\n[ \t]*(?=[{CJK}])")
CODE_FENCE = re.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)", re.M | re.S)
PRE_BLOCK = re.compile(r"(<pre[ >].*?</pre>)", re.S)


def join_chinese_lines(text: str) -> str:
    """Browsers show a line break inside a paragraph as a space, which is wrong between two
    Chinese characters; join such lines (code blocks and two-space hard breaks are kept)."""
    parts = CODE_FENCE.split(text)
    return "".join(part if i % 2 else CJK_LINE_BREAK.sub("", part) for i, part in enumerate(parts))


def _join_chinese_lines_in_html(rendered: str) -> str:
    """join_chinese_lines for rendered HTML, where every kind of code block (fenced or
    indented) is a <pre> and keeps its lines as written."""
    parts = PRE_BLOCK.split(rendered)
    return "".join(part if i % 2 else CJK_LINE_BREAK.sub("", part) for i, part in enumerate(parts))


def render_markdown(text: str | None, top: int = 3) -> Markup:
    """Render an editor's Markdown; raw HTML is cleaned by an allow-list. The editor's highest
    heading becomes <h{top}>, so the page's outline never skips a level."""
    if not text:
        return Markup("")
    rendered = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    rendered = _join_chinese_lines_in_html(rendered)
    rendered = _shift_headings(rendered, top)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


def _shift_headings(html_text: str, top: int) -> str:
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html_text)]
    if not levels:
        return html_text
    shift = top - min(levels)
    return re.sub(r"<(/?)h([1-6])([ >])",
                  lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}{m[3]}", html_text)


def plain_text(text: str | None, limit: int = 120) -> str:
    """Markdown reduced to one line of plain text, for descriptions."""
    return excerpt(_flat_text(text), limit) if text else ""


_PLAIN = markdown.Markdown()  # one parser for every plain text: making one costs more than a short text


@functools.lru_cache(maxsize=4096)  # a story's card and its page's description flatten the same body
def _flat_text(text: str) -> str:
    stripped = nh3.clean(_PLAIN.reset().convert(join_chinese_lines(text)), tags=set())
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


class PlainTexts:
    """`plain_text` for page descriptions and cards, with each result kept in `file` between
    builds by the text's digest: Markdown costs about a millisecond a story, ten seconds a build
    at 1,000 branches. Only what this build used is written back."""

    LONGEST = 120  # longer excerpts (the screens' slides) are not kept

    def __init__(self, file: Path, code: str):
        """`code`: brandhall's code version; texts kept by another version are made again."""
        self.file = file
        self.code = code
        try:
            kept = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = {}
        self._before: dict[str, str] = kept.get("texts", {}) if kept.get("code") == code else {}
        self._used: dict[str, str] = {}

    def __call__(self, text: str | None, limit: int = 120) -> str:
        if not text or limit > self.LONGEST:
            return plain_text(text, limit)
        key = f"{limit}:{hashlib.sha1(text.encode()).hexdigest()}"
        if key not in self._used:
            kept = self._before.get(key)
            self._used[key] = kept if isinstance(kept, str) else plain_text(text, limit)
        return self._used[key]

    def save(self) -> None:
        if self._used != self._before:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            kept = {"code": self.code, "texts": self._used}
            self.file.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")


def excerpt(flat: str, limit: int, *, sentences: bool = False) -> str:
    """The opening of one line of plain text in at most `limit` characters, cut with “…”; with
    `sentences`, whole sentences when they fill a third of it."""
    if len(flat) <= limit:
        return flat
    cut = max(flat.rfind(mark, 0, limit) for mark in "。！？；") if sentences else -1
    return flat[: cut + 1] if cut >= limit // 3 else flat[: limit - 1] + "…"


def front_matter_value(value: str | None) -> Markup:
    """A string for page front matter. MkDocs templates print page titles without escaping,
    so the value is HTML-escaped here, then JSON-quoted (valid YAML)."""
    return Markup(json.dumps(html.escape(value or "", quote=True), ensure_ascii=False))
