"""Mistakes in mkdocs.yml's `extra.brandhall` are reported like branch-file mistakes: at their
line and column, with the field, its Chinese label and the values allowed, and the build stops
before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_project, position, replace_once, run_brandhall, run_check

MISTAKES = [
    ("{title: 明星党员, group: 每月之星, cadence: monthly, star: true}",
     "{title: 明星党员, group: 每月之星, cadence: monthy, star: true}", "monthy",
     "extra.brandhall.honours 第 1 项 › cadence (评选周期): 只能填以下之一：monthly、quarterly、yearly、multi-year"),
    ("tiers: [培育, 示范, 标杆]", "tiers: 培育、示范、标杆", "培育、",
     "extra.brandhall.tiers (品牌层级（由低到高）): 应为列表：每一项另起一行，以“- ”开头"),
    ("{title: 劳动模范, group: 劳模", "{name: 劳动模范, group: 劳模", "{name",
     "extra.brandhall.honours 第 4 项 › title (称号): 缺少必填项“title”（称号），请补上"),
    ("{title: 劳动模范, group: 劳模", "{name: 劳动模范, group: 劳模", "name",
     "extra.brandhall.honours 第 4 项 › name (未知字段): 不认识的字段“name”；这里可以写：title、group、cadence、star"),
    ("    branches_dir: branches", "    branches_dir: branches\n    tier: [培育]", "tier",
     "extra.brandhall.tier (未知字段): 不认识的字段“tier”，你是不是想写“tiers”？"),
    ("{title: 党员示范岗, group: 岗位, cadence: yearly}", "{title: 党员示范岗, group: 岗位, cadence: yearly, star: 是}",
     "是", "extra.brandhall.honours 第 6 项 › star (计入明星): 应为 true（是）或 false（否）"),
    ("    branches_dir: branches", "    branches_dir: branches\n    engine: hugo", "hugo",
     "extra.brandhall.engine (网站引擎): 只能填以下之一：mkdocs、zensical"),
    ("  generator: false", "  generator: false\n  social: [", "[",
     "YAML (格式): 方括号 [ ] 没有配对或少了逗号，请检查这一行"),
]


@pytest.mark.parametrize(("old", "new", "target", "message"), MISTAKES)
def test_a_settings_mistake_is_reported_at_its_line_in_chinese(tmp_path: Path, old, new, target, message):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    replace_once(config, old, new)
    code, lines = run_check(project)
    where = position(config, new.splitlines()[-1].strip(), target)
    assert code == 1
    assert f"错误 mkdocs.yml:{where}: {message}" in lines, "\n".join(lines)
    assert not any("内部错误" in line for line in lines)


def test_a_build_with_a_settings_mistake_stops_before_writing_the_site(tmp_path: Path):
    project = copy_project(tmp_path)
    old, new, target, message = MISTAKES[0]
    replace_once(project / "mkdocs.yml", old, new)
    code, lines = run_brandhall(project, "build", "--quiet")
    where = position(project / "mkdocs.yml", new, target)
    assert (code, lines[0]) == (1, f"错误 mkdocs.yml:{where}: {message}")
    assert lines[-1] == "构建失败：1 个错误，0 个警告。site/ 没有改动。"
    assert not (project / "site").exists() and not (project / ".brandhall" / "docs").exists()


def test_mkdocs_python_and_env_tags_are_read_without_running_them(tmp_path: Path):
    """Material's documented settings use !!python/name and !ENV; brandhall reads around them."""
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    replace_once(config, "  - tables\n", "  - tables\n  - pymdownx.emoji:\n"
                 "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                 "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    replace_once(config, "  generator: false\n", "  generator: false\n  analytics: !ENV [NO_SUCH_VARIABLE, '']\n")
    replace_once(config, "tiers: [培育, 示范, 标杆]", "tiers: [培育, 示范, 标杆, 卓越]")
    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)
    assert lines[-1] == "检查通过：7 个支部，0 个错误，0 个警告。"
