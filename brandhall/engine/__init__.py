"""The site engine: the program that wraps the staged Markdown pages in the site's chrome and
navigation. MkDocs with mkdocs-material is the default; Zensical, its authors' successor, reads
the same mkdocs.yml and theme overrides. This package is the only place that knows which one
runs: the build hands it the staged pages and gets a site folder back. Search is the engine's
business no longer: Pagefind indexes the built HTML afterwards (`search.py`), on either engine.

An engine does two things:
- `stage(docs_dir, offline=…)`: add what it needs to the staged pages before the build;
- `build(site_dir, …)`: build the staged pages into `site_dir`;
- with `incremental`, `build_work_site(work, …)`: update the persistent work site
  (`worksite.py`), rendering only the pages whose staged file changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, get_args

from ..project import Project
from ..settings import EngineName

ENGINES: tuple[EngineName, ...] = get_args(EngineName)
DEFAULT_ENGINE: EngineName = "mkdocs"


class Engine(Protocol):
    name: EngineName
    label: str  # the build report's name for the engine's stage
    incremental: bool  # has `build_work_site`: renders only changed pages into a work site

    def stage(self, docs_dir: Path, *, offline: bool) -> None: ...

    def build(self, site_dir: Path, *, offline: bool = False, site_url: str | None = None,
              dirty: bool = False) -> None: ...

    # Only when `incremental` (MkDocsEngine): update `work.site`, a worksite.WorkSite.
    def build_work_site(self, work: Any, *, offline: bool = False, site_url: str | None = None) -> Any: ...


def engine_for(project: Project, name: str | None = None) -> Engine:
    """The engine named on the command line, else the one in mkdocs.yml (extra.brandhall.engine)."""
    name = name or project.settings.engine
    if name == "zensical":
        from .zensical import ZensicalEngine

        return ZensicalEngine(project)
    from .mkdocs import MkDocsEngine

    return MkDocsEngine(project)


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineName", "engine_for"]
