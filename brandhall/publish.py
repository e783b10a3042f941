"""`brandhall publish` and `brandhall rollback`: atomic releases for the intranet server.

The published folder looks like this (nginx serves `current/`, see scripts/nginx/brandhall.conf):

    <dir>/releases/20250301-093000/     one complete build per release, never changed afterwards
    <dir>/releases/20250308-101500/
    <dir>/current -> releases/20250308-101500

`publish` builds into the work site `.brandhall/site/` (or takes a finished `site/` with
`--from`), then makes the release from it under a hidden name, hard-linking every file equal to
the previous release's (as `rsync --link-dest` does) and copying the rest, and renames it into
place only when complete. `current` is
switched by creating a new symlink beside it and renaming it over the old one: rename(2) is
atomic, so at every moment `current` names one complete release. A failed check or build, or a
kill at any moment, leaves the old release live; leftovers of a killed run are hidden names that
the next run removes. Old releases beyond the last N are first renamed out of the list, then
deleted, so a half-deleted release is never one that rollback could pick.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildFailed
from .manifest import MANIFEST, IncompleteSite, Manifest, read_manifest, verify
from .project import Project
from .site import BuildReport, build, check

RELEASES = "releases"
CURRENT = "current"
LOCK_FILE = ".publish.lock"
ROLLED_BACK = ".rolled-back"
KEEP_DEFAULT = 5
STAMP = "%Y%m%d-%H%M%S"
RELEASE_NAME = re.compile(r"^\d{8}-\d{6}(?:-\d{2})?$")
WORK_SITE = "site"  # in .brandhall/: what publish builds, then makes a release of
KILL_ENV = "BRANDHALL_TEST_KILL_AT"  # tests only: the stage at which the process kills itself

Log = Callable[[str], None]


class PublishError(Exception):
    """A problem with the publish folder itself, explained in Chinese."""


def checkpoint(stage: str) -> None:
    """A named point of the publishing run. Tests set BRANDHALL_TEST_KILL_AT to a stage name to
    have the process SIGKILL itself exactly there, proving a kill at that point is harmless."""
    if os.environ.get(KILL_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class Target:
    """The publish folder given with --to."""

    root: Path

    @property
    def releases(self) -> Path:
        return self.root / RELEASES

    @property
    def current(self) -> Path:
        return self.root / CURRENT

    def release_names(self) -> list[str]:
        """Complete releases, oldest first."""
        if not self.releases.is_dir():
            return []
        return sorted(p.name for p in self.releases.iterdir()
                      if RELEASE_NAME.match(p.name) and p.is_dir() and not p.is_symlink())

    def live(self) -> str | None:
        """The release `current` points at, if it is one of ours."""
        if not self.current.is_symlink():
            return None
        link = Path(os.readlink(self.current))
        name = link.name
        if link.parent.name != RELEASES or name not in self.release_names():
            return None
        return name


def open_target(folder: Path, *, create: bool = True) -> Target:
    target = Target(folder.resolve())
    if not create and not target.releases.is_dir():
        raise PublishError(f"{target.current} 没有指向 {target.releases} 里的任何版本，"
                           "无法回退；请先用 brandhall publish 发布")
    if target.current.exists() and not target.current.is_symlink():
        raise PublishError(f"{target.current} 是一个真实的文件夹或文件，不是链接；brandhall 不会覆盖它。"
                           f"请先把它改名或移走（如 mv {target.current} {target.current}.bak），再发布")
    target.releases.mkdir(parents=True, exist_ok=True)
    return target


@contextmanager
def locked(target: Target) -> Iterator[None]:
    """One publish or rollback at a time per folder. The OS drops the lock if we are killed."""
    with open(target.root / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"另一个发布或回退正在 {target.root} 进行，请等它结束后再试") from None
        yield


def clean_leftovers(target: Target) -> list[str]:
    """Remove what a killed or failed run left: hidden half-built or half-deleted releases and
    temporary links. Only called under the lock, so no other run is using them."""
    removed = []
    for path in target.releases.iterdir():
        if path.name.startswith(".") or path.name.endswith(ROLLED_BACK):
            _remove(path)
            removed.append(path.name)
    for path in target.root.glob(f".{CURRENT}-*"):
        path.unlink()
        removed.append(path.name)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def new_release_name(target: Target, now: str | None = None) -> str:
    """A timestamp name that sorts after every release made so far, even if the clock went back."""
    now = now or time.strftime(STAMP)
    stamps = [p.name.removesuffix(ROLLED_BACK) for p in target.releases.iterdir()]
    last = max((s for s in stamps if RELEASE_NAME.match(s)), default="")
    if now > last[:15]:
        return now
    suffix = int(last[16:] or 1) + 1
    return f"{last[:15]}-{suffix:02d}"


def switch(target: Target, name: str) -> None:
    """Point `current` at releases/<name> with one atomic rename."""
    temporary = target.root / f".{CURRENT}-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(f"{RELEASES}/{name}", temporary)
    checkpoint("linked")
    os.replace(temporary, target.current)
    _sync(target.root)


def _sync(folder: Path) -> None:
    """Make the rename durable: a power cut right after publishing keeps the new `current`."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def prune(target: Target, keep: int) -> list[str]:
    """Delete releases beyond the newest `keep`, never the live one."""
    names = target.release_names()
    keepers = set(names[-keep:]) | {target.live()}
    removed = []
    for name in names:
        if name in keepers:
            continue
        trash = target.releases / f".trash-{name}"
        os.rename(target.releases / name, trash)
        checkpoint("pruning")
        shutil.rmtree(trash)
        removed.append(name)
    return removed


