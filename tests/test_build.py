"""Building the bundled example site with a real `mkdocs build`, and what the build promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_project, run_brandhall

from brandhall.schema import BRANCH_SCHEMA

BRANCHES = sorted(p.name for p in (REPO / "branches").iterdir() if p.is_dir())


def test_example_site_has_a_page_for_every_branch_figure_and_story(example_project: Path):
    site = example_project / "site"
    for slug in BRANCHES:
        data = yaml.safe_load((example_project / "branches" / slug / "branch.yml").read_text())
        branch_html = (site / "branches" / slug / "index.html").read_text()
        assert data["brand"]["name"] in branch_html
        figure_pages = list((site / "branches" / slug / "figures").glob("*/index.html"))
        assert len(figure_pages) == len(data.get("figures", []))
        story_files = list((example_project / "branches" / slug / "stories").glob("*.md"))
        story_pages = list((site / "branches" / slug / "stories").glob("*/index.html"))
        assert len(story_pages) == len(data.get("stories", [])) + len(story_files)
    for section in ("index.html", "wall/index.html", "stories/index.html", "partners/index.html",
                    "branches/index.html", "about/index.html"):
        assert (site / section).is_file(), section


def test_nav_lists_sections_only(example_project: Path):
    html = (example_project / "site" / "branches" / "qiaoliang-xiangmu" / "index.html").read_text()
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert tabs == ["首页", "支部品牌", "明星墙", "典型故事", "互联共建", "关于", "搜索"]
    nav_links = re.findall(r'class="md-nav__link', html)
    assert len(nav_links) < 20, "the nav must not list every generated page"


def test_page_titles_and_descriptions_come_from_the_branch(example_project: Path):
    html = (example_project / "site" / "branches" / "qiaoliang-xiangmu" / "index.html").read_text()
    assert "<title>交投先锋+行动学习·品质大桥 · " in html
    assert '<meta name="description" content="' in html


def test_site_references_nothing_outside(example_project: Path):
    for page in (example_project / "site").rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            assert url.startswith("http://dangjian.intranet/"), (page, url)


def test_failed_build_leaves_the_published_site_untouched(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    index = project / "site" / "index.html"
    before = index.read_bytes()
    branch = project / "branches" / "huanan-wuliu" / "branch.yml"
    branch.write_text(branch.read_text().replace("members:", "memberz:", 1))
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 1
    assert "不认识的字段“memberz”，你是不是想写“members”？" in result.stderr
    assert "构建失败" in result.stderr and "site/ 没有改动" in result.stderr
    assert index.read_bytes() == before


def test_committed_schema_is_current():
    committed = (REPO / "schema" / "branch.schema.json").read_text(encoding="utf-8")
    assert committed == BRANCH_SCHEMA.text(), "schema is stale: run `brandhall schema` and commit it"


def test_schema_has_chinese_titles():
    schema = yaml.safe_load((REPO / "schema" / "branch.schema.json").read_text())
    assert schema["properties"]["name"]["title"] == "支部名称"
    assert schema["$defs"]["Figure"]["properties"]["joined"]["title"] == "入党年份"
    assert "2024-03" in schema["$defs"]["Honour"]["properties"]["period"]["description"]


def test_every_example_branch_file_starts_with_the_schema_modeline():
    for slug in BRANCHES:
        first = (REPO / "branches" / slug / "branch.yml").read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/branch.schema.json", slug


def test_build_help_is_chinese():
    result = run_brandhall(REPO, "--help")
    assert result.returncode == 0
    for command in ("check", "build", "serve"):
        assert command in result.stdout
    assert "检查所有支部文件" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("publish",), "brandhall publish：缺少必填的参数：--to"),
    (("build", "--bogus"), "brandhall：不认识的参数：--bogus"),
    (("stars-pdf", "--layout", "poster"), "brandhall stars-pdf：--layout 没有“poster”这一项，可选：'grid', 'single'"),
])
def test_command_line_mistakes_are_explained_in_chinese(tmp_path: Path, args, message):
    result = run_brandhall(tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-2:] == [message, "加 -h 查看说明。"]
    assert "error" not in result.stderr and list(tmp_path.iterdir()) == []


def test_every_branch_figure_and_story_page_has_a_share_card(example_project: Path):
    from PIL import Image

    site = example_project / "site"
    pages = list((site / "branches").glob("*/index.html")) + list(
        (site / "branches").glob("*/*/*/index.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text()
        assert re.search(r'<meta name="description" content="[^"]+">', html), page
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), page
        image = re.search(r'<meta property="og:image" content="http://dangjian.intranet/([^"]+)">', html)
        assert image, page
        with Image.open(site / image.group(1)) as card:
            assert card.size == (1200, 630)


def test_photos_are_served_as_webp_with_a_fallback_and_explicit_size(example_project: Path):
    html = (example_project / "site" / "branches" / "huanan-wuliu" / "index.html").read_text()
    pictures = re.findall(r"<picture>(.*?)</picture>", html, re.S)
    assert pictures
    for picture in pictures:
        assert '<source type="image/webp" srcset="' in picture
        img = re.search(r"<img [^>]*>", picture).group(0)
        for attribute in ("srcset=", "sizes=", "width=", "height=", "alt=", "background-color: #"):
            assert attribute in img, (attribute, img)
    images = [img for img in re.findall(r"<img [^>]*>", html) if 'class="bh-' in img]
    assert 'loading="lazy"' not in images[0], "the hero logo loads at once"
    assert all('loading="lazy"' in img for img in images[1:]), "images below the fold load lazily"
