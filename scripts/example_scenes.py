"""Scene illustrations for the bundled example stories: rooms, depots, a substation, a bridge site."""

from __future__ import annotations

import random

from example_art import (
    DEEP_RED,
    GOLD,
    INK,
    NAVY,
    ORANGE,
    RED,
    SKIN,
    STEEL,
    WHITE,
    Canvas,
    banner,
    example_badge,
    mix,
    oil_tank,
    person,
    seated,
    truck,
    window,
)

W, H = 960, 640
DAY = ((120, 180, 230), (206, 230, 246))
DUSK = ((236, 160, 110), (250, 214, 170))
NIGHT = ((20, 30, 62), (52, 66, 110))
AUTUMN = ((150, 196, 232), (236, 226, 200))
STORM_CLEARING = ((150, 170, 196), (226, 232, 236))
RAIN = ((96, 110, 128), (150, 160, 172))
SHIRTS = [NAVY, (70, 110, 150), (90, 96, 110), (56, 120, 120), (130, 70, 60), (70, 80, 130)]
HAIRS = ["short", "long", "short", "bun", "short", "long"]


def _outdoor(sky: tuple, ground: tuple, horizon: float = 430) -> Canvas:
    c = Canvas(W, H)
    c.gradient((0, 0, W, horizon), *sky)
    c.gradient((0, horizon, W, H), ground, mix(ground, INK, 0.25))
    return c


def _sun(c: Canvas, x: float, y: float, r: float = 40, colour=(255, 226, 120)) -> None:
    c.circle(x, y, r * 1.5, mix(colour, WHITE, 0.6))
    c.circle(x, y, r, colour)


