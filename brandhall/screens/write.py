"""Writing `site/screens/`: every screen page, the index of screens, their CSS and JS, and
`version.json`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import segno
from markupsafe import Markup

from ..graph import ContentGraph
from ..staging import replace_file
from ..templates import environment, template_file
from .frames import Frame, frames_of
from .models import GUIDE, SCREENS_DIR, STATIC_FILES, ImageSlide, PosterSlide
from .pictures import SCREEN_PICTURE, source_of
from .text import keep_last, notice_markdown, slide_excerpt
from .validate import LoadedScreen
from .values import minutes, moment_js

if TYPE_CHECKING:
    from ..images import ImageSet, SiteImage
    from ..project import Project


class ScreenWriter:
    """Renders every screen page, the index of screens, and copies CSS and JS."""

    def __init__(self, project: Project, graph: ContentGraph, images: ImageSet, site_dir: Path,
                 site_url: str | None = None):
        self.project = project
        self.dirs = project.screens_dirs
        self.graph = graph
        self.images = images
        self.site_dir = site_dir
        self.site_url: str | None = site_url or project.site_url
        self.site_name: str = project.site_name
        logo = project.theme.get("logo")
        self.logo = logo if isinstance(logo, str) and (site_dir / logo).is_file() else None
        self._qr: dict[str, Markup] = {}
        self.env = environment(self.dirs, compiled=project.template_cache,
                               md=notice_markdown, excerpt=slide_excerpt, keep=keep_last)

    # --- helpers the templates call ------------------------------------------------------------

    def asset(self, image: SiteImage | None) -> str | None:
        """A processed image's address as seen from site/screens/<name>/."""
        return f"../../{image.src}" if image is not None else None

    def picture(self, slide: ImageSlide | PosterSlide) -> str | None:
        """The address of a screen picture, processed by the photo pipeline in this build."""
        source, _ = source_of(self.project.root, slide, self.project.work_dir / "cache" / "posters")
        return self.asset(self.images.get(source, SCREEN_PICTURE))

    def qr(self, link: str | None) -> Markup | None:
        """An inline SVG QR code for the intranet address of `link`, made at build time."""
        if not link:
            return None
        if not re.match(r"^https?://", link):
            if not self.site_url:
                return None
            link = urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/", link)
        if link not in self._qr:
            code = segno.make(link, error="m", micro=False)
            svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
            self._qr[link] = Markup(svg)
        return self._qr[link]

    # --- pages ----------------------------------------------------------------------------------

    def render_screen(self, loaded: LoadedScreen, version: str) -> str:
        screen = loaded.screen
        frames = frames_of(screen, self.graph)
        macros = self.env.get_template("frames.html").make_module({
            "images": self.images, "asset": self.asset, "portrait": screen.orientation == "portrait",
            "picture_src": self.picture,
        })
        rendered = [{"kind": f.kind, "slide": f.slide,
                     "html": Markup(getattr(macros, f.kind)(qr=self.qr(f.link) if screen.qr else None,
                                                            **f.context))}
                    for f in frames]
        urgent = screen.urgent
        if urgent is not None:
            rendered.append({"kind": "urgent", "slide": -1, "html": Markup(macros.urgent(notice=urgent))})
        config = {
            "name": loaded.name,
            "version": version,
            "root": "../../",
            "transitions": screen.transitions,
            "night": screen.night,
            "schedule": [w.to_js() for w in screen.schedule],
            "scheduleText": screen.schedule_text(),
            "except": screen.except_,
            "special": [opening.to_js() for opening in screen.special_days],
            "mode": screen.mode,
            "resume": minutes(screen.resume) if screen.resume else None,
            "urgent": {"i": len(frames), "from": moment_js(urgent.from_) if urgent.from_ else None,
                       "until": moment_js(urgent.until)} if urgent is not None else None,
            "dailyReload": minutes(screen.daily_reload),
            "poll": screen.poll * 1000,
            "frames": [_frame_config(f) for f in frames],
        }
        template = self.env.get_template("screen.html")
        return template.render(screen=screen, name=loaded.name, frames=rendered, config=config,
                               version=version, heading=screen.heading or self.site_name,
                               logo=f"../../{self.logo}" if self.logo else None,
                               safe_area=f"{screen.safe_area:g}")

    def render_index(self, screens: list[LoadedScreen]) -> str:
        guide_file = self.project.docs_dir / GUIDE
        guide = _strip_front_matter(guide_file.read_text(encoding="utf-8")) if guide_file.is_file() else ""
        heading = re.match(r"\s*#\s+(.+)\n", guide)
        guide_title = heading.group(1).strip() if heading else "使用说明"
        guide = guide[heading.end():] if heading else guide
        rows = []
        for loaded in screens:
            screen = loaded.screen
            frames = frames_of(screen, self.graph)
            url = (urljoin(self.site_url if self.site_url.endswith("/") else self.site_url + "/",
                           f"{SCREENS_DIR}/{loaded.name}/") if self.site_url else None)
            seconds = sum(f.duration for f in frames)
            sheet = [frame.name for frame in frames] + (["紧急通知"] if screen.urgent else [])
            rows.append({"name": loaded.name, "screen": screen, "frames": len(frames), "sheet": sheet,
                         "cycle": f"{seconds // 60} 分 {seconds % 60} 秒" if seconds >= 60 else f"{seconds} 秒",
                         "url": url,
                         "schedule": screen.schedule_text()})
        return self.env.get_template("index.html").render(
            rows=rows, site_name=self.site_name, guide=guide, guide_title=guide_title,
            sections=self.project.sections)

    def write(self, screens: list[LoadedScreen]) -> str:
        """Write every screen and the index; returns the version of what was written."""
        out = self.site_dir / SCREENS_DIR
        out.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        for name in STATIC_FILES:
            source = template_file(self.dirs, name)
            digest.update(source.read_bytes())
        drafts = {s.name: self.render_screen(s, "") for s in screens}
        for name in sorted(drafts):
            digest.update(name.encode() + b"\0" + drafts[name].encode("utf-8"))
        version = digest.hexdigest()[:16]
        for name in STATIC_FILES:
            shutil.copyfile(template_file(self.dirs, name), out / name)
        for loaded in screens:
            target = out / loaded.name / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.render_screen(loaded, version), encoding="utf-8")
        # docs/screens.md is also built by MkDocs into screens/index.html; this index replaces
        # it and carries the same guide, below the list of this site's screens. A new file: the
        # engine's page may be a hard link to its work site (engine/worksite.py).
        replace_file(out / "index.html", self.render_index(screens).encode("utf-8"))
        return version


