"""`brandhall check` on a copy of the bundled example project with mistakes planted in it.

Each test plants one kind of mistake an editor makes, runs the real command in a subprocess and
asserts the exact lines the editor sees: file, line and column of the mistake, the field with its
Chinese label, and a Chinese explanation. `run_check` also asserts that no traceback is printed
and that no file under branches/ was changed. Line numbers are computed from the planted text.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from helpers import copy_project, position, replace_once, run_check

from brandhall.load import load_branch

GZ = "branches/guangzhou-peisong"
ZJ = "branches/zhanjiang-peisong"
GZ_YML = f"{GZ}/branch.yml"
ZJ_YML = f"{ZJ}/branch.yml"
GZ_STORY = f"{GZ}/stories/longzhoushui-baogong.md"
ERROR, WARNING = "错误", "警告"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def plant(project: Path, file: str, old: str, new: str) -> Path:
    """Edit `project/file`, replacing the unique snippet `old` by `new`."""
    path = project / file
    replace_once(path, old, new)
    return path


def at(path: Path, snippet: str, target: str, problem: str, severity: str = ERROR) -> str:
    """The line check prints for `problem` at `target` on the line holding `snippet`."""
    project = next(p for p in path.parents if p.name == "branches").parent
    where = f"{path.relative_to(project).as_posix()}:{position(path, snippet, target)}"
    return f"{severity} {where}: {problem}"


def reported(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith((f"{ERROR} ", f"{WARNING} "))]


def summary(lines: list[str]) -> str:
    errors = sum(line.startswith(f"{ERROR} ") for line in lines)
    warnings = sum(line.startswith(f"{WARNING} ") for line in lines)
    return f"{errors} 个错误，{warnings} 个警告"


def assert_check_fails(project: Path, *expected: str) -> list[str]:
    """Check reports exactly `expected` (in file and line order) and exits 1."""
    code, lines = run_check(project)
    output = "\n".join(lines)
    assert reported(lines) == list(expected), output
    assert lines[-1] == (f"检查未通过：{summary(lines)}。请按提示修改后重新运行 brandhall check。"), output
    assert code == 1, output
    return lines


def write_branch(project: Path, folder: str, text: str) -> Path:
    """A small new branch folder with the given branch.yml text."""
    path = project / "branches" / folder / "branch.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def loaded_branch(folder: Path):
    """`load_branch(folder)` as (LoadedBranch | None, problems); the raw document it may also
    return in the middle is not needed here."""
    result = load_branch(folder)
    return result[0], result[-1]


MINIMAL_BRANCH = "name: 测试党支部\nbrand:\n  name: 测试品牌\n  concept: 测试理念\n"


# --- the clean example --------------------------------------------------------------------------


def test_clean_example_project_passes(project: Path) -> None:
    folders = [p for p in (project / "branches").iterdir() if p.is_dir()]
    code, lines = run_check(project)
    output = "\n".join(lines)
    assert code == 0, output
    assert not [line for line in lines if line.startswith(f"{ERROR} ")], output
    assert lines[-1].startswith(f"检查通过：{len(folders)} 个支部，0 个错误，"), output


# --- YAML that cannot be read -------------------------------------------------------------------


def test_yaml_syntax_error_colon_inside_a_value(project: Path) -> None:
    path = plant(project, GZ_YML, "slogan: 一名党员一面旗", "slogan: 口号: 一名党员一面旗")
    assert_check_fails(
        project,
        at(path, "slogan: 口号: ", ": 一名", "YAML (格式): 这里不能出现冒号“:”；"
           "如果文字里本来就有冒号，请给整段文字加上引号"),
    )


UNCLOSED = [
    pytest.param("secretary: 王强", "secretary: '王强", "'", "文件在引号或括号没有闭合时就结束了，"
                 "请补全引号或括号", id="quote"),
    pytest.param("  - {year: 2023, level: 五星党支部, by: 广东分公司党委}",
                 "  - {year: 2023, level: 五星党支部, by: 广东分公司党委", "{",
                 "花括号 { } 没有配对或少了逗号，请检查这一行", id="brace"),
    pytest.param("figures: [zhang-wei, luo-bin]", "figures: [zhang-wei, luo-bin", "[",
                 "方括号 [ ] 没有配对或少了逗号，请检查这一行", id="bracket"),
]


@pytest.mark.parametrize(("old", "new", "opener", "message"), UNCLOSED)
def test_unclosed_quote_or_bracket_is_a_clear_error(
    project: Path, old: str, new: str, opener: str, message: str
) -> None:
    plant(project, GZ_YML, old, new)
    code, lines = run_check(project)
    pattern = rf"{ERROR} {GZ_YML}:\d+:\d+: YAML \(格式\): {re.escape(message)}"
    assert [line for line in reported(lines) if re.fullmatch(pattern, line)], "\n".join(lines)
    assert len(reported(lines)) == 1, "\n".join(lines)
    assert code == 1


@pytest.mark.parametrize(("old", "new", "opener", "message"), UNCLOSED)
def test_unclosed_quote_or_bracket_points_at_the_opener(
    project: Path, old: str, new: str, opener: str, message: str
) -> None:
    path = plant(project, GZ_YML, old, new)
    code, lines = run_check(project)
    expected = at(path, new, opener, "YAML (格式): ")
    assert [line for line in reported(lines) if line.startswith(expected)], "\n".join(lines)


def test_tab_used_for_indentation(project: Path) -> None:
    path = plant(project, GZ_YML, '  launched: "2019-07"', '\tlaunched: "2019-07"')
    assert_check_fails(
        project,
        at(path, "\tlaunched:", "\t", "YAML (缩进): 这一行用了 Tab 键缩进；YAML 只认空格，"
           "请把行首的 Tab 换成 2 个空格"),
    )


@pytest.mark.parametrize(("line", "typed", "field"), [
    ("secretary: 王强", "secretary：王强", "secretary (支部书记): “secretary”"),
    ("  slogan: ", "  slogan：", "brand.slogan (口号): “slogan”"),  # nested: the whole path
])
def test_full_width_colon_after_a_key(project: Path, line: str, typed: str, field: str) -> None:
    path = plant(project, GZ_YML, line, typed)
    assert_check_fails(
        project,
        at(path, typed.strip(), "：", f"{field}后面用了全角冒号“：”；字段名后必须用半角冒号“:”加一个空格"),
    )


def test_duplicate_keys(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23\n", "members: 23\nmembers: 24\n")
    plant(project, GZ_YML, "  tier: 示范\n", "  tier: 示范\n  tier: 标杆\n")
    assert_check_fails(
        project,
        at(path, "members: 24", "members", "members (党员人数): 字段“members”重复出现，请删去多余的一个"),
        at(path, "tier: 标杆", "tier", "brand.tier (品牌层级): 字段“tier”重复出现，请删去多余的一个"),
    )


def test_file_that_is_not_utf8(project: Path) -> None:
    path = project / GZ_YML
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    first_chinese = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert_check_fails(
        project,
        f"{ERROR} {GZ_YML}:{first_chinese}:1: YAML (文件编码): 文件不是 UTF-8 编码（可能是 GBK）；"
        "请在编辑器里另存为 UTF-8",
    )


def test_bom_and_crlf_load_like_plain_utf8(project: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(project / GZ, plain)
    for path in [project / GZ_YML, project / GZ_STORY]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))

    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)
    windows, windows_problems = loaded_branch(project / GZ)
    unix, unix_problems = loaded_branch(plain)
    assert windows_problems == [] and unix_problems == []
    assert windows.branch == unix.branch
    story = {s.slug: (s.meta, s.body) for s in windows.story_files}
    assert story == {s.slug: (s.meta, s.body) for s in unix.story_files}


def test_alias_bomb_is_refused_promptly(project: Path) -> None:
    rows = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for level in range(1, 12):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        rows.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    write_branch(project, "bomb", "\n".join(rows) + "\n")

    started = time.monotonic()
    code, lines = run_check(project, timeout=60)
    assert time.monotonic() - started < 30
    message = "YAML (文件): 内容嵌套过深或别名（&、*）展开后过大，请直接写出内容，不要用别名"
    pattern = rf"{ERROR} branches/bomb/branch\.yml:(\d+):\d+: {re.escape(message)}"
    found = [re.fullmatch(pattern, line) for line in reported(lines)]
    assert [m for m in found if m and int(m[1]) <= len(rows)], "\n".join(lines)
    assert code == 1


def test_deep_nesting_is_refused(project: Path) -> None:
    write_branch(project, "deep", MINIMAL_BRANCH + "honours: " + "[" * 3000 + "]" * 3000 + "\n")
    code, lines = run_check(project)
    assert [line for line in reported(lines)
            if line.startswith(f"{ERROR} branches/deep/branch.yml:") and "嵌套过深" in line]
    assert code == 1


# --- fields that are not allowed ----------------------------------------------------------------


def test_unknown_field_suggests_the_close_name(project: Path) -> None:
    path = plant(project, GZ_YML, "slogan: 一名党员", "slogen: 一名党员")
    plant(project, GZ_YML, "name: 广州配送中心党支部", "nmae: 广州配送中心党支部")
    assert_check_fails(
        project,
        # The misspelt `name` is also missing; both point at the top of the file.
        at(path, "nmae:", "nmae", "name (支部名称): 缺少必填项“name”（支部名称），请补上"),
        at(path, "nmae:", "nmae", "nmae (未知字段): 不认识的字段“nmae”，你是不是想写“name”？"),
        at(path, "slogen:", "slogen", "brand.slogen (未知字段): 不认识的字段“slogen”，"
           "你是不是想写“slogan”？"),
    )


def test_personal_data_field_is_rejected_by_name(project: Path) -> None:
    path = plant(project, GZ_YML, "secretary: 王强\n", 'secretary: 王强\nphone: "13800138000"\n')
    plant(project, GZ_YML, "    post: 驾驶员、党小组长\n",
          "    post: 驾驶员、党小组长\n    id_card: 440100199001011234\n")
    why = "（身份证号、电话、邮箱、住址、生日等），请删除这一项"
    assert_check_fails(
        project,
        at(path, "phone:", "phone", f"phone (个人信息): 不允许填写个人信息字段“phone”{why}"),
        at(path, "id_card:", "id_card",
           f"第 2 位先进典型 › id_card (个人信息): 不允许填写个人信息字段“id_card”{why}"),
    )


def test_phone_number_in_text_is_rejected(project: Path) -> None:
    plant(project, GZ_YML, "    motto: 我是党员向我看。", "    motto: 我是党员向我看。电话 13800138000")
    code, lines = run_check(project)
    assert [line for line in reported(lines) if "第 2 位先进典型 › motto" in line]
    assert code == 1


def test_missing_required_fields(project: Path) -> None:
    path = project / GZ_YML
    text = path.read_text(encoding="utf-8")
    text, dropped = re.subn(r"^  concept: \|\n(?:(?: {4}.*)?\n)*", "", text, flags=re.M)
    assert dropped == 1
    path.write_text(text, encoding="utf-8")
    plant(project, GZ_YML, "name: 广州配送中心党支部\n", "")
    assert_check_fails(
        project,
        # A missing top-level field is shown at the first line of the data.
        at(path, "full_name:", "full_name", "name (支部名称): 缺少必填项“name”（支部名称），请补上"),
        at(path, "brand:", "brand",
           "brand.concept (品牌理念): 缺少必填项“concept”（品牌理念），请补上"),
    )


# --- values of the wrong kind -------------------------------------------------------------------


def test_wrong_types(project: Path) -> None:
    gz = plant(project, GZ_YML, "members: 23", "members: 很多")
    plant(project, GZ_YML, "    joined: 2012", "    joined: 二〇一二")
    plant(project, GZ_YML, "    joined: 2009\n", "    joined: 2009\n    on_screens: 也许\n")
    zj = project / ZJ_YML
    old = re.search(r"^honours:\n(?:  - .*\n)+", zj.read_text(encoding="utf-8"), re.M)[0]
    plant(project, ZJ_YML, old, "honours: 青年文明号\n")
    assert_check_fails(
        project,
        at(gz, "members: 很多", "很多", "members (党员人数): 应为整数，如 23"),
        at(gz, "joined: 二〇一二", "二〇一二", "第 2 位先进典型 › joined (入党年份): 应为四位年份，如 2012"),
        at(gz, "on_screens: 也许", "也许",
           "第 5 位先进典型 › on_screens (上大屏): 应为 true（是）或 false（否）"),
        at(zj, "honours: 青年文明号", "青年文明号",
           "honours (集体荣誉): 应为列表：每一项另起一行，以“- ”开头"),
    )


def test_bad_date_and_period(project: Path) -> None:
    path = plant(project, GZ_YML, 'founded: "2016-05"', "founded: 2016-13")
    plant(project, GZ_YML, '{title: 党员示范岗, period: "2023"}', "{title: 党员示范岗, period: 2024年3月}")
    plant(project, GZ_YML, 'date: "2021-09-18"', 'date: "2021-02-30"')
    assert_check_fails(
        project,
        at(path, "founded: 2016-13", "2016-13", "founded (成立时间): “2016-13”不是有效的日期，"
           "请写成 2016、2016-05 或 2016-05-20"),
        at(path, "period: 2024年3月", "2024年3月", "第 2 位先进典型 › honours 第 3 项 › period (期间): "
           "“2024年3月”不是有效的期间，请写成 2024、2024-03、2024-Q1 或 2023~2025"),
        at(path, 'date: "2021-02-30"', '"2021-02-30"',
           "第 1 篇故事 › date (日期): “2021-02-30”不是一个真实存在的日期，请核对月份和日"),
    )


def test_unquoted_impossible_dates_are_explained(project: Path) -> None:
    # Unquoted, YAML itself tries to read these as dates; check must still explain them.
    path = plant(project, GZ_YML, 'founded: "2016-05"', "founded: 2016-02-30")
    plant(project, GZ_YML, 'date: "2021-09-18"', "date: 2021-13-01")
    assert_check_fails(
        project,
        at(path, "founded: 2016-02-30", "2016", "founded (成立时间): "
           "“2016-02-30”不是一个真实存在的日期，请核对月份和日"),
        at(path, "date: 2021-13-01", "2021", "第 1 篇故事 › date (日期): "
           "“2021-13-01”不是有效的日期，请写成 2021-09-18"),
    )


def test_unquoted_dates_and_years_load_like_quoted(tmp_path: Path) -> None:
    loaded = {}
    for quote in ['"', ""]:
        def q(value: str, quote: str = quote) -> str:
            return f"{quote}{value}{quote}"

        folder = tmp_path / ("quoted" if quote else "unquoted")
        (folder / "stories").mkdir(parents=True)
        (folder / "branch.yml").write_text(
            f"name: 测试党支部\nfounded: {q('2016-05-20')}\n"
            f"brand:\n  name: 测试品牌\n  concept: 测试理念\n  launched: {q('2021-07')}\n"
            f"honours:\n  - {{title: 先进基层党组织, period: {q('2024')}}}\n"
            f"figures:\n  - {{id: zhang-wei, name: 张伟, joined: {q('2012')}}}\n"
            f"stories:\n  - {{title: 故事, date: {q('2021-09-18')}, figures: [zhang-wei]}}\n"
            f"partners:\n  - {{name: 外部单位, since: {q('2021')}}}\n",
            encoding="utf-8",
        )
        (folder / "stories" / "gushi.md").write_text(
            f"---\ntitle: 故事二\ndate: {q('2021-09-18')}\n---\n正文\n", encoding="utf-8")
        branch, problems = loaded_branch(folder)
        assert problems == []
        data = branch.branch
        assert data.founded == "2016-05-20"
        assert data.brand.launched == "2021-07"
        assert data.figures[0].joined == 2012
        assert data.honours[0].period == "2024"
        assert data.stories[0].date == "2021-09-18"
        assert branch.story_files[0].meta.date == "2021-09-18"
        assert data.partners[0].since == "2021"
        loaded[bool(quote)] = data
    assert loaded[True] == loaded[False]


# --- files the branch points at -----------------------------------------------------------------


def test_photo_and_logo_paths(project: Path) -> None:
    path = plant(project, GZ_YML, "photo: people/li-hong-mei.png", "photo: people/li-hongmei.png")
    plant(project, GZ_YML, "logo: logo.svg", "logo: ../other/logo.svg")
    plant(project, GZ_YML, "      - {src: stories/sanfang-zuotan.png,", "      - {src: /srv/photos/zuotan.png,")
    outside = "跑出了支部文件夹，请把文件放进本支部文件夹，写相对路径"
    assert_check_fails(
        project,
        at(path, "logo: ../other", "../other",
           f"brand.logo (品牌标识): 路径“../other/logo.svg”{outside}"),
        at(path, "photo: people/li-hongmei.png", "people/", "第 3 位先进典型 › photo (照片): "
           "找不到照片文件“people/li-hongmei.png”，请确认文件已放进支部文件夹且文件名（含大小写）一致"),
        at(path, "src: /srv/photos", "/srv",
           f"第 1 篇故事 › photos 第 1 项 › src (照片文件): 路径“/srv/photos/zuotan.png”{outside}"),
    )


# --- references between figures, stories and branches ------------------------------------------


def test_duplicate_explicit_figure_id(project: Path) -> None:
    path = plant(project, GZ_YML, "\nstories:\n", "\n  - {id: zhang-wei, name: 张卫}\nstories:\n")
    assert_check_fails(
        project,
        at(path, "{id: zhang-wei, name: 张卫}", "zhang-wei", "第 6 位先进典型 › id (编号): "
           "人物编号“zhang-wei”与“张伟”重复；请给其中一位写不同的 id，如 zhang-wei-2"),
    )


def test_duplicate_derived_figure_id(project: Path) -> None:
    path = plant(project, GZ_YML, "\nstories:\n", "\n  - {name: 李红梅, post: 押运员}\nstories:\n")
    assert_check_fails(
        project,
        at(path, "{name: 李红梅, post: 押运员}", "李红梅", "第 6 位先进典型 › name (姓名): "
           "人物编号“li-hong-mei”与“李红梅”重复；请给其中一位写不同的 id，如 li-hong-mei-2"),
    )


def test_unknown_figure_id_in_story(project: Path) -> None:
    branch = plant(project, GZ_YML, "figures: [zhang-wei]", "figures: [zhang-wie]")
    story = plant(project, GZ_STORY, "figures: [he-zhi-ming, luo-bin]",
                  "figures: [he-zhi-ming, luo-bing]")
    # Lines count from the top of the .md file: its front matter starts on line 2, after `---`.
    assert_check_fails(
        project,
        at(branch, "figures: [zhang-wie]", "zhang-wie", "第 1 篇故事 › figures 第 1 项 (相关人物): "
           "本支部没有编号为“zhang-wie”的人物，你是不是想写“zhang-wei”？"),
        at(story, "luo-bing", "luo-bing", "figures 第 2 项 (相关人物): "
           "本支部没有编号为“luo-bing”的人物，你是不是想写“luo-bin”？"),
    )


def test_partner_slug_that_names_no_branch(project: Path) -> None:
    path = plant(project, GZ_YML, "- branch: zhanjiang-peisong", "- branch: zhangjiang-peisong")
    assert_check_fails(
        project,
        at(path, "branch: zhangjiang-peisong", "zhangjiang", "partners 第 1 项 › branch (共建支部): "
           "本站没有文件夹名为“zhangjiang-peisong”的支部，你是不是想写“zhanjiang-peisong”？"
           "外部单位请改用 name 填写名称"),
    )


def test_tier_not_among_configured_tiers(project: Path) -> None:
    path = plant(project, GZ_YML, "  tier: 示范", "  tier: 五星")
    assert_check_fails(
        project,
        at(path, "tier: 五星", "五星",
           "brand.tier (品牌层级): 品牌层级“五星”不在本站设定的层级里，只能填：培育、示范、标杆"),
    )


def test_unregistered_honour_title_is_only_a_warning(project: Path) -> None:
    path = plant(project, GZ_YML, '{title: 党员示范岗, period: "2023"}',
                 '{title: 党员示范岗位, period: "2023"}')
    code, lines = run_check(project)
    assert reported(lines) == [
        at(path, "党员示范岗位", "党员示范岗位", "第 2 位先进典型 › honours 第 3 项 › title (荣誉称号): "
           "称号“党员示范岗位”不在本站登记的荣誉称号里，是不是“党员示范岗”？", WARNING),
    ], "\n".join(lines)
    assert lines[-1].startswith("检查通过：") and lines[-1].endswith("0 个错误，1 个警告。")
    assert code == 0


# --- folder and file names ----------------------------------------------------------------------


def test_branch_folder_name_not_url_safe(project: Path) -> None:
    write_branch(project, "Guang Zhou", MINIMAL_BRANCH)
    assert_check_fails(
        project,
        f"{ERROR} branches/Guang Zhou/branch.yml:1:1: 文件夹名 (网址名): 文件夹名“Guang Zhou”不能用作"
        "网址；只能用小写字母 a–z、数字和连字符 -，如 guangzhou-peisong",
    )


def test_story_file_name_not_url_safe(project: Path) -> None:
    (project / GZ_STORY).rename(project / GZ / "stories" / "Long Zhou Shui.md")
    assert_check_fails(
        project,
        f"{ERROR} {GZ}/stories/Long Zhou Shui.md:1:1: 文件名 (网址名): 故事文件名“Long Zhou Shui.md”"
        "不能用作网址；只能用小写字母 a–z、数字和连字符 -，如 2021-baogong.md",
    )


def test_story_file_without_front_matter(project: Path) -> None:
    (project / GZ / "stories" / "wu-xinxi.md").write_text("# 一个故事\n\n正文。\n", encoding="utf-8")
    assert_check_fails(
        project,
        f"{ERROR} {GZ}/stories/wu-xinxi.md:1:1: YAML (信息区): 故事文件要以 --- 开头的信息区开始"
        "（写 title 和 date），再用一行 --- 结束，之后才是正文",
    )


# --- everything at once -------------------------------------------------------------------------


def test_all_errors_in_three_files_are_reported_in_one_run(project: Path) -> None:
    gz = plant(project, GZ_YML, "secretary: 王强", "secretary：王强")
    plant(project, GZ_YML, "members: 23", "members: 很多")
    plant(project, GZ_YML, "slogan: 一名党员", "slogen: 一名党员")
    plant(project, GZ_YML, 'founded: "2016-05"', "founded: 2016-13")
    zj = plant(project, ZJ_YML, "  tier: 培育", "  tier: 五星")
    plant(project, ZJ_YML, "- branch: guangzhou-peisong", "- branch: guangzhou-peisng")
    plant(project, ZJ_YML, "figures: [cai-jun-hui]", "figures: [cai-junhui]")
    plant(project, ZJ_YML, "\nstories:\n", "\n  - {name: 吴海涛, post: 驾驶员}\nstories:\n")
    story = plant(project, GZ_STORY, "date: 2024-05-22", 'date: "2024-5-22"')
    plant(project, GZ_STORY, "tags: [抢险, 保供, 党员突击队]\n",
          "tags: [抢险, 保供, 党员突击队]\naddress: 广州市天河区\n")
    assert_check_fails(
        project,
        at(gz, "secretary：", "：", "secretary (支部书记): “secretary”后面用了全角冒号“：”；"
           "字段名后必须用半角冒号“:”加一个空格"),
        at(gz, "members: 很多", "很多", "members (党员人数): 应为整数，如 23"),
        at(gz, "founded: 2016-13", "2016-13", "founded (成立时间): “2016-13”不是有效的日期，"
           "请写成 2016、2016-05 或 2016-05-20"),
        at(gz, "slogen:", "slogen",
           "brand.slogen (未知字段): 不认识的字段“slogen”，你是不是想写“slogan”？"),
        at(story, "date:", '"2024', "date (日期): “2024-5-22”不是有效的日期，请写成 2021-09-18"),
        at(story, "address:", "address", "address (个人信息): 不允许填写个人信息字段“address”"
           "（身份证号、电话、邮箱、住址、生日等），请删除这一项"),
        at(zj, "tier: 五星", "五星",
           "brand.tier (品牌层级): 品牌层级“五星”不在本站设定的层级里，只能填：培育、示范、标杆"),
        at(zj, "{name: 吴海涛", "吴海涛", "第 5 位先进典型 › name (姓名): "
           "人物编号“wu-hai-tao”与“吴海涛”重复；请给其中一位写不同的 id，如 wu-hai-tao-2"),
        at(zj, "figures: [cai-junhui]", "cai-junhui", "第 1 篇故事 › figures 第 1 项 (相关人物): "
           "本支部没有编号为“cai-junhui”的人物，你是不是想写“cai-jun-hui”？"),
        at(zj, "branch: guangzhou-peisng", "guangzhou", "partners 第 1 项 › branch (共建支部): "
           "本站没有文件夹名为“guangzhou-peisng”的支部，你是不是想写“guangzhou-peisong”？"
           "外部单位请改用 name 填写名称"),
    )


def test_cross_reference_errors_are_reported_with_other_errors(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members: 很多")
    plant(project, GZ_YML, "  tier: 示范", "  tier: 五星")
    code, lines = run_check(project)
    assert at(path, "tier: 五星", "五星", "brand.tier (品牌层级): 品牌层级“五星”不在本站设定的层级里，"
              "只能填：培育、示范、标杆") in lines
