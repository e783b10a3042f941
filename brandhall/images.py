"""Every photo the site shows: logos, portraits and story photos, oriented, colour-managed,
cropped and resized into WebP with a JPEG (or PNG) fallback at several widths (the work on one
photo is `photowork.render_image`).

Outputs are cached by source content and settings in a folder outside `site/`, so a rebuild
with no photo changed decodes no photo. Work is spread over all cores. Errors point at the YAML
line that referenced the photo, and one bad photo never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import Problem, Severity
from .graph import BranchNode, ContentGraph, FigureNode, SourceRef, StoryNode
from .photowork import PIPELINE_VERSION, SITE_USES, UNREADABLE, Failure, ImageUse, UseSet, render_image
from .staging import replace_file
from .terminal import Bar, Progress
from .yamlsource import FieldPath

OUTPUT_DIR = "assets/photos"
META_INDEX = "index.json"  # every `<key>.json` of the cache in one file: one read, not 16,000


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
        self._metas: dict[str, dict] | None = None  # the cache's meta index, once read
        self._added: dict[str, dict] = {}
        self._published: set[str] | None = None  # the names in out_dir/OUTPUT_DIR, once listed

    def process(self, graph: ContentGraph, progress: Progress | None = None, label: str = "处理照片") -> None:
        self.process_jobs(list(collect_jobs(graph, self.uses)), progress, label)

    def process_jobs(self, jobs: list[ImageJob], progress: Progress | None = None,
                     label: str = "处理照片") -> None:
        """These photos, such as the lobby screens' pictures, which are not in the graph."""
        bar = Bar.start(progress, label, len(jobs))
        (self.out_dir / OUTPUT_DIR).mkdir(parents=True, exist_ok=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        pending: dict[str, list[ImageJob]] = {}
        for job in jobs:
            key = self._key_or_report(job)
            if key is None or self._use_cached(job, key):
                bar.advance()
            else:
                pending.setdefault(key, []).append(job)
        self._decode_all(pending, bar)
        self._save_metas()

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

    def _cached_meta(self, key: str) -> dict | None:
        if self._metas is None:
            self._metas = _read_json(self.cache_dir / META_INDEX)
        if key not in self._metas:
            meta = _read_json(self.cache_dir / f"{key}.json")
            if not meta:
                return None
            self._metas[key] = self._added[key] = meta
        return self._metas[key]

    def _save_metas(self) -> None:
        """Add this build's new metas to the index; another ImageSet (the booklets') may have
        added its own since this one read it."""
        if self._added:
            metas = _read_json(self.cache_dir / META_INDEX) | self._added
            replace_file(self.cache_dir / META_INDEX, json.dumps(metas).encode())
            self._added = {}

    def _use_cached(self, job: ImageJob, key: str) -> bool:
        meta = self._cached_meta(key)
        if meta is None:
            return False
        try:
            self._publish(job, meta)
        except FileNotFoundError:  # someone cleared part of the cache: make the photo again
            self._metas.pop(key, None)
            self._added.pop(key, None)
            return False
        for failure in meta.get("failures", []):
            self._report(job, Failure(failure["message"], failure["code"], Severity(failure["severity"])))
        return True

    def _decode_all(self, pending: dict[str, list[ImageJob]], bar: Bar) -> None:
        if not pending:
            return
        with ProcessPoolExecutor(max_workers=min(self.workers, len(pending))) as pool:
            futures = {
                pool.submit(render_image, str(jobs[0].source), jobs[0].use, jobs[0].focus,
                            str(self.cache_dir), key): key
                for key, jobs in pending.items()
            }
            for future in as_completed(futures):
                meta, failures = future.result()
                self.decoded += 1
                if meta is not None:
                    self._added[futures[future]] = meta
                for job in pending[futures[future]]:
                    for failure in failures:
                        self._report(job, failure)
                    if meta is not None:
                        self._publish(job, meta)
                    bar.advance()

    def _publish(self, job: ImageJob, meta: dict) -> None:
        if self._published is None:
            self._published = set(os.listdir(self.out_dir / OUTPUT_DIR))
        for file in meta["files"]:
            if file["name"] not in self._published:
                link_or_copy(self.cache_dir / file["name"], self.out_dir / OUTPUT_DIR / file["name"])
                self._published.add(file["name"])
        variants = tuple(Variant(f"{OUTPUT_DIR}/{f['name']}", f["width"], f["format"])
                         for f in meta["files"])
        fallback = [v for v in variants if v.format != "webp"][-1]
        self.images[(job.source, job.use.name)] = SiteImage(
            fallback.path, meta["width"], meta["height"], variants, meta["placeholder"],
            job.use.sizes)

    def _report(self, job: ImageJob, failure: Failure) -> None:
        self.problems.append(job.ref.problem(job.field, failure.message, failure.code,
                                             failure.severity))


def _read_json(file: Path) -> dict:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def link_or_copy(source: Path, target: Path) -> None:
    """Put a cached output into the staging folder: a hard link where the file system allows
    (outputs are never modified, and at 1,000 branches copying them costs gigabytes of writes)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


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
