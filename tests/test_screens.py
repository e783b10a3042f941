"""Lobby screens (大屏): playlists and their errors, the built pages, and the player in real
Chromium under a controlled clock.

The player tests install Playwright's fake clock, so the wall-clock timing of the page is driven
by the test: `Player.advance` moves time forward a second at a time and, after each step, waits
for the page's own requests to finish. Nothing here depends on how fast the machine is.
Screenshots of every frame go to test-artifacts/screenshots/screen-*.png for people to look at.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
import segno
import yaml
from conftest import REPO, LocalServer, run_brandhall, screenshot
from conftest import copy_project as copy_full_project
from helpers import copy_project, position, replace_once, run_check
from helpers import run_brandhall as run_command
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from brandhall.schema import SCREEN_SCHEMA
from brandhall.screens import Screen, slide_excerpt
from brandhall.templates import DEFAULTS_DIR

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
SITE_URL = "http://dangjian.intranet/"
REAL_URL = "http://10.20.0.8/dangjian/"
ERROR, WARNING = "错误", "警告"
SLIDE_TYPES = ("brand（支部品牌）、brands（品牌轮播）、wall（明星墙）、figure（先进典型）、"
               "stories（最新故事）、partners（互联共建）、notice（通知）、figure_talk（人物宣讲）、"
               "image（图片）、poster（海报）")


def shanghai(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


WEDNESDAY_NOON = shanghai(2026, 11, 18, 12)  # 18 November 2026 is a Wednesday


# --- playlists written for these tests, built once beside the bundled examples ---------------

TEST_SCREENS = {
    # Frames: 0 第一张 10 s, 1 brand 20 s, 2 周一早会 10 s (Monday 08:00-09:00 only), 3 第四张 5 s.
    "seq": """
title: 测试·顺序
duration: 10
poll: 600
slides:
  - {type: notice, title: 第一张, text: 甲}
  - {type: brand, branch: guangzhou-peisong, duration: 20}
  - type: notice
    title: 周一早会
    text: 乙
    schedule: [{days: [周一], start: "08:00", end: "09:00"}]
  - {type: notice, title: 第四张, text: 丙, duration: 5}
""",
    "upd": """
title: 测试·更新
duration: 10
poll: 10
slides:
  - {type: notice, title: 更新一, text: 甲}
  - {type: notice, title: 更新二, text: 乙}
  - {type: notice, title: 更新三, text: 丙}
""",
    "night": """
title: 测试·夜间
night: clock
schedule:
  - {days: [工作日], start: "08:00", end: "18:00"}
  - {days: [周五], start: "22:00", end: "02:00"}
slides:
  - {type: notice, title: 白天, text: 甲}
""",
    "black": """
title: 测试·全黑
night: black
transitions: none
schedule:
  - {days: [每天], start: 8:00, end: 18:00}
slides:
  - {type: notice, title: 白天一, text: 甲}
  - {type: notice, title: 白天二, text: 乙}
""",
    "many": """
title: 测试·内存
duration: 5
poll: 600
slides:
  - {type: brands}
  - {type: wall, scope: all}
  - {type: figure, branch: jiaotong-yanjiuyuan, figure: liu-yang}
  - {type: stories, count: 4}
  - {type: partners}
  - {type: notice, title: 通知, text: 甲}
""",
    # Frames: 0 the talk of 张伟, 1-n the photos of his stories, then 第二项 and 第三项.
    "talk": """
title: 测试·演示
mode: present
resume: "18:00"
slides:
  - {type: figure_talk, branch: guangzhou-peisong, figure: zhang-wei}
  - {type: notice, title: 第二项, text: 乙}
  - {type: notice, title: 第三项, text: 丙}
""",
    # 国庆 is a holiday; 冬季 plays in December only, 不在元旦 not on New Year's Day.
    "dated": """
title: 测试·日期
duration: 10
except: ["2026-10-01~2026-10-07"]
slides:
  - {type: notice, title: 每天都有, text: 甲}
  - {type: notice, title: 十二月, text: 乙, from: 2026-12-01, until: "2026-12-31"}
  - {type: notice, title: 不在元旦, text: 丙, except: [2027-01-01]}
""",
    # 建党节 plays on 1 July of every year only; 跨年 on New Year's Eve and Day, and on 18 Nov 2026.
    "special": """
title: 测试·特别的日子
duration: 10
slides:
  - {type: notice, title: 每天都有, text: 甲}
  - {type: notice, title: 建党节, text: 乙, only: ["07-01"]}
  - {type: notice, title: 跨年, text: 丙, only: ["12-31~01-01", 2026-11-18]}
""",
    "urgent": """
title: 测试·紧急
schedule:
  - {days: [每天], start: "08:00", end: "18:00"}
urgent:
  title: 临时停水
  text: 今天 **20:00** 前大楼停水，请节约用水。
  from: "2026-11-18 19:00"
  until: "2026-11-18 20:00"
slides:
  - {type: notice, title: 日常, text: 甲}
""",
    "tall": """
title: 测试·竖屏演示
orientation: portrait
mode: present
urgent:
  title: 临时停水
  text: 今天 **20:00** 前大楼停水，请节约用水。
  until: "2026-11-18 20:00"
slides:
  - {type: figure_talk, branch: guangzhou-peisong, figure: zhang-wei}
""",
    "pics": """
title: 测试·图片
slides:
  - {type: image, src: images/kuqu.jpg, alt: 库区作业, caption: 华南物流中心库区}
  - {type: poster, src: posters/qiyi.pdf, alt: 七一表彰大会海报}
""",
    "pics-tall": """
title: 测试·竖屏图片
orientation: portrait
slides:
  - {type: image, src: images/kuqu.jpg, alt: 库区作业, caption: 华南物流中心库区}
  - {type: poster, src: posters/qiyi.pdf, alt: 七一表彰大会海报}
""",
    "xss": """
title: "<b>测试</b>"
heading: "<script>alert('h')</script>抬头"
slides:
  - type: notice
    title: "<script>x()</script>"
    text: |
      <script>alert(2)</script>**正文** <b onmouseover=alert(3)>粗</b> [链接](javascript:alert(4))
""",
}


POSTER_HTML = """<html><style>@page { size: A4; margin: 0 }</style><body style="margin:0">
<div style="width:210mm;height:296mm;background:#b71c1c;color:#fff;
font-family:'Noto Sans CJK SC';text-align:center"><h1 style="font-size:54pt;margin:0;padding-top:90mm">七一表彰大会</h1>
<p style="font-size:26pt">7 月 1 日 · 三楼礼堂</p></div></body></html>"""


def add_pictures(folder: Path) -> None:
    """A photo of the example content as a picture, and a real PDF poster made by WeasyPrint."""
    from weasyprint import HTML

    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "posters").mkdir(exist_ok=True)
    (folder / "images" / "kuqu.jpg").write_bytes((REPO / "branches/huanan-wuliu/stories/kuqu.jpg").read_bytes())
    HTML(string=POSTER_HTML).write_pdf(folder / "posters" / "qiyi.pdf")


@pytest.fixture(scope="session")
def screen_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_full_project(tmp_path_factory.mktemp("screens") / "project")
    add_pictures(project / "screens")
    for name, text in TEST_SCREENS.items():
        (project / "screens" / f"{name}.yml").write_text(text.lstrip(), encoding="utf-8")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def screens_server(screen_project: Path):
    server = LocalServer(screen_project / "site")
    yield server
    server.close()


# =============================================================================================
# Playlists: validation with the same error quality as branch files
# =============================================================================================

BASE = """# yaml-language-server: $schema=../schema/screen.schema.json
title: 测试大屏
orientation: landscape
duration: 15
schedule:
  - {days: [工作日], start: "07:30", end: "19:00"}
