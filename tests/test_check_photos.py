"""`brandhall check` is the whole validation (issue 12): every photo the build would refuse or
warn about is reported by check, in the same run and with the same message; the result is cached
by the photo's content; Pillow's English warnings never reach the terminal.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from conftest import copy_project as copy_whole_project
from helpers import copy_project, position, replace_once, run_brandhall, run_check
from PIL import Image
from test_images import _huge_png

HOPPER = REPO / "tests" / "fixtures" / "photos" / "grace_hopper.jpg"
CD = "branches/chengdong-gongdiansuo"
CD_YML = f"{CD}/branch.yml"
CACHE = ".brandhall/cache/checks"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def photo_line(project: Path, photo: str, severity: str, field: str, message: str) -> str:
    return f"{severity} {CD_YML}:{position(project / CD_YML, f'photo: {photo}', photo)}: {field} (照片): {message}"


def problem_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith(("错误 ", "警告 "))]


def test_check_reports_every_photo_problem_the_build_would(project: Path) -> None:
    people = project / CD / "people"
    jpeg = (people / "ye-qian.jpg").read_bytes()
    (people / "ye-qian.jpg").write_bytes(jpeg[: len(jpeg) // 2])
    (people / "guo-zhen-hua.png").write_text("这不是照片", encoding="utf-8")
    Image.open(HOPPER).resize((100, 117)).save(people / "feng-chun-lan.png", format="PNG")
    code, lines = run_check(project)
    expected = [
        photo_line(project, "people/guo-zhen-hua.png", "错误", "第 1 位先进典型 › photo",
                   "这个文件不是能识别的图片，请换成 JPG 或 PNG 照片"),
        photo_line(project, "people/feng-chun-lan.png", "警告", "第 2 位先进典型 › photo",
                   "照片只有 100 像素宽，展示时会模糊；建议换一张至少 240 像素宽的照片"),
        photo_line(project, "people/ye-qian.jpg", "错误", "第 4 位先进典型 › photo",
                   "图片文件已损坏或不完整，请重新导出或重新拷贝这张照片"),
    ]
    assert (code, problem_lines(lines)) == (1, expected), "\n".join(lines)
    full = copy_whole(project)
    result = run_brandhall(full, "build", "--quiet")
    assert result[0] == 1
    assert problem_lines(result[1]) == expected, "the build refuses with the same lines"
    assert not (full / "site").exists()


def copy_whole(project: Path) -> Path:
    """The same project with theme/ and docs/, so that it can be built."""
    full = copy_whole_project(project.parent / "whole")
    shutil.rmtree(full / "branches")
    shutil.copytree(project / "branches", full / "branches")
    return full


def test_unsupported_format_and_too_many_pixels(project: Path) -> None:
    people = project / CD / "people"
    Image.open(HOPPER).save(people / "ye-qian.jpg", format="GIF")
    _huge_png(people / "guo-zhen-hua.png", 20000, 20000)
    code, lines = run_check(project)
    assert (code, problem_lines(lines)) == (1, [
        photo_line(project, "people/guo-zhen-hua.png", "错误", "第 1 位先进典型 › photo",
                   "图片像素过多（超过 5000 万像素），请先缩小到 4000 像素宽以内"),
        photo_line(project, "people/ye-qian.jpg", "错误", "第 4 位先进典型 › photo",
                   "不支持 GIF 格式的图片，请另存为 JPG 或 PNG"),
    ])


def test_pillows_english_warning_never_reaches_the_terminal(project: Path) -> None:
    # 56 million pixels: above our limit but below Pillow's own error, where it only warns in English
    Image.new("L", (8000, 7000)).save(project / CD / "people" / "guo-zhen-hua.png")
    code, lines = run_check(project)
    assert code == 1
    assert problem_lines(lines) == [photo_line(project, "people/guo-zhen-hua.png", "错误", "第 1 位先进典型 › photo",
                                               "图片像素过多（超过 5000 万像素），请先缩小到 4000 像素宽以内")]
    assert not any(re.search(r"[A-Za-z]{4,}Warning|decompression", line, re.I) for line in lines), lines


def test_a_second_check_reads_the_result_from_the_cache(project: Path) -> None:
    first = run_check(project)
    cached = sorted((project / CACHE).iterdir())
    assert len(cached) >= 10, "one entry per photo and use"
    assert run_check(project) == first
    assert sorted((project / CACHE).iterdir()) == cached, "nothing was decoded again"
    Image.open(HOPPER).resize((100, 117)).save(project / CD / "people" / "feng-chun-lan.png", format="PNG")
    code, lines = run_check(project)
    assert len(list((project / CACHE).iterdir())) == len(cached) + 1, "only the changed photo"
    assert "照片只有 100 像素宽" in "\n".join(lines)


def test_the_same_figure_name_twice_in_a_branch_is_warned(project: Path) -> None:
    path = project / "branches/guangzhou-peisong/branch.yml"
    replace_once(path, "  - name: 李红梅\n",
                 "  - id: zhang-wei-2\n    name: 张伟\n    post: 押运员\n  - name: 李红梅\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines, 1) if line == "    name: 张伟"][1]
    code, output = run_check(project)
    assert (code, problem_lines(output)) == (0, [
        f"警告 branches/guangzhou-peisong/branch.yml:{second}:11: 第 3 位先进典型 › name (姓名): "
        "本支部已有一位“张伟”（第 2 位先进典型）：如果是同一个人，请把两段合并成一段；"
        "如果是同名的两个人，请在 post 里写清岗位，便于大家区分"])
