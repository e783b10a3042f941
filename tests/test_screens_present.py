"""Lobby screens (大屏) in real Chromium: presenter mode for meetings (clicker keys, blanking,
swipes, the frame in the address, a figure's talk) and its memory over many steps.

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import screenshot
from PIL import Image
from screens_support import (
    MEASURE,
    WEDNESDAY_NOON,
    Player,
    shanghai,
)

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
    def through() -> None:
        for _ in range(frames - 1):
            player.page.keyboard.press("PageDown")
        player.page.keyboard.press("Home")

    through()
    first, heap_first = player.dom_counters(), player.heap()
    swaps = player.state()["swaps"]
    rounds = -(-1000 // frames)
    readings = []
    for done in range(1, rounds + 1):
        through()
        if done % 10 == 0 or done == rounds:
            readings.append(player.dom_counters())
    print(f"\nDOM 计数（文档、节点、监听器）：{first} → {readings}")
    assert all(r == readings[0] for r in readings) and readings[0][0] <= first[0] + 2, "nothing piles up"
    heap_last = player.heap()
    changes = player.state()["swaps"] - swaps
    print(f"\n演示 {changes} 次翻页：JS 堆 {heap_first / 1e6:.2f} MB → {heap_last / 1e6:.2f} MB")
    assert changes >= 1000
    assert heap_last <= 2 * heap_first
    assert player.evaluate("document.querySelectorAll('.slide').length") == 2
