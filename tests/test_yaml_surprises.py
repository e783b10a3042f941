"""What an editor writes is what the site shows (issue 12): YAML 1.1 surprises, `#` in text,
all the errors of a file after a syntax error, and messages that point the right way.

Each test plants one mistake in a copy of the example project and runs the real `brandhall
check`, asserting the exact lines the editor sees. The pages of values YAML would misread are
checked in one shared build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import copy_project as copy_whole_project
from helpers import copy_project, line_of, run_brandhall, snapshot
from test_check import ERROR, GZ, GZ_STORY, GZ_YML, WARNING, assert_check_fails, at, plant, reported

from brandhall.load import load_branch

ZHANG_MOTTO = "    motto: 我是党员向我看。"
NEXT_YEAR = dt.date.today().year + 1


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def check_passes(project: Path) -> list[str]:
    code, lines = run_brandhall(project, "check")
    assert code == 0, "\n".join(lines)
    return reported(lines)


# --- 1. No YAML 1.1 surprises -----------------------------------------------------------------


@pytest.fixture(scope="module")
def misread_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of values YAML 1.1 reads as numbers or booleans, written unquoted."""
    project = copy_whole_project(tmp_path_factory.mktemp("misread") / "project")
    plant(project, GZ_YML, ZHANG_MOTTO, "    motto: 12:30")
    plant(project, GZ_YML, "  slogan: 一名党员一面旗 一台油车一岗哨", "  slogan: 1:1")
    plant(project, GZ_YML, "    motto: 调度一盘棋，服务一条心。", "    motto: no")
    plant(project, GZ_YML, "    post: 押运员\n", "    post: ON\n")
    plant(project, "screens/lobby.yml", "    title: 欢迎参观党建品牌展厅", "    title: 12:30")
    code, lines = run_brandhall(project, "build", "--quiet")
    assert code == 0, "\n".join(lines)
    return project / "site"


def test_base60_looking_text_is_published_as_typed(misread_site: Path) -> None:
    figure = (misread_site / "branches/guangzhou-peisong/figures/zhang-wei/index.html").read_text()
    assert "“12:30”</blockquote>" in figure and "750" not in figure
    branch = (misread_site / "branches/guangzhou-peisong/index.html").read_text()
    assert '<p class="bh-hero__slogan">1:1</p>' in branch


def test_a_screen_notice_shows_its_title_as_typed(misread_site: Path) -> None:
    screen = (misread_site / "screens/lobby/index.html").read_text(encoding="utf-8")
    titles = [re.sub(r"<[^>]+>", "", title) for title in re.findall(r'<h1 class="s-title">(.*?)</h1>', screen)]
    assert "12:30" in titles  # the last characters are kept together in a span, against an orphan


def test_yes_no_words_in_text_fields_are_published_as_typed(misread_site: Path) -> None:
    li = (misread_site / "branches/guangzhou-peisong/figures/li-hong-mei/index.html").read_text()
    assert "“no”</blockquote>" in li
    he = (misread_site / "branches/guangzhou-peisong/figures/he-zhi-ming/index.html").read_text()
    assert "<dt>岗位</dt><dd>ON</dd>" in he


def test_text_fields_load_as_the_scalar_written(project: Path) -> None:
    plant(project, GZ_YML, ZHANG_MOTTO, "    motto: 0x1F")
    plant(project, GZ_YML, "    post: 押运员\n", "    post: 2021-09-18\n")
    branch, problems = load_branch(project / GZ)[0::2]
    assert problems == []
    assert branch.branch.figures[1].motto == "0x1F"
    assert branch.branch.figures[3].post == "2021-09-18"


