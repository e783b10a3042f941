"""Printing the honour wall: the print stylesheet, and the stars PDF made with WeasyPrint."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ARTIFACTS, copy_project, run_brandhall
from PIL import Image


def test_stars_pdf_has_embedded_chinese_text(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = run_brandhall(project, "stars-pdf", "-o", "stars.pdf")
    assert result.returncode == 0, result.stderr
    assert "已导出 6 位明星到 stars.pdf" in result.stderr
    pdf = project / "stars.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("2026年10月明星", "张伟", "明星党员", "我是党员向我看"):
        assert expected in text
    first_page = ARTIFACTS / "stars-pdf"
    first_page.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(first_page)], check=True)
    with Image.open(f"{first_page}.png") as page:
        assert page.size[1] > page.size[0], "A4 portrait"


def test_stars_pdf_one_figure_per_page(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run_brandhall(project, "stars-pdf", "--layout", "single", "-o", "one.pdf").returncode == 0
    info = subprocess.run(["pdfinfo", str(project / "one.pdf")], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 6


def test_stars_pdf_refuses_a_broken_project(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    branch = project / "branches" / "huanan-wuliu" / "branch.yml"
    branch.write_text(branch.read_text().replace("members:", "memberz:", 1))
    result = run_brandhall(project, "stars-pdf", "-o", "stars.pdf")
    assert result.returncode == 1
    assert "不认识的字段“memberz”，你是不是想写“members”？" in result.stderr
    assert not (project / "stars.pdf").exists()


def test_wall_prints_as_a_clean_a4_grid(page, site, tmp_path: Path):
    page.goto(site.url("wall/"))
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator("[data-wall-filter]").is_visible()
    columns = page.locator("[data-wall-cards]").evaluate(
        "grid => getComputedStyle(grid).gridTemplateColumns.split(' ').length")
    assert columns == 3
    pdf = tmp_path / "wall.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "明星墙" in text and "搜索" not in text
