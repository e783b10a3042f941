"""The photo checks of `brandhall check`: everything the image stage of a build would refuse or
warn about, found without processing the photo, with the same messages at the same lines.

Each photo is opened and decoded cheaply (JPEG at an eighth of its size through Pillow's
`draft`, PNG through `verify`), and the outcome is cached by the photo's content hash, so a
second `check` decodes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import Problem, Severity
from .graph import ContentGraph
from .images import (
    ACCEPTED_FORMATS,
    BROKEN,
    MAX_PIXELS,
    NOT_AN_IMAGE,
    PIPELINE_VERSION,
    TOO_MANY_PIXELS,
    UNREADABLE,
    Failure,
    ImageUse,
    collect_jobs,
    too_small,
    unsupported,
)
from .svg import UnsafeSvg, sanitize_svg

CHECK_VERSION = "1"
TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def check_photos(graph: ContentGraph, cache_dir: Path) -> list[Problem]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for job in collect_jobs(graph):
        for failure in _failures(job.source, job.use, cache_dir):
            problems.append(job.ref.problem(job.field, failure.message, failure.code, failure.severity))
    return problems


def _failures(source: Path, use: ImageUse, cache_dir: Path) -> list[Failure]:
    try:
        content = source.read_bytes()
    except OSError:
        return [UNREADABLE]
    key = hashlib.sha256(f"{PIPELINE_VERSION}|{CHECK_VERSION}|{use.name}|{use.min_width}|".encode()
                         + content).hexdigest()[:24]
    cached = cache_dir / f"{key}.json"
    if cached.is_file():
        return [Failure(f["message"], f["code"], Severity(f["severity"]))
                for f in json.loads(cached.read_text())]
    failures = _probe(source, use)
    cached.write_text(json.dumps([asdict(f) for f in failures]))
    return failures


def _probe(source: Path, use: ImageUse) -> list[Failure]:
    if source.suffix.lower() == ".svg":
        try:
            sanitize_svg(source.read_bytes())
        except UnsafeSvg as error:
            return [Failure(str(error), "E407")]
        return []
    try:
        with Image.open(source) as image:
            if image.format not in ACCEPTED_FORMATS:
                return [unsupported(image.format)]
            if image.width * image.height > MAX_PIXELS:
                return [TOO_MANY_PIXELS]
            if image.format == "PNG":
                image.verify()  # every chunk and its checksum, without inflating the pixels
                with Image.open(source) as fresh:  # verify leaves the image unusable
                    width = _shown_width(fresh)
            else:
                width = _shown_width(image)
                _decode_cheaply(image)
    except Image.DecompressionBombError:
        return [TOO_MANY_PIXELS]
    except UnidentifiedImageError:
        return [NOT_AN_IMAGE]
    except (OSError, SyntaxError, ValueError, EOFError):
        return [BROKEN]
    small = too_small(width, use)
    return [small] if small else []


def _shown_width(image: Image.Image) -> int:
    """The width after the EXIF orientation is applied, as the build measures it."""
    return image.height if image.getexif().get(0x0112) in TURNED else image.width


def _decode_cheaply(image: Image.Image) -> None:
    """Raise if the pixels cannot be read to the end: JPEG at an eighth of its size."""
    if image.format in ("JPEG", "MPO"):
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()
    ImageOps.exif_transpose(image)
