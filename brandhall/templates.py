"""brandhall's templates: the defaults shipped in the package (`brandhall/defaults/`), which a
project overrides file by file from its own `templates/` folder, as Hugo's lookup order does.

- `layouts/`: the pages, booklets and posters made from the content graph;
- `scaffold/`: what `brandhall new` writes;
- `screens/`: the lobby screens' pages, CSS and JS.

One Jinja environment factory, with one set of filters, serves all of them. MkDocs' own
overrides and the site's static assets stay in the theme folder (`theme.custom_dir`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from .markup import front_matter_value, render_markdown
from .periods import format_date, format_period

DEFAULTS_DIR = Path(__file__).parent / "defaults"
PROJECT_TEMPLATES_DIR = "templates"  # in a project: its own versions, by the same names
KINDS = ("layouts", "scaffold", "screens")


def template_dirs(project_root: Path, kind: str) -> list[Path]:
    """Where templates of `kind` are looked up: the project's own folder first, then brandhall's."""
    return [project_root / PROJECT_TEMPLATES_DIR / kind, DEFAULTS_DIR / kind]


def template_file(dirs: list[Path], name: str) -> Path:
    """The file a template name stands for: the first folder that has it (the defaults have all)."""
    return next((d / name for d in dirs if (d / name).is_file()), dirs[-1] / name)


def environment(dirs: list[Path], *, html: bool = True, compiled: Path | None = None,
                **filters: Callable[..., Any]) -> Environment:
    """A Jinja environment over `dirs` with the shared filters (`filters` add or replace some).
    HTML templates autoescape everything; the scaffold's YAML and Markdown are text, not HTML,
    and escape their values themselves. With `compiled`, templates compiled by an earlier build
    are kept there and reused while their source is the same (Jinja checks it)."""
    options: dict[str, Any] = (
        {"autoescape": select_autoescape(default=True, default_for_string=True),
         "trim_blocks": True, "lstrip_blocks": True}
        if html else {"autoescape": False, "keep_trailing_newline": True})
    if compiled is not None:
        # the compiled code depends on Jinja's version and on the options above
        folder = compiled / f"jinja-{jinja2.__version__}-{'html' if html else 'text'}"
        folder.mkdir(parents=True, exist_ok=True)
        options["bytecode_cache"] = FileSystemBytecodeCache(str(folder))
    env = Environment(loader=ChoiceLoader([FileSystemLoader(d) for d in dirs]),
                      undefined=StrictUndefined, **options)
    env.filters.update({"md": render_markdown, "fm": front_matter_value, "period": format_period,
                        "date": format_date} | filters)
    return env


def sources(env: Environment) -> list[str]:
    """Every template `env` would use, by name and text (an override in place of the default),
    so a cache can tell when one changed."""
    return [f"{name}\0{env.loader.get_source(env, name)[0]}" for name in sorted(env.list_templates())]
