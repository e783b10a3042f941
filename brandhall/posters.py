"""`brandhall stars-pdf`: the current stars as a printable A4 PDF (贴好明星照), made with the
shared print module (printing.py)."""

from __future__ import annotations

from pathlib import Path

from .errors import BuildFailed
from .honours import HonourWall
from .printing import PrintKit
from .project import Project
from .site import check

LAYOUTS = ("grid", "single")


def export_stars_pdf(project: Project, output: Path, layout: str = "grid") -> int:
    """Write the PDF; returns how many figures it shows. Raises BuildFailed on content errors."""
    result = check(project)
    if result.problems.errors or result.graph is None:
        raise BuildFailed(result.problems)
    kit = PrintKit(project, result.graph, project.work_dir / "posters")
    wall = HonourWall(result.graph)
    groups = [g for g in (wall.current_month(), wall.current_year()) if g]
    html = kit.render("posters.html", groups=groups, layout=layout)
    kit.write_pdf(html, "posters.css", output)
    return len({e.figure for g in groups for e in g.entries})
