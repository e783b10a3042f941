"""The value types of a playlist: choices, numbers in a range, times of day, dates and date
spans, moments. Each reads what an operator would write and says in Chinese how to write it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..hanzi import simplified

ALWAYS = "每天"




def one_of(choices: dict[str, str]):
    """Only these values, with their Chinese meanings in the error."""
    listed = "、".join(f"{value}（{meaning}）" if meaning else value
                       for value, meaning in choices.items())

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value.strip() not in choices:
            raise PydanticCustomError("choice", "“{value}”不是可选的值，只能填：{choices}",
                                      {"value": value, "choices": listed})
        return value.strip()

    return BeforeValidator(check)


def _int_between(low: int, high: int, what: str, example: int):
    def parse(value: Any) -> Any:
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise PydanticCustomError("number", "应为{what}（整数），如 {example}",
                                      {"what": what, "example": example})
        return value

    def check(value: int) -> int:
        if not low <= value <= high:
            raise PydanticCustomError("range", "{what}要在 {low} 到 {high} 之间，现在是 {value}",
                                      {"what": what, "low": low, "high": high, "value": value})
        return value

    return (BeforeValidator(parse), AfterValidator(check),
            Field(json_schema_extra={"minimum": low, "maximum": high}))


Seconds = Annotated[int, *_int_between(5, 3600, "秒数", 15)]
PollSeconds = Annotated[int, *_int_between(10, 3600, "秒数", 60)]
StoryCount = Annotated[int, *_int_between(1, 10, "条数", 3)]
PartnerCount = Annotated[int, *_int_between(1, 50, "个数", 3)]
PerPage = Annotated[int, *_int_between(1, 4, "每页人数", 4)]


def _as_percent(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError("percent", "应为数字（屏幕宽高的百分比），如 3")
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        raise PydanticCustomError("percent", "“{value}”应为数字（屏幕宽高的百分比），如 3",
                                  {"value": value}) from None
    if not 0 <= number <= 10:
        raise PydanticCustomError("percent", "安全边距要在 0 到 10 之间（屏幕宽高的百分比），现在是 {value}",
                                  {"value": value})
    return number


Percent = Annotated[float, BeforeValidator(_as_percent),
                    Field(json_schema_extra={"minimum": 0, "maximum": 10})]

TIME_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$"
LOOSE_TIME_PATTERN = r"^(?:[01]?\d|2[0-3]):[0-5]\d$|^24:00$"  # 7:30 is read as 07:30


def _as_time(value: Any) -> Any:
    """07:30 stays text, but YAML 1.1 reads an unquoted 19:00 as the number 1140 (base 60)."""
    if isinstance(value, int) and not isinstance(value, bool) and 60 <= value <= 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str) and re.fullmatch(r"\d:[0-5]\d", value.strip()):
        return "0" + value.strip()
    if not isinstance(value, str) or not re.match(TIME_PATTERN, value.strip()):
        raise PydanticCustomError("time", "“{value}”不是有效的时刻，请写成 24 小时制的 07:30、19:00",
                                  {"value": value})
    return value.strip()


ClockTime = Annotated[str, BeforeValidator(_as_time),
                      Field(json_schema_extra={"pattern": LOOSE_TIME_PATTERN, "type": ["string", "integer"]})]

DAY_PATTERN = r"\d{4}-\d{2}-\d{2}"
SPAN_PATTERN = rf"^{DAY_PATTERN}(?:\s*~\s*{DAY_PATTERN})?$"


def _real_day(text: str, written: Any) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise PydanticCustomError("day", "“{value}”不是一个真实存在的日期，请核对月份和日",
                                  {"value": written}) from None


def _as_span(value: Any) -> Any:
    """2026-10-01 or 2026-10-01~2026-10-07 (YAML reads an unquoted day as a date) → [first, last]."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return [value.isoformat()] * 2
    if not isinstance(value, str) or not re.match(SPAN_PATTERN, value.strip()):
        raise PydanticCustomError("span", "“{value}”不是有效的日期，请写成 2026-10-01，"
                                  "或用 ~ 连起头尾两天，如 \"2026-10-01~2026-10-07\"", {"value": value})
    days = [_real_day(part.strip(), value) for part in value.split("~")]
    if days[-1] < days[0]:
        raise PydanticCustomError("span", "“{value}”的结束日期早于开始日期，请把早的一天写在 ~ 前面",
                                  {"value": value})
    return [days[0], days[-1]]


