"""Build benchmark. For each N it generates (or reuses) a corpus of N branches, each with 10
figures and 5 stories, varied Chinese text and unique photos (portraits 900×1200, story photos
1600×1067), then times, each in a fresh process: a cold build (no .brandhall/ cache, no site/),
a warm build (nothing changed) and a rebuild after one phrase of one story changed. It builds a
baseline too: the same pages as plain Markdown in a plain mkdocs-material project (default nav),
for real up to --baseline-max-pages pages, above that projected from the measured runs.

    .venv/bin/python benchmarks/bench_build.py --branches 100 300 1000 --corpus /tmp/bench-corpus

--corpus keeps the corpora (DIR/n<N>/) and reuses a complete one, so a large corpus is generated
once; without it they go in a temporary folder. Each corpus's site/ and .brandhall/ are deleted
once measured, and so is each baseline project, to save disk. It prints its figures, then a
Markdown table for the README; it asserts nothing (targets are read, not tested).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from baseline import Baseline, pages_for, project, write_project
from corpus import FIGURES_PER_BRANCH, REPO, STORIES_PER_BRANCH, Corpus, make_corpus

RUNNER = Path(__file__).resolve().parent / "run_build.py"
PAGES_PER_BRANCH = 1 + FIGURES_PER_BRANCH + STORIES_PER_BRANCH
PHOTOS_PER_BRANCH = FIGURES_PER_BRANCH + STORIES_PER_BRANCH
STAGES = ("读取", "照片", "页面", "分享卡片", "MkDocs", "Zensical", "搜索索引", "组装网站",  # one engine runs
          "品牌手册")
EDIT_FROM, EDIT_TO = "党员", "共产党员"  # the phrase changed in one story's body
PROJECTED = "推算（未实际构建）"
FREE_DISK_MARGIN = 5e9  # bytes left free when deciding to build a baseline


@dataclass
class Build:
    seconds: float  # the build() call
    process_seconds: float  # the whole process, with Python start-up and imports
    stages: dict[str, float]
    pages: int
    pages_rendered: int
    photos: int
    photos_decoded: int
    peak_mb: float
    warnings: list[str]


@dataclass
class Result:
    corpus: Corpus
    cold: Build
    warm: Build
    edit: Build
    branch_page_bytes: float
    site_bytes: int
    search_bytes: int
    baseline: Baseline


# ---------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------


def run_runner(*args: str) -> tuple[dict, float]:
    """run_build.py in a fresh process: its JSON line and the process's wall time."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(RUNNER), *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"构建失败：run_build.py {' '.join(args)}（退出码 {done.returncode}）")
    return json.loads(done.stdout.strip().splitlines()[-1]), seconds


def timed_build(root: Path, *options: str) -> Build:
    data, seconds = run_runner(str(root), *options)
    return Build(data["seconds"], seconds, data["stages"], data["pages"], data["pages_rendered"],
                 data["photos"], data["photos_decoded"], data["peak_mb"], data["warnings"])


def clean(root: Path) -> None:
    """What a cold build must not find: the cache and every site folder."""
    for name in (".brandhall", "site", ".site-new", ".site-old"):
        if (root / name).exists():
            shutil.rmtree(root / name)


