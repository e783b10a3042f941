"""Reading YAML with the line and column of every value, so errors can point at them.

PyYAML's composer gives nodes with marks; we walk them ourselves to build plain Python data and
a map from each field path to its position. The walk also catches what a plain load hides:
duplicate keys, tabs, full-width colons and alias bombs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .yamlprescan import prescan

FieldPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40

YAML_PROBLEMS = {
    "mapping values are not allowed here": "这里不能出现冒号“:”；如果文字里本来就有冒号，请给整段文字加上引号",
    "could not find expected ':'": "缺少冒号“:”，或上一行的引号没有配对",
    "expected <block end>, but found": (
        "缩进不一致：同一层的字段要对齐，请检查这一行和上一行的空格数"
    ),
    "expected <block mapping start>": "缩进不一致：请检查这一行的空格数",
    "found character that cannot start any token": (
        "这里有不能出现的字符（常见原因：用了 Tab 键缩进，或以 @、` 开头的文字没加引号）"
    ),
    "found undefined alias": "用了未定义的别名 *，请删去或改成普通文字",
    "found unexpected end of stream": "文件在引号或括号没有闭合时就结束了，请补全引号或括号",
    "found unknown escape character": "双引号里的反斜杠 \\ 用法不对；请改用单引号，或写成 \\\\",
    "did not find expected key": "缩进不一致或缺少“- ”：请检查这一行的空格数",
    "did not find expected node content": "这里缺少内容，或列表项“- ”后面是空的",
    "while scanning a quoted scalar": "引号没有配对，请补全引号",
    "expected ',' or ']'": "方括号 [ ] 没有配对或少了逗号，请检查这一行",
    "expected ',' or '}'": "花括号 { } 没有配对或少了逗号，请检查这一行",
    "expected a single document": "一个文件只能写一份内容，请删去多余的 --- 分隔线",
    "while parsing a flow": "方括号或花括号没有配对，请补全 ] 或 }",
}


@dataclass(frozen=True)
class Plain:
    """An unquoted scalar as the editor wrote it: YAML 1.1 may have read it as a number, a
    boolean or a date (`tag`), and a `#` after it on its line starts a comment."""

    text: str
    tag: str
    end: Position


@dataclass
class Located:
    """Plain data from one YAML document, and where each part of it was written."""

    data: Any
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    plain: dict[FieldPath, Plain] = field(default_factory=dict)
    flow_lists: set[FieldPath] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)  # the source lines, numbered from line_offset + 1
    line_offset: int = 0
    skipped: list[str] = field(default_factory=list)  # lines left out after a syntax error

    def line(self, number: int) -> str:
        index = number - 1 - self.line_offset
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position_of(self, path: FieldPath, *, key: bool = False) -> Position:
        """The position of `path`, or of the nearest enclosing part that was written."""
        for depth in range(len(path), -1, -1):
            prefix = path[:depth]
            table = self.keys if key and prefix in self.keys else self.values
            if prefix in table:
                return table[prefix]
        return (1, 1)


FieldLabel = Callable[[FieldPath], str]  # the Chinese label of the field at a path


def generic_label(path: FieldPath) -> str:
    return "字段"


class _Walker:
    def __init__(self, loader: yaml.SafeLoader, file: Path, line_offset: int,
                 label: FieldLabel = generic_label):
        self.label = label
        self.loader = loader
        self.file = file
        self.line_offset = line_offset
        self.nodes = 0
        self.problems: list[Problem] = []
        self.located = Located(None)

    def pos(self, node: yaml.Node) -> Position:
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def walk(self, node: yaml.Node, path: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or len(path) > MAX_DEPTH:
            raise _TooBig(node)
        self.located.values[path] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                self.located.flow_lists.add(path)
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag.startswith("!") and not node.tag.startswith("!!"):
            return node.value
        if node.style is None:
            end = (node.end_mark.line + 1 + self.line_offset, node.end_mark.column + 1)
            self.located.plain[path] = Plain(node.value, node.tag, end)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            return node.value  # e.g. 2024-02-30: the model then explains what is wrong

    def walk_mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = self.pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.file, line, col, dotted(path) if path else "YAML",
                                             "字段", "字段名必须是简单的文字，不能是列表或对象", "E103"))
                continue
            key = str(key_node.value)
            if key in result:
                self.problems.append(
                    Problem(self.file, line, col, dotted((*path, key)), self.label((*path, key)),
                            f"字段“{key}”重复出现，请删去多余的一个", "E103")
                )
                continue
            self.located.keys[(*path, key)] = (line, col)
            result[key] = self.walk(value_node, (*path, key))
        return result


class _TooBig(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


COUNTED = {"figures": "位先进典型", "stories": "篇故事", "slides": "张幻灯片"}  # top-level lists


def counted(key: str, index: int) -> str:
    """An item of a top-level list as editors count it: 第 2 位先进典型, 第 1 张幻灯片."""
    return f"第 {index + 1} {COUNTED[key]}"


def dotted(path: FieldPath) -> str:
    """A field's place as editors count: `第 2 位先进典型 › honours 第 1 项 › title`, never
    the 0-based `figures[1].honours[0].title`."""
    segments: list[str] = []
    keys: list[str] = []
    for index, part in enumerate(path):
        if not isinstance(part, int):
            keys.append(str(part))
            continue
        if index == 1 and keys[0] in COUNTED and len(path) > 2:
            segments.append(counted(keys[0], part))
        else:
            segments.append(f"{'.'.join(keys)} 第 {part + 1} 项".strip())
        keys = []
    if keys:
        segments.append(".".join(keys))
    return " › ".join(segments) or "-"


TOO_DEEP = "内容嵌套过深或别名（&、*）展开后过大，请直接写出内容，不要用别名"


MAX_RECOVERIES = 40  # syntax errors reported per file before giving up on the rest


class _Unreadable(Exception):
    """A syntax error at one line; `skip` is that line's index in the text."""

    def __init__(self, problem: Problem, skip: int | None):
        self.problem = problem
        self.skip = skip


