"""Personal data never gets in, and Markdown embeds no image: what `brandhall check` says when an
editor writes an ID number, a mobile number or an e-mail address in any text, a personal field,
or an image inside Markdown. Each mistake is planted in a copy of the example project and the
exact line the editor sees is asserted (see test_check.py for the helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_project, run_check
from test_check import ERROR, GZ_STORY, GZ_YML, ZJ_YML, assert_check_fails, at, plant, reported

from brandhall.scan import find_personal_data, is_id_number

ID_WITH_X = "11010519491231002X"
ID_DIGITS = "440106199003071231"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def personal(kind: str, masked: str, scope: str) -> str:
    return (f"发现疑似{kind}“{masked}”，网站不能出现个人信息，请删除；"
            f"如确认可以公开，请把它原样写进{scope}的 privacy_ok 列表")


# --- personal data in text ------------------------------------------------------------------------


def test_mobile_number_in_a_figure_motto(project: Path) -> None:
    path = plant(project, GZ_YML, "    motto: 我是党员向我看。", "    motto: 我是党员向我看。电话 13800138000")
    assert_check_fails(project, at(path, "电话 138", "138", "第 2 位先进典型 › motto (格言/承诺): "
                                   + personal("手机号码", "138****8000", "这位人物")))


def test_mobile_number_written_as_a_yaml_number(project: Path) -> None:
    path = plant(project, GZ_YML, "secretary: 王强", "secretary: 13800138000")
    assert_check_fails(project, at(path, "secretary: 138", "138", "secretary (支部书记): "
                                   + personal("手机号码", "138****8000", "本支部文件顶层")))


def test_mobile_number_with_separators_in_a_story_file_body(project: Path) -> None:
    path = plant(project, GZ_STORY, "避免了一起可能的险情。", "避免了一起可能的险情。家属电话 +86 139-1234-5678。")
    assert_check_fails(project, at(path, "家属电话", "+86", "body (正文): "
                                   + personal("手机号码", "139****5678", "本故事信息区（文件开头 --- 之间）")))


def test_id_number_inside_a_block_scalar_points_at_its_own_line(project: Path) -> None:
    old = "    - 一台油车一岗哨，每台车都是流动的安全岗；"
    path = plant(project, GZ_YML, old, f"{old}\n    - 联系人身份证 {ID_WITH_X}")
    assert_check_fails(project, at(path, ID_WITH_X, ID_WITH_X, "brand.concept (品牌理念): "
                                   + personal("身份证号码", "1101**********002X", "本支部文件顶层")))


def test_id_number_in_a_story_title(project: Path) -> None:
    path = plant(project, GZ_STORY, "title: “龙舟水”中的保供车队", f"title: “龙舟水”中的保供车队 {ID_DIGITS}")
    assert_check_fails(project, at(path, "title:", ID_DIGITS, "title (标题): "
                                   + personal("身份证号码", "4401**********1231", "本故事信息区（文件开头 --- 之间）")))


def test_email_address_in_a_partner_agreement(project: Path) -> None:
    path = plant(project, GZ_YML, "    agreement: 党建结对共建协议书",
                 "    agreement: 党建结对共建协议书（联系 Wang.Qiang@example.com）")
    assert_check_fails(project, at(path, "Wang.Qiang", "Wang", "partners 第 2 项 › agreement (共建协议): "
                                   + personal("电子邮箱", "w***@example.com", "本支部文件顶层")))


def test_email_in_an_inline_story_names_the_story_as_the_place_for_privacy_ok(project: Path) -> None:
    path = plant(project, GZ_YML, "      - {src: stories/bahe.png, caption: 拔河友谊赛}",
                 "      - {src: stories/bahe.png, caption: 拔河友谊赛 报名 ba@example.cn}")
    assert_check_fails(project, at(path, "报名 ba@", "ba@", "第 1 篇故事 › photos 第 2 项 › caption (说明): "
                                   + personal("电子邮箱", "b***@example.cn", "这篇故事")))


def test_numbers_that_are_not_personal_data_pass(project: Path) -> None:
    plant(project, GZ_YML, "    motto: 我是党员向我看。",
          "    motto: 我是党员向我看。编号 440106199003071236、213800138000、1380013800、2024-05-22 15:30")
    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)


def test_privacy_ok_on_a_figure_allows_the_value_there_and_nowhere_else(project: Path) -> None:
    path = plant(project, GZ_YML, "    motto: 我是党员向我看。",
                 "    motto: 我是党员向我看。办公电话 13800138000\n    privacy_ok: ['138 0013 8000']")
    plant(project, GZ_YML, "    motto: 调度一盘棋，服务一条心。", "    motto: 调度一盘棋，服务一条心。13800138000")
    assert_check_fails(project, at(path, "一条心。138", "138", "第 3 位先进典型 › motto (格言/承诺): "
                                   + personal("手机号码", "138****8000", "这位人物")))


def test_privacy_ok_at_the_top_covers_the_whole_file(project: Path) -> None:
    plant(project, GZ_YML, "secretary: 王强\n", "secretary: 王强\nprivacy_ok: [dangjian@example.com]\n")
    plant(project, GZ_YML, "    agreement: 党建结对共建协议书", "    agreement: 协议书（dangjian@example.com）")
    plant(project, GZ_YML, "    motto: 我是党员向我看。", "    motto: 我是党员向我看。Dangjian@Example.com")
    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)


def test_privacy_ok_in_a_story_file_covers_its_body(project: Path) -> None:
    plant(project, GZ_STORY, "tags: [抢险, 保供, 党员突击队]",
          "tags: [抢险, 保供, 党员突击队]\nprivacy_ok: [95504, 13900001111]")
    plant(project, GZ_STORY, "避免了一起可能的险情。", "避免了一起可能的险情。保供热线 139 0000 1111。")
    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)


def test_detectors():
    assert is_id_number(ID_WITH_X) and is_id_number(ID_WITH_X.lower()) and is_id_number(ID_DIGITS)
    assert not is_id_number("440106199003071236")  # wrong check digit
    assert not is_id_number("440106199013071235")  # month 13
    hits = find_personal_data("QQ 12345678901@qq.com；手机 8613800138000；+86 150 0000 0000")
    assert [(h.kind, h.masked) for h in hits] == [
        ("email", "1***@qq.com"), ("mobile", "138****8000"), ("mobile", "150****0000")]


# --- personal fields ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["id_number", "phone", "mobile", "address", "birthday", "email", "身份证号"])
def test_personal_field_is_rejected_by_name(project: Path, name: str) -> None:
    path = plant(project, GZ_YML, "    post: 驾驶员、党小组长\n", f"    post: 驾驶员、党小组长\n    {name}: 不填\n")
    assert_check_fails(project, at(path, f"{name}: 不填", name, f"第 2 位先进典型 › {name} (个人信息): "
                                   f"不允许填写个人信息字段“{name}”（身份证号、电话、邮箱、住址、生日等），请删除这一项"))


# --- images in Markdown ---------------------------------------------------------------------------

EXTERNAL = ("：内网网站不能从外部加载任何内容。请把图片保存下来放进本支部文件夹，"
            "在 photos:（故事照片）或 photo:（人物照片）里引用，并从正文里删去")
INLINE = ("（网站会把它去掉）：请把图片放进本支部文件夹，"
          "在 photos:（故事照片）或 photo:（人物照片）里引用，并从正文里删去")


def test_external_image_in_the_brand_concept(project: Path) -> None:
    old = "    - 一台油车一岗哨，每台车都是流动的安全岗；"
    path = plant(project, GZ_YML, old, f"{old}\n\n    ![车队](http://example.com/a.png)")
    assert_check_fails(project, at(path, "![车队]", "http", "brand.concept (品牌理念): "
                                   f"正文里引用了外部图片“http://example.com/a.png”{EXTERNAL}"))


def test_external_image_in_a_story_file_body(project: Path) -> None:
    path = plant(project, GZ_STORY, "## 五天五夜的成绩单",
                 '![现场](https://cdn.example.com/x.jpg "现场")\n\n## 五天五夜的成绩单')
    assert_check_fails(project, at(path, "![现场]", "https", "body (正文): "
                                   f"正文里引用了外部图片“https://cdn.example.com/x.jpg”{EXTERNAL}"))


def test_reference_style_image_in_a_work_method(project: Path) -> None:
    old = "        每次 **15 分钟**，"
    path = plant(project, GZ_YML, old, "        ![合影][pic] 每次 **15 分钟**，")
    text = path.read_text(encoding="utf-8").replace(
        "随地学。\n", "随地学。\n\n        [pic]: //img.example.com/p.png\n", 1)
    path.write_text(text, encoding="utf-8")
    assert_check_fails(project, at(path, "[pic]: //img", "//img", "brand.methods 第 1 项 › text (做法说明): "
                                   f"正文里引用了外部图片“//img.example.com/p.png”{EXTERNAL}"))


def test_html_image_with_a_local_file_in_a_figure_story(project: Path) -> None:
    old = "从未发生一起责任事故。"
    path = plant(project, GZ_YML, old, f'{old}<img src="people/zhang-wei.jpg">')
    assert_check_fails(project, at(path, '<img src="people', "people/", "第 2 位先进典型 › story (事迹): "
                                   f"正文里不能插入图片“people/zhang-wei.jpg”{INLINE}"))


def test_image_syntax_in_a_plain_text_field_is_only_text(project: Path) -> None:
    """Outside Markdown fields `![x](url)` is shown as typed, so it loads nothing."""
    plant(project, ZJ_YML, "  slogan: 南海之滨党旗红 油路通达保民生", "  slogan: '![标识](http://example.com/logo.png)'")
    code, lines = run_check(project)
    assert code == 0, "\n".join(lines)
    assert not [line for line in reported(lines) if line.startswith(ERROR)]


def test_all_content_problems_of_a_branch_come_in_one_run(project: Path) -> None:
    branch = plant(project, GZ_YML, "members: 23", "members: 很多")
    plant(project, GZ_YML, "    motto: 我是党员向我看。", "    motto: 我是党员向我看。13800138000")
    story = plant(project, GZ_STORY, "date: 2024-05-22", 'date: "2024-5-22"')
    plant(project, GZ_STORY, "避免了一起可能的险情。", "避免了一起可能的险情。![x](http://e.cn/x.png)")
    assert_check_fails(
        project,
        at(branch, "members: 很多", "很多", "members (党员人数): 应为整数，如 23"),
        at(branch, "向我看。138", "138", "第 2 位先进典型 › motto (格言/承诺): "
           + personal("手机号码", "138****8000", "这位人物")),
        at(story, "date:", '"2024', "date (日期): “2024-5-22”不是有效的日期，请写成 2021-09-18"),
        at(story, "![x]", "http", f"body (正文): 正文里引用了外部图片“http://e.cn/x.png”{EXTERNAL}"),
    )
