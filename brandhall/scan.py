"""Checks on what editors write, beyond its shape: personal data and images in Markdown.

Every string in a branch file or story file is scanned for Chinese ID numbers (checksum
verified), mainland mobile numbers and e-mail addresses. A hit is an error at the exact line
and column where it was written, showing the value masked. Values an editor has confirmed are
not personal go in a `privacy_ok` list on the branch (file top level), a figure or a story; the
list covers that item and everything inside it.

Markdown fields may not embed images: the sanitiser would drop them silently, and an external
image would make visitors' browsers reach outside the intranet. Photos go through `photos:`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
from pydantic import BaseModel

from .errors import Problem
from .located import located
from .models import fields_at, inner_model, is_markdown_field
from .yamlsource import FieldPath, Located

OVERRIDE_FIELD = "privacy_ok"
PERSONAL_FIELDS = {  # field names rejected outright (by the loader); their values are not scanned
    "id_number", "id_card", "idcard", "id_no", "identity", "phone", "mobile", "tel",
    "telephone", "email", "address", "home", "home_address", "birthday", "birthdate", "birth",
    "身份证", "身份证号", "电话", "手机", "手机号", "邮箱", "住址", "地址", "家庭住址", "生日", "出生日期",
}
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<![\d+])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
KINDS = {"id": ("身份证号码", "E801"), "mobile": ("手机号码", "E802"), "email": ("电子邮箱", "E803")}
IMAGE_CODE = "E804"
SCOPES = {"figures": "这位人物", "stories": "这篇故事"}
STORY_FILE_SCOPE = "本故事信息区（文件开头 --- 之间）"


@dataclass(frozen=True)
class Hit:
    """One piece of personal data found in a text: what it is, as written and normalised."""

    kind: str
    text: str
    canonical: str
    start: int

    @property
    def masked(self) -> str:
        if self.kind == "email":
            local, _, domain = self.canonical.partition("@")
            return f"{local[:1]}***@{domain}"
        if self.kind == "mobile":
            return f"{self.canonical[:3]}****{self.canonical[-4:]}"
        return f"{self.canonical[:4]}{'*' * 10}{self.canonical[-4:]}"


# ---------------------------------------------------------------------------------------------
# Detectors
# ---------------------------------------------------------------------------------------------


def is_id_number(value: str) -> bool:
    """An 18-character mainland ID number: a real birth date and a matching check character."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK_CHARS[total % 11] != value[17]:
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def find_personal_data(text: str) -> list[Hit]:
    """Every ID number, mobile number and e-mail address in `text`, in order."""
    emails = [Hit("email", m[0], m[0].lower(), m.start()) for m in EMAIL.finditer(text)]
    numbers = [Hit("id", m[0], m[0].upper(), m.start()) for m in ID_NUMBER.finditer(text)
               if is_id_number(m[0])]
    numbers += [Hit("mobile", m[0], "".join(m.groups()), m.start()) for m in MOBILE.finditer(text)]
    numbers = [n for n in numbers  # 13800138000@qq.com is one e-mail address, not two findings
               if not any(e.start <= n.start < e.start + len(e.text) for e in emails)]
    return sorted(emails + numbers, key=lambda hit: hit.start)


def allowed_values(items: Any) -> set[str]:
    """The canonical values listed in a `privacy_ok` list."""
    values = items if isinstance(items, list) else []
    return {hit.canonical for item in values if isinstance(item, str | int) and not isinstance(item, bool)
            for hit in find_personal_data(str(item))}


class _ImageFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def markdown_images(text: str) -> list[str]:
    """The `src` of every image the Markdown would show, whatever syntax put it there."""
    finder = _ImageFinder()
    finder.feed(markdown.markdown(text, extensions=["extra", "sane_lists"]))
    return finder.sources


def image_message(src: str) -> str:
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src.strip(), re.I):
        return (f"正文里引用了外部图片“{src}”：内网网站不能从外部加载任何内容。请把图片保存下来放进"
                "本支部文件夹，在 photos:（故事照片）或 photo:（人物照片）里引用，并从正文里删去")
    shown = f"“{src}”" if src else ""
    return (f"正文里不能插入图片{shown}（网站会把它去掉）：请把图片放进本支部文件夹，"
            "在 photos:（故事照片）或 photo:（人物照片）里引用，并从正文里删去")


def personal_message(hit: Hit, scope: str) -> str:
    kind = KINDS[hit.kind][0]
    return (f"发现疑似{kind}“{hit.masked}”，网站不能出现个人信息，请删除；"
            f"如确认可以公开，请把它原样写进{scope}的 privacy_ok 列表")


# ---------------------------------------------------------------------------------------------
# Where a hit was written
# ---------------------------------------------------------------------------------------------


