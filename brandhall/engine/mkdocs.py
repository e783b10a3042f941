"""The MkDocs engine: a real `mkdocs build` with mkdocs-material supplying the chrome and
navigation, its output patched by `patches.py`; offline copies by `offline.py`.

`build_work_site` keeps a persistent work site (`worksite.py`) and renders only the pages whose
staged file changed (MkDocs' dirty build), when nothing every page shows has changed; see
docs/incremental.md, "The engine", for why the result equals a cold build.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File
from mkdocs.utils import is_markdown_file

from ..errors import BuildFailed, Problem, Problems
from ..loadcache import code_version
from ..offline import PLUGIN_NAME, enable_offline
from ..patches import apply_patches
from .common import EngineBase, config_text, drop_stale_pages, fixed_nav, nav_targets, staged_nav
from .worksite import Plan, WorkSite, fingerprint, unlink_output

# Whose versions change what MkDocs writes on every page.
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments", "jinja2")
SAFE_PLUGINS = {PLUGIN_NAME}  # plugins that look at no other page than the one being built


class _NoDirtyWarning(logging.Filter):
    """The preview's in-place builds are deliberate; MkDocs need not warn about each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


NO_DIRTY_WARNING = _NoDirtyWarning()


class MkDocsEngine(EngineBase):
    name = "mkdocs"
    label = "MkDocs"
    incremental = True

    def build(self, site_dir: Path, *, offline: bool = False, site_url: str | None = None,
              dirty: bool = False) -> None:
        with self._failing_as_problems():
            config = self._config(site_dir, offline, site_url)
            mkdocs_build(config, dirty=dirty)
            if dirty:
                drop_stale_pages(self.project.staging_docs, site_dir)
            apply_patches(site_dir, self.project.config_file)

    def build_work_site(self, work: WorkSite, *, offline: bool = False, site_url: str | None = None) -> Plan:
        """Update `work.site` for the staged pages: in place, rendering only what changed, or
        afresh. Returns the plan it followed."""
        docs = self.project.staging_docs
        with self._failing_as_problems():
            config = self._config(work.site, offline, site_url)
            digest = self._fingerprint(config, offline, site_url)
            plugins = set(config.plugins) - SAFE_PLUGINS
            plan = work.plan(digest, docs, is_page=is_markdown_file,
                             dirty_ok=fixed_nav(config.nav) and not config.strict and not plugins)
            work.forget()  # until this build has finished
            if not plan.full:
                for relative in plan.stale:
                    unlink_output(work.site, _dest(relative, config))
                for template in (*config.theme.static_templates, *config.extra_templates):
                    unlink_output(work.site, template)
                    if template == "sitemap.xml":
                        unlink_output(work.site, "sitemap.xml.gz")
            with _new_files():
                mkdocs_build(config, dirty=not plan.full)
            apply_patches(work.site, self.project.config_file)
            work.save(digest, plan)
        return plan

    def _config(self, site_dir: Path, offline: bool, site_url: str | None) -> MkDocsConfig:
        project = self.project
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        logging.getLogger("mkdocs.commands.build").addFilter(NO_DIRTY_WARNING)
        overrides: dict[str, Any] = {"site_url": site_url} if site_url else {}
        nav = staged_nav(project.mkdocs.get("nav"), project.staging_docs)
        if nav is not None:
            overrides["nav"] = nav
        config = load_config(str(project.config_file), docs_dir=str(project.staging_docs),
                             site_dir=str(site_dir), **overrides)
        if offline:
            enable_offline(config)
        return config

    def _fingerprint(self, config: MkDocsConfig, offline: bool, site_url: str | None) -> str:
        """What every page shows or is made with: a change here builds the work site afresh."""
        versions = {}
        for package in PACKAGES:
            try:
                versions[package] = version(package)
            except PackageNotFoundError:
                versions[package] = None
        project = self.project
        return fingerprint(self.name, code_version(), versions, config_text(project.config_file),
                           offline, site_url, config.nav, config.use_directory_urls,
                           nav_targets(config.nav, project.staging_docs), project.theme_dir)

    def _failing_as_problems(self):
        return _MkDocsFailure(self.project.config_file)


@contextmanager
def _new_files() -> Iterator[None]:
    """MkDocs writes each output as a new file, never into the old one: `site/` shares the work
    site's files by hard link. (A theme file whose mtime alone changed, as in a fresh clone, is
    copied again by a dirty build, into the old file.) sitemap.xml.gz, which MkDocs opens
    itself, is removed before the build."""
    copy_file, write_file = mkdocs_utils.copy_file, mkdocs_utils.write_file

    def new_copy(source_path: str, output_path: str) -> None:
        if os.path.isfile(output_path):
            os.unlink(output_path)
        copy_file(source_path, output_path)

    def new_write(content: bytes, output_path: str) -> None:
        if os.path.isfile(output_path):
            os.unlink(output_path)
        write_file(content, output_path)

    mkdocs_utils.copy_file, mkdocs_utils.write_file = new_copy, new_write
    try:
        yield
    finally:
        mkdocs_utils.copy_file, mkdocs_utils.write_file = copy_file, write_file


def _dest(relative: str, config: MkDocsConfig) -> str:
    """Where MkDocs writes the staged file `relative`."""
    return File(relative, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri


class _MkDocsFailure:
    """MkDocs' own errors as one Chinese problem about mkdocs.yml."""

    def __init__(self, config_file: Path):
        self.config_file = config_file

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, MkDocsException):
            raise BuildFailed(Problems([Problem(self.config_file, 1, 1, "mkdocs.yml", "网站配置",
                                                f"MkDocs 构建失败：{error}", "E501")])) from None
        return False
