"""The site engine package: which engine a project gets, the nav pointed at the staged pages, and
the config Zensical is given. No build, no browser."""

from __future__ import annotations

from pathlib import Path

import yaml

from brandhall.engine import engine_for
from brandhall.engine.common import staged_nav
from brandhall.project import Project

MKDOCS = """site_name: 展厅
theme:
  name: material
  custom_dir: theme
nav:
  - 首页: index.md
  - 明星墙: wall.md
  - 关于: about.md
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  brandhall:
    tiers: [培育, 示范, 标杆]
"""


def _project(tmp_path: Path, mkdocs: str = MKDOCS) -> Project:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    docs = tmp_path / ".brandhall" / "docs"
    (docs / "wall").mkdir(parents=True)
    for page in ("index.md", "wall/index.md", "about.md"):
        (docs / page).write_text("# 页面\n", encoding="utf-8")
    return Project(tmp_path)


def test_mkdocs_is_the_default_and_the_setting_or_the_flag_chooses_zensical(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert engine_for(project).name == "mkdocs"
    assert engine_for(project, "zensical").name == "zensical"
    chosen = _project(tmp_path / "z", MKDOCS.replace("    tiers:", "    engine: zensical\n    tiers:"))
    assert chosen.settings_problems == []
    assert engine_for(chosen).name == "zensical"
    assert engine_for(chosen, "mkdocs").name == "mkdocs"


def test_the_nav_points_at_pages_staged_as_folder_index(tmp_path: Path) -> None:
    project = _project(tmp_path)
    nav = staged_nav(project.mkdocs["nav"], project.staging_docs)
    assert nav == [{"首页": "index.md"}, {"明星墙": "wall/index.md"}, {"关于": "about.md"}]
    assert staged_nav(nav, project.staging_docs) is None  # nothing left to change


def test_zensical_gets_the_staged_pages_the_theme_and_the_classic_look(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = engine_for(project, "zensical").config(offline=False, site_url="http://intranet/brand/")
    assert config["docs_dir"] == "docs"  # inside .brandhall/, where its config is written
    assert config["theme"]["custom_dir"] == str(project.theme_dir)
    assert config["theme"]["variant"] == "classic"
    assert config["site_url"] == "http://intranet/brand/"
    assert config["nav"][1] == {"明星墙": "wall/index.md"}
    written = yaml.dump(config, Dumper=yaml.Dumper, allow_unicode=True)
    assert "!!python/name:pymdownx.superfences.fence_code_format" in written


def test_an_offline_zensical_build_ships_its_worker_shim(tmp_path: Path) -> None:
    config = engine_for(_project(tmp_path), "zensical").config(offline=True, site_url=None)
    assert config["extra"]["polyfills"] == ["assets/offline/iframe-worker-shim.js"]
    assert config["plugins"][-1] == "offline"
