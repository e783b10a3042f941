"""`brandhall build --offline`: a copy that works when opened from disk (file://), as from a USB
stick on a player with no network: links, styles and search, with no request anywhere else; built
by each engine (MkDocs and Zensical)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import copy_project, run_brandhall
from helpers import search_site

from brandhall.render import file_url, offline_relative_url


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    project = copy_project(tmp_path_factory.mktemp(f"offline-{engine}") / "project")
    # The booklets do not depend on the engine: typeset them on one only.
    booklets = () if engine == "mkdocs" else ("--no-booklets",)
    result = run_brandhall(project, "build", "--offline", "--quiet", *booklets, "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert "离线副本已生成到" in result.stderr
    return project / "site-offline"


def test_offline_copy_works_from_file_urls_with_search(browser, offline_site: Path):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(("file://", "data:", "about:"))
            else None)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url) if "ERR_ABORTED" not in (r.failure or "") else None)
    home = (offline_site / "index.html").as_uri()
    try:
        page.goto(home)
        assert_styled(page)
        page.locator(".bh-brand-card", has_text="红色引擎·安全先锋").click()
        page.wait_for_load_state()
        assert page.url == (offline_site / "branches" / "guangzhou-peisong" / "index.html").as_uri()
        assert_styled(page, ".bh-hero")
        page.locator(".bh-figure-card", has_text="张伟").first.click()
        page.wait_for_load_state()
        figure = offline_site / "branches" / "guangzhou-peisong" / "figures" / "zhang-wei" / "index.html"
        assert page.url == figure.as_uri()
        assert page.locator("h1").inner_text() == "张伟"
        page.get_by_role("link", name="明星墙").first.click()
        page.wait_for_load_state()
        assert page.url == (offline_site / "wall" / "index.html").as_uri()

        page.get_by_role("link", name="搜索").first.click()
        page.wait_for_load_state()
        assert page.url == (offline_site / "search" / "index.html").as_uri()
        found = search_site(page, "品质大桥")  # from the embedded index: Pagefind cannot fetch over file://
        page.locator(".bh-search__link").first.click()
        page.wait_for_load_state()
        target = (offline_site / "branches" / "qiaoliang-xiangmu" / "index.html").as_uri()
        assert found[0] == target.removeprefix("file:///") and page.url == target
        assert "品质大桥" in page.locator("h1").inner_text()
    finally:
        context.close()
    assert elsewhere == [] and failed == []


def assert_styled(page, selector: str = ".bh-brand-card") -> None:
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display") != "inline"


def test_offline_links_point_at_html_files_and_nothing_outside(offline_site: Path):
    # Only a server shows 404.html. The lobby screens' own pages (screens/) are written by the
    # screens module, not by the page renderer, and are opened one by one on a player.
    pages = [p for p in offline_site.rglob("*.html")
             if p.name != "404.html" and p.relative_to(offline_site).parts[0] != "screens"]
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, page
        for link in re.findall(r'<a [^>]*href="([^"#?]+)', text):
            if link.startswith(("http://dangjian.intranet/", "mailto:")):
                continue
            assert not link.endswith("/"), (page, link)
            assert (page.parent / unquote(link)).resolve().is_file(), (page, link)


def test_offline_urls_name_files():
    pages = {"index.md", "branches/index.md", "branches/x/index.md", "wall.md", "wall/2024.md",
             "branches/x/figures/zhang-wei.md"}
    assert file_url("", pages) == "index.html"
    assert file_url("branches/", pages) == "branches/index.html"
    assert file_url("wall/", pages) == "wall.html"
    assert file_url("wall/2024/", pages) == "wall/2024.html"
    assert file_url("assets/photos/a-240.jpg", pages) == "assets/photos/a-240.jpg"
    assert offline_relative_url("branches/x/figures/zhang-wei/", "branches/x/", pages) == "figures/zhang-wei.html"
    assert offline_relative_url("wall/#m2024", "branches/x/figures/zhang-wei/", pages) == "../../../wall.html#m2024"
    assert offline_relative_url("", "wall/2024/", pages) == "../index.html"
