"""Offline copies: a build that works when opened from disk (file://), e.g. from a USB stick.

mkdocs-material's offline plugin switches to `use_directory_urls: false` and inlines the search
index into a script. On file:// a browser refuses to start the search Web Worker, so the plugin
adds the iframe-worker shim, by default from unpkg.com; we ship that shim with brandhall and put
it in the site instead, so an offline copy (like every build) makes no request outside.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.defaults import MkDocsConfig

VENDOR = Path(__file__).parent / "vendor"
SCRIPTS = ("iframe-worker-shim.js",)
TARGET_DIR = "assets/offline"
PLUGIN_NAME = "material/offline"


def stage_offline(docs_dir: Path) -> None:
    """Put the Worker shim among the staged pages, so the build copies it into the site."""
    (docs_dir / TARGET_DIR).mkdir(parents=True, exist_ok=True)
    for script in SCRIPTS:
        shutil.copyfile(VENDOR / script, docs_dir / TARGET_DIR / script)


def enable_offline(config: MkDocsConfig) -> None:
    """Turn a loaded MkDocs config into an offline build, with the Worker shim shipped locally."""
    config.use_directory_urls = False
    # The name contains "iframe-worker", so the plugin adds no CDN URL of its own.
    config.extra["polyfills"] = [f"{TARGET_DIR}/{script}" for script in SCRIPTS]
    if PLUGIN_NAME not in config.plugins and "offline" not in config.plugins:
        plugin = OfflinePlugin()
        errors, _ = plugin.load_config({})
        if errors:
            raise RuntimeError(f"offline 插件配置有误：{errors}")
        config.plugins[PLUGIN_NAME] = plugin
