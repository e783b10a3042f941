"""brandhall's templates ship in the package; a project's templates/ folder overrides them by
name (project first, brandhall second). No build, no browser."""

from __future__ import annotations

from pathlib import Path

from brandhall.project import Project
from brandhall.templates import DEFAULTS_DIR, environment, sources, template_file


def _project(tmp_path: Path) -> Project:
    (tmp_path / "mkdocs.yml").write_text("site_name: 展厅\ntheme:\n  name: material\n  custom_dir: theme\n",
                                         encoding="utf-8")
    return Project(tmp_path)


def test_the_defaults_are_in_the_package_and_not_in_the_mkdocs_theme(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert project.layout_dirs == [tmp_path.resolve() / "templates" / "layouts", DEFAULTS_DIR / "layouts"]
    assert project.scaffold_dirs[-1] == DEFAULTS_DIR / "scaffold"
    assert (DEFAULTS_DIR / "layouts" / "branch.html").is_file()
    assert (DEFAULTS_DIR / "scaffold" / "branch.yml.j2").is_file()
    assert (DEFAULTS_DIR / "screens" / "screen.js").is_file()
    assert not any(d.is_relative_to(project.theme_dir) for d in project.layout_dirs + project.scaffold_dirs)


def test_a_project_file_overrides_the_default_of_the_same_name(tmp_path: Path) -> None:
    project = _project(tmp_path)
    own = project.templates_dir / "layouts"
    own.mkdir(parents=True)
    (own / "macros.html").write_text("{% macro star(x) %}★{{ x }}{% endmacro %}", encoding="utf-8")
    env = environment(project.layout_dirs)
    assert env.from_string('{% import "macros.html" as m %}{{ m.star("<b>") }}').render() == "★&lt;b&gt;"
    assert env.get_template("branch.html").filename == str(DEFAULTS_DIR / "layouts" / "branch.html")
    assert any(s.startswith("macros.html\0{% macro star") for s in sources(env))
    assert template_file(project.screens_dirs, "screen.js") == DEFAULTS_DIR / "screens" / "screen.js"


def test_one_set_of_filters_in_every_environment(tmp_path: Path) -> None:
    project = _project(tmp_path)
    html = environment(project.layout_dirs)
    text = environment(project.scaffold_dirs, html=False)
    shown = html.from_string("{{ '2024-Q1' | period }} {{ '2021-09-18' | date }}").render()
    assert shown == "2024年第一季度 2021年9月18日"
    assert text.from_string("{{ '<b>' }} {{ '2024-03' | period }}\n").render() == "<b> 2024年3月\n"
    assert str(html.from_string("{{ '**好**' | md }}").render()) == "<p><strong>好</strong></p>"
