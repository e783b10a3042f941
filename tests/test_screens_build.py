"""Lobby screens (大屏): what a build writes (a page per screen, the index, version.json, QR codes),
the schema, the player's plain ES5, and `brandhall screens status` on an access log.

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import segno
import yaml
from conftest import REPO, run_brandhall
from conftest import copy_project as copy_full_project
from helpers import replace_once
from helpers import run_brandhall as run_command
from screens_support import (
    SHANGHAI,
    SITE_URL,
)

from brandhall.schema import SCREEN_SCHEMA
from brandhall.screens import slide_excerpt
from brandhall.templates import DEFAULTS_DIR

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
    for asset in ("screen.css", "schedule.js", "slides.js", "updates.js", "present.js", "screen.js", "index.css"):
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
    scripts = sorted((DEFAULTS_DIR / "screens").glob("*.js"))
    assert {p.name for p in scripts} >= {"schedule.js", "slides.js", "updates.js", "present.js", "screen.js"}
    script = "\n".join(path.read_text() for path in scripts)
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
