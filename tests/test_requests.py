"""No request leaves the site, proven on every page: every HTML file of the built example site is
opened in Chromium from loopback, with every lazy image loaded, and every request is recorded;
on the site as built by each engine (MkDocs and Zensical)."""

from __future__ import annotations

from pathlib import Path

from conftest import on_both_engines
from helpers import RequestLog, load_everything

example_project, site = on_both_engines()

LOCAL_SCHEMES = ("data:", "blob:", "about:")


def test_every_built_page_requests_nothing_outside_the_site(browser, site, example_project: Path):
    built = example_project / "site"
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    assert len(pages) > 50 and "404.html" in pages and any(p.startswith("screens/") for p in pages)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    requests = RequestLog(page)
    outside: dict[str, list[str]] = {}
    try:
        for path in pages:
            first = len(requests.urls)
            requests.goto(site.url(path))
            load_everything(page, requests)
            leaving = [u for u in requests.urls[first:] if not u.startswith((site.origin, *LOCAL_SCHEMES))]
            if leaving:
                outside[path] = leaving
    finally:
        context.close()
    assert outside == {}
