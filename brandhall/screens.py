"""Lobby screens (大屏): playlists in `screens/<name>.yml`, and the standalone full-screen pages
built from them into `site/screens/<name>/`.

A playlist is validated like a branch file (same `file:line:col: field (标签): 说明` errors) and
checked against the content graph. Each slide becomes one or more *frames* (a roll of brands, a
wall of stars in pages, the latest stories...). Every frame is rendered at build time into an
inert `<template>` of one HTML page; `theme/screens/screen.js` then shows them by the wall clock,
reusing two slide elements forever. Pages, CSS and JS are plain files from `theme/screens/`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urljoin

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import BuildFailed, Problem, Problems, Severity
from .graph import ContentGraph, FigureNode, HonourEntry
from .hanzi import simplified
from .load import explain_validation, validate_file
from .markup import format_date, format_period, plain_text, render_markdown
from .models import SLUG_PATTERN, Record, Slug, Text, label_of
from .scan import IMAGE_CODE, KINDS, find_personal_data, markdown_images
from .settings import read_mkdocs_yml, site_sections
from .yamlsource import FieldPath, Located, counted, dotted

if TYPE_CHECKING:
    from .images import ImageSet, SiteImage
    from .site import Project

SCREENS_DIR = "screens"
THEME_DIR = Path("theme") / "screens"
STATIC_FILES = ("screen.css", "screen.js", "index.css")
GUIDE = Path("docs") / "screens.md"
NOTICE_MAX_CHARS = 120
NOTICE_TITLE_MAX_CHARS = 20
ALWAYS = "每天"


# ---------------------------------------------------------------------------------------------
# Value types. Every message is Chinese and says how to write the value.
# ---------------------------------------------------------------------------------------------


def _one_of(choices: dict[str, str]):
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

WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
DAY_GROUPS = {"工作日": WEEKDAYS[:5], "周末": WEEKDAYS[5:], ALWAYS: WEEKDAYS}
DayName = Annotated[
    Literal["周一", "周二", "周三", "周四", "周五", "周六", "周日", "工作日", "周末", "每天"],
    _one_of({**{d: "" for d in WEEKDAYS}, "工作日": "周一至周五", "周末": "周六、周日", ALWAYS: ""}),
    BeforeValidator(lambda day: simplified(day) if isinstance(day, str) else day),  # 週一 is 周一; runs first
]


def minutes(time: str) -> int:
    hours, mins = time.split(":")
    return int(hours) * 60 + int(mins)


class Window(Record, title="时段"):
    days: list[DayName] = Field(
        [ALWAYS], title="星期",
        description="哪几天，如 [周一, 周二] 或 [工作日]；可写 周一…周日、工作日、周末、每天；不写为每天")
    start: ClockTime = Field(title="开始", description="开始时刻，24 小时制，如 07:30")
    end: ClockTime = Field(
        title="结束",
        description="结束时刻，如 19:00；比开始早表示跨过午夜，如 22:00 到 02:00（算在开始那天）")

    @model_validator(mode="after")
    def _not_empty(self) -> Window:
        if self.start == "24:00":
            raise PydanticCustomError("window", "开始时刻不能是 24:00；从零点开始请写 00:00")
        if self.start == self.end:
            raise PydanticCustomError(
                "window", "开始和结束是同一时刻（{start}）；全天显示请写 start: \"00:00\" 和 end: \"24:00\"",
                {"start": self.start})
        if not self.days:
            raise PydanticCustomError("window", "days 不能是空列表；每天显示可以不写 days")
        return self

    def weekdays(self) -> list[int]:
        """The days as JavaScript numbers them: 0 is Sunday."""
        names = {d for name in self.days for d in DAY_GROUPS.get(name, [name])}
        return sorted((WEEKDAYS.index(d) + 1) % 7 for d in names)

    def to_js(self) -> list[Any]:
        return [self.weekdays(), minutes(self.start), minutes(self.end)]

    def describe(self) -> str:
        names = {d for name in self.days for d in DAY_GROUPS.get(name, [name])}
        groups = {frozenset(days): name for name, days in DAY_GROUPS.items()}
        days = groups.get(frozenset(names)) or "、".join(d for d in WEEKDAYS if d in names)
        crosses = "（次日）" if minutes(self.end) < minutes(self.start) else ""
        return f"{days} {self.start}–{crosses}{self.end}"


# ---------------------------------------------------------------------------------------------
# Slides. `type` picks the kind; every kind may set its own duration and schedule.
# ---------------------------------------------------------------------------------------------


class SlideBase(Record):
    type: str = Field(title="幻灯片类型")
    duration: Seconds | None = Field(
        None, title="停留秒数", description="这张幻灯片（轮播时为每一页）显示多少秒；不写时用大屏的 duration")
    schedule: list[Window] = Field(
        [], title="播放时段", description="只在这些时段里播放这张幻灯片；不写为大屏开着时都播放")


class BrandSlide(SlideBase, title="支部品牌"):
    type: Literal["brand"] = Field(title="幻灯片类型", description="brand：一个支部的品牌")
    branch: Slug = Field(title="支部", description="支部文件夹名，如 guangzhou-peisong")


class BrandsSlide(SlideBase, title="品牌轮播"):
    type: Literal["brands"] = Field(title="幻灯片类型", description="brands：逐个轮播各支部品牌")
    org: Text | None = Field(
        None, title="所属党委", description="只轮播这个党委的支部，如 广东分公司党委；不写为全部支部")


class WallSlide(SlideBase, title="明星墙"):
    type: Literal["wall"] = Field(title="幻灯片类型", description="wall：明星墙，分页显示")
    scope: Annotated[Literal["current", "all"],
                     _one_of({"current": "当期明星", "all": "全部明星称号获得者"})] = Field(
        "current", title="范围", description="current：最新一期的明星（默认）；all：获得过明星类称号的全部先进典型")
    per_page: PerPage | None = Field(None, title="每页人数", description="每页显示几位，1 到 4；不写为 4")


class FigureSlide(SlideBase, title="先进典型"):
    type: Literal["figure"] = Field(title="幻灯片类型", description="figure：一位先进典型的特写")
    branch: Slug = Field(title="支部", description="人物所在支部的文件夹名，如 guangzhou-peisong")
    figure: Slug = Field(title="人物编号", description="人物的编号（id），如 zhang-wei")


class StoriesSlide(SlideBase, title="最新故事"):
    type: Literal["stories"] = Field(title="幻灯片类型", description="stories：最新的几篇典型故事，每篇一页")
    count: StoryCount = Field(3, title="篇数", description="显示最新的几篇，1 到 10")


class PartnersSlide(SlideBase, title="互联共建"):
    type: Literal["partners"] = Field(title="幻灯片类型", description="partners：互联共建，每对共建单位一页")
    count: PartnerCount | None = Field(None, title="个数", description="最多显示几对；不写为全部")


LINK_PATTERN = r"^(?:https?://[^\s<>\"]+|[a-z0-9][a-z0-9_./-]*)$"


def _check_link(value: str) -> str:
    if not re.match(LINK_PATTERN, value):
        raise PydanticCustomError(
            "link", "“{value}”不是有效的链接；请写本站页面的路径（如 about/）或完整网址（http:// 开头）",
            {"value": value})
    return value


class NoticeSlide(SlideBase, title="通知"):
    type: Literal["notice"] = Field(title="幻灯片类型", description="notice：一则通知，可用 Markdown")
    title: Text = Field("通知", title="标题", description=f"通知标题，不超过 {NOTICE_TITLE_MAX_CHARS} 个字")
    text: Text = Field(title="正文", description=f"通知正文，支持 Markdown，不超过 {NOTICE_MAX_CHARS} 个字")
    link: Annotated[Text, AfterValidator(_check_link)] | None = Field(
        None, title="二维码链接",
        description="二维码指向的页面：本站路径如 about/，或完整网址；不写则不显示二维码",
        json_schema_extra={"pattern": LINK_PATTERN})


SLIDE_TYPES: dict[str, type[SlideBase]] = {
    "brand": BrandSlide, "brands": BrandsSlide, "wall": WallSlide, "figure": FigureSlide,
    "stories": StoriesSlide, "partners": PartnersSlide, "notice": NoticeSlide,
}
SLIDE_TYPE_LIST = "、".join(f"{name}（{model.model_config['title']}）"
                            for name, model in SLIDE_TYPES.items())


def _dispatch(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
    """Validate a slide with the model its `type` names. Errors come back located inside the
    slide (slides[2].branch), not under a union tag (slides[2].brand.branch)."""
    if not isinstance(value, dict):
        return handler(value)
    kind = value.get("type")
    model = SLIDE_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise ValidationError.from_exception_data("Slide", [{
            "type": _slide_type_error(kind), "loc": ("type",), "input": kind}])
    return model.model_validate(value, context=info.context)


def _slide_type_error(kind: Any) -> PydanticCustomError:
    if kind is None:
        return PydanticCustomError("slide_type", "缺少幻灯片类型 type；请写：{choices}",
                                   {"choices": SLIDE_TYPE_LIST})
    close = difflib.get_close_matches(str(kind), list(SLIDE_TYPES), n=1, cutoff=0.6)
    hint = f"，你是不是想写“{close[0]}”？" if close else "；"
    return PydanticCustomError("slide_type", "不认识的幻灯片类型“{kind}”{hint}可选：{choices}",
                               {"kind": kind, "hint": hint, "choices": SLIDE_TYPE_LIST})


Slide = Annotated[
    BrandSlide | BrandsSlide | WallSlide | FigureSlide | StoriesSlide | PartnersSlide | NoticeSlide,
    Field(discriminator="type"),
    WrapValidator(_dispatch),
]


class Screen(Record, title="大屏"):
    title: Text = Field(title="大屏名称", description="这块屏的名称，用在大屏目录里，如 一楼大厅横屏")
    heading: Text | None = Field(
        None, title="屏幕抬头", description="屏幕左上角显示的文字；不写时用网站名称（mkdocs.yml 的 site_name）")
    orientation: Annotated[Literal["landscape", "portrait"],
                           _one_of({"landscape": "横屏 1920×1080", "portrait": "竖屏 1080×1920"})] = Field(
        "landscape", title="屏幕方向",
        description="landscape：横屏 1920×1080；portrait：竖屏 1080×1920。4K 等分辨率按比例放大")
    duration: Seconds = Field(15, title="停留秒数", description="每张幻灯片默认显示多少秒，5 到 3600")
    transitions: Annotated[Literal["fade", "none"],
                           _one_of({"fade": "淡入淡出", "none": "直接切换，适合性能很弱的播放盒"})] = Field(
        "fade", title="切换效果", description="fade：淡入淡出；none：直接切换（播放盒很卡时用）")
    safe_area: Percent = Field(
        3, title="安全边距",
        description="四周留白，占屏幕宽高的百分比（0 到 10）；电视机裁掉边缘（过扫描）时调大")
    schedule: list[Window] = Field(
        [], title="开屏时段", description="大屏播放内容的时段；时段之外显示夜间画面。不写为全天播放")
    night: Annotated[Literal["clock", "black"], _one_of({"clock": "暗色时钟", "black": "全黑"})] = Field(
        "clock", title="夜间画面", description="开屏时段之外显示什么：clock 暗色时钟（默认），black 全黑")
    daily_reload: ClockTime = Field(
        "04:00", title="每日刷新时刻", description="每天在这个时刻重新载入一次页面，宜选没人看的时候，如 04:00")
    poll: PollSeconds = Field(
        60, title="检查更新间隔", description="每隔多少秒检查一次网站是否有新版本，10 到 3600")
    qr: bool = Field(True, title="显示二维码", description="是否在幻灯片上显示指向内网页面的二维码")
    slides: list[Slide] = Field(title="幻灯片", description="按顺序播放的幻灯片")

    @field_validator("slides")
    @classmethod
    def _has_slides(cls, slides: list[SlideBase]) -> list[SlideBase]:
        if not slides:
            raise PydanticCustomError("slides", "slides 里至少要有一张幻灯片")
        return slides


# ---------------------------------------------------------------------------------------------
# Loading, validation and checks against the content graph
# ---------------------------------------------------------------------------------------------


@dataclass
class LoadedScreen:
    name: str
    file: Path
    screen: Screen
    doc: Located


VALIDATION_CODES = ("E110", "E111", "E112")
SLIDE_FIELD = re.compile(r"^第 \d+ 张幻灯片 › ")  # a field inside a slide, as `dotted` writes it


def screen_files(root: Path) -> list[Path]:
    folder = root / SCREENS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))


def check_screens(root: Path, graph: ContentGraph | None) -> list[Problem]:
    """Every problem in `screens/*.yml`; nothing when there is no screens/ folder."""
    return load_screens(root, graph)[1]


def load_screens(root: Path, graph: ContentGraph | None) -> tuple[list[LoadedScreen], list[Problem]]:
    loaded: list[LoadedScreen] = []
    problems: list[Problem] = []
    for file in screen_files(root):
        screen, screen_problems = load_screen(file, graph)
        problems += screen_problems
        if screen is not None:
            loaded.append(screen)
    return loaded, problems


def load_screen(file: Path, graph: ContentGraph | None) -> tuple[LoadedScreen | None, list[Problem]]:
    problems: list[Problem] = []
    if file.suffix != ".yml":
        return None, [Problem(file, 1, 1, "文件名", "扩展名",
                              f"大屏文件要以 .yml 结尾，“{file.name}”没有被读取；请改名为 {file.stem}.yml",
                              "W600", Severity.WARNING)]
    if not re.match(SLUG_PATTERN, file.stem):
        problems.append(Problem(file, 1, 1, "文件名", "网址名",
                                f"文件名“{file.name}”不能用作网址；只能用小写字母 a–z、数字和连字符 -，"
                                "如 lobby.yml、dating-1f.yml", "E605"))
    screen, doc, file_problems = validate_file(file, Screen, {})
    if doc is None:
        return None, problems + file_problems
    slides, slide_problems = _validate_slides(doc, file)
    problems += [p for p in file_problems  # slides are validated again one by one, below
                 if not (SLIDE_FIELD.match(p.field) and p.code in VALIDATION_CODES)] + slide_problems
    problems += _check_text(doc, file)
    if graph is not None:
        problems += _check_against_graph(slides, graph, doc, file)
    if screen is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return LoadedScreen(file.stem, file, screen, doc), problems


def _validate_slides(doc: Located, file: Path) -> tuple[list[tuple[int, SlideBase]], list[Problem]]:
    """Each slide on its own, with its own model, so labels and hints fit its type."""
    raw = doc.data.get("slides") if isinstance(doc.data, dict) else None
    slides: list[tuple[int, SlideBase]] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(item, dict):
            continue  # reported by the whole-file validation as slides[i]
        prefix: FieldPath = ("slides", index)
        kind = item.get("type")
        model = SLIDE_TYPES.get(kind) if isinstance(kind, str) else None
        if model is None:
            line, col = doc.position_of((*prefix, "type"))
            problems.append(Problem(file, line, col, dotted((*prefix, "type")), "幻灯片类型",
                                    _slide_type_error(kind).message(), "E606"))
            continue
        try:
            slides.append((index, model.model_validate(item)))
        except ValidationError as error:
            for problem in explain_validation(error, model, _below(doc, prefix), file):
                inner = "" if problem.field == "-" else problem.field
                joined = counted(*prefix) + (f" › {inner}" if inner else "")
                problems.append(replace(problem, field=joined))
    return slides, problems


def _check_text(doc: Located, file: Path) -> list[Problem]:
    """No personal data anywhere on a screen, and no images in a notice's Markdown (the
    sanitiser would drop them without a word)."""
    problems: list[Problem] = []

    def label(path: FieldPath) -> str:
        slides = doc.data.get("slides") if isinstance(doc.data, dict) else None
        if len(path) > 2 and path[0] == "slides" and isinstance(slides, list) and isinstance(slides[path[1]], dict):
            model = SLIDE_TYPES.get(str(slides[path[1]].get("type")))
            if model is not None:
                return label_of(model, path[2:])
        return label_of(Screen, path)

    def walk(value: Any, path: FieldPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str):
            line, col = doc.position_of(path)
            for hit in find_personal_data(value):
                problems.append(Problem(file, line, col, dotted(path), label(path),
                                        f"发现疑似{KINDS[hit.kind][0]}“{hit.masked}”，大屏上不能出现个人信息，请删除",
                                        KINDS[hit.kind][1]))
            if path[-1] == "text" and markdown_images(value):
                problems.append(Problem(file, line, col, dotted(path), label(path),
                                        "通知正文里不能插入图片（大屏会把它去掉），请删去", IMAGE_CODE))

    walk(doc.data, ())
    return problems


def _below(doc: Located, prefix: FieldPath) -> Located:
    """The part of `doc` under `prefix`, with paths relative to it."""
    n = len(prefix)

    def cut(table: dict) -> dict:
        return {path[n:]: pos for path, pos in table.items() if path[:n] == prefix}

    data = doc.data
    for part in prefix:
        data = data[part]
    return Located(data, cut(doc.values), cut(doc.keys))


def _check_against_graph(slides: list[tuple[int, SlideBase]], graph: ContentGraph, doc: Located,
                         file: Path) -> list[Problem]:
    problems: list[Problem] = []
    branches = {b.slug: b for b in graph.branches}

    def problem(index: int, name: str, model: type[BaseModel], message: str, code: str,
                severity: Severity = Severity.ERROR) -> None:
        path = ("slides", index, name)
        line, col = doc.position_of(path)
        problems.append(Problem(file, line, col, dotted(path), label_of(model, (name,)), message,
                                code, severity))

    for index, slide in slides:
        model = type(slide)
        if isinstance(slide, BrandSlide | FigureSlide) and slide.branch not in branches:
            if (file.parent.parent / graph.settings.branches_dir / slide.branch).is_dir():
                continue  # the branch exists but its own file has errors, reported there
            problem(index, "branch", model,
                    f"本站没有文件夹名为“{slide.branch}”的支部{_did_you_mean(slide.branch, branches)}", "E601")
            continue
        if isinstance(slide, FigureSlide):
            figures = {f.id: f for f in branches[slide.branch].figures}
            figure = figures.get(slide.figure)
            if figure is None:
                problem(index, "figure", model,
                        f"“{branches[slide.branch].data.name}”没有编号为“{slide.figure}”的人物"
                        f"{_did_you_mean(slide.figure, figures)}", "E602")
            elif not figure.data.on_screens:
                problem(index, "figure", model,
                        f"{figure.data.name}设置了 on_screens: false（不上大屏），不能放在大屏上；"
                        "请删去这张幻灯片", "E604")
        if isinstance(slide, BrandsSlide) and slide.org is not None and slide.org not in graph.by_org():
            problem(index, "org", model,
                    f"本站没有所属党委为“{slide.org}”的支部{_did_you_mean(slide.org, graph.by_org(), 0.3)}",
                    "E603")
        if isinstance(slide, NoticeSlide):
            length = len(excerpt(slide.text, 100_000))
            if length > NOTICE_MAX_CHARS:
                problem(index, "text", model,
                        f"通知正文有 {length} 个字，大屏一页放不下；请精简到 {NOTICE_MAX_CHARS} 字以内，"
                        "或拆成两张通知", "E607")
            if len(slide.title) > NOTICE_TITLE_MAX_CHARS:
                problem(index, "title", model,
                        f"通知标题有 {len(slide.title)} 个字，请精简到 {NOTICE_TITLE_MAX_CHARS} 字以内", "E607")
        if isinstance(slide, WallSlide | StoriesSlide | PartnersSlide) and not _frames_of(slide, graph):
            problem(index, "type", model, "现在没有可显示的内容（如没有可上大屏的明星、故事或共建），"
                                          "这张幻灯片会被跳过", "W608", Severity.WARNING)
    return problems


def _did_you_mean(value: str, choices, cutoff: float = 0.5) -> str:
    names = list(choices)
    close = difflib.get_close_matches(value, names, n=1, cutoff=cutoff)
    if close:
        return f"，你是不是想写“{close[0]}”？"
    return f"；可以写：{'、'.join(names)}" if names else ""


# ---------------------------------------------------------------------------------------------
# Text for screens
# ---------------------------------------------------------------------------------------------

CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
CJK_BREAK = re.compile(f"(?<=[{CJK}])[ \\t]*\\n[ \\t]*(?=[{CJK}])")
CJK_SPACE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


def join_cjk_lines(text: str | None) -> str:
    """Editors wrap long Chinese lines in YAML; a browser would show each break as a space."""
    return CJK_BREAK.sub("", text or "")


def notice_markdown(text: str | None) -> Markup:
    return render_markdown(join_cjk_lines(text))


def excerpt(text: str | None, limit: int) -> str:
    """The opening of a Markdown text as one plain line: whole sentences when they fit."""
    flat = CJK_SPACE.sub("", plain_text(join_cjk_lines(text), limit=100_000))
    if len(flat) <= limit:
        return flat
    cut = max(flat.rfind(mark, 0, limit) for mark in "。！？；")
    return flat[: cut + 1] if cut >= limit // 3 else flat[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Frames: what each slide shows, page by page
# ---------------------------------------------------------------------------------------------


@dataclass
class Frame:
    """One page of a slide: a brand of a roll, a page of the wall, one story..."""

    kind: str
    slide: int
    context: dict[str, Any]
    link: str | None = None  # the intranet page the QR code leads to (site-relative or absolute)
    duration: int = 0
    schedule: list[Window] = field(default_factory=list)


def _visible(figure: FigureNode) -> bool:
    return figure.data.on_screens


def _frames_of(slide: SlideBase, graph: ContentGraph) -> list[Frame]:
    """The frames of one slide; `slide` index and timing are filled in by `frames_of`."""
    branches = {b.slug: b for b in graph.branches}
    if isinstance(slide, BrandSlide):
        branch = branches[slide.branch]
        return [Frame("brand", 0, {"branch": branch, "single": True}, branch.url)]
    if isinstance(slide, BrandsSlide):
        chosen = graph.by_org().get(slide.org, []) if slide.org else graph.branches
        return [Frame("brand", 0, {"branch": b, "single": False}, b.url) for b in chosen]
    if isinstance(slide, FigureSlide):
        branch = branches[slide.branch]
        figure = next(f for f in branch.figures if f.id == slide.figure)
        return [Frame("figure", 0, {"figure": figure}, figure.url)] if _visible(figure) else []
    if isinstance(slide, WallSlide):
        return _wall_frames(slide, graph)
    if isinstance(slide, StoriesSlide):
        return [Frame("story", 0, {"story": s}, s.url) for s in graph.stories[: slide.count]]
    if isinstance(slide, PartnersSlide):
        pairs = graph.partnerships()[: slide.count]
        return [Frame("partner", 0, {"branch": b, "link": link, "number": i + 1, "total": len(pairs)},
                      "partners/") for i, (b, link) in enumerate(pairs)]
    if isinstance(slide, NoticeSlide):
        return [Frame("notice", 0, {"notice": slide}, slide.link)]
    raise AssertionError(slide)


def _wall_frames(slide: WallSlide, graph: ContentGraph) -> list[Frame]:
    if slide.scope == "current":
        period, entries = graph.current_stars()
        heading = f"{format_period(period)}明星" if period else "明星"
    else:
        stars = {h.title for h in graph.settings.honours if h.star}
        entries = sorted((e for e in graph.honour_entries() if graph.settings.canonical(e.honour.title) in stars),
                         key=lambda e: (e.honour.period, -graph.settings.rank_of(e.honour.title)),
                         reverse=True)
        heading = "光荣榜"
    seen: set[int] = set()
    people: list[HonourEntry] = []
    for entry in entries:
        if _visible(entry.figure) and id(entry.figure) not in seen:
            seen.add(id(entry.figure))
            people.append(entry)
    size = slide.per_page or 4
    count = -(-len(people) // size)  # pages, each as full as the others: 5 people make 3 + 2
    pages = [people[len(people) * n // count: len(people) * (n + 1) // count] for n in range(count)]
    return [Frame("wall", 0, {"heading": heading, "entries": page, "page": n + 1, "pages": len(pages),
                              "per_page": size, "scope": slide.scope}, "wall/")
            for n, page in enumerate(pages)]


def wall_grid(per_page: int, portrait: bool) -> tuple[int, int]:
    """(columns, rows) of a wall page, the same on every page so cards keep their size."""
    if portrait:
        return (1, 1) if per_page == 1 else (2, (per_page + 1) // 2)
    return (per_page, 1)


def frames_of(screen: Screen, graph: ContentGraph) -> list[Frame]:
    frames = []
    for index, slide in enumerate(screen.slides):
        for frame in _frames_of(slide, graph):
            frame.slide = index
            frame.duration = slide.duration or screen.duration
            frame.schedule = slide.schedule
            if frame.kind == "wall":
                frame.context["grid"] = wall_grid(frame.context["per_page"],
                                                  screen.orientation == "portrait")
            frames.append(frame)
    return frames


# ---------------------------------------------------------------------------------------------
# Writing site/screens/
# ---------------------------------------------------------------------------------------------


class ScreenWriter:
    """Renders every screen page, the index of screens, and copies CSS and JS."""

    def __init__(self, project_root: Path, graph: ContentGraph, images: ImageSet, site_dir: Path,
                 site_url: str | None = None):
        self.root = project_root
        self.graph = graph
        self.images = images
        self.site_dir = site_dir
        mkdocs = read_mkdocs_yml(project_root)
        self.site_url: str | None = site_url or mkdocs.get("site_url") or None
        self.site_name: str = mkdocs.get("site_name") or "党建品牌展厅"
        logo = (mkdocs.get("theme") or {}).get("logo") if isinstance(mkdocs.get("theme"), dict) else None
        self.logo = logo if isinstance(logo, str) and (site_dir / logo).is_file() else None
        self._qr: dict[str, Markup] = {}
        self.env = Environment(
            loader=FileSystemLoader(project_root / THEME_DIR),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(md=notice_markdown, date=format_date, period=format_period,
                                excerpt=excerpt)

    # --- helpers the templates call ------------------------------------------------------------

    def asset(self, image: SiteImage | None) -> str | None:
        """A processed image's address as seen from site/screens/<name>/."""
        return f"../../{image.src}" if image is not None else None

    def qr(self, link: str | None) -> Markup | None:
        """An inline SVG QR code for the intranet address of `link`, made at build time."""
        if not link:
            return None
        if not re.match(r"^https?://", link):
            if not self.site_url:
                return None
            link = urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/", link)
        if link not in self._qr:
            code = segno.make(link, error="m", micro=False)
            svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
            self._qr[link] = Markup(svg)
        return self._qr[link]

    # --- pages ----------------------------------------------------------------------------------

    def render_screen(self, loaded: LoadedScreen, version: str) -> str:
        screen = loaded.screen
        frames = frames_of(screen, self.graph)
        macros = self.env.get_template("frames.html").make_module({
            "images": self.images, "asset": self.asset, "portrait": screen.orientation == "portrait",
        })
        rendered = [{"kind": f.kind, "slide": f.slide,
                     "html": Markup(getattr(macros, f.kind)(qr=self.qr(f.link) if screen.qr else None,
                                                            **f.context))}
                    for f in frames]
        config = {
            "name": loaded.name,
            "version": version,
            "root": "../../",
            "transitions": screen.transitions,
            "night": screen.night,
            "schedule": [w.to_js() for w in screen.schedule],
            "dailyReload": minutes(screen.daily_reload),
            "poll": screen.poll * 1000,
            "frames": [{"d": f.duration * 1000, "s": [w.to_js() for w in f.schedule], "k": f.kind,
                        "slide": f.slide} for f in frames],
        }
        template = self.env.get_template("screen.html")
        return template.render(screen=screen, name=loaded.name, frames=rendered, config=config,
                               version=version, heading=screen.heading or self.site_name,
                               logo=f"../../{self.logo}" if self.logo else None,
                               safe_area=f"{screen.safe_area:g}")

    def render_index(self, screens: list[LoadedScreen]) -> str:
        guide_file = self.root / GUIDE
        guide = _strip_front_matter(guide_file.read_text(encoding="utf-8")) if guide_file.is_file() else ""
        heading = re.match(r"\s*#\s+(.+)\n", guide)
        guide_title = heading.group(1).strip() if heading else "使用说明"
        guide = guide[heading.end():] if heading else guide
        rows = []
        for loaded in screens:
            screen = loaded.screen
            frames = frames_of(screen, self.graph)
            url = (urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/",
                           f"{SCREENS_DIR}/{loaded.name}/") if self.site_url else None)
            seconds = sum(f.duration for f in frames)
            rows.append({"name": loaded.name, "screen": screen, "frames": len(frames),
                         "cycle": f"{seconds // 60} 分 {seconds % 60} 秒" if seconds >= 60 else f"{seconds} 秒",
                         "url": url,
                         "schedule": "；".join(w.describe() for w in screen.schedule) or "全天"})
        return self.env.get_template("index.html").render(
            rows=rows, site_name=self.site_name, guide=guide, guide_title=guide_title,
            sections=site_sections(self.root))

    def write(self, screens: list[LoadedScreen]) -> str:
        """Write every screen and the index; returns the version of what was written."""
        out = self.site_dir / SCREENS_DIR
        out.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        for name in STATIC_FILES:
            source = self.root / THEME_DIR / name
            digest.update(source.read_bytes())
        drafts = {s.name: self.render_screen(s, "") for s in screens}
        for name in sorted(drafts):
            digest.update(name.encode() + b"\0" + drafts[name].encode("utf-8"))
        version = digest.hexdigest()[:16]
        for name in STATIC_FILES:
            shutil.copyfile(self.root / THEME_DIR / name, out / name)
        for loaded in screens:
            target = out / loaded.name / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.render_screen(loaded, version), encoding="utf-8")
        # docs/screens.md is also built by MkDocs into screens/index.html; this index replaces
        # it and carries the same guide, below the list of this site's screens.
        (out / "index.html").write_text(self.render_index(screens), encoding="utf-8")
        return version


def _strip_front_matter(text: str) -> str:
    match = re.match(r"\A---[ \t]*\n.*?\n---[ \t]*\n", text, re.S)
    return text[match.end():] if match else text


def write_screens(project: Project, graph: ContentGraph, images: ImageSet, site_dir: Path,
                  site_url: str | None = None) -> str:
    """Write `site_dir/screens/` (when the project has screens/) and `site_dir/version.json`,
    which the screens poll to pick up a new build. Returns the version. QR codes lead to
    `site_url`, by default mkdocs.yml's."""
    screens, problems = load_screens(project.root, graph)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise BuildFailed(Problems(errors))
    version = ScreenWriter(project.root, graph, images, site_dir, site_url).write(screens) \
        if (project.root / SCREENS_DIR).is_dir() else hashlib.sha256(b"").hexdigest()[:16]
    built = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    (site_dir / "version.json").write_text(
        json.dumps({"version": version, "built": built}, ensure_ascii=False) + "\n", encoding="utf-8")
    return version
