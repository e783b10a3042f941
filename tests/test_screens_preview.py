"""Lobby screens (大屏) in real Chromium: the preview at any hour (?preview, ?slide, ?at), the
contact sheet on the index, and picture and poster slides fitted to the screen.

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, screenshot
from PIL import Image
from screens_support import (
    MEASURE,
    WEDNESDAY_NOON,
    Player,
    shanghai,
)

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
