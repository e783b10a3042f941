"""Drawing kit for the bundled example pictures: flat shapes drawn at twice the size and scaled
down (Pillow draws no anti-aliased shapes), Chinese text in the system Noto CJK font."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
SCALE = 2

RED = (192, 28, 40)
DEEP_RED = (142, 18, 28)
GOLD = (240, 190, 70)
CREAM = (250, 244, 232)
WHITE = (255, 255, 255)
INK = (52, 58, 70)
STEEL = (120, 132, 148)
LIGHT_STEEL = (196, 204, 214)
ORANGE = (236, 120, 40)
NAVY = (44, 66, 110)
SKIN = (236, 196, 160)
HAIR = (44, 36, 34)
GREEN = (96, 150, 96)


def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    return ImageFont.truetype(str(FONT_DIR / name), size * SCALE, index=2)  # index 2: Simplified Chinese


def mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


class Canvas:
    """A picture drawn in logical pixels; `done()` returns it at its real size."""

    def __init__(self, width: int, height: int, colour: tuple = CREAM):
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * SCALE, height * SCALE), colour)
        self.draw = ImageDraw.Draw(self.image)

    def _box(self, box) -> list[int]:
        return [round(v * SCALE) for v in box]

    def rect(self, box, fill, radius: float = 0, outline=None, width: float = 0) -> None:
        self.draw.rounded_rectangle(self._box(box), radius * SCALE, fill=fill, outline=outline,
                                    width=round(width * SCALE))

    def ellipse(self, box, fill, outline=None, width: float = 0) -> None:
        self.draw.ellipse(self._box(box), fill=fill, outline=outline, width=round(width * SCALE))

    def circle(self, x: float, y: float, r: float, fill) -> None:
        self.ellipse((x - r, y - r, x + r, y + r), fill)

    def polygon(self, points, fill) -> None:
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def line(self, points, fill, width: float) -> None:
        self.draw.line([(x * SCALE, y * SCALE) for x, y in points], fill=fill, width=round(width * SCALE),
                       joint="curve")

    def pieslice(self, box, start: float, end: float, fill) -> None:
        self.draw.pieslice(self._box(box), start, end, fill=fill)

    def text(self, x: float, y: float, words: str, size: int, fill, anchor: str = "mm",
             bold: bool = True) -> None:
        self.draw.text((x * SCALE, y * SCALE), words, font=font(size, bold), fill=fill, anchor=anchor)

    def gradient(self, box, top: tuple, bottom: tuple) -> None:
        x0, y0, x1, y1 = self._box(box)
        for y in range(y0, y1):
            self.draw.line([(x0, y), (x1, y)], fill=mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))

    def done(self) -> Image.Image:
        return self.image.resize((self.width, self.height), Image.Resampling.LANCZOS)


def example_badge(c: Canvas, x: float = 16, y: float = 16) -> None:
    """The mark every example picture carries, so nobody mistakes it for a real photograph."""
    c.rect((x, y, x + 92, y + 30), fill=(0, 0, 0), radius=15)
    c.rect((x + 1.5, y + 1.5, x + 90.5, y + 28.5), fill=(40, 40, 44), radius=13.5)
    c.text(x + 46, y + 15, "示例图片", 15, WHITE)


def banner(c: Canvas, x0: float, y0: float, x1: float, words: str, size: int = 26) -> None:
    """A red cloth banner with white characters, as hung at every branch event."""
    height = size * 1.9
    c.rect((x0 + 3, y0 + 4, x1 + 3, y0 + height + 4), fill=mix(DEEP_RED, (0, 0, 0), 0.3))
    c.rect((x0, y0, x1, y0 + height), fill=RED)
    c.line([(x0, y0 + 4), (x1, y0 + 4)], fill=mix(RED, GOLD, 0.5), width=2)
    c.text((x0 + x1) / 2, y0 + height / 2, words, size, (255, 240, 200))


def person(c: Canvas, x: float, ground: float, height: float = 150, shirt=NAVY, trousers=INK,
           hat=None, hair: str = "short", arms: str = "down", vest=None, facing: int = 0) -> None:
    """A standing figure with its feet on `ground`, centred on x. facing: -1 left, 0 front, 1 right."""
    u = height / 150
    head_r, head_y = 13 * u, ground - 136 * u
    c.rect((x - 10 * u, ground - 62 * u, x - 1 * u, ground), fill=trousers, radius=3 * u)
    c.rect((x + 1 * u, ground - 62 * u, x + 10 * u, ground), fill=trousers, radius=3 * u)
    c.rect((x - 17 * u, ground - 118 * u, x + 17 * u, ground - 56 * u), fill=shirt, radius=9 * u)
    if vest:
        c.rect((x - 15 * u, ground - 114 * u, x + 15 * u, ground - 62 * u), fill=vest, radius=6 * u)
        c.rect((x - 15 * u, ground - 84 * u, x + 15 * u, ground - 79 * u), fill=(235, 235, 225))
    arm_w = 6 * u
    if arms == "up":
        c.line([(x - 15 * u, ground - 112 * u), (x - 26 * u, ground - 150 * u)], shirt, arm_w * 1.6)
        c.line([(x + 15 * u, ground - 112 * u), (x + 26 * u, ground - 150 * u)], shirt, arm_w * 1.6)
    elif arms in ("pull-left", "pull-right"):
        d = -1 if arms == "pull-left" else 1
        c.line([(x - 12 * u, ground - 104 * u), (x + d * 34 * u, ground - 92 * u)], shirt, arm_w * 1.6)
        c.line([(x + 12 * u, ground - 104 * u), (x + d * 38 * u, ground - 94 * u)], shirt, arm_w * 1.6)
    elif arms == "point":
        c.line([(x + 15 * u, ground - 110 * u), (x + 42 * u, ground - 128 * u)], shirt, arm_w * 1.6)
        c.line([(x - 17 * u, ground - 110 * u), (x - 19 * u, ground - 70 * u)], shirt, arm_w * 1.6)
    elif arms == "give":
        c.line([(x + 15 * u, ground - 108 * u), (x + 36 * u, ground - 96 * u)], shirt, arm_w * 1.6)
        c.rect((x + 34 * u, ground - 108 * u, x + 42 * u, ground - 88 * u), fill=(120, 190, 230), radius=2 * u)
        c.line([(x - 17 * u, ground - 110 * u), (x - 19 * u, ground - 70 * u)], shirt, arm_w * 1.6)
    else:
        c.line([(x - 17 * u, ground - 110 * u), (x - 20 * u, ground - 68 * u)], shirt, arm_w * 1.6)
        c.line([(x + 17 * u, ground - 110 * u), (x + 20 * u, ground - 68 * u)], shirt, arm_w * 1.6)
    c.rect((x - 4 * u, head_y + 8 * u, x + 4 * u, ground - 116 * u), fill=mix(SKIN, INK, 0.15))
    head(c, x + facing * 2 * u, head_y, head_r, hair, hat)


def head(c: Canvas, x: float, y: float, r: float, hair: str = "short", hat=None) -> None:
    if hair == "long":
        c.rect((x - r * 1.05, y - r * 0.6, x + r * 1.05, y + r * 1.5), fill=HAIR, radius=r * 0.6)
    c.circle(x, y, r, SKIN)
    if hat:
        c.pieslice((x - r * 1.15, y - r * 1.25, x + r * 1.15, y + r * 0.9), 180, 360, hat)
        c.rect((x - r * 1.35, y - r * 0.25, x + r * 1.35, y - r * 0.05), fill=hat, radius=r * 0.1)
        return
    c.pieslice((x - r * 1.05, y - r * 1.1, x + r * 1.05, y + r * 0.8), 180, 360, HAIR)
    if hair == "bun":
        c.circle(x, y - r * 1.15, r * 0.45, HAIR)


def seated(c: Canvas, x: float, table_y: float, size: float = 1.0, shirt=NAVY, hair: str = "short",
           back: bool = False) -> None:
    """Head and shoulders showing above a table edge at table_y."""
    r = 14 * size
    c.rect((x - 22 * size, table_y - 40 * size, x + 22 * size, table_y + 4), fill=shirt, radius=10 * size)
    if back:
        c.circle(x, table_y - 52 * size, r, HAIR)
        if hair == "bun":
            c.circle(x, table_y - 64 * size, r * 0.45, HAIR)
        return
    head(c, x, table_y - 54 * size, r, hair)


def truck(c: Canvas, x: float, ground: float, length: float = 300, body=WHITE, tank=(230, 232, 236),
          stripe=RED, words: str = "", facing: int = 1) -> None:
    """A tanker truck (or a service van when tank is None) with its wheels on `ground`."""
    u = length / 300
    cab_w, cab_h = 70 * u, 78 * u
    if facing > 0:
        cab_x, tank_x0, tank_x1 = x + length - cab_w, x, x + length - cab_w - 6 * u
    else:
        cab_x, tank_x0, tank_x1 = x, x + cab_w + 6 * u, x + length
    c.rect((x, ground - 30 * u, x + length, ground - 18 * u), fill=INK)
    if tank is not None:
        c.rect((tank_x0, ground - 100 * u, tank_x1, ground - 26 * u), fill=tank, radius=34 * u)
        c.rect((tank_x0 + 6 * u, ground - 70 * u, tank_x1 - 6 * u, ground - 60 * u), fill=stripe)
        if words:
            c.text((tank_x0 + tank_x1) / 2, ground - 84 * u, words, round(15 * u), RED)
    else:
        c.rect((tank_x0, ground - 96 * u, tank_x1, ground - 26 * u), fill=body, radius=6 * u)
        c.rect((tank_x0, ground - 62 * u, tank_x1, ground - 52 * u), fill=stripe)
        if words:
            c.text((tank_x0 + tank_x1) / 2, ground - 78 * u, words, round(16 * u), stripe)
    c.rect((cab_x, ground - cab_h - 20 * u, cab_x + cab_w, ground - 22 * u), fill=body, radius=12 * u)
    window_x = cab_x + (cab_w * 0.35 if facing > 0 else 8 * u)
    c.rect((window_x, ground - cab_h - 12 * u, window_x + cab_w * 0.55, ground - cab_h + 18 * u),
           fill=(150, 196, 230), radius=5 * u)
    c.rect((cab_x, ground - 50 * u, cab_x + cab_w, ground - 42 * u), fill=stripe)
    for wx in (x + 40 * u, x + 100 * u, (cab_x + cab_w / 2)):
        c.circle(wx, ground - 14 * u, 16 * u, (40, 40, 44))
        c.circle(wx, ground - 14 * u, 7 * u, LIGHT_STEEL)


def oil_tank(c: Canvas, x: float, ground: float, width: float, height: float, colour=(236, 238, 240),
             label: str = "") -> None:
    c.rect((x, ground - height, x + width, ground), fill=colour)
    c.ellipse((x, ground - height - width * 0.12, x + width, ground - height + width * 0.12),
              fill=mix(colour, WHITE, 0.4))
    c.rect((x + width * 0.72, ground - height, x + width * 0.8, ground), fill=mix(colour, INK, 0.12))
    for i in range(1, 4):
        c.line([(x, ground - height * i / 4), (x + width, ground - height * i / 4)],
               mix(colour, INK, 0.18), 1.5)
    if label:
        c.text(x + width * 0.4, ground - height * 0.55, label, round(width * 0.16), mix(RED, INK, 0.2))


def window(c: Canvas, box, sky_top: tuple, sky_bottom: tuple, frame=WHITE) -> None:
    c.gradient(box, sky_top, sky_bottom)
    x0, y0, x1, y1 = box
    c.rect(box, fill=None, outline=frame, width=8)
    c.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], frame, 6)


def save(image: Image.Image, out: BinaryIO, suffix: str) -> None:
    """Deterministic files: no timestamps or metadata, one encoder setting per format."""
    if suffix == ".png":
        image.quantize(colors=192, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            out, format="PNG", optimize=True)
    else:
        image.save(out, format="JPEG", quality=84, optimize=True, subsampling="4:2:0")
