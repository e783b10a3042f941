"""The form editor's story files: a save changes only the lines the editor changed (front matter
comments, quoting and order kept, the body byte for byte), and 快速新建 lists only what the
sidebar lists, also beyond 20 branches, where a story is added from its branch's form. Real
`brandhall edit` (decap-server), real Chromium."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import copy_project, run_brandhall
from test_admin import BRANCH, _shot, desktop_page, edit_session, fill_title, publish_and_pass

from brandhall.errors import BuildFailed
from brandhall.patches import patch_decap

STORY = Path("branches") / BRANCH / "stories" / "liudong-dangke.md"
COMMENTED = {  # an editor's comments in the front matter; the example already quotes its date
    "---\ntitle:": "---\n# 来源：支部宣传委员 2025 年 6 月的记录\ntitle:",
    "tags: [三会一课, 流动党课]\n": "tags: [三会一课, 流动党课]    # 按支部的标签表\n",
}
TITLE = "十五分钟流动党课 开进车队待班室"


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
                          cwd=project, capture_output=True, text=True, check=True).stdout


def _changed_lines(project: Path) -> list[str]:
    diff = _git(project, "diff", "--unified=0", "--", "branches")
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _login(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("支部", exact=True).first.wait_for()


def test_saving_one_field_of_a_story_changes_that_line_only(tmp_path: Path, browser):
    with edit_session(copy_project(tmp_path / "project"), tmp_path / "edit.log") as (project, url, log):
        _edit_one_title(project, url, browser)
    checked = run_brandhall(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Traceback" not in log.read_text()


def _edit_one_title(project: Path, url: str, browser) -> None:
    path = project / STORY
    text = path.read_text(encoding="utf-8")
    assert 'date: "2025-06-12"' in text and "figures: [wang-qiang, zhang-wei]" in text
    for plain, commented in COMMENTED.items():
        assert plain in text
        text = text.replace(plain, commented, 1)
    path.write_text(text, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "branches")
    _git(project, "commit", "-q", "-m", "before")
    with desktop_page(browser, "failure-story-edit") as page:
        _login(page, url)
        page.get_by_text("快速新建").click()  # 7 branches: each branch's stories, by name
        quick = page.get_by_role("menuitem").all_inner_texts()
        page.keyboard.press("Escape")
        page.goto(url + f"#/collections/stories-{BRANCH}/entries/liudong-dangke")
        page.get_by_label("标题").wait_for()
        page.frame_locator("#preview-pane").get_by_text(TITLE).wait_for()
        page.get_by_label("标题").fill("十五分钟流动党课 走进车队待班室")
        page.frame_locator("#preview-pane").get_by_text("十五分钟流动党课 走进车队待班室").wait_for()
        _shot(page, "story-edit-1920")
        publish_and_pass(page)
    assert quick == ["城东供电所党支部 · 故事", "广州配送中心党支部 · 故事", "华南物流中心党支部 · 故事",
                     "交通规划设计研究院党总支 · 故事", "炼油二部联合党支部 · 故事",
                     "鹭江特大桥项目部临时党支部 · 故事", "湛江配送中心党支部 · 故事"]
    assert _changed_lines(project) == ["-title: " + TITLE, "+title: 十五分钟流动党课 走进车队待班室"]
    assert _git(project, "status", "--porcelain", "--", "branches") == f" M {STORY}\n"


def _many_branches(project: Path, count: int) -> list[str]:
    """`count` more branches, each as short as a branch file may be."""
    slugs = [f"banzu-{n:02d}" for n in range(1, count + 1)]
    for n, slug in enumerate(slugs, 1):
        folder = project / "branches" / slug
        folder.mkdir()
        (folder / "branch.yml").write_text(
            f"name: 第{n}班组党支部\nbrand:\n  name: 班组先锋{n}号\n  concept: 一个班组一面旗。\n", encoding="utf-8")
    return slugs


def test_beyond_twenty_branches_quick_add_lists_what_the_sidebar_lists(tmp_path: Path, browser):
    project = copy_project(tmp_path / "project")
    slugs = _many_branches(project, 15)  # 22 branches
    with (edit_session(project, tmp_path / "edit.log") as (project, url, log),
          desktop_page(browser, "failure-many-branches") as page):
        _login(page, url)
        page.get_by_text("第1班组党支部").first.wait_for()  # the 支部 list
        sidebar = page.locator("aside li a").all_inner_texts()
        # the sidebar lists 支部 only, which takes no new entries: no 快速新建 at all
        quick = page.get_by_text("快速新建").count()
        _shot(page, "many-branches-1920")
        # the active tab's icon is drawn in the tab's own gold, not Decap's blue that vanishes on red
        tab = page.locator("a.header-link-active").first
        assert tab.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a.querySelector('svg')).color]") \
            == ["rgb(246, 195, 67)"] * 2
        page.goto(url + f"#/collections/branches/entries/{slugs[2]}")
        page.frame_locator("#preview-pane").get_by_role("link", name="新建本支部的故事 →").click()
        fill_title(page, "班组夜校开课")
        page.get_by_label("日期").fill("2026-11-22")
        page.locator("[contenteditable=true]").last.click()
        page.keyboard.insert_text("第一课讲安全操作规程。")
        page.frame_locator("#preview-pane").get_by_text("第3班组党支部 · 2026-11-22").wait_for()
        _shot(page, "many-branches-story-1920")
        publish_and_pass(page, timeout=180_000)
    assert [s.strip() for s in sidebar] == ["支部"], sidebar
    assert quick == 0
    story = project / "branches" / slugs[2] / "stories" / "2026-11-22.md"
    assert story.read_text(encoding="utf-8").startswith("---\ntitle: 班组夜校开课\ndate: 2026-11-22\n")
    assert "第一课讲安全操作规程。" in story.read_text(encoding="utf-8")
    assert run_brandhall(project, "check").returncode == 0


def test_a_decap_bundle_the_patch_no_longer_fits_stops_the_build_with_the_reason(tmp_path: Path):
    bundle = tmp_path / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    with pytest.raises(BuildFailed) as failed:
        patch_decap("creatableCollections:e.collections.filter(n=>Xy(t,n.get(\"name\"))).toList()", bundle)
    (problem,) = failed.value.problems.items
    assert problem.format(tmp_path) == (
        "node_modules/decap-cms/dist/decap-cms.js:1:1: decap-cms (表单编辑器): brandhall 对 Decap CMS 3.16.3 的修补"
        "“快速新建只列侧栏里的栏目”在 decap-cms.js 里找不到要改的代码，网站没有生成；请在 brandhall 文件夹里运行 "
        "bash scripts/setup.sh 装回 Decap CMS 3.16.3，或请网站管理员按新版本更新 brandhall/patches.py")
    assert problem.code == "E507"
