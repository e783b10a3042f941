"""Every photo the site shows: logos, portraits and story photos, oriented, cropped and resized.

Outputs are cached by source content and settings in a folder outside `site/`, so a rebuild with
no photo changed decodes no photo. Errors point at the YAML line that referenced the photo.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import Problem, Severity
from .graph import BranchNode, ContentGraph, FigureNode, SourceRef, StoryNode
from .yamlsource import FieldPath

Image.MAX_IMAGE_PIXELS = 60_000_000
PIPELINE_VERSION = "1"
OUTPUT_DIR = "assets/photos"


@dataclass(frozen=True)
class ImageUse:
    """One way the site uses a photo: the box it must fit, and whether it is cropped to it."""

    name: str
    width: int
    height: int
    crop: bool
    min_width: int


PORTRAIT = ImageUse("portrait", 600, 800, crop=True, min_width=240)
STORY_PHOTO = ImageUse("story", 1600, 1200, crop=False, min_width=400)
LOGO = ImageUse("logo", 480, 480, crop=False, min_width=64)
DEFAULT_FOCUS = (0.5, 0.3)


@dataclass(frozen=True)
class SiteImage:
    """A processed image, as pages refer to it."""

    src: str
    width: int
    height: int


@dataclass
class ImageJob:
    source: Path
    use: ImageUse
    focus: tuple[float, float]
    ref: SourceRef
    field: FieldPath

    def key(self, digest: str) -> str:
        settings = json.dumps([PIPELINE_VERSION, asdict(self.use), self.focus])
        return hashlib.sha256(f"{digest}|{settings}".encode()).hexdigest()[:16]


class ImageSet:
    """Processes every photo of the graph into `out_dir`, caching in `cache_dir`."""

    def __init__(self, cache_dir: Path, out_dir: Path):
        self.cache_dir = cache_dir
        self.out_dir = out_dir
        self.images: dict[tuple[Path, str], SiteImage] = {}
        self.problems: list[Problem] = []
        self.decoded = 0

    def process(self, graph: ContentGraph, progress=None) -> None:
        jobs = list(collect_jobs(graph))
        task = progress.add_task("处理照片", total=len(jobs)) if progress else None
        (self.out_dir / OUTPUT_DIR).mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for job in jobs:
            self._run(job)
            if progress:
                progress.advance(task)

    def get(self, source: Path | None, use: ImageUse) -> SiteImage | None:
        return self.images.get((source, use.name)) if source else None

    def portrait(self, figure: FigureNode) -> SiteImage | None:
        photo = figure.data.photo
        return self.get(figure.branch.folder / photo if photo else None, PORTRAIT)

    def logo(self, branch: BranchNode) -> SiteImage | None:
        logo = branch.data.brand.logo
        return self.get(branch.folder / logo if logo else None, LOGO)

    def story_photo(self, story: StoryNode, src: str) -> SiteImage | None:
        return self.get(story.branch.folder / src, STORY_PHOTO)

    def _run(self, job: ImageJob) -> None:
        if (job.source, job.use.name) in self.images:
            return
        try:
            digest = hashlib.sha256(job.source.read_bytes()).hexdigest()
        except OSError:
            self._problem(job, "读不到这个文件，请确认它存在且可读", "E401")
            return
        if job.source.suffix.lower() == ".svg":
            self._copy_svg(job, digest)
            return
        key = job.key(digest)
        meta_file = self.cache_dir / f"{key}.json"
        if meta_file.is_file():
            meta = json.loads(meta_file.read_text())
        else:
            meta = self._decode(job, key)
            if meta is None:
                return
            meta_file.write_text(json.dumps(meta))
        cached = self.cache_dir / meta["file"]
        shutil.copyfile(cached, self.out_dir / OUTPUT_DIR / meta["file"])
        self.images[(job.source, job.use.name)] = SiteImage(
            f"{OUTPUT_DIR}/{meta['file']}", meta["width"], meta["height"])

    def _copy_svg(self, job: ImageJob, digest: str) -> None:
        name = f"{digest[:16]}.svg"
        shutil.copyfile(job.source, self.out_dir / OUTPUT_DIR / name)
        self.images[(job.source, job.use.name)] = SiteImage(f"{OUTPUT_DIR}/{name}",
                                                            job.use.width, job.use.width)

    def _decode(self, job: ImageJob, key: str) -> dict | None:
        try:
            with Image.open(job.source) as opened:
                opened.load()
                image = ImageOps.exif_transpose(opened)
        except Image.DecompressionBombError:
            self._problem(job, "图片像素过多（超过 6000 万像素），请先缩小到 4000 像素宽以内", "E402")
            return None
        except UnidentifiedImageError:
            self._problem(job, "这个文件不是能识别的图片，请换成 JPG 或 PNG", "E403")
            return None
        except (OSError, SyntaxError, ValueError):
            self._problem(job, "图片文件已损坏或不完整，请重新导出或重新拷贝这张照片", "E404")
            return None
        self.decoded += 1
        if image.width < job.use.min_width:
            self._problem(job, f"照片只有 {image.width} 像素宽，展示时会模糊；"
                               f"建议换一张至少 {job.use.min_width} 像素宽的照片",
                          "W405", Severity.WARNING)
        image, suffix = _prepare(image, job)
        name = f"{key}{suffix}"
        if suffix == ".png":
            image.save(self.cache_dir / name, optimize=True)
        else:
            image.save(self.cache_dir / name, quality=82, optimize=True, progressive=True)
        return {"file": name, "width": image.width, "height": image.height}

    def _problem(self, job: ImageJob, message: str, code: str,
                 severity: Severity = Severity.ERROR) -> None:
        self.problems.append(job.ref.problem(job.field, message, code, severity))


def _prepare(image: Image.Image, job: ImageJob) -> tuple[Image.Image, str]:
    keep_alpha = job.use is LOGO and (image.mode in ("RGBA", "LA", "PA")
                                      or (image.mode == "P" and "transparency" in image.info))
    image = image.convert("RGBA" if keep_alpha else "RGB")
    if job.use.crop:
        image = ImageOps.fit(image, (job.use.width, job.use.height), Image.Resampling.LANCZOS,
                             centering=job.focus)
    else:
        image.thumbnail((job.use.width, job.use.height), Image.Resampling.LANCZOS)
    return image, ".png" if keep_alpha else ".jpg"


def collect_jobs(graph: ContentGraph):
    """Every photo the pages will show, with the YAML place that named it."""
    for branch in graph.branches:
        if branch.data.brand.logo:
            yield ImageJob(branch.folder / branch.data.brand.logo, LOGO, DEFAULT_FOCUS,
                           branch.source, ("brand", "logo"))
        for figure in branch.figures:
            if figure.data.photo:
                yield ImageJob(branch.folder / figure.data.photo, PORTRAIT,
                               figure.data.focus or DEFAULT_FOCUS, figure.source, ("photo",))
        for story in branch.stories:
            for index, photo in enumerate(story.meta.photos):
                yield ImageJob(branch.folder / photo.src, STORY_PHOTO, DEFAULT_FOCUS,
                               story.source, ("photos", index))
