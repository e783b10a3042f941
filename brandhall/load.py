"""Load and validate every branch folder and its story files, collecting every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .drafts import check_placeholders
from .errors import Problem, Severity
from .hanzi import has_han
from .loadcache import LoadCache
from .models import SLUG_PATTERN, Branch, StoryMeta, fields_at, label_of
from .plausible import check_branch_dates, check_story_date
from .references import check_figure_ids, check_partner_slugs, check_story_figures, check_tier, figure_ids
from .scan import OVERRIDE_FIELD, PERSONAL_FIELDS, STORY_FILE_SCOPE, allowed_values, scan_body, scan_yaml
from .suggest import did_you_mean
from .written import as_written
from .yamlsource import FieldPath, Located, dotted, parse_yaml, read_text

BRANCH_FILE = "branch.yml"
EMPTY = {
    "Branch": "文件是空的（或只有注释）：请写上支部名称 name 和支部品牌 brand，可参照示例支部，"
              "或删去这个文件夹后用 brandhall new branch 重新生成",
    "StoryMeta": "信息区是空的：请在两行 --- 之间写上 title（标题）和 date（日期）",
}
EMPTY_OTHER = "文件是空的（或只有注释），请参照示例写上内容"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)

MESSAGES = {
    "string_type": "应为文字",
    "int_type": "应为整数，如 23",
    "int_parsing": "应为整数，如 23",
    "int_from_float": "应为整数，不能带小数",
    "float_type": "应为数字，如 0.5",
    "float_parsing": "应为数字，如 0.5",
    "bool_type": "应为 true（是）或 false（否）",
    "bool_parsing": "应为 true（是）或 false（否）",
    "list_type": "应为列表：每一项另起一行，以“- ”开头",
    "tuple_type": "应为两个数，写成 [0.5, 0.3]",
    "too_short": "项数不够，应写成 [0.5, 0.3]",
    "too_long": "项数太多，应写成 [0.5, 0.3]",
    "model_type": "应为一组“字段: 值”，每个字段一行并缩进",
    "model_attributes_type": "应为一组“字段: 值”，每个字段一行并缩进",
    "dict_type": "应为一组“字段: 值”，每个字段一行并缩进",
    "greater_than_equal": "不能小于 {ge}",
    "finite_number": "应为普通数字，如 0.5",
}


@dataclass
class StoryFile:
    path: Path
    slug: str
    meta: StoryMeta
    body: str
    doc: Located


@dataclass
class LoadedBranch:
    slug: str
    folder: Path
    file: Path
    branch: Branch
    doc: Located
    story_files: list[StoryFile] = field(default_factory=list)


@dataclass
class LoadResult:
    branches: list[LoadedBranch]
    folders: list[str]
    problems: list[Problem]


def load_branches(branches_dir: Path, tiers: list[str] | None = None,
                  cache: LoadCache | None = None) -> LoadResult:
    """Load every `<slug>/branch.yml` and `<slug>/stories/*.md` under `branches_dir`. With
    `cache`, a folder whose files did not change is not read again; partner slugs, which
    depend on the other folders, are checked every time."""
    problems: list[Problem] = []
    loaded: list[LoadedBranch] = []
    folders = sorted(p for p in branches_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    slugs = [f.name for f in folders]
    problems += [linked(f, f"支部文件夹“{f.name}”") for f in folders if f.is_symlink()]
    for folder in (f for f in folders if not f.is_symlink()):
        branch, doc, branch_problems = _load_cached(folder, tiers, cache)
        problems += branch_problems
        if doc is not None:
            problems += check_partner_slugs(folder / BRANCH_FILE, doc, folder.name, slugs)
        if branch is not None:
            loaded.append(branch)
    if cache is not None:
        cache.forget_unused()
    return LoadResult(loaded, slugs, problems)


def _load_cached(folder: Path, tiers: list[str] | None, cache: LoadCache | None,
                 ) -> tuple[LoadedBranch | None, Located | None, list[Problem]]:
    if cache is None:
        return load_branch(folder, tiers)
    key = cache.key(folder)
    found = cache.get(folder.name, key)
    if found is None:
        found = load_branch(folder, tiers)
        cache.put(folder.name, key, found)
    return found


def load_branch(folder: Path, tiers: list[str] | None = None,
                ) -> tuple[LoadedBranch | None, Located | None, list[Problem]]:
    """One branch folder. The raw document comes back even when validation failed."""
    file = folder / BRANCH_FILE
    if file.is_symlink():
        return None, None, [linked(file, BRANCH_FILE)]
    if not file.is_file():
        return None, None, [Problem(file, 1, 1, "YAML", "文件", f"文件夹“{folder.name}”里没有 "
                              f"{BRANCH_FILE}；每个支部文件夹都要有一个，可用 brandhall new branch 生成", "E107")]
    problems: list[Problem] = []
    if not re.match(SLUG_PATTERN, folder.name):
        problems.append(Problem(file, 1, 1, "文件夹名", "网址名",
                                f"文件夹名“{folder.name}”不能用作网址；只能用小写字母 a–z、数字和"
                                f"连字符 -，如 guangzhou-peisong", "E108"))
    text, read_problems = read_text(file)  # once: validation and the scans share it
    problems += read_problems
    branch, doc, ids = None, None, None
    if text is not None:
        branch, doc, branch_problems = validate_file(file, Branch, {"folder": folder}, text=text)
        problems += branch_problems
    if doc is not None and text is not None:
        ids = figure_ids(doc)
        problems += scan_yaml(file, doc, Branch, text)
        problems += check_placeholders(file, doc, Branch, text)
        problems += check_figure_ids(file, doc)
        problems += check_story_figures(file, doc, ids, in_branch_file=True)
        problems += check_tier(file, doc, tiers) if tiers is not None else []
        problems += check_branch_dates(file, doc)
    stories, story_problems = load_story_files(folder, ids)
    problems += story_problems
    if branch is None or doc is None:
        return None, doc, problems
    return LoadedBranch(folder.name, folder, file, branch, doc, stories), doc, problems


def validate_file(
    file: Path, model: type[BaseModel], context: dict[str, Any], *, text: str | None = None,
    line_offset: int = 0,
) -> tuple[Any, Located | None, list[Problem]]:
    """Parse one YAML file (or front matter) and validate it against `model`."""
    problems: list[Problem] = []
    if text is None:
        text, problems = read_text(file)
        if text is None:
            return None, None, problems
    doc, parse_problems = parse_yaml(text, file, line_offset, _labels_of(model))
    problems += parse_problems
    if doc is None:
        return None, None, problems
    if doc.data is None and not doc.skipped:
        empty = EMPTY.get(model.__name__, EMPTY_OTHER)
        problems.append(Problem(file, 1 + line_offset, 1, "YAML", "文件", empty, "E116"))
        return None, None, problems
    if not isinstance(doc.data, dict):
        if not doc.skipped:
            problems.append(Problem(file, 1 + line_offset, 1, "YAML", "文件",
                                    "文件内容应是一组“字段: 值”，请参照示例支部的写法", "E109"))
        return None, doc, problems
    problems += as_written(file, doc, model)
    try:
        valid = model.model_validate(doc.data, context=context)
    except ValidationError as error:
        return None, doc, problems + _unhidden(explain_validation(error, model, doc, file), doc)
    return (None if doc.skipped else valid), doc, problems


def _unhidden(problems: list[Problem], doc: Located) -> list[Problem]:
    """After a syntax error, a field "missing" from the lines left out is not missing."""
    if not doc.skipped:
        return problems
    left_out = "\n".join(doc.skipped)
    return [p for p in problems if p.code != "E110"
            or not re.search(rf"(?m)^[\s-]*{re.escape(re.split(r'[.› ]+', p.field)[-1])}\s*[:：]", left_out)]


def _labels_of(model: type[BaseModel]):
    def label(path: FieldPath) -> str:
        found = label_of(model, path)
        return "字段" if found == "文件" else found
    return label


def explain_validation(
    error: ValidationError, model: type[BaseModel], doc: Located, file: Path
) -> list[Problem]:
    """Turn pydantic's errors into Chinese problems at the right line."""
    problems = []
    for item in error.errors(include_url=False):
        loc: FieldPath = tuple(item["loc"])
        kind = item["type"]
        if kind == "missing":
            line, col = doc.position_of(loc[:-1], key=True)
            message = f"缺少必填项“{loc[-1]}”（{label_of(model, loc)}），请补上"
        elif kind == "extra_forbidden":
            line, col = doc.position_of(loc, key=True)
            message = _unknown_field_message(model, loc)
        else:
            line, col = doc.position_of(loc)
            message = _message(item)
        code = {"missing": "E110", "extra_forbidden": "E111"}.get(kind, "E112")
        label = label_of(model, loc)
        if kind == "extra_forbidden":
            label = "个人信息" if str(loc[-1]).lower() in PERSONAL_FIELDS else "未知字段"
        problems.append(Problem(file, line, col, dotted(loc), label, message, code))
    return problems


