"""The declared data model of a branch folder: one source of truth.

These pydantic models drive validation, the JSON Schema editors get in their editor, and the
Chinese field labels used in error messages and on pages. Field names are a contract (see the
brief): add fields, never rename them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from .branchfiles import LogoPath, PhotoPath
from .hanzi import match, traditional
from .periods import PERIOD_PATTERN

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
FULL_DATE_PATTERN = r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"
PRIVACY_OK_DESCRIPTION = (
    "确认不是个人信息、允许出现在本项文字里的号码或邮箱（如公开的办公邮箱），原样写出；"
    "检查时不再报错。只对本项及其下各项有效"
)
DRAFT_DESCRIPTION = (
    "还在起草：网站和大屏都不显示，只在 brandhall serve 预览里带“草稿”标记显示；"
    "填好内容后删去这一行才会发布"
)


# ---------------------------------------------------------------------------------------------
# Scalar types. YAML 1.1 turns 2021-09-18 into a date and 2012 into an int; both load the same
# as their quoted forms.
# ---------------------------------------------------------------------------------------------


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date | int):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _check_pattern(pattern: str, error: str, hint: str):
    def check(value: str) -> str:
        if not re.match(pattern, value):
            raise PydanticCustomError(error, f"“{{value}}”{hint}", {"value": value})
        if error in ("date", "full_date"):
            _check_real_date(value)
        return value

    return check


def _check_real_date(value: str) -> None:
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date", "“{value}”不是一个真实存在的日期，请核对月份和日", {"value": value}
            ) from None


def _as_year(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("year", "应为四位年份，如 2012")
    return value


def _check_year(value: int) -> int:
    if not 1900 <= value <= 2100:
        raise PydanticCustomError(
            "year", "年份 {value} 不在合理范围内，请写四位年份，如 2012", {"value": value}
        )
    return value


Text = Annotated[str, BeforeValidator(_as_text)]


class MarkdownField:
    """Marks a text field that pages render as Markdown (forms give it the Markdown editor;
    the checks look for images in it)."""


MARKDOWN = MarkdownField()
Markdown = Annotated[str, BeforeValidator(_as_text), MARKDOWN]


def is_markdown_field(info: FieldInfo) -> bool:
    return MARKDOWN in info.metadata
PeriodText = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(
        _check_pattern(
            PERIOD_PATTERN,
            "period",
            "不是有效的期间，请写成 2024、2024-03、2024-Q1 或 2023~2025",
        )
    ),
    Field(json_schema_extra={"pattern": PERIOD_PATTERN, "type": ["string", "integer"]}),
]
LooseDate = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(
        _check_pattern(DATE_PATTERN, "date", "不是有效的日期，请写成 2016、2016-05 或 2016-05-20")
    ),
    Field(json_schema_extra={"pattern": DATE_PATTERN, "type": ["string", "integer"]}),
]
FullDate = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(
        _check_pattern(FULL_DATE_PATTERN, "full_date", "不是有效的日期，请写成 2021-09-18")
    ),
    Field(json_schema_extra={"pattern": FULL_DATE_PATTERN}),
]
Year = Annotated[int, BeforeValidator(_as_year), AfterValidator(_check_year)]
Slug = Annotated[
    str,
    AfterValidator(
        _check_pattern(SLUG_PATTERN, "slug", "只能用小写字母 a–z、数字和连字符 -，如 zhang-wei")
    ),
    Field(json_schema_extra={"pattern": SLUG_PATTERN}),
]


class Record(BaseModel):
    """Base of every model: unknown fields are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---------------------------------------------------------------------------------------------
# The branch format
# ---------------------------------------------------------------------------------------------


class Rating(Record, title="星级评定"):
    year: Year = Field(title="年度", description="评定年度，如 2024")
    level: Text = Field(title="星级/定级", description="如 五星党支部、先进党支部")
    by: Text | None = Field(None, title="评定单位", description="如 广东分公司党委")


class Method(Record, title="工作法"):
    title: Text = Field(title="工作法名称", description="如 四季服务+")
    text: Markdown = Field("", title="做法说明", description="工作法的具体做法，支持 Markdown")