slides:
  - type: brand
    branch: huanan-wuliu
  - type: figure
    branch: guangzhou-peisong
    figure: zhang-wei
  - {type: brands, org: 广东分公司党委}
  - type: notice
    text: 欢迎参观
"""


@pytest.fixture
def playlist(tmp_path: Path) -> Path:
    project = copy_project(tmp_path)
    path = project / "screens" / "test.yml"
    path.parent.mkdir()
    path.write_text(BASE, encoding="utf-8")
    replace_once(project / "mkdocs.yml", f"site_url: {SITE_URL}", f"site_url: {REAL_URL}")  # else W609 everywhere
    return path


def plant(path: Path, old: str, new: str) -> Path:
    replace_once(path, old, new)
    return path


def at(path: Path, snippet: str, target: str, problem: str, severity: str = ERROR) -> str:
    return f"{severity} screens/{path.name}:{position(path, snippet, target)}: {problem}"


def reported(path: Path) -> list[str]:
    code, lines = run_check(path.parent.parent)
    problems = [line for line in lines if line.startswith((f"{ERROR} ", f"{WARNING} "))]
    assert code == (1 if any(p.startswith(ERROR) for p in problems) else 0), lines
    return problems


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


# =============================================================================================
# What the build writes
# =============================================================================================


def test_build_writes_a_page_per_screen_an_index_and_version_json(screen_project: Path):
    site = screen_project / "site"
    version = json.loads((site / "version.json").read_text())["version"]
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    names = sorted(p.stem for p in (screen_project / "screens").glob("*.yml"))
    assert {"lobby", "portrait"} <= set(names)
    for name in names:
        html = (site / "screens" / name / "index.html").read_text()
        assert f'data-screen="{name}" data-version="{version}"' in html
        assert '<script src="../screen.js"></script>' in html
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^[a-z]+://", url), (name, url)
    for asset in ("screen.css", "screen.js", "index.css"):
        assert (site / "screens" / asset).read_bytes() == (DEFAULTS_DIR / "screens" / asset).read_bytes()
    index = (site / "screens" / "index.html").read_text()
    assert "一楼大厅横屏" in index and 'href="lobby/"' in index
    assert f"<code>{SITE_URL}screens/lobby/</code>" in index
    assert "md-header" not in index, "the index of screens carries no Material chrome"
    assert "kiosk" in index, "the guide from docs/screens.md is on the index"


def test_version_changes_only_when_a_screen_changes_and_a_failed_build_keeps_it(tmp_path: Path):
    project = copy_full_project(tmp_path / "project")
    version_file = project / "site" / "version.json"

    def build() -> tuple[int, str]:
        result = run_brandhall(project, "build", "--quiet")
        return result.returncode, result.stderr

    assert build()[0] == 0
    first = json.loads(version_file.read_text())["version"]
    assert build()[0] == 0
    assert json.loads(version_file.read_text())["version"] == first, "nothing changed, no reload"
    replace_once(project / "screens" / "lobby.yml", "title: 欢迎参观党建品牌展厅", "title: 欢迎参观")
    assert build()[0] == 0
    second = json.loads(version_file.read_text())["version"]
    assert second != first
    replace_once(project / "screens" / "lobby.yml", "branch: guangzhou-peisong", "branch: guangzhou")
    code, output = build()
    assert code == 1 and "本站没有文件夹名为“guangzhou”的支部" in output and "site/ 没有改动" in output
    assert json.loads(version_file.read_text())["version"] == second


def test_qr_codes_are_made_at_build_time_for_the_intranet_address(screen_project: Path):
    html = (screen_project / "site" / "screens" / "lobby" / "index.html").read_text()
    for page in ("branches/jiaotong-yanjiuyuan/figures/liu-yang/", "wall/", "about/",
                 "branches/guangzhou-peisong/"):
        code = segno.make(SITE_URL + page, error="m", micro=False)
        assert code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff") in html, page


def test_qr_codes_follow_the_published_address(tmp_path: Path):
    project = copy_full_project(tmp_path / "project")
    result = run_brandhall(project, "build", "--quiet", "--site-url", "http://intranet.example/dangjian/")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "screens" / "lobby" / "index.html").read_text()
    code = segno.make("http://intranet.example/dangjian/wall/", error="m", micro=False)
    assert code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff") in html
    assert "<code>http://intranet.example/dangjian/screens/lobby/</code>" in (
        project / "site" / "screens" / "index.html").read_text()


def test_figures_not_on_screens_never_appear(screen_project: Path):
    hidden = []
    for file in (screen_project / "branches").glob("*/branch.yml"):
        hidden += [f["name"] for f in yaml.safe_load(file.read_text()).get("figures", [])
                   if f.get("on_screens") is False]
    assert hidden, "the example content has figures kept off the screens"
    html = (screen_project / "site" / "screens" / "many" / "index.html").read_text()
    assert "光荣榜" in html and html.count('class="card"') >= 8, "the all-time wall is on this screen"
    for page in (screen_project / "site" / "screens").glob("*/index.html"):
        text = page.read_text()
        for name in hidden:
            assert name not in text, (page, name)


def test_editor_text_is_escaped_on_screens(screen_project: Path):
    html = (screen_project / "site" / "screens" / "xss" / "index.html").read_text()
    assert "<script>alert" not in html and "<script>x()" not in html
    assert "onmouseover" not in html and "javascript:" not in html
    assert "&lt;b&gt;测试&lt;/b&gt;" in html
    assert "<strong>正文</strong>" in html


def test_committed_screen_schema_is_current():
    committed = (REPO / "schema" / "screen.schema.json").read_text(encoding="utf-8")
    assert committed == SCREEN_SCHEMA.text(), "schema is stale: run `brandhall schema` and commit it"


def test_screen_schema_has_chinese_titles_and_every_slide_type():
    schema = json.loads((REPO / "schema" / "screen.schema.json").read_text())
    assert schema["properties"]["orientation"]["title"] == "屏幕方向"
    assert schema["properties"]["orientation"]["enum"] == ["landscape", "portrait"]
    mapping = schema["properties"]["slides"]["items"]["discriminator"]["mapping"]
    assert sorted(mapping) == ["brand", "brands", "figure", "figure_talk", "image", "notice", "partners", "poster",
                               "stories", "wall"]
    for ref in mapping.values():
        definition = schema["$defs"][ref.rsplit("/", 1)[1]]
        assert re.search(r"[\u4e00-\u9fff]", definition["title"])
        for name, field in definition["properties"].items():
            assert re.search(r"[\u4e00-\u9fff]", field.get("title", "")), (ref, name)


def test_example_playlists_start_with_the_schema_modeline():
    for file in sorted((REPO / "screens").glob("*.yml")):
        assert file.read_text().splitlines()[0] == "# yaml-language-server: $schema=../schema/screen.schema.json"


def test_excerpts_keep_whole_sentences():
    text = "第一句话写在这里。第二句话也不长。\n\n第三段会被\n截掉。"
    assert slide_excerpt(text, 12) == "第一句话写在这里。"
    assert slide_excerpt(text, 100) == "第一句话写在这里。第二句话也不长。第三段会被截掉。"


def test_player_script_is_plain_es5_and_css_animates_only_opacity_and_transform():
    script = "\n".join((DEFAULTS_DIR / "screens" / name).read_text() for name in ("screen.js", "present.js"))
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    for modern in ("=>", "`", "let ", "const ", "class ", "?.", "??", "fetch(", "import ", "async ", "await ",
                   "Promise.", "Object.assign", "Array.from", "..."):
        assert modern not in code, modern
    css = (DEFAULTS_DIR / "screens" / "screen.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "@keyframes" not in css and "animation" not in css
    for value in re.findall(r"transition(?:-property)?\s*:\s*([^;}]+)", css):
        properties = {part.split()[0] for part in value.split(",")}
        assert properties <= {"opacity", "transform", "-webkit-transform", "none"}, value
    for unsupported in ("var(--", "display: grid", " gap:", "@import", "url("):
        assert unsupported not in css, unsupported


# =============================================================================================
# The player in Chromium, under a controlled clock
# =============================================================================================


class Player:
    """One screen page in its own browser context with Playwright's fake clock."""

    def __init__(self, browser, server: LocalServer, name: str, when: dt.datetime,
                 size: tuple[int, int] = (1920, 1080), query: str = ""):
        self.name = name
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                           timezone_id="Asia/Shanghai", locale="zh-CN")
        self.context.add_init_script(
            "addEventListener('beforeunload', function () { try { sessionStorage.setItem('bh-last',"
            " JSON.stringify(window.brandhallScreen.state())); } catch (e) {} });")
        self.page = self.context.new_page()
        self.loads = 0
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("load", lambda _: self._loaded())
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.clock.install(time=when - dt.timedelta(minutes=5))
        self.page.goto(server.url(f"screens/{name}/{query}"))
        self.page.clock.pause_at(when)
        self.settle()

    def _loaded(self) -> None:
        self.loads += 1

    @property
    def reloads(self) -> int:
        return self.loads - 1

    def evaluate(self, script: str):
        deadline = time.monotonic() + 20
        while True:
            try:
                return self.page.evaluate(script)
            except PlaywrightError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def state(self) -> dict:
        self.wait_until("window.brandhallScreen")
        return self.evaluate("brandhallScreen.state()")

    def settle(self) -> None:
        """Wait (in real time) until the page's requests have finished."""
        self.wait_until("window.brandhallScreen && brandhallScreen.state().inflight === 0")

    def wait_until(self, predicate: str) -> None:
        deadline = time.monotonic() + 20
        while not self.evaluate(f"!!({predicate})"):
            assert time.monotonic() < deadline, f"page never reached: {predicate}"
            time.sleep(0.02)

    def advance(self, ms: int, step: int = 1000) -> None:
        while ms > 0:
            self.page.clock.run_for(min(step, ms))
            ms -= step
            self.settle()

    def to_next_frame(self, extra: int = 2500) -> None:
        state = self.state()
        self.advance(state["end"] - state["now"] + extra)

    def title(self) -> str:
        return self.evaluate("document.querySelector('.slide.is-active h1').textContent").strip()

    def faded_in(self) -> None:
        """CSS transitions run in real time: wait until the active slide is fully shown."""
        self.wait_until("getComputedStyle(document.querySelector('.slide.is-active')).opacity === '1'")
        self.wait_until("[].every.call(document.querySelectorAll('.slide.is-active img'),"
                        " function (i) { return i.complete; })")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_screen(browser, screens_server):
    players: list[Player] = []

    def open_(name: str, when: dt.datetime = WEDNESDAY_NOON, size: tuple[int, int] = (1920, 1080),
              query: str = "") -> Player:
        player = Player(browser, screens_server, name, when, size, query)
        players.append(player)
        return player

    yield open_
    for player in players:
        assert player.errors == [], player.errors
        assert player.state()["errors"] == 0, "an exception was caught in the player's tick"
        player.close()


