"""The terminal: where problems and progress reach whoever runs brandhall."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rich.console import Console
from rich.progress import TaskID
from rich.text import Text

from .errors import Problems

# Messages carry editors' text and file names: never read as rich markup or :emoji: codes.
console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def print_problems(problems: Problems, root: Path) -> None:
    for problem in problems:
        style = "red" if problem.severity.name == "ERROR" else "yellow"
        console.print(Text.assemble((problem.severity.value, style), " ", problem.format(root)))


class Progress(Protocol):
    """What the build stages need of the build report (a rich `Progress`, from `site.build`)."""

    def add_task(self, description: str, *, total: float | None = ...) -> TaskID: ...

    def advance(self, task_id: TaskID, advance: float = 1) -> None: ...


@dataclass
class Bar:
    """One stage's bar in the build report. Without a report (a library call, a test, the
    print commands) it counts nothing, so stages never test for one."""

    progress: Progress | None
    task: TaskID | None = None

    @classmethod
    def start(cls, progress: Progress | None, label: str, total: int) -> Bar:
        return cls(progress, progress.add_task(label, total=total) if progress is not None else None)

    def advance(self, steps: int = 1) -> None:
        if self.progress is not None and self.task is not None and steps:
            self.progress.advance(self.task, steps)
