"""Assembling `site/` into the site before (assemble.sync_tree, settle_tree, SiteFolders): the
result holds exactly the build's files, and a copy made of hard links before (a published
release) keeps what it had, whatever changed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from brandhall.assemble import SiteFolders, settle_tree, sync_tree


def files_of(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write(folder: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")


def release_of(site: Path, release: Path) -> None:
    """What `publish` does: a folder sharing every file with the site by hard link."""
    for file in site.rglob("*"):
        if file.is_file():
            (release / file.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
            os.link(file, release / file.relative_to(site))


def test_sync_leaves_linked_files_alone_and_never_writes_into_a_shared_one(tmp_path: Path) -> None:
    work, photos, site, release = (tmp_path / name for name in ("work", "photos", "site", "release"))
    write(work, {"index.html": "首页", "branches/a/index.html": "城东供电所", "branches/b/index.html": "城西"})
    write(photos, {"assets/photos/1.jpg": "照片"})
    assert sync_tree(site, [work, photos]) == 4
    release_of(site, release)
    unchanged = (site / "index.html").stat().st_ino

    (work / "branches/a/index.html").unlink()  # the engine removes a file before writing it
    write(work, {"branches/a/index.html": "城东供电所（改）", "branches/c/index.html": "新支部"})
    (work / "branches/b/index.html").unlink()
    (work / "branches/b").rmdir()
    assert sync_tree(site, [work, photos]) == 2, "only the changed and the new page are linked"

    assert files_of(site) == {"index.html": "首页", "branches/a/index.html": "城东供电所（改）",
                              "branches/c/index.html": "新支部", "assets/photos/1.jpg": "照片"}
    assert not (site / "branches/b").exists(), "a folder the build no longer has is removed"
    assert (site / "index.html").stat().st_ino == unchanged
    assert files_of(release) == {"index.html": "首页", "branches/a/index.html": "城东供电所",
                                 "branches/b/index.html": "城西", "assets/photos/1.jpg": "照片"}


def test_sync_removes_what_a_later_step_wrote_and_turns_a_file_into_a_folder(tmp_path: Path) -> None:
    work, site = tmp_path / "work", tmp_path / "site"
    write(work, {"screens": "一个文件", "index.html": "首页"})
    sync_tree(site, [work])
    write(site, {".brandhall-manifest.json": "{}", "admin/index.html": "表单"})
    (work / "screens").unlink()
    write(work, {"screens/lobby/index.html": "大屏"})
    sync_tree(site, [work])
    assert files_of(site) == {"index.html": "首页", "screens/lobby/index.html": "大屏"}


def test_settle_keeps_same_bytes_in_place_and_replaces_the_rest_by_rename(tmp_path: Path) -> None:
    kept, fresh, site = tmp_path / "out", tmp_path / "out-new", tmp_path / "site"
    write(fresh, {"pagefind/pagefind.js": "代码", "pagefind/index/zh_1.pf_index": "旧索引", "pagefind/gone": "删"})
    known = settle_tree(fresh, kept, {})
    sync_tree(site, [kept])
    same = (kept / "pagefind/pagefind.js").stat().st_ino
    write(fresh, {"pagefind/pagefind.js": "代码", "pagefind/index/zh_1.pf_index": "新索引", "search/t2s.json": "{}"})
    settle_tree(fresh, kept, known)
    assert files_of(kept) == {"pagefind/pagefind.js": "代码", "pagefind/index/zh_1.pf_index": "新索引",
                              "search/t2s.json": "{}"}
    assert not fresh.exists()
    assert (kept / "pagefind/pagefind.js").stat().st_ino == same
    assert (site / "pagefind/index/zh_1.pf_index").read_text(encoding="utf-8") == "旧索引", \
        "a site linked to the old file keeps it"
    assert sync_tree(site, [kept]) == 2


def test_settle_replaces_a_file_it_has_no_record_of(tmp_path: Path) -> None:
    kept, fresh = tmp_path / "out", tmp_path / "out-new"
    write(kept, {"pagefind.js": "代码"})
    before = (kept / "pagefind.js").stat().st_ino
    write(fresh, {"pagefind.js": "代码"})
    assert settle_tree(fresh, kept, {}) == {"pagefind.js": hashlib.sha256("代码".encode()).hexdigest()}
    assert (kept / "pagefind.js").stat().st_ino != before, "a stopped build left no record: replaced"


def test_the_site_before_is_kept_and_assembled_into_next_time(tmp_path: Path) -> None:
    folders = SiteFolders(tmp_path / "site")
    write(folders.recycled(), {"index.html": "第一次"})
    folders.swap_in()
    assert files_of(tmp_path / "site") == {"index.html": "第一次"} and not folders.old.exists()
    assert files_of(folders.recycled()) == {}, "no site before the first: an empty folder"
    write(folders.new, {"index.html": "第二次"})
    folders.swap_in()
    assert files_of(tmp_path / "site") == {"index.html": "第二次"}
    assert files_of(folders.old) == {"index.html": "第一次"}
    assert files_of(folders.recycled()) == {"index.html": "第一次"} and not folders.old.exists()
