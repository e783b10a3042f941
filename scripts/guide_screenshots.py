"""Takes the screenshots in docs/guide/编辑指南.md from the bundled example, with real Chromium.

    .venv/bin/python scripts/guide_screenshots.py
"""

from __future__ import annotations

from example_preview import CHROMIUM_ARGS, REPO, example_preview
from playwright.sync_api import sync_playwright

OUT = REPO / "docs" / "assets" / "guide"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with example_preview() as (project, base), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base)
        page.screenshot(path=str(OUT / "home.png"))
        page.goto(base + "branches/huanan-wuliu/")
        page.screenshot(path=str(OUT / "branch.png"))
        branch = project / "branches" / "huanan-wuliu" / "branch.yml"
        branch.write_text(branch.read_text().replace("members:", "memberz:", 1))
        page.locator(".bh-preview-errors").wait_for(timeout=60000)
        page.screenshot(path=str(OUT / "preview-error.png"))
        browser.close()
    print(f"截图已保存到 {OUT}")


if __name__ == "__main__":
    main()