def _blame(error: yaml.MarkedYAMLError):
    """Where the editor should look: for an unclosed quote or bracket, where it was opened; for
    a line that YAML took for the start of a key, that line."""
    context = error.context or ""
    if error.context_mark is not None and any(
            words in context for words in ("quoted scalar", "flow", "simple key")):
        return error.context_mark
    return error.problem_mark or error.context_mark


def _explain(error: yaml.MarkedYAMLError, lines: list[str]) -> str:
    mark = error.problem_mark
    if mark is not None and mark.line < len(lines):
        before = lines[mark.line][: mark.column].rstrip()
        quoted = re.match(r"^\s*(?:-\s+)?([A-Za-z_]\w*):\s+([\"'])(.*)$", before)
        if quoted and quoted.group(3).endswith(quoted.group(2)) and len(quoted.group(3)) > 1:
            rest = re.sub(r"\s+#.*$", "", lines[mark.line][mark.column:]).strip()
            mark_char = quoted.group(2)
            whole = quoted.group(3)[:-1] + rest
            return (f"引号后面还有文字：引号要把整段文字括起来，请把后一个引号移到文字的末尾，"
                    f"写成 {quoted.group(1)}: {mark_char}{whole}{mark_char}")
    problem = error.problem or error.context or ""
    if mark is not None and mark.line < len(lines) and "mapping values are not allowed" in problem:
        key = re.fullmatch(r"\s*(?:-\s+)?([A-Za-z_]\w*)", lines[mark.line][: mark.column])
        if key:  # a field YAML read as more of the text above: it is indented differently
            return (f"缩进不一致：“{key.group(1)}”这一行的空格数和同一层的字段不一样，YAML 把它当成了上一行文字的"
                    "一部分；请让它和同一层的字段左边对齐")
    for english, chinese in YAML_PROBLEMS.items():
        if english in problem:
            return chinese
    return "YAML 写法有误，请检查这一行的缩进、冒号和引号"


