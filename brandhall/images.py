"""Every photo the site shows: logos, portraits and story photos, oriented, colour-managed,
cropped and resized into WebP with a JPEG (or PNG) fallback at several widths.

Outputs are cached by source content and settings in a folder outside `site/`, so a rebuild
with no photo changed decodes no photo. Work is spread over all cores. Errors point at the YAML
line that referenced the photo, and one bad photo never stops the others.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .errors import Problem, Severity
from .graph import BranchNode, ContentGraph, FigureNode, SourceRef, StoryNode
from .svg import UnsafeSvg, sanitize_svg
from .yamlsource import FieldPath

pillow_heif.register_heif_opener()

PIPELINE_VERSION = "4"
OUTPUT_DIR = "assets/photos"
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Pillow warns in English when a photo nears the limit; our own E402 says it in Chinese.
warnings.simplefilter("ignore", Image.DecompressionBombWarning)
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ImageUse:
    """One way the site uses a photo. All output sizes are configured here and nowhere else."""

    name: str
    widths: tuple[int, ...]
    aspect: float | None  # width / height when cropped to a fixed shape
    min_width: int
    sizes: str  # the <img sizes> hint for browsers
    transparent: bool = False  # keep the alpha channel (logos), saved as PNG
    printed: bool = False  # a print size: too small means blurred on paper, not on screen
    webp: bool = True  # browsers get WebP; print needs only the JPEG (or PNG)


PORTRAIT = ImageUse("portrait", (240, 480, 800), 3 / 4, 240,
                    "(max-width: 720px) 50vw, (max-width: 1400px) 25vw, 320px")
STORY_PHOTO = ImageUse("story", (480, 960, 1600), None, 400, "(max-width: 720px) 100vw, 50vw")
LOGO = ImageUse("logo", (160, 320, 480), None, 64, "(max-width: 720px) 6.5rem, 8.5rem", True)
# Print sizes (booklets, stars posters), for the booklet's sizes in theme/assets/booklet.css:
# portrait 45 mm wide, story photo 100 mm, cover logo 60 mm. The width kept is about 300 dpi
# there (the portrait more, for the 120 mm single-figure poster); below 150 dpi, a warning.
PRINT_PORTRAIT = ImageUse("print-portrait", (800,), 3 / 4, 266, "", printed=True, webp=False)
PRINT_STORY = ImageUse("print-story", (1200,), None, 591, "", printed=True, webp=False)
PRINT_LOGO = ImageUse("print-logo", (720,), None, 354, "", True, printed=True, webp=False)


@dataclass(frozen=True)
class UseSet:
    """Which use each kind of photo gets: on the site, or in print."""

    logo: ImageUse
    portrait: ImageUse
    story: ImageUse
    story_photos: int | None = None  # how many of each story's photos are shown (None: all)


SITE_USES = UseSet(LOGO, PORTRAIT, STORY_PHOTO)
PRINT_USES = UseSet(PRINT_LOGO, PRINT_PORTRAIT, PRINT_STORY, story_photos=1)
HEAD_TOP = 0.06  # without a focus point, a portrait crop starts this far (of the height) down


@dataclass(frozen=True)
class Variant:
    path: str
    width: int
    format: str  # "webp", "jpeg", "png" or "svg"


@dataclass(frozen=True)
class SiteImage:
    """A processed image as pages use it: `src` is the largest fallback, relative to the site."""

    src: str
    width: int
    height: int
    variants: tuple[Variant, ...] = ()
    placeholder: str = "#eadbd0"
    sizes: str = ""

    def srcset(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.format == fmt]

    @property
    def fallback_format(self) -> str:
        return self.src.rsplit(".", 1)[-1].replace("jpg", "jpeg")


@dataclass
class ImageJob:
    source: Path
    use: ImageUse
    focus: tuple[float, float] | None
    ref: SourceRef
    field: FieldPath

    def key(self, digest: str) -> str:
        settings = json.dumps([PIPELINE_VERSION, asdict(self.use), self.focus])
        return hashlib.sha256(f"{digest}|{settings}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Failure:
    """What went wrong with one photo, in the editor's words."""

    message: str
    code: str
    severity: Severity = Severity.ERROR


