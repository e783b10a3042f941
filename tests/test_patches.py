"""brandhall's patches to mkdocs-material's output (brandhall/patches.py). Since search moved to
Pagefind there is no patch left: every file Material ships reaches the site as Material wrote it,
and Material's search (index, worker) is not in the site at all. The machinery stays for the next
patch: a patched file never keeps the fingerprinted name of Material's own file, and a patch that
no longer finds its code stops the build with a clear message."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from brandhall.errors import BuildFailed
from brandhall.patches import PATCHES, Patch, apply_patches

MATERIAL_ASSETS = Path(material.__file__).parent / "templates" / "assets"
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")


def test_materials_files_ship_unchanged_and_its_search_is_gone(example_project: Path):
    assert PATCHES == ()
    site = example_project / "site"
    assets = site / "assets"
    shipped = [p for p in assets.rglob("*") if FINGERPRINTED.search(p.name)]
    assert len(shipped) >= 2
    for file in shipped:
        original = MATERIAL_ASSETS / file.relative_to(assets)
        assert original.exists() and original.read_bytes() == file.read_bytes(), file.name
    assert not (site / "search" / "search_index.json").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search' not in home, "no Material search box, so its worker never starts"
    assert (site / "pagefind" / "pagefind.js").exists()


def _site(tmp_path: Path) -> Path:
    bundle = tmp_path / "site" / "assets" / "bundle.0123abcd.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("for(let o=s+1;o<t.length;o++)x()", encoding="utf-8")
    (tmp_path / "site" / "index.html").write_text('<script src="assets/bundle.0123abcd.min.js"></script>',
                                                  encoding="utf-8")
    return tmp_path / "site"


PATCH = Patch("示例修补", "9.8.1", "assets/bundle.*.min.js", "o<t.length", "o<=t.length")


def test_a_patched_file_gets_a_new_fingerprint_and_the_pages_follow(tmp_path: Path):
    site = _site(tmp_path)
    apply_patches(site, tmp_path / "mkdocs.yml", (PATCH,))
    [patched] = list((site / "assets").glob("bundle.*.min.js"))
    assert patched.name != "bundle.0123abcd.min.js" and "o<=t.length" in patched.read_text(encoding="utf-8")
    assert f"assets/{patched.name}" in (site / "index.html").read_text(encoding="utf-8")


def test_a_patch_that_no_longer_applies_stops_the_build(tmp_path: Path):
    site = _site(tmp_path)
    (site / "assets" / "bundle.0123abcd.min.js").write_text("for(;o<t.size;)x()", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        apply_patches(site, tmp_path / "mkdocs.yml", (PATCH,))
    [problem] = failed.value.problems.errors
    assert problem.message.startswith("brandhall 对 mkdocs-material 9.8.1 的修补“示例修补”在已安装的 ")
    assert "assets/bundle.*.min.js 里找不到要改的代码，网站没有生成" in problem.message
    assert problem.code == "E502"


def test_patching_again_after_a_dirty_build_changes_only_the_pages_built_again(tmp_path: Path):
    """A dirty build (the engine's work site) copies Material's unpatched file again beside the one
    patched last time, and re-renders some pages: those point at the unpatched name again, the
    others already at the patched one. Patching again must not fail, nor write the others."""
    site = _site(tmp_path)
    apply_patches(site, tmp_path / "mkdocs.yml", (PATCH,))
    [patched] = list((site / "assets").glob("bundle.*.min.js"))
    kept = {p: _written(p) for p in (patched, site / "index.html")}
    _site(tmp_path / "again")
    (tmp_path / "again/site/assets/bundle.0123abcd.min.js").rename(site / "assets/bundle.0123abcd.min.js")
    (tmp_path / "again/site/index.html").rename(site / "rebuilt.html")
    apply_patches(site, tmp_path / "mkdocs.yml", (PATCH,))
    assert list((site / "assets").glob("bundle.*.min.js")) == [patched]
    for page in ("index.html", "rebuilt.html"):
        assert f"assets/{patched.name}" in (site / page).read_text(encoding="utf-8")
    assert {p: _written(p) for p in kept} == kept, "an already patched file was written again"


def _written(path: Path) -> tuple[int, int]:
    return path.stat().st_ino, path.stat().st_mtime_ns
