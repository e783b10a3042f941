"""Site-wide settings, read from `extra.brandhall` in mkdocs.yml.

They are declared once here, with defaults, so a site works with no settings at all; the
documented place to change them is the `extra.brandhall` block of the project's mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .errors import Problem
from .hanzi import match
from .load import explain_validation  # the branch files' messages, for the same mistakes
from .yamlsource import Located, parse_yaml, read_text

Cadence = Literal["monthly", "quarterly", "yearly", "multi-year"]
EngineName = Literal["mkdocs", "zensical"]  # the site engines of brandhall/engine/


class HonourTitle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(title="称号")
    group: str = Field(title="类别", description="如 两优一先、岗位、劳模")
    cadence: Cadence | None = Field(None, title="评选周期")
    star: bool = Field(False, title="计入明星", description="是否在明星墙“当期明星”中展示")


DEFAULT_HONOURS = [
    HonourTitle(title="明星党员", group="每月之星", cadence="monthly", star=True),
    HonourTitle(title="每月之星", group="每月之星", cadence="monthly", star=True),
    HonourTitle(title="优秀共产党员", group="两优一先", cadence="yearly", star=True),
    HonourTitle(title="优秀党务工作者", group="两优一先", cadence="yearly", star=True),
    HonourTitle(title="劳动模范", group="劳模", cadence="multi-year"),
    HonourTitle(title="五一劳动奖章", group="劳模", cadence="yearly"),
    HonourTitle(title="党员示范岗", group="岗位", cadence="yearly"),
    HonourTitle(title="党员先锋岗", group="岗位", cadence="yearly"),
    HonourTitle(title="党员责任区", group="岗位", cadence="yearly"),
    HonourTitle(title="技能专家", group="业务", cadence="multi-year"),
]


class EditorSettings(BaseModel):
    """The git server the form editor (site/admin/) commits to; see docs/guide/表单编辑.md."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["gitea", "gitlab"] = Field(title="代码托管平台")
    base_url: str = Field(title="平台地址", description="如 https://git.intranet")
    repo: str = Field(title="仓库", description="所有者/仓库名，如 dangjian/brandhall-site")
    app_id: str = Field(title="OAuth 应用 ID", description="在平台上登记 OAuth 应用后得到的 Client ID")
    branch: str = Field("main", title="分支", description="保存时提交到的分支")


class SiteSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    branches_dir: str = Field("branches", title="支部文件夹")
    tiers: list[str] = Field(["培育", "示范", "标杆"], title="品牌层级（由低到高）")
    honours: list[HonourTitle] = Field(DEFAULT_HONOURS, title="荣誉称号（按位次排列）")
    editor: EditorSettings | None = Field(None, title="表单编辑器")
    engine: EngineName = Field("mkdocs", title="网站引擎",
                               description="mkdocs（默认）或 zensical；命令行的 --engine 优先")

    def canonical(self, title: str) -> str:
        """The registered spelling of an honour title written in Traditional or Simplified."""
        return match(title, [h.title for h in self.honours]) or title

    def rank_of(self, title: str) -> int:
        titles = [h.title for h in self.honours]
        title = self.canonical(title)
        return titles.index(title) if title in titles else len(titles)

    def honour(self, title: str) -> HonourTitle | None:
        title = self.canonical(title)
        return next((h for h in self.honours if h.title == title), None)

    def group_of(self, title: str) -> str:
        known = self.honour(title)
        return known.group if known else "其他"

    def titles_with_cadence(self, cadence: Cadence) -> set[str]:
        return {h.title for h in self.honours if h.cadence == cadence}

    def star_titles(self, cadence: Cadence) -> set[str]:
        """明星 titles of one cadence; yearly includes titles with no cadence given."""
        return {h.title for h in self.honours
                if h.star and (h.cadence == cadence or (cadence == "yearly" and h.cadence is None))}

    def tier_rank(self, tier: str | None) -> int:
        tier = match(tier, self.tiers) if tier else None
        return self.tiers.index(tier) + 1 if tier in self.tiers else 0


def _none_is_empty(value: Any) -> Any:
    return {} if value is None else value  # `brandhall:` with only comments under it


class _Extra(BaseModel, title="附加设定"):
    model_config = ConfigDict(extra="allow")  # other tools' settings live beside ours

    brandhall: Annotated[SiteSettings, BeforeValidator(_none_is_empty)] = Field(
        SiteSettings(), title="brandhall 全站设定")


class _MkDocsFile(BaseModel, title="网站配置"):
    """The part of mkdocs.yml brandhall reads; MkDocs checks the rest itself."""

    model_config = ConfigDict(extra="allow")

    extra: Annotated[_Extra, BeforeValidator(_none_is_empty)] = Field(_Extra(), title="附加设定")


def _read(root: Path) -> tuple[Located | None, list[Problem]]:
    """mkdocs.yml with its positions and problems, read like a branch file. Its !!python/name
    and !ENV tags are kept as their plain text, never run."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None, []
    text, problems = read_text(path)
    return parse_yaml(text, path) if text is not None else (None, problems)


def site_sections(mkdocs: dict[str, Any]) -> list[tuple[str, str]]:
    """The top-level pages of mkdocs.yml's nav as (title, address), for pages written outside
    MkDocs (the screens index) that carry the site's header."""
    sections = []
    for entry in mkdocs.get("nav") or []:
        for title, target in (entry.items() if isinstance(entry, dict) else []):
            if isinstance(target, str) and target.endswith(".md"):
                page = "/" + target.removesuffix(".md")
                page = page.removesuffix("/index").lstrip("/")
                sections.append((str(title), f"{page}/" if page else ""))
    return sections


def read_settings(root: Path) -> tuple[dict[str, Any], SiteSettings, list[Problem]]:
    """mkdocs.yml's data (empty when unreadable) and the settings in it, or the defaults and
    every mistake in them at its line."""
    doc, problems = _read(root)
    if doc is None or not isinstance(doc.data, dict):
        return {}, SiteSettings(), problems
    try:
        return doc.data, _MkDocsFile.model_validate(doc.data).extra.brandhall, problems
    except ValidationError as error:
        return doc.data, SiteSettings(), problems + explain_validation(error, _MkDocsFile, doc,
                                                                       root / "mkdocs.yml")