class ImageSet:
    """Processes every photo of the graph into `out_dir`, caching in `cache_dir`."""

    def __init__(self, cache_dir: Path, out_dir: Path, workers: int | None = None,
                 uses: UseSet = SITE_USES):
        self.uses = uses
        self.cache_dir = cache_dir
        self.out_dir = out_dir
        self.workers = workers or os.cpu_count() or 1
        self.images: dict[tuple[Path, str], SiteImage] = {}
        self.problems: list[Problem] = []
        self.decoded = 0
        self.digests: dict[Path, str] = {}

    def process(self, graph: ContentGraph, progress=None, label: str = "处理照片") -> None:
        self.process_jobs(list(collect_jobs(graph, self.uses)), progress, label)

    def process_jobs(self, jobs: list[ImageJob], progress=None, label: str = "处理照片") -> None:
        """These photos, such as the lobby screens' pictures, which are not in the graph."""
        task = progress.add_task(label, total=len(jobs)) if progress else None
        (self.out_dir / OUTPUT_DIR).mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        pending: dict[str, list[ImageJob]] = {}
        for job in jobs:
            key = self._key_or_report(job)
            if key is None or self._use_cached(job, key):
                _advance(progress, task)
            else:
                pending.setdefault(key, []).append(job)
        self._decode_all(pending, progress, task)

    def portrait(self, figure: FigureNode) -> SiteImage | None:
        photo = figure.data.photo
        return self._get(figure.branch.folder / photo if photo else None, self.uses.portrait)

    def logo(self, branch: BranchNode) -> SiteImage | None:
        logo = branch.data.brand.logo
        return self._get(branch.folder / logo if logo else None, self.uses.logo)

    def story_photo(self, story: StoryNode, src: str) -> SiteImage | None:
        return self._get(story.branch.folder / src, self.uses.story)

    def get(self, source: Path | None, use: ImageUse) -> SiteImage | None:
        return self._get(source, use)

    def _get(self, source: Path | None, use: ImageUse) -> SiteImage | None:
        return self.images.get((source, use.name)) if source else None

    def digest(self, source: Path) -> str:
        """The content hash of a source photo, read once per build (share cards use it too)."""
        if source not in self.digests:
            self.digests[source] = hashlib.sha256(source.read_bytes()).hexdigest()
        return self.digests[source]

    def _key_or_report(self, job: ImageJob) -> str | None:
        try:
            digest = self.digest(job.source)
        except OSError:
            self._report(job, UNREADABLE)
            return None
        return job.key(digest)

    def _use_cached(self, job: ImageJob, key: str) -> bool:
        meta_file = self.cache_dir / f"{key}.json"
        if not meta_file.is_file():
            return False
        meta = json.loads(meta_file.read_text())
        for failure in meta.get("failures", []):
            self._report(job, Failure(failure["message"], failure["code"], Severity(failure["severity"])))
        self._publish(job, meta)
        return True

    def _decode_all(self, pending: dict[str, list[ImageJob]], progress, task) -> None:
        if not pending:
            return
        with ProcessPoolExecutor(max_workers=min(self.workers, len(pending))) as pool:
            futures = {
                pool.submit(render_image, str(jobs[0].source), jobs[0].use, jobs[0].focus,
                            str(self.cache_dir), key): jobs
                for key, jobs in pending.items()
            }
            for future in as_completed(futures):
                meta, failures = future.result()
                self.decoded += 1
                for job in futures[future]:
                    for failure in failures:
                        self._report(job, failure)
                    if meta is not None:
                        self._publish(job, meta)
                    _advance(progress, task)

    def _publish(self, job: ImageJob, meta: dict) -> None:
        for file in meta["files"]:
            target = self.out_dir / OUTPUT_DIR / file["name"]
            if not target.exists():
                link_or_copy(self.cache_dir / file["name"], target)
        variants = tuple(Variant(f"{OUTPUT_DIR}/{f['name']}", f["width"], f["format"])
                         for f in meta["files"])
        fallback = [v for v in variants if v.format != "webp"][-1]
        self.images[(job.source, job.use.name)] = SiteImage(
            fallback.path, meta["width"], meta["height"], variants, meta["placeholder"],
            job.use.sizes)

    def _report(self, job: ImageJob, failure: Failure) -> None:
        self.problems.append(job.ref.problem(job.field, failure.message, failure.code,
                                             failure.severity))


