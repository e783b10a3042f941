"""brandhall's patches to mkdocs-material's output (brandhall/patches.py): a patched file never
keeps the fingerprinted name of Material's own file, and a patch that no longer finds its code
stops the build with a clear message instead of quietly shipping the unpatched file."""

from __future__ import annotations

import re
from pathlib import Path

import material
from conftest import copy_project, run_brandhall
from helpers import snapshot

MATERIAL_ASSETS = Path(material.__file__).parent / "templates" / "assets"
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$")


def test_no_fingerprinted_file_differs_from_materials_file_of_the_same_name(example_project: Path):
    """Browsers and the nginx config keep such files for a year: the name must tell the content."""
    assets = example_project / "site" / "assets"
    shipped = [p for p in assets.rglob("*") if FINGERPRINTED.search(p.name)]
    assert len(shipped) >= 3
    for file in shipped:
        original = MATERIAL_ASSETS / file.relative_to(assets)
        if original.exists():
            assert original.read_bytes() == file.read_bytes(), f"{file.name} was changed but kept its name"
    workers = list((assets / "javascripts" / "workers").glob("search.*.min.js"))
    assert len(workers) == 1 and "o<=t.length" in workers[0].read_text(encoding="utf-8"), "patched"
    assert not (MATERIAL_ASSETS / "javascripts" / "workers" / workers[0].name).exists(), "renamed"
    for page in (example_project / "site").rglob("*.html"):
        if "md-search" in (text := page.read_text(encoding="utf-8")):
            assert f"workers/{workers[0].name}" in text, page


def test_a_patch_that_no_longer_applies_stops_the_build(tmp_path: Path):
    """As after an upgrade of mkdocs-material: the theme supplies a search worker without the code
    the patch changes (theme/ overrides Material's files of the same path)."""
    project = copy_project(tmp_path / "project")
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    before = snapshot(project / "site")
    worker = next((MATERIAL_ASSETS / "javascripts" / "workers").glob("search.*.min.js"))
    upgraded = project / "theme" / "assets" / "javascripts" / "workers" / worker.name
    upgraded.parent.mkdir(parents=True)
    upgraded.write_text(worker.read_text(encoding="utf-8").replace("o<t.length", "o<t.size"), encoding="utf-8")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "错误 mkdocs.yml:1:1: theme (mkdocs-material): brandhall 对 mkdocs-material 9.8.1 的修补“搜索时整词匹配人名”"
        "在已安装的 9.8.1 版的 assets/javascripts/workers/search.*.min.js 里找不到要改的代码，网站没有生成；"
        "请装回 mkdocs-material 9.8.1（pip install mkdocs-material==9.8.1），或请网站管理员按新版本更新 "
        "brandhall/patches.py",
        "构建失败：1 个错误，0 个警告。site/ 没有改动。",
    ]
    assert snapshot(project / "site") == before, "the last good site stays as it was"
