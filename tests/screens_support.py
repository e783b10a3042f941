"""What the lobby screen tests (tests/test_screens_*.py) share: the playlists built for them,
the `Player` that drives one screen page in real Chromium under Playwright's fake clock, and the
helpers that plant a mistake in a playlist and read what `check` reports. Their fixtures
(`screen_project`, built once per test session, `screens_server`, `open_screen`, `playlist`)
are in conftest.py.

The player tests install Playwright's fake clock, so the wall-clock timing of the page is driven
by the test: `Player.advance` moves time forward a second at a time and, after each step, waits
for the page's own requests to finish. Nothing here depends on how fast the machine is.
Screenshots of every frame go to test-artifacts/screenshots/screen-*.png for people to look at.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from conftest import REPO, LocalServer
from helpers import position, replace_once, run_check
from playwright.sync_api import Error as PlaywrightError

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
SITE_URL = "http://dangjian.intranet/"
REAL_URL = "http://10.20.0.8/dangjian/"
ERROR, WARNING = "错误", "警告"
SLIDE_TYPES = ("brand（支部品牌）、brands（品牌轮播）、wall（明星墙）、figure（先进典型）、"
               "stories（最新故事）、partners（互联共建）、notice（通知）、figure_talk（人物宣讲）、"
               "image（图片）、poster（海报）")


def shanghai(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


WEDNESDAY_NOON = shanghai(2026, 11, 18, 12)  # 18 November 2026 is a Wednesday


# --- playlists written for these tests, built once beside the bundled examples ---------------

TEST_SCREENS = {
    # Frames: 0 第一张 10 s, 1 brand 20 s, 2 周一早会 10 s (Monday 08:00-09:00 only), 3 第四张 5 s.
    "seq": """
title: 测试·顺序
duration: 10
poll: 600
slides:
  - {type: notice, title: 第一张, text: 甲}
  - {type: brand, branch: guangzhou-peisong, duration: 20}
  - type: notice
    title: 周一早会
    text: 乙
    schedule: [{days: [周一], start: "08:00", end: "09:00"}]
  - {type: notice, title: 第四张, text: 丙, duration: 5}
""",
    "upd": """
title: 测试·更新
duration: 10
poll: 10
slides:
  - {type: notice, title: 更新一, text: 甲}
  - {type: notice, title: 更新二, text: 乙}
  - {type: notice, title: 更新三, text: 丙}
""",
    "night": """
title: 测试·夜间
night: clock
schedule:
  - {days: [工作日], start: "08:00", end: "18:00"}
  - {days: [周五], start: "22:00", end: "02:00"}
slides:
  - {type: notice, title: 白天, text: 甲}
""",
    "black": """
title: 测试·全黑
night: black
transitions: none
schedule:
  - {days: [每天], start: 8:00, end: 18:00}
slides:
  - {type: notice, title: 白天一, text: 甲}
  - {type: notice, title: 白天二, text: 乙}
""",
    "many": """
title: 测试·内存
duration: 5
poll: 600
slides:
  - {type: brands}
  - {type: wall, scope: all}
  - {type: figure, branch: jiaotong-yanjiuyuan, figure: liu-yang}
  - {type: stories, count: 4}
  - {type: partners}
  - {type: notice, title: 通知, text: 甲}
""",
    # Frames: 0 the talk of 张伟, 1-n the photos of his stories, then 第二项 and 第三项.
    "talk": """
title: 测试·演示
mode: present
resume: "18:00"
slides:
  - {type: figure_talk, branch: guangzhou-peisong, figure: zhang-wei}
  - {type: notice, title: 第二项, text: 乙}
  - {type: notice, title: 第三项, text: 丙}
""",
    # 国庆 is a holiday; 冬季 plays in December only, 不在元旦 not on New Year's Day.
    "dated": """
title: 测试·日期
duration: 10
except: ["2026-10-01~2026-10-07"]
slides:
  - {type: notice, title: 每天都有, text: 甲}
  - {type: notice, title: 十二月, text: 乙, from: 2026-12-01, until: "2026-12-31"}
  - {type: notice, title: 不在元旦, text: 丙, except: [2027-01-01]}
""",
    # 建党节 plays on 1 July of every year only; 跨年 on New Year's Eve and Day, and on 18 Nov 2026.
    "special": """
title: 测试·特别的日子
duration: 10
slides:
  - {type: notice, title: 每天都有, text: 甲}
  - {type: notice, title: 建党节, text: 乙, only: ["07-01"]}
  - {type: notice, title: 跨年, text: 丙, only: ["12-31~01-01", 2026-11-18]}
""",
    # Weekdays 08:00-18:00, closed over 国庆, but open on Saturday 3 October 09:00-12:00 and on
    # every 1 July 07:00-21:00.
    "opening": """
title: 测试·特别开屏日
schedule:
  - {days: [工作日], start: "08:00", end: "18:00"}
except: ["2026-10-01~2026-10-07"]
special_days:
  - {days: ["2026-10-03"], start: "09:00", end: "12:00"}
  - {days: ["07-01"], start: "07:00", end: "21:00"}