def meeting(title: str, screen: list[str], sky=DAY, chart: str | None = None, wall=(238, 228, 212),
            people: int = 8, site_outside: bool = False) -> Canvas:
    """A meeting room: banner, screen with the agenda, a long table with people round it."""
    c = Canvas(W, H, wall)
    c.gradient((0, 0, W, 470), mix(wall, WHITE, 0.3), wall)
    c.rect((0, 470, W, H), fill=(176, 140, 104))
    window(c, (40, 120, 200, 380), *sky)
    window(c, (760, 120, 920, 380), *sky)
    if site_outside:  # the site office: a tower crane and hard hats on the shelf
        c.line([(880, 376), (880, 170)], GOLD, 6)
        c.line([(790, 170), (916, 170)], GOLD, 6)
        c.line([(820, 172), (820, 240)], INK, 1.5)
        c.rect((40, 410, 210, 416), fill=(150, 106, 70))
        for k in range(3):
            c.pieslice((50 + k * 50, 392, 90 + k * 50, 428), 180, 360, (GOLD, RED, GOLD)[k])
    banner(c, 230, 36, 730, title, 28)
    c.rect((300, 120, 660, 330), fill=(30, 36, 48), radius=6)
    c.rect((310, 130, 650, 320), fill=(246, 248, 252))
    middle = 440 if chart == "bars" else 480
    c.text(middle, 165, screen[0], 24, DEEP_RED)
    for i, words in enumerate(screen[1:]):
        c.text(middle, 210 + i * 36, words, 19, INK, bold=False)
    if chart == "bars":
        for i, h in enumerate((40, 56, 72, 100)):
            c.rect((562 + i * 20, 300 - h, 576 + i * 20, 300), fill=RED if i == 3 else STEEL)
    elif chart == "bridge":
        c.line([(330, 290), (630, 290)], NAVY, 5)
        for tx in (420, 540):
            c.line([(tx, 300), (tx, 230)], NAVY, 6)
            for dx in (-70, -40, 40, 70):
                c.line([(tx, 236), (tx + dx, 290)], STEEL, 2)
        c.line([(330, 260), (380, 250), (430, 268), (480, 246), (530, 262), (630, 250)], RED, 3)
    c.polygon([(150, 600), (810, 600), (700, 430), (260, 430)], (150, 106, 70))
    c.polygon([(150, 600), (810, 600), (810, 614), (150, 614)], (118, 80, 52))
    far = max(2, people // 2 - 1)
    for i in range(far):
        seated(c, 330 + i * (300 / max(1, far - 1)), 432, 0.8, SHIRTS[i % 6], HAIRS[(i + 1) % 6])
    sides = people - far
    for i in range(sides):
        left = i % 2 == 0
        step = i // 2
        x = (238 - step * 40) if left else (722 + step * 40)
        seated(c, x, 470 + step * 62, 1.0 + step * 0.12, SHIRTS[(i + 3) % 6], HAIRS[i % 6])
    for i in range(4):
        c.rect((300 + i * 100, 470 + (i % 2) * 40, 360 + i * 100, 500 + (i % 2) * 40), fill=WHITE, radius=3)
    c.circle(480, 540, 16, (220, 226, 232))
    example_badge(c)
    return c


def substation(words: str) -> Canvas:
    """迎峰度夏: a substation yard under a hot sky with the repair vans lined up in front."""
    c = _outdoor(((250, 190, 120), (252, 232, 190)), (170, 168, 150), 400)
    _sun(c, 820, 90, 46)
    for gx in (140, 420, 700):
        c.line([(gx, 400), (gx, 140)], STEEL, 8)
        c.line([(gx + 160, 400), (gx + 160, 140)], STEEL, 8)
        c.line([(gx - 10, 150), (gx + 170, 150)], STEEL, 8)
        for k in range(3):
            px = gx + 30 + k * 50
            c.rect((px - 5, 150, px + 5, 196), fill=(140, 96, 60))
            for b in range(4):
                c.ellipse((px - 11, 160 + b * 9, px + 11, 168 + b * 9), fill=(150, 104, 66))
    for k in range(3):
        y = 152 + k * 14
        c.line([(0, y + 30), (140, y), (300, y), (420, y), (580, y), (700, y), (860, y), (W, y + 30)],
               (60, 60, 66), 2)
    for tx in (180, 470):
        c.rect((tx, 290, tx + 150, 400), fill=(150, 160, 150), radius=6)
        for f in range(8):
            c.rect((tx + 8 + f * 18, 300, tx + 16 + f * 18, 392), fill=(126, 138, 128))
        for k in range(3):
            c.rect((tx + 30 + k * 40, 250, tx + 38 + k * 40, 290), fill=(140, 96, 60))
    c.rect((0, 396, W, 404), fill=(120, 120, 110))
    truck(c, 90, 590, 330, body=WHITE, tank=None, stripe=RED, words=words, facing=-1)
    truck(c, 520, 590, 330, body=WHITE, tank=None, stripe=RED, words=words, facing=-1)
    for i, x in enumerate((450, 480, 880, 910)):
        person(c, x, 600, 120, shirt=(40, 90, 160), hat=(250, 250, 250) if i % 2 else GOLD)
    example_badge(c)
    return c


def depot(sky=AUTUMN, trucks: int = 2, volunteers: bool = False, label: str = "3号罐") -> Canvas:
    """An oil depot: tank farm behind, tankers in the yard."""
    c = _outdoor(sky, (184, 178, 160), 420)
    if sky is AUTUMN:
        for x in (40, 900):
            c.rect((x - 6, 300, x + 6, 420), fill=(110, 80, 50))
            c.circle(x, 290, 50, (214, 140, 60))
            c.circle(x + 26, 320, 34, (230, 170, 70))
    for i, (x, w, h) in enumerate(((100, 160, 170), (290, 190, 200), (510, 160, 170), (700, 170, 150))):
        oil_tank(c, x, 420, w, h, label=label if i == 1 else "")
    c.line([(60, 410), (900, 410)], (150, 150, 160), 6)
    c.line([(60, 396), (900, 396)], (160, 160, 168), 4)
    for i in range(trucks):
        truck(c, 60 + i * 440, 590, 330, words="油品配送")
    if volunteers:
        person(c, 470, 600, 130, shirt=RED, vest=RED, arms="give")
        person(c, 520, 600, 130, shirt=NAVY, hair="long")
    example_badge(c)
    return c


def convoy(sky=STORM_CLEARING, rain: bool = False, crowd: bool = True) -> Canvas:
    """Tankers lined up on a road by the harbour, the crews standing in front of them."""
    c = _outdoor(sky, (120, 124, 130) if rain else (150, 150, 146), 360)
    c.rect((0, 330, W, 360), fill=(90, 130, 170))
    for x in (120, 300):
        c.line([(x, 330), (x, 190)], (210, 90, 60), 8)
        c.line([(x - 30, 200), (x + 120, 200)], (210, 90, 60), 8)
        c.line([(x + 100, 200), (x + 100, 260)], INK, 2)
    for i in range(3):
        truck(c, 40 + i * 310, 520 - i * 0, 280, words="应急保供")
    if crowd:
        for i in range(7):
            person(c, 200 + i * 90, 620, 124, shirt=(40, 90, 160) if i % 3 else ORANGE,
                   hat=GOLD if i % 2 else None, hair=HAIRS[i % 6])
    if rain:
        drops = random.Random(5)  # seeded: the picture is the same on every run
        for _ in range(140):
            x, y = drops.uniform(0, W + 60), drops.uniform(0, 540)
            c.line([(x, y), (x - 8, y + 26)], (220, 230, 240), 1.5)
        for x in (150, 520, 800):
            c.ellipse((x, 560, x + 160, 584), fill=(150, 164, 180))
    example_badge(c)
    return c


def bridge(sky=DAY, crane: bool = True, closing: bool = False, puddles: bool = False,
           words: str = "") -> Canvas:
    """A cable-stayed bridge under construction over the river: tower, cables, deck, tower crane."""
    c = _outdoor(sky, (80, 130, 160), 470)
    if sky is NIGHT:
        for i in range(40):
            c.circle((i * 131) % W, (i * 67) % 300, 1.5, (230, 230, 200))
    for i in range(6):
        c.line([(0, 500 + i * 24), (W, 500 + i * 24)], mix((80, 130, 160), WHITE, 0.25), 2)
    tower = (210, 206, 196) if sky is not NIGHT else (150, 150, 160)
    for tx in (300, 700):
        c.polygon([(tx - 40, 470), (tx - 12, 110), (tx + 12, 110), (tx + 40, 470)], tower)
        c.rect((tx - 16, 96, tx + 16, 120), fill=mix(tower, INK, 0.2))
        for k in range(7):
            for d in (-1, 1):
                c.line([(tx, 130 + k * 18), (tx + d * (60 + k * 44), 372)], (250, 250, 250), 2)
    left_end, right_end = (470, 530) if closing else (500, 500)
    c.rect((0, 372, left_end, 392), fill=(70, 80, 96))
    c.rect((right_end, 372, W, 392), fill=(70, 80, 96))
    c.rect((0, 392, W, 400), fill=(50, 56, 70))
    for px in (300, 700):
        c.rect((px - 26, 400, px + 26, 470), fill=mix(tower, INK, 0.1))
    if closing:
        c.line([(500, 150), (500, 330)], INK, 2)
        c.rect((474, 330, 526, 356), fill=ORANGE)
        c.line([(420, 150), (580, 150)], GOLD, 8)
        for x in (440, 560):
            person(c, x, 372, 70, shirt=ORANGE, hat=GOLD)
    if crane:
        cx = 820
        c.line([(cx, 470), (cx, 90)], GOLD, 10)
        for k in range(12):
            y = 100 + k * 31
            c.line([(cx - 8, y), (cx + 8, y + 31)], mix(GOLD, INK, 0.3), 2)
        c.line([(cx - 280, 90), (cx + 90, 90)], GOLD, 10)
        c.line([(cx, 60), (cx - 240, 90)], INK, 2)
        c.line([(cx, 60), (cx + 80, 90)], INK, 2)
        c.line([(cx, 50), (cx, 92)], GOLD, 8)
        c.rect((cx + 60, 90, cx + 96, 118), fill=STEEL)
        c.line([(cx - 180, 92), (cx - 180, 230)], INK, 2)
        c.rect((cx - 196, 230, cx - 164, 246), fill=ORANGE)
    c.polygon([(0, 560), (380, 560), (300, H), (0, H)], (170, 160, 140))
    c.rect((0, 552, 380, 562), fill=(140, 130, 116))
    if words:
        banner(c, 360, 404, 640, words, 20)
    if puddles:
        for x in (40, 190):
            c.ellipse((x, 590, x + 110, 606), fill=(180, 204, 224))
    for i, x in enumerate((90, 140, 190, 240)):
        person(c, x, 620 - (i % 2) * 12, 110, shirt=ORANGE, hat=GOLD if i != 1 else RED, vest=ORANGE,
               arms="point" if i == 1 else "down")
    example_badge(c)
    return c


def refinery(words: str, briefing: bool = False) -> Canvas:
    """Process columns in scaffolding with the maintenance crew in front."""
    c = _outdoor(DAY, (176, 170, 160), 460)
    for x, w, h in ((120, 70, 330), (250, 90, 390), (400, 60, 300), (560, 100, 360), (720, 70, 320)):
        c.rect((x, 460 - h, x + w, 460), fill=(214, 218, 222), radius=w / 2)
        for y in range(460 - h + 30, 460, 44):
            c.line([(x - 20, y), (x + w + 20, y)], (200, 140, 70), 3)
        c.line([(x - 20, 460 - h + 30), (x - 20, 460)], (200, 140, 70), 3)
        c.line([(x + w + 20, 460 - h + 30), (x + w + 20, 460)], (200, 140, 70), 3)
    c.line([(0, 300), (W, 300)], STEEL, 6)
    c.line([(0, 320), (W, 320)], (160, 100, 80), 6)
    banner(c, 280, 380, 680, words, 24)
    if briefing:
        for i in range(9):
            x = 240 + i * 60
            person(c, x, 600 - abs(i - 4) * 6, 120, shirt=ORANGE if i != 4 else RED, hat=GOLD if i != 4 else RED,
                   vest=ORANGE if i != 4 else None, arms="point" if i == 4 else "down")
    else:
        for i, x in enumerate((140, 300, 520, 690, 830)):
            person(c, x, 610 - (i % 2) * 20, 130, shirt=ORANGE, hat=GOLD if i != 2 else RED, vest=ORANGE,
                   arms="up" if i == 1 else "down")
        c.rect((480, 540, 580, 600), fill=(110, 116, 130), radius=4)
    example_badge(c)
    return c


def tug_of_war() -> Canvas:
    c = _outdoor(DAY, (130, 186, 110), 360)
    for x in (60, 200, 760, 900):
        c.circle(x, 320, 60, (90, 150, 90))
    banner(c, 230, 40, 730, "三方党建共建拔河友谊赛", 30)
    c.line([(90, 520), (870, 520)], (200, 170, 110), 6)
    c.rect((474, 510, 486, 560), fill=RED)
    for i in range(5):
        person(c, 140 + i * 62, 640, 150, shirt=RED, arms="pull-left", facing=-1)
        person(c, 580 + i * 62, 640, 150, shirt=(40, 100, 170), arms="pull-right", facing=1)
    c.line([(480, 460), (480, 410)], INK, 3)
    person(c, 480, 470, 100, shirt=WHITE, arms="up")
    example_badge(c)
    return c


def volunteers_elder_home() -> Canvas:
    """学雷锋: volunteers in red vests checking the wiring at a home for the elderly."""
    c = Canvas(W, H, (242, 232, 214))
    c.rect((0, 470, W, H), fill=(196, 170, 132))
    window(c, (60, 140, 250, 400), *DAY)
    banner(c, 280, 40, 880, "学雷锋志愿服务 · 安全用电进万家", 26)
    c.rect((720, 190, 820, 320), fill=(220, 222, 226), radius=6)
    c.rect((734, 210, 806, 300), fill=(200, 204, 210))
    for k in range(4):
        c.rect((742 + k * 16, 224, 752 + k * 16, 250), fill=INK)
    person(c, 690, 600, 150, shirt=RED, vest=RED, arms="point", hat=None, hair="long")
    for i, x in enumerate((300, 440, 570)):
        c.rect((x - 40, 480, x + 40, 560), fill=(150, 104, 70), radius=8)
        c.rect((x - 26, 440, x + 26, 510), fill=(120, 130, 160) if i % 2 else (160, 120, 110), radius=12)
        c.circle(x, 420, 17, SKIN)
        c.pieslice((x - 18, 400, x + 18, 436), 180, 360, (220, 220, 220))
    person(c, 380, 620, 140, shirt=RED, vest=RED, arms="give")
    person(c, 860, 620, 146, shirt=RED, vest=RED, hair="bun")
    example_badge(c)
    return c


def loading_rack() -> Canvas:
    """夏送清凉: party members handing out cold drinks at the tanker loading rack."""
    c = _outdoor(((250, 200, 120), (252, 236, 200)), (186, 180, 164), 440)
    _sun(c, 120, 90, 44)
    c.rect((160, 150, 880, 180), fill=(214, 60, 60))
    c.text(520, 165, "装车台", 22, WHITE)
    for x in (180, 500, 860):
        c.rect((x - 8, 180, x + 8, 440), fill=STEEL)
    for x in (340, 680):
        c.line([(x, 180), (x, 300), (x - 40, 330)], INK, 6)
    truck(c, 200, 470, 300, words="油品配送")
    truck(c, 540, 470, 300, words="油品配送")
    c.rect((300, 520, 440, 580), fill=WHITE, radius=4)
    c.text(370, 550, "清凉+", 22, RED)
    for k in range(5):
        c.rect((310 + k * 24, 500, 326 + k * 24, 520), fill=(120, 190, 230), radius=3)
    person(c, 250, 630, 140, shirt=RED, vest=RED, arms="give", hair="long")
    person(c, 300 + 260, 630, 140, shirt=RED, vest=RED, arms="give")
    person(c, 640, 630, 146, shirt=(40, 90, 160), hat=GOLD)
    person(c, 720, 630, 146, shirt=(40, 90, 160), hat=GOLD)
    example_badge(c)
    return c


def class_in_waiting_room() -> Canvas:
    """流动党课: the branch secretary at a whiteboard, drivers in uniform seated before him."""
    c = Canvas(W, H, (232, 236, 240))
    c.rect((0, 450, W, H), fill=(170, 176, 186))
    window(c, (40, 110, 190, 330), (60, 80, 130), (240, 170, 120))  # 5:30 in the morning
    c.rect((300, 80, 760, 330), fill=WHITE, outline=STEEL, width=6)
    c.text(530, 130, "十五分钟流动党课", 32, RED)
    c.text(530, 190, "安全发展理念", 22, INK, bold=False)
    c.text(530, 230, "每名党员一句安全承诺", 22, INK, bold=False)
    c.text(530, 280, "出车前 05:30", 18, STEEL, bold=False)
    person(c, 820, 470, 170, shirt=(40, 90, 160), arms="point")
    for row in range(2):
        for i in range(6):
            x = 140 + i * 130 + row * 60
            seated(c, x, 560 + row * 70, 1.1 + row * 0.15, (40, 90, 160), "short", back=True)
    c.rect((880, 520, 940, 600), fill=(196, 200, 206), radius=4)
    c.text(910, 560, "待班室", 14, INK)
    example_badge(c)
    return c


def responsibility_truck() -> Canvas:
    """跟岗学习: visiting drivers learning the 党员安全责任车 checklist at the Guangzhou yard."""
    c = _outdoor(DAY, (180, 180, 176), 400)
    c.rect((60, 220, 420, 400), fill=(236, 238, 240))
    c.rect((60, 200, 420, 224), fill=RED)
    c.text(240, 212, "广州配送中心", 18, WHITE)
    for k in range(4):
        c.rect((84 + k * 84, 250, 140 + k * 84, 300), fill=(150, 196, 230))
    truck(c, 460, 560, 420, words="党员安全责任车")
    c.rect((800, 430, 880, 470), fill=RED, radius=4)
    c.text(840, 450, "党员车", 16, WHITE)
    person(c, 120, 620, 150, shirt=(40, 90, 160), arms="point")
    for i, x in enumerate((200, 270, 340, 410)):
        person(c, x, 620, 146 - i * 2, shirt=(56, 120, 120) if i % 2 else (70, 110, 150), hair=HAIRS[i])
    c.rect((395, 505, 425, 540), fill=WHITE, radius=2)
    example_badge(c)
    return c