class SourceText:
    """The lines of one file, and the positions of every YAML node in it, to find the exact
    line of a snippet inside a (possibly multi-line) value."""

    def __init__(self, text: str, doc: Located | None):
        self.lines = text.split("\n")
        positions = set(doc.values.values()) | set(doc.keys.values()) if doc else set()
        self.starts = sorted(positions)

    def locate(self, start: tuple[int, int], snippet: str) -> tuple[int, int]:
        """The first place after `start` and before the next node where `snippet` is written."""
        index = bisect.bisect_right(self.starts, start)
        last = self.starts[index][0] if index < len(self.starts) else len(self.lines)
        for number in range(start[0], min(last, len(self.lines)) + 1):
            line = self.lines[number - 1]
            found = line.find(snippet, start[1] - 1 if number == start[0] else 0)
            if snippet and found >= 0:
                return number, found + 1
        return start


# ---------------------------------------------------------------------------------------------
# Scanning files
# ---------------------------------------------------------------------------------------------


@dataclass
class _Scan:
    file: Path
    doc: Located
    model: type[BaseModel]
    source: SourceText
    top_scope: str

    def run(self) -> list[Problem]:
        data = self.doc.data
        if not isinstance(data, dict):
            return []
        return list(self._walk(data, (), allowed_values(data.get(OVERRIDE_FIELD))))

    def _walk(self, value: Any, path: FieldPath, allowed: set[str]) -> Iterator[Problem]:
        if isinstance(value, dict):
            inner = allowed | allowed_values(value.get(OVERRIDE_FIELD)) if path else allowed
            for key, item in value.items():
                if key != OVERRIDE_FIELD and str(key).lower() not in PERSONAL_FIELDS:
                    yield from self._walk(item, (*path, key), inner)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from self._walk(item, (*path, index), allowed)
        elif isinstance(value, str | int) and not isinstance(value, bool):
            yield from self._scalar(str(value), path, allowed)

    def _scalar(self, text: str, path: FieldPath, allowed: set[str]) -> Iterator[Problem]:
        start = self.doc.values.get(path, self.doc.position_of(path))
        for hit in find_personal_data(text):
            if hit.canonical not in allowed:
                yield self._problem(path, start, hit.text, personal_message(hit, self._scope(path)),
                                    KINDS[hit.kind][1])
        if is_markdown(self.model, path):
            for src in markdown_images(text):
                yield self._problem(path, start, src or "<img", image_message(src), IMAGE_CODE)

    def _problem(self, path: FieldPath, start: tuple[int, int], snippet: str, message: str,
                 code: str) -> Problem:
        return located(self.file, self.doc, self.model, path, message, code,
                       at=self.source.locate(start, snippet))

    def _scope(self, path: FieldPath) -> str:
        """Who the value belongs to, for the `privacy_ok` hint: the innermost item that may hold
        a `privacy_ok` list."""
        for depth in range(len(path) - 1, 0, -1):
            prefix = path[:depth]
            if isinstance(prefix[-1], int) and OVERRIDE_FIELD in fields_at(self.model, prefix):
                return SCOPES.get(str(prefix[-2]), "这一项")
        return self.top_scope


def is_markdown(model: type[BaseModel], path: FieldPath) -> bool:
    """Whether the model renders the field at `path` as Markdown (its type is `Markdown`)."""
    current: Any = model
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return False
        info = fields[part]
        current = inner_model(info.annotation)
    return info is not None and is_markdown_field(info)


def scan_yaml(file: Path, doc: Located, model: type[BaseModel], text: str,
              top_scope: str = "本支部文件顶层") -> list[Problem]:
    """Personal data in any value of `doc`, and images in its Markdown fields."""
    return _Scan(file, doc, model, SourceText(text, doc), top_scope).run()


def scan_body(file: Path, body: str, first_line: int, allowed: set[str]) -> list[Problem]:
    """A story file's Markdown body, which starts on line `first_line` of the file."""
    problems = []
    for hit in find_personal_data(body):
        if hit.canonical not in allowed:
            line, col = _line_col(body, hit.start, first_line)
            problems.append(Problem(file, line, col, "body", "正文",
                                    personal_message(hit, STORY_FILE_SCOPE), KINDS[hit.kind][1]))
    for src in markdown_images(body):
        found = body.find(src) if src else body.find("<img")
        line, col = _line_col(body, max(found, 0), first_line) if found >= 0 else (first_line, 1)
        problems.append(Problem(file, line, col, "body", "正文", image_message(src), IMAGE_CODE))
    return problems


def _line_col(text: str, index: int, first_line: int) -> tuple[int, int]:
    line = first_line + text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
