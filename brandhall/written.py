"""Values as the editor wrote them. YAML 1.1 reads `12:30` as 750, `023` as 19, `no` as false
and cuts `我是党员 #1` at the `#`; none of that may reach a page unnoticed.

Before a file is validated, every unquoted scalar is looked at with the model's type for its
field: a text field takes the scalar's source text, a number field refuses a leading zero or
a base-60 value, a Windows backslash in a photo path is read as `/` (with a warning), and a `#`
that looks like part of the text rather than a comment is pointed out.
"""

from __future__ import annotations

import contextlib
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import Problem, Severity
from .located import located
from .yamlsource import FieldPath, Located, Plain

NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
PATH_FIELDS = {"photo", "logo", "src", "photos"}
SURPRISING_NUMBER = re.compile(r"^[-+]?(?:0\d|0[xXbBoO]|.*[:_])")
COMMENT_AFTER = re.compile(r"^( +)#(.*)$")
FLOW_ITEM_COMMA = "，"


def field_type(model: type[BaseModel], path: FieldPath) -> Any:
    """The Python type the model expects at `path` (str, int, float, bool, a model…), or None."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if typing.get_origin(current) in (list, tuple) and args else None
        else:
            current = _field_of(current, part)
            if current is None:
                return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel) and "src" in current.model_fields:
        return str  # a story photo may be written as its path alone
    return current


def _field_of(annotation: Any, name: str) -> Any:
    """The annotation of field `name` of a model, or of the models of a union (as the slide
    types of a screen) when all that have the field agree on its type."""
    options = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) \
        else (annotation,)
    found = {_unwrap(o.model_fields[name].annotation) for o in options
             if isinstance(o, type) and issubclass(o, BaseModel) and name in o.model_fields}
    return next(iter(found)) if len(found) == 1 else None


def _unwrap(annotation: Any) -> Any:
    """`X | None` and `Annotated[X, …]` to X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def as_written(file: Path, doc: Located, model: type[BaseModel]) -> list[Problem]:
    """Put the source text of unquoted scalars back into text fields of `doc.data`, and report
    what YAML would have misread. Runs before validation."""
    problems: list[Problem] = []
    for path, plain in doc.plain.items():
        expected = field_type(model, path)
        if expected is str:
            problems += _text(file, doc, model, path, plain)
        elif expected is int and SURPRISING_NUMBER.match(plain.text):
            problems.append(located(file, doc, model, path, _number_message(plain.text), "E117"))
    for path in doc.flow_lists:
        items = value_at(doc.data, path)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, str) and FLOW_ITEM_COMMA in item:
                problems.append(located(
                    file, doc, model, (*path, index),
                    f"方括号里用了全角逗号“，”，“{item}”会被当成一项；要分成几项，请改用半角逗号“,”"
                    f"加一个空格，如 [{', '.join(item.split(FLOW_ITEM_COMMA))}]", "W120", Severity.WARNING))
    return problems


def _text(file: Path, doc: Located, model: type[BaseModel], path: FieldPath, plain: Plain) -> list[Problem]:
    problems = []
    if plain.tag == NULL_TAG:
        return _emptied_by_comment(file, doc, model, path, plain)
    if plain.tag != STR_TAG:
        _set(doc.data, path, plain.text)
    if path[-1] in PATH_FIELDS or (len(path) > 1 and path[-2] == "photos"):
        problems += _backslash(file, doc, model, path, plain.text)
    comment = _comment(doc, plain)
    if comment is not None:
        problems.append(located(file, doc, model, path,
                                 "`#` 后面的文字被当成了注释；如果是正文，请给整段文字加上引号",
                                 "W118", Severity.WARNING, at=comment))
    return problems


def _comment(doc: Located, plain: Plain) -> tuple[int, int] | None:
    """Where a `#` that looks like more of the text starts, after the scalar on its line: after
    a single space, or with no space after it (`#1`). Our own files' notes are `  # 说明`."""
    line, col = plain.end
    rest = doc.line(line)[col - 1:]
    match = COMMENT_AFTER.match(rest)
    if match is None:
        return None
    after = match.group(2)
    if len(match.group(1)) == 1 or (after and not after[0].isspace()):
        return line, col + len(match.group(1))
    return None


def _emptied_by_comment(file: Path, doc: Located, model: type[BaseModel], path: FieldPath,
                        plain: Plain) -> list[Problem]:
    """`motto: #1 …`: the comment left the value empty."""
    line, col = plain.end
    text = doc.line(line)
    hash_at = text.find("#", col - 1)
    if hash_at < 0 or text[col - 1:hash_at].strip() or not text[:hash_at].rstrip().endswith(":"):
        return []
    before, after = text[:hash_at], text[hash_at + 1:]
    spaces = len(before) - len(before.rstrip())
    if spaces != 1 and (not after or after[0].isspace()):
        return []
    col = hash_at + 1
    written = text[col - 1:].strip()
    return [located(file, doc, model, path,
                     f"冒号后面的“{written}”被当成了注释，这一项成了空的；如果是正文，请给整段文字加上引号，"
                     f"如 {path[-1]}: \"{written}\"", "E119", at=(line, col))]


def _backslash(file: Path, doc: Located, model: type[BaseModel], path: FieldPath, text: str) -> list[Problem]:
    if "\\" not in text or re.match(r"^(?:[A-Za-z]:)?[\\/]", text):
        return []  # an absolute Windows path is refused by the model: outside the branch folder
    fixed = text.replace("\\", "/")
    _set(doc.data, path, fixed)
    return [located(file, doc, model, path,
                     f"路径里用了 Windows 的反斜杠“\\”，已按“/”读作 {fixed}；请改成 {fixed}",
                     "W409", Severity.WARNING)]


def _number_message(text: str) -> str:
    if ":" in text:
        return (f"“{text}”中间有冒号，YAML 会把它当成六十进制数；这里只能写一个整数，如 23；"
                "如果本来就是文字，这一项放错了地方")
    digits = text.lstrip("+-").lstrip("0") or "0"
    if re.fullmatch(r"[0-7]+", text.lstrip("+-")):
        return f"“{text}”以 0 开头，YAML 会把它当成八进制数；请去掉开头的 0，写成 {digits}"
    if re.fullmatch(r"\d+", digits) and text.lstrip("+-").startswith("0"):
        return f"“{text}”以 0 开头，数字不能这样写；请去掉开头的 0，写成 {digits}"
    return f"“{text}”不是普通的整数写法，请只用数字 0–9，如 23"


def value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _set(data: Any, path: FieldPath, value: Any) -> None:
    parent = value_at(data, path[:-1])
    with contextlib.suppress(KeyError, IndexError, TypeError):
        parent[path[-1]] = value
