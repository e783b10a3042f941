"""`brandhall import honours <file.xlsx>`: honour rosters kept in Excel, added to branch.yml.

Party offices keep rosters as spreadsheets with Chinese column headers (支部, 姓名, 称号, 期间,
授予单位). Each row becomes an honour of the figure with that name in that branch. Rows that do
not match are reported by their row number; honours a figure already has are skipped.

The branch files are edited with ruamel.yaml round-trip, so the editors' comments, quotes,
flow mappings and blank lines stay as they were: untouched lines are byte-identical, and every
edited file is read back to prove it holds exactly the old data plus the new honours.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import shlex
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .hanzi import has_han
from .load import load_branches
from .models import Figure, Honour
from .periods import QUARTER_NAMES
from .scaffold import SourceText, relative
from .slugs import figure_id
from .suggest import did_you_mean
from .yamlsource import parse_yaml

if TYPE_CHECKING:
    from rich.console import Console

    from .load import LoadedBranch
    from .project import Project

COLUMNS = {  # field -> header names accepted, the first one is the documented one
    "branch": ("支部", "支部名称", "党支部", "所在支部", "党组织"),
    "name": ("姓名", "名字", "人员"),
    "title": ("称号", "荣誉称号", "荣誉", "荣誉名称"),
    "period": ("期间", "时间", "年度", "获奖时间", "授予时间"),
    "by": ("授予单位", "表彰单位", "颁发单位", "授予机关"),
}
REQUIRED = ("branch", "name", "title", "period")
HEADER_ROWS = 10
CHINESE_QUARTERS = {name: str(n) for n, name in enumerate(QUARTER_NAMES, 1)}


class ImportFailed(Exception):
    """The spreadsheet as a whole cannot be read; the message is one Chinese sentence."""


@dataclass(frozen=True)
class RowNote:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.message}"


@dataclass
class FileChange:
    source: SourceText
    label: str
    before: str
    after: str
    honours: int
    figures: int

    def diff(self) -> list[str]:
        return [line.rstrip("\n") for line in difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.label}", tofile=f"b/{self.label}")]


@dataclass
class ImportPlan:
    file: Path
    sheet: str
    header_row: int
    rows: int = 0
    changes: list[FileChange] = field(default_factory=list)
    failed: list[RowNote] = field(default_factory=list)
    skipped: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(change.honours for change in self.changes)


# ---------------------------------------------------------------------------------------------
# Reading the spreadsheet
# ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    values: dict[str, Any]


def read_rows(path: Path) -> tuple[str, int, list[Row]]:
    """The sheet name, the header row number and the data rows of the roster in `path`."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise ImportFailed(f"找不到表格文件“{path}”，请检查文件名和所在文件夹")
    try:
        workbook = load_workbook(path, data_only=True)
    except InvalidFileException:
        raise ImportFailed(f"“{path.name}”不是 .xlsx 表格；.xls、.csv 或 WPS 表格请先另存为"
                           "“Excel 工作簿（.xlsx）”再导入") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFailed(f"“{path.name}”打不开：文件已损坏，或不是真正的 .xlsx 表格"
                           "（只改了扩展名）；请在 Excel 或 WPS 里另存为 .xlsx 再导入") from None
    partial: tuple[int, str, int, list[str]] | None = None
    for sheet in workbook.worksheets:
        grid = _filled_grid(sheet)
        for number in sorted(grid)[:HEADER_ROWS]:
            columns = _header_columns(grid[number])
            missing = [f for f in REQUIRED if f not in columns]
            if not missing:
                rows = [Row(n, {f: grid[n].get(c) for f, c in columns.items()})
                        for n in sorted(grid) if n > number]
                return sheet.title, number, [r for r in rows if any(_present(v) for v in r.values.values())]
            if len(REQUIRED) - len(missing) >= 2 and (partial is None or len(missing) < len(partial[3])):
                partial = (number, sheet.title, len(columns), missing)
    wanted = "、".join(COLUMNS[f][0] for f in REQUIRED)
    if partial is not None:
        number, title, _, missing = partial
        lacking = "、".join(f"“{COLUMNS[f][0]}”" for f in missing)
        raise ImportFailed(f"工作表“{title}”第 {number} 行像是标题行，但缺少{lacking}列；"
                           f"标题行要有 {wanted} 四列（授予单位可选）")
    raise ImportFailed(f"“{path.name}”里找不到标题行：前 {HEADER_ROWS} 行里要有一行写着 {wanted} "
                       "四个列名（授予单位可选），每个列名占一格")