@dataclass
class PublishReport:
    release: str
    previous: str | None
    build: BuildReport | None  # None: published an existing build (--from)
    removed: list[str] = field(default_factory=list)
    shared: int = 0  # files hard-linked from the previous release
    files: int = 0


def publish(project: Project, folder: Path, *, keep: int = KEEP_DEFAULT, site_url: str | None = None,
            quiet: bool = False, log: Log = print, built: Path | None = None,
            engine: str | None = None) -> PublishReport:
    """Check and build into the work site (or, with `built`, take a finished build after
    verifying its manifest), make it a new release, switch `current` to it, then delete old
    releases. The work site is never published itself: the release is a new folder of
    hard links to the previous release's unchanged files and copies of the changed ones.
    `engine` overrides mkdocs.yml's site engine."""
    target = open_target(folder)
    with locked(target):
        clean_leftovers(target)
        if built is None:
            log("① 检查支部文件……")
            result = check(project)
            if result.problems.errors:
                raise BuildFailed(result.problems)
            checkpoint("checked")
            log("② 生成网站……")
            built = project.work_dir / WORK_SITE
            report: BuildReport | None = build(project, built, quiet=quiet, site_url=site_url,
                                               checked=result, engine=engine)
            manifest = read_manifest(built)
            assert manifest is not None, "build writes the manifest"
        else:
            log(f"①② 核对已生成的网站 {built} ……")
            manifest = _verified(built, site_url)
            report = None
        name = new_release_name(target)
        previous = target.live()
        log(f"③ 生成新版本 {RELEASES}/{name}（与上一版本相同的文件用硬链接）……")
        shared = make_release(target, name, built, manifest, previous)
        checkpoint("built")
        log(f"④ 切换 {CURRENT} → {RELEASES}/{name}")
        switch(target, name)
        checkpoint("switched")
        removed = prune(target, keep)
        if removed:
            log(f"⑤ 删除旧版本：{'、'.join(removed)}（保留最近 {keep} 个）")
    return PublishReport(name, previous, report, removed, shared, len(manifest.files))


def _verified(site: Path, site_url: str | None) -> Manifest:
    try:
        manifest = verify(site)
    except IncompleteSite as error:
        raise PublishError(str(error)) from None
    if site_url and site_url != manifest.site_url:
        raise PublishError(f"{site} 是按网址 {manifest.site_url or '（mkdocs.yml 的 site_url）'} 生成的，"
                           f"不是 --site-url 给的 {site_url}；请用 brandhall build --site-url {site_url} "
                           "重新生成，再发布")
    return manifest


def make_release(target: Target, name: str, site: Path, manifest: Manifest, previous: str | None) -> int:
    """Write releases/<name> under a hidden name, then rename it into place, as
    `rsync --link-dest` does: a file equal (by the manifests' hashes) to the previous release's
    is a hard link to it, every other file a fresh copy. Nothing of a release is ever written
    again, and no release shares a file with the work site, which later builds update.
    Returns how many files are shared with the previous release."""
    before = read_manifest(target.releases / previous) if previous else None
    old = before.files if before else {}
    partial = target.releases / f".{name}-new"
    partial.mkdir()
    shared = 0
    for count, (relative, entry) in enumerate(sorted(manifest.files.items())):
        destination = partial / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if old.get(relative) == entry and _link(target.releases / previous / relative, destination):
            shared += 1
        else:
            shutil.copy2(site / relative, destination)
        if count == len(manifest.files) // 2:
            checkpoint("releasing")
    shutil.copy2(site / MANIFEST, partial / MANIFEST)
    os.rename(partial, target.releases / name)
    _sync(target.releases)
    return shared


def _link(source: Path, destination: Path) -> bool:
    try:
        os.link(source, destination)
        return True
    except OSError:  # another file system, or the old file is gone: copy instead
        return False


def rollback(folder: Path, *, log: Log = print) -> tuple[str, str]:
    """Point `current` at the release before the live one. The abandoned release is set aside
    (renamed *.rolled-back) so a later rollback never returns to it; the next publish deletes it."""
    target = open_target(folder, create=False)
    with locked(target):
        names = target.release_names()
        live = target.live()
        if live is None:
            raise PublishError(f"{target.current} 没有指向 {target.releases} 里的任何版本，"
                               "无法回退；请先用 brandhall publish 发布")
        index = names.index(live)
        if index == 0:
            raise PublishError(f"当前版本 {live} 已是保留的最早版本，没有更早的版本可以回退")
        previous = names[index - 1]
        log(f"切换 {CURRENT} → {RELEASES}/{previous}")
        switch(target, previous)
        os.rename(target.releases / live, target.releases / f"{live}{ROLLED_BACK}")
    return live, previous
