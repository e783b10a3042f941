"""`brandhall new branch|story|figure`: files for editors, filled in with Chinese comments.

The file texts are Jinja2 templates in `brandhall/defaults/scaffold/` (a project's
`templates/scaffold/` overrides them by name). The comment on each field comes from
the title and description of that field in `models.py`, so the editor's hint, the JSON Schema
hover text and the error labels say the same thing. Everything created passes `brandhall check`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml
from pydantic import BaseModel
from rich.cells import cell_len

from .load import BRANCH_FILE
from .models import (
    FULL_DATE_PATTERN,
    SLUG_PATTERN,
    Activity,
    Branch,
    BranchType,
    Brand,
    Figure,
    Honour,
    Method,
    Partner,
    Rating,
    Result,
    Story,
    StoryMeta,
    StoryPhoto,
)
from .slugs import figure_id, pinyin_slug, story_slug
from .suggest import did_you_mean
from .templates import environment
from .yamlsource import parse_yaml

if TYPE_CHECKING:
    from .project import Project

COMMENT_COLUMN = 36
MODELS: dict[str, type[BaseModel]] = {m.__name__: m for m in (
    Branch, Brand, Rating, Method, Result, Honour, Figure, StoryMeta, Story, StoryPhoto, Partner, Activity)}


class ScaffoldError(Exception):
    """A request the editor can fix; the message is one Chinese sentence."""


@dataclass
class Scaffolded:
    """What a `new` command did, and what the editor does next."""

    done: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Template helpers
# ---------------------------------------------------------------------------------------------


def about(key: str) -> str:
    """The Chinese hint for "Model.field", from the model: 标题：说明（必填）."""
    model_name, name = key.split(".")
    info = MODELS[model_name].model_fields[name]
    text = info.title or name
    if info.description:
        text += f"：{info.description}"
    return text + ("（必填）" if info.is_required() else "")


def row(code: str, key: str, extra: str = "") -> str:
    """One line of YAML with the field's hint as a comment, aligned to a column."""
    note = about(key) + (f"；{extra}" if extra else "")
    width = max(COMMENT_COLUMN, cell_len(code) + 2)
    return f"{code}{' ' * (width - cell_len(code))}# {note}"


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    try:
        if value and yaml.safe_load(f"k: {value}  # x") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _render(project: Project, template: str, **values: Any) -> str:
    # The templates write YAML and Markdown, not HTML; values go through q() (yaml_scalar).
    env = environment(project.scaffold_dirs, html=False)
    env.globals.update(row=row, q=yaml_scalar)
    return env.get_template(template).render(**values)


# ---------------------------------------------------------------------------------------------
# Files: keep BOM and line endings as the editor's editor wrote them
# ---------------------------------------------------------------------------------------------


@dataclass
class SourceText:
    path: Path
    text: str
    newline: str = "\n"
    bom: bool = False

    @classmethod
    def read(cls, path: Path) -> SourceText:
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScaffoldError(f"{path.name} 不是 UTF-8 编码，没有改动；请先运行 brandhall check 按提示改正") from None
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(path, text.replace("\r\n", "\n"), newline, bom)

    def write(self, text: str) -> None:
        data = text.replace("\n", self.newline).encode("utf-8")
        self.path.write_bytes((b"\xef\xbb\xbf" if self.bom else b"") + data)


def relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix() if path.is_relative_to(project.root) else str(path)


# ---------------------------------------------------------------------------------------------
# Branch folders
# ---------------------------------------------------------------------------------------------


def branch_folder(project: Project, slug: str) -> Path:
    """The existing folder of branch `slug`, or a Chinese error naming the branches there are."""
    folder = project.branches_dir / slug
    if re.fullmatch(SLUG_PATTERN, slug) and (folder / BRANCH_FILE).is_file():
        return folder
    where = relative(project, project.branches_dir)
    slugs = sorted(p.parent.name for p in project.branches_dir.glob(f"*/{BRANCH_FILE}"))
    hint = did_you_mean(slug, slugs, ask="你是不是想写", otherwise=f"现有支部：{'、'.join(slugs)}。" if slugs else "")
    raise ScaffoldError(f"找不到支部“{slug}”：{where}/{slug}/{BRANCH_FILE} 不存在。{hint}"
                        f"请写支部文件夹名；新建支部请运行 brandhall new branch <文件夹名>")


