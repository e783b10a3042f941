"""The form editor's branch.yml format (brandhall/cms/brandhall-yaml.js), run in Node with the
shipped `yaml` modules: a save changes only the lines whose values changed. No browser, no
decap-server (tests/test_admin.py saves through both)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from brandhall.admin import ASSETS, PACKAGE_ROOT, YAML_MODULES

MODULES = PACKAGE_ROOT / "node_modules" / YAML_MODULES
pytestmark = pytest.mark.skipif(shutil.which("node") is None or not MODULES.is_dir(),
                                reason="Node and the npm packages are installed by scripts/setup.sh")

FILE = """\
# yaml-language-server: $schema=../../schema/branch.schema.json
name: 广州配送中心党支部              # 支部名称
members: 23                           # 党员人数
founded: "2016-05"
brand:
  name: '红色引擎·安全先锋'
  slogan: 一名党员一面旗   # 口号
  concept: |
    第一段。

    第二段。
figures:
- id: a   # 第一位
  name: 甲
  honours: [{title: 明星党员, period: "2024-03"}]
# 乙：2025 年新评
- name: 乙
  post: 司机
"""

SCRIPT = """
import { branchYaml } from "./brandhall-yaml.js";
const [source, edit] = JSON.parse(process.argv[2]);
const data = JSON.parse(JSON.stringify(branchYaml.fromFile(source)));
new Function("d", edit)(data);
process.stdout.write(branchYaml.toFile(data, []));
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("branch-yaml")
    shutil.copy(ASSETS / "brandhall-yaml.js", folder)
    shutil.copytree(MODULES, folder / "yaml")
    (folder / "package.json").write_text('{"type": "module"}')
    (folder / "save.js").write_text(SCRIPT)
    return folder


def saved(folder: Path, edit: str) -> str:
    """FILE after Decap's values were changed by the JavaScript `edit` on `d` and saved."""
    result = subprocess.run(["node", "save.js", json.dumps([FILE, edit])], cwd=folder,
                            capture_output=True, text=True, check=True)
    return result.stdout


def changes(after: str) -> list[tuple[str, str]]:
    before = FILE.splitlines()
    lines = after.splitlines()
    import difflib

    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, lines).get_opcodes():
        if tag != "equal":
            out.append(("\n".join(before[i1:i2]), "\n".join(lines[j1:j2])))
    return out


def test_an_unchanged_entry_is_saved_byte_for_byte(folder: Path) -> None:
    assert saved(folder, "") == FILE


def test_a_changed_value_changes_its_line_only_and_keeps_its_comment(folder: Path) -> None:
    assert changes(saved(folder, "d.brand.slogan = '新口号'; d.members = 25")) == [
        ("members: 23                           # 党员人数", "members: 25  # 党员人数"),
        ("  slogan: 一名党员一面旗   # 口号", "  slogan: 新口号  # 口号")]


def test_a_changed_line_of_markdown_changes_that_line(folder: Path) -> None:
    after = saved(folder, "d.brand.concept = '第一段。\\n\\n改过的第二段。\\n'")
    assert changes(after) == [("    第二段。", "    改过的第二段。")]


def test_an_added_item_is_appended_and_a_removed_one_goes_with_its_comment(folder: Path) -> None:
    assert changes(saved(folder, "d.figures.push({name: '丙'})")) == [("", "- name: 丙")]
    assert changes(saved(folder, "d.figures.splice(1, 1)")) == [
        ("# 乙：2025 年新评\n- name: 乙\n  post: 司机", "")]


def test_one_line_lists_stay_on_one_line_and_a_removed_key_goes(folder: Path) -> None:
    after = saved(folder, "delete d.founded; d.figures[0].honours.push({title: '党员示范岗', period: '2025'})")
    assert changes(after) == [
        ('founded: "2016-05"', ""),
        ('  honours: [{title: 明星党员, period: "2024-03"}]',
         '  honours: [{title: 明星党员, period: "2024-03"}, {title: 党员示范岗, period: "2025"}]')]


def test_a_number_written_as_text_is_quoted_so_it_reads_back_the_same(folder: Path) -> None:
    assert changes(saved(folder, "d.brand.slogan = '2025'")) == [
        ("  slogan: 一名党员一面旗   # 口号", '  slogan: "2025"  # 口号')]
