"""Preview latency: how long after an editor saves a story file `brandhall serve` shows the
edit in the browser, on the bundled example site (target: within 2 s).

    .venv/bin/python benchmarks/bench_preview.py

It prints each measurement and the median; it asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from example_preview import CHROMIUM_ARGS, example_preview  # noqa: E402

STORY = "branches/guangzhou-peisong/stories/longzhoushui-baogong.md"
PAGE = "branches/guangzhou-peisong/stories/longzhoushui-baogong/"
EDITS = 5


def main() -> None:
    seconds: list[float] = []
    with example_preview() as (project, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + PAGE)
        time.sleep(2)
        story = project / STORY
        for edit in range(EDITS):
            start = time.perf_counter()
            story.write_text(story.read_text().replace("title:", f"title: 修改{edit}", 1))
            page.locator("h1", has_text=f"修改{edit}").wait_for(timeout=60000)
            seconds.append(time.perf_counter() - start)
            print(f"第 {edit + 1} 次保存 → 浏览器显示：{seconds[-1]:.2f} s")
            time.sleep(1)
        browser.close()
    print(f"中位数 {statistics.median(seconds):.2f} s（目标 2 s 以内）")


if __name__ == "__main__":
    main()
