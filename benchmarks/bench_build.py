"""Build benchmark: generates a corpus of N branches with real-sized photos, then times a cold
build (empty cache), a warm build (nothing changed) and a rebuild after one story edit.

    .venv/bin/python benchmarks/bench_build.py --branches 20 50

It prints its figures and the warm/cold ratio; it asserts nothing (targets are read, not tested).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO / "tests" / "fixtures" / "photos"
FIGURES_PER_BRANCH = 10
STORIES_PER_BRANCH = 5
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def phone_photo(source: Path, target: Path, seed: int, size: tuple[int, int]) -> None:
    """A unique phone-sized photo derived from a fixture (unique bytes, so nothing is cached)."""
    image = Image.open(source).convert("RGB").resize(size, Image.Resampling.BICUBIC)
    ImageDraw.Draw(image).rectangle([0, 0, 40 + seed % 200, 8], fill=(seed % 255, 80, 40))
    image.save(target, quality=88)


def branch_yaml(index: int) -> str:
    figures, stories = [], []
    for f in range(FIGURES_PER_BRANCH):
        name = SURNAMES[(index + f) % len(SURNAMES)] + GIVEN[(index * 7 + f) % len(GIVEN)] + GIVEN[f]
        figures.append(f"""  - id: p{f}
    name: {name}
    photo: people/p{f}.jpg
    post: 班组长、党小组长
    joined: {2000 + f}
    motto: 我是党员向我看，一名党员一面旗
    honours:
      - {{title: 明星党员, period: "2026-{1 + f % 9:02d}"}}
      - {{title: 优秀共产党员, period: "{2020 + f % 6}"}}
    story: |
      {name}同志扎根一线{f + 3}年，带领班组攻坚克难，连续多年实现安全生产零事故，
      在急难险重任务中冲锋在前，用实际行动诠释了共产党员的初心使命。""")
    for s in range(STORIES_PER_BRANCH):
        stories.append(f"""  - title: 第{index}支部主题党日活动纪实之{s + 1}
    date: 2025-{1 + s:02d}-{10 + s}
    body: |
      支部组织党员开展“三会一课”和主题党日活动，围绕保供稳价、安全生产开展专题研讨。
      党员们结合岗位实际，提出改进建议{s + 12}条，形成“一岗一品”工作清单。
    photos: [stories/s{s}.jpg]
    figures: [p{s}]
    tags: [主题党日, 三会一课]""")
    return f"""name: 第{index}党支部
org: 第{index % 5}党委
brand:
  name: 红色先锋{index}号·品质服务
  slogan: 一名党员一面旗帜
  concept: |
    坚持党建引领，把支部建在项目上，把党员聚在一线上，打造“红色先锋”品牌。
  tier: 示范
figures:
{chr(10).join(figures)}
stories:
{chr(10).join(stories)}
"""


def make_corpus(root: Path, branches: int) -> None:
    for part in ("mkdocs.yml", "theme", "docs"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    for index in range(branches):
        folder = root / "branches" / f"b{index:04d}"
        (folder / "people").mkdir(parents=True)
        (folder / "stories").mkdir()
        (folder / "branch.yml").write_text(branch_yaml(index), encoding="utf-8")
        for f in range(FIGURES_PER_BRANCH):
            phone_photo(PHOTOS / "grace_hopper.jpg", folder / "people" / f"p{f}.jpg",
                        index * 100 + f, (1536, 1800))
        for s in range(STORIES_PER_BRANCH):
            phone_photo(PHOTOS / "rocket.jpg", folder / "stories" / f"s{s}.jpg",
                        index * 100 + 50 + s, (2400, 1600))


def timed_build(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "brandhall", "build", "--quiet"], cwd=root, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(branches: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_corpus(root, branches)
        cold = timed_build(root)
        warm = timed_build(root)
        story = root / "branches" / "b0000" / "branch.yml"
        story.write_text(story.read_text().replace("主题党日活动纪实之1", "主题党日活动纪实（修订）", 1))
        edit = timed_build(root)
        site = root / "site"
        pages = len(list(site.rglob("*.html")))
        print(f"N={branches:>5} 支部  页面 {pages:>6}  冷构建 {cold:7.1f} s  热构建 {warm:7.1f} s  "
              f"改一个故事 {edit:7.1f} s  热/冷 {warm / cold:.2f}  改/冷 {edit / cold:.2f}  "
              f"网站 {folder_bytes(site) / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description="brandhall 构建基准测试")
    parser.add_argument("--branches", type=int, nargs="+", default=[20], help="支部数量，可多个")
    args = parser.parse_args()
    print(f"机器：{os.cpu_count()} 核；每个支部 {FIGURES_PER_BRANCH} 名人物、{STORIES_PER_BRANCH} 个故事，"
          "照片为手机尺寸")
    for branches in args.branches:
        run(branches)


if __name__ == "__main__":
    main()