def aligned(when: dt.datetime, cycle_ms: int) -> dt.datetime:
    """The first moment at or after `when` where a playlist of this cycle starts over."""
    ms = int(when.timestamp() * 1000)
    start = -(-ms // cycle_ms) * cycle_ms
    return dt.datetime.fromtimestamp(start / 1000, SHANGHAI)


# --- readable at 3-5 m -----------------------------------------------------------------------

MEASURE = """() => {
  const active = document.querySelector('.slide.is-active');
  const area = active.getBoundingClientRect();
  const out = {body: [], titles: [], overflow: [], clamped: [], broken: [], outside: [], orphans: []};
  // A text whose last line holds a single character (closing punctuation aside).
  for (const el of active.querySelectorAll('.s-title, .s-kicker, .s-lead, .s-body, .s-quote, .card-meta')) {
    const range = document.createRange(), tops = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i++) {
        if (!node.textContent[i].trim() || '。，、；：？！…）》」』”’'.includes(node.textContent[i])) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) tops.push(Math.round(rect.top));
      }
    }
    const lines = [...new Set(tops)];
    if (lines.length > 1 && tops.filter(t => t === lines[lines.length - 1]).length === 1)
      out.orphans.push(el.textContent.trim());
  }
  const texts = [active, document.querySelector('.bar')];
  for (const scope of texts) {
    for (const el of scope.querySelectorAll('*')) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const style = getComputedStyle(el);
      if (!own || style.display === 'none' || style.visibility === 'hidden') continue;
      const entry = [parseFloat(style.fontSize), el.textContent.trim().slice(0, 24)];
      (el.closest('.s-title') ? out.titles : out.body).push(entry);
    }
  }
  for (const el of active.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.left < area.left - 1 || r.right > area.right + 1 || r.top < area.top - 1 || r.bottom > area.bottom + 1)
      out.overflow.push(el.className + ' ' + el.textContent.trim().slice(0, 24));
  }
  for (const el of active.querySelectorAll('.s-title, .s-kicker, .card-name, .s-lead, .s-quote')) {
    const clamped = el.getBoundingClientRect().height;
    el.style.cssText = '-webkit-line-clamp: none; display: block; overflow: visible';
    const full = el.getBoundingClientRect().height;
    el.style.cssText = '';
    if (full > clamped + 1) out.clamped.push(el.textContent.trim());
  }
  for (const img of active.querySelectorAll('img'))
    if (!img.complete || !img.naturalWidth) out.broken.push(img.src);
  for (const el of document.querySelectorAll('.bar, .slides, .progress')) {
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) out.outside.push(el.className);
  }
  return out;
}"""


@pytest.mark.parametrize(("name", "size", "scale", "when"), [
    ("lobby", (1920, 1080), 1, WEDNESDAY_NOON),
    ("portrait", (1080, 1920), 1, shanghai(2026, 11, 18, 7)),  # its notice runs from 06:00 to 09:00
    ("lobby", (3840, 2160), 2, WEDNESDAY_NOON),
], ids=["landscape-1080p", "portrait-1080p", "landscape-4k"])
def test_every_frame_is_readable_from_across_the_lobby(open_screen, name, size, scale, when):
    """Body text at least 40 px and titles at least 80 px on a 1080p canvas (twice that in 4K),
    nothing outside its slide, no title cut off, every image shown, and a screenshot of each.
    At this time every slide of the playlist is in its schedule."""
    player = open_screen(name, when, size)
    frames = player.evaluate("JSON.parse(document.getElementById('screen-config').textContent).frames")
    seen: set[int] = set()
    for _ in range(3 * len(frames)):
        state = player.state()
        if state["frame"] not in seen:
            seen.add(state["frame"])
            player.faded_in()
            found = player.evaluate(MEASURE)
            where = f"{name} frame {state['frame']} ({frames[state['frame']]['k']})"
            assert found["titles"], where
            assert min(size for size, _ in found["titles"]) >= 80 * scale, (where, found["titles"])
            assert min(size for size, _ in found["body"]) >= 40 * scale, (where, found["body"])
            assert found["overflow"] == [], (where, found["overflow"])
            assert found["clamped"] == [], (where, found["clamped"])
            assert found["broken"] == [], (where, found["broken"])
            assert found["outside"] == [], (where, found["outside"])
            assert found["orphans"] == [], (where, found["orphans"])
            if scale == 1:
                kind = frames[state["frame"]]["k"]
                screenshot(player.page, f"screen-{name}-{size[0]}x{size[1]}-{state['frame']:02d}-{kind}")
        if len(seen) == len(frames):
            break
        player.to_next_frame()
    assert len(seen) == len(frames), f"frames never shown: {set(range(len(frames))) - seen}"


@pytest.mark.parametrize(("name", "size", "safe_area"), [("lobby", (1920, 1080), 3), ("portrait", (1080, 1920), 2)])
def test_safe_area_keeps_everything_off_the_edges(open_screen, name, size, safe_area):
    """`safe_area` is a margin in percent of the screen for TVs that crop their edges; the
    burn-in shift moves things by a few pixels at most, so allow 6."""
    player = open_screen(name, shanghai(2026, 11, 18, 7, 30), size)
    boxes = player.evaluate("""[].map.call(document.querySelectorAll('.stage *'), function (el) {
        var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, r.width * r.height]; })""")
    margin_x, margin_y = size[0] * safe_area / 100 - 6, size[1] * safe_area / 100 - 6
    for left, top, right, bottom, area in boxes:
        if area:
            assert left >= margin_x and right <= size[0] - margin_x, (left, right)
            assert top >= margin_y and bottom <= size[1] - margin_y, (top, bottom)


def test_figures_not_on_screens_are_not_shown_in_any_frame(open_screen, screen_project: Path):
    hidden = [f["name"] for file in (screen_project / "branches").glob("*/branch.yml")
              for f in yaml.safe_load(file.read_text()).get("figures", []) if f.get("on_screens") is False]
    player = open_screen("many")
    frames = player.evaluate("document.querySelectorAll('template').length")
    names: set[str] = set()
    for _ in range(frames):
        names |= set(player.evaluate("[].map.call(document.querySelectorAll('.slide.is-active .card-name'),"
                                     " function (e) { return e.textContent; })"))
        player.to_next_frame()
    assert {"张伟", "刘洋"} <= names, "the all-time wall was shown"
    assert not names & set(hidden), names & set(hidden)


def test_chinese_renders_with_a_real_cjk_font(open_screen):
    player = open_screen("lobby")
    cdp = player.context.new_cdp_session(player.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    for selector in (".slide.is-active h1", ".bar-title", ".bar-date"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        families = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
        assert any("CJK" in family for family in families), (selector, families)


@pytest.mark.parametrize(("name", "when", "size"), [
    ("lobby", WEDNESDAY_NOON, (1920, 1080)),
    ("portrait", WEDNESDAY_NOON, (1080, 1920)),
    ("night", shanghai(2026, 11, 18, 21), (1920, 1080)),
], ids=["landscape", "portrait", "night-clock"])
def test_axe_finds_no_serious_accessibility_violation_on_screens(open_screen, name, when, size):
    """axe needs running timers, so the clock runs for it and then jumps to the next frame."""
    player = open_screen(name, when, size)
    player.page.add_script_tag(path=str(REPO / "node_modules" / "axe-core" / "axe.min.js"))
    for _ in range(4):
        state = player.state()
        if not state["night"]:
            player.faded_in()
        player.page.clock.resume()
        violations = player.page.evaluate("""async () => {
            const result = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']});
            return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }""")
        assert violations == [], (state["frame"], violations)
        player.page.clock.pause_at(dt.datetime.fromtimestamp((state["now"] + 47_000) / 1000, SHANGHAI))
        player.settle()


def test_screens_request_nothing_outside_the_site(open_screen, screens_server):
    for name in ("lobby", "portrait"):
        player = open_screen(name)
        player.advance(60_000, step=5000)
        assert player.requests and all(url.startswith(screens_server.origin) for url in player.requests), \
            player.requests


def test_index_of_screens(browser, screens_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(screens_server.url("screens/"))
    assert page.locator("h1").inner_text() == "大屏"
    page.locator("a", has_text="一楼大厅横屏").click()
    assert page.url.endswith("/screens/lobby/")
    page.go_back()
    screenshot(page, "screen-index")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


# --- timing from the wall clock --------------------------------------------------------------


def test_slides_follow_the_wall_clock_and_their_durations(open_screen):
    start = aligned(WEDNESDAY_NOON, 35_000)  # 第一张 10 s + brand 20 s + 第四张 5 s (周一早会 is off)
    player = open_screen("seq", start + dt.timedelta(seconds=3))
    shown = []
    for offset in (3, 8, 13, 28, 32, 34, 38, 45, 63, 67, 73):
        player.advance(int((start + dt.timedelta(seconds=offset)).timestamp() * 1000) - player.state()["now"])
        shown.append(player.title())
    assert shown == ["第一张", "第一张", "红色引擎·安全先锋", "红色引擎·安全先锋", "第四张", "第四张",
                     "第一张", "红色引擎·安全先锋", "红色引擎·安全先锋", "第四张", "第一张"]


def test_a_slide_schedule_adds_it_only_inside_its_window(open_screen):
    monday = aligned(shanghai(2026, 11, 16, 8, 30), 45_000)  # all four frames: 10 + 20 + 10 + 5 s
    player = open_screen("seq", monday + dt.timedelta(seconds=3))
    titles = []
    for _ in range(4):
        titles.append(player.title())
        player.to_next_frame()
    assert titles == ["第一张", "红色引擎·安全先锋", "周一早会", "第四张"]
    assert player.state()["cycle"] == 45_000


def test_a_reload_resumes_at_the_right_slide_and_screens_stay_in_step(open_screen):
    start = aligned(WEDNESDAY_NOON, 35_000)
    first = open_screen("seq", start + dt.timedelta(seconds=15))
    second = open_screen("seq", start + dt.timedelta(seconds=15))
    assert first.title() == second.title() == "红色引擎·安全先锋"
    first.page.reload()
    first.settle()
    state = first.state()
    assert (state["frame"], state["swaps"]) == (1, 1), "back on the same slide at once"
    for _ in range(5):
        first.advance(7000)
        second.advance(7000)
        assert first.state()["frame"] == second.state()["frame"]


def test_night_page_outside_the_schedule_with_a_window_across_midnight(open_screen):
    expectations = {
        shanghai(2026, 11, 18, 12): False,       # Wednesday noon: on
        shanghai(2026, 11, 18, 20, 30): True,    # Wednesday evening: night
        shanghai(2026, 11, 19, 23, 30): True,    # Thursday 23:30: night (the late window is Friday's)
        shanghai(2026, 11, 20, 23, 30): False,   # Friday 23:30: on
        shanghai(2026, 11, 21, 1, 30): False,    # Saturday 01:30: still Friday's window
        shanghai(2026, 11, 21, 2, 30): True,     # Saturday 02:30: night
        shanghai(2026, 11, 21, 12): True,        # Saturday noon: not a workday
    }
    for when, night in expectations.items():
        player = open_screen("night", when)
        state = player.state()
        assert state["night"] is night, when
        assert player.page.locator("#night").is_visible() is night, when
        assert player.page.locator(".slides").is_visible() is not night, when
        if night:
            assert player.page.locator("#night-clock").inner_text() == when.strftime("%H:%M")
    player = open_screen("night", shanghai(2026, 11, 18, 17, 59, 30))
    assert player.state()["night"] is False
    player.advance(40_000)
    assert player.state()["night"] is True, "the night page comes on at 18:00"
    screenshot(player.page, "screen-night-clock-1920x1080")


def test_black_night_page_is_all_black(open_screen):
    player = open_screen("black", shanghai(2026, 11, 18, 23))
    assert player.state()["night"] is True
    assert not player.page.locator("#night-clock").is_visible()
    shot = screenshot(player.page, "screen-night-black-1920x1080")
    with Image.open(shot) as image:
        assert image.convert("L").getextrema() == (0, 0)


def test_transitions_none_switches_without_animation(open_screen):
    plain = open_screen("black", WEDNESDAY_NOON)
    assert plain.evaluate("getComputedStyle(document.querySelector('.slide')).transitionDuration") == "0s"
    assert not plain.page.locator(".progress-bar").is_visible()
    fading = open_screen("seq", WEDNESDAY_NOON)
    assert fading.evaluate("getComputedStyle(document.querySelector('.slide')).transitionProperty") \
        == "opacity, transform"


def test_static_elements_shift_a_few_pixels_against_burn_in(open_screen):
    player = open_screen("upd", WEDNESDAY_NOON)
    positions = set()
    for _ in range(10):
        box = player.page.locator("#clock-time").bounding_box()
        qr = player.page.locator(".slide.is-active .notice-panel").bounding_box()
        positions.add((round(box["x"], 1), round(box["y"], 1), round(qr["x"] - box["x"], 1)))
        player.advance(60_000, step=5000)
    xs = [p[0] for p in positions]
    ys = [p[1] for p in positions]
    assert len({(p[0], p[1]) for p in positions}) >= 3, positions
    assert max(xs) - min(xs) <= 10 and max(ys) - min(ys) <= 10, "a few pixels, not a jump"
    assert len({p[2] for p in positions}) == 1, "everything moves together"


# --- memory: a fixed pool, nothing grows -----------------------------------------------------


def test_dom_does_not_grow_over_many_slides(open_screen):
    player = open_screen("many", WEDNESDAY_NOON)
    cycle = player.state()["cycle"]
    frames = player.evaluate("document.querySelectorAll('template').length")
    assert cycle == frames * 5000 and frames >= 15
    player.evaluate("document.querySelectorAll('.slide').forEach(function (s) { s.bhMark = true; })")
    cdp = player.context.new_cdp_session(player.page)

    def counters() -> tuple[int, int, int, int]:
        player.faded_in()
        player.wait_until("brandhallScreen.state().decoding === 0")
        elements = player.evaluate("document.getElementsByTagName('*').length")
        previous = None
        for _ in range(100):  # removed nodes are freed once the renderer lets go of them
            cdp.send("HeapProfiler.collectGarbage")
            dom = cdp.send("Memory.getDOMCounters")
            settled = (elements, dom["documents"], dom["nodes"], dom["jsEventListeners"])
            if settled == previous:
                break
            previous = settled
            time.sleep(0.1)
        return settled

    def heap() -> int:
        cdp.send("HeapProfiler.collectGarbage")
        return int(cdp.send("Runtime.getHeapUsage")["usedSize"])

    player.advance(cycle, step=2500)
    first = counters()
    heap_first = heap()
    swaps = player.state()["swaps"]
    cycles = -(-1000 // frames)  # at least 1,000 slide changes
    for done in range(1, cycles + 1):
        player.advance(cycle, step=2500)
        if done % 5 == 0 or done == cycles:
            assert counters() == first
    heap_last = heap()
    changes = player.state()["swaps"] - swaps
    print(f"\n大屏 {changes} 次换片：JS 堆 {heap_first / 1e6:.2f} MB → {heap_last / 1e6:.2f} MB，"
          f"DOM 计数 {first}")
    assert changes == cycles * frames >= 1000, "every frame was shown in every cycle"
    assert player.evaluate("[].every.call(document.querySelectorAll('.slide'), function (s) { return s.bhMark; })"
                           " && document.querySelectorAll('.slide').length === 2"), "the same two slide elements"


def test_next_slide_is_prepared_and_decoded_before_the_swap(open_screen):
    player = open_screen("many", WEDNESDAY_NOON)
    frames = player.evaluate("JSON.parse(document.getElementById('screen-config').textContent).frames")
    with_images = [i for i, f in enumerate(frames) if f["k"] in ("brand", "figure", "story")]
    for _ in range(len(frames)):
        state = player.state()
        upcoming = (state["frame"] + 1) % len(frames)
        if upcoming in with_images:
            break
        player.to_next_frame()
    player.advance(state["end"] - state["now"] - 3000)
    player.wait_until("brandhallScreen.state().preparedReady")
    hidden = ".slide:not(.is-active)"
    assert player.evaluate(f"document.querySelector('{hidden}').getAttribute('data-frame')") == str(upcoming)
    assert player.evaluate(f"[].every.call(document.querySelectorAll('{hidden} img'), function (i) {{"
                           " return i.complete && i.naturalWidth > 0; }) &&"
                           f" document.querySelectorAll('{hidden} img').length > 0")
    player.evaluate(f"document.querySelector('{hidden}').firstElementChild.bhPrepared = true")
    player.advance(4000)
    assert player.state()["frame"] == upcoming
    assert player.evaluate("document.querySelector('.slide.is-active').firstElementChild.bhPrepared === true"), \
        "the prepared element was swapped in, not filled again"


# --- updates: version.json, and nothing that can blank the screen ----------------------------


def _page_route(name: str) -> re.Pattern:
    return re.compile(rf".*/screens/{name}/(\?.*)?$")


def _serve_version(player: Player, respond) -> list[str]:
    hits: list[str] = []

    def handler(route):
        hits.append(route.request.url)
        respond(route)

    player.page.route(re.compile(r".*/version\.json\?.*"), handler)
    return hits


def _serve_page_as_version(player: Player, old: str, new: str, only_checks: bool = False) -> None:
    def handler(route):
        if only_checks and "?check=" not in route.request.url:
            route.continue_()
            return
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(old, new))

    player.page.route(_page_route(player.name), handler)


def _last_state_before_unload(player: Player) -> dict:
    return json.loads(player.evaluate("sessionStorage.getItem('bh-last')"))


def _assert_still_showing(player: Player) -> None:
    state = player.state()
    assert state["night"] is False and state["frame"] == state["due"], state
    assert player.evaluate("document.querySelector('.slide.is-active').childElementCount") > 0
    assert player.title().startswith("更新")


def test_a_new_version_reloads_exactly_once_at_a_slide_boundary(open_screen):
    player = open_screen("upd")
    old = player.state()["version"]
    new = "newbuild00000001"
    hits = _serve_version(player, lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"version": new})))
    _serve_page_as_version(player, old, new)
    player.advance(120_000)
    assert player.reloads == 1
    assert player.state()["version"] == new
    before = _last_state_before_unload(player)
    assert before["pendingVersion"] == new and before["verify"] == "ok"
    assert before["frame"] != before["due"], "reloaded when the next slide was due, not in the middle of one"
    assert len(hits) >= 10, "it kept polling after the reload"
    _assert_still_showing(player)


@pytest.mark.parametrize("failure", ["404", "500", "garbage", "json-without-version", "server-down", "offline"])
def test_a_broken_version_json_never_reloads_or_blanks_the_screen(open_screen, failure):
    player = open_screen("upd")
    responses = {
        "404": lambda route: route.fulfill(status=404, body="Not Found"),
        "500": lambda route: route.fulfill(status=500, body="<html>Internal Server Error</html>"),
        "garbage": lambda route: route.fulfill(status=200, content_type="application/json", body="{\"version\": "),
        "json-without-version": lambda route: route.fulfill(status=200, content_type="application/json",
                                                            body='{"built": "2026-11-18"}'),
        "server-down": lambda route: route.abort("connectionrefused"),
        "offline": lambda route: route.continue_(),
    }
    hits = _serve_version(player, responses[failure])
    if failure == "offline":
        player.context.set_offline(True)
    before = player.state()
    player.advance(120_000)
    state = player.state()
    assert player.reloads == 0
    polls, failures = state["polls"] - before["polls"], state["pollFailures"] - before["pollFailures"]
    assert polls >= 10 and failures == polls, state
    assert state["pendingVersion"] is None
    assert state["swaps"] - before["swaps"] >= 10, "the slides kept changing"
    if failure != "offline":
        assert len(hits) >= 10
    _assert_still_showing(player)
    player.context.set_offline(False)


@pytest.mark.parametrize("page_failure", ["500", "server-down", "wrong-page"])
def test_a_new_version_whose_page_cannot_be_fetched_does_not_reload(open_screen, page_failure):
    player = open_screen("upd")
    _serve_version(player, lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"version": "newbuild00000002"})))
    failures = {
        "500": lambda route: route.fulfill(status=500, body="error"),
        "server-down": lambda route: route.abort("connectionrefused"),
        "wrong-page": lambda route: route.fulfill(status=200, content_type="text/html",
                                                  body="<html><body>登录门户</body></html>"),
    }
    checks: list[str] = []

    def handler(route):
        checks.append(route.request.url)
        failures[page_failure](route)

    player.page.route(_page_route("upd"), handler)
    player.advance(180_000)
    assert player.reloads == 0
    assert player.state()["pendingVersion"] == "newbuild00000002"
    assert checks and all("?check=" in url for url in checks), "it checked the page and never navigated"
    _assert_still_showing(player)