slides:
  - {type: notice, title: 特别, text: 甲}
""",
    "urgent": """
title: 测试·紧急
schedule:
  - {days: [每天], start: "08:00", end: "18:00"}
urgent:
  title: 临时停水
  text: 今天 **20:00** 前大楼停水，请节约用水。
  from: "2026-11-18 19:00"
  until: "2026-11-18 20:00"
slides:
  - {type: notice, title: 日常, text: 甲}
""",
    "tall": """
title: 测试·竖屏演示
orientation: portrait
mode: present
urgent:
  title: 临时停水
  text: 今天 **20:00** 前大楼停水，请节约用水。
  until: "2026-11-18 20:00"
slides:
  - {type: figure_talk, branch: guangzhou-peisong, figure: zhang-wei}
""",
    "pics": """
title: 测试·图片
slides:
  - {type: image, src: images/kuqu.jpg, alt: 库区作业, caption: 华南物流中心库区}
  - {type: poster, src: posters/qiyi.pdf, alt: 七一表彰大会海报}
""",
    "pics-tall": """
title: 测试·竖屏图片
orientation: portrait
slides:
  - {type: image, src: images/kuqu.jpg, alt: 库区作业, caption: 华南物流中心库区}
  - {type: poster, src: posters/qiyi.pdf, alt: 七一表彰大会海报}
""",
    "xss": """
title: "<b>测试</b>"
heading: "<script>alert('h')</script>抬头"
slides:
  - type: notice
    title: "<script>x()</script>"
    text: |
      <script>alert(2)</script>**正文** <b onmouseover=alert(3)>粗</b> [链接](javascript:alert(4))
""",
}


POSTER_HTML = """<html><style>@page { size: A4; margin: 0 }</style><body style="margin:0">
<div style="width:210mm;height:296mm;background:#b71c1c;color:#fff;
font-family:'Noto Sans CJK SC';text-align:center"><h1 style="font-size:54pt;margin:0;padding-top:90mm">七一表彰大会</h1>
<p style="font-size:26pt">7 月 1 日 · 三楼礼堂</p></div></body></html>"""


def add_pictures(folder: Path) -> None:
    """A photo of the example content as a picture, and a real PDF poster made by WeasyPrint."""
    from weasyprint import HTML

    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "posters").mkdir(exist_ok=True)
    (folder / "images" / "kuqu.jpg").write_bytes((REPO / "branches/huanan-wuliu/stories/kuqu.jpg").read_bytes())
    HTML(string=POSTER_HTML).write_pdf(folder / "posters" / "qiyi.pdf")


BASE = """# yaml-language-server: $schema=../schema/screen.schema.json
title: 测试大屏
orientation: landscape
duration: 15
schedule:
  - {days: [工作日], start: "07:30", end: "19:00"}
slides:
  - type: brand
    branch: huanan-wuliu
  - type: figure
    branch: guangzhou-peisong
    figure: zhang-wei
  - {type: brands, org: 广东分公司党委}
  - type: notice
    text: 欢迎参观
