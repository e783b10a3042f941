"""Pictures and posters on screens (`type: image`, `type: poster`): files in `screens/`, checked
like branch photos in `check` and processed by the same photo pipeline in `build`. A PDF
poster is its first page, drawn once by poppler's `pdftoppm` into a cache."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from ..errors import Problem, Severity
from ..graph import SourceRef
from ..images import ImageJob, ImageUse
from ..models import label_of
from ..photocheck import check_photo
from ..yamlsource import Located, dotted
from .models import SCREENS_DIR, ImageSlide, PosterSlide, Screen, SlideBase

# Fitted to a 1080p screen, no crop; 4K players scale it. Narrower than 960 px looks blurred.
SCREEN_PICTURE = ImageUse("screen", (1920,), None, 960, "100vw")
POSTER_DPI = 150  # an A-size page at 150 dpi is a little over 1080 px high
PDF_TIMEOUT = 60


def source_of(root: Path, slide: ImageSlide | PosterSlide, cache_dir: Path) -> tuple[Path | None, str]:
    """The image file the pipeline reads for `slide` (a PDF's first page as PNG), or why there is none."""
    folder = (root / SCREENS_DIR).resolve()
    source = (root / SCREENS_DIR / slide.src).resolve()
    if not source.is_relative_to(folder):
        return None, "这个文件（或它的快捷方式）指向 screens/ 文件夹以外，请把文件本身放进 screens/"
    if not source.is_file():
        return None, f"找不到文件 screens/{slide.src}，请确认文件名和所在文件夹（大小写也要一致）"
    if source.suffix.lower() != ".pdf":
        return source, ""
    return _first_page(source, cache_dir)


def _first_page(pdf: Path, cache_dir: Path) -> tuple[Path | None, str]:
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()[:24]
    target = cache_dir / f"{digest}-{POSTER_DPI}.png"
    if target.is_file():
        return target, ""
    if shutil.which("pdftoppm") is None:
        return None, "这台电脑没有安装 pdftoppm（poppler-utils），读不了 PDF 海报；请安装它，或把海报另存为 PNG"
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["pdftoppm", "-png", "-r", str(POSTER_DPI), "-f", "1", "-l", "1", "-singlefile",
                               str(pdf), str(target.with_suffix(""))], capture_output=True, timeout=PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "这个 PDF 太复杂，第一页画不出来；请另存为 PNG 海报"
    if done.returncode != 0 or not target.is_file():
        return None, "这个 PDF 打不开或已损坏，请重新导出（或另存为 PNG 海报）"
    return target, ""


def picture_slides(screen: Screen) -> list[tuple[int, ImageSlide | PosterSlide]]:
    return [(i, s) for i, s in enumerate(screen.slides) if isinstance(s, ImageSlide | PosterSlide)]


def check_pictures(slides: list[tuple[int, SlideBase]], root: Path, cache_dir: Path, doc: Located,
                   file: Path) -> list[Problem]:
    """The photo checks (readable, an image, not too many pixels, not too small) on each picture."""
    problems: list[Problem] = []
    for index, slide in slides:
        if isinstance(slide, ImageSlide | PosterSlide):
            path = ("slides", index, "src")
            located = (file, *doc.position_of(path), dotted(path), label_of(type(slide), ("src",)))
            problems += [Problem(*located, message, code, severity)
                         for message, code, severity in _picture_failures(root, slide, cache_dir)]
    return problems


def _picture_failures(root: Path, slide: ImageSlide | PosterSlide, cache_dir: Path) -> list[tuple]:
    source, why = source_of(root, slide, cache_dir)
    if source is None:
        code = "E401" if why.startswith("找不到") else "E805" if "以外" in why else "E620"
        return [(why, code, Severity.ERROR)]
    return [(f.message, f.code, f.severity) for f in check_photo(source, SCREEN_PICTURE)]


def picture_jobs(screens, root: Path, cache_dir: Path) -> list[ImageJob]:
    """What `build` processes for the screens' pictures, after `check` found them fine."""
    jobs = []
    for loaded in screens:
        for index, slide in picture_slides(loaded.screen):
            source, _ = source_of(root, slide, cache_dir)
            if source is not None:
                jobs.append(ImageJob(source, SCREEN_PICTURE, None,
                                     SourceRef(loaded.file, loaded.doc, ("slides", index), type(slide)), ("src",)))
    return jobs
