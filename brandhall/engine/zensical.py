"""The Zensical engine: mkdocs-material's authors' successor. It reads mkdocs.yml and our theme
overrides, but wants its docs and site folders inside the folder of its config file, and has no
Python API to speak of; so we write it a config in `.brandhall/` (mkdocs.yml with the staged
pages, the classic look and the build's overrides), run `zensical build` in a process of its own,
and move what it built to where the build wants it.

Written for Zensical 0.0.73 (the newest that installs from the package index here; 0.1.x needs a
`zensical-ui` the index lacks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildFailed, Problem, Problems
from ..offline import SCRIPTS, TARGET_DIR
from .common import EngineBase, drop_stale_pages, staged_nav

CONFIG = "zensical.yml"  # in .brandhall/
OUTPUT = "zensical-site"  # in .brandhall/: Zensical builds only inside its config's folder
ERROR_LINES = 12  # of Zensical's output, shown when it fails


class _Loader(yaml.Loader):
    """mkdocs.yml as Zensical reads it: Python tags resolved, !ENV from the environment."""


def _env_tag(loader: yaml.Loader, node: yaml.Node) -> Any:
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else loader.construct_sequence(node))
    *names, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[n] for n in names if n in os.environ), default)


_Loader.add_constructor("!ENV", _env_tag)


class ZensicalEngine(EngineBase):
    name = "zensical"
    label = "Zensical"
    incremental = False  # every build is a full `zensical build` (see docs/incremental.md)

    def build(self, site_dir: Path, *, offline: bool = False, site_url: str | None = None,
              dirty: bool = False) -> None:
        work = self.project.work_dir
        output = work / OUTPUT
        if output.exists():
            shutil.rmtree(output)
        config = work / CONFIG
        config.write_text(yaml.dump(self.config(offline=offline, site_url=site_url), Dumper=yaml.Dumper,
                                    allow_unicode=True, sort_keys=False), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config)],
                              cwd=work, capture_output=True, text=True)
        if done.returncode != 0 or not (output / "index.html").exists():
            raise BuildFailed(Problems([self._failed(done.stdout + done.stderr)]))
        if dirty:
            shutil.copytree(output, site_dir, dirs_exist_ok=True)
            drop_stale_pages(self.project.staging_docs, site_dir)
            shutil.rmtree(output)
        else:
            if site_dir.exists():
                shutil.rmtree(site_dir)
            shutil.move(output, site_dir)

    def config(self, *, offline: bool, site_url: str | None) -> dict[str, Any]:
        """mkdocs.yml, pointed at the staged pages, in the look that matches mkdocs-material."""
        project = self.project
        with project.config_file.open(encoding="utf-8") as file:
            config = yaml.load(file, Loader=_Loader) or {}  # noqa: S506 - as MkDocs and Zensical do
        if "INHERIT" in config:
            config["INHERIT"] = str((project.root / config["INHERIT"]).resolve())
        config["docs_dir"] = project.staging_docs.relative_to(project.work_dir).as_posix()
        config["site_dir"] = OUTPUT
        theme = config["theme"] = config.get("theme") or {}
        theme["custom_dir"] = str(project.theme_dir)
        theme.setdefault("variant", "classic")  # "modern" makes our red header unreadable
        if site_url:
            config["site_url"] = site_url
        nav = staged_nav(config.get("nav"), project.staging_docs)
        if nav is not None:
            config["nav"] = nav
        # Pagefind indexes the built pages on either engine (search.py); Zensical's own search,
        # on by default, would add a second search box and index.
        config["plugins"] = [*(config.get("plugins") or []), {"search": {"enabled": False}}]
        if offline:
            extra = config["extra"] = config.get("extra") or {}
            # The name contains "iframe-worker", so Zensical adds no CDN URL of its own.
            extra["polyfills"] = [f"{TARGET_DIR}/{script}" for script in SCRIPTS]
            config["plugins"] = [*config["plugins"], "offline"]
        return config

    def _failed(self, output: str) -> Problem:
        tail = "\n".join(output.strip().splitlines()[-ERROR_LINES:])
        return Problem(self.project.config_file, 1, 1, "mkdocs.yml", "网站配置",
                       f"Zensical 构建失败：{tail}", "E506")
