"""An incremental build writes the same site as a cold build, file by file, after each kind of
change an editor or admin makes. The staging folder `.brandhall/docs/` persists between builds:
a page's Markdown is rewritten only when it changed (its mtime says so) and a deleted page's
disappears; each branch folder is read again only when its files changed; MkDocs renders only
the changed pages into its work site `.brandhall/engine/site/`, which `site/` is linked from.

The cold build of each step runs in the same project folder, with the incremental build's
`site/` and `.brandhall/` set aside, and no `.brandhall/` but the photo and share-card caches
(content-addressed outputs, kept only to save decoding time): so no staging, page cache,
load cache or engine work site. Afterwards the incremental state is put back for the next step. What legitimately
differs between the two builds: the build time in `version.json` ("built"), hence the
manifest's hash of that file; the gzip header of `sitemap.xml.gz` is compared decompressed.
Pagefind 1.5.2 writes a filter's values in hash-map order, which changes from run to run even on
the same pages: its filter chunk is compared as the set of (filter, value, pages) it holds, and the
chunk's hash is taken out of the names that carry it (the chunk itself, `pagefind.zh_*.pf_meta`
and `pagefind-entry.json`).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_brandhall
from helpers import html_files, replace_once, snapshot, touch_a_branch_file

FIXTURES = Path(__file__).parent / "fixtures"
STORY = "branches/chengdong-gongdiansuo/stories/yingfeng-duxia.md"
DELETED = "branches/guangzhou-peisong/stories/liudong-dangke.md"
STAGED_STORY = ".brandhall/docs/branches/chengdong-gongdiansuo/stories/yingfeng-duxia/index.md"
STAGED_OTHER = ".brandhall/docs/branches/huanan-wuliu/index.md"


def edit_story(project: Path) -> None:
    replace_once(project / STORY, "居民们自发送来了凉茶和西瓜", "居民们自发送来了绿豆汤")


def new_figure(project: Path) -> None:
    folder = project / "branches/huanan-wuliu"
    shutil.copy2(folder / "people/deng-shao-hua.png", folder / "people/xin-ren.png")
    replace_once(folder / "branch.yml", "figures:\n", "figures:\n  - name: 辛仁\n    photo: people/xin-ren.png\n"
                 "    post: 调度员\n    joined: 2020\n    motto: 新来的也要冲在前。\n")


def delete_story(project: Path) -> None:
    (project / DELETED).unlink()


def delete_linked_page(project: Path) -> None:
    """A hand-written page that two unchanged pages link to: their links no longer resolve."""
    (project / "docs/guide/scale.md").unlink()


def rename_partner(project: Path) -> None:
    replace_once(project / "branches/zhanjiang-peisong/branch.yml",
                 "name: 港湾先锋·油路通达", "name: 港湾先锋·油路畅达")


def change_theme(project: Path) -> None:
    replace_once(project / "theme/main.html", '<meta name="theme-color" content="#9f1c1c">',
                 '<meta name="theme-color" content="#9f1c1d">')
    default = REPO / "brandhall/defaults/layouts/figure.html"
    layout = project / "templates/layouts/figure.html"  # the project's own version overrides brandhall's
    layout.parent.mkdir(parents=True, exist_ok=True)
    layout.write_text(default.read_text(encoding="utf-8").replace("先进事迹", "先进事迹材料"), encoding="utf-8")


def change_mkdocs_yml(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("site_name:"))
    replace_once(config, name, name + "（试行）")


CHANGES = [edit_story, new_figure, delete_story, delete_linked_page, rename_partner, change_theme, change_mkdocs_yml]
EVERY_PAGE = {change_theme, change_mkdocs_yml}  # what MkDocs builds afresh: it changes every page's chrome
WORK_SITE = ".brandhall/engine/site"


def build(project: Path) -> str:
    result = run_brandhall(project, "build", "--quiet", "--no-booklets")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def comparable(site: Path) -> dict[str, bytes]:
    files = snapshot(site)
    files.pop(".brandhall-manifest.json")
    version = json.loads(files["version.json"])
    assert set(version) == {"version", "built"}
    files["version.json"] = version["version"].encode()
    if "sitemap.xml.gz" in files:
        files["sitemap.xml.gz"] = gzip.decompress(files["sitemap.xml.gz"])
    return files


def cold_build(project: Path, aside: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site and staging a cold build writes in `project`, with the incremental state set
    aside in `aside` and then put back."""
    aside.mkdir()
    for name in ("site", ".brandhall"):
        (project / name).rename(aside / name)
    try:
        for cache in ("images", "cards"):
            shutil.copytree(aside / ".brandhall/cache" / cache, project / ".brandhall/cache" / cache)
        build(project)
        return comparable(project / "site"), snapshot(project / ".brandhall/docs")
    finally:
        for name in ("site", ".brandhall"):
            shutil.rmtree(project / name, ignore_errors=True)
            (aside / name).rename(project / name)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("equal") / "project")
    build(project)
    return project


def test_a_build_with_nothing_changed_keeps_the_search_index(project: Path) -> None:
    """Pagefind indexes every page afresh (a minute at 1,000 branches): with no page changed,
    the index the last build wrote is linked in again, and the site is the same."""
    before = comparable(project / "site")
    touch_a_branch_file(project)
    output = build(project)
    assert "页面都没有改动，沿用上次的搜索索引" in output
    kept = project / ".brandhall/search/out/pagefind"
    for published in (project / "site/pagefind").rglob("*"):
        if published.is_file():
            assert published.stat().st_ino == (kept / published.relative_to(project / "site/pagefind")).stat().st_ino
    assert comparable(project / "site") == before


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_incremental_build_equals_a_cold_build(project: Path, tmp_path: Path, change) -> None:
    """The steps run in order on one project, each on top of the last."""
    before = html_files(project / WORK_SITE)
    change(project)
    output = build(project)
    incremental, staged = comparable(project / "site"), snapshot(project / ".brandhall/docs")
    after = html_files(project / WORK_SITE)
    rewritten = [page for page in after if after[page] != before.get(page)]
    if change in EVERY_PAGE:
        assert len(rewritten) == len(after)
    else:  # the engine rendered the changed pages only
        assert 0 < len(rewritten) < len(after) / 4, rewritten
    fresh, fresh_staged = cold_build(project, tmp_path / "incremental")
    assert "沿用上次的搜索索引" not in output, "a changed page must be indexed again"
    assert sorted(incremental) == sorted(fresh), "the two builds wrote different files"
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    assert staged == fresh_staged, "staging differs from a cold build's"


def test_unchanged_pages_keep_their_staged_mtime_and_deleted_pages_go(project: Path) -> None:
    other = project / STAGED_OTHER
    before = other.stat().st_mtime_ns
    story = project / STAGED_STORY
    story_before = story.stat().st_mtime_ns
    replace_once(project / STORY, "居民们自发送来了绿豆汤", "居民们自发送来了酸梅汤")
    output = build(project)
    assert other.stat().st_mtime_ns == before, "an unchanged page's Markdown was rewritten"
    assert story.stat().st_mtime_ns > story_before and "酸梅汤" in story.read_text(encoding="utf-8")
    assert not (project / ".brandhall/docs" / DELETED.removeprefix("branches/").removesuffix(".md")).exists()
    assert not (project / ".brandhall/docs/branches/guangzhou-peisong/stories/liudong-dangke/index.md").exists()
    assert "支部文件 7 个，其中 6 个未改动，沿用上次读取的结果" in output
