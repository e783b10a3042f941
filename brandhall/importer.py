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
import difflib
import re
import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .load import load_branches
from .models import Honour
from .roster import COLUMNS, REQUIRED, Row, cell_text, normalise_period, person_name, present, read_rows
from .roundtrip import add_honours, dump, round_trip
from .scaffold import SourceText, relative
from .slugs import figure_id
from .suggest import did_you_mean
from .yamlsource import parse_yaml

if TYPE_CHECKING:
    from rich.console import Console

    from .load import LoadedBranch
    from .project import Project


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
        if not present(values.get(name)):
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


def _edit_file(project: Project, targets: list[Target]) -> tuple[FileChange | None, str]:
    branch = targets[0].branch
    source = SourceText.read(branch.file)
    label = relative(project, branch.file)
    before = source.text
    after = None
    try:
        yaml, doc = round_trip(before)
        if yaml is not None:
            for target in targets:
                add_honours(doc["figures"][target.index], [h for _, h in target.honours])
            after = dump(yaml, doc)
    except Exception:  # noqa: BLE001 - a file ruamel cannot round-trip is left alone, and said so
        after = None
    if after is None or not _holds_exactly(before, after, branch, targets):
        return None, (f"{label} 的缩进或写法不统一，自动修改会改动其他行，所以没有改动；"
                      "请手动把这一行的荣誉加到该人物的 honours 里")
    honours = sum(len(t.honours) for t in targets)
    return FileChange(source, label, before, after, honours, len(targets)), ""


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
