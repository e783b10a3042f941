"""Editors' text is escaped or sanitised: nothing they type runs as script in a visitor's browser."""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import LocalServer, copy_project, run_brandhall
from helpers import RequestLog, load_everything, replace_once, search_site

from brandhall.markup import render_markdown

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


# --- XSS vectors through every field ------------------------------------------------------------

FIXTURE_PHOTO = Path(__file__).parent / "fixtures" / "photos" / "grace_hopper.jpg"
VECTORS = [
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "\"><svg onload=\"window.__xss='svg'\">",
    "'><img src=x onerror=window.__xss='quote'>",
    "</textarea></title></style></script><script>window.__xss='close'</script>",
    "javascript:window.__xss='scheme'",
    "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
    "<details open ontoggle=\"window.__xss='details'\">x</details>",
    "<input autofocus onfocus=\"window.__xss='focus'\">",
    "<a href=\"javascript:window.__xss='href'\">点</a><a href=\"data:text/html,xss\">点</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__xss='mxss'\">",
    "<img src=x onerror=\"alert('dialog')\">{{ 7*7 }}{% raw %}",
]
MARKDOWN_EXTRA = ("\n\n[链接](javascript:window.__xss='mdlink') [数据](data:text/html,xss)\n\n"
                  "段落\n{: onmouseover=\"window.__xss='attr'\" }\n")


def markdown_vector(vector: str) -> str:
    """Markdown fields refuse images outright (see test_privacy.py), so there the vectors use
    other elements that the sanitiser must strip, plus Markdown's own ways to smuggle script."""
    return vector.replace("<img", "<video") + MARKDOWN_EXTRA


def hostile_branch(v: str, m: str) -> dict:
    """Every text field of the branch format set to the vector `v` (Markdown fields to `m`)."""
    return {
        "name": f"支部{v}", "full_name": v, "org": f"党委{v}", "secretary": v, "members": 3,
        "ratings": [{"year": 2024, "level": v, "by": v}],
        "brand": {"name": f"品牌{v}", "slogan": v, "logo": "logo.svg", "logo_meaning": v, "concept": m,
                  "tier": v, "methods": [{"title": v, "text": m}], "results": [{"text": v, "year": 2024}]},
        "honours": [{"title": v, "period": "2024", "by": v}],
        "figures": [{"id": "ren-wu", "name": f"人物{v}", "photo": "people/p.jpg", "post": v, "joined": 2010,
                     "motto": v, "story": m, "honours": [{"title": v, "period": "2024-03", "by": v},
                                                         {"title": "明星党员", "period": "2099-12", "by": v}]}],
        "stories": [{"title": f"故事{v}", "date": "2024-01-02", "body": m, "figures": ["ren-wu"], "tags": [v],
                     "photos": [{"src": "stories/s.jpg", "caption": v}]}],
        "partners": [{"branch": "guangzhou-peisong"},
                     {"name": v, "since": "2021", "agreement": v, "areas": [v],
                      "activities": [{"date": "2021-06-20", "title": v}]}],
    }


def write_hostile_branch(folder: Path, v: str, m: str) -> None:
    (folder / "people").mkdir(parents=True)
    (folder / "stories").mkdir()
    shutil.copyfile(FIXTURE_PHOTO, folder / "people" / "p.jpg")
    shutil.copyfile(FIXTURE_PHOTO, folder / "stories" / "s.jpg")
    shutil.copyfile(folder.parent / "guangzhou-peisong" / "logo.svg", folder / "logo.svg")
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False)
    (folder / "branch.yml").write_text(dump(hostile_branch(v, m)), encoding="utf-8")
    meta = {"title": v, "date": "2024-02-03", "figures": ["ren-wu"], "tags": [v],
            "photos": [{"src": "stories/s.jpg", "caption": v}]}
    (folder / "stories" / "gushi.md").write_text(f"---\n{dump(meta)}---\n{m}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def vector_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("vectors") / "project")
    for index, vector in enumerate(VECTORS):
        write_hostile_branch(project / "branches" / f"xss-{index}", vector, markdown_vector(vector))
    tiers = ", ".join(json.dumps(v) for v in VECTORS)
    replace_once(project / "mkdocs.yml", "tiers: [培育, 示范, 标杆]", f"tiers: [培育, 示范, 标杆, {tiers}]")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "（0 个错误，" in result.stderr  # unregistered honour titles are only warnings
    return project / "site"


NO_SCRIPT_URLS = """() => [...document.querySelectorAll('.md-content *, .bh-page *, body > :not(header) *')]
  .flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)
     || (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value)
         && !(e.tagName === 'IMG' && /^data:image\\//i.test(a.value))))
  .map(a => e.tagName + ' ' + a.name + '=' + a.value))"""


def test_no_vector_runs_on_any_page_or_in_search(browser, vector_site: Path):
    pages = sorted(p.relative_to(vector_site).as_posix() for p in vector_site.rglob("*.html")
                   if "__xss" in p.read_text(encoding="utf-8") or p.relative_to(vector_site).parts[0] == "screens")
    assert len(pages) > 40, pages
    server = LocalServer(vector_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    requests = RequestLog(page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in pages:
            requests.goto(server.url(path))
            if path == "screens/index.html":  # its frames are the screen pages, each checked on its own;
                page.wait_for_load_state("load")  # 35 live players at once outlast the wait under load
            else:
                load_everything(page, requests)
            assert page.evaluate("window.__xss") is None, path
            assert page.evaluate(NO_SCRIPT_URLS) == [], path
        page.goto(server.url("branches/xss-0/"))
        assert "<script>window.__xss='script'</script>" in page.locator(".bh-hero").inner_text()
        page.goto(server.url("search/"))
        search(page, "品牌")  # results show the hostile brands' titles and text
        assert page.locator(".bh-search__result", has_text="__xss").count() > 0
        assert page.evaluate("window.__xss") is None
    finally:
        context.close()
        server.close()
    assert dialogs == []


def search(page, query: str) -> None:
    assert search_site(page, query), "the search finds something"
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("vector", VECTORS + [MARKDOWN_EXTRA])
def test_markdown_renderer_strips_script_and_script_urls(vector: str):
    html = str(render_markdown(vector + "\n\n" + markdown_vector(vector)))
    assert "<script" not in html.lower() and "<iframe" not in html.lower() and "<svg" not in html.lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.I), html
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):""", html, re.I), html
