"""Booklet benchmark. For each N it generates (or reuses) the build benchmark's corpus of N
branches (benchmarks/corpus.py: 10 figures and 5 stories each, unique photos), then times:

- the compilation (品牌汇编) of all N branches as `brandhall booklet` makes it, cold (no print
  photos in the cache): reading, print photos, HTML, typesetting; its pages and size;
- the site build's booklet stage (one booklet.pdf per branch, typeset on all cores), cold
  (empty booklet cache, print photos cached) and warm (nothing changed).

    .venv/bin/python benchmarks/bench_booklet.py --branches 100 --corpus /tmp/bench-corpus

`--compilation-only` times the compilation alone (the issue's figure for N = 1,000, where the
site stage would take as long again). Each stage is printed as it ends, so a run cut short still
says how far it got.

It prints its figures; it asserts nothing (targets are read, not tested).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from corpus import FIGURES_PER_BRANCH, STORIES_PER_BRANCH, make_corpus

from brandhall.booklet import STYLESHEET, WORK_DIR, booklet_html, ranked, write_branch_booklets
from brandhall.printing import PrintKit
from brandhall.site import Project, check


def timed(label: str, times: dict[str, float]):
    class _Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            print(f"  {dt.datetime.now():%H:%M:%S} {label}…", flush=True)

        def __exit__(self, *exc):
            times[label] = time.perf_counter() - self.start
            print(f"  {dt.datetime.now():%H:%M:%S} {label}：{times[label]:.1f} s", flush=True)

    return _Timer()


def pages_of(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found[1]) if found else 0


def compilation(root: Path) -> None:
    project = Project(root)
    shutil.rmtree(project.work_dir, ignore_errors=True)  # cold: no print photos cached
    times: dict[str, float] = {}
    with timed("读取", times):
        graph = check(project).graph
    with timed("印刷照片", times):
        kit = PrintKit(project, graph, project.work_dir / WORK_DIR)
    with timed("HTML", times):
        html = booklet_html(kit, graph, ranked(graph, graph.branches), compilation=True,
                            title=kit.site_name, dated=dt.date.today())
    output = root / "品牌汇编.pdf"
    with timed("排版", times):
        kit.write_pdf(html, STYLESHEET, output)
    total = sum(times.values())
    pages = pages_of(output)
    print(f"汇编（冷，{len(graph.branches):,} 个支部）：{total:.1f} s  各阶段 s："
          + " · ".join(f"{k} {v:.1f}" for k, v in times.items())
          + f"  {pages:,} 页，{output.stat().st_size / 1e6:,.1f} MB，"
            f"排版每支部 {times['排版'] / len(graph.branches):.2f} s", flush=True)


def site_stage(root: Path) -> None:
    """The build's 品牌手册 stage on its own: print photos are cached by the compilation run."""
    project = Project(root)
    graph = check(project).graph
    shutil.rmtree(project.work_dir / "cache" / "booklets", ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=root) as site:
        for label in ("冷（手册缓存为空）", "热（无改动）"):
            start = time.perf_counter()
            report = write_branch_booklets(project, graph, Path(site))
            seconds = time.perf_counter() - start
            sizes = [p.stat().st_size for p in Path(site).rglob("booklet.pdf")]
            print(f"网站的品牌手册阶段，{label}：{seconds:.1f} s，新排版 {report.typeset:,} 本，"
                  f"每本 {seconds / max(report.typeset, 1):.2f} s（{os.cpu_count()} 个进程并行的墙钟），"
                  f"平均每本 {sum(sizes) / len(sizes) / 1e6:.2f} MB，共 {sum(sizes) / 1e6:,.0f} MB",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--branches", type=int, nargs="+", default=[100])
    parser.add_argument("--corpus", type=Path, help="keep and reuse corpora in this folder")
    parser.add_argument("--compilation-only", action="store_true",
                        help="time the compilation only, not the site's booklet stage")
    args = parser.parse_args()
    work = args.corpus or Path(tempfile.mkdtemp(prefix="bench-booklet-"))
    print("# brandhall 品牌手册基准测试")
    machine = platform.processor() or platform.machine()
    print(f"每个支部 {FIGURES_PER_BRANCH} 名人物、{STORIES_PER_BRANCH} 个故事；机器：{machine}，"
          f"{os.cpu_count()} 核，Python {platform.python_version()}", flush=True)
    for branches in args.branches:
        corpus = make_corpus(work / f"n{branches}", branches)
        print(f"\n## N = {branches:,}（语料 {corpus.root}，"
              + ("沿用已生成的语料" if corpus.reused else f"生成用时 {corpus.seconds:.1f} s") + "）",
              flush=True)
        compilation(corpus.root)
        if not args.compilation_only:
            site_stage(corpus.root)
        shutil.rmtree(corpus.root / ".brandhall", ignore_errors=True)
        (corpus.root / "品牌汇编.pdf").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
