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

FieldPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40

FULL_WIDTH_COLON_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
LEADING_TAB = re.compile(r"^[ ]*\t")

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


@dataclass
class Located:
    """Plain data from one YAML document, and where each part of it was written."""

    data: Any
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)

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
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag.startswith("!") and not node.tag.startswith("!!"):
            return node.value
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


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "-"


def _prescan(text: str, file: Path, line_offset: int) -> tuple[str, list[Problem]]:
    """Find tabs and full-width colons, and mend them in memory so parsing can go on."""
    problems: list[Problem] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1 + line_offset):
        if LEADING_TAB.match(line):
            problems.append(
                Problem(file, number, line.index("\t") + 1, "YAML", "缩进",
                        "这一行用了 Tab 键缩进；YAML 只认空格，请把 Tab 换成两个空格", "E101")
            )
        match = FULL_WIDTH_COLON_KEY.match(line)
        if match:
            key = match.group(2)
            problems.append(
                Problem(file, number, line.index("：") + 1, key, "字段",
                        f"“{key}”后面用了全角冒号“：”；字段名后必须用半角冒号“:”加一个空格",
                        "E102")
            )
    mended = [
        FULL_WIDTH_COLON_KEY.sub(lambda m: f"{m.group(1)}{m.group(2)}: ", line).replace("\t", "  ")
        if LEADING_TAB.match(line) or FULL_WIDTH_COLON_KEY.match(line)
        else line
        for line in lines
    ]
    return "\n".join(mended), problems


TOO_DEEP = "内容嵌套过深或别名（&、*）展开后过大，请直接写出内容，不要用别名"


def _blame(error: yaml.MarkedYAMLError):
    """Where the editor should look: for an unclosed quote or bracket, where it was opened."""
    context = error.context or ""
    if error.context_mark is not None and ("quoted scalar" in context or "flow" in context):
        return error.context_mark
    return error.problem_mark or error.context_mark


def _explain(problem: str | None) -> str:
    problem = problem or ""
    for english, chinese in YAML_PROBLEMS.items():
        if english in problem:
            return chinese
    return "YAML 写法有误，请检查这一行的缩进、冒号和引号"


def parse_yaml(text: str, file: Path, line_offset: int = 0, label: FieldLabel = generic_label,
               ) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document. Returns the located data (None if unreadable) and problems;
    `label` names fields in problems found while parsing (a model's Chinese labels)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [Problem(file, 1, 1, "YAML", "文件",
                              "文件超过 2 MB，请把长文拆到 stories/ 里的故事文件", "E105")]
    text, problems = _prescan(text, file, line_offset)
    loader = yaml.SafeLoader(text)
    walker = _Walker(loader, file, line_offset, label)
    try:
        node = loader.get_single_node()
        data = walker.walk(node, ()) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = _blame(error)
        line = (mark.line + 1 + line_offset) if mark else 1
        col = (mark.column + 1) if mark else 1
        if not any(p.line == line for p in problems):
            problems.append(Problem(file, line, col, "YAML", "格式",
                                    _explain(error.problem or error.context), "E100"))
        return None, problems
    except RecursionError:
        problems.append(Problem(file, 1 + line_offset, 1, "YAML", "文件", TOO_DEEP, "E104"))
        return None, problems
    except _TooBig as error:
        line, col = walker.pos(error.node)
        problems.append(Problem(file, line, col, "YAML", "文件", TOO_DEEP, "E104"))
        return None, problems
    finally:
        loader.dispose()
    walker.located.data = data
    return walker.located, [_placed(p, walker.located, label) for p in problems] + walker.problems


def _placed(problem: Problem, located: Located, label: FieldLabel) -> Problem:
    """A full-width-colon problem, found before parsing by its key alone, with the key's full
    path and label now that the parse knows where the key sits."""
    if problem.code != "E102":
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
