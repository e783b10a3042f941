"""One build for bench_build.py, in a process of its own so that its peak memory is its own:

    .venv/bin/python benchmarks/run_build.py ROOT            # brandhall build of the project at ROOT
    .venv/bin/python benchmarks/run_build.py --no-booklets ROOT   # the same without booklet PDFs
    .venv/bin/python benchmarks/run_build.py --mkdocs ROOT   # plain `mkdocs build` of ROOT/mkdocs.yml
    .venv/bin/python benchmarks/run_build.py --engine zensical ROOT  # brandhall build on Zensical

Prints one JSON line: seconds, stages, page and photo counts, peak memory in MB (this process,
and its largest child: the image workers).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path


def peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": max(own, children), "self_mb": own, "children_mb": children}


def brandhall_build(root: Path, engine: str | None = None, booklets: bool = True) -> dict:
    from brandhall.errors import BuildFailed
    from brandhall.site import Project, build

    start = time.perf_counter()
    try:
        report = build(Project(root), quiet=True, engine=engine, booklets=booklets)
    except BuildFailed as failed:
        for problem in failed.problems:
            print(problem.format(root), file=sys.stderr)
        raise SystemExit(f"构建失败：{failed}") from None
    return {"seconds": time.perf_counter() - start, "stages": report.stages, "pages": report.pages,
            "pages_rendered": report.pages_rendered, "photos": report.photos,
            "photos_decoded": report.photos_decoded, "folders": report.folders, "reused": report.reused,
            "search_reused": report.search_reused, "up_to_date": report.up_to_date,
            "warnings": [p.format(root) for p in report.problems.warnings]}


def mkdocs_build(root: Path) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    start = time.perf_counter()
    build(load_config(str(root / "mkdocs.yml")))
    return {"seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description="bench_build.py 的单次构建")
    parser.add_argument("root", type=Path, help="项目文件夹（有 mkdocs.yml 的文件夹）")
    parser.add_argument("--mkdocs", action="store_true", help="用普通 mkdocs build 构建（基线）")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), help="brandhall 的网站引擎（默认按 mkdocs.yml）")
    parser.add_argument("--no-booklets", action="store_true", help="不排版品牌手册")
    args = parser.parse_args()
    result = (mkdocs_build(args.root) if args.mkdocs
              else brandhall_build(args.root, args.engine, booklets=not args.no_booklets))
    print(json.dumps({**result, **peak_mb()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
