"""The error reference page: docs/guide/errors.md explains every code the program can emit.

The codes are found by reading the source (every "E123"/"W123" string literal in brandhall/), so
a code added anywhere fails this test until it has its entry. `brandhall check` points editors
at the page and names the codes of the problems it found.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import copy_project, replace_once, run_check

REPO = Path(__file__).resolve().parents[1]
ERRORS_PAGE = REPO / "docs" / "guide" / "errors.md"
CODE = re.compile(r"""["']([EW]\d{3})["']""")
ENTRY = re.compile(r"^### ([EW]\d{3}) \S", re.M)


def codes_in_source() -> set[str]:
    return {code for path in (REPO / "brandhall").rglob("*.py")
            for code in CODE.findall(path.read_text(encoding="utf-8"))}


def entries() -> dict[str, str]:
    """Code -> the text of its section in docs/guide/errors.md."""
    text = ERRORS_PAGE.read_text(encoding="utf-8")
    parts = ENTRY.split(text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_code_in_the_source_has_an_entry() -> None:
    found = codes_in_source()
    assert {"E100", "E112", "W301", "E401", "E501", "E801"} <= found, "the search finds the codes"
    missing = sorted(found - set(entries()))
    assert not missing, f"docs/guide/errors.md has no entry for {missing}"


def test_every_entry_is_a_code_the_program_emits() -> None:
    stale = sorted(set(entries()) - codes_in_source())
    assert not stale, f"docs/guide/errors.md explains codes no longer in the source: {stale}"


def test_each_entry_says_what_it_means_how_to_fix_it_and_shows_a_message() -> None:
    for code, section in entries().items():
        assert "- **含义**：" in section, code
        assert "- **怎么改**：" in section, code
        kind = "警告" if code.startswith("W") else "错误"
        example = re.search(r"- \*\*示例\*\*：`(.+)`", section)
        assert example and example[1].startswith(f"{kind} "), code


def test_check_names_the_page_and_the_codes_it_found(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    replace_once(project / "branches/guangzhou-peisong/branch.yml", "members: 23", "members: 二十三")
    replace_once(project / "branches/guangzhou-peisong/branch.yml", "secretary: 王强", "secretery: 王强")
    code, lines = run_check(project)
    assert code == 1
    assert lines[-2] == "每个问题的说明和改法见 docs/guide/errors.md（本次的问题代码：E111、E112）"


def test_a_clean_check_does_not_mention_the_page(tmp_path: Path) -> None:
    code, lines = run_check(copy_project(tmp_path))
    assert code == 0 and not any("docs/guide/errors.md" in line for line in lines)


def test_the_page_is_part_of_the_site(example_project: Path) -> None:
    page = (example_project / "site" / "guide" / "errors" / "index.html").read_text(encoding="utf-8")
    assert "错误代码说明" in page and 'id="e112"' in page and 'href="#e112"' in page
