"""The MkDocs engine: a real `mkdocs build` with mkdocs-material supplying the chrome, navigation
and Chinese search, its output patched by `patches.py`; offline copies by `offline.py`."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..errors import BuildFailed, Problem, Problems
from ..offline import enable_offline
from ..patches import apply_patches
from .common import EngineBase, drop_stale_pages, staged_nav
from .searchindex import SearchIndex

INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"  # for file://, by Material's offline plugin


class _NoDirtyWarning(logging.Filter):
    """The preview's in-place builds are deliberate; MkDocs need not warn about each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


NO_DIRTY_WARNING = _NoDirtyWarning()


class MkDocsEngine(EngineBase):
    name = "mkdocs"
    label = "MkDocs"

    def build(self, site_dir: Path, *, offline: bool = False, site_url: str | None = None,
              dirty: bool = False) -> None:
        project = self.project
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        logging.getLogger("mkdocs.commands.build").addFilter(NO_DIRTY_WARNING)
        overrides = {"site_url": site_url} if site_url else {}
        nav = staged_nav(project.mkdocs.get("nav"), project.staging_docs)
        if nav is not None:
            overrides["nav"] = nav
        try:
            config = load_config(str(project.config_file), docs_dir=str(project.staging_docs),
                                 site_dir=str(site_dir), **overrides)
            if offline:
                enable_offline(config)
            logging.getLogger("jieba").setLevel(logging.WARNING)  # imported by load_config
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and not search.config.jieba_dict_user:
                search.config.jieba_dict_user = str(project.work_dir / "jieba_user.txt")
            mkdocs_build(config, dirty=dirty)
            if dirty:
                drop_stale_pages(project.staging_docs, site_dir)
            apply_patches(site_dir, project.config_file)
        except MkDocsException as error:
            raise BuildFailed(Problems([Problem(project.config_file, 1, 1, "mkdocs.yml",
                                                "网站配置", f"MkDocs 构建失败：{error}",
                                                "E501")])) from None

    def search_index(self, site_dir: Path, *, offline: bool) -> SearchIndex | None:
        if not (site_dir / INDEX).exists():  # the search plugin is switched off in mkdocs.yml
            return None
        return SearchIndex(site_dir / INDEX, "docs", site_dir / OFFLINE_INDEX if offline else None)