def parse_yaml(text: str, file: Path, line_offset: int = 0, label: FieldLabel = generic_label,
               ) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document. Returns the located data (None if unreadable) and problems;
    `label` names fields in problems found while parsing (a model's Chinese labels).

    After a syntax error the rest of the file is still read: the line at fault (with the lines
    indented under it) is left out and the text parsed again, so one run reports every syntax
    error and the fields that do parse can be validated. `Located.skipped` then lists the lines
    left out."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [Problem(file, 1, 1, "YAML", "文件",
                              "文件超过 2 MB，请把长文拆到 stories/ 里的故事文件", "E105")]
    text, problems = prescan(text, file, line_offset)
    lines = text.split("\n")
    skipped: list[str] = []
    for _ in range(MAX_RECOVERIES):
        try:
            walker = _parse_once(lines, file, line_offset, label)
        except _Unreadable as unreadable:
            if not any(p.line == unreadable.problem.line for p in problems):
                problems.append(unreadable.problem)
            if unreadable.skip is None or not lines[unreadable.skip].strip():
                return None, problems
            skipped += _skip_block(lines, unreadable.skip)
            continue
        located = walker.located
        located.lines, located.line_offset, located.skipped = lines, line_offset, skipped
        return located, [_placed(p, located, label) for p in problems] + walker.problems
    return None, problems


QUOTED_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_]\w*:\s+([\"'])(.*)$")


def _unclosed_quote(lines: list[str], before: int) -> tuple[int, int] | None:
    """The line (index, column) above line `before` whose value opens a quote it never closes."""
    for index in range(before - 1, -1, -1):
        match = QUOTED_VALUE.match(lines[index])
        if match is None:
            continue
        quote, rest = match.group(1), match.group(2)
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else quote in rest.replace("''", "")
        if not closed:
            return index, match.start(1)
    return None


def _skip_block(lines: list[str], index: int) -> list[str]:
    """Blank out line `index` and the lines indented under it; returns what they said."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    end = index + 1
    while end < len(lines) and (not lines[end].strip()
                                or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    removed = lines[index:end]
    lines[index:end] = [""] * (end - index)
    return removed


def _parse_once(lines: list[str], file: Path, line_offset: int, label: FieldLabel) -> _Walker:
    loader = yaml.SafeLoader("\n".join(lines))
    walker = _Walker(loader, file, line_offset, label)
    try:
        node = loader.get_single_node()
        walker.located.data = walker.walk(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = _blame(error)
        opener = _unclosed_quote(lines, mark.line) if mark is not None and mark.line < len(lines) else None
        if opener is not None:  # a quote left open runs on to the next quote, far below
            line, col = opener[0] + 1 + line_offset, opener[1] + 1
            problem = Problem(file, line, col, "YAML", "格式", YAML_PROBLEMS["while scanning a quoted scalar"],
                              "E100")
            raise _Unreadable(problem, opener[0]) from None
        line = (mark.line + 1 + line_offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        problem = Problem(file, line, col, "YAML", "格式", _explain(error, lines), "E100")
        skip = mark.line if mark is not None and mark.line < len(lines) else None
        raise _Unreadable(problem, skip) from None
    except RecursionError:
        raise _Unreadable(Problem(file, 1 + line_offset, 1, "YAML", "文件", TOO_DEEP, "E104"),
                          None) from None
    except _TooBig as error:
        line, col = walker.pos(error.node)
        raise _Unreadable(Problem(file, line, col, "YAML", "文件", TOO_DEEP, "E104"), None) from None
    finally:
        loader.dispose()
    return walker


def _placed(problem: Problem, located: Located, label: FieldLabel) -> Problem:
    """A full-width-colon problem, found before parsing by its key alone, with the key's full
    path and label now that the parse knows where the key sits."""
    if problem.code not in ("E102", "E114"):
        return problem
    path = next((p for p, (line, _) in located.keys.items() if line == problem.line), None)
    if path is None:
        return problem
    return replace(problem, field=dotted(path), label=label(path))


def read_text(file: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file, tolerating a BOM and CRLF line endings."""
    if file.stat().st_size > MAX_BYTES:
        return None, [Problem(file, 1, 1, "YAML", "文件", f"文件有 {file.stat().st_size / 1e6:.1f} MB，"
                              "超过 2 MB 的上限；长文请拆成几篇故事文件，照片请放进文件夹里引用", "E105")]
    raw = file.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, 1, 1, "YAML", "文件编码",
                              "文件是 UTF-16（“Unicode”）编码；请在编辑器里另存为 UTF-8", "E106")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(file, line, 1, "YAML", "文件编码",
                              "文件不是 UTF-8 编码（可能是 GBK）；请在编辑器里另存为 UTF-8", "E106")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
