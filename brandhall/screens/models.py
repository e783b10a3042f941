"""The playlist models of `screens/<name>.yml`: slides and the screen (their value types are in
`values.py`). Every
message is Chinese and says how to write the value."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..models import FullDate, Markdown, Record, Slug, Text
from ..suggest import did_you_mean
from .values import (
    ALWAYS,
    DAY_GROUPS,
    WEEKDAYS,
    ClockTime,
    DayName,
    DaySpan,
    Moment,
    PartnerCount,
    Percent,
    PerPage,
    PollSeconds,
    Seconds,
    SpecialDay,
    StoryCount,
    minutes,
    one_of,
)

SCREENS_DIR = "screens"
STATIC_FILES = ("screen.css", "schedule.js", "slides.js", "updates.js", "present.js", "screen.js", "index.css")
GUIDE = "screens.md"  # in docs/
NOTICE_MAX_CHARS = 120
NOTICE_TITLE_MAX_CHARS = 20
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
    from_: FullDate | None = Field(
        None, alias="from", title="开始日期", description="从这一天起播放，如 2026-12-01；不写为一直播放")
    until: FullDate | None = Field(
        None, title="结束日期", description="播放到这一天（含这一天）为止，如 2026-12-10；不写为一直播放")
    except_: list[DaySpan] = Field(
        [], alias="except", title="不播放的日子",
        description="这些日子不播放这张幻灯片，如 [\"2026-10-01~2026-10-07\"]")
    only: list[SpecialDay] = Field(
        [], title="只在这些日子播放",
        description="特别的日子才播放这张幻灯片，如七一、国庆 [\"07-01\", \"10-01~10-07\"]（每年）"
                    "或 [2026-07-01]（只这一年）；不写为每天")

    @model_validator(mode="after")
    def _dates_in_order(self) -> SlideBase:
        if self.from_ and self.until and self.until < self.from_:
            raise PydanticCustomError("dates", "结束日期 until（{until}）早于开始日期 from（{start}），请核对",
                                      {"until": self.until, "start": self.from_})
        return self


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
                     one_of({"current": "当期明星", "all": "全部明星称号获得者"})] = Field(
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


class FigureTalkSlide(SlideBase, title="人物宣讲"):
    type: Literal["figure_talk"] = Field(
        title="幻灯片类型", description="figure_talk：一位先进典型上台宣讲：先是人物大字页，再是他的故事照片")
    branch: Slug = Field(title="支部", description="人物所在支部的文件夹名，如 guangzhou-peisong")
    figure: Slug = Field(title="人物编号", description="人物的编号（id），如 zhang-wei")


PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
POSTER_SUFFIXES = (*PICTURE_SUFFIXES, ".pdf")
FILE_PATTERN = r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[^\\:*?\"<>|]+$"


def _in_screens(suffixes: tuple[str, ...], kind: str):
    """A file in the screens/ folder, by its path there, such as images/welcome.jpg."""
    def check(value: str) -> str:
        if "\\" in value:
            raise PydanticCustomError("file", "“{value}”用了反斜杠 \\；路径请用 / 分隔，如 images/welcome.jpg",
                                      {"value": value})
        if not re.match(FILE_PATTERN, value):
            raise PydanticCustomError("file", "“{value}”不在 screens/ 文件夹里；请写 screens/ 里的路径，"
                                      "如 images/welcome.jpg", {"value": value})
        if not value.lower().endswith(suffixes):
            raise PydanticCustomError("file", "{kind}要是 {suffixes} 文件，“{value}”不是",
                                      {"kind": kind, "suffixes": "、".join(s[1:] for s in suffixes), "value": value})
        return value

    return AfterValidator(check)


class ImageSlide(SlideBase, title="图片"):
    type: Literal["image"] = Field(title="幻灯片类型", description="image：一张图片，按屏幕大小完整显示")
    src: Annotated[Text, _in_screens(PICTURE_SUFFIXES, "图片")] = Field(
        title="图片文件", description="screens/ 文件夹里的图片，如 images/welcome.jpg（jpg、png 或 webp）",
        json_schema_extra={"pattern": FILE_PATTERN})
    alt: Text = Field(title="图片说明", description="图片上是什么，一句话，给看不见图片的人，如 党员志愿服务队合影")
    caption: Text | None = Field(None, title="图片下方的文字", description="显示在图片下方的一行字；不写则不显示")


class PosterSlide(SlideBase, title="海报"):
    type: Literal["poster"] = Field(
        title="幻灯片类型", description="poster：别处设计好的海报（PDF 的第一页或一张图片），铺满屏幕")
    src: Annotated[Text, _in_screens(POSTER_SUFFIXES, "海报")] = Field(
        title="海报文件", description="screens/ 文件夹里的海报，如 posters/qiyi.pdf（pdf、jpg、png 或 webp）",
        json_schema_extra={"pattern": FILE_PATTERN})
    alt: Text = Field(title="海报说明", description="海报的标题和要点，一句话，给看不见图片的人")


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
    text: Markdown = Field(title="正文", description=f"通知正文，支持 Markdown，不超过 {NOTICE_MAX_CHARS} 个字")
    link: Annotated[Text, AfterValidator(_check_link)] | None = Field(
        None, title="二维码链接",
        description="二维码指向的页面：本站路径如 about/，或完整网址；不写则不显示二维码",
        json_schema_extra={"pattern": LINK_PATTERN})


SLIDE_TYPES: dict[str, type[SlideBase]] = {
    "brand": BrandSlide, "brands": BrandsSlide, "wall": WallSlide, "figure": FigureSlide,
    "stories": StoriesSlide, "partners": PartnersSlide, "notice": NoticeSlide,
    "figure_talk": FigureTalkSlide, "image": ImageSlide, "poster": PosterSlide,
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
            "type": slide_type_error(kind), "loc": ("type",), "input": kind}])
    return model.model_validate(value, context=info.context)


def slide_type_error(kind: Any) -> PydanticCustomError:
    if kind is None:
        return PydanticCustomError("slide_type", "缺少幻灯片类型 type；请写：{choices}",
                                   {"choices": SLIDE_TYPE_LIST})
    hint = did_you_mean(str(kind), SLIDE_TYPES, cutoff=0.6, otherwise="；")
    return PydanticCustomError("slide_type", "不认识的幻灯片类型“{kind}”{hint}可选：{choices}",
                               {"kind": kind, "hint": hint, "choices": SLIDE_TYPE_LIST})


Slide = Annotated[
    BrandSlide | BrandsSlide | WallSlide | FigureSlide | StoriesSlide | PartnersSlide | NoticeSlide
    | FigureTalkSlide | ImageSlide | PosterSlide,
    Field(discriminator="type"),
    WrapValidator(_dispatch),
]


class UrgentNotice(Record, title="紧急通知"):
    title: Text = Field("紧急通知", title="标题", description=f"标题，不超过 {NOTICE_TITLE_MAX_CHARS} 个字")
    text: Text = Field(title="正文", description=f"正文，支持 Markdown，不超过 {NOTICE_MAX_CHARS} 个字")
    from_: Moment | None = Field(
        None, alias="from", title="开始时间", description="从这个时间起盖过一切，如 \"2026-12-01 08:00\"；不写为立即")
    until: Moment = Field(title="结束时间", description="到这个时间恢复正常播放，如 \"2026-12-01 18:00\"")

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> UrgentNotice:
        if self.from_ and self.until <= self.from_:
            raise PydanticCustomError("moment", "结束时间 until（{until}）不晚于开始时间 from（{start}），请核对",
                                      {"until": self.until, "start": self.from_})
        return self


class SpecialOpening(Record, title="特别开屏日"):
    days: list[SpecialDay] = Field(
        title="日子",
        description="哪些日子，如 [\"07-01\"]（每年七一）或 [\"2026-10-03\"]、[\"2026-10-01~2026-10-03\"]")
    start: ClockTime = Field(title="开始", description="这些日子的开屏时刻，如 09:00")
    end: ClockTime = Field(title="结束", description="这些日子的关屏时刻，如 17:00；要晚于开始，不跨过午夜")

    @model_validator(mode="after")
    def _within_the_day(self) -> SpecialOpening:
        if not self.days:
            raise PydanticCustomError("window", "days 不能是空列表；请写上开屏的日子，如 [\"07-01\"]")
        if minutes(self.end) <= minutes(self.start):
            raise PydanticCustomError(
                "window", "结束时刻 {end} 不晚于开始时刻 {start}；特别开屏日的时段要在当天结束，如 start: \"09:00\" 和 "
                "end: \"17:00\"", {"start": self.start, "end": self.end})
        return self

    def to_js(self) -> list[Any]:
        return [self.days, minutes(self.start), minutes(self.end)]

    def describe(self) -> str:
        days = "、".join(day[0] if day[0] == day[1] else f"{day[0]}~{day[1]}" for day in self.days)
        return f"{days} {self.start}–{self.end}"


class Screen(Record, title="大屏"):
    title: Text = Field(title="大屏名称", description="这块屏的名称，用在大屏目录里，如 一楼大厅横屏")
    heading: Text | None = Field(
        None, title="屏幕抬头", description="屏幕左上角显示的文字；不写时用网站名称（mkdocs.yml 的 site_name）")
    orientation: Annotated[Literal["landscape", "portrait"],
                           one_of({"landscape": "横屏 1920×1080", "portrait": "竖屏 1080×1920"})] = Field(
        "landscape", title="屏幕方向",
        description="landscape：横屏 1920×1080；portrait：竖屏 1080×1920。4K 等分辨率按比例放大")
    duration: Seconds = Field(15, title="停留秒数", description="每张幻灯片默认显示多少秒，5 到 3600")
    transitions: Annotated[Literal["fade", "none"],
                           one_of({"fade": "淡入淡出", "none": "直接切换，适合性能很弱的播放盒"})] = Field(
        "fade", title="切换效果", description="fade：淡入淡出；none：直接切换（播放盒很卡时用）")
    safe_area: Percent = Field(
        3, title="安全边距",
        description="四周留白，占屏幕宽高的百分比（0 到 10）；电视机裁掉边缘（过扫描）时调大")
    schedule: list[Window] = Field(
        [], title="开屏时段", description="大屏播放内容的时段；时段之外显示夜间画面。不写为全天播放")
    night: Annotated[Literal["clock", "black"], one_of({"clock": "暗色时钟", "black": "全黑"})] = Field(
        "clock", title="夜间画面", description="开屏时段之外显示什么：clock 暗色时钟（默认），black 全黑")
    daily_reload: ClockTime = Field(
        "04:00", title="每日刷新时刻", description="每天在这个时刻重新载入一次页面，宜选没人看的时候，如 04:00")
    poll: PollSeconds = Field(
        60, title="检查更新间隔", description="每隔多少秒检查一次网站是否有新版本，10 到 3600")
    qr: bool = Field(True, title="显示二维码", description="是否在幻灯片上显示指向内网页面的二维码")
    except_: list[DaySpan] = Field(
        [], alias="except", title="休息日",
        description="这些日子全天显示夜间画面，如节假日 [\"2026-10-01~2026-10-07\"]")
    special_days: list[SpecialOpening] = Field(
        [], title="特别开屏日",
        description="这些日子按这里的时段开屏，不管 schedule 和 except，如周六的主题党日、节假日里的七一活动")
    mode: Annotated[Literal["loop", "present"],
                    one_of({"loop": "按时钟轮播", "present": "演示：用翻页笔或键盘翻页"})] = Field(
        "loop", title="播放方式", description="loop：按时钟自动轮播（默认）；present：会上演示，不自动翻页")
    resume: ClockTime | None = Field(
        None, title="恢复轮播时刻", description="演示到这个时刻自动结束，回到按时钟轮播，如 18:00；不写则一直演示")
    urgent: UrgentNotice | None = Field(
        None, title="紧急通知", description="一则紧急通知：到结束时间前盖过其他一切内容（含夜间画面）")
    slides: list[Slide] = Field(title="幻灯片", description="按顺序播放的幻灯片")

    def schedule_text(self) -> str:
        text = "；".join(w.describe() for w in self.schedule) or "全天"
        special = "；".join(opening.describe() for opening in self.special_days)
        return f"{text}；特别开屏日 {special}" if special else text

    @field_validator("slides")
    @classmethod
    def _has_slides(cls, slides: list[SlideBase]) -> list[SlideBase]:
        if not slides:
            raise PydanticCustomError("slides", "slides 里至少要有一张幻灯片")
        return slides


class ScreenFile(Screen):
    """A playlist file as `check` reads it: every field of the screen, with the slides left as
    written, so that each slide is validated once, by the model its `type` names."""

    slides: list[dict[str, Any]] = Field(title="幻灯片", description="按顺序播放的幻灯片")