@contextmanager
def one_story_edited(root: Path) -> Iterator[Path]:
    """One phrase of one story file's body changed, in a branch in the middle; restored after."""
    folders = sorted(p for p in (root / "branches").iterdir() if p.is_dir())
    story = sorted((folders[len(folders) // 2] / "stories").glob("*.md"))[0]
    original = story.read_text(encoding="utf-8")
    head, mark, body = original.partition("\n---\n")
    if EDIT_FROM not in body:
        raise SystemExit(f"{story} 的正文里没有“{EDIT_FROM}”")
    replace_file(story, head + mark + body.replace(EDIT_FROM, EDIT_TO, 1))
    try:
        yield story
    finally:
        replace_file(story, original)


def replace_file(path: Path, text: str) -> None:
    """A new file renamed over the old one: in a corpus copied with `cp -al` the edit must break the
    hard link, not write through it into the shared corpus."""
    new = path.with_name(f".{path.name}.new")
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_site(site: Path) -> tuple[float, int, int]:
    """Average bytes of a branch page, bytes of the whole site, bytes of the search index (Pagefind's
    chunked bundle, of which a query loads only a few chunks: see bench_pages.py)."""
    branch_pages = list(site.glob("branches/*/index.html"))
    search = site / "pagefind"
    return (sum(p.stat().st_size for p in branch_pages) / len(branch_pages), folder_bytes(site),
            folder_bytes(search) if search.is_dir() else 0)


# ---------------------------------------------------------------------------------------------
# The baseline
# ---------------------------------------------------------------------------------------------


def build_baseline(corpus: Path, branches: int, work: Path) -> Baseline:
    target = work / f"baseline-{branches}"
    pages = write_project(corpus, target, branches)
    try:
        data, _ = run_runner("--mkdocs", str(target))
        site = target / "site"
        search = site / "search" / "search_index.json"
        return Baseline(branches, pages, data["seconds"], folder_bytes(site),
                        search.stat().st_size if search.exists() else 0, data["peak_mb"], measured=True)
    finally:
        shutil.rmtree(target, ignore_errors=True)


def baseline_for(corpus: Path, branches: int, work: Path, max_pages: int, measured: list[Baseline]) -> Baseline:
    """Built for real when small enough (and the disk can hold it), else projected from three
    measured sizes, building smaller ones (N/10, N/20, …) from this corpus when needed."""
    pages = pages_for(branches, PAGES_PER_BRANCH)
    if pages <= max_pages and fits_on_disk(measured, branches, pages, work):
        measured.append(build_baseline(corpus, branches, work))
        return measured[-1]
    for helper in (branches // 10, branches // 20, branches // 40, 1):
        if len({b.pages for b in measured}) >= 3:
            break
        helper_pages = pages_for(helper, PAGES_PER_BRANCH)
        if helper > 0 and helper_pages <= max_pages and all(b.branches != helper for b in measured):
            measured.append(build_baseline(corpus, helper, work))
            b = measured[-1]
            print(f"  基线辅助实测：前 {helper} 个支部（{b.pages:,} 页）构建 {b.seconds:.1f} s，"
                  f"网站 {b.site_bytes / 1e6:,.1f} MB，峰值内存 {b.peak_mb:,.0f} MB", flush=True)
    return project(measured, branches, pages)


def fits_on_disk(measured: list[Baseline], branches: int, pages: int, work: Path) -> bool:
    if len({b.pages for b in measured}) < 2:
        return True
    return project(measured, branches, pages).site_bytes + FREE_DISK_MARGIN < shutil.disk_usage(work).free


# ---------------------------------------------------------------------------------------------
# One N
# ---------------------------------------------------------------------------------------------


def run(branches: int, work: Path, max_pages: int, measured: list[Baseline],
        keep_site: bool = False) -> Result:
    corpus = make_corpus(work / f"n{branches}", branches)
    print(f"\n## N = {branches:,} 个支部（{pages_for(branches, PAGES_PER_BRANCH) - 1:,} 个支部/人物/故事页，"
          f"{corpus.photos:,} 张照片 + {branches:,} 个 SVG 标识）", flush=True)
    print(f"语料：{corpus.root}，" + ("沿用已生成的语料" if corpus.reused else f"生成用时 {corpus.seconds:.1f} s") +
          f"；照片共 {corpus.photo_bytes / 1e6:,.1f} MB，平均每张 {corpus.photo_bytes / corpus.photos / 1e3:.0f} KB",
          flush=True)
    clean(corpus.root)
    cold = timed_build(corpus.root)
    print_build("冷构建", cold)
    sizes = measure_site(corpus.root / "site")  # the site as the cold build left it
    warm = timed_build(corpus.root)
    print_build("热构建", warm)
    with one_story_edited(corpus.root) as story:
        edit = timed_build(corpus.root)
    print_build("改一个故事", edit, f"（{story.relative_to(corpus.root)}：“{EDIT_FROM}”→“{EDIT_TO}”）")
    if not keep_site:
        clean(corpus.root)  # the next run starts cold anyway; at N=1000 they take many GB
    baseline = baseline_for(corpus.root, branches, work, max_pages, measured)
    result = Result(corpus, cold, warm, edit, *sizes, baseline)
    print_result(result)
    return result


def print_build(name: str, build: Build, note: str = "") -> None:
    stages = " · ".join(f"{s} {build.stages.get(s, 0):.1f}" for s in STAGES)
    print(f"{name}：{build.seconds:.1f} s（进程共 {build.process_seconds:.1f} s）  各阶段 s：{stages}  "
          f"渲染页面 {build.pages_rendered:,}/{build.pages:,}  解码照片 {build.photos_decoded:,}/{build.photos:,}  "
          f"峰值内存 {build.peak_mb:,.0f} MB{note}", flush=True)
    for warning in build.warnings[:5]:
        print(f"  警告：{warning}")
    if len(build.warnings) > 5:
        print(f"  ……共 {len(build.warnings)} 条警告")


def print_result(r: Result) -> None:
    cold, n = r.cold, r.corpus.branches
    photos = n * PHOTOS_PER_BRANCH
    photo_seconds = cold.stages.get("照片", 0)
    cores = os.cpu_count() or 1
    print(f"热/冷 {r.warm.seconds / cold.seconds:.3f}  改/冷 {r.edit.seconds / cold.seconds:.3f}")
    print(f"照片处理（冷构建）：{photos:,} 张 JPG 用时 {photo_seconds:.1f} s，"
          f"每张 {photo_seconds / photos * 1e3:.0f} ms（{cores} 个进程并行的墙钟），"
          f"约 {photo_seconds * cores / photos:.2f} 核·秒/张（SVG 标识几乎不耗时）")
    print(f"网站：{cold.pages:,} 页；支部页平均 {r.branch_page_bytes / 1e3:.1f} KB；"
          f"网站共 {r.site_bytes / 1e6:,.1f} MB；搜索索引 {r.search_bytes / 1e3:,.1f} KB")
    b = r.baseline
    label = "实测" if b.measured else PROJECTED
    print(f"基线（普通 mkdocs-material，默认导航，{b.pages:,} 页，{label}）：构建 {b.seconds:,.1f} s，"
          f"网站 {b.site_bytes / 1e6:,.1f} MB，搜索索引 {b.search_bytes / 1e3:,.1f} KB，峰值内存 {b.peak_mb:,.0f} MB")
    print(f"本工具/基线（{label}）：冷构建时间 {cold.seconds / b.seconds:.2f} 倍，"
          f"网站大小 {r.site_bytes / b.site_bytes:.2f} 倍", flush=True)


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------


def print_summary(results: list[Result], measured: list[Baseline]) -> None:
    print("\n## 汇总\n")
    print("| 支部 N | 页面 | 冷构建 s | 热构建 s | 改一个故事 s | 热/冷 | 改/冷 | 支部页 KB | 网站 MB | 搜索索引 KB "
          "| 峰值内存 MB | 基线构建 s | 基线网站 MB | 冷构建 本/基线 | 网站 本/基线 | 基线数据 |")
    print("|" + "---:|" * 15 + "---|")
    for r in results:
        b = r.baseline
        peak = max(r.cold.peak_mb, r.warm.peak_mb, r.edit.peak_mb)
        print(f"| {r.corpus.branches:,} | {r.cold.pages:,} | {r.cold.seconds:,.1f} | {r.warm.seconds:.1f} | "
              f"{r.edit.seconds:.1f} | {r.warm.seconds / r.cold.seconds:.3f} | {r.edit.seconds / r.cold.seconds:.3f} | "
              f"{r.branch_page_bytes / 1e3:.1f} | {r.site_bytes / 1e6:,.0f} | {r.search_bytes / 1e3:,.0f} | "
              f"{peak:,.0f} | "
              f"{b.seconds:,.1f} | {b.site_bytes / 1e6:,.0f} | {r.cold.seconds / b.seconds:.2f} | "
              f"{r.site_bytes / b.site_bytes:.2f} | {'实测' if b.measured else PROJECTED} |")
    print(f"\n{machine()}（结束时）")
    first = results[0]
    print(f"\n线性检查（相对 N={first.corpus.branches:,}）：")
    for r in results:
        page = r.branch_page_bytes / first.branch_page_bytes
        per_branch = (r.cold.seconds / r.corpus.branches) / (first.cold.seconds / first.corpus.branches)
        verdict = "在 ±10% 以内" if abs(page - 1) <= 0.10 else "超出 ±10%"
        print(f"- N={r.corpus.branches:,}：支部页字节 {page:.3f}（{verdict}）；冷构建每支部耗时 {per_branch:.3f}")
    if any(not r.baseline.measured for r in results):
        points = "；".join(f"{b.pages:,} 页 {b.seconds:,.1f} s、{b.site_bytes / 1e6:,.0f} MB" for b in measured)
        form = ("c·x²", "a + c·x²", "a + b·x + c·x²")[min(len({b.pages for b in measured}), 3) - 1]
        print(f"\n基线推算：按实测点（{points}）对时间、网站大小、搜索索引和内存各做二次拟合"
              f"（y = {form}，x 为页数），标为“推算（未实际构建）”的基线未实际构建。")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "未知")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "brandhall", "theme"],
                           capture_output=True, text=True).stdout.strip()
    return (f"机器：{cpu}，{os.cpu_count()} 核，内存 {mem / 1024 ** 2:.1f} GiB，Python {platform.python_version()}；"
            f"代码 {commit}{'（brandhall/ 或 theme/ 有未提交改动）' if dirty else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description="brandhall 构建基准测试")
    parser.add_argument("--branches", type=int, nargs="+", default=[100, 300, 1000], help="支部数量，可多个")
    parser.add_argument("--corpus", type=Path, help="语料文件夹：保留各 N 的语料（DIR/n<N>/），已生成的直接沿用")
    parser.add_argument("--baseline-max-pages", type=int, default=6000,
                        help="基线页数超过它就不实际构建，改为按实测点推算（默认 6000）")
    parser.add_argument("--keep-site", action="store_true",
                        help="保留最大 N 的 site/ 和缓存（如在浏览器里试搜索），需配合 --corpus")
    args = parser.parse_args()
    print("# brandhall 构建基准测试")
    print(f"每个支部 {FIGURES_PER_BRANCH} 名人物、{STORIES_PER_BRANCH} 个故事（2 个写在 branch.yml，3 个为故事文件），"
          "人物照 900×1200、故事照 1600×1067，每张照片像素各不相同")
    print(f"{machine()}（开始时）", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = args.corpus.resolve() if args.corpus else Path(tmp)
        measured: list[Baseline] = []
        sizes = sorted(set(args.branches))
        results = [run(n, work, args.baseline_max_pages, measured, args.keep_site and n == sizes[-1])
                   for n in sizes]
    print_summary(results, measured)


if __name__ == "__main__":
    main()
