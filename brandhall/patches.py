"""Patches to mkdocs-material's and Decap CMS's output, in one place. (Decap's behaviour that
its own API can change, the image widget's, is patched through that API in cms/decap-patches.js.)

Each patch names the Material version it was written for and the exact code it changes. When an
upgrade moves that code, the build stops with a clear message instead of quietly shipping the
unpatched file. A patched file whose name carries a content fingerprint (`bundle.1a2b3c4d.min.js`)
gets a new fingerprint, and the pages are pointed at it: browsers and the nginx config cache such
files for a year, so a patched file must never keep the name of the unpatched one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .errors import BuildFailed, Problem, Problems
from .staging import replace_file

FINGERPRINT = re.compile(r"\.([0-9a-f]{8})\.min\.(js|css)$")


@dataclass(frozen=True)
class Patch:
    name: str  # in Chinese, for the message when it no longer applies
    written_for: str  # the mkdocs-material version whose output it changes
    files: str  # glob under site/
    old: str
    new: str
    referenced_from: str = "**/*.html"  # where a renamed file's name is written
    needed_if: str = ""  # a file under site/ without which the patch has nothing to do


# None today. The one there was (whole-word names in Material's search worker, for 9.8.1) went
# with Material's search: brandhall's search is Pagefind (search.py). New patches go here.
PATCHES: tuple[Patch, ...] = ()


def apply_patches(site_dir: Path, config_file: Path, patches: tuple[Patch, ...] = PATCHES) -> None:
    """Apply every patch to the built site; raise BuildFailed when one no longer applies."""
    for patch in patches:
        if patch.needed_if and not (site_dir / patch.needed_if).exists():
            continue
        files = sorted(site_dir.glob(patch.files))
        if not files or not all(_apply(patch, file, site_dir) for file in files):
            raise BuildFailed(Problems([_no_longer_applies(patch, config_file)]))


def _apply(patch: Patch, file: Path, site_dir: Path) -> bool:
    """Patch one file (already patched is fine); False when its code is not there."""
    code = file.read_text(encoding="utf-8")
    if patch.new in code:
        return True
    if patch.old not in code:
        return False
    code = code.replace(patch.old, patch.new)
    fingerprint = FINGERPRINT.search(file.name)
    if fingerprint is None:
        replace_file(file, code.encode("utf-8"))
        return True
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]
    renamed = file.with_name(file.name.replace(fingerprint.group(1), digest))
    # A dirty build copies the unpatched file again beside the one patched last time.
    if not renamed.is_file() or renamed.read_text(encoding="utf-8") != code:
        replace_file(renamed, code.encode("utf-8"))
    file.unlink()
    _point_pages_at(site_dir, patch.referenced_from, file.name, renamed.name)
    return True


def _point_pages_at(site_dir: Path, pattern: str, old_name: str, new_name: str) -> None:
    for page in site_dir.glob(pattern):
        text = page.read_text(encoding="utf-8")
        if old_name in text:
            replace_file(page, text.replace(old_name, new_name).encode("utf-8"))


def _no_longer_applies(patch: Patch, config_file: Path) -> Problem:
    installed = version("mkdocs-material")
    return Problem(config_file, 1, 1, "theme", "mkdocs-material",
                   f"brandhall 对 mkdocs-material {patch.written_for} 的修补“{patch.name}”在已安装的 {installed} 版的 "
                   f"{patch.files} 里找不到要改的代码，网站没有生成；请装回 mkdocs-material {patch.written_for}"
                   f"（pip install mkdocs-material=={patch.written_for}），"
                   "或请网站管理员按新版本更新 brandhall/patches.py",
                   "E502")


# Decap CMS's bundle, patched as admin.py ships it in site/admin/. The files are under node_modules.
DECAP_PATCHES: tuple[Patch, ...] = (
    # Decap 3.16.3's header (decap-cms-core 3.19.1, components/App/Header.js, mapStateToProps)
    # lists every collection that can take a new entry in 快速新建, also those the sidebar hides
    # (`hide: true`): 1,000 story collections at 1,000 branches. It then lists the sidebar's only.
    Patch("快速新建只列侧栏里的栏目", "3.16.3", "decap-cms.js",
          'creatableCollections:t.collections.filter(t=>Og(e,t.get("name"))).toList()',
          'creatableCollections:t.collections.filter(t=>!0!==t.get("hide")&&Og(e,t.get("name"))).toList()'),
)


def patch_decap(code: str, bundle: Path, patches: tuple[Patch, ...] = DECAP_PATCHES) -> str:
    """Decap's bundle `bundle` with every patch applied; BuildFailed when one no longer applies."""
    for patch in patches:
        if patch.new in code:
            continue
        if code.count(patch.old) != 1:
            raise BuildFailed(Problems([Problem(
                bundle, 1, 1, "decap-cms", "表单编辑器",
                f"brandhall 对 Decap CMS {patch.written_for} 的修补“{patch.name}”在 {bundle.name} 里找不到要改的代码，"
                f"网站没有生成；请在 brandhall 文件夹里运行 bash scripts/setup.sh 装回 Decap CMS {patch.written_for}，"
                "或请网站管理员按新版本更新 brandhall/patches.py", "E507")]))
        code = code.replace(patch.old, patch.new)
    return code
