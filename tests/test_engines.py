"""Choosing the site engine: `engine: zensical` in mkdocs.yml builds with Zensical, a template
Zensical cannot render stops the build with a clear message and leaves site/ as it was, and
`publish --engine zensical` publishes a Zensical build. (The page, link, request, search and
offline tests run on both engines in their own modules.)"""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project
from helpers import replace_once, run_brandhall, snapshot


def test_the_engine_setting_chooses_zensical_and_a_failing_template_changes_nothing(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    replace_once(project / "mkdocs.yml", "    branches_dir: branches\n",
                 "    branches_dir: branches\n    engine: zensical\n")
    code, lines = run_brandhall(project, "build", "--no-booklets", timeout=300)
    assert code == 0, "\n".join(lines)
    assert any("Zensical" in line for line in lines), "\n".join(lines)
    assert (project / "site" / "pagefind" / "pagefind.js").is_file(), "Pagefind indexes either engine's pages"
    assert "md-search" not in (project / "site" / "index.html").read_text(encoding="utf-8"), \
        "Zensical's own search is off, as MkDocs' is"
    before = snapshot(project / "site")

    # Jinja2 (MkDocs) has str.startswith; Zensical's MiniJinja does not.
    replace_once(project / "theme" / "main.html", "{% block extrahead %}",
                 '{% block extrahead %}{{ "a".startswith("a") }}')
    code, lines = run_brandhall(project, "build", "--no-booklets", timeout=300)
    output = "\n".join(lines)
    assert code == 1, output
    assert "错误 mkdocs.yml:1:1: mkdocs.yml (网站配置): Zensical 构建失败：" in output
    assert "startswith" in output  # Zensical's own words say which template and what
    assert "构建失败：1 个错误" in output and "site/ 没有改动" in output
    assert "Traceback" not in output
    assert snapshot(project / "site") == before


def test_publish_with_zensical(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    code, lines = run_brandhall(project, "publish", "--to", str(tmp_path / "www"), "--engine", "zensical",
                                timeout=600)
    assert code == 0, "\n".join(lines)
    live = tmp_path / "www" / "current"
    assert (live / "pagefind" / "pagefind.js").is_file() and (live / "index.html").is_file()
    assert (live / "branches" / "guangzhou-peisong" / "booklet.pdf").is_file()
    assert (live / "screens" / "index.html").is_file()
