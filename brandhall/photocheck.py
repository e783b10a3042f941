"""The photo checks of `brandhall check`: everything the image stage of a build would refuse or
warn about, found without processing the photo, with the same messages at the same lines.

Each photo is opened and decoded cheaply (JPEG at an eighth of its size through Pillow's
`draft`, PNG through `verify`), and the outcome is cached by the photo's content hash, so a
second `check` decodes nothing, and reads a photo again only when its size or time changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import Problem, Severity
from .graph import ContentGraph
from .images import collect_jobs
from .photowork import (
    ACCEPTED_FORMATS,
    BROKEN,
    MAX_PIXELS,
    NOT_AN_IMAGE,
    PIPELINE_VERSION,
    TOO_MANY_PIXELS,
    UNREADABLE,
    Failure,
    ImageUse,
    too_small,
    unsupported,
)
from .svg import UnsafeSvg, sanitize_svg

CHECK_VERSION = "1"
TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


class PhotoCheck:
    """Checks every photo of a graph; `digests` holds each photo's content hash afterwards, for
    the build's image stage to reuse."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self.index_file = cache_dir / "digests.json"
        self.digests: dict[Path, str] = {}

    def run(self, graph: ContentGraph) -> list[Problem]:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        index = self._read_index()
        problems = []
        for job in collect_jobs(graph):
            for failure in self._failures(job.source, job.use, index):
                problems.append(job.ref.problem(job.field, failure.message, failure.code, failure.severity))
        self.index_file.write_text(json.dumps(index))
        return problems

    def _read_index(self) -> dict[str, list]:
        try:
            return json.loads(self.index_file.read_text())
        except (OSError, ValueError):
            return {}

    def _digest(self, source: Path, index: dict[str, list]) -> str:
        """The content hash, read again only when the file's size or time changed."""
        if source not in self.digests:
            stat = source.stat()
            known = index.get(str(source))
            if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
                self.digests[source] = known[2]
            else:
                self.digests[source] = hashlib.sha256(source.read_bytes()).hexdigest()
                index[str(source)] = [stat.st_size, stat.st_mtime_ns, self.digests[source]]
        return self.digests[source]

    def _failures(self, source: Path, use: ImageUse, index: dict[str, list]) -> list[Failure]:
        try:
            digest = self._digest(source, index)
        except OSError:
            return [UNREADABLE]
        key = hashlib.sha256(f"{digest}|{PIPELINE_VERSION}|{CHECK_VERSION}|{use.name}|{use.min_width}".encode())
        cached = self.cache_dir / f"{key.hexdigest()[:24]}.json"
        if cached.is_file():
            return [Failure(f["message"], f["code"], Severity(f["severity"]))
                    for f in json.loads(cached.read_text())]
        failures = _probe(source, use)
        cached.write_text(json.dumps([asdict(f) for f in failures]))
        return failures


def check_photo(source: Path, use: ImageUse) -> list[Failure]:
    """The checks of one photo outside the graph (a lobby screen's picture), uncached."""
    if not source.is_file():
        return [UNREADABLE]
    return _probe(source, use)


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
