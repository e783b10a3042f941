"""Editors' Markdown to safe HTML, and small text helpers the templates use."""

from __future__ import annotations

import html
import json
import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small",
    "ul", "ol", "li", "blockquote", "code", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "a", "abbr", "dl", "dt", "dd", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
QUARTERS = {"1": "一", "2": "二", "3": "三", "4": "四"}
CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
CJK_LINE_BREAK = re.compile(rf"(?<={CJK})\n[ \t]*(?={CJK})")
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
    if not text:
        return ""
    stripped = nh3.clean(markdown.markdown(join_chinese_lines(text)), tags=set())
    stripped = re.sub(r"\s+", " ", html.unescape(stripped)).strip()
    return stripped if len(stripped) <= limit else stripped[: limit - 1] + "…"


def front_matter_value(value: str | None) -> Markup:
    """A string for page front matter. MkDocs templates print page titles without escaping,
    so the value is HTML-escaped here, then JSON-quoted (valid YAML)."""
    return Markup(json.dumps(html.escape(value or "", quote=True), ensure_ascii=False))


def format_period(period: str) -> str:
    """2024-03 -> 2024年3月, 2024-Q1 -> 2024年第一季度, 2023~2025 -> 2023—2025年."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period):
        return f"{m[1]}年{int(m[2])}月"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        return f"{m[1]}年第{QUARTERS[m[2]]}季度"
    if m := re.fullmatch(r"(\d{4})~(\d{4})", period):
        return f"{m[1]}—{m[2]}年"
    if re.fullmatch(r"\d{4}", period):
        return f"{period}年"
    return period


def format_date(value: str) -> str:
    """2021-09-18 -> 2021年9月18日; shorter forms like format_period."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return f"{m[1]}年{int(m[2])}月{int(m[3])}日"
    return format_period(value)