def link_or_copy(source: Path, target: Path) -> None:
    """Put a cached output into the staging folder: a hard link where the file system allows
    (outputs are never modified, and at 1,000 branches copying them costs gigabytes of writes)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _advance(progress, task) -> None:
    if progress is not None:
        progress.advance(task)


# ---------------------------------------------------------------------------------------------
# The work done per photo, in a worker process. It returns plain data so it can cross processes.
# ---------------------------------------------------------------------------------------------


def render_image(source: str, use: ImageUse, focus: tuple[float, float] | None, cache_dir: str,
                 key: str) -> tuple[dict | None, list[Failure]]:
    path = Path(source)
    if path.suffix.lower() == ".svg":
        return _render_svg(path, Path(cache_dir), key)
    image, failure = open_image(path)
    if image is None:
        return None, [failure]
    failures = [failure] if (failure := too_small(image.width, use)) else []
    image, keep_alpha = to_srgb(image, keep_alpha=use.transparent)
    if use.aspect:
        size = _crop_size(image, use.aspect)
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS,
                             centering=focus or _head_centering(image, size))
    meta = _write_variants(image, use, keep_alpha, Path(cache_dir), key)
    meta["failures"] = [asdict(f) for f in failures]
    (Path(cache_dir) / f"{key}.json").write_text(json.dumps(meta))
    return meta, failures


TOO_MANY_PIXELS = Failure("图片像素过多（超过 5000 万像素），请先缩小到 4000 像素宽以内", "E402")
UNREADABLE = Failure("读不到这个文件，请确认它存在且可读", "E401")
NOT_AN_IMAGE = Failure("这个文件不是能识别的图片，请换成 JPG 或 PNG 照片", "E403")
BROKEN = Failure("图片文件已损坏或不完整，请重新导出或重新拷贝这张照片", "E404")


def unsupported(image_format: str | None) -> Failure:
    return Failure(f"不支持 {image_format} 格式的图片，请另存为 JPG 或 PNG", "E406")


def too_small(width: int, use: ImageUse) -> Failure | None:
    if width >= use.min_width:
        return None
    return Failure(f"照片只有 {width} 像素宽，{'印刷' if use.printed else '展示'}时会模糊；"
                   f"建议换一张至少 {use.min_width} 像素宽的照片", "W408" if use.printed else "W405",
                   Severity.WARNING)


def open_image(path: Path) -> tuple[Image.Image | None, Failure | None]:
    """Open and fully decode a photo, checking its size before decoding any pixels."""
    try:
        image = Image.open(path)
        if image.format not in ACCEPTED_FORMATS:
            return None, unsupported(image.format)
        if image.width * image.height > MAX_PIXELS:
            return None, TOO_MANY_PIXELS
        image.load()
        return ImageOps.exif_transpose(image), None
    except Image.DecompressionBombError:
        return None, TOO_MANY_PIXELS
    except UnidentifiedImageError:
        return None, NOT_AN_IMAGE
    except (OSError, SyntaxError, ValueError, EOFError):
        return None, BROKEN


def to_srgb(image: Image.Image, keep_alpha: bool) -> tuple[Image.Image, bool]:
    """Any mode (CMYK, palette, 16-bit, alpha) and any embedded profile to 8-bit sRGB."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    icc = image.info.get("icc_profile")
    if has_alpha:
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, profile, SRGB,
                                              outputMode="RGBA" if has_alpha else "RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to treating the pixels as sRGB
    if has_alpha and not keep_alpha:
        background = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(background, image.convert("RGBA"))
    return image.convert("RGBA" if has_alpha and keep_alpha else "RGB"), has_alpha and keep_alpha


