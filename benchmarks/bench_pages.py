"""Page-size and search benchmark (issue 16). For each N it builds a project of N branches (10
figures and 5 stories each) and prints: the largest HTML page, the bytes per listing page (home,
branch list and 党委 pages, wall, wall archives, stories, partners), and, in Chromium on a local
server, the bytes a first search query downloads (Pagefind's code, wasm, index chunks and
fragments, plus search.js and the t2s map) and how long it takes to show results.

    .venv/bin/python benchmarks/bench_pages.py --branches 100 300 1000 --work /tmp/bench-pages

--corpus DIR uses DIR/n<N>/branches of a complete shared corpus (bench_build.py's, with unique
photos), hard-linked, never written. Without it, or when that corpus is not complete, the branch
texts are generated here exactly as corpus.py writes them, and every portrait and story photo is
a hard link to one of four photos, without focal points, so each is processed once: page sizes
and search are those of N real branches, but the photo stage (measured by bench_build.py) is not.
--built DIR … measures projects already built (their site/, e.g. the corpora bench_incremental.py
has just built) without building them again.
It asserts nothing: targets are read, not tested.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from corpus import DONE_MARK, PROJECT_PARTS, REPO, branch_files, make_photo

sys.path.insert(0, str(REPO))
from brandhall.site import Project, build  # noqa: E402

LISTING = ("index.html", "branches/index.html", "orgs/**/index.html", "wall/index.html", "wall/*/index.html",
           "wall/*/*/index.html", "stories/**/index.html", "partners/**/index.html")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def make_project(root: Path, branches: int, corpus: Path | None) -> str:
    """The project at `root`: the tool's files from this repository, the branches from `corpus`
    or generated here. Returns where the branches came from, for the report."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    shared = corpus / f"n{branches}" if corpus else None
    if shared and (shared / DONE_MARK).is_file():
        shutil.copytree(shared / "branches", root / "branches", copy_function=os.link)
        return f"共享语料 {shared}（照片各不相同，硬链接）"
    photos = root.parent / "photos"
    photos.mkdir(exist_ok=True)
    for index in range(branches):
        files = branch_files(index, branches)
        folder = root / "branches" / files.slug
        for sub in ("people", "stories"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        for name, text in files.texts.items():
            # no focal points: every portrait is then one crop of one photo, processed once
            text = re.sub(r"\n( *)focus:\n\1- [0-9.]+\n\1- [0-9.]+", "", text) if name == "branch.yml" else text
            (folder / name).write_text(text, encoding="utf-8")
        for path, source, size, _seed in files.photos:
            shared_photo = photos / f"{Path(source).stem}-{size[0]}x{size[1]}.jpg"
            if not shared_photo.exists():
                make_photo((str(shared_photo), source, size, 1))
            os.link(shared_photo, folder / path)
    return "按 corpus.py 生成的支部文字（去掉焦点 focus）；照片为 4 张照片的硬链接（不测照片处理）"


def listing_pages(site: Path) -> list[Path]:
    found: set[Path] = set()
    for pattern in LISTING:
        found |= set(site.glob(pattern))
    return sorted(p for p in found if p == site / "branches/index.html" or not p.is_relative_to(site / "branches"))


def listing_kind(relative: str) -> str:
    """What kind of listing the page at `relative` is, to compare like with like across N."""
    parts = relative.split("/")
    if relative == "index.html":
        return "首页"
    if parts[0] == "wall":
        return ("明星墙" if len(parts) == 2 else "集体荣誉" if parts[1] == "collective"
                else "月度明星" if "-" in parts[1] else "年度荣誉档案")
    kinds = {"branches": "支部品牌", "orgs": "党委", "stories": "故事列表", "partners": "互联共建"}
    return kinds.get(parts[0], parts[0])


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def python_server(site: Path) -> Iterator[str]:
    """`site` from Python's own server: no compression."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextmanager
def nginx_server(site: Path) -> Iterator[str | None]:
    """`site` from real nginx with the documented config (gzip, under /dangjian/), as tests/test_nginx.py
    runs it: what a browser on the intranet downloads. None when nginx is not installed."""
    sys.path.insert(0, str(REPO / "tests"))
    from test_nginx import NGINX, free_port, server_config, wait_until_listening

    if not Path(NGINX).exists():
        yield None
        return
    work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    (work / "www").mkdir()
    (work / "www" / "current").symlink_to(site.resolve())
    port = free_port()
    config = server_config(work, port, work / "www")
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(config), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(port, process, work / "error.log")
        yield f"http://127.0.0.1:{port}/dangjian/"
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(work, ignore_errors=True)


PARTS = ((".pf_meta", "元数据"), (".pagefind", "wasm"), (".pf_index", "索引块"), (".pf_fragment", "结果摘要"),
         (".pf_filter", "筛选"))


def part_of(url: str) -> str:
    return next((label for ending, label in PARTS if url.endswith(ending)), "代码和繁简表")


def first_query(origin: str, query: str) -> tuple[int, float, int, int, dict[str, int]]:
    """Bytes fetched for the first query (after the search page has loaded; search.js counted
    too, as transferred: compressed where the server compresses), seconds from typing to results,
    number of results, number of requests, and the bytes by part (`PARTS`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched: list[tuple[str, int]] = []
        page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
        page.goto(f"{origin}search/")
        page.wait_for_load_state("networkidle")
        script = next((size for url, size in fetched if url.endswith("/assets/search.js")), 0)
        fetched.clear()
        start = time.perf_counter()
        page.locator("form[data-search] input").fill(query)
        page.wait_for_function(
            "() => /找到|没有找到/.test(document.querySelector('[data-search-status]').textContent)",
            timeout=120_000)
        if not page.locator("[data-search-status]").inner_text().startswith("没有"):
            page.locator(".bh-search__result").first.wait_for(timeout=120_000)
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        results = page.locator(".bh-search__result").count()
        browser.close()
    parts = {"代码和繁简表": script}
    for url, size in fetched:
        parts[part_of(url)] = parts.get(part_of(url), 0) + size
    return script + sum(size for _, size in fetched), seconds, results, len(fetched), parts


def sample_queries(root: Path) -> list[str]:
    """A person's name and a story title of the middle branch: what a visitor looks for."""
    import yaml

    folders = sorted(p for p in (root / "branches").iterdir() if p.is_dir())
    data = yaml.safe_load((folders[len(folders) // 2] / "branch.yml").read_text(encoding="utf-8"))
    return [data["figures"][0]["name"], data["stories"][0]["title"].split()[0], data["brand"]["name"]]


def run(branches: int, work: Path, corpus: Path | None, queries: list[str]) -> None:
    root = work / f"n{branches}"
    source = make_project(root, branches, corpus)
    start = time.perf_counter()
    report = build(Project(root), quiet=True, booklets=False)
    seconds = time.perf_counter() - start
    print(f"\n## N = {branches:,} 个支部：{report.pages:,} 个页面，构建 {seconds:.0f} s"
          f"（{' · '.join(f'{k} {v:.0f}' for k, v in report.stages.items())}）", flush=True)
    print(f"支部来源：{source}")
    measure(root, queries)


def measure(root: Path, queries: list[str]) -> None:
    """Page sizes and first queries of the site built in `root`/site."""
    site = root / "site"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    listings = listing_pages(site)
    sizes = [p.stat().st_size for p in listings]
    biggest_listing = max(listings, key=lambda p: p.stat().st_size)
    print(f"最大页面：{largest.relative_to(site)} {largest.stat().st_size / 1e3:,.1f} kB（HTML）")
    print(f"列表页：{len(listings):,} 个，平均每页 {sum(sizes) / len(sizes) / 1e3:,.1f} kB，"
          f"最大 {biggest_listing.relative_to(site)} {biggest_listing.stat().st_size / 1e3:,.1f} kB")
    kinds: dict[str, list[int]] = {}
    for page in listings:
        kinds.setdefault(listing_kind(page.relative_to(site).as_posix()), []).append(page.stat().st_size)
    print("各类列表页（个数，平均，最大 kB）：" + "；".join(
        f"{kind} {len(found):,}，{sum(found) / len(found) / 1e3:,.1f}，{max(found) / 1e3:,.1f}"
        for kind, found in kinds.items()))
    bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    print(f"搜索索引（pagefind/ 全部文件）：{bundle / 1e6:,.1f} MB", flush=True)
    servers = (("本机 Python 服务器，不压缩", python_server),
               ("nginx，按 scripts/nginx/brandhall.conf 压缩", nginx_server))
    for label, server in servers:
        with server(site) as origin:
            if origin is None:
                print(f"（{label}：没有安装 nginx，未测）")
                continue
            for query in queries or sample_queries(root):
                fetched, latency, results, requests, parts = first_query(origin, query)
                split = " · ".join(f"{part} {size / 1e3:,.1f}" for part, size in parts.items())
                print(f"首次搜索“{query}”：下载 {fetched / 1e3:,.1f} kB（{requests} 个请求；kB：{split}），"
                      f"{latency * 1000:,.0f} ms 出结果，{results} 条结果（Chromium，{label}）", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--branches", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-pages"))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--query", nargs="+", default=[], help="默认：中间一个支部的人名、故事标题和品牌名")
    parser.add_argument("--built", type=Path, nargs="+", help="只测这些已构建好的项目文件夹（其中的 site/），不再构建")
    args = parser.parse_args()
    for root in args.built or []:
        branches = sum(1 for p in (root / "branches").iterdir() if p.is_dir())
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
        print(f"\n## N = {branches:,} 个支部（已构建的 {root}，{pages:,} 个 index.html）", flush=True)
        measure(root, args.query)
    if args.built:
        return
    args.work.mkdir(parents=True, exist_ok=True)
    for branches in args.branches:
        run(branches, args.work, args.corpus, args.query)


if __name__ == "__main__":
    main()
