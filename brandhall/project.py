"""A brandhall project: its folder, its mkdocs.yml (read once) and every path inside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem
from .settings import SiteSettings, read_settings, site_sections
from .templates import PROJECT_TEMPLATES_DIR, template_dirs

WORK_DIR = ".brandhall"
DEFAULT_THEME_DIR = "theme"
DEFAULT_SITE_NAME = "党建品牌展厅"


@dataclass
class Project:
    """A brandhall project: the folder holding mkdocs.yml, branches/, docs/, theme/ and, when it
    overrides brandhall's templates, templates/."""

    root: Path
    mkdocs: dict[str, Any] = field(init=False)  # mkdocs.yml as written (tags kept as text)
    settings: SiteSettings = field(init=False)
    settings_problems: list[Problem] = field(init=False)  # mistakes in mkdocs.yml's extra.brandhall

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.mkdocs, self.settings, self.settings_problems = read_settings(self.root)

    # --- mkdocs.yml ---------------------------------------------------------------------------

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_name(self) -> str:
        return str(self.mkdocs.get("site_name") or DEFAULT_SITE_NAME)

    @property
    def site_url(self) -> str | None:
        return self.mkdocs.get("site_url") or None

    @property
    def theme(self) -> dict[str, Any]:
        theme = self.mkdocs.get("theme")
        return theme if isinstance(theme, dict) else {}

    @property
    def sections(self) -> list[tuple[str, str]]:
        return site_sections(self.mkdocs)

    # --- folders --------------------------------------------------------------------------------

    @property
    def branches_dir(self) -> Path:
        return self.root / self.settings.branches_dir

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def theme_dir(self) -> Path:
        """MkDocs' `custom_dir`: its overrides and the site's static assets."""
        custom = self.theme.get("custom_dir")
        return self.root / (custom if isinstance(custom, str) and custom.strip() else DEFAULT_THEME_DIR)

    @property
    def assets_dir(self) -> Path:
        return self.theme_dir / "assets"

    @property
    def templates_dir(self) -> Path:
        """The project's own versions of brandhall's templates, overriding them by name."""
        return self.root / PROJECT_TEMPLATES_DIR

    @property
    def layout_dirs(self) -> list[Path]:
        return template_dirs(self.root, "layouts")

    @property
    def scaffold_dirs(self) -> list[Path]:
        return template_dirs(self.root, "scaffold")

    @property
    def screens_dirs(self) -> list[Path]:
        return template_dirs(self.root, "screens")

    @property
    def work_dir(self) -> Path:
        return self.root / WORK_DIR

    @property
    def staging_docs(self) -> Path:
        return self.work_dir / "docs"

    @property
    def media_dir(self) -> Path:
        """Processed photos and share cards, linked into the built site after the engine: never
        through it (MkDocs would copy and check 80,000 files at 1,000 branches on every build)."""
        return self.work_dir / "media"

    @property
    def image_cache(self) -> Path:
        return self.work_dir / "cache" / "images"

    @property
    def page_cache(self) -> Path:
        return self.work_dir / "cache" / "pages"

    @property
    def template_cache(self) -> Path:
        """Compiled templates, so a build does not compile every layout again."""
        return self.work_dir / "cache" / "templates"
