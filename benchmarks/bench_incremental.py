"""Incremental build benchmark (issue 21): on one corpus, each in a fresh process, a cold build
(no .brandhall/, no site/), then a no-op build, one story edited, one new figure with a photo,
and a simulated CI pipeline for one story edit (a fresh copy of the sources at the same path,
the .brandhall/ cache restored, `build`, then `publish --from site/`). Booklets are left out
(`--no-booklets`), as bench_build.py's earlier results were measured without them.

    nice .venv/bin/python benchmarks/bench_incremental.py /tmp/corpus/n100 /tmp/corpus/n1000 --out results.txt

Given several corpora it measures each in turn, in one run, then builds each with Hugo
(bench_hugo.py: the reference line, when the `hugo` package is installed) and prints every target
with its ratio to the cold build and to Hugo.

The corpus folder is used in place, so give it a copy (`cp -al` of a shared corpus is fine): it
gets site/ and .brandhall/, two story files and one branch.yml are rewritten (their hard links
broken first, so the original is never written) and a photo is added. Prints the figures and
each one's ratio to the cold build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_build import machine

RUNNER = Path(__file__).resolve().parent / "run_build.py"
SOURCES = ("branches", "docs", "theme", "mkdocs.yml", "screens")


def build(root: Path) -> dict:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(RUNNER), "--no-booklets", str(root)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-4000:])
    data = json.loads(done.stdout.strip().splitlines()[-1])
    data["process_seconds"] = time.perf_counter() - start
    return data


def own_copy(path: Path) -> None:
    """Break a hard link before writing, so the original corpus is never changed."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)