def _head_centering(image: Image.Image, size: tuple[int, int]) -> tuple[float, float]:
    """Without a focus point, an upright portrait keeps its top: the crop starts a little below
    the top edge (where the head is), while a wide photo is cropped about its centre."""
    excess = image.height - size[1]
    if excess <= 0:
        return (0.5, 0.5)
    return (0.5, min(HEAD_TOP * image.height, excess) / excess)


def _crop_size(image: Image.Image, aspect: float) -> tuple[int, int]:
    if image.width / image.height > aspect:
        return round(image.height * aspect), image.height
    return image.width, round(image.width / aspect)


def _write_variants(image: Image.Image, use: ImageUse, keep_alpha: bool, cache_dir: Path,
                    key: str) -> dict:
    widths = [w for w in use.widths if w < image.width] + [min(image.width, use.widths[-1])]
    fallback = "png" if keep_alpha else "jpeg"
    files = []
    for width in sorted(set(widths)):
        height = round(image.height * width / image.width)
        # reducing_gap: a fast box pre-shrink before Lanczos, indistinguishable at these ratios
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in ("webp", fallback) if use.webp else (fallback,):
            name = f"{key}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"
            _save(resized, cache_dir / name, fmt)
            files.append({"name": name, "width": width, "format": fmt})
    largest = max(widths)
    colour = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return {"files": files, "width": largest, "height": round(image.height * largest / image.width),
            "placeholder": "#{:02x}{:02x}{:02x}".format(*colour)}


def _save(image: Image.Image, path: Path, fmt: str) -> None:
    """Save without EXIF, GPS or colour profile: outputs are plain sRGB."""
    if fmt == "webp":
        image.save(path, "WEBP", quality=80, method=2)  # 2× faster than the default 4, ~5% larger
    elif fmt == "png":
        image.save(path, "PNG", optimize=True)
    else:
        image.save(path, "JPEG", quality=82, optimize=True, progressive=True)


def _render_svg(path: Path, cache_dir: Path, key: str) -> tuple[dict | None, list[Failure]]:
    try:
        clean, width, height = sanitize_svg(path.read_bytes())
    except UnsafeSvg as error:
        return None, [Failure(str(error), "E407")]
    name = f"{key}.svg"
    (cache_dir / name).write_bytes(clean)
    meta = {"files": [{"name": name, "width": width, "format": "svg"}], "width": width,
            "height": height, "placeholder": "#ffffff"}
    (cache_dir / f"{key}.json").write_text(json.dumps(meta))
    return meta, []


def collect_jobs(graph: ContentGraph, uses: UseSet = SITE_USES):
    """Every photo the pages will show, with the YAML place that named it."""
    for branch in graph.branches:
        if branch.data.brand.logo:
            yield ImageJob(branch.folder / branch.data.brand.logo, uses.logo, None,
                           branch.source, ("brand", "logo"))
        for figure in branch.figures:
            if figure.data.photo:
                yield ImageJob(branch.folder / figure.data.photo, uses.portrait,
                               figure.data.focus, figure.source, ("photo",))
        for story in branch.stories:
            for index, photo in enumerate(story.meta.photos[:uses.story_photos]):
                yield ImageJob(branch.folder / photo.src, uses.story, None,
                               story.source, ("photos", index, "src"))