"""


def plant(path: Path, old: str, new: str) -> Path:
    replace_once(path, old, new)
    return path


def at(path: Path, snippet: str, target: str, problem: str, severity: str = ERROR) -> str:
    return f"{severity} screens/{path.name}:{position(path, snippet, target)}: {problem}"


def reported(path: Path) -> list[str]:
    code, lines = run_check(path.parent.parent)
    problems = [line for line in lines if line.startswith((f"{ERROR} ", f"{WARNING} "))]
    assert code == (1 if any(p.startswith(ERROR) for p in problems) else 0), lines
    return problems


class Player:
    """One screen page in its own browser context with Playwright's fake clock."""

    def __init__(self, browser, server: LocalServer, name: str, when: dt.datetime,
                 size: tuple[int, int] = (1920, 1080), query: str = ""):
        self.name = name
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                           timezone_id="Asia/Shanghai", locale="zh-CN")
        self.context.add_init_script(
            "addEventListener('beforeunload', function () { try { sessionStorage.setItem('bh-last',"
            " JSON.stringify(window.brandhallScreen.state())); } catch (e) {} });")
        self.page = self.context.new_page()
        self.loads = 0
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.cdp = None  # a DevTools session, for the memory counters
        self.page.on("load", lambda _: self._loaded())
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.clock.install(time=when - dt.timedelta(minutes=5))
        self.page.goto(server.url(f"screens/{name}/{query}"))
        self.page.clock.pause_at(when)
        self.settle()

    def _loaded(self) -> None:
        self.loads += 1

    @property
    def reloads(self) -> int:
        return self.loads - 1

    def evaluate(self, script: str):
        deadline = time.monotonic() + 20
        while True:
            try:
                return self.page.evaluate(script)
            except PlaywrightError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def state(self) -> dict:
        self.wait_until("window.brandhallScreen")
        return self.evaluate("brandhallScreen.state()")

    def settle(self) -> None:
        """Wait (in real time) until the page's requests have finished."""
        self.wait_until("window.brandhallScreen && brandhallScreen.state().inflight === 0")

    def wait_until(self, predicate: str) -> None:
        deadline = time.monotonic() + 20
        while not self.evaluate(f"!!({predicate})"):
            assert time.monotonic() < deadline, f"page never reached: {predicate}"
            time.sleep(0.02)

    def advance(self, ms: int, step: int = 1000) -> None:
        while ms > 0:
            self.page.clock.run_for(min(step, ms))
            ms -= step
            self.settle()

    def to_next_frame(self, extra: int = 2500) -> None:
        state = self.state()
        self.advance(state["end"] - state["now"] + extra)

    def title(self) -> str:
        return self.evaluate("document.querySelector('.slide.is-active h1').textContent").strip()

    def faded_in(self) -> None:
        """CSS transitions run in real time: wait until the active slide is fully shown."""
        self.wait_until("getComputedStyle(document.querySelector('.slide.is-active')).opacity === '1'")
        self.wait_until("[].every.call(document.querySelectorAll('.slide.is-active img'),"
                        " function (i) { return i.complete; })")

    def dom_counters(self) -> tuple[int, int, int]:
        """Documents, nodes and event listeners, the active slide shown and garbage collected."""
        self.faded_in()
        self.wait_until("brandhallScreen.state().decoding === 0")
        self.cdp = self.cdp or self.context.new_cdp_session(self.page)
        previous = None
        for _ in range(100):  # removed nodes are freed once the renderer lets go of them
            self.cdp.send("HeapProfiler.collectGarbage")
            dom = self.cdp.send("Memory.getDOMCounters")
            settled = (dom["documents"], dom["nodes"], dom["jsEventListeners"])
            if settled == previous:
                break
            previous = settled
            time.sleep(0.1)
        return settled

    def heap(self) -> int:
        """The JS heap in use after a garbage collection, in bytes."""
        self.cdp = self.cdp or self.context.new_cdp_session(self.page)
        self.cdp.send("HeapProfiler.collectGarbage")
        return int(self.cdp.send("Runtime.getHeapUsage")["usedSize"])

    def close(self) -> None:
        self.context.close()


def aligned(when: dt.datetime, cycle_ms: int) -> dt.datetime:
    """The first moment at or after `when` where a playlist of this cycle starts over."""
    ms = int(when.timestamp() * 1000)
    start = -(-ms // cycle_ms) * cycle_ms
    return dt.datetime.fromtimestamp(start / 1000, SHANGHAI)


# --- readable at 3-5 m -----------------------------------------------------------------------

MEASURE = """() => {
  const active = document.querySelector('.slide.is-active');
  const area = active.getBoundingClientRect();
  const out = {body: [], titles: [], overflow: [], clamped: [], broken: [], outside: [], orphans: []};
  // A text whose last line holds a single character (closing punctuation aside).
  for (const el of active.querySelectorAll('.s-title, .s-kicker, .s-lead, .s-body, .s-quote, .card-meta')) {
    const range = document.createRange(), tops = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i++) {
        if (!node.textContent[i].trim() || '。，、；：？！…）》」』”’'.includes(node.textContent[i])) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) tops.push(Math.round(rect.top));
      }
    }
    const lines = [...new Set(tops)];
    if (lines.length > 1 && tops.filter(t => t === lines[lines.length - 1]).length === 1)
      out.orphans.push(el.textContent.trim());
  }
  const texts = [active, document.querySelector('.bar')];
  for (const scope of texts) {
    for (const el of scope.querySelectorAll('*')) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const style = getComputedStyle(el);
      if (!own || style.display === 'none' || style.visibility === 'hidden') continue;
      const entry = [parseFloat(style.fontSize), el.textContent.trim().slice(0, 24)];
      (el.closest('.s-title') ? out.titles : out.body).push(entry);
    }
  }
  for (const el of active.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.left < area.left - 1 || r.right > area.right + 1 || r.top < area.top - 1 || r.bottom > area.bottom + 1)
      out.overflow.push(el.className + ' ' + el.textContent.trim().slice(0, 24));
  }
  for (const el of active.querySelectorAll('.s-title, .s-kicker, .card-name, .s-lead, .s-quote')) {
    const clamped = el.getBoundingClientRect().height;
    el.style.cssText = '-webkit-line-clamp: none; display: block; overflow: visible';
    const full = el.getBoundingClientRect().height;
    el.style.cssText = '';
    if (full > clamped + 1) out.clamped.push(el.textContent.trim());
  }
  for (const img of active.querySelectorAll('img'))
    if (!img.complete || !img.naturalWidth) out.broken.push(img.src);
  for (const el of document.querySelectorAll('.bar, .slides, .progress')) {
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) out.outside.push(el.className);
  }
  return out;
}"""


def _titles_in_a_cycle(player: Player) -> list[str]:
    titles = []
    for _ in range(len(player.evaluate("document.querySelectorAll('template')"))):
        if player.title() in titles:
            break
        titles.append(player.title())
        player.to_next_frame()
    return titles
