"""The site engine: the program that wraps the staged Markdown pages in the site's chrome and
navigation. MkDocs with mkdocs-material is the default; Zensical, its authors' successor, reads
the same mkdocs.yml and theme overrides. This package is the only place that knows which one
runs: the build hands it the staged pages and gets a site folder and its search index back.

An engine does three things:
- `stage(docs_dir, offline=…)`: add what it needs to the staged pages before the build;
- `build(site_dir, …)`: build the staged pages into `site_dir`;
- `search_index(site_dir, offline=…)`: where it wrote the search index, in which format, so
  `search.py` can add the generated pages to it (None when search is switched off).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, get_args

from ..project import Project
from ..settings import EngineName
from .searchindex import SearchIndex

ENGINES: tuple[EngineName, ...] = get_args(EngineName)
DEFAULT_ENGINE: EngineName = "mkdocs"


class Engine(Protocol):
    name: EngineName
    label: str  # the build report's name for the engine's stage

    def stage(self, docs_dir: Path, *, offline: bool) -> None: ...

    def build(self, site_dir: Path, *, offline: bool = False, site_url: str | None = None,
              dirty: bool = False) -> None: ...

    def search_index(self, site_dir: Path, *, offline: bool) -> SearchIndex | None: ...


def engine_for(project: Project, name: str | None = None) -> Engine:
    """The engine named on the command line, else the one in mkdocs.yml (extra.brandhall.engine)."""
    name = name or project.settings.engine
    if name == "zensical":
        from .zensical import ZensicalEngine

        return ZensicalEngine(project)
    from .mkdocs import MkDocsEngine

    return MkDocsEngine(project)


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineName", "SearchIndex", "engine_for"]
