"""Form fields of the form editor (Decap CMS), derived from the data models.

Every field of a model becomes one Decap field with the model's Chinese title as its label, its
description as the hint, its required mark, its default, and the pattern the model checks. A
field whose type has no form widget here is an error, not a silent gap in the form.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge
from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from .models import (
    DATE_PATTERN,
    FULL_DATE_PATTERN,
    SLUG_PATTERN,
    BranchTypeText,
    FullDate,
    LogoPath,
    LooseDate,
    PeriodText,
    PhotoPath,
    Slug,
    StoryPhoto,
    Text,
    Year,
    is_markdown_field,
)
from .periods import PERIOD_PATTERN

Options = list[str] | list[dict[str, str]]
# Where a site's own lists (tiers, honour titles, figures, branches) replace free text. Keys are
# dotted field paths inside one file, list indexes left out.
Choices = dict[str, Options]
# Where uploads go, relative to the file the field is in, and the path the field then holds
# (relative to the branch folder): (media_folder, public_folder).
PHOTO_FOLDERS = {"figures.photo": ("people", "people"), "stories.photos.src": ("stories", "stories"),
                 "photos.src": ("", "stories"), "brand.logo": ("", "")}

# An upload larger than this is refused before saving; `check` refuses photos over 50 megapixels,
# which as JPEG are about this size.
MAX_UPLOAD_BYTES = 30_000_000

PATTERNS: dict[Any, tuple[str, str]] = {
    PeriodText: (PERIOD_PATTERN, "请写成 2024、2024-03、2024-Q1 或 2023~2025"),
    LooseDate: (DATE_PATTERN, "请写成 2016、2016-05 或 2016-05-20"),
    FullDate: (FULL_DATE_PATTERN, "请写成 2021-09-18"),
    Slug: (SLUG_PATTERN, "只能用小写字母 a–z、数字和连字符 -，如 zhang-wei"),
}


class UnmappedField(TypeError):
    """A model field the form editor has no widget for."""


def model_fields(model: type[BaseModel], choices: Choices, prefix: str = "") -> list[dict[str, Any]]:
    """The Decap fields of `model`, in the model's order."""
    return [form_field(name, info, choices, f"{prefix}{name}")
            for name, info in model.model_fields.items()]


