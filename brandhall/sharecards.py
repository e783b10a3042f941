"""Share cards: the 1200×630 `og:image` of each branch, figure and story page, composed with
Pillow at build time from the brand name, slogan, and the logo or portrait. Text uses a CJK font
installed on the machine (Debian's fonts-noto-cjk); nothing is fetched."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import resvg_py
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .images import link_or_copy
from .svg import sanitize_svg
from .terminal import Bar, Progress

CARD_WIDTH, CARD_HEIGHT = 1200, 630
OUTPUT_DIR = "assets/cards"
CARD_VERSION = "1"
RED, DEEP_RED, GOLD, CREAM = (183, 28, 28), (109, 15, 15), (246, 195, 67), (255, 243, 207)
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


class NoCjkFont(RuntimeError):
    """No Chinese font is installed, so cards would show boxes instead of text."""


@dataclass(frozen=True)
class CardContent:
    kicker: str
    title: str
    subtitle: str
    picture: str | None  # a source file: a logo or a portrait
    round_picture: bool


def find_cjk_font() -> tuple[str, int]:
    """A bold Simplified Chinese font file and its index in the collection."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:bold"],
                               capture_output=True, text=True, timeout=10).stdout
        file, _, index = found.rpartition(":")
        if "CJK" in file and Path(file).is_file():
            return file, int(index or 0)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate, 2 if "NotoSansCJK" in candidate or "NotoSerifCJK" in candidate else 0
    raise NoCjkFont("找不到中文字体，分享卡片无法生成；请安装 fonts-noto-cjk（运行 bash scripts/setup.sh）")


class ShareCards:
    """Makes and caches cards; `card(content)` returns the card's path relative to the site."""

    def __init__(self, cache_dir: Path, out_dir: Path, digest: Callable[[Path], str],
                 workers: int | None = None):
        self.cache_dir = cache_dir
        self.out_dir = out_dir / OUTPUT_DIR
        self.font = find_cjk_font()
        self.digest = digest  # a picture file's content hash
        self.workers = workers or os.cpu_count() or 1
        self._paths: dict[CardContent, Path] = {}  # a card is asked for three times a build
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir.mkdir(parents=True, exist_ok=True)

    def make_all(self, contents: list[CardContent], progress: Progress | None = None) -> None:
        """Compose every card not in the cache yet, on all cores."""
        paths = {self._path(c): c for c in contents}
        missing = {path: c for path, c in paths.items() if not path.is_file()}
        if not missing:
            return
        bar = Bar.start(progress, "生成分享卡片", len(missing))
        jobs = [(c, self.font, str(path)) for path, c in missing.items()]
        with ProcessPoolExecutor(min(self.workers, len(jobs))) as pool:
            for _ in pool.map(_compose_and_save, jobs, chunksize=16):
                bar.advance()

    def card(self, content: CardContent) -> str:
        cached = self._path(content)
        if not cached.is_file():
            _compose_and_save((content, self.font, str(cached)))
        target = self.out_dir / cached.name
        if not target.exists():
            link_or_copy(cached, target)
        return f"{OUTPUT_DIR}/{cached.name}"

    def _path(self, content: CardContent) -> Path:
        if content not in self._paths:
            self._paths[content] = self.cache_dir / f"{self._key(content)}.jpg"
        return self._paths[content]

    def _key(self, content: CardContent) -> str:
        picture = self.digest(Path(content.picture)) if content.picture else ""
        # the picture by its content, not its path: a clone elsewhere (a CI runner) reuses the cache
        text = {**asdict(content), "picture": None}
        data = json.dumps([CARD_VERSION, text, self.font, picture]).encode()
        return hashlib.sha256(data).hexdigest()[:20]


def _compose_and_save(job: tuple[CardContent, tuple[str, int], str]) -> None:
    content, font, target = job
    partial = Path(f"{target}.part")
    compose_card(content, font).save(partial, "JPEG", quality=85, optimize=True)
    partial.replace(target)


@cache
def _font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


@cache
def _background() -> Image.Image:
    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), DEEP_RED)
    draw = ImageDraw.Draw(card)
    for x in range(CARD_WIDTH):  # a diagonal red gradient
        t = x / CARD_WIDTH
        colour = tuple(round(d + (r - d) * t) for d, r in zip(DEEP_RED, RED, strict=True))
        draw.line([(x, 0), (x, CARD_HEIGHT)], fill=colour)
    draw.rectangle([0, CARD_HEIGHT - 14, CARD_WIDTH, CARD_HEIGHT], fill=GOLD)
    return card


def compose_card(content: CardContent, font: tuple[str, int]) -> Image.Image:
    card = _background().copy()
    draw = ImageDraw.Draw(card)
    text_left = 80
    picture = _load_picture(content.picture) if content.picture else None
    if picture is not None:
        _paste_picture(card, picture, content.round_picture)
        text_left = 500
    width = CARD_WIDTH - text_left - 70
    path, index = font
    kicker = _font(path, index, 34)
    y = 150
    draw.text((text_left, y), _fit(draw, content.kicker, kicker, width), font=kicker, fill=GOLD)
    y += 70
    title_font = _font(path, index, 68)
    for line in _wrap(draw, content.title, title_font, width, 2):
        draw.text((text_left, y), line, font=title_font, fill="white")
        y += 88
    subtitle_font = _font(path, index, 38)
    for line in _wrap(draw, content.subtitle, subtitle_font, width, 2):
        draw.text((text_left, y + 10), line, font=subtitle_font, fill=CREAM)
        y += 54
    return card


def _load_picture(source: str) -> Image.Image | None:
    path = Path(source)
    try:
        if path.suffix.lower() == ".svg":
            clean, _, _ = sanitize_svg(path.read_bytes())
            png = resvg_py.svg_to_bytes(svg_string=clean.decode("utf-8"), width=400)
            return Image.open(io.BytesIO(bytes(png))).convert("RGBA")
        with Image.open(path) as opened:
            opened.draft("RGB", (800, 800))  # JPEGs decode at a fraction of their size: faster
            return ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, ValueError, SyntaxError):
        return None  # the image stage reports unreadable pictures to the editor


def _paste_picture(card: Image.Image, picture: Image.Image, round_picture: bool) -> None:
    size = 360
    disc = Image.new("RGBA", (size + 24, size + 24), (0, 0, 0, 0))
    ImageDraw.Draw(disc).ellipse([0, 0, size + 23, size + 23], fill=GOLD)
    inner = Image.new("RGBA", (size, size), "white")
    if round_picture:
        fitted = ImageOps.fit(picture, (size, size), centering=(0.5, 0.3))
        inner.paste(fitted, (0, 0), fitted)
    else:
        picture.thumbnail((size - 70, size - 70))
        inner.paste(picture, ((size - picture.width) // 2, (size - picture.height) // 2), picture)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).ellipse([0, 0, size - 1, size - 1], fill=255)
    disc.paste(inner, (12, 12), mask)
    card.paste(disc, (80, (CARD_HEIGHT - size - 24) // 2), disc)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    return (_wrap(draw, text, font, width, 1) or [""])[0]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int,
          max_lines: int) -> list[str]:
    """Break Chinese text by characters to fit `width`; the last line ends with … if cut."""
    lines, current = [], ""
    for char in text.strip():
        if draw.textlength(current + char, font=font) <= width:
            current += char
            continue
        lines.append(current)
        current = char
        if len(lines) == max_lines:
            break
    else:
        if current:
            lines.append(current)
        return lines[:max_lines]
    last = lines[-1]
    while last and draw.textlength(last + "…", font=font) > width:
        last = last[:-1]
    return [*lines[:-1], last + "…"]
