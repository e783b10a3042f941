"""What Pagefind reads of a page (search.read_page, search.mirror_page): the page's body element,
exactly as the page has it, so the index is the one the whole page would give."""

from __future__ import annotations

from pathlib import Path

from brandhall.search import mirror_page, read_page

PAGE = """<!doctype html><html lang="zh"><head><title>城东供电所</title></head><body>
<nav><a href="/">首页</a> 导航里的字不进索引</nav>
<div class="bh-page" data-pagefind-body><h1>光明驿站</h1>
<p>用心守护<br>万家灯火</p><div><p data-pagefind-ignore>更新于 2026</p></div></div>
<footer>页脚</footer></body></html>"""


def test_the_mirror_holds_the_body_element_alone(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    page = read_page(tmp_path / "index.html", "index.html")
    assert page is not None and page.title == "光明驿站" and page.section == "content"
    assert page.body.startswith('<div class="bh-page" data-pagefind-body><h1>') and page.body.endswith("</div></div>")
    mirror = mirror_page(page)
    assert page.body in mirror and "导航" not in mirror and "页脚" not in mirror
    assert "data-bh-simplified" not in mirror, "a Simplified page needs no twin"


def test_a_traditional_page_gets_its_simplified_twin_in_the_mirror_only(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE.replace("光明驿站", "光明驛站"), encoding="utf-8")
    page = read_page(tmp_path / "index.html", "index.html")
    assert page is not None
    mirror = mirror_page(page)
    assert '<div hidden data-bh-simplified>光明驿站 用心守护 万家灯火</div>' in mirror
    assert "光明驛站" in mirror and "驿" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_a_body_left_open_is_indexed_to_the_end_of_the_page(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(PAGE.replace("</p></div></div>", "</div></div>"), encoding="utf-8")
    page = read_page(tmp_path / "index.html", "index.html")
    assert page is not None and "万家灯火" in mirror_page(page), "an unclosed <p> loses no text"