class Result(Record, title="工作成效"):
    text: Text = Field(title="成效", description="一条工作成效，如 1-9月提油同比增加51%")
    year: Year | None = Field(None, title="年份", description="成效所属年份")


class Brand(Record, title="支部品牌"):
    name: Text = Field(title="品牌名称", description="支部党建品牌的名称，如 红色引擎·安全先锋")
    slogan: Text | None = Field(None, title="口号", description="品牌口号，如 一名党员一面旗")
    logo: LogoPath | None = Field(
        None, title="品牌标识", description="本支部文件夹里的标识文件（png、jpg、webp 或 svg）"
    )
    logo_meaning: Text | None = Field(None, title="标识释义", description="标识图形的含义")
    concept: Markdown = Field(title="品牌理念", description="品牌的释义与理念，支持 Markdown")
    launched: LooseDate | None = Field(None, title="创建时间", description="如 2021-07")
    tier: Text | None = Field(None, title="品牌层级", description="如 培育、示范、标杆")
    methods: list[Method] = Field([], title="工作法", description="承载品牌的工作法、特色做法")
    results: list[Result] = Field([], title="工作成效", description="品牌带来的工作成效")


class Honour(Record, title="荣誉"):
    title: Text = Field(title="荣誉称号", description="如 优秀共产党员、明星党员、先进基层党组织")
    period: PeriodText = Field(title="期间", description="2024、2024-03、2024-Q1 或 2023~2025")
    by: Text | None = Field(None, title="授予单位", description="如 集团公司党委")


class Figure(Record, title="先进典型"):
    id: Slug | None = Field(
        None, title="编号", description="网址中使用的编号；不写时由姓名拼音生成，如 zhang-wei"
    )
    name: Text = Field(title="姓名", description="先进典型的姓名")
    photo: PhotoPath | None = Field(None, title="照片", description="本支部文件夹里的照片文件")
    focus: tuple[float, float] | None = Field(
        None, title="照片焦点", description="裁切时保留的中心点 [x, y]，取值 0 到 1"
    )
    post: Text | None = Field(None, title="岗位", description="如 驾驶员、党小组长")
    joined: Year | None = Field(None, title="入党年份", description="只写年份，如 2012")
    motto: Text | None = Field(None, title="格言/承诺", description="如 我是党员向我看")
    honours: list[Honour] = Field([], title="个人荣誉", description="获得的称号及期间")
    story: Markdown = Field("", title="事迹", description="先进事迹，支持 Markdown")
    on_screens: bool = Field(True, title="上大屏", description="是否允许出现在大屏上")
    draft: bool = Field(False, title="草稿", description=DRAFT_DESCRIPTION)
    privacy_ok: list[Text] = Field([], title="个人信息检查例外", description=PRIVACY_OK_DESCRIPTION)

    @field_validator("focus")
    @classmethod
    def _focus_in_range(cls, focus: tuple[float, float] | None) -> tuple[float, float] | None:
        if focus is not None and not all(0 <= v <= 1 for v in focus):
            raise PydanticCustomError(
                "focus", "焦点坐标要在 0 到 1 之间，如 [0.5, 0.3]（横向、纵向）"
            )
        return focus


class StoryPhoto(Record, title="故事照片"):
    src: PhotoPath = Field(title="照片文件", description="本支部文件夹里的照片文件")
    caption: Text | None = Field(None, title="说明", description="照片说明文字")

    @model_validator(mode="before")
    @classmethod
    def _from_path(cls, value: Any) -> Any:
        return {"src": value} if isinstance(value, str) else value


class StoryMeta(Record, title="故事"):
    """The fields of a story; a story file carries them in its front matter."""

    title: Text = Field(title="标题", description="故事标题")
    date: FullDate = Field(title="日期", description="如 2021-09-18")
    photos: list[StoryPhoto] = Field([], title="照片", description="文件路径，或 {src, caption}")
    figures: list[Text] = Field([], title="相关人物", description="本支部先进典型的编号")
    tags: list[Text] = Field([], title="标签", description="如 互联共建、保供")
    draft: bool = Field(False, title="草稿", description=DRAFT_DESCRIPTION)
    privacy_ok: list[Text] = Field([], title="个人信息检查例外", description=PRIVACY_OK_DESCRIPTION)