def test_members_with_a_leading_zero_is_refused(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members: 023")
    assert_check_fails(project, at(path, "members: 023", "023", "members (党员人数): “023”以 0 开头，"
                                   "YAML 会把它当成八进制数；请去掉开头的 0，写成 23"))


def test_members_with_a_leading_zero_that_is_not_octal_is_refused_too(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members: 09")
    assert_check_fails(project, at(path, "members: 09", "09", "members (党员人数): “09”以 0 开头，数字不能这样写；"
                                   "请去掉开头的 0，写成 9"))


def test_members_written_as_base60_is_refused(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members: 1:30")
    assert_check_fails(project, at(path, "members: 1:30", "1:30", "members (党员人数): “1:30”中间有冒号，"
                                   "YAML 会把它当成六十进制数；这里只能写一个整数，如 23；"
                                   "如果本来就是文字，这一项放错了地方"))


def test_build_refused_for_a_misread_number_leaves_the_site_untouched(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("上一次发布的网站", encoding="utf-8")
    before = snapshot(project / "site")
    plant(project, GZ_YML, "members: 23", "members: 023")
    code, lines = run_brandhall(project, "build", "--quiet")
    assert code == 1
    assert lines[-1] == "构建失败：1 个错误，0 个警告。site/ 没有改动。"
    assert snapshot(project / "site") == before


def test_quoted_dates_and_unquoted_dates_load_the_same(project: Path) -> None:
    plant(project, GZ_YML, 'founded: "2016-05"', "founded: 2016-05-20")
    branch, problems = load_branch(project / GZ)[0::2]
    assert problems == [] and branch.branch.founded == "2016-05-20"


# --- 2. `#` in text -----------------------------------------------------------------------------


def test_hash_glued_to_text_is_warned_as_a_comment(project: Path) -> None:
    path = plant(project, GZ_YML, ZHANG_MOTTO, "    motto: 我是党员 #1 向我看")
    assert check_passes(project) == [
        at(path, "motto: 我是党员 #1", "#1", "第 2 位先进典型 › motto (格言/承诺): `#` 后面的文字被当成了注释；"
           "如果是正文，请给整段文字加上引号", WARNING)]


def test_hash_after_a_single_space_is_warned_as_a_comment(project: Path) -> None:
    path = plant(project, GZ_YML, ZHANG_MOTTO, "    motto: 我是党员 # 向我看")
    assert check_passes(project) == [
        at(path, "motto: 我是党员 #", "#", "第 2 位先进典型 › motto (格言/承诺): `#` 后面的文字被当成了注释；"
           "如果是正文，请给整段文字加上引号", WARNING)]


def test_a_note_after_two_spaces_is_a_comment_as_in_our_files(project: Path) -> None:
    plant(project, GZ_YML, ZHANG_MOTTO, "    motto: 我是党员向我看。    # 格言")
    assert check_passes(project) == []


def test_a_value_a_comment_leaves_empty_is_an_error(project: Path) -> None:
    path = plant(project, GZ_YML, ZHANG_MOTTO, "    motto: #1 向我看")
    assert_check_fails(project, at(path, "motto: #1", "#1", "第 2 位先进典型 › motto (格言/承诺): "
                                   "冒号后面的“#1 向我看”被当成了注释，这一项成了空的；"
                                   "如果是正文，请给整段文字加上引号，"
                                   "如 motto: \"#1 向我看\""))


# --- 5. All the errors of a file in one run ------------------------------------------------------


def test_a_syntax_error_does_not_hide_the_errors_after_it(project: Path) -> None:
    path = plant(project, GZ_YML, ZHANG_MOTTO, '    motto: "我是党员"向我看')
    plant(project, GZ_YML, "    post: 押运员\n", "    post: 押运员\n    phone: 不填\n")
    plant(project, GZ_YML, "    joined: 2009", "    joined: 二〇〇九")
    assert_check_fails(
        project,
        at(path, 'motto: "我是党员"向我看', "向我看", "YAML (格式): 引号后面还有文字：引号要把整段文字括起来，"
           "请把后一个引号移到文字的末尾，写成 motto: \"我是党员向我看\""),
        at(path, "phone: 不填", "phone", "第 4 位先进典型 › phone (个人信息): 不允许填写个人信息字段“phone”"
           "（身份证号、电话、邮箱、住址、生日等），请删除这一项"),
        at(path, "joined: 二〇〇九", "二〇〇九", "第 5 位先进典型 › joined (入党年份): 应为四位年份，如 2012"),
    )


def test_every_syntax_error_of_a_file_is_reported_and_nothing_is_missing(project: Path) -> None:
    path = plant(project, GZ_YML, "  name: 红色引擎·安全先锋", '  name: "红色引擎·安全先锋')
    plant(project, GZ_YML, "    motto: 调度一盘棋，服务一条心。", "    motto: '调度一盘棋'，服务一条心")
    assert_check_fails(
        project,
        at(path, '  name: "红色引擎', '"', "YAML (格式): 引号没有配对，请补全引号"),
        at(path, "motto: '调度一盘棋'", "，", "YAML (格式): 引号后面还有文字：引号要把整段文字括起来，"
           "请把后一个引号移到文字的末尾，写成 motto: '调度一盘棋，服务一条心'"),
    )


@pytest.mark.parametrize("text", ["", "# 支部资料，还没写\n\n"], ids=["empty", "comments-only"])
def test_an_empty_branch_file_gets_one_message(project: Path, text: str) -> None:
    (project / GZ_YML).write_text(text, encoding="utf-8")
    assert_check_fails(project, f"{ERROR} {GZ_YML}:1:1: YAML (文件): 文件是空的（或只有注释）：请写上支部名称 name "
                       "和支部品牌 brand，可参照示例支部，或删去这个文件夹后用 brandhall new branch 重新生成")


def test_an_empty_story_front_matter_gets_one_message(project: Path) -> None:
    story = project / GZ_STORY
    body = story.read_text(encoding="utf-8").split("---\n", 2)[2]
    story.write_text(f"---\n# 还没写\n---\n{body}", encoding="utf-8")
    assert_check_fails(project, f"{ERROR} {GZ_STORY}:2:1: YAML (文件): 信息区是空的：请在两行 --- 之间写上 title"
                       "（标题）和 date（日期）")


# --- 6. Messages that point the right way ----------------------------------------------------------


def test_no_space_after_a_colon(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members:23")
    assert_check_fails(project, at(path, "members:23", ":", "members (党员人数): “members”后面的冒号后面要有一个空格，"
                                   "写成 members: 23"))


def test_a_field_indented_one_space_too_far_is_an_indentation_error(project: Path) -> None:
    path = plant(project, GZ_YML, "    post: 调度员\n    joined: 2013", "    post: 调度员\n     joined: 2013")
    assert_check_fails(project, at(path, "     joined: 2013", ":", "YAML (格式): 缩进不一致：“joined”这一行的空格数和"
                                   "同一层的字段不一样，YAML 把它当成了上一行文字的一部分；"
                                   "请让它和同一层的字段左边对齐"))


def test_no_space_after_a_list_dash(project: Path) -> None:
    path = plant(project, GZ_YML, "  - {year: 2022, level: 四星党支部", "  -{year: 2022, level: 四星党支部")
    assert_check_fails(project, at(path, "-{year: 2022", "-", "YAML (列表): 列表项开头的“-”后面要有一个空格，"
                                   "写成“- ”再接内容"))


def test_full_width_colons_in_braces_give_one_message(project: Path) -> None:
    path = plant(project, GZ_YML, "  - {year: 2022, level: 四星党支部, by: 广东分公司党委}",
                 "  - {year： 2022, level： 四星党支部, by：广东分公司党委}")
    assert_check_fails(project, at(path, "{year： 2022", "：", "ratings 第 1 项 › year (年度): 花括号里“year”后面用了"
                                   "全角冒号“：”；字段名后必须用半角冒号“:”加一个空格，"
                                   "如 {year: 2024, level: 五星党支部}"))


def test_missing_spaces_in_braces_give_one_message(project: Path) -> None:
    path = plant(project, GZ_YML, "  - {year: 2022, level: 四星党支部, by: 广东分公司党委}",
                 "  - {year:2022, level:四星党支部, by:广东分公司党委}")
    assert_check_fails(project, at(path, "{year:2022", ":", "ratings 第 1 项 › year (年度): 花括号里“year”后面的"
                                   "冒号后面要有一个空格，如 {year: 2024, level: 五星党支部}"))


def test_tab_message_tells_the_spaces_the_line_needs(project: Path) -> None:
    path = plant(project, GZ_YML, "      - {title: 党员示范岗, period: \"2023\"}",
                 "\t- {title: 党员示范岗, period: \"2023\"}")
    assert_check_fails(project, at(path, "\t- {title: 党员示范岗", "\t", "YAML (缩进): 这一行用了 Tab 键缩进；"
                                   "YAML 只认空格，请把行首的 Tab 换成 6 个空格"))


def test_windows_backslash_in_a_photo_path_is_read_as_a_slash(project: Path) -> None:
    path = plant(project, GZ_YML, "photo: people/li-hong-mei.png", "photo: people\\li-hong-mei.png")
    assert check_passes(project) == [
        at(path, "photo: people\\li", "people", "第 3 位先进典型 › photo (照片): 路径里用了 Windows 的反斜杠“\\”，"
           "已按“/”读作 people/li-hong-mei.png；请改成 people/li-hong-mei.png", WARNING)]
    branch = load_branch(project / GZ)[0]
    assert branch.branch.figures[2].photo == "people/li-hong-mei.png"


def test_a_photo_path_in_the_wrong_letter_case_names_the_file(project: Path) -> None:
    path = plant(project, GZ_YML, "photo: people/li-hong-mei.png", "photo: People/Li-Hong-Mei.PNG")
    assert_check_fails(project, at(path, "photo: People", "People", "第 3 位先进典型 › photo (照片): 找不到照片文件"
                                   "“People/Li-Hong-Mei.PNG”，文件名的大小写要一致："
                                   "你是不是想写 people/li-hong-mei.png？"))


def test_people_are_counted_from_one(project: Path) -> None:
    path = plant(project, GZ_YML, "    post: 调度员", "    post: 调度员\n    postt: 一级")
    assert_check_fails(project, at(path, "postt: 一级", "postt", "第 3 位先进典型 › postt (未知字段): "
                                   "不认识的字段“postt”，你是不是想写“post”？"))


def test_story_figures_written_as_names_say_their_ids(project: Path) -> None:
    story = plant(project, GZ_STORY, "figures: [he-zhi-ming, luo-bin]", "figures: [何志明, 罗斌]")
    assert_check_fails(
        project,
        at(story, "figures: [何志明", "何志明", "figures 第 1 项 (相关人物): “何志明”是人物的姓名，"
           "这里要写人物编号：何志明的编号是 he-zhi-ming"),
        at(story, "figures: [何志明", "罗斌", "figures 第 2 项 (相关人物): “罗斌”是人物的姓名，"
           "这里要写人物编号：罗斌的编号是 luo-bin"),
    )


def test_full_width_comma_in_a_flow_list_is_reported(project: Path) -> None:
    story = plant(project, GZ_STORY, "tags: [抢险, 保供, 党员突击队]", "tags: [抢险，保供]")
    assert check_passes(project) == [
        at(story, "tags: [抢险，保供]", "抢险", "tags 第 1 项 (标签): 方括号里用了全角逗号“，”，"
           "“抢险，保供”会被当成一项；"
           "要分成几项，请改用半角逗号“,”加一个空格，如 [抢险, 保供]", WARNING)]


@pytest.mark.parametrize(("joined", "message"), [
    ("1920", "入党年份 1920 早于中国共产党成立的 1921 年，请核对"),
    (str(NEXT_YEAR), f"入党年份 {NEXT_YEAR} 还没有到，请核对"),
], ids=["before-1921", "future"])
def test_joined_years_that_cannot_be_right_are_warned(project: Path, joined: str, message: str) -> None:
    path = plant(project, GZ_YML, "    joined: 2009", f"    joined: {joined}")
    assert check_passes(project) == [
        at(path, f"joined: {joined}", joined, f"第 5 位先进典型 › joined (入党年份): {message}", WARNING)]


def test_dates_in_the_future_are_warned(project: Path) -> None:
    path = plant(project, GZ_YML, 'founded: "2016-05"', f'founded: "{NEXT_YEAR}-05"')
    story = plant(project, GZ_STORY, "date: 2024-05-22", f"date: {NEXT_YEAR}-05-22")
    assert check_passes(project) == [
        at(path, "founded:", '"', f"founded (成立时间): 成立时间 {NEXT_YEAR}-05 还没有到，请核对", WARNING),
        at(story, "date:", str(NEXT_YEAR), f"date (日期): 故事日期 {NEXT_YEAR}-05-22 还没有到，请核对", WARNING),
    ]


def test_zero_members_is_warned(project: Path) -> None:
    path = plant(project, GZ_YML, "members: 23", "members: 0")
    assert check_passes(project) == [
        at(path, "members: 0", "0", "members (党员人数): 党员人数是 0，请核对；不知道人数时可以不写这一项", WARNING)]


def test_a_warning_does_not_drop_a_story_file_from_the_site(project: Path) -> None:
    plant(project, GZ_STORY, "date: 2024-05-22", f"date: {NEXT_YEAR}-05-22")
    branch = load_branch(project / GZ)[0]
    assert "longzhoushui-baogong" in [s.slug for s in branch.story_files]
    assert line_of(project / GZ_STORY, "date:") == 3
