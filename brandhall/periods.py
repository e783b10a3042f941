"""Periods: the one home of how an honour's 期间 is written, ordered and shown.

A period is `YYYY`, `YYYY-MM`, `YYYY-Qn` or `YYYY~YYYY` (see the brief). The models check the
pattern; the honour wall orders and groups by `Period`; pages show `Period.label`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERIOD_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4]|~\d{4})?$"
QUARTER_NAMES = "一二三四"  # 第一季度 … 第四季度
_SPAN = re.compile(r"(\d{4})~(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_YEAR = re.compile(r"\d{4}")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Period:
    """One period as written; `kind` is year, month, quarter or span."""

    text: str
    kind: str
    first: int  # year
    last: int  # year
    number: int = 0  # the month or the quarter

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """The period `text` names, or None when it is not one (the models refuse those)."""
        if m := _SPAN.fullmatch(text):
            return cls(text, "span", *sorted((int(m[1]), int(m[2]))))
        if m := _MONTH.fullmatch(text):
            return cls(text, "month", int(m[1]), int(m[1]), int(m[2]))
        if m := _QUARTER.fullmatch(text):
            return cls(text, "quarter", int(m[1]), int(m[1]), int(m[2]))
        if _YEAR.fullmatch(text):
            return cls(text, "year", int(text), int(text))
        return None

    @property
    def years(self) -> list[int]:
        """The years it covers: 2023~2025 -> [2023, 2024, 2025]."""
        return list(range(self.first, self.last + 1))

    @property
    def end(self) -> tuple[int, int]:
        """When it ends, as (year, month), so the newest sorts first."""
        month = {"month": self.number, "quarter": self.number * 3}.get(self.kind, 12)
        return self.last, month

    @property
    def label(self) -> str:
        """2024-03 -> 2024年3月, 2024-Q1 -> 2024年第一季度, 2023~2025 -> 2023—2025年."""
        if self.kind == "month":
            return f"{self.first}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.first}年第{QUARTER_NAMES[self.number - 1]}季度"
        if self.kind == "span":
            return f"{self.text[:4]}—{self.text[5:]}年"
        return f"{self.text}年"


def period_years(period: str) -> list[int]:
    """The years a period covers; a text that is no period counts for the year it starts with."""
    parsed = Period.parse(period)
    return parsed.years if parsed else [int(period[:4])]


def period_end(period: str) -> tuple[int, int]:
    """When a period ends, as (year, month), so the newest sorts first."""
    parsed = Period.parse(period)
    return parsed.end if parsed else (period_years(period)[-1], 12)


def is_month(period: str) -> bool:
    return _MONTH.fullmatch(period) is not None


def is_year(period: str) -> bool:
    return _YEAR.fullmatch(period) is not None


def format_period(period: str) -> str:
    """A period as pages show it; anything else as written."""
    parsed = Period.parse(period)
    return parsed.label if parsed else period


def format_date(value: str) -> str:
    """2021-09-18 -> 2021年9月18日; shorter forms like format_period."""
    if m := _DAY.fullmatch(value):
        return f"{m[1]}年{int(m[2])}月{int(m[3])}日"
    return format_period(value)
