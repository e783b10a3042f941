"""The form editor (site/admin/, Decap CMS): its configuration comes from the data models, it is
served from the site itself, and what an editor saves through it lands in the branch files,
passes `brandhall check` and shows on the built pages, with nothing else in the files changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from conftest import ARTIFACTS, REPO, copy_project, run_brandhall
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel
from test_serve import fetch, free_port, wait_for

from brandhall.admin import DECAP_VERSION, cms_config
from brandhall.forms import UnmappedField, model_fields
from brandhall.models import Branch, StoryMeta, inner_model
from brandhall.patches import patch_decap
from brandhall.site import Project, check

PHOTOS = REPO / "tests" / "fixtures" / "photos"
BRANCH = "guangzhou-peisong"
LOCAL = {"127.0.0.1", "localhost"}


def _form_names(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def _assert_covers(model: type[BaseModel], fields: list[dict], where: str) -> None:
    """Every field of `model` (and of the models inside it) has a form field with its label."""
    by_name = _form_names(fields)
    for name, info in model.model_fields.items():
        assert name in by_name, f"{where}{name}（{info.title}）在表单编辑器里没有输入框"
        field = by_name[name]
        assert field["label"] == info.title
        assert field["hint"] == info.description
        inner = inner_model(info.annotation)
        if inner is not None:  # objects and lists of objects (a photo list wraps one object)
            nested = field.get("fields") or field["field"]["fields"]
            _assert_covers(inner, nested, f"{where}{name}.")


@pytest.fixture(scope="module")
def example_config() -> dict:
    project = Project(REPO)
    return cms_config(check(project).graph, project.settings)


def test_every_model_field_has_a_form_field_with_its_label_and_hint(example_config):
    branch_files = example_config["collections"][0]["files"]
    assert [f["file"] for f in branch_files][:2] == ["branches/chengdong-gongdiansuo/branch.yml",
                                                       "branches/guangzhou-peisong/branch.yml"]
    for entry in branch_files:
        _assert_covers(Branch, entry["fields"], "branch.yml: ")
    stories = [c for c in example_config["collections"] if c["name"].startswith("stories-")]
    assert len(stories) == len(branch_files)
    for collection in stories:
        _assert_covers(StoryMeta, collection["fields"], "stories/*.md: ")
        assert collection["fields"][-1]["name"] == "body"


def test_a_field_type_without_a_widget_fails_loudly():
    class Odd(BaseModel):
        when: complex

    with pytest.raises(UnmappedField, match="when"):
        model_fields(Odd, {})


def test_beyond_twenty_branches_the_sidebar_lists_branches_not_each_branchs_stories():
    from brandhall.admin import story_collections

    project = Project(REPO)
    graph = check(project).graph
    assert not any(c["hide"] for c in story_collections(graph, project.settings))  # 7 branches
    hidden = story_collections(graph, project.settings, sidebar=len(graph.branches) - 1)
    assert [c["hide"] for c in hidden] == [True] * len(graph.branches)


def test_required_marks_patterns_and_choices_come_from_models_and_settings(example_config):
    fields = _form_names(example_config["collections"][0]["files"][1]["fields"])
    assert fields["name"]["required"] is True
    assert fields["full_name"]["required"] is False
    # both written forms, so a branch written in Traditional Chinese keeps its type as written
    assert fields["type"]["options"] == ["党支部", "联合党支部", "党总支", "临时党支部",
                                         "黨支部", "聯合黨支部", "黨總支", "臨時黨支部"]
    assert fields["founded"]["pattern"][0].startswith("^\\d{4}")
    brand = _form_names(fields["brand"]["fields"])
    assert brand["tier"]["options"] == ["培育", "示范", "标杆"]
    assert brand["concept"]["widget"] == "markdown"
    figure = _form_names(fields["figures"]["fields"])
    assert figure["photo"]["widget"] == "image"
    assert (figure["photo"]["media_folder"], figure["photo"]["public_folder"]) == ("people", "people")
    assert figure["joined"] == {**figure["joined"], "widget": "number", "min": 1900, "max": 2100}
    assert figure["on_screens"]["default"] is True
    honour = _form_names(figure["honours"]["fields"])
    assert honour["title"]["options"][:2] == ["明星党员", "优秀共产党员"]
    assert "W" not in honour["period"]["pattern"][1]
    partners = _form_names(fields["partners"]["fields"])
    assert {"label": "湛江配送中心党支部", "value": "zhanjiang-peisong"} in partners["branch"]["options"]
    story = _form_names(next(c for c in example_config["collections"]
                             if c["name"] == f"stories-{BRANCH}")["fields"])
    assert {"label": "张伟（zhang-wei）", "value": "zhang-wei"} in story["figures"]["options"]
    assert story["figures"]["multiple"] is True


def test_the_backend_comes_from_extra_brandhall_editor(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "    branches_dir: branches\n",
        "    branches_dir: branches\n    editor:\n      backend: gitea\n"
        "      base_url: https://git.intranet/\n      repo: dangjian/site\n      app_id: abc-123\n"), encoding="utf-8")
    loaded = Project(project)
    config = cms_config(check(loaded).graph, loaded.settings)
    assert config["backend"] == {"name": "gitea", "repo": "dangjian/site", "branch": "main",
                                 "base_url": "https://git.intranet", "app_id": "abc-123",
                                 "api_root": "https://git.intranet/api/v1"}
    assert config["locale"] == "zh_Hans"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("backend: gitea", "backend: gitlab"),
                      encoding="utf-8")
    loaded = Project(project)
    assert cms_config(check(loaded).graph, loaded.settings)["backend"] == {
        "name": "gitlab", "repo": "dangjian/site", "branch": "main", "base_url": "https://git.intranet",
        "app_id": "abc-123", "api_root": "https://git.intranet/api/v4", "auth_type": "pkce",
        "auth_endpoint": "oauth/authorize"}


def test_the_build_ships_the_pinned_bundle_and_the_generated_config(example_project: Path):
    admin = example_project / "site" / "admin"
    assert json.loads((REPO / "package.json").read_text())["dependencies"]["decap-cms"] == DECAP_VERSION
    shipped = REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    # as npm installed it but for the patch of brandhall/patches.py (快速新建)
    assert (admin / "decap-cms.js").read_text(encoding="utf-8") == patch_decap(shipped.read_text(encoding="utf-8"),
                                                                               shipped)
    assert 'filter(t=>!0!==t.get("hide")&&' in (admin / "decap-cms.js").read_text(encoding="utf-8")
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["collections"][0]["name"] == "branches"
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert "http" not in html, "admin/index.html loads nothing from outside"
    assert json.loads((admin / "brandhall.json").read_text())["remote"] is False


def test_without_a_git_server_the_published_editor_explains_how_to_edit(site, page):
    """A copy of site/ served by anything but `brandhall edit`, with no editor settings."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site.url("admin/"))
    page.get_by_text("本网站还没有连接代码托管平台（Gitea 或 GitLab），暂时不能在网页上编辑。").wait_for()
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "admin-not-configured-1920.png"))
    assert all(url.startswith(site.origin) for url in asked), asked


