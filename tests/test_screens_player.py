"""Lobby screens (大屏) in real Chromium under a fake clock, running for weeks: a fixed pool of
elements, nothing that grows, and picking up a new publish without ever blanking the screen.

Shared playlists and the Player are in screens_support.py, their fixtures in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from screens_support import (
    SHANGHAI,
    WEDNESDAY_NOON,
    Player,
    shanghai,
)

# --- memory: a fixed pool, nothing grows -----------------------------------------------------


def test_dom_does_not_grow_over_many_slides(open_screen):
    player = open_screen("many", WEDNESDAY_NOON)
    cycle = player.state()["cycle"]
    frames = player.evaluate("document.querySelectorAll('template').length")
    assert cycle == frames * 5000 and frames >= 15
    player.evaluate("document.querySelectorAll('.slide').forEach(function (s) { s.bhMark = true; })")

    def counters() -> tuple[int, ...]:
        dom = player.dom_counters()
        return (player.evaluate("document.getElementsByTagName('*').length"), *dom)

    player.advance(cycle, step=2500)
    first = counters()
    heap_first = player.heap()
    swaps = player.state()["swaps"]
    cycles = -(-1000 // frames)  # at least 1,000 slide changes
    for done in range(1, cycles + 1):
        player.advance(cycle, step=2500)
        if done % 5 == 0 or done == cycles:
            assert counters() == first
    heap_last = player.heap()
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
