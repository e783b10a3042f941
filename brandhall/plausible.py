"""Years and dates that cannot be right: warned at their line, in the same run as every error.

Checked on the raw data (after `written.as_written`), so a file with other mistakes still gets
these warnings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel

from .errors import Problem, Severity
from .located import located
from .models import Branch, StoryMeta
from .references import items_of
from .written import value_at
from .yamlsource import FieldPath, Located

PARTY_FOUNDED = 1921


def check_branch_dates(file: Path, doc: Located, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    data = doc.data if isinstance(doc.data, dict) else {}
    problems = []
    if data.get("members") == 0 and not isinstance(data.get("members"), bool):
        problems.append(_warn(file, doc, Branch, ("members",),
                              "党员人数是 0，请核对；不知道人数时可以不写这一项", "W304"))
    problems += _future(file, doc, Branch, ("founded",), "成立时间", today)
    for index, figure in items_of(data, "figures"):
        joined = figure.get("joined")
        if isinstance(joined, int) and not isinstance(joined, bool):
            if joined < PARTY_FOUNDED:
                problems.append(_warn(file, doc, Branch, ("figures", index, "joined"),
                                      f"入党年份 {joined} 早于中国共产党成立的 1921 年，请核对", "W302"))
            elif joined > today.year:
                problems.append(_warn(file, doc, Branch, ("figures", index, "joined"),
                                      f"入党年份 {joined} 还没有到，请核对", "W302"))
    for index, _ in items_of(data, "stories"):
        problems += _future(file, doc, Branch, ("stories", index, "date"), "故事日期", today)
    return problems


def check_story_date(file: Path, doc: Located, today: dt.date | None = None) -> list[Problem]:
    return _future(file, doc, StoryMeta, ("date",), "故事日期", today or dt.date.today())


def _future(file: Path, doc: Located, model: type[BaseModel], path: FieldPath, what: str,
            today: dt.date) -> list[Problem]:
    value = value_at(doc.data, path)
    value = value.isoformat() if isinstance(value, dt.date) else value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value[:4].isdigit():
        return []
    if value > today.isoformat()[: len(value)]:
        return [_warn(file, doc, model, path, f"{what} {value} 还没有到，请核对", "W303")]
    return []


def _warn(file: Path, doc: Located, model: type[BaseModel], path: FieldPath, message: str,
          code: str) -> Problem:
    return located(file, doc, model, path, message, code, Severity.WARNING)
