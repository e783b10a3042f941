"""Lobby screens (大屏): the playlists `screens/<name>.yml` and their mistakes, each reported by
`brandhall check` with file, line, field and a Chinese sentence, like the branch files' errors.

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import REPO
from helpers import replace_once, run_check
from screens_support import (
    ERROR,
    REAL_URL,
    SITE_URL,
    SLIDE_TYPES,
    WARNING,
    at,
    plant,
    reported,
)

from brandhall.screens import Screen


def test_example_playlists_and_the_base_playlist_pass_check(playlist: Path):
    assert reported(playlist) == []
    for example in ("lobby", "portrait"):
        (playlist.parent / f"{example}.yml").write_bytes((REPO / "screens" / f"{example}.yml").read_bytes())
    assert reported(playlist) == []


def test_unknown_branch_slug_with_a_did_you_mean(playlist: Path):
    plant(playlist, "branch: huanan-wuliu", "branch: huanan-wulu")
    assert reported(playlist) == [at(
        playlist, "branch: huanan-wulu", "huanan-wulu",
        "第 1 张幻灯片 › branch (支部): 本站没有文件夹名为“huanan-wulu”的支部，你是不是想写“huanan-wuliu”？")]


def test_unknown_figure_id_with_a_did_you_mean(playlist: Path):
    plant(playlist, "figure: zhang-wei", "figure: zhang-wie")
    assert reported(playlist) == [at(
        playlist, "figure: zhang-wie", "zhang-wie",
        "第 2 张幻灯片 › figure (人物编号): “广州配送中心党支部”没有编号为“zhang-wie”的人物，"
        "你是不是想写“zhang-wei”？")]


def test_a_figure_who_is_not_on_screens_cannot_be_put_on_one(playlist: Path):
    plant(playlist, "    branch: guangzhou-peisong\n    figure: zhang-wei",
          "    branch: huanan-wuliu\n    figure: huang-li-ping")
    assert reported(playlist) == [at(
        playlist, "figure: huang-li-ping", "huang-li-ping",
        "第 2 张幻灯片 › figure (人物编号): 黄丽萍设置了 on_screens: false（不上大屏），"
        "不能放在大屏上；请删去这张幻灯片")]


def test_unknown_org_with_a_did_you_mean(playlist: Path):
    plant(playlist, "org: 广东分公司党委", "org: 广东分公司")
    assert reported(playlist) == [at(
        playlist, "org: 广东分公司", "广东分公司",
        "第 3 张幻灯片 › org (所属党委): 本站没有所属党委为“广东分公司”的支部，你是不是想写“广东分公司党委”？")]


def test_unknown_slide_type_lists_the_types(playlist: Path):
    plant(playlist, "type: brand\n", "type: brnad\n")
    assert reported(playlist) == [at(
        playlist, "type: brnad", "brnad",
        f"第 1 张幻灯片 › type (幻灯片类型): 不认识的幻灯片类型“brnad”，你是不是想写“brand”？可选：{SLIDE_TYPES}")]


def test_missing_slide_type(playlist: Path):
    plant(playlist, "  - type: notice\n    text: 欢迎参观", "  - text: 欢迎参观")
    assert reported(playlist) == [at(
        playlist, "- text: 欢迎参观", "text",
        f"第 4 张幻灯片 › type (幻灯片类型): 缺少幻灯片类型 type；请写：{SLIDE_TYPES}")]


def test_a_field_of_another_slide_type_is_unknown_here(playlist: Path):
    plant(playlist, "    branch: huanan-wuliu\n", "    branch: huanan-wuliu\n    per_page: 3\n")
    assert reported(playlist) == [at(
        playlist, "per_page: 3", "per_page",
        "第 1 张幻灯片 › per_page (未知字段): 不认识的字段“per_page”；这里可以写："
        "type、duration、schedule、from、until、except、only、branch")]


def test_misspelt_slide_field_is_named_and_the_missing_one_too(playlist: Path):
    plant(playlist, "    branch: huanan-wuliu\n", "    brnach: huanan-wuliu\n")
    assert reported(playlist) == [
        at(playlist, "- type: brand", "type", "第 1 张幻灯片 › branch (支部): 缺少必填项“branch”（支部），请补上"),
        at(playlist, "brnach: huanan-wuliu", "brnach",
           "第 1 张幻灯片 › brnach (未知字段): 不认识的字段“brnach”，你是不是想写“branch”？"),
    ]


def test_impossible_time_in_the_schedule(playlist: Path):
    plant(playlist, 'end: "19:00"', 'end: "25:00"')
    assert reported(playlist) == [at(
        playlist, 'end: "25:00"', '"25:00"',
        "schedule 第 1 项 › end (结束): “25:00”不是有效的时刻，请写成 24 小时制的 07:30、19:00")]


def test_time_window_that_starts_when_it_ends(playlist: Path):
    plant(playlist, 'end: "19:00"', 'end: "07:30"')
    assert reported(playlist) == [at(
        playlist, "{days: [工作日]", "{",
        "schedule 第 1 项 (开屏时段): 开始和结束是同一时刻（07:30）；全天显示请写 start: \"00:00\" 和 end: \"24:00\"")]


def test_unknown_weekday(playlist: Path):
    plant(playlist, "days: [工作日]", "days: [星期一]")
    assert reported(playlist) == [at(
        playlist, "days: [星期一]", "星期一",
        "schedule 第 1 项 › days 第 1 项 (星期): “星期一”不是可选的值，只能填："
        "周一、周二、周三、周四、周五、周六、周日、"
        "工作日（周一至周五）、周末（周六、周日）、每天")]


def test_unquoted_times_load_like_quoted_ones():
    """YAML 1.1 reads an unquoted 19:00 as the number 1140; it must mean 19:00 all the same."""
    unquoted = yaml.safe_load("slides: [{type: notice, text: 甲}]\ntitle: t\n"
                              "schedule: [{start: 7:30, end: 19:00}, {start: 22:00, end: 02:00}]")
    assert unquoted["schedule"][0]["end"] == 1140
    screen = Screen.model_validate(unquoted)
    assert [(w.start, w.end) for w in screen.schedule] == [("07:30", "19:00"), ("22:00", "02:00")]
    assert screen.schedule[1].to_js() == [[0, 1, 2, 3, 4, 5, 6], 22 * 60, 2 * 60]


def test_orientation_choices_are_explained(playlist: Path):
    plant(playlist, "orientation: landscape", "orientation: vertical")
    assert reported(playlist) == [at(
        playlist, "orientation: vertical", "vertical",
        "orientation (屏幕方向): “vertical”不是可选的值，只能填："
        "landscape（横屏 1920×1080）、portrait（竖屏 1080×1920）")]


def test_duration_out_of_range(playlist: Path):
    plant(playlist, "duration: 15", "duration: 2")
    assert reported(playlist) == [at(
        playlist, "duration: 2", "2", "duration (停留秒数): 秒数要在 5 到 3600 之间，现在是 2")]


def test_notice_too_long_for_one_screen(playlist: Path):
    plant(playlist, "text: 欢迎参观", "text: " + "欢迎参观党建品牌展厅。" * 12)
    assert reported(playlist) == [at(
        playlist, "text: 欢迎参观党建", "欢迎",
        "第 4 张幻灯片 › text (正文): 通知正文有 132 个字，大屏一页放不下；请精简到 120 字以内，或拆成两张通知")]


def test_personal_data_never_goes_on_a_screen(playlist: Path):
    plant(playlist, "text: 欢迎参观", "text: 欢迎参观，联系人手机 13800138000")
    assert reported(playlist) == [at(
        playlist, "text: 欢迎参观", "欢迎",
        "第 4 张幻灯片 › text (正文): 发现疑似手机号码“138****8000”，大屏上不能出现个人信息，请删除")]


def test_no_pictures_inside_a_notice(playlist: Path):
    plant(playlist, "text: 欢迎参观", "text: 欢迎参观 ![合影](people/a.jpg)")
    assert reported(playlist) == [at(
        playlist, "text: 欢迎参观", "欢迎",
        "第 4 张幻灯片 › text (正文): 通知正文里不能插入图片（大屏会把它去掉），请删去")]


def test_missing_title(playlist: Path):
    plant(playlist, "title: 测试大屏\n", "")
    assert reported(playlist) == [at(
        playlist, "orientation: landscape", "orientation", "title (大屏名称): 缺少必填项“title”（大屏名称），请补上")]


def test_a_playlist_with_no_slides(playlist: Path):
    text = playlist.read_text(encoding="utf-8")
    playlist.write_text(text[: text.index("slides:")] + "slides: []\n", encoding="utf-8")
    assert reported(playlist) == [at(playlist, "slides: []", "[]", "slides (幻灯片): slides 里至少要有一张幻灯片")]


def test_file_name_must_be_a_url_slug(playlist: Path):
    renamed = playlist.rename(playlist.with_name("Lobby_1.yml"))
    assert reported(renamed) == [
        f"{ERROR} screens/Lobby_1.yml:1:1: 文件名 (网址名): 文件名“Lobby_1.yml”不能用作网址；"
        "只能用小写字母 a–z、数字和连字符 -，如 lobby.yml、dating-1f.yml"]


def test_every_mistake_in_every_slide_is_reported_in_one_run(playlist: Path):
    plant(playlist, "branch: huanan-wuliu", "branch: huanan-wulu")
    plant(playlist, "figure: zhang-wei", "figure: zhang-wie")
    plant(playlist, "type: notice", "type: notise")
    problems = reported(playlist)
    assert [p.split(": ")[1] for p in problems] == [
        "第 1 张幻灯片 › branch (支部)", "第 2 张幻灯片 › figure (人物编号)", "第 4 张幻灯片 › type (幻灯片类型)"]


# --- new playlist keys: their mistakes --------------------------------------------------------


def test_until_before_from_is_named(playlist: Path):
    plant(playlist, "    text: 欢迎参观", "    text: 欢迎参观\n    from: 2026-12-10\n    until: 2026-12-01")
    assert reported(playlist) == [at(
        playlist, "  - type: notice", "type",
        "第 4 张幻灯片 (通知): 结束日期 until（2026-12-01）早于开始日期 from（2026-12-10），请核对")]


def test_an_impossible_day_in_a_slides_from(playlist: Path):
    plant(playlist, "    text: 欢迎参观", "    text: 欢迎参观\n    from: 2026-02-30")
    assert reported(playlist) == [at(
        playlist, "from: 2026-02-30", "2026-02-30",
        "第 4 张幻灯片 › from (开始日期): “2026-02-30”不是一个真实存在的日期，请核对月份和日")]


def test_a_holiday_span_written_backwards(playlist: Path):
    plant(playlist, "schedule:\n", 'except: ["2026-10-07~2026-10-01"]\nschedule:\n')
    assert reported(playlist) == [at(
        playlist, "except:", '"2026-10-07',
        "except 第 1 项 (休息日): “2026-10-07~2026-10-01”的结束日期早于开始日期，请把早的一天写在 ~ 前面")]


def test_a_holiday_that_is_not_a_date(playlist: Path):
    plant(playlist, "schedule:\n", "except: [国庆节]\nschedule:\n")
    assert reported(playlist) == [at(
        playlist, "except:", "国庆节",
        "except 第 1 项 (休息日): “国庆节”不是有效的日期，请写成 2026-10-01，或用 ~ 连起头尾两天，"
        "如 \"2026-10-01~2026-10-07\"")]


def test_a_special_day_that_is_not_a_date(playlist: Path):
    plant(playlist, "    text: 欢迎参观", "    text: 欢迎参观\n    only: [七一, 02-30]")
    assert reported(playlist) == [
        at(playlist, "only:", "七一",
           "第 4 张幻灯片 › only 第 1 项 (只在这些日子播放): “七一”不是有效的日子，请写成每年的某一天 07-01、"
           "某一年的一天 2026-07-01，或用 ~ 连起头尾两天，如 \"10-01~10-07\""),
        at(playlist, "only:", "02-30",
           "第 4 张幻灯片 › only 第 2 项 (只在这些日子播放): “02-30”不是一个真实存在的日期，请核对月份和日")]


def test_a_special_opening_day_must_close_on_the_same_day(playlist: Path):
    plant(playlist, "schedule:\n",
          "special_days:\n  - {days: [\"07-01\"], start: \"20:00\", end: \"02:00\"}\nschedule:\n")
    assert reported(playlist) == [at(
        playlist, "  - {days: [\"07-01\"]", "{",
        "special_days 第 1 项 (特别开屏日): 结束时刻 02:00 不晚于开始时刻 20:00；特别开屏日的时段要在当天结束，"
        "如 start: \"09:00\" 和 end: \"17:00\"")]


def test_an_urgent_notice_needs_a_real_end_time(playlist: Path):
    plant(playlist, "schedule:\n", "urgent:\n  text: 停水\n  until: 明天\nschedule:\n")
    assert reported(playlist) == [at(
        playlist, "until: 明天", "明天",
        "urgent.until (结束时间): “明天”不是有效的时间，请写成日期加时刻，如 \"2026-12-01 18:00\"")]


def test_an_urgent_notice_too_long_for_the_screen(playlist: Path):
    plant(playlist, "schedule:\n", "urgent:\n  text: " + "大楼停水，请节约用水。" * 12
          + "\n  until: 2026-12-01 18:00\nschedule:\n")
    assert reported(playlist) == [at(
        playlist, "  text: 大楼", "大楼",
        "urgent.text (正文): 通知正文有 132 个字，大屏一页放不下；请精简到 120 字以内，或拆成两张通知")]


def test_presenter_mode_choices_are_explained(playlist: Path):
    plant(playlist, "duration: 15\n", "duration: 15\nmode: ppt\n")
    assert reported(playlist) == [at(
        playlist, "mode: ppt", "ppt",
        "mode (播放方式): “ppt”不是可选的值，只能填：loop（按时钟轮播）、present（演示：用翻页笔或键盘翻页）")]


def test_a_talk_by_an_unknown_figure(playlist: Path):
    plant(playlist, "  - type: figure\n", "  - type: figure_talk\n")
    plant(playlist, "figure: zhang-wei", "figure: zhang-wie")
    assert reported(playlist) == [at(
        playlist, "figure: zhang-wie", "zhang-wie",
        "第 2 张幻灯片 › figure (人物编号): “广州配送中心党支部”没有编号为“zhang-wie”的人物，"
        "你是不是想写“zhang-wei”？")]


def test_check_warns_while_site_url_is_the_example(playlist: Path):
    replace_once(playlist.parent.parent / "mkdocs.yml", f"site_url: {REAL_URL}", f"site_url: {SITE_URL}")
    code, lines = run_check(playlist.parent.parent)
    assert code == 0, "a warning: check passes"
    assert [line for line in lines if "site_url" in line] == [
        "警告 mkdocs.yml:4:11: site_url (网站地址): 还是示例地址 http://dangjian.intranet/，大屏上的二维码和"
        "大屏目录里的播放地址都指向一个不存在的网站；发布前请改成内网网站的真实地址，如 http://10.1.2.3/dangjian/"
        "（或发布时用 --site-url 指定）"]
    assert lines[-2:] == ["每个问题的说明和改法见 docs/guide/errors.md（本次的问题代码：W609）",
                          "检查通过：7 个支部，0 个错误，1 个警告。"]
    replace_once(playlist.parent.parent / "mkdocs.yml", f"site_url: {SITE_URL}", f"site_url: {REAL_URL}")
    code, lines = run_check(playlist.parent.parent)
    assert code == 0 and not any("示例地址" in line for line in lines)
    assert lines[-1] == "检查通过：7 个支部，0 个错误，0 个警告。"


# --- pictures and posters: their mistakes ---------------------------------------------------


def _picture(playlist: Path, slide: str) -> None:
    plant(playlist, "  - type: notice\n    text: 欢迎参观", f"  - {slide}\n  - type: notice\n    text: 欢迎参观")


def test_a_picture_that_is_not_there(playlist: Path):
    _picture(playlist, "{type: image, src: images/welcome.jpg, alt: 欢迎}")
    assert reported(playlist) == [at(
        playlist, "src: images/welcome.jpg", "images/welcome.jpg",
        "第 4 张幻灯片 › src (图片文件): 找不到文件 screens/images/welcome.jpg，"
        "请确认文件名和所在文件夹（大小写也要一致）")]


def test_a_picture_that_is_not_an_image(playlist: Path):
    (playlist.parent / "welcome.jpg").write_text("这不是图片", encoding="utf-8")
    _picture(playlist, "{type: image, src: welcome.jpg, alt: 欢迎}")
    assert reported(playlist) == [at(
        playlist, "src: welcome.jpg", "welcome.jpg",
        "第 4 张幻灯片 › src (图片文件): 这个文件不是能识别的图片，请换成 JPG 或 PNG 照片")]


def test_a_picture_too_small_for_the_screen(playlist: Path):
    (playlist.parent / "hopper.jpg").write_bytes((REPO / "tests/fixtures/photos/grace_hopper.jpg").read_bytes())
    _picture(playlist, "{type: image, src: hopper.jpg, alt: 合影}")
    assert reported(playlist) == [at(
        playlist, "src: hopper.jpg", "hopper.jpg",
        "第 4 张幻灯片 › src (图片文件): 照片只有 512 像素宽，展示时会模糊；建议换一张至少 960 像素宽的照片", WARNING)]


def test_a_broken_pdf_poster(playlist: Path):
    (playlist.parent / "qiyi.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    _picture(playlist, "{type: poster, src: qiyi.pdf, alt: 七一海报}")
    assert reported(playlist) == [at(
        playlist, "src: qiyi.pdf", "qiyi.pdf",
        "第 4 张幻灯片 › src (海报文件): 这个 PDF 打不开或已损坏，请重新导出（或另存为 PNG 海报）")]


def test_a_picture_outside_the_screens_folder(playlist: Path):
    _picture(playlist, "{type: image, src: ../branches/huanan-wuliu/logo.png, alt: 标识}")
    assert reported(playlist) == [at(
        playlist, "src: ../branches", "../branches",
        "第 4 张幻灯片 › src (图片文件): “../branches/huanan-wuliu/logo.png”不在 screens/ 文件夹里；"
        "请写 screens/ 里的路径，如 images/welcome.jpg")]
