"""References inside the branch files, checked on the raw YAML data so they are reported in the
same run as every other error in the file: figure ids, the figures a story names, partner
slugs and the brand tier."""

from __future__ import annotations

from typing import Any

from .errors import Problem, Severity
from .hanzi import match
from .located import located
from .models import Branch, StoryMeta
from .slugs import figure_id as derived_id
from .suggest import did_you_mean
from .yamlsource import Located


def items_of(data: Any, key: str) -> list[tuple[int, dict]]:
    values = data.get(key) if isinstance(data, dict) else None
    return [(i, v) for i, v in enumerate(values) if isinstance(v, dict)] if isinstance(values, list) else []


def figure_ids(doc: Located | None) -> dict[str, str]:
    """The ids of the branch's figures (written, or made from the name with pypinyin), each
    with the figure's name."""
    ids: dict[str, str] = {}
    for _, figure in items_of(doc.data if doc else None, "figures"):
        written, name = figure.get("id"), figure.get("name")
        if found := derived_id(written, name):
            ids.setdefault(found, name if isinstance(name, str) else "")
    return ids


def check_figure_ids(file, doc: Located) -> list[Problem]:
    """Figure ids must be unique in the branch; the same name twice is worth a second look."""
    problems, seen, names = [], {}, {}
    for index, figure in items_of(doc.data, "figures"):
        written, name = figure.get("id"), figure.get("name")
        fid = derived_id(written, name)
        if fid is None:
            continue
        if fid in seen:
            where = "id" if isinstance(written, str) else "name"
            problems.append(located(file, doc, Branch, ("figures", index, where),
                                    f"人物编号“{fid}”与“{seen[fid]}”重复；"
                                    f"请给其中一位写不同的 id，如 {fid}-2", "E201"))
        else:
            seen[fid] = name
            if isinstance(name, str) and name in names and figure.get("draft") is not True:
                problems.append(located(
                    file, doc, Branch, ("figures", index, "name"),
                    f"本支部已有一位“{name}”（第 {names[name] + 1} 位先进典型）：如果是同一个人，请把两段合并成一段；"
                    f"如果是同名的两个人，请在 post 里写清岗位，便于大家区分", "W205", Severity.WARNING))
        if isinstance(name, str):
            names.setdefault(name, index)
    return problems


def check_story_figures(file, doc: Located, ids: dict[str, str], *, in_branch_file: bool) -> list[Problem]:
    """Story figure ids must name figures of the branch; inline stories or a story file."""
    stories = items_of(doc.data, "stories") if in_branch_file else [(None, doc.data)]
    model = Branch if in_branch_file else StoryMeta
    problems = []
    for s_index, story in stories:
        names = story.get("figures") if isinstance(story, dict) else None
        for index, figure_id in enumerate(names if isinstance(names, list) else []):
            if not isinstance(figure_id, str) or figure_id in ids:
                continue
            path = ("stories", s_index, "figures", index) if in_branch_file else ("figures", index)
            problems.append(located(file, doc, model, path, _unknown_figure(figure_id, ids), "E202"))
    return problems


def _unknown_figure(written: str, ids: dict[str, str]) -> str:
    by_name = {name: figure_id for figure_id, name in ids.items()}
    if written in by_name:
        return f"“{written}”是人物的姓名，这里要写人物编号：{written}的编号是 {by_name[written]}"
    return f"本支部没有编号为“{written}”的人物{did_you_mean(written, ids, listing='可用的编号')}"


def check_partner_slugs(file, doc: Located, own_slug: str, slugs: list[str]) -> list[Problem]:
    """Partner slugs must name another branch folder."""
    problems = []
    for index, partner in items_of(doc.data, "partners"):
        slug = partner.get("branch")
        if not isinstance(slug, str) or (slug in slugs and slug != own_slug):
            continue
        if slug == own_slug:
            message = "不能和本支部自己共建，请填写另一个支部的文件夹名"
        else:
            others = [s for s in slugs if s != own_slug]
            message = (f"本站没有文件夹名为“{slug}”的支部{did_you_mean(slug, others, otherwise='。')}"
                       "外部单位请改用 name 填写名称")
        problems.append(located(file, doc, Branch, ("partners", index, "branch"), message, "E203"))
    return problems


def check_tier(file, doc: Located, tiers: list[str]) -> list[Problem]:
    brand = doc.data.get("brand") if isinstance(doc.data, dict) else None
    tier = brand.get("tier") if isinstance(brand, dict) else None
    if not isinstance(tier, str) or match(tier, tiers):
        return []
    return [located(file, doc, Branch, ("brand", "tier"),
                    f"品牌层级“{tier}”不在本站设定的层级里，只能填：{'、'.join(tiers)}", "E204")]
