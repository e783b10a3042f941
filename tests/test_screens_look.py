"""Lobby screens (大屏) in real Chromium: every frame readable from across the lobby, inside the
safe area, in Chinese with a real CJK font, accessible, and requesting nothing outside the site.

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import REPO, screenshot
from screens_support import (
    MEASURE,
    SHANGHAI,
    WEDNESDAY_NOON,
    shanghai,
)

QIYI_NOON = shanghai(2026, 7, 1, 12)  # a Wednesday noon, and 七一: the lobby's notice for that day is on


@pytest.mark.parametrize(("name", "size", "scale", "when"), [
    ("lobby", (1920, 1080), 1, QIYI_NOON),
    ("portrait", (1080, 1920), 1, shanghai(2026, 11, 18, 7)),  # its notice runs from 06:00 to 09:00
    ("lobby", (3840, 2160), 2, QIYI_NOON),
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
