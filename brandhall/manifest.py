"""The build manifest: `site/.brandhall-manifest.json`, the list of every file a build wrote with
its size and SHA-256, written last. `brandhall publish --from site/` publishes a build only when
the manifest is there and the folder holds exactly those files; publishing also uses the hashes
to hard-link the files a release shares with the previous one.

Photos and share cards are not hashed: their file names are fingerprints of what made them
(the rule nginx caches them by, for a year), and at 1,000 branches they are most of the site's
gigabytes. For them the manifest records the size, and equal name and size mean equal file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .engine.worksite import Entry, entries, scan
from .staging import replace_file

MANIFEST = ".brandhall-manifest.json"
FORMAT = 1
FINGERPRINTED = re.compile(r"^assets/(photos|cards)/[0-9a-f]{20}[^/]*$")  # as in scripts/nginx/brandhall.conf
BY_NAME = "fingerprint"  # the digest recorded for those files


class IncompleteSite(Exception):
    """The folder is not a complete brandhall build; the message says why, in Chinese."""


@dataclass
class Manifest:
    files: dict[str, tuple[int, str]]  # relative path: (size, sha256)
    site_url: str | None
    offline: bool

    def write(self, site: Path) -> None:
        data = {"format": FORMAT, "brandhall": __version__, "site_url": self.site_url,
                "offline": self.offline, "files": {k: list(v) for k, v in sorted(self.files.items())}}
        partial = site / f"{MANIFEST}.partial"
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(partial, site / MANIFEST)


def site_files(site: Path) -> list[str]:
    """Every file of a built site but the manifest, relative, sorted."""
    found = []
    for root, dirs, files in os.walk(site):
        dirs.sort()
        for name in files:
            relative = Path(root, name).relative_to(site).as_posix()
            if relative != MANIFEST:
                found.append(relative)
    return sorted(found)


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def write_manifest(site: Path, *, site_url: str | None, offline: bool, hashes: Path | None = None) -> Manifest:
    """Write `site`'s manifest. `hashes` keeps each file's size, mtime and SHA-256 for the next
    build: a file with the size and mtime recorded there (a page linked again from the engine's
    work site) is not read again."""
    scanned = scan(site)
    scanned.pop(MANIFEST, None)
    recorded = _recorded(hashes) if hashes else {}
    hashed = entries(site, recorded, keep=lambda name: not FINGERPRINTED.match(name), scanned=scanned)
    files = {name: (size, BY_NAME) for name, (size, _) in scanned.items() if name not in hashed}
    files |= {name: (size, digest) for name, (size, _, digest) in hashed.items()}
    manifest = Manifest(files, site_url, offline)
    manifest.write(site)
    if hashes:
        replace_file(hashes, json.dumps(hashed, separators=(",", ":")).encode("utf-8"))
    return manifest


def _recorded(hashes: Path) -> dict[str, Entry]:
    try:
        data = json.loads(hashes.read_text(encoding="utf-8"))
        return {str(name): (int(v[0]), int(v[1]), str(v[2])) for name, v in data.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}


def read_manifest(site: Path) -> Manifest | None:
    """The manifest as written, or None when there is none or it is not ours."""
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        files = {str(k): (int(v[0]), str(v[1])) for k, v in data["files"].items()}
        return Manifest(files, data.get("site_url"), bool(data.get("offline")))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def verify(site: Path) -> Manifest:
    """The manifest of a complete build in `site`; raises IncompleteSite otherwise."""
    if not site.is_dir():
        raise IncompleteSite(f"找不到要发布的网站文件夹 {site}；请先运行 brandhall build 生成网站")
    manifest = read_manifest(site)
    if manifest is None:
        raise IncompleteSite(f"{site} 不是 brandhall build 生成的完整网站（没有清单文件 {MANIFEST}，"
                             "可能是别的工具生成的，或生成没有完成）；请先运行 brandhall build，再发布")
    if manifest.offline:
        raise IncompleteSite(f"{site} 是离线副本（brandhall build --offline），不能发布到内网；"
                             "请运行 brandhall build（不加 --offline），再发布")
    present = site_files(site)
    missing = sorted(set(manifest.files) - set(present))
    extra = sorted(set(present) - set(manifest.files))
    changed = [name for name in sorted(set(manifest.files) & set(present)) if _differs(site / name,
               manifest.files[name])]
    if missing or changed:
        bad = missing + changed
        raise IncompleteSite(f"{site} 不完整：清单里的 {len(bad)} 个文件缺失或与生成时不同（如 {bad[0]}）；"
                             "请重新运行 brandhall build，再发布")
    if extra:
        raise IncompleteSite(f"{site} 里有 {len(extra)} 个不是这次生成的文件（如 {extra[0]}）；"
                             "请重新运行 brandhall build（不要往 site/ 里放别的文件），再发布")
    return manifest


def _differs(path: Path, expected: tuple[int, str]) -> bool:
    size, digest = expected
    return path.stat().st_size != size or (digest != BY_NAME and file_digest(path) != digest)
