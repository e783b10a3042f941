"""Files that must not be read as they are: too large, too deeply nested, in the wrong encoding,
and links (symlinks) where a real file or folder must be. Each gets one clear line from
`brandhall check` (see test_check.py for the helpers), never a hang or a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import copy_project, run_check
from test_check import ERROR, GZ, GZ_STORY, GZ_YML, MINIMAL_BRANCH, assert_check_fails, at, plant, write_branch

LINK = ("是一个链接（快捷方式）或特殊文件，不是真实的文件；出于安全，网站只读取支部文件夹里"
        "真实的文件和文件夹，请把内容本身复制到这里")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


# --- size, nesting and encoding -------------------------------------------------------------------


def test_branch_file_over_two_megabytes(project: Path) -> None:
    path = project / GZ_YML
    path.write_text(path.read_text(encoding="utf-8") + "# " + "很长的注释" * 150_000 + "\n", encoding="utf-8")
    size = path.stat().st_size / 1e6
    assert_check_fails(project, f"{ERROR} {GZ_YML}:1:1: YAML (文件): 文件有 {size:.1f} MB，超过 2 MB 的上限；"
                       "长文请拆成几篇故事文件，照片请放进文件夹里引用")


def test_story_file_over_two_megabytes(project: Path) -> None:
    path = project / GZ_STORY
    path.write_text(path.read_text(encoding="utf-8") + "正文" * 400_000, encoding="utf-8")
    size = path.stat().st_size / 1e6
    assert_check_fails(project, f"{ERROR} {GZ_STORY}:1:1: YAML (文件): 文件有 {size:.1f} MB，超过 2 MB 的上限；"
                       "长文请拆成几篇故事文件，照片请放进文件夹里引用")


def test_nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep(project: Path) -> None:
    path = write_branch(project, "deep", MINIMAL_BRANCH + "honours:\n" + "".join(
        f"{'  ' * level}- \n" for level in range(45)))
    assert_check_fails(project, f"{ERROR} branches/deep/branch.yml:{6 + 40}:{2 * 40 + 1}: YAML (文件): "
                       "内容嵌套过深或别名（&、*）展开后过大，请直接写出内容，不要用别名")
    assert path.is_file()


def test_utf16_file_is_reported_as_such(project: Path) -> None:
    path = project / GZ_YML
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert_check_fails(project, f"{ERROR} {GZ_YML}:1:1: YAML (文件编码): 文件是 UTF-16（“Unicode”）编码；"
                       "请在编辑器里另存为 UTF-8")


def test_story_file_that_is_not_utf8(project: Path) -> None:
    path = project / GZ_STORY
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    first_chinese = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert_check_fails(project, f"{ERROR} {GZ_STORY}:{first_chinese}:1: YAML (文件编码): "
                       "文件不是 UTF-8 编码（可能是 GBK）；请在编辑器里另存为 UTF-8")


def test_old_mac_line_endings_load_like_plain_text(project: Path) -> None:
    for path in (project / GZ_YML, project / GZ_STORY):
        path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r").encode("utf-8"))
    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)


def test_errors_in_a_crlf_file_point_at_the_right_line(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members: 很多")
    expected = at(path, "members: 很多", "很多", "members (党员人数): 应为整数，如 23")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert_check_fails(project, expected)


# --- links where real files must be ---------------------------------------------------------------


def test_symlinked_branch_folder(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "branch.yml").write_text(MINIMAL_BRANCH, encoding="utf-8")
    os.symlink(outside, project / "branches" / "linked")
    assert_check_fails(project, f"{ERROR} branches/linked:1:1: 文件 (链接): 支部文件夹“linked”{LINK}")


def test_symlinked_branch_file(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yml"
    outside.write_text(MINIMAL_BRANCH, encoding="utf-8")
    (project / "branches" / "linked").mkdir()
    os.symlink(outside, project / "branches" / "linked" / "branch.yml")
    assert_check_fails(project, f"{ERROR} branches/linked/branch.yml:1:1: 文件 (链接): branch.yml{LINK}")


def test_symlinked_story_file(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: 外面的文件\ndate: 2024-01-01\n---\n正文\n", encoding="utf-8")
    os.symlink(outside, project / GZ / "stories" / "waimian.md")
    assert_check_fails(project, f"{ERROR} {GZ}/stories/waimian.md:1:1: 文件 (链接): 故事文件“waimian.md”{LINK}")


def test_symlinked_stories_folder(project: Path, tmp_path: Path) -> None:
    stories = project / GZ / "stories"
    stories.rename(tmp_path / "stories")
    os.symlink(tmp_path / "stories", stories)
    plant(project, GZ_YML, "      - {src: stories/sanfang-zuotan.png, caption: 三方党建结对共建座谈会}\n", "")
    code, lines = run_check(project)
    assert f"{ERROR} {GZ}/stories:1:1: 文件 (链接): 故事文件夹 stories{LINK}" in lines, "\n".join(lines)
    assert code == 1


def test_symlinked_photo_pointing_outside(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes((project / GZ / "people" / "li-hong-mei.png").read_bytes())
    os.symlink(secret, project / GZ / "people" / "linked.png")
    path = plant(project, GZ_YML, "photo: people/li-hong-mei.png", "photo: people/linked.png")
    assert_check_fails(project, at(path, "photo: people/linked.png", "people", "第 3 位先进典型 › photo (照片): "
                                   "“people/linked.png”是指向支部文件夹之外的链接，请放入真实文件"))
