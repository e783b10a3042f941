"""The project object: mkdocs.yml read once, every path taken from it. No build, no browser."""

from __future__ import annotations

from pathlib import Path

from brandhall.project import Project


def _project(tmp_path: Path, mkdocs: str) -> Project:
    (tmp_path / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return Project(tmp_path)


def test_the_theme_folder_is_mkdocs_custom_dir(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: 展厅\ntheme:\n  name: material\n  custom_dir: overrides\n")
    assert project.theme_dir == tmp_path.resolve() / "overrides"
    assert project.assets_dir == tmp_path.resolve() / "overrides" / "assets"


def test_without_custom_dir_the_theme_folder_is_theme(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: 展厅\ntheme: material\n")
    assert project.theme_dir == tmp_path.resolve() / "theme"
    assert project.theme == {}


def test_name_address_and_sections_come_from_the_one_reading(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: 一支部一品牌\nsite_url: http://intranet/brand/\n"
                                 "nav:\n  - 首页: index.md\n  - 关于: about.md\n  - 指南: guide/index.md\n")
    assert project.site_name == "一支部一品牌"
    assert project.site_url == "http://intranet/brand/"
    assert project.sections == [("首页", ""), ("关于", "about/"), ("指南", "guide/")]


def test_a_settings_mistake_is_kept_with_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path, "site_name: 展厅\nextra:\n  brandhall:\n    tiers: 培育\n")
    [problem] = project.settings_problems
    assert (problem.line, problem.field) == (4, "extra.brandhall.tiers")
    assert project.settings.tiers  # the defaults stay usable


def test_no_mkdocs_yml_gives_the_defaults(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert project.site_name == "党建品牌展厅" and project.site_url is None
    assert project.settings_problems == []