def _message(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        choices = "、".join(re.findall(r"'([^']*)'", expected))
        return f"只能填以下之一：{choices}"
    if kind in MESSAGES:
        return MESSAGES[kind].format(**item.get("ctx", {}))
    if item["msg"] and has_han(item["msg"]):
        return item["msg"]
    return f"格式不正确（{item['msg']}），请参照示例支部的写法"


def _unknown_field_message(model: type[BaseModel], loc: FieldPath) -> str:
    name = str(loc[-1])
    if name.lower() in PERSONAL_FIELDS:
        return (f"不允许填写个人信息字段“{name}”（身份证号、电话、邮箱、住址、生日等），"
                "请删除这一项")
    siblings = fields_at(model, loc[:-1])
    return f"不认识的字段“{name}”{did_you_mean(name, siblings, cutoff=0.6, listing='这里可以写')}"


def load_story_files(folder: Path, ids: dict[str, str] | None) -> tuple[list[StoryFile], list[Problem]]:
    """The story files; `ids` are the branch's figure ids (None when branch.yml is unreadable)."""
    stories_dir = folder / "stories"
    if stories_dir.is_symlink():
        return [], [linked(stories_dir, "故事文件夹 stories")]
    if not stories_dir.is_dir():
        return [], []
    stories: list[StoryFile] = []
    problems: list[Problem] = []
    for path in sorted(stories_dir.glob("*.md")):
        if path.is_symlink() or not path.is_file():
            problems.append(linked(path, f"故事文件“{path.name}”"))
            continue
        story, story_problems = load_story_file(folder, path, ids)
        problems += story_problems
        if story is not None:
            stories.append(story)
    return stories, problems


def load_story_file(folder: Path, path: Path, ids: dict[str, str] | None) -> tuple[StoryFile | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    if not re.match(SLUG_PATTERN, path.stem):
        problems.append(Problem(path, 1, 1, "文件名", "网址名",
                                f"故事文件名“{path.name}”不能用作网址；只能用小写字母 a–z、数字和"
                                "连字符 -，如 2021-baogong.md", "E108"))
    match = FRONT_MATTER.match(text)
    if match is None:
        problems.append(Problem(path, 1, 1, "YAML", "信息区",
                                "故事文件要以 --- 开头的信息区开始（写 title 和 date），"
                                "再用一行 --- 结束，之后才是正文", "E113"))
        return None, problems
    meta, doc, meta_problems = validate_file(
        path, StoryMeta, {"folder": folder}, text=match.group(1) or "", line_offset=1
    )
    problems += meta_problems
    body = text[match.end():]
    if doc is not None:
        problems += scan_yaml(path, doc, StoryMeta, text, STORY_FILE_SCOPE)
        problems += check_story_figures(path, doc, ids, in_branch_file=False) if ids is not None else []
        problems += check_story_date(path, doc)
    allowed = allowed_values(doc.data.get(OVERRIDE_FIELD)) if doc and isinstance(doc.data, dict) else set()
    body_line = text.count("\n", 0, match.end()) + 1
    problems += scan_body(path, body, body_line, allowed)
    if doc is not None:
        problems += check_placeholders(path, doc, StoryMeta, text, body, body_line)
    if meta is None or doc is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return StoryFile(path, path.stem, meta, body, doc), problems


def linked(path: Path, what: str) -> Problem:
    """A symlink (or other special file) where a real file or folder must be."""
    return Problem(path, 1, 1, "文件", "链接",
                   f"{what}是一个链接（快捷方式）或特殊文件，不是真实的文件；出于安全，网站只读取支部文件夹里"
                   "真实的文件和文件夹，请把内容本身复制到这里", "E805")
