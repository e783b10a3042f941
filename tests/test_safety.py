"""Editors' text is escaped or sanitised: nothing they type runs as script in a visitor's browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LocalServer, copy_project, run_brandhall

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
MARKDOWN_XSS = (
    '<script>window.__xss=3</script>\n\n<a href="javascript:window.__xss=4">点我</a>\n\n'
    '<div onclick="window.__xss=5">区块</div>\n\n[链接](javascript:window.__xss=6)'
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    branch = project / "branches" / "huanan-wuliu" / "branch.yml"
    text = branch.read_text()
    text = text.replace("name: 华南物流中心党支部", f"name: '华南物流中心党支部{XSS}'", 1)
    text = text.replace("  slogan: 春有约 夏有情 秋有果 冬有暖", f"  slogan: '{XSS}\"'", 1)
    indented = MARKDOWN_XSS.replace("\n", "\n    ")
    text = text.replace("  concept: |\n", f"  concept: |\n    {indented}\n", 1)
    branch.write_text(text)
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_hostile_text_is_shown_not_run(browser, hostile_site: Path):
    server = LocalServer(hostile_site)
    page = browser.new_page()
    try:
        for path in ("", "branches/huanan-wuliu/", "branches/", "wall/"):
            page.goto(server.url(path))
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__xss") is None, path
        page.goto(server.url("branches/huanan-wuliu/"))
        assert "<script>" in page.locator(".bh-hero__kicker").inner_text()
        for link in page.locator(".bh-concept a").all():
            assert not (link.get_attribute("href") or "").startswith("javascript:")
        assert page.locator(".bh-concept [onclick]").count() == 0
        assert "<script>" in page.title() or "华南物流中心党支部" in page.title()
    finally:
        page.close()
        server.close()