def test_a_stale_page_after_reload_does_not_cause_a_reload_loop(open_screen):
    """The check sees the new page but a cache serves the old one to the reload: one reload only."""
    player = open_screen("upd")
    old = player.state()["version"]
    new = "newbuild00000003"
    _serve_version(player, lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"version": new})))
    _serve_page_as_version(player, old, new, only_checks=True)
    player.advance(300_000)
    assert player.reloads == 1
    assert player.state()["version"] == old
    _assert_still_showing(player)


def test_daily_reload_at_the_quiet_hour(open_screen):
    player = open_screen("upd", shanghai(2026, 11, 18, 3, 58))
    player.advance(240_000)
    assert player.reloads == 1
    before = _last_state_before_unload(player)
    assert before["dailyDue"] is True and before["frame"] != before["due"]
    assert dt.datetime.fromtimestamp(before["now"] / 1000, SHANGHAI) >= shanghai(2026, 11, 18, 4)
    player.advance(600_000, step=5000)
    assert player.reloads == 1, "once a day"
    assert player.state()["dailyDue"] is False


# --- preview at any hour: ?preview, ?slide, ?at ----------------------------------------------


def _bar(player: Player) -> str:
    return player.page.locator("#preview-bar").inner_text()


def test_preview_plays_every_frame_at_night_with_a_bar(open_screen):
    player = open_screen("black", shanghai(2026, 11, 18, 23), query="?preview")
    assert player.state()["night"] is False and player.page.locator(".slides").is_visible()
    shown = set()
    for _ in range(2):
        number = 1 if player.title() == "白天一" else 2
        assert _bar(player) == f"预览 · {number}/2 · 第 {number} 张 · 通知 · 播放时段：随大屏"
        shown.add(player.title())
        player.to_next_frame()
    assert shown == {"白天一", "白天二"}
    screenshot(player.page, "screen-preview-night-1920x1080")
    plain = open_screen("black", shanghai(2026, 11, 18, 23))
    assert plain.state()["night"] is True and not plain.page.locator("#preview-bar").is_visible()


