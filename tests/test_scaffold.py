"""`brandhall new branch|story|figure` on a copy of the example project.

Each test runs the real command in a subprocess, asserts the exact Chinese lines it prints and the
files it writes, and runs `brandhall check` on the result: what the command creates must pass the
check as soon as it is created. Bad requests change no file and exit 1 with one clear sentence.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
import yaml
from conftest import copy_project as copy_full_project
from helpers import replace_once, run_brandhall, run_check, snapshot

from brandhall.scaffold import about
from brandhall.templates import DEFAULTS_DIR

GZ = "branches/guangzhou-peisong"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/branch.schema.json"
NEXT_CHECK = "下一步：改完运行 brandhall check 检查，再用 brandhall serve 预览"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # a user's clone: the templates of `brandhall new` come with the brandhall package
    return copy_full_project(tmp_path / "project")


def check_passes(project: Path) -> None:
    """Check passes; branches made by `new branch` are drafts and not counted as published."""
    code, lines = run_check(project)
    folders = [p for p in (project / "branches").iterdir() if (p / "branch.yml").is_file()
               and "\ndraft: true " not in (p / "branch.yml").read_text(encoding="utf-8")]
    assert code == 0, "\n".join(lines)
    # the one warning is W609: the example's site_url, which its lobby screens point to
    assert lines[-1] == f"检查通过：{len(folders)} 个支部，0 个错误，1 个警告。", "\n".join(lines)


def only_insertions(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if any line of `before` changed or went away."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    inserted = []
    for op, _, _, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), f"{op}: {after.splitlines()[j1:j2]}"
        if op == "insert":
            inserted += after.splitlines()[j1:j2]
    return inserted


# ---------------------------------------------------------------------------------------------
# new branch
# ---------------------------------------------------------------------------------------------


def test_new_branch_writes_a_commented_file_that_passes_check(project: Path) -> None:
    code, lines = run_brandhall(project, "new", "branch", "xin-zhibu", "--name", "新区配送站党支部")
    assert code == 0, lines
    assert lines == [
        "已创建 branches/xin-zhibu/branch.yml（每一项都有中文说明）",
        "已创建 branches/xin-zhibu/stories/（放长篇故事和故事照片）",
        "下一步：打开 branches/xin-zhibu/branch.yml，把“待填写”改成本支部的内容；"
        "标识文件放进 branches/xin-zhibu/ 后填写 logo",
        "下一步：填好后删去 branch.yml 开头的 draft: true 这一行，支部才会发布到网站",
        "下一步：添加先进典型：brandhall new figure xin-zhibu \"姓名\"；"
        "添加故事：brandhall new story xin-zhibu \"标题\"",
        NEXT_CHECK,
    ]
    folder = project / "branches" / "xin-zhibu"
    text = (folder / "branch.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert (folder / "stories").is_dir()
    data = yaml.safe_load(text)
    assert data == {"draft": True, "name": "新区配送站党支部", "type": "党支部",
                    "brand": {"name": "待填写：品牌名称", "concept": "待填写：品牌的由来、含义和做法，可以写几段。\n"}}
    # the hint on each line is the field's title and description from models.py
    for start, field in [("name: ", "Branch.name"), ("# org: ", "Branch.org"), ("# founded: ", "Branch.founded"),
                         ("  name: ", "Brand.name"), ("  # slogan: ", "Brand.slogan"), ("  concept: ", "Brand.concept"),
                         ("# honours:", "Branch.honours"), ("# partners:", "Branch.partners")]:
        line = next(line for line in text.splitlines() if line.startswith(start))
        assert line.endswith(f"# {about(field)}"), line
    assert about("Branch.name") == "支部名称：如 广州配送中心党支部（必填）"
    assert "# tier: 培育" in text and "本站可填：培育、示范、标杆" in text  # tiers from mkdocs.yml
    check_passes(project)


def test_new_branch_without_a_name_still_passes_check(project: Path) -> None:
    code, _ = run_brandhall(project, "new", "branch", "a1")
    assert code == 0
    data = yaml.safe_load((project / "branches/a1/branch.yml").read_text(encoding="utf-8"))
    assert data["name"] == "待填写：支部名称"
    check_passes(project)


@pytest.mark.parametrize("slug, suggestion", [
    ("Guangzhou_Peisong", "guangzhou-peisong"),
    ("广州配送", "guang-zhou-pei-song"),
    ("-", "guangzhou-peisong"),
])
def test_new_branch_refuses_a_slug_that_is_not_url_safe(project: Path, slug: str, suggestion: str) -> None:
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "new", "branch", slug)
    assert (code, lines) == (1, [f"没有新建：支部文件夹名“{slug}”不能用作网址：只能用小写字母 a–z、数字和连字符 -，"
                                 f"如 {suggestion}"])
    assert snapshot(project / "branches") == before


def test_new_branch_refuses_an_existing_folder(project: Path) -> None:
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "new", "branch", "guangzhou-peisong")
    assert (code, lines) == (1, ["没有新建：branches/guangzhou-peisong/ 已经存在，没有改动任何文件；请换一个文件夹名，"
                                 "或直接编辑 branches/guangzhou-peisong/branch.yml"])
    assert snapshot(project / "branches") == before


# ---------------------------------------------------------------------------------------------
# new story
# ---------------------------------------------------------------------------------------------


def test_new_story_writes_a_dated_file_that_passes_check(project: Path) -> None:
    code, lines = run_brandhall(project, "new", "story", "guangzhou-peisong", "党员突击队: 抢修保供", "--date",
                                "2025-06-01")
    path = f"{GZ}/stories/2025-06-01-dang-yuan-tu-ji-dui-qiang.md"
    assert (code, lines) == (0, [
        f"已创建 {path}（标题“党员突击队: 抢修保供”，日期 2025-06-01）",
        f"下一步：打开 {path}，在第二个 --- 下面写正文；照片放进 {GZ}/stories/ 后写在 photos: 里",
        "下一步：写好后删去 draft: true 这一行，故事才会发布到网站",
        NEXT_CHECK,
    ])
    text = (project / path).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    assert yaml.safe_load(front) == {"title": "党员突击队: 抢修保供", "date": dt.date(2025, 6, 1), "draft": True}
    assert "# figures: [wang-qiang]" in front
    assert "本支部可填：wang-qiang、zhang-wei、li-hong-mei、he-zhi-ming、luo-bin" in front
    assert f"# {about('StoryMeta.tags')}" in front
    assert body.startswith("<!--\n写作提示") and "## 小标题" in body
    check_passes(project)


def test_new_story_defaults_to_today_and_never_overwrites(project: Path) -> None:
    today = dt.date.today().isoformat()
    for _ in range(2):
        code, _ = run_brandhall(project, "new", "story", "guangzhou-peisong", "主题党日")
        assert code == 0
    if dt.date.today().isoformat() != today:  # the test ran over midnight
        pytest.skip("the date changed while the test ran")
    stories = sorted(p.name for p in (project / GZ / "stories").glob(f"{today}-*.md"))
    assert stories == [f"{today}-zhu-ti-dang-ri-2.md", f"{today}-zhu-ti-dang-ri.md"]
    check_passes(project)


def test_new_story_for_an_unknown_branch(project: Path) -> None:
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "new", "story", "guangzhou-peisng", "标题")
    assert (code, lines) == (1, ["没有新建：找不到支部“guangzhou-peisng”：branches/guangzhou-peisng/branch.yml 不存在。"
                                 "你是不是想写“guangzhou-peisong”？请写支部文件夹名；"
                                 "新建支部请运行 brandhall new branch <文件夹名>"])
    assert snapshot(project / "branches") == before


def test_new_story_refuses_a_bad_date(project: Path) -> None:
    code, lines = run_brandhall(project, "new", "story", "guangzhou-peisong", "标题", "--date", "2025-02-30")
    assert (code, lines) == (1, ["没有新建：日期“2025-02-30”不对，请写成 2024-06-18"])


# ---------------------------------------------------------------------------------------------
# new figure
# ---------------------------------------------------------------------------------------------


def test_new_figure_appends_to_the_list_keeping_every_other_line(project: Path) -> None:
    file = project / GZ / "branch.yml"
    replace_once(file, "  - id: he-zhi-ming\n", "  # 押运班组\n  - id: he-zhi-ming   # 2017 年入党\n")
    replace_once(file, "stories:\n", "# 短故事\nstories:\n")
    before = file.read_text(encoding="utf-8")
    code, lines = run_brandhall(project, "new", "figure", "guangzhou-peisong", "张伟")
    after = file.read_text(encoding="utf-8")
    start = before.splitlines().index("# 短故事") + 1
    assert (code, lines) == (0, [
        f"已在 {GZ}/branch.yml 第 {start} 行添加先进典型“张伟”，编号 zhang-wei-2",
        "注意：本支部已有一位“张伟”（编号 zhang-wei）；如果是同一个人，请删去新加的这一段",
        f"下一步：打开 {GZ}/branch.yml，从第 {start} 行起按注释填写岗位、入党年份、格言、荣誉和事迹；"
        f"照片放进 {GZ}/people/ 后填写 photo",
        "下一步：填好后删去这位人物的 draft: true 这一行，才会发布到网站",
        NEXT_CHECK,
    ])
    added = only_insertions(before, after)
    assert after.splitlines()[start - 1] == added[0]
    assert added[0].startswith("  - id: zhang-wei-2 ") and added[0].endswith(f"# {about('Figure.id')}")
    assert added[1].startswith("    name: 张伟 ")
    assert all(line.startswith("    ") for line in added[1:])
    assert after.splitlines()[start - 1 + len(added)] == "# 短故事", "the new figure goes before the comment"
    figures = yaml.safe_load(after)["figures"]
    assert figures[-1] == {"id": "zhang-wei-2", "name": "张伟", "draft": True, "post": None, "joined": None,
                           "motto": None}
    check_passes(project)
    code, lines = run_brandhall(project, "new", "figure", "guangzhou-peisong", "张伟")
    assert code == 0 and "编号 zhang-wei-3" in lines[0]
    check_passes(project)


def test_new_figure_starts_the_list_in_a_new_branch_and_stories_offer_its_id(project: Path) -> None:
    assert run_brandhall(project, "new", "branch", "xin-zhibu")[0] == 0
    file = project / "branches/xin-zhibu/branch.yml"
    before = file.read_text(encoding="utf-8")
    code, lines = run_brandhall(project, "new", "figure", "xin-zhibu", "欧阳娜娜")
    assert code == 0, lines
    added = only_insertions(before, file.read_text(encoding="utf-8"))
    assert added[0].startswith("figures:") and added[0].endswith(f"# {about('Branch.figures')}")
    assert added[1].startswith("  - id: ou-yang-na-na ")
    check_passes(project)
    code, _ = run_brandhall(project, "new", "story", "xin-zhibu", "新故事", "--date", "2025-01-02")
    story = (project / "branches/xin-zhibu/stories/2025-01-02-xin-gu-shi.md").read_text(encoding="utf-8")
    assert "# figures: [ou-yang-na-na]" in story and "本支部可填：ou-yang-na-na" in story
    check_passes(project)


def test_new_figure_fills_an_empty_list(project: Path) -> None:
    assert run_brandhall(project, "new", "branch", "xin-zhibu")[0] == 0
    file = project / "branches/xin-zhibu/branch.yml"
    file.write_text(file.read_text(encoding="utf-8") + "figures: []   # 暂无\n", encoding="utf-8")
    code, lines = run_brandhall(project, "new", "figure", "xin-zhibu", "李明")
    assert code == 0, lines
    text = file.read_text(encoding="utf-8")
    assert "figures:    # 暂无\n  - id: li-ming " in text
    check_passes(project)


def test_new_figure_keeps_windows_line_endings(project: Path) -> None:
    file = project / GZ / "branch.yml"
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    before = file.read_bytes()
    assert run_brandhall(project, "new", "figure", "guangzhou-peisong", "赵敏")[0] == 0
    after = file.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > before.count(b"\r\n")
    only_insertions(before.decode(), after.decode())
    check_passes(project)


def test_new_figure_for_an_unknown_branch(project: Path) -> None:
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "new", "figure", "nowhere", "张伟")
    assert code == 1
    assert lines == ["没有新建：找不到支部“nowhere”：branches/nowhere/branch.yml 不存在。现有支部："
                     "chengdong-gongdiansuo、guangzhou-peisong、huanan-wuliu、jiaotong-yanjiuyuan、lianyou-erbu、"
                     "qiaoliang-xiangmu、zhanjiang-peisong。请写支部文件夹名；"
                     "新建支部请运行 brandhall new branch <文件夹名>"]
    assert snapshot(project / "branches") == before


def test_new_figure_leaves_a_broken_file_alone(project: Path) -> None:
    file = project / GZ / "branch.yml"
    replace_once(file, "secretary: 王强\n", "secretary: 王强\n\tmembers: 3\n")
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "new", "figure", "guangzhou-peisong", "张伟")
    assert (code, lines) == (1, [f"没有新建：{GZ}/branch.yml 现在有写法错误，没有改动；"
                                 "请先运行 brandhall check 按提示改正，再添加人物"])
    assert snapshot(project / "branches") == before


def test_new_figure_refuses_an_empty_name(project: Path) -> None:
    code, lines = run_brandhall(project, "new", "figure", "guangzhou-peisong", "  ")
    assert (code, lines) == (1, ["没有新建：姓名不能为空，请在引号里写上姓名"])


def test_the_templates_are_not_published(example_project: Path) -> None:
    assert (DEFAULTS_DIR / "scaffold" / "branch.yml.j2").is_file()
    assert not (example_project / "theme" / "scaffold").exists()  # not in MkDocs' custom_dir
    assert not (example_project / "site" / "scaffold").exists()