class Story(StoryMeta, title="典型故事"):
    body: Markdown = Field("", title="正文", description="故事正文，支持 Markdown")


class Activity(Record, title="共建活动"):
    date: LooseDate = Field(title="日期", description="如 2021-06-20")
    title: Text = Field(title="活动", description="共建活动名称")


class Partner(Record, title="互联共建"):
    branch: Slug | None = Field(None, title="共建支部", description="本站支部的文件夹名")
    name: Text | None = Field(None, title="共建单位", description="外部单位的名称")
    since: LooseDate | None = Field(None, title="共建起始", description="如 2021")
    agreement: Text | None = Field(None, title="共建协议", description="如 党建结对共建协议书")
    areas: list[Text] = Field([], title="共建内容", description="如 组织联建、活动联办")
    activities: list[Activity] = Field([], title="共建活动", description="联合开展的活动")

    @model_validator(mode="after")
    def _branch_or_name(self) -> Partner:
        if (self.branch is None) == (self.name is None):
            raise PydanticCustomError(
                "partner",
                "请写 branch（本站支部文件夹名）或 name（外部单位名称）中的一个",
            )
        return self


BranchType = Literal["党支部", "联合党支部", "党总支", "临时党支部"]
BRANCH_TYPES = list(get_args(BranchType))


def _check_branch_type(value: str) -> str:
    """One of the branch types, in Simplified or Traditional form (kept as written)."""
    if match(value, BRANCH_TYPES) is None:
        raise PydanticCustomError("choice", "只能填以下之一：{choices}", {"choices": "、".join(BRANCH_TYPES)})
    return value


BranchTypeText = Annotated[
    str, BeforeValidator(_as_text), AfterValidator(_check_branch_type),
    Field(json_schema_extra={"enum": BRANCH_TYPES + [traditional(t) for t in BRANCH_TYPES]}),
]


class Branch(Record, title="支部"):
    name: Text = Field(title="支部名称", description="如 广州配送中心党支部")
    full_name: Text | None = Field(None, title="党组织全称", description="如 中共…支部委员会")
    org: Text | None = Field(None, title="所属党委", description="网站按党委分组展示")
    type: BranchTypeText = Field("党支部", title="组织类型", description="党支部、联合党支部等")
    secretary: Text | None = Field(None, title="支部书记", description="只写姓名")
    members: int | None = Field(None, ge=0, title="党员人数", description="如 23")
    founded: LooseDate | None = Field(None, title="成立时间", description="2016、2016-05 等")
    ratings: list[Rating] = Field([], title="星级评定", description="历年星级/定级")
    brand: Brand = Field(title="支部品牌", description="品牌名称、口号、标识、理念与载体")
    honours: list[Honour] = Field([], title="集体荣誉", description="支部获得的集体荣誉")
    figures: list[Figure] = Field([], title="先进典型", description="明星党员等先进典型")
    stories: list[Story] = Field([], title="典型故事", description="短故事；长故事放 stories/")
    partners: list[Partner] = Field([], title="互联共建", description="共建支部或外部单位")
    draft: bool = Field(False, title="草稿", description=DRAFT_DESCRIPTION)
    privacy_ok: list[Text] = Field([], title="个人信息检查例外", description=PRIVACY_OK_DESCRIPTION)


def label_of(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """The Chinese label of the field at `loc`, walking nested models and lists."""
    label = "文件"
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = field_named(current, part)
        if info is None:
            break
        label = info.title or part
        current = inner_model(info.annotation)
    return label


def field_named(model: Any, name: str) -> Any:
    """The field written as `name`: its own name, or its alias (`from`, a Python keyword)."""
    fields = getattr(model, "model_fields", None) or {}
    return fields.get(name) or next((f for f in fields.values() if f.alias == name), None)


def inner_model(annotation: Any) -> Any:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        inner = _model_in_args(candidate)
        if inner is not None:
            return inner
    return None


def _model_in_args(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at `loc`, for "did you mean" hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = field_named(current, part)
        current = inner_model(info.annotation) if info else None
        if current is None:
            return []
    return [info.alias or name for name, info in current.model_fields.items()]
