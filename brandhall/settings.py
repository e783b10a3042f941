"""Site-wide settings, read from `extra.brandhall` in mkdocs.yml.

They are declared once here, with defaults, so a site works with no settings at all; the
documented place to change them is the `extra.brandhall` block of the project's mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .hanzi import match

Cadence = Literal["monthly", "quarterly", "yearly", "multi-year"]


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


class SiteSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    branches_dir: str = Field("branches", title="支部文件夹")
    tiers: list[str] = Field(["培育", "示范", "标杆"], title="品牌层级（由低到高）")
    honours: list[HonourTitle] = Field(DEFAULT_HONOURS, title="荣誉称号（按位次排列）")

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


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; we only need plain values from it."""


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
_TolerantLoader.add_multi_constructor("!", lambda *_: None)


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def load_settings(root: Path) -> SiteSettings:
    extra = read_mkdocs_yml(root).get("extra") or {}
    return SiteSettings.model_validate(extra.get("brandhall") or {})
