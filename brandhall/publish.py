"""`brandhall publish` and `brandhall rollback`: atomic releases for the intranet server.

The published folder looks like this (nginx serves `current/`, see scripts/nginx/brandhall.conf):

    <dir>/releases/20250301-093000/     one complete build per release, never changed afterwards
    <dir>/releases/20250308-101500/
    <dir>/current -> releases/20250308-101500

A release is built under a hidden name and renamed into place only when complete. `current` is
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
from .project import Project
from .site import BuildReport, CheckResult, build, check

RELEASES = "releases"
CURRENT = "current"
LOCK_FILE = ".publish.lock"
ROLLED_BACK = ".rolled-back"
KEEP_DEFAULT = 5
STAMP = "%Y%m%d-%H%M%S"
RELEASE_NAME = re.compile(r"^\d{8}-\d{6}(?:-\d{2})?$")
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
    build: BuildReport
    removed: list[str] = field(default_factory=list)


def publish(project: Project, folder: Path, *, keep: int = KEEP_DEFAULT, site_url: str | None = None,
            quiet: bool = False, log: Log = print, engine: str | None = None) -> PublishReport:
    """Check, build a new release, switch `current` to it, then delete old releases. `engine`
    overrides mkdocs.yml's site engine."""
    target = open_target(folder)
    with locked(target):
        clean_leftovers(target)
        log("① 检查支部文件……")
        result = check(project)
        if result.problems.errors:
            raise BuildFailed(result.problems)
        checkpoint("checked")
        name = new_release_name(target)
        log(f"② 生成新版本 {RELEASES}/{name} ……")
        report = _build_release(project, target, name, site_url, quiet, result, engine)
        checkpoint("built")
        previous = target.live()
        log(f"③ 切换 {CURRENT} → {RELEASES}/{name}")
        switch(target, name)
        checkpoint("switched")
        removed = prune(target, keep)
        if removed:
            log(f"④ 删除旧版本：{'、'.join(removed)}（保留最近 {keep} 个）")
    return PublishReport(name, previous, report, removed)


def _build_release(project: Project, target: Target, name: str, site_url: str | None,
                   quiet: bool, checked: CheckResult, engine: str | None) -> BuildReport:
    try:
        return build(project, target.releases / name, quiet=quiet, site_url=site_url, checked=checked,
                     engine=engine)
    except BaseException:
        for leftover in target.releases.glob(f".{name}-*"):
            _remove(leftover)
        raise


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