def form_field(name: str, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    annotation, optional = _unwrap_optional(info.annotation)
    # pydantic keeps `Text | None` as written but unpacks a bare `Text` into str + metadata.
    annotation = _alias(annotation, info.metadata if annotation is info.annotation else [])
    field: dict[str, Any] = {"name": name, "label": info.title or name}
    if info.description:
        field["hint"] = info.description
    field["required"] = info.is_required()
    field |= _widget(annotation, info, choices, path)
    if optional or not info.is_required():
        field["required"] = False
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    if default not in (None, "", [], ()) and field["widget"] not in ("list", "object"):
        field["default"] = default
    return field


def _widget(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    if path in choices:
        multiple = get_origin(annotation) is list
        return {"widget": "select", "options": choices[path], "multiple": multiple}
    for kind, widget in WIDGETS:
        if kind(annotation):
            return widget(annotation, info, choices, path)
    raise UnmappedField(f"表单编辑器没有为字段 {path}（{info.title}）配置输入框：类型 {annotation!r}")


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


ALIASES = (PhotoPath, LogoPath, PeriodText, LooseDate, FullDate, Slug, Year, BranchTypeText, Text)


def _validators(metadata: Any) -> frozenset[Any]:
    return frozenset(m.func for m in metadata if isinstance(m, AfterValidator | BeforeValidator))


def _alias(annotation: Any, metadata: list[Any]) -> Any:
    """Which of the models' named types (PhotoPath, PeriodText, …) a field's type is, by its validators."""
    if get_origin(annotation) is Annotated:
        metadata = [*annotation.__metadata__, *metadata]
    found = _validators(metadata)
    for alias in ALIASES:
        if found and _validators(alias.__metadata__) == found:
            return alias
    return annotation


def _is(alias: Any) -> Callable[[Any], bool]:
    return lambda annotation: annotation == alias


def _photo(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    media, public = PHOTO_FOLDERS.get(path, ("", ""))
    return {"widget": "image", "choose_url": False, "media_folder": media, "public_folder": public,
            "media_library": {"config": {"max_file_size": MAX_UPLOAD_BYTES}}}


def _patterned(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    pattern, message = PATTERNS[annotation]
    return {"widget": "string", "pattern": [pattern, message]}


def _year(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    return {"widget": "number", "value_type": "int", "min": 1900, "max": 2100}


def _integer(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    field: dict[str, Any] = {"widget": "number", "value_type": "int"}
    for rule in info.metadata:
        if isinstance(rule, Ge):
            field["min"] = rule.ge
    return field


def _text(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    if is_markdown_field(info):
        return {"widget": "markdown", "buttons": MARKDOWN_BUTTONS, "editor_components": [],
                "modes": ["raw", "rich_text"]}
    return {"widget": "string"}


# What a collapsed list item shows: a figure's name rather than its (often empty) id.
SUMMARY_FIELDS = ("name", "title", "text", "branch", "level")

MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                    "bulleted-list", "numbered-list"]


def _literal(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    return {"widget": "select", "options": list(get_args(annotation))}


def _enumerated(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    """A controlled value the model lists itself (Simplified and Traditional forms alike)."""
    return {"widget": "select", "options": list((info.json_schema_extra or {})["enum"])}


def _boolean(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    return {"widget": "boolean"}


def _point(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    """A focal point (x, y): Decap has no tuple widget; a list of two numbers saves the same."""
    return {"widget": "list", "min": 2, "max": 2, "allow_add": True,
            "field": {"name": "value", "label": "坐标", "widget": "number", "value_type": "float",
                      "min": 0, "max": 1, "step": 0.05}}


def _model(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    return {"widget": "object", "collapsed": False, "fields": model_fields(annotation, choices, f"{path}.")}


def _list(annotation: Any, info: FieldInfo, choices: Choices, path: str) -> dict[str, Any]:
    item = _alias(get_args(annotation)[0], [])
    if item is StoryPhoto:
        # A photo is a path or {src, caption}. Decap's list widget breaks on plain strings, so
        # admin/brandhall-cms.js registers "bh-photos": a list that reads a path as {src} and
        # writes a photo without caption back as a path.
        return {"widget": "bh-photos", "collapsed": False, "summary": "{{fields.src}}",
                "field": {"name": "photo", "label": item.model_config.get("title") or "照片",
                          "widget": "object", "collapsed": False,
                          "fields": model_fields(item, choices, f"{path}.")}}
    if _is_model(item):
        fields = model_fields(item, choices, f"{path}.")
        names = [f["name"] for f in fields]
        shown = next((n for n in SUMMARY_FIELDS if n in names), names[0])
        return {"widget": "list", "collapsed": True, "summary": "{{fields." + shown + "}}", "fields": fields}
    if item == Text:
        return {"widget": "list", "allow_add": True,
                "field": {"name": "value", "label": info.title or "", "widget": "string"}}
    raise UnmappedField(f"表单编辑器没有为列表字段 {path}（{info.title}）配置输入框：{item!r}")


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_point(annotation: Any) -> bool:
    return get_origin(annotation) is tuple and get_args(annotation) == (float, float)


WIDGETS: list[tuple[Callable[[Any], bool], Callable[..., dict[str, Any]]]] = [
    (lambda a: a in (PhotoPath, LogoPath), _photo),
    (lambda a: any(a == p for p in PATTERNS), _patterned),
    (_is(Year), _year),
    (_is(BranchTypeText), _enumerated),
    (_is(Text), _text),
    (lambda a: a is int, _integer),
    (lambda a: a is bool, _boolean),
    (lambda a: get_origin(a) is Literal, _literal),
    (_is_point, _point),
    (_is_model, _model),
    (lambda a: get_origin(a) is list, _list),
]