def _filled_grid(sheet) -> dict[int, dict[int, Any]]:
    """Row number -> column -> value; a merged cell's value fills every cell it covers."""
    grid: dict[int, dict[int, Any]] = defaultdict(dict)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                grid[cell.row][cell.column] = cell.value
    for merged in sheet.merged_cells.ranges:
        value = grid.get(merged.min_row, {}).get(merged.min_col)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r][c] = value
    return dict(grid)


def _header_columns(cells: dict[int, Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for column, value in sorted(cells.items()):
        text = re.sub(r"[\s*＊:：]|（[^）]*）|\([^)]*\)", "", str(value)) if isinstance(value, str) else ""
        for name, headers in COLUMNS.items():
            if text in headers and name not in columns:
                columns[name] = column
    return columns


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def person_name(value: Any) -> str:
    """Rosters pad two-character names to line up (张  伟); the spaces are not part of the name."""
    text = cell_text(value)
    return re.sub(r"\s+", "", text) if has_han(text) else re.sub(r"\s+", " ", text)


def normalise_period(value: Any) -> str:
    """An Excel cell as a period: 2024, 2024-03, 2024-Q1 or 2023~2025, as the YAML loader reads
    them. Excel turns a typed 2024-03 into a date (the 1st of the month) and 2024 into a number."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if day.day != 1:
            raise ValueError(f"期间“{day.isoformat()}”是具体日期；期间只写到月份，请写成 {day:%Y-%m}")
        return f"{day:%Y-%m}"
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"期间“{value}”是小数，分不清是几月；请把这一格设成文本，写成 2024-03 这样的形式")
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))  # ２０２４～２０２５ too
    if m := re.fullmatch(r"(\d{4})年?", text):
        return m[1]
    if m := re.fullmatch(r"(\d{4})[-./年](\d{1,2})月?", text):
        return f"{m[1]}-{int(m[2]):02d}"
    if m := re.fullmatch(r"(\d{4})[-./]?[Qq]([1-4])", text) or re.fullmatch(r"(\d{4})年?第?([1-4一二三四])季度?", text):
        return f"{m[1]}-Q{CHINESE_QUARTERS.get(m[2], m[2])}"
    if m := re.fullmatch(r"(\d{4})年?[~\-—–至到](\d{4})年?", text):
        return f"{m[1]}~{m[2]}"
    if m := re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", text):
        return normalise_period(dt.date(int(m[1]), int(m[2]), int(m[3])))
    return text


# ---------------------------------------------------------------------------------------------
# Matching rows to figures
# ---------------------------------------------------------------------------------------------


@dataclass
class Target:
    branch: LoadedBranch
    index: int
    honours: list[tuple[int, Honour]] = field(default_factory=list)


def plan_honours(project: Project, path: Path) -> ImportPlan:
    sheet, header_row, rows = read_rows(path)
    plan = ImportPlan(path, sheet, header_row, len(rows))
    loaded = load_branches(project.branches_dir)
    titles = [h.title for h in project.settings.honours]
    targets: dict[tuple[str, int], Target] = {}
    seen: dict[tuple[str, int, str, str], int] = {}
    for row in rows:
        try:
            branch, index, honour = _match(row, loaded.branches, loaded.folders)
        except ValueError as error:
            plan.failed.append(RowNote(row.number, str(error)))
            continue
        figure = branch.branch.figures[index]
        key = (branch.slug, index, honour.title, honour.period)
        if key in seen:
            plan.skipped.append(RowNote(row.number, f"与第 {seen[key]} 行相同，跳过"))
            continue
        seen[key] = row.number
        if any((h.title, h.period) == (honour.title, honour.period) for h in figure.honours):
            plan.skipped.append(RowNote(row.number, f"{figure.name}已有“{honour.title}”（{honour.period}），跳过"))
            continue
        if honour.title not in titles:
            hint = did_you_mean(honour.title, titles, cutoff=0.3, ask="，是不是")
            plan.warnings.append(RowNote(row.number, f"称号“{honour.title}”不在 mkdocs.yml 登记的荣誉称号里{hint}"
                                                     "（仍会导入，brandhall check 会给出警告）"))
        targets.setdefault((branch.slug, index), Target(branch, index)).honours.append((row.number, honour))
    by_file: dict[str, list[Target]] = defaultdict(list)
    for target in targets.values():
        by_file[target.branch.slug].append(target)
    for slug in sorted(by_file):
        change, failure = _edit_file(project, by_file[slug])
        if change is not None:
            plan.changes.append(change)
        else:
            plan.failed += [RowNote(n, failure) for t in by_file[slug] for n, _ in t.honours]
    plan.failed.sort(key=lambda note: note.row)
    return plan


def _match(row: Row, branches: list[LoadedBranch], folders: list[str]) -> tuple[LoadedBranch, int, Honour]:
    values = row.values
    for name in REQUIRED:
        if not _present(values.get(name)):
            raise ValueError(f"没有填写{COLUMNS[name][0]}")
    wanted = cell_text(values["branch"])
    branch = next((b for b in branches if wanted in (b.slug, b.branch.name, b.branch.full_name)), None)
    if branch is None:
        if wanted in folders:
            raise ValueError(f"支部“{wanted}”的 branch.yml 现在有错误；请先运行 brandhall check 改正后再导入")
        choices = [b.branch.name for b in branches]
        hint = did_you_mean(wanted, choices + [b.slug for b in branches],
                            otherwise="；请写支部名称（如 广州配送中心党支部）或支部文件夹名（如 guangzhou-peisong）")
        raise ValueError(f"找不到支部“{wanted}”{hint}")
    person = person_name(values["name"])
    figures = branch.branch.figures
    found = [i for i, f in enumerate(figures) if person_name(f.name) == person]
    if not found:
        found = [i for i, f in enumerate(figures) if figure_id(f.id, f.name) == person]
    if len(found) > 1:
        ids = "、".join(str(figure_id(figures[i].id, figures[i].name)) for i in found)
        raise ValueError(f"{branch.branch.name}有 {len(found)} 位叫“{person}”的先进典型，分不清是哪一位；"
                         f"请在姓名一栏改写该人物的编号（{ids}）")
    if not found:
        names = [f.name for f in figures]
        hint = did_you_mean(person, names)
        raise ValueError(f"{branch.branch.name}没有叫“{person}”的先进典型{hint}；如是新人物，"
                         f"请先运行 brandhall new figure {branch.slug} \"{person}\"")
    try:
        period = normalise_period(values["period"])
        by = cell_text(values.get("by")) or None
        honour = Honour.model_validate({"title": cell_text(values["title"]), "period": period, "by": by})
    except ValueError as error:
        message = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        raise ValueError(message) from None
    return branch, found[0], honour


# ---------------------------------------------------------------------------------------------
# Editing branch.yml with ruamel.yaml round-trip
# ---------------------------------------------------------------------------------------------


INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))  # (mapping, sequence, offset); the first is the examples'


def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.width = 100_000  # never re-wrap an editor's long line
    return yaml


def _dump(yaml, doc) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _round_trip(text: str):
    """A ruamel loader/dumper that writes `text` back byte for byte, and the loaded document."""
    for indent in INDENTS:
        yaml = _yaml(indent)
        doc = yaml.load(text)
        if _dump(yaml, doc) == text:
            return yaml, yaml.load(text)
    return None, None


def _edit_file(project: Project, targets: list[Target]) -> tuple[FileChange | None, str]:
    branch = targets[0].branch
    source = SourceText.read(branch.file)
    label = relative(project, branch.file)
    before = source.text
    after = None
    try:
        yaml, doc = _round_trip(before)
        if yaml is not None:
            for target in targets:
                _add_honours(doc["figures"][target.index], [h for _, h in target.honours])
            after = _dump(yaml, doc)
    except Exception:  # noqa: BLE001 - a file ruamel cannot round-trip is left alone, and said so
        after = None
    if after is None or not _holds_exactly(before, after, branch, targets):
        return None, (f"{label} 的缩进或写法不统一，自动修改会改动其他行，所以没有改动；"
                      "请手动把这一行的荣誉加到该人物的 honours 里")
    honours = sum(len(t.honours) for t in targets)
    return FileChange(source, label, before, after, honours, len(targets)), ""


def _add_honours(figure, honours: list[Honour]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    current = figure.get("honours")
    existing = current if isinstance(current, CommentedSeq) else None
    flow = not existing or all(isinstance(i, CommentedMap) and i.fa.flow_style() for i in existing)
    items = []
    for honour in honours:
        item = CommentedMap(title=honour.title, period=DoubleQuotedScalarString(honour.period))
        if honour.by:
            item["by"] = honour.by
        if flow:
            item.fa.set_flow_style()
        items.append(item)
    if existing is not None and len(existing):
        trailing = _detach_trailing(existing)
        existing.extend(items)
    elif existing is not None:
        existing.fa.set_block_style()
        existing.extend(items)
        trailing = None
    else:
        seq = CommentedSeq(items)
        if "honours" in figure:
            figure["honours"] = seq
            trailing = None
        else:
            order = list(Figure.model_fields)
            before = [i for i, key in enumerate(figure) if key in order and order.index(key) < order.index("honours")]
            position = before[-1] + 1 if before else 0
            trailing = _detach_trailing(figure) if position == len(figure) else None
            figure.insert(position, "honours", seq)
        existing = seq
    _attach_trailing(existing, trailing)


def _trailing_slot(node) -> tuple[dict, Any, int] | None:
    """Where ruamel keeps the comment after the last line of `node`: the end-of-line comment,
    followed by the comment lines and blank lines up to the next item. Appended items must go
    before those lines, which belong to what follows."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not len(node):
        return None
    if isinstance(node, CommentedSeq):
        key: Any = len(node) - 1
        last, position = node[key], 0
    else:
        key = list(node)[-1]
        last, position = node[key], 2
    if isinstance(last, CommentedMap | CommentedSeq) and len(last) and not last.fa.flow_style():
        return _trailing_slot(last)
    return node.ca.items, key, position


def _detach_trailing(node):
    from ruamel.yaml.tokens import CommentToken

    slot = _trailing_slot(node)
    entry = slot[0].get(slot[1]) if slot else None
    token = entry[slot[2]] if entry else None
    if token is None:
        return None
    value: str = token.value
    if value.startswith("#"):
        own, _, rest = value.partition("\n")
        if not rest:
            return None
        token.value = own + "\n"
    else:
        rest = value[1:] if value.startswith("\n") else value
        entry[slot[2]] = None
    return CommentToken("\n" + rest, token.start_mark, None)


def _attach_trailing(seq, token) -> None:
    if token is None:
        return
    last = seq[-1]
    if last.fa.flow_style():
        seq.ca.items[len(seq) - 1] = [token, None, None, None]
    else:
        last.ca.items[list(last)[-1]] = [None, None, token, None]


def _holds_exactly(before: str, after: str, branch: LoadedBranch, targets: list[Target]) -> bool:
    """`after` reads back (as the site reads it) as `before` plus exactly the new honours."""
    old, _ = parse_yaml(before, branch.file)
    new, problems = parse_yaml(after, branch.file)
    if old is None or new is None or problems:
        return False
    expected = copy.deepcopy(old.data)
    for target in targets:
        figure = expected["figures"][target.index]
        figure["honours"] = list(figure.get("honours") or []) + [
            h.model_dump(exclude_none=True) for _, h in target.honours]
    return new.data == expected


# ---------------------------------------------------------------------------------------------
# Showing and applying
# ---------------------------------------------------------------------------------------------


def apply(plan: ImportPlan) -> None:
    for change in plan.changes:
        change.source.write(change.after)


def _shell_word(text: str) -> str:
    """A path as typed in a shell: quoted only when it must be (Chinese names stay readable)."""
    return shlex.quote(text) if re.search(r"[\s'\"$`\\|&;<>()*?!#~{}\[\]]", text) else text


def show(plan: ImportPlan, *, write: bool, console: Console, out: Console) -> int:
    """Print the diff (to `out`) and the row reports; write when asked. Exit code: 1 if a row failed."""
    from rich.text import Text

    styles = {"+": "green", "-": "red", "@": "cyan"}
    console.print(f"读取“{plan.file.name}”的工作表“{plan.sheet}”：标题在第 {plan.header_row} 行，"
                  f"数据 {plan.rows} 行。", markup=False)
    for change in plan.changes:
        for line in change.diff():
            style = "bold" if line.startswith(("+++", "---")) else styles.get(line[:1], "")
            out.print(Text(line, style=style), soft_wrap=True)
    for note in plan.skipped:
        console.print(str(note), markup=False, style="dim")
    for note in plan.warnings:
        console.print(f"注意 {note}", markup=False, style="yellow")
    for note in plan.failed:
        console.print(f"无法导入 {note}", markup=False, style="red")
    people = sum(change.figures for change in plan.changes)
    counts = (f"{len(plan.changes)} 个支部文件、{people} 位先进典型，共 {plan.added} 项荣誉；"
              f"跳过 {len(plan.skipped)} 行，{len(plan.failed)} 行无法导入")
    if not plan.changes:
        console.print(f"没有需要添加的荣誉（跳过 {len(plan.skipped)} 行，{len(plan.failed)} 行无法导入）。",
                      markup=False)
    elif write:
        apply(plan)
        for change in plan.changes:
            console.print(f"已写入 {change.label}（添加 {change.honours} 项荣誉）", markup=False)
        console.print(f"导入完成：{counts}。下一步：运行 brandhall check 检查，用 git diff 查看改动后提交。",
                      markup=False)
    else:
        console.print(f"以上是预览，文件没有改动：将修改 {counts}。", markup=False)
        console.print(f"确认无误后运行：brandhall import honours {_shell_word(str(plan.file))} --apply",
                      markup=False)
    if plan.failed:
        console.print("请按上面的提示修改表格中无法导入的行，再重新运行（已有的荣誉会自动跳过）。", markup=False)
        return 1
    return 0