def edit_story(root: Path, which: int) -> Path:
    folders = sorted(p for p in (root / "branches").iterdir() if p.is_dir())
    story = sorted((folders[len(folders) // 2 + which] / "stories").glob("*.md"))[0]
    own_copy(story)
    text = story.read_text(encoding="utf-8")
    head, mark, body = text.partition("\n---\n")
    story.write_text(head + mark + body.replace("党员", "共产党员", 1), encoding="utf-8")
    return story


def new_figure(root: Path) -> Path:
    """A new figure with a photo never seen before, in the second branch; a second run on the same
    corpus adds another one (新同志二, …), never the same name twice."""
    folder = sorted(p for p in (root / "branches").iterdir() if p.is_dir())[1]
    photo = min(p for p in (folder / "people").iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    yml = folder / "branch.yml"
    own_copy(yml)
    text = yml.read_text(encoding="utf-8")
    assert "\nfigures:\n" in text
    names = ["新同志" + suffix for suffix in ("", *"二三四五六七八九十")]
    number = next(n for n, name in enumerate(names, 1) if f"- name: {name}\n" not in text
                  and not (folder / "people" / f"bench-new-{n}.jpg").exists())
    name = names[number - 1]
    target = folder / "people" / f"bench-new-{number}.jpg"
    from PIL import Image  # a photo never seen before: its own pixels

    with Image.open(photo) as image:
        image.convert("RGB").rotate(180 + number).save(target, quality=90)
    after = text.split("\nfigures:\n", 1)[1]
    dash = " " * (len(after) - len(after.lstrip(" ")))  # the list's own indentation (the corpus writes none)
    figure = "".join(f"{dash}{line}\n" for line in (f"- name: {name}", f"  photo: people/{target.name}",
                                                    "  post: 调度员", "  joined: 2020"))
    yml.write_text(text.replace("\nfigures:\n", f"\nfigures:\n{figure}", 1), encoding="utf-8")
    return yml


def pipeline(root: Path, work: Path) -> dict[str, float]:
    """A fresh clone at the same path with the CI cache restored, then build and publish --from."""
    saved = work / "saved"
    saved.mkdir()
    for name in SOURCES + (".brandhall",):
        if (root / name).exists():
            (root / name).rename(saved / name)
    shutil.rmtree(root / "site", ignore_errors=True)
    start = time.perf_counter()
    for name in SOURCES:  # the clone: every source file written afresh
        if (saved / name).is_dir():
            shutil.copytree(saved / name, root / name, copy_function=os.link)
        elif (saved / name).exists():
            shutil.copy2(saved / name, root / name)
    shutil.copytree(saved / ".brandhall", root / ".brandhall")  # the cache restored
    restored = time.perf_counter() - start
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "brandhall", "check"], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    checked = time.perf_counter() - start
    built = build(root)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "brandhall", "publish", "--from", "site/", "--to",
                           str(work / "www"), "--quiet"], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    published = time.perf_counter() - start
    shutil.rmtree(saved)
    return {"restore": restored, "check": checked, "build": built["process_seconds"], "publish": published,
            "total": restored + checked + built["process_seconds"] + published, "peak_mb": built["peak_mb"]}


def line(name: str, data: dict, cold: float) -> str:
    stages = " · ".join(f"{k} {v:.1f}" for k, v in data["stages"].items())
    kept = ("  输入都没变，沿用上次的网站" if data.get("up_to_date")
            else "  搜索索引沿用" if data.get("search_reused") else "")
    return (f"{name}：{data['process_seconds']:.1f} s（/冷 {data['process_seconds'] / cold:.3f}）  各阶段 s：{stages}"
            f"  渲染页面 {data['pages_rendered']:,}/{data['pages']:,}  解码照片 {data['photos_decoded']:,}"
            f"  支部沿用缓存 {data['reused']:,}/{data['folders']:,}"
            f"{kept}  峰值内存 {data['peak_mb']:,.0f} MB")


def touch_branch(root: Path) -> Path:
    """A branch file with a new mtime and its content as it was, as a git checkout leaves it."""
    yml = sorted((root / "branches").glob("*/branch.yml"))[2]
    own_copy(yml)
    return yml


def measure(root: Path, report, cold: float | None = None, with_pipeline: bool = True) -> dict[str, float]:
    """Every figure for one corpus, reported as it comes; returns the seconds by target. With
    `cold` (seconds), the project's last build is kept and rebuilt once first (uncounted: after a
    code change every page renders again), and `cold` stands for the cold build."""
    if cold is None:
        for name in (".brandhall", "site"):
            shutil.rmtree(root / name, ignore_errors=True)
    report(f"# {root}，{len(list((root / 'branches').iterdir()))} 个支部")
    seconds: dict[str, float] = {} if cold is None else {"冷构建": cold}

    def step(name: str, changed: Path | None = None) -> None:
        data = build(root)
        seconds[name] = data["process_seconds"]
        label = f"{name}（{changed.relative_to(root)}）" if changed else name
        report(line(label, data, seconds.get("冷构建", data["process_seconds"])))

    if cold is None:
        step("冷构建")
    else:
        report(f"冷构建：{cold:.1f} s（沿用上一次测得的）")
        step("代码更新后的第一次构建（不计入）")
        del seconds["代码更新后的第一次构建（不计入）"]
    step("无改动")
    step("无改动，但一个支部文件被碰过（完整检查一遍）", touch_branch(root))
    step("改一个故事", edit_story(root, 0))
    step("新增一名人物和照片", new_figure(root))
    if not with_pipeline:
        return seconds
    story = edit_story(root, 1)
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-pipeline-{os.getpid()}"
    work.mkdir()
    try:
        times = pipeline(root, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds["模拟流水线"] = times["total"]
    report(f"模拟流水线（改一个故事 {story.relative_to(root)}；新克隆 + 恢复缓存 + check + build + publish --from）："
           f"{times['total']:.1f} s（/冷 {times['total'] / seconds['冷构建']:.3f}）  恢复缓存 "
           f"{times['restore']:.1f} · check {times['check']:.1f} · build {times['build']:.1f}"
           f" · publish {times['publish']:.1f}  峰值内存 {times['peak_mb']:,.0f} MB")
    return seconds


def hugo_seconds(root: Path, report) -> float | None:
    """The same corpus built by Hugo (bench_hugo.py), or None without the `hugo` package."""
    script = Path(__file__).resolve().parent / "bench_hugo.py"
    done = subprocess.run([sys.executable, str(script), str(root)], capture_output=True, text=True)
    if done.returncode != 0:
        report(f"Hugo 参照：没有测（{''.join((done.stderr or done.stdout).strip().splitlines()[-1:])}）")
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    report(f"Hugo 参照（{result['version']}，同一批支部 YAML 作为 Hugo 数据，简单版式，不处理照片）："
           f"{result['seconds']:.1f} s，{result['pages']:,} 个页面")
    return result["seconds"]


TARGETS = {"无改动": 15, "改一个故事": 30, "新增一名人物和照片": 40}  # issue 21, at N = 1,000


def main() -> None:
    parser = argparse.ArgumentParser(description="brandhall 增量构建基准测试")
    parser.add_argument("roots", type=Path, nargs="+", help="语料文件夹（有 mkdocs.yml 和 branches/），可给多个")
    parser.add_argument("--out", type=Path, help="结果另存为文件（每测完一个语料就写一次）")
    parser.add_argument("--warm", type=float, metavar="冷构建秒数",
                        help="不删除语料上次的构建：先重建一次（不计入），冷构建用这里给的秒数")
    parser.add_argument("--quick", action="store_true",
                        help="只测各步构建，不测模拟流水线和 Hugo 参照（N=1,000 时省下约 5 分钟）")
    args = parser.parse_args()
    lines = ["# brandhall 增量构建基准（issue 21）", f"{machine()}；不排版品牌手册；每次构建各用一个新进程"]

    def report(text: str) -> None:
        lines.append(text)
        print(text, flush=True)
        if args.out:
            args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")

    for text in lines:
        print(text, flush=True)
    results = {}
    for root in args.roots:
        results[root] = measure(root.resolve(), report, args.warm, with_pipeline=not args.quick)
    report("## 各目标：秒（/冷构建，/Hugo）；目标按 issue 21 指 N = 1,000")
    for root, seconds in results.items():
        hugo = None if args.quick else hugo_seconds(root.resolve(), report)
        for name, value in seconds.items():
            target = f"  目标 ≤ {TARGETS[name]} s" if name in TARGETS else ""
            versus = f"，/Hugo {value / hugo:.1f}" if hugo else ""
            report(f"{root.name} {name}：{value:.1f} s（/冷 {value / seconds['冷构建']:.3f}{versus}）{target}")


if __name__ == "__main__":
    main()
