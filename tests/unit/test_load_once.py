"""Hidden work made visible: a branch file is read once, and the build report's bars are typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.progress import Progress

from brandhall import load
from brandhall.terminal import Bar


def test_a_branch_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "guangzhou"
    folder.mkdir()
    (folder / "branch.yml").write_text("name: 广州党支部\nbrand:\n  name: 红色引擎\n  concept: 一名党员一面旗\n",
                                       encoding="utf-8")
    reads: list[Path] = []
    real = load.read_text

    def counted(file: Path):
        reads.append(file)
        return real(file)

    monkeypatch.setattr(load, "read_text", counted)
    branch, doc, problems = load.load_branch(folder)
    assert branch is not None and branch.branch.brand.name == "红色引擎"
    assert problems == []
    assert reads == [folder / "branch.yml"]


def test_a_bar_counts_steps_in_the_build_report() -> None:
    with Progress(disable=True) as progress:
        bar = Bar.start(progress, "处理照片", 3)
        bar.advance()
        bar.advance(2)
        assert progress.tasks[0].description == "处理照片"
        assert progress.tasks[0].completed == 3


def test_without_a_build_report_a_bar_counts_nothing() -> None:
    bar = Bar.start(None, "处理照片", 3)
    bar.advance()
    assert bar.task is None