def test_slide_opens_that_frame_whatever_its_schedule(open_screen):
    player = open_screen("seq", WEDNESDAY_NOON, query="?preview&slide=3")  # 周一早会 is for Mondays
    player.page.reload()  # the preview starts at frame 3 when the page opens: now
    player.settle()
    assert player.title() == "周一早会"
    assert _bar(player) == "预览 · 3/4 · 第 3 张 · 通知 · 播放时段：周一 08:00–09:00"
    player.to_next_frame()
    assert player.title() == "第四张"


def test_at_plays_as_at_that_moment(open_screen):
    monday = open_screen("seq", WEDNESDAY_NOON, query="?at=2026-11-16T08:30")
    monday.page.reload()  # the moment is when the page opens: now
    monday.settle()
    assert monday.state()["cycle"] == 45_000, "Monday 08:30: the Monday slide is in the cycle"
    assert _bar(monday).startswith("模拟时间 2026-11-16 08:30 · ")
    assert monday.page.locator("#clock-date").inner_text() == "11月16日 星期一"
    evening = open_screen("night", WEDNESDAY_NOON, query="?at=2026-11-18T21:00")
    evening.page.reload()
    evening.settle()
    assert evening.state()["night"] is True
    assert _bar(evening) == "模拟时间 2026-11-18 21:00 · 夜间画面（开屏时段之外）· 开屏时段：" \
        "工作日 07:30–18:00；周五 22:00–（次日）02:00".replace("07:30", "08:00")