def new_branch(project: Project, slug: str, name: str | None = None) -> Scaffolded:
    if not re.fullmatch(SLUG_PATTERN, slug):
        suggestion = pinyin_slug(slug)
        hint = f"，如 {suggestion}" if suggestion != "x" and suggestion != slug else "，如 guangzhou-peisong"
        raise ScaffoldError(f"支部文件夹名“{slug}”不能用作网址：只能用小写字母 a–z、数字和连字符 -{hint}")
    folder = project.branches_dir / slug
    where = relative(project, folder)
    if folder.exists() or folder.is_symlink():
        raise ScaffoldError(f"{where}/ 已经存在，没有改动任何文件；请换一个文件夹名，"
                            f"或直接编辑 {where}/{BRANCH_FILE}")
    name = _one_line(name, "支部名称") if name is not None else "待填写：支部名称"
    schema = Path(*[".."] * len(folder.relative_to(project.root).parts), "schema", "branch.schema.json")
    text = _render(project, "branch.yml.j2", slug=slug, folder=where, schema=schema.as_posix(), name=name,
                   brand_name="待填写：品牌名称", concept="待填写：品牌的由来、含义和做法，可以写几段。",
                   tiers=project.settings.tiers, branch_types="、".join(get_args(BranchType)))
    (folder / "stories").mkdir(parents=True)
    (folder / "stories" / ".gitkeep").write_bytes(b"")
    (folder / BRANCH_FILE).write_text(text, encoding="utf-8")
    return Scaffolded(
        [f"已创建 {where}/{BRANCH_FILE}（每一项都有中文说明）", f"已创建 {where}/stories/（放长篇故事和故事照片）"],
        [f"打开 {where}/{BRANCH_FILE}，把“待填写”改成本支部的内容；标识文件放进 {where}/ 后填写 logo",
         f"填好后删去 {BRANCH_FILE} 开头的 draft: true 这一行，支部才会发布到网站",
         f"添加先进典型：brandhall new figure {slug} \"姓名\"；添加故事：brandhall new story {slug} \"标题\"",
         "改完运行 brandhall check 检查，再用 brandhall serve 预览"])


