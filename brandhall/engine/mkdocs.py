"""The MkDocs engine: a real `mkdocs build` with mkdocs-material supplying the chrome and
navigation, its output patched by `patches.py`; offline copies by `offline.py`."""

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
            mkdocs_build(config, dirty=dirty)
            if dirty:
                drop_stale_pages(project.staging_docs, site_dir)
            apply_patches(site_dir, project.config_file)
        except MkDocsException as error:
            raise BuildFailed(Problems([Problem(project.config_file, 1, 1, "mkdocs.yml",
                                                "网站配置", f"MkDocs 构建失败：{error}",
                                                "E501")])) from None
