"""Drafts and placeholders. `brandhall new` writes files marked `draft: true` with "待填写"
where the editor still has to write; a draft (a branch, a figure or a story) stays off the site
and the screens. Left in anything that is not a draft, a placeholder is an error at its line, so
"待填写：…" never reaches a page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .errors import Problem
from .located import located
from .scan import SourceText
from .yamlsource import FieldPath, Located

if TYPE_CHECKING:
    from .load import LoadedBranch

PLACEHOLDER = "待填写"
DRAFT_ITEMS = ("figures", "stories")  # lists whose items may each be a draft
MESSAGE = ("这里还是“待填写”的提示文字，请改成真实内容；还没准备好发布的，可以写上 draft: true（草稿），"
           "它就不会出现在网站和大屏上")


def unpublished(branches: list[LoadedBranch]) -> str | None:
    """What `check` says about the drafts it found, which the site leaves out; None if none."""
    counts = [
        (sum(b.branch.draft for b in branches), "个支部"),
        (sum(f.draft for b in branches if not b.branch.draft for f in b.branch.figures), "位人物"),
        (sum(s.draft for b in branches if not b.branch.draft
             for s in [*b.branch.stories, *(f.meta for f in b.story_files)]), "篇故事"),
    ]
    listed = "、".join(f"{n} {what}" for n, what in counts if n)
    return f"草稿（draft: true）不会发布：{listed}；填好内容、删去 draft: true 后才会出现在网站上。" if listed else None


def is_draft(data: Any) -> bool:
    return isinstance(data, dict) and data.get("draft") is True


def check_placeholders(file: Path, doc: Located, model: type[BaseModel], text: str,
                       body: str | None = None, body_line: int = 1) -> list[Problem]:
    """"待填写" in any value outside a draft; `body` is a story file's Markdown after its front
    matter, starting on line `body_line`."""
    if is_draft(doc.data):
        return []
    source = SourceText(text, doc)
    problems = []
    for path in _texts(doc.data, ()):
        start = doc.values.get(path, doc.position_of(path))
        problems.append(located(file, doc, model, path, MESSAGE, "E121", at=source.locate(start, PLACEHOLDER)))
    for number, line in enumerate((body or "").split("\n"), start=body_line):
        if PLACEHOLDER in line:
            problems.append(Problem(file, number, line.index(PLACEHOLDER) + 1, "body", "正文", MESSAGE, "E121"))
    return problems


def _texts(value: Any, path: FieldPath) -> Iterator[FieldPath]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if len(path) == 1 and path[0] in DRAFT_ITEMS and is_draft(item):
                continue
            yield from _texts(item, (*path, index))
    elif isinstance(value, str) and PLACEHOLDER in value:
        yield path
