"""The two site engines side by side: for each N, a cold build (no .brandhall/ cache, no site/),
a no-op build (nothing changed) and a rebuild after one phrase of one story changed, first with
MkDocs, then with Zensical, on the same corpus (bench_build.py's). Each build runs in a fresh
process (run_build.py --engine), without the booklets (they do not depend on the engine, and
bench_build.py times them). It prints each build, then a Markdown table; it asserts nothing.
--keep-photos keeps the processed photos and share cards between builds (made once by an untimed
build first): those stages are the same code on both engines and dominate a cold build, so on a
busy machine this measures what differs; "cold" then means no page cache, no engine cache, no site/.

    .venv/bin/python benchmarks/bench_engines.py --branches 100 300 --keep-photos --corpus /tmp/bench-engines

The one-edit build changes a story in branches/ (and restores it), so point --corpus at a folder of
its own when the corpus is shared: `mkdir -p D/n100 && cp -al SHARED/n100/branches D/n100/ &&
cp SHARED/n100/.corpus-complete D/n100/` (the edit renames a new file over the hard link, so the
shared file is never written). After each N and at the end it prints the side-by-side table:
MkDocs and Zensical seconds for each kind of build and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from bench_build import Build, clean, machine, measure_site, one_story_edited, print_build, timed_build
from corpus import make_corpus

ENGINES = ("mkdocs", "zensical")


KEPT = ("images", "cards")  # in .brandhall/cache/: the processed photos and the share cards


def cold_start(root: Path, keep_photos: bool) -> None:
    if not keep_photos:
        return clean(root)
    cache, kept = root / ".brandhall" / "cache", root.with_name(f"{root.name}-kept")
    kept.mkdir(exist_ok=True)
    for name in KEPT:
        if (cache / name).is_dir():
            shutil.move(cache / name, kept / name)
    clean(root)
    cache.mkdir(parents=True)
    for name in KEPT:
        if (kept / name).is_dir():
            shutil.move(kept / name, cache / name)
    kept.rmdir()


def run(root: Path, engine: str, keep_photos: bool, cold_only: bool) -> tuple[Build, Build | None, Build | None, int]:
    options = ("--engine", engine, "--no-booklets")
    cold_start(root, keep_photos)
    cold = timed_build(root, *options)
    print_build(f"{engine} 冷构建", cold)
    search_bytes = measure_site(root / "site")[2]
    if cold_only:
        return cold, None, None, search_bytes
    noop = timed_build(root, *options)
    print_build(f"{engine} 无改动", noop)
    with one_story_edited(root):
        edit = timed_build(root, *options)
    print_build(f"{engine} 改一个故事", edit)
    return cold, noop, edit, search_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description="两种网站引擎的构建时间对照")
    parser.add_argument("--branches", type=int, nargs="+", default=[100, 300], help="支部数量，可多个")
    parser.add_argument("--corpus", type=Path, required=True, help="语料文件夹（DIR/n<N>/，同 bench_build.py）")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--keep-photos", action="store_true", help="保留照片和分享卡片的缓存（先不计时地生成一次）")
    parser.add_argument("--cold-only", action="store_true", help="每种引擎只做冷构建（时间不够时先得到两边的冷构建）")
    args = parser.parse_args()
    print("# brandhall 网站引擎对照（MkDocs 与 Zensical）")
    print(f"{machine()}（开始时）", flush=True)
    rows = []
    for n in sorted(set(args.branches)):
        corpus = make_corpus(args.corpus.resolve() / f"n{n}", n)
        print(f"\n## N = {n:,} 个支部（{corpus.root}）", flush=True)
        if args.keep_photos:
            cold_start(corpus.root, keep_photos=True)
            print_build("先生成一次照片缓存（不计入对照）", timed_build(corpus.root, "--no-booklets"))
        for engine in args.engines:
            cold, noop, edit, search = run(corpus.root, engine, args.keep_photos, args.cold_only)
            rows.append((n, engine, cold, noop, edit, search))
        clean(corpus.root)
        print_side_by_side([row for row in rows if row[0] == n])  # a cut run keeps the finished N
    print("\n## 汇总" + ("（冷构建保留照片缓存）" if args.keep_photos else "") + "\n")
    print("| 支部 N | 引擎 | 页面 | 冷构建 s | 其中引擎 s | 无改动 s | 其中引擎 s | 改一个故事 s | 其中引擎 s "
          "| 搜索索引 KB | 峰值内存 MB |")
    print("|---:|---|" + "---:|" * 9)
    for n, engine, cold, noop, edit, search in rows:
        label = "MkDocs" if engine == "mkdocs" else "Zensical"
        peak = max(b.peak_mb for b in (cold, noop, edit) if b is not None)
        print(f"| {n:,} | {label} | {cold.pages:,} | {cold.seconds:.1f} | {cold.stages.get(label, 0):.1f} | "
              f"{cell(noop)} | {cell(noop, label)} | {cell(edit)} | {cell(edit, label)} | "
              f"{search / 1e3:,.0f} | {peak:,.0f} |")
    print_side_by_side(rows)
    print(f"\n{machine()}（结束时）")


def cell(build: Build | None, stage: str = "") -> str:
    """A build's seconds (or one stage's) for the table; — for a build not run (--cold-only)."""
    if build is None:
        return "—"
    return f"{build.stages.get(stage, 0) if stage else build.seconds:.1f}"


def print_side_by_side(rows: list) -> None:
    """Per N and kind of build, the build() seconds on each engine and Zensical's over MkDocs'."""
    by = {(n, engine): (cold, noop, edit) for n, engine, cold, noop, edit, _ in rows}
    print("\n| 支部 N | 构建 | MkDocs s | Zensical s | Zensical/MkDocs |")
    print("|---:|---|---:|---:|---:|")
    for n in sorted({row[0] for row in rows}):
        for index, kind in enumerate(("冷构建", "无改动", "改一个故事")):
            builds = [by[(n, engine)][index] if (n, engine) in by else None for engine in ENGINES]
            times = [None if b is None else b.seconds for b in builds]
            cells = [cell(b) for b in builds]
            ratio = f"{times[1] / times[0]:.2f}" if None not in times else "—"
            print(f"| {n:,} | {kind} | {cells[0]} | {cells[1]} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