# ---------------------------------------------------------------------------------------------
# End to end: Chromium, `brandhall edit` (site preview + decap-server) on loopback
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def editing(tmp_path: Path):
    """`brandhall edit` on a copy of the example, logging to tmp_path/edit.log."""
    with edit_session(copy_project(tmp_path / "project"), tmp_path / "edit.log") as session:
        yield session


@contextlib.contextmanager
def decap_port():
    """decap-server's fixed port 8081, for one test at a time across the test workers."""
    with open(Path(os.environ.get("TMPDIR", "/tmp")) / "brandhall-tests-port-8081.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def edit_session(project: Path, log_path: Path):
    """`brandhall edit` on `project`: (project, the editor's URL, the log's path)."""
    with decap_port():
        yield from _edit_session(project, log_path)


def _edit_session(project: Path, log_path: Path):
    assert not _decap_server_up(), "another decap-server runs on port 8081; stop it first"
    port = free_port()
    log = log_path.open("w")
    process = subprocess.Popen([sys.executable, "-m", "brandhall", "edit", "--no-browser", "--port", str(port)],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "COLUMNS": "200"})
    url = f"http://127.0.0.1:{port}/admin/"
    try:
        assert wait_for(lambda: fetch(url + "brandhall.json"), 240), log_path.read_text()
        assert wait_for(lambda: _decap_server_up(), 30), log_path.read_text()
        yield project, url, log_path
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def _decap_server_up() -> bool:
    import urllib.request

    request = urllib.request.Request("http://127.0.0.1:8081/api/v1", data=b'{"action":"info"}',
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return b"local_fs" in response.read()
    except OSError:
        return False


def _shot(page, name: str) -> None:
    path = ARTIFACTS / "screenshots" / f"admin-{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


def _upload(page, button, photo: Path) -> None:
    """Choose a photo through Decap's media library: upload it, then insert it."""
    button.click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_text(photo.name, exact=True).wait_for()
    insert = page.get_by_role("button", name="选用已选中项目")
    if not insert.is_enabled():  # Decap selects the uploaded file itself
        page.get_by_text(photo.name, exact=True).click()
    insert.click()


def fill_title(page, title: str) -> None:
    """Type a new story's title and wait until the preview shows it. Decap may render a new
    entry's form once more just after it opens, dropping what was typed into it first (seen on a
    loaded CI machine: the story then failed to save for want of a title); then type it again."""
    shown = page.frame_locator("#preview-pane").get_by_text(title, exact=True)
    for _ in range(3):
        page.get_by_label("标题").fill(title)
        try:
            shown.first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the preview never showed the title {title!r}")


def _publish(page) -> None:
    page.get_by_role("button", name="发布").click()
    page.get_by_text("立即发布").click()
    page.get_by_text("修改已保存").wait_for()


def publish_and_pass(page, timeout: float = 120_000) -> None:
    """Publish, then wait for `brandhall edit` to report that the check passed."""
    _publish(page)
    page.get_by_text("检查通过，网站已重新生成。").wait_for(timeout=timeout)


@contextlib.contextmanager
def desktop_page(browser, failure: str):
    """A 1920×1080 zh-CN page; a screenshot admin-<failure>.png when the block fails."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        yield page
    except Exception:
        _shot(page, failure)
        raise
    finally:
        context.close()


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _plain(value):
    """YAML data as the models read it: a date and its quoted form are the same value."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_an_editor_adds_a_story_and_a_figure_in_the_browser(editing, browser, tmp_path: Path):
    project, url, log = editing
    folder = project / "branches" / BRANCH
    before = _plain(_data(folder / "branch.yml"))
    before_text = (folder / "branch.yml").read_text(encoding="utf-8")
    untouched = {p: p.read_bytes() for p in project.joinpath("branches").rglob("*")
                 if p.is_file() and p != folder / "branch.yml"}
    story_photo = tmp_path / "qiangxiu.jpg"
    shutil.copy(PHOTOS / "rocket.jpg", story_photo)
    portrait = tmp_path / "chen-xiao.jpg"
    shutil.copy(PHOTOS / "grace_hopper.jpg", portrait)

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        _add_story(page, url, story_photo)
        _add_figure(page, url, portrait)
        _phone_screenshots(context, url)
    except Exception:
        _shot(page, "failure")
        raise
    finally:
        context.close()

    outside = [u for u in requests if urlparse(u).scheme not in ("data", "blob")
               and urlparse(u).hostname not in LOCAL]
    assert outside == [], "the form editor requested something outside this computer"

    story = folder / "stories" / "2026-11-20.md"
    assert story.read_text(encoding="utf-8") == STORY_FILE
    assert (folder / "stories" / "qiangxiu.jpg").read_bytes() == story_photo.read_bytes()
    assert (folder / "people" / "chen-xiao.jpg").read_bytes() == portrait.read_bytes()
    after = _plain(_data(folder / "branch.yml"))
    added = after["figures"].pop()
    assert added == {"name": "陈晓", "photo": "people/chen-xiao.jpg", "post": "调度员", "on_screens": True,
                     "draft": False, "honours": [{"title": "明星党员", "period": "2026-11", "by": "广东分公司党委"}]}
    assert after == before, "every other value of branch.yml is as it was"
    diff = difflib.ndiff(before_text.splitlines(), (folder / "branch.yml").read_text(encoding="utf-8").splitlines())
    assert [line for line in diff if line.startswith("- ")] == [], "adding a figure only adds lines"
    changed = [p for p, data in untouched.items() if p.read_bytes() != data]
    assert changed == [], "no other file changed"

    checked = run_brandhall(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_brandhall(project, "build", "--quiet")
    assert built.returncode == 0, built.stderr
    story_page = (project / "site" / "branches" / BRANCH / "stories" / "2026-11-20" / "index.html").read_text()
    assert "党员突击队连夜抢修受损线路" in story_page and "<strong>党员突击队</strong>" in story_page
    assert "抢修现场" in story_page and "张伟" in story_page
    figure_page = (project / "site" / "branches" / BRANCH / "figures" / "chen-xiao" / "index.html").read_text()
    assert "陈晓" in figure_page and "调度员" in figure_page and "明星党员" in figure_page
    assert "Traceback" not in log.read_text()


STORY_FILE = """---
title: 党员突击队连夜抢修受损线路
date: 2026-11-20
photos:
  - src: stories/qiangxiu.jpg
    caption: 抢修现场
figures:
  - zhang-wei
draft: false
---
暴雨过后，**党员突击队**连夜出发，抢修受损线路。
"""


def _add_story(page, url: str, photo: Path) -> None:
    page.goto(url)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("广州配送中心党支部 · 故事").wait_for()
    _shot(page, "list-1920")
    # a branch's stories are reached from its form as well (the sidebar leaves them out when
    # there are many branches)
    page.goto(url + f"#/collections/branches/entries/{BRANCH}")
    page.frame_locator("#preview-pane").get_by_role("link", name="编辑本支部的故事文件（stories/）→").click()
    page.get_by_text("十五分钟流动党课 开进车队待班室").wait_for()
    page.locator(f"a[href$='/collections/stories-{BRANCH}/new']").click()  # the “+ 故事” button
    fill_title(page, "党员突击队连夜抢修受损线路")
    page.get_by_label("日期").fill("2026-11-20")
    page.get_by_role("button", name="新增照片").click()
    _upload(page, page.get_by_role("button", name="选择图片"), photo)
    page.get_by_label("说明").fill("抢修现场")
    page.get_by_label("相关人物").click()
    page.get_by_role("option", name="张伟（zhang-wei）").click()
    page.locator("[contenteditable=true]").last.click()  # the Markdown editor, plain-text mode
    page.keyboard.insert_text("暴雨过后，**党员突击队**连夜出发，抢修受损线路。")
    preview = page.frame_locator("#preview-pane")
    preview.get_by_text("党员突击队连夜抢修受损线路").wait_for()
    preview.locator("img[src]").first.wait_for()
    _shot(page, "story-1920")
    publish_and_pass(page)


def _add_figure(page, url: str, portrait: Path) -> None:
    page.goto(url + f"#/collections/branches/entries/{BRANCH}")
    page.reload()  # Decap keeps the previous entry's state across a hash change
    page.get_by_text("修改已保存").wait_for()
    page.get_by_role("button", name="新增先进典型").click()
    page.get_by_label("姓名").last.fill("陈晓")
    _upload(page, page.get_by_role("button", name="选择图片").last, portrait)
    page.get_by_label("岗位").last.fill("调度员")
    page.get_by_role("button", name="新增个人荣誉").last.click()
    page.get_by_label("荣誉称号").last.click()
    page.get_by_role("option", name="明星党员", exact=True).click()
    page.get_by_label("期间").last.fill("2026-11")
    page.get_by_label("授予单位").last.fill("广东分公司党委")
    page.frame_locator("#preview-pane").get_by_text("陈晓").wait_for()
    _shot(page, "figure-1920")
    publish_and_pass(page)


def _phone_screenshots(context, url: str) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + f"#/collections/stories-{BRANCH}")
    page.get_by_text("党员突击队连夜抢修受损线路").wait_for()
    _shot(page, "list-390")
    page.get_by_text("党员突击队连夜抢修受损线路").click()
    page.get_by_label("标题").wait_for()
    _shot(page, "story-390")
    # one pane at a time on a phone: the eye button swaps the form for the preview and back
    page.get_by_title("打开/关闭预览").click()
    page.frame_locator("#preview-pane").get_by_text("党员突击队连夜抢修受损线路").wait_for()
    assert not page.get_by_label("标题").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    _shot(page, "preview-390")
    page.get_by_title("打开/关闭预览").click()
    page.get_by_label("标题").wait_for()
    page.close()


def test_photos_check_would_refuse_or_warn_about_are_flagged_in_the_preview_and_after_saving(editing, browser,
                                                                                       tmp_path: Path):
    from PIL import Image

    project, url, log = editing
    gif = tmp_path / "dongtu.gif"
    Image.open(PHOTOS / "rocket.jpg").convert("P").save(gif)
    small = tmp_path / "xiaotu.jpg"
    Image.open(PHOTOS / "rocket.jpg").resize((300, 200)).save(small)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        page.goto(url + f"#/collections/stories-{BRANCH}/new")
        page.get_by_role("button", name="登录").click()
        fill_title(page, "选错了照片的故事")
        page.get_by_label("日期").fill("2026-11-21")
        page.get_by_role("button", name="新增照片").click()
        _upload(page, page.get_by_role("button", name="选择图片"), gif)
        preview = page.frame_locator("#preview-pane")
        preview.get_by_text("“stories/dongtu.gif”不是支持的照片格式，请使用 .jpg").wait_for()
        page.get_by_role("button", name="新增照片").click()
        _upload(page, page.get_by_role("button", name="选择图片").last, small)
        preview.get_by_text("照片只有 300 像素宽，展示时会模糊；建议换一张至少 400 像素宽的照片").wait_for()
        _shot(page, "photo-warning-1920")
        _publish(page)
        page.get_by_text("检查未通过（1 个错误）").wait_for(timeout=120_000)
        panel = page.locator(".bh-cms-check").inner_text()
        _shot(page, "check-error-1920")
    finally:
        context.close()
    assert ("branches/guangzhou-peisong/stories/2026-11-21.md:5:5: photos 第 1 项 › src (照片文件): "
            "“stories/dongtu.gif”不是支持的照片格式") in panel
    assert run_brandhall(project, "check").returncode == 1


COMMENTED = {  # comments an editor wrote, aligned as people align them
    "members: 23\n": "members: 23                 # 党员人数，2025 年底\n",
    "brand:\n": "# 品牌：2021 年创建，2024 年评为示范\nbrand:\n",
    "  logo: logo.svg\n": "  logo: logo.svg   # 标识由宣传科设计\n",
    "一台油车一岗哨\n": "一台油车一岗哨    # 2021 年征集\n",
}


def test_saving_one_field_changes_that_one_line_and_keeps_comments_and_photos_show(editing, browser):
    """A commented branch.yml, one field changed in the form and saved: the file's diff is that
    one line. The form's and the preview's photos are the branch's own (not Decap's empty image)."""
    from PIL import Image

    project, url, log = editing
    path = project / "branches" / BRANCH / "branch.yml"
    text = path.read_text(encoding="utf-8")
    for plain, commented in COMMENTED.items():
        assert plain in text
        text = text.replace(plain, commented, 1)
    path.write_text(text, encoding="utf-8")
    portrait = Image.open(project / "branches" / BRANCH / "people" / "li-hong-mei.png").width
    loaded = "(w) => Array.from(document.querySelectorAll('img')).some(i => i.complete && i.naturalWidth === w)"
    with desktop_page(browser, "failure-one-line") as page:
        page.goto(url)
        page.get_by_role("button", name="登录").click()
        page.goto(url + f"#/collections/branches/entries/{BRANCH}")
        page.reload()
        page.get_by_text("修改已保存").wait_for()
        page.get_by_text("李红梅", exact=True).first.click()  # opens her item, with its photo field
        page.wait_for_function(loaded, arg=portrait)
        page.frame_locator("#preview-pane").locator("body").evaluate(
            "(body, w) => new Promise(done => { const look = () => Array.from(body.querySelectorAll('img'))"
            ".some(i => i.complete && i.naturalWidth === w) ? done() : setTimeout(look, 100); look(); })", portrait)
        _shot(page, "photos-1920")
        page.get_by_label("口号").fill("一名党员一面旗 一辆油车一岗哨")
        publish_and_pass(page)
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(text.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    # The changed line keeps its comment, after two spaces as the project writes them (W118).
    assert changed == ["-  slogan: 一名党员一面旗 一台油车一岗哨    # 2021 年征集",
                       "+  slogan: 一名党员一面旗 一辆油车一岗哨  # 2021 年征集"]
    checked = run_brandhall(project, "check")
    assert checked.returncode == 0 and "W118" not in checked.stdout + checked.stderr, checked.stdout
    assert "Traceback" not in log.read_text()


def test_without_the_npm_packages_the_site_builds_without_the_editor_and_says_so(tmp_path: Path, monkeypatch):
    import brandhall.admin as admin

    monkeypatch.setattr(admin, "PACKAGE_ROOT", tmp_path)
    project = Project(copy_project(tmp_path / "project"))
    problems = admin.write_admin(project.root, check(project).graph, project.settings, tmp_path / "site")
    assert [p.format(project.root) for p in problems] == [
        "package.json:1:1: decap-cms (表单编辑器): 表单编辑器 Decap CMS 3.16.3 没有安装，网站里暂不包含 admin/；"
        "请运行 bash scripts/setup.sh 安装后重新生成"]
    assert not (tmp_path / "site" / "admin").exists()


def test_edit_refuses_to_start_beside_another_decap_server(tmp_path: Path):
    import socket

    project = copy_project(tmp_path / "project")
    with decap_port(), socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", 8081))
        taken.listen()
        result = run_brandhall(project, "edit", "--no-browser", "--port", str(free_port()))
    assert result.returncode == 1
    assert ("表单编辑器没有启动：端口 8081 已被占用，可能另一个 brandhall edit 还开着；请先关掉它（Ctrl+C）再运行"
            in result.stderr)


def test_the_editor_starts_under_the_documented_nginx_config_with_a_git_server(tmp_path: Path, page):
    """The published /admin/ with extra.brandhall.editor set: the CMS boots behind nginx's
    Content-Security-Policy and offers the Gitea login, asking only the site and that server."""
    from test_nginx import NGINX, Published, server_config, wait_until_listening

    if not Path(NGINX).exists():
        pytest.skip("nginx is installed by scripts/setup.sh --test")
    project = copy_project(tmp_path / "project")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace(
        "    branches_dir: branches\n",
        "    branches_dir: branches\n    editor:\n      backend: gitea\n"
        "      base_url: https://git.intranet\n      repo: dangjian/site\n      app_id: abc-123\n"),
        encoding="utf-8")
    workdir = tmp_path / "nginx"
    workdir.mkdir()
    port = free_port()
    served = Published(project, tmp_path / "www", f"http://127.0.0.1:{port}")
    served.publish()
    process = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(server_config(workdir, port, served.target)),
                                "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    try:
        wait_until_listening(port, process, workdir / "error.log")
        page.goto(served.url("admin/"))
        page.get_by_role("button", name="使用 Gitea 登录").wait_for()
        page.screenshot(path=str(ARTIFACTS / "screenshots" / "admin-gitea-login-1920.png"))
    finally:
        process.terminate()
        process.wait(timeout=30)
    # On 127.0.0.1 Decap first looks for decap-server (local_backend), which the policy blocks; on
    # the intranet's own host name it does not look.
    blocked = [p for p in problems if "Content Security Policy" in p and "localhost:8081" not in p]
    assert blocked == []
    assert all(u.startswith((served.origin, "https://git.intranet/", "http://localhost:8081/", "data:", "blob:"))
               for u in asked), asked
