"""Lobby screens (大屏) in real Chromium under a fake clock: slides by the wall clock, schedules,
the night page, and notices planned by date (from/until, holidays, special days, the urgent notice).

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

import datetime as dt

from conftest import screenshot
from PIL import Image
from screens_support import (
    MEASURE,
    WEDNESDAY_NOON,
    _titles_in_a_cycle,
    aligned,
    shanghai,
)

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


# --- notices by date -------------------------------------------------------------------------
def test_a_holiday_exception_shows_the_night_page(open_screen):
    assert open_screen("dated", shanghai(2026, 10, 3, 12)).state()["night"] is True
    assert open_screen("dated", shanghai(2026, 10, 7, 23, 50)).state()["night"] is True
    assert open_screen("dated", shanghai(2026, 10, 8, 9)).state()["night"] is False


def test_a_special_opening_day_opens_the_screen_outside_its_schedule(open_screen):
    def night(when):
        return open_screen("opening", when).state()["night"]

    assert night(shanghai(2026, 10, 3, 10)) is False, "a Saturday in the holiday, within its special hours"
    assert night(shanghai(2026, 10, 3, 13)) is True, "the same day after its special hours"
    assert night(shanghai(2026, 10, 4, 10)) is True, "the holiday goes on"
    assert night(shanghai(2027, 7, 1, 20)) is False, "1 July of any year, later than the weekdays' 18:00"
    assert night(shanghai(2027, 7, 2, 20)) is True
    assert night(shanghai(2027, 7, 2, 10)) is False, "an ordinary Friday keeps its schedule"


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
    july_first.faded_in()
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
