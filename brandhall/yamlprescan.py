"""Line-level mistakes found in the source text before parsing: tabs, full-width colons, a
missing space after a colon or a list dash. Each is reported once at its line, and mended in
memory so that parsing can go on and find everything else in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem

KEY = r"[A-Za-z_][A-Za-z0-9_]*"
FULL_WIDTH_COLON_KEY = re.compile(rf"^(\s*(?:-\s+)?)({KEY})\s*：")
# Not after "- ": a list item such as `- javascript:x` is a plain scalar, and may be meant as one.
NO_SPACE_AFTER_COLON = re.compile(rf"^(\s*)({KEY}):(?=[^\s:/\\])")
NO_SPACE_AFTER_DASH = re.compile(rf"^(\s*)-(?=[{{\[]|{KEY}\s*:(?:\s|$))")
FLOW_KEY = re.compile(rf"(?<=[{{,])(\s*)({KEY})(?:\s*：\s*|:(?=[^\s,}}]))")
LEADING_TAB = re.compile(r"^[ \t]*\t")
LEADING_SPACE = re.compile(r"^[ \t]*")
FLOW_EXAMPLE = "如 {year: 2024, level: 五星党支部}"


def prescan(text: str, file: Path, line_offset: int) -> tuple[str, list[Problem]]:
    """The text with line-level mistakes mended, and a problem for each mended line."""
    problems: list[Problem] = []
    lines = text.split("\n")
    block_text = _block_text_lines(lines)
    for index, line in enumerate(lines):
        number = index + 1 + line_offset
        if LEADING_TAB.match(line):
            spaces = _needed_indent(lines[:index], line)
            problems.append(Problem(file, number, line.index("\t") + 1, "YAML", "缩进",
                                    f"这一行用了 Tab 键缩进；YAML 只认空格，请把行首的 Tab 换成 "
                                    f"{spaces} 个空格", "E101"))
            line = " " * spaces + line.lstrip(" \t")
        if index not in block_text:  # the text of a `|` block is the editor's own words
            line = _colons(line, file, number, problems)
        lines[index] = line
    return "\n".join(lines), problems


def _colons(line: str, file: Path, number: int, problems: list[Problem]) -> str:
    if match := FULL_WIDTH_COLON_KEY.match(line):
        key = match.group(2)
        problems.append(Problem(file, number, line.index("：") + 1, key, "字段",
                                f"“{key}”后面用了全角冒号“：”；字段名后必须用半角冒号“:”加一个空格",
                                "E102"))
        line = FULL_WIDTH_COLON_KEY.sub(lambda m: f"{m.group(1)}{m.group(2)}: ", line)
    elif match := NO_SPACE_AFTER_COLON.match(line):
        key = match.group(2)
        problems.append(Problem(file, number, match.end(), key, "字段",
                                f"“{key}”后面的冒号后面要有一个空格，写成 {key}: {line[match.end():].strip()}",
                                "E114"))
        line = f"{line[:match.end()]} {line[match.end():]}"
    if match := NO_SPACE_AFTER_DASH.match(line):
        problems.append(Problem(file, number, match.end(), "YAML", "列表",
                                "列表项开头的“-”后面要有一个空格，写成“- ”再接内容", "E115"))
        line = f"{line[:match.end()]} {line[match.end():]}"
    return _flow_colons(line, file, number, problems)


def _flow_colons(line: str, file: Path, number: int, problems: list[Problem]) -> str:
    """`{year： 2024, level:五星}`: one problem for the line, every key in it mended."""
    start = line.find("{")
    if start < 0 or line.lstrip().startswith("#"):
        return line
    head, flow = line[:start], line[start:]
    match = FLOW_KEY.search(flow)
    if match is None:
        return line
    key, col = match.group(2), start + match.end(2) + 1
    if "：" in match.group(0):
        message = (f"花括号里“{key}”后面用了全角冒号“：”；字段名后必须用半角冒号“:”加一个空格，"
                   f"{FLOW_EXAMPLE}")
        code = "E102"
    else:
        message = f"花括号里“{key}”后面的冒号后面要有一个空格，{FLOW_EXAMPLE}"
        code = "E114"
    problems.append(Problem(file, number, col, key, "字段", message, code))
    return head + FLOW_KEY.sub(lambda m: f"{m.group(1)}{m.group(2)}: ", flow)


def _needed_indent(before: list[str], line: str) -> int:
    """How many spaces the line needs, from the lines written above it: a `key:` line lines up
    with the fields around it (skipping the text of a `|` block), other text with the line above."""
    blocks = _block_text_lines(before)
    written = [i for i, p in enumerate(before) if p.strip() and not p.lstrip().startswith("#")]
    if STRUCTURAL.match(line.lstrip(" \t")):
        written = [i for i in written if i not in blocks and STRUCTURAL.match(before[i].lstrip())]
    if not written:
        return 0
    previous = before[written[-1]]
    indent = _indent(previous)
    content = re.sub(r"\s+#.*$", "", previous.strip())
    inner = indent + 2 if content.startswith("- ") else indent
    if written[-1] in blocks:
        return indent
    if content.endswith(":"):
        return inner + 2
    if line.lstrip(" \t").startswith("-") and content.startswith("-"):
        return indent
    return inner


STRUCTURAL = re.compile(rf"^(?:-\s+)?(?:{KEY}\s*:(?:\s|$))|^-(?:\s|$)")
BLOCK_OPENER = re.compile(rf"^\s*(?:-\s+)?{KEY}\s*:\s*[|>][-+0-9]*\s*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(LEADING_SPACE.match(line).group(0).expandtabs(2))


def _block_text_lines(lines: list[str]) -> set[int]:
    """The lines that are the text of a `key: |` (or `>`) block."""
    inside: set[int] = set()
    opener: int | None = None
    for index, line in enumerate(lines):
        if opener is not None and (not line.strip() or _indent(line) > opener):
            inside.add(index)
            continue
        opener = _indent(line) if BLOCK_OPENER.match(line) else None
    return inside
