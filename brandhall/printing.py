"""What every print output shares (the stars posters, the brand booklets): the Jinja2 templates
of the layouts (templates.py) with print stylesheets of theme/assets/, the CJK fonts, QR codes, photos at
the print sizes of the photo pipeline, and WeasyPrint. Chinese text uses the machine's CJK
fonts (Debian's fonts-noto-cjk), which WeasyPrint embeds in the PDF as subsets."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

import segno
from markupsafe import Markup

from .graph import ContentGraph
from .images import ImageSet
from .photowork import PRINT_USES
from .project import Project
from .sharecards import find_cjk_font
from .templates import environment
from .terminal import Progress

BASE_STYLESHEET = "print.css"  # fonts and paper, under every print output's own stylesheet


class PrintKit:
    """Templates, photos and QR codes for the PDFs of one project's content graph."""

    def __init__(self, project: Project, graph: ContentGraph, work_dir: Path,
                 *, site_url: str | None = None, progress: Progress | None = None,
                 digests: dict[Path, str] | None = None):
        find_cjk_font()  # raises NoCjkFont with the fix, rather than printing empty boxes
        self.project = project
        self.work_dir = work_dir
        self.site_name = project.site_name
        self.site_url = site_url or project.site_url
        self.images = ImageSet(project.image_cache, work_dir, uses=PRINT_USES)
        self.images.digests.update(digests or {})  # photos the site build has already read
        self.images.process(graph, progress, "处理印刷照片")
        self.env = environment(project.layout_dirs, compiled=project.template_cache)

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(
            images=self.images, site_name=self.site_name, qr=self.qr, **context)

    def stylesheets(self, name: str) -> list[Path]:
        assets = self.project.assets_dir
        return [assets / BASE_STYLESHEET, assets / name]

    def qr(self, target: str) -> Markup | None:
        """An SVG QR code for the site address of `target` (site-relative, like "branches/x/");
        none when the site's address is not known (no site_url in mkdocs.yml)."""
        address = self.url(target)
        if address is None:
            return None
        code = segno.make(address, error="m", micro=False)
        return Markup(code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff"))

    def url(self, target: str) -> str | None:
        """The full site address of `target`, as printed under a QR code."""
        if not self.site_url:
            return None
        return urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/", target)

    def write_pdf(self, html: str, stylesheet: str, output: Path) -> None:
        typeset((html, [str(p) for p in self.stylesheets(stylesheet)], str(self.work_dir),
                 str(output)))


def typeset(job: tuple[str, list[str], str, str]) -> None:
    """Typeset HTML into a PDF file, which appears only once complete. One picklable argument
    (html, stylesheet files, base folder, output file), so builds can run it on all cores."""
    from weasyprint import CSS, HTML, URLFetcher  # imported late: it is slow to load

    html, stylesheets, base, target = job
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    output = Path(target)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.part")
    sheets = [CSS(filename=path) for path in stylesheets]
    local_only = URLFetcher(allowed_protocols={"file", "data"})  # nothing from any network
    HTML(string=html, base_url=base, url_fetcher=local_only).write_pdf(partial, stylesheets=sheets)
    partial.replace(output)