DaySpan = Annotated[list[str], BeforeValidator(_as_span),
                    WithJsonSchema({"type": "string", "pattern": SPAN_PATTERN})]
YEARLY_PATTERN = r"\d{2}-\d{2}"
SPECIAL_PATTERN = (rf"^(?:{DAY_PATTERN}(?:\s*~\s*{DAY_PATTERN})?"
                   rf"|{YEARLY_PATTERN}(?:\s*~\s*{YEARLY_PATTERN})?)$")


def _as_special(value: Any) -> Any:
    """A special day: one day (2026-07-01), every year's day (07-01), or a span of either kind
    (10-01~10-07). A yearly span written across New Year (12-30~01-02) wraps round."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return [value.isoformat()] * 2
    text = value.strip() if isinstance(value, str) else ""
    if not re.match(SPECIAL_PATTERN, text):
        raise PydanticCustomError("special", "“{value}”不是有效的日子，请写成每年的某一天 07-01、某一年的一天 "
                                  "2026-07-01，或用 ~ 连起头尾两天，如 \"10-01~10-07\"", {"value": value})
    parts = [part.strip() for part in text.split("~")]
    if len(parts[0]) == len("07-01"):  # yearly: checked against a leap year, so 02-29 is a day
        days = [_real_day(f"2024-{part}", value)[5:] for part in parts]
        return [days[0], days[-1]]
    return _as_span(value)


SpecialDay = Annotated[list[str], BeforeValidator(_as_special),
                       WithJsonSchema({"type": "string", "pattern": SPECIAL_PATTERN})]
MOMENT_PATTERN = rf"^{DAY_PATTERN}[ T](?:[01]?\d|2[0-3]):[0-5]\d$"


def _as_moment(value: Any) -> Any:
    """2026-12-01 18:00: a day and a time of day, in the player's local time."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if not isinstance(value, str) or not re.match(MOMENT_PATTERN, value.strip()):
        raise PydanticCustomError("moment", "“{value}”不是有效的时间，请写成日期加时刻，"
                                  "如 \"2026-12-01 18:00\"", {"value": value})
    day, time = re.split(r"[ T]", value.strip())
    return f"{_real_day(day, value)} {int(time.split(':')[0]):02d}:{time.split(':')[1]}"


Moment = Annotated[str, BeforeValidator(_as_moment),
                   Field(json_schema_extra={"type": "string", "pattern": MOMENT_PATTERN})]


def moment_js(moment: str) -> list[int]:
    """[year, month, day, hour, minute] for `new Date(...)` in the player's own time zone."""
    day, time = moment.split(" ")
    return [*map(int, day.split("-")), *map(int, time.split(":"))]


WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
DAY_GROUPS = {"工作日": WEEKDAYS[:5], "周末": WEEKDAYS[5:], ALWAYS: WEEKDAYS}
DayName = Annotated[
    Literal["周一", "周二", "周三", "周四", "周五", "周六", "周日", "工作日", "周末", "每天"],
    one_of({**{d: "" for d in WEEKDAYS}, "工作日": "周一至周五", "周末": "周六、周日", ALWAYS: ""}),
    BeforeValidator(lambda day: simplified(day) if isinstance(day, str) else day),  # 週一 is 周一; runs first
]


def minutes(time: str) -> int:
    hours, mins = time.split(":")
    return int(hours) * 60 + int(mins)
