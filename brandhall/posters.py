"""`brandhall stars-pdf`: the current stars as a printable A4 PDF (贴好明星照), made with
WeasyPrint. Chinese text uses the machine's CJK font, which WeasyPrint embeds in the PDF."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .errors import BuildFailed
from .honours import HonourWall
from .images import ImageSet
from .markup import format_period
from .site import Project, check

LAYOUTS = ("grid", "single")


def export_stars_pdf(project: Project, output: Path, layout: str = "grid") -> int:
    """Write the PDF; returns how many figures it shows. Raises BuildFailed on content errors."""
    from weasyprint import CSS, HTML  # imported late: it is slow to load

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    result = check(project)
    if result.problems.errors or result.graph is None:
        raise BuildFailed(result.problems)
    work = project.work_dir / "posters"
    images = ImageSet(project.image_cache, work)
    images.process(result.graph)
    wall = HonourWall(result.graph)
    groups = [g for g in (wall.current_month(), wall.current_year()) if g]
    env = Environment(loader=FileSystemLoader(project.layouts_dir),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["period"] = format_period
    html = env.get_template("posters.html").render(groups=groups, images=images, layout=layout,
                                                   site_name=_site_name(project))
    stylesheet = CSS(filename=str(project.root / "theme" / "assets" / "posters.css"))
    output.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=str(work)).write_pdf(output, stylesheets=[stylesheet])
    return len({e.figure for g in groups for e in g.entries})


def _site_name(project: Project) -> str:
    from .settings import read_mkdocs_yml

    return str(read_mkdocs_yml(project.root).get("site_name", "党建品牌展厅"))