def _frame_config(frame: Frame) -> dict:
    """What the player needs of one frame: its time, its windows and days, and its name."""
    slide = frame.source
    return {"d": frame.duration * 1000, "s": [w.to_js() for w in frame.schedule], "k": frame.kind,
            "slide": frame.slide, "n": frame.name,
            "sd": "；".join(w.describe() for w in frame.schedule) or "随大屏",
            "f": slide.from_ if slide else None, "u": slide.until if slide else None,
            "x": slide.except_ if slide else [], "o": slide.only if slide else []}


def _strip_front_matter(text: str) -> str:
    match = re.match(r"\A---[ \t]*\n.*?\n---[ \t]*\n", text, re.S)
    return text[match.end():] if match else text


def write_screens(project: Project, graph: ContentGraph, images: ImageSet, site_dir: Path,
                  screens: list[LoadedScreen], site_url: str | None = None) -> str:
    """Write `site_dir/screens/` (when the project has screens/) and `site_dir/version.json`,
    which the screens poll to pick up a new build. Returns the version. `screens` are the ones
    `check` loaded, free of errors. QR codes lead to `site_url`, by default mkdocs.yml's."""
    version = ScreenWriter(project, graph, images, site_dir, site_url).write(screens) \
        if (project.root / SCREENS_DIR).is_dir() else hashlib.sha256(b"").hexdigest()[:16]
    built = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    (site_dir / "version.json").write_text(
        json.dumps({"version": version, "built": built}, ensure_ascii=False) + "\n", encoding="utf-8")
    return version