def _one_line(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise ScaffoldError(f"{what}不能为空，请在引号里写上{what}")
    if "\n" in value or "\r" in value:
        raise ScaffoldError(f"{what}只能写一行")
    return value


# ---------------------------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------------------------


def new_story(project: Project, slug: str, title: str, date: str | None = None) -> Scaffolded:
    folder = branch_folder(project, slug)
    title = _one_line(title, "故事标题")
    date = date or dt.date.today().isoformat()
    if not re.fullmatch(FULL_DATE_PATTERN, date) or not _real_date(date):
        raise ScaffoldError(f"日期“{date}”不对，请写成 2024-06-18")
    stories = folder / "stories"
    base = story_slug(date, title)
    path, n = stories / f"{base}.md", 2
    while path.exists() or path.is_symlink():
        path, n = stories / f"{base}-{n}.md", n + 1
    text = _render(project, "story.md.j2", slug=relative(project, folder), title=title, date=date,
                   figure_ids=_figure_ids(folder / BRANCH_FILE))
    stories.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    where = relative(project, path)
    return Scaffolded(
        [f"已创建 {where}（标题“{title}”，日期 {date}）"],
        [f"打开 {where}，在第二个 --- 下面写正文；照片放进 {relative(project, stories)}/ 后写在 photos: 里",
         "写好后删去 draft: true 这一行，故事才会发布到网站",
         "改完运行 brandhall check 检查，再用 brandhall serve 预览"])


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _figure_ids(file: Path) -> list[str]:
    """The ids of the figures in a branch file, as the site derives them; [] if unreadable."""
    try:
        doc, _ = parse_yaml(SourceText.read(file).text, file)
    except ScaffoldError:
        return []
    figures = doc.data.get("figures") if doc and isinstance(doc.data, dict) else None
    ids = []
    for figure in figures if isinstance(figures, list) else []:
        if isinstance(figure, dict) and (found := figure_id(figure.get("id"), figure.get("name"))):
            ids.append(found)
    return ids


# ---------------------------------------------------------------------------------------------
# Figures: a text insertion after the last line of the `figures:` list
# ---------------------------------------------------------------------------------------------


def new_figure(project: Project, slug: str, name: str) -> Scaffolded:
    folder = branch_folder(project, slug)
    name = _one_line(name, "姓名")
    file = folder / BRANCH_FILE
    where = relative(project, file)
    source = SourceText.read(file)
    doc, problems = parse_yaml(source.text, file)
    if doc is None or problems or not isinstance(doc.data, dict):
        raise ScaffoldError(f"{where} 现在有写法错误，没有改动；请先运行 brandhall check 按提示改正，再添加人物")
    ids = _figure_ids(file)
    new_id, n = pinyin_slug(name), 2
    while new_id in ids:
        new_id, n = f"{pinyin_slug(name)}-{n}", n + 1
    snippet = _render(project, "figure.yml.j2", id=new_id, name=name)
    text, line = _insert_figure(source.text, snippet)
    _verify_insertion(doc.data, text, file, new_id, name)
    source.write(text)
    figures = doc.data.get("figures") if isinstance(doc.data.get("figures"), list) else []
    same_name = [figure_id(f.get("id"), name) for f in figures if isinstance(f, dict) and f.get("name") == name]
    done = [f"已在 {where} 第 {line} 行添加先进典型“{name}”，编号 {new_id}"]
    if same_name:
        done.append(f"注意：本支部已有一位“{name}”（编号 {same_name[0]}）；如果是同一个人，请删去新加的这一段")
    return Scaffolded(done, [
        f"打开 {where}，从第 {line} 行起按注释填写岗位、入党年份、格言、荣誉和事迹；"
        f"照片放进 {relative(project, folder)}/people/ 后填写 photo",
        "填好后删去这位人物的 draft: true 这一行，才会发布到网站",
        "改完运行 brandhall check 检查，再用 brandhall serve 预览"])


def _insert_figure(text: str, snippet: str) -> tuple[str, int]:
    """`text` with the figure `snippet` appended to the `figures:` list; and its first line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    keys = [k.value for k, _ in pairs]
    if "figures" not in keys:
        block = ["figures:" + " " * (COMMENT_COLUMN - 8) + f"# {about('Branch.figures')}", *_indented(snippet, 2, 4)]
        at = len(lines)
    else:
        index = keys.index("figures")
        key, value = pairs[index]
        end = pairs[index + 1][0].start_mark.line if index + 1 < len(pairs) else len(lines)
        if isinstance(value, yaml.SequenceNode) and value.flow_style and not value.value:
            first = lines[key.start_mark.line]
            lines[key.start_mark.line] = first[:value.start_mark.column] + first[value.end_mark.column:]
            dash, content, at = 2, 4, key.start_mark.line + 1
        elif isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            item = value.value[0]
            first = lines[item.start_mark.line]
            dash, content = len(first) - len(first.lstrip()), item.start_mark.column
            at = 1 + max(i for i in range(key.start_mark.line, end)
                         if lines[i].strip() and not lines[i].startswith("#"))
        elif isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value:
            dash, content, at = 2, 4, key.start_mark.line + 1
        else:
            raise ScaffoldError("figures 用了方括号 [ ] 的写法，没有改动；请先改成每位人物以“- ”开头另起一行，"
                                "再运行本命令")
        block = _indented(snippet, dash, content)
    lines[at:at] = block
    return "\n".join(lines) + "\n", at + 1


NOTE = re.compile(r"^(.*?\S)( {2,})(# [^#]*)$")


def _indented(snippet: str, dash: int, content: int) -> list[str]:
    """The template's "- " item (dash at 0, fields at 2) moved to the list's indentation, with
    the hints kept in their column."""
    out = []
    for number, line in enumerate(snippet.rstrip("\n").split("\n")):
        moved = (" " * dash + "-" + " " * (content - dash - 1) if number == 0 else " " * content) + line[2:]
        note = NOTE.match(moved)
        if note and content > 2:
            moved = note[1] + " " * max(2, len(note[2]) - (content - 2)) + note[3]
        out.append(moved)
    return out


def _verify_insertion(before: dict, text: str, file: Path, figure_id: str, name: str) -> None:
    """The new text must read back as the old data plus exactly the new figure."""
    doc, problems = parse_yaml(text, file)
    after = doc.data if doc is not None and not problems else None
    old_figures = before.get("figures") or []
    ok = (isinstance(after, dict)
          and {k: v for k, v in after.items() if k != "figures"} == {k: v for k, v in before.items() if k != "figures"}
          and isinstance(after.get("figures"), list) and after["figures"][:-1] == old_figures
          and after["figures"][-1].get("id") == figure_id and after["figures"][-1].get("name") == name)
    if not ok:
        raise ScaffoldError(f"{file.name} 的写法比较特殊，无法自动添加人物，文件没有改动；请参照示例支部手动添加")