def test_the_index_links_the_preview_and_shows_every_frame(browser, screens_server, screen_project: Path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(screens_server.url("screens/"))
    assert page.locator('a[href="lobby/?preview"]').inner_text() == "预览全部"
    assert page.locator('a[href="talk/?present"]').inner_text() == "演示"
    config = json.loads(re.search(r'id="screen-config">(.*?)</script>',
                                  (screen_project / "site" / "screens" / "lobby" / "index.html").read_text()).group(1))
    thumbnails = page.locator('.sheet-list a[href^="lobby/?preview&slide="]')
    assert thumbnails.count() == len(config["frames"])
    assert page.locator(".sheet-list").first.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    page.locator(".sheet h3", has_text="一楼大厅横屏").scroll_into_view_if_needed()
    page.wait_for_function("[].slice.call(document.querySelectorAll('.sheet-list iframe[src^=\"lobby/\"]'), 0, 4)"
                           ".every(f => f.contentWindow.brandhallScreen && f.contentDocument.querySelector("
                           "'.slide.is-active h1'))")
    first = page.frame_locator('.sheet-list iframe[src^="lobby/"]').first
    assert first.locator(".slide.is-active h1").inner_text() == "欢迎参观党建品牌展厅"
    page.screenshot(path=str(REPO / "test-artifacts" / "screenshots" / "screen-index-contact-sheet.png"))
    thumbnails.nth(3).click()
    assert page.url.endswith("/screens/lobby/?preview&slide=4")
    context.close()


# --- presenter mode ----------------------------------------------------------------------------


def _url_slide(player: Player) -> str:
    return re.search(r"slide=(\d+)", player.page.url).group(1)


def test_presenter_keys_step_blank_and_a_reload_resumes(open_screen, screen_project: Path):
    player = open_screen("talk", WEDNESDAY_NOON)
    frames = player.evaluate("JSON.parse(document.getElementById('screen-config').textContent).frames")
    kinds = [f["k"] for f in frames]
    assert kinds[0] == "talk" and kinds[-2:] == ["notice", "notice"] and kinds.count("talk_photo") >= 2
    assert player.state()["presenting"] is True and player.title() == "张伟"
    player.advance(120_000)
    assert player.title() == "张伟", "nothing advances by itself"
    titles = []
    for key in ("PageDown", "PageDown", "PageUp", "End", "Home", "ArrowRight", "ArrowLeft"):
        player.page.keyboard.press(key)
        player.settle()
        titles.append((player.state()["frame"], _url_slide(player)))
    last = len(frames) - 1
    assert titles == [(1, "2"), (2, "3"), (1, "2"), (last, str(last + 1)), (0, "1"), (1, "2"), (0, "1")]
    player.page.keyboard.press("End")
    assert player.title() == "第三项"
    player.page.keyboard.press("b")
    assert player.state()["blank"] is True and not player.page.locator(".slides").is_visible()
    shot = screenshot(player.page, "screen-present-blank-1920x1080")
    with Image.open(shot) as image:
        assert image.convert("L").getextrema() == (0, 0), "blank is all black"
    player.page.keyboard.press(".")
    assert player.state()["blank"] is False and player.page.locator(".slides").is_visible()
    player.page.keyboard.press("PageUp")
    assert player.title() == "第二项"
    player.page.reload()
    player.settle()
    assert player.state()["presenting"] is True and player.title() == "第二项", "a reload resumes there"
    assert _url_slide(player) == str(last)


def test_a_figures_talk_shows_them_large_then_their_story_photos(open_screen):
    player = open_screen("talk", WEDNESDAY_NOON)
    player.faded_in()
    found = player.evaluate(MEASURE)
    assert found["overflow"] == [] and found["clamped"] == [] and found["broken"] == []
    honours = player.evaluate("[].map.call(document.querySelectorAll('.slide.is-active .honour-title'),"
                              " function (e) { return e.textContent; })")
    assert honours[:2] == ["明星党员", "明星党员"]
    assert player.page.locator(".slide.is-active .s-quote").inner_text() == "我是党员向我看。"
    screenshot(player.page, "screen-talk-1920x1080-00-talk")
    player.page.keyboard.press("PageDown")
    player.faded_in()
    assert player.evaluate("document.querySelector('.slide.is-active img.talk-photo').naturalWidth") >= 960
    found = player.evaluate(MEASURE)
    assert found["overflow"] == [] and found["broken"] == [] and found["outside"] == []
    screenshot(player.page, "screen-talk-1920x1080-01-talk_photo")
    tall = open_screen("tall", WEDNESDAY_NOON, (1080, 1920))
    for n in range(2):
        tall.faded_in()
        found = tall.evaluate(MEASURE)
        assert found["overflow"] == [] and found["clamped"] == [] and found["outside"] == [], found
        screenshot(tall.page, f"screen-talk-1080x1920-0{n}")
        tall.page.keyboard.press("PageDown")


def test_a_swipe_steps_like_the_clicker(open_screen):
    player = open_screen("talk", WEDNESDAY_NOON)
    swipe = """dx => {
        const touch = x => new Touch({identifier: 1, target: document.body, clientX: x, clientY: 500});
        document.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [touch(1000)]}));
        document.dispatchEvent(new TouchEvent('touchend', {changedTouches: [touch(1000 + dx)]}));
    }"""
    player.page.evaluate(swipe, -300)
    assert player.state()["frame"] == 1
    player.page.evaluate(swipe, 300)
    assert player.state()["frame"] == 0
    player.page.evaluate(swipe, -20)
    assert player.state()["frame"] == 0, "a touch that hardly moves is not a swipe"


def test_escape_and_the_resume_time_return_the_screen_to_its_clock(open_screen):
    player = open_screen("seq", WEDNESDAY_NOON, query="?present&slide=2")
    assert player.state()["presenting"] is True and player.title() == "红色引擎·安全先锋"
    player.page.keyboard.press("Escape")
    player.settle()
    state = player.state()
    assert state["presenting"] is False and state["frame"] == state["due"]
    assert "present" not in player.page.url and "slide=" not in player.page.url
    swaps = state["swaps"]
    player.advance(40_000)
    assert player.state()["swaps"] > swaps, "back on the clock"
    talk = open_screen("talk", shanghai(2026, 11, 18, 17, 59))
    assert talk.state()["presenting"] is True
    talk.advance(90_000)
    assert talk.state()["presenting"] is False, "resume: \"18:00\" ends the talk"
    assert talk.page.url.endswith("?loop")
    talk.page.reload()
    talk.settle()
    assert talk.state()["presenting"] is False, "a reload after the talk stays on the clock"


def test_dom_and_heap_stay_flat_over_many_presenter_steps(open_screen):
    player = open_screen("many", WEDNESDAY_NOON, query="?present")
    frames = player.evaluate("document.querySelectorAll('template').length")
    cdp = player.context.new_cdp_session(player.page)

    def counters() -> tuple[int, int, int]:
        player.faded_in()
        player.wait_until("brandhallScreen.state().decoding === 0")
        previous = None
        for _ in range(100):
            cdp.send("HeapProfiler.collectGarbage")
            dom = cdp.send("Memory.getDOMCounters")
            settled = (dom["documents"], dom["nodes"], dom["jsEventListeners"])
            if settled == previous:
                break
            previous = settled
            time.sleep(0.1)
        return settled

    def heap() -> int:
        cdp.send("HeapProfiler.collectGarbage")
        return int(cdp.send("Runtime.getHeapUsage")["usedSize"])

    def through() -> None:
        for _ in range(frames - 1):
            player.page.keyboard.press("PageDown")
        player.page.keyboard.press("Home")

    through()
    first, heap_first = counters(), heap()
    swaps = player.state()["swaps"]
    rounds = -(-1000 // frames)
    readings = []
    for done in range(1, rounds + 1):
        through()
        if done % 10 == 0 or done == rounds:
            readings.append(counters())
    print(f"\nDOM 计数（文档、节点、监听器）：{first} → {readings}")
    assert all(r == readings[0] for r in readings) and readings[0][0] <= first[0] + 2, "nothing piles up"
    heap_last = heap()
    changes = player.state()["swaps"] - swaps
    print(f"\n演示 {changes} 次翻页：JS 堆 {heap_first / 1e6:.2f} MB → {heap_last / 1e6:.2f} MB")
    assert changes >= 1000
    assert heap_last <= 2 * heap_first
    assert player.evaluate("document.querySelectorAll('.slide').length") == 2


# --- notices by date -------------------------------------------------------------------------


def _titles_in_a_cycle(player: Player) -> list[str]:
    titles = []
    for _ in range(len(player.evaluate("document.querySelectorAll('template')"))):
        if player.title() in titles:
            break
        titles.append(player.title())
        player.to_next_frame()
    return titles


def test_a_holiday_exception_shows_the_night_page(open_screen):
    assert open_screen("dated", shanghai(2026, 10, 3, 12)).state()["night"] is True
    assert open_screen("dated", shanghai(2026, 10, 7, 23, 50)).state()["night"] is True
    assert open_screen("dated", shanghai(2026, 10, 8, 9)).state()["night"] is False


def test_from_and_until_dates_and_a_slides_exception(open_screen):
    november = open_screen("dated", shanghai(2026, 11, 30, 12))
    assert sorted(_titles_in_a_cycle(november)) == sorted(["每天都有", "不在元旦"])
    december = open_screen("dated", shanghai(2026, 12, 31, 12))
    assert sorted(_titles_in_a_cycle(december)) == sorted(["每天都有", "十二月", "不在元旦"])
    new_year = open_screen("dated", shanghai(2027, 1, 1, 12))
    assert new_year.state()["cycle"] == 10_000 and new_year.title() == "每天都有"


def test_a_slide_for_special_days_plays_on_them_only(open_screen):
    july_first = open_screen("special", query="?at=2026-07-01T09:30")
    assert sorted(_titles_in_a_cycle(july_first)) == sorted(["每天都有", "建党节"])
    while july_first.title() != "建党节":
        july_first.to_next_frame()
    assert july_first.state()["bar"] == "模拟时间 2026-07-01 09:35 · 2/3 · 第 2 张 · 通知 · 播放时段：随大屏 · 仅 07-01"
    screenshot(july_first.page, "screen-special-day-1920x1080")
    next_day = open_screen("special", query="?at=2026-07-02T09:30")
    assert _titles_in_a_cycle(next_day) == ["每天都有"] and next_day.state()["cycle"] == 10_000
    next_year = open_screen("special", query="?at=2027-07-01T09:30")
    assert "建党节" in _titles_in_a_cycle(next_year), "07-01 is every year's 1 July"
    new_year = open_screen("special", query="?at=2027-01-01T09:30")
    assert sorted(_titles_in_a_cycle(new_year)) == sorted(["每天都有", "跨年"]), "12-31~01-01 wraps round"
    today = open_screen("special", WEDNESDAY_NOON)  # 2026-11-18, a day of that one year
    assert sorted(_titles_in_a_cycle(today)) == sorted(["每天都有", "跨年"])
    assert _titles_in_a_cycle(open_screen("special", shanghai(2027, 11, 18, 12))) == ["每天都有"]


def test_the_urgent_notice_overrides_everything_until_its_end(open_screen):
    player = open_screen("urgent", shanghai(2026, 11, 18, 18, 59, 30))
    assert player.state()["night"] is True
    player.advance(60_000)
    assert player.state()["night"] is False and player.title() == "临时停水", "over the night page too"
    screenshot(player.page, "screen-urgent-1920x1080")
    player.advance(60 * 60_000, step=30_000)
    assert player.state()["night"] is True, "at its end the screen is back on its schedule"
    day = open_screen("urgent", shanghai(2026, 11, 18, 12))
    assert day.title() == "日常"
    tall = open_screen("tall", WEDNESDAY_NOON, (1080, 1920), "?preview&slide=99")  # the urgent notice is last
    tall.page.reload()
    tall.settle()
    assert tall.title() == "临时停水"
    tall.faded_in()
    found = tall.evaluate(MEASURE)
    assert found["overflow"] == [] and found["clamped"] == [] and found["outside"] == [], found
    screenshot(tall.page, "screen-urgent-1080x1920")


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


# --- player status from the access log --------------------------------------------------------


def test_screens_status_reads_the_access_log(screen_project: Path, tmp_path: Path):
    version = json.loads((screen_project / "site" / "version.json").read_text())["version"]
    now = dt.datetime.now(SHANGHAI)

    def line(ip: str, minutes: int, path: str) -> str:
        stamp = (now - dt.timedelta(minutes=minutes)).strftime("%d/%b/%Y:%H:%M:%S %z")
        return f'{ip} - - [{stamp}] "GET {path} HTTP/1.1" 200 57 "-" "Mozilla/5.0 Chromium/92"\n'

    log = tmp_path / "access.log"
    log.write_text(
        line("10.0.0.21", 30, "/version.json?screen=lobby&v=0000000000000000&t=1")
        + line("10.0.0.21", 1, f"/version.json?screen=lobby&v={version}&t=2")
        + line("10.0.0.22", 125, f"/version.json?screen=portrait&v={version}&t=3")
        + line("10.0.0.23", 3, "/version.json?screen=seq&v=0000000000000000&t=4")
        + line("10.0.0.9", 1, "/branches/") + "一行乱码\n", encoding="utf-8")
    code, lines = run_command(screen_project, "screens", "status", "--log", str(log))
    output = "\n".join(lines)
    assert code == 1, output
    seen = {line.split("：")[0]: line for line in lines}

    def when(minutes: int) -> str:
        return f"{now - dt.timedelta(minutes=minutes):%Y-%m-%d %H:%M:%S}"

    assert seen["正常 lobby 10.0.0.21"] == \
        f"正常 lobby 10.0.0.21：最后联系 {when(1)}（1 分钟前），显示版本 {version}（最新）"
    assert seen["需要检查 portrait 10.0.0.22"] == \
        f"需要检查 portrait 10.0.0.22：最后联系 {when(125)}（2 小时前），显示版本 {version}（最新）；" \
        "已有 2 小时没有联系，请检查播放盒和网络"
    assert seen["需要检查 seq 10.0.0.23"].endswith(
        "显示版本 0000000000000000；显示的不是最新版本，请检查播放盒能否打开大屏页面（或等它下次检查更新）")
    assert seen["需要检查 upd"] == "需要检查 upd：从未联系，日志里没有它的记录；" \
        "播放盒还没打开这块屏，或日志不是这台服务器的"
    assert lines[-1].startswith("共 3 台播放盒，") and "Traceback" not in output
    code, lines = run_command(screen_project, "screens", "status", "--log", str(tmp_path / "none.log"))
    assert (code, lines) == (1, [f"读不到访问日志 {tmp_path / 'none.log'}：没有这个文件。"
                                 "请写 nginx 访问日志的路径，如 --log /var/log/nginx/access.log"])


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


# --- pictures and posters ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "size"), [("pics", (1920, 1080)), ("pics-tall", (1080, 1920))])
def test_a_picture_and_a_pdf_poster_are_fitted_to_the_screen(open_screen, name, size):
    player = open_screen(name, WEDNESDAY_NOON, size)
    for _ in range(2):
        player.faded_in()
        kind = "image" if player.page.locator(".slide.is-active .frame--image").count() else "poster"
        image = player.page.locator(".slide.is-active img.picture")
        src, alt = image.get_attribute("src"), image.get_attribute("alt")
        assert src.startswith("../../") and src.endswith((".jpg", ".png")), src
        assert alt == ("库区作业" if kind == "image" else "七一表彰大会海报")
        box = image.evaluate("i => [i.naturalWidth, i.naturalHeight]")
        assert box[0] >= 960 if kind == "image" else box[1] >= 1080, box
        if kind == "image":
            assert player.page.locator(".slide.is-active .picture-caption").inner_text() == "华南物流中心库区"
        found = player.evaluate(MEASURE)
        assert found["overflow"] == [] and found["broken"] == [] and found["outside"] == [], found
        shot = screenshot(player.page, f"screen-{name}-{size[0]}x{size[1]}-{kind}")
        if kind == "poster":  # the PDF's first page is on screen: its red and its white title
            with Image.open(shot) as picture:
                x, y = size[0] // 2, size[1] // 2
                red = picture.convert("RGB").getpixel((x - 200, y + 150))
                assert all(abs(a - b) <= 4 for a, b in zip(red, (183, 28, 28), strict=True)), red
        player.to_next_frame()


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
