"""Problems found in editors' files, and how they are shown.

Every problem names the file, line and column, the field and its Chinese label, and says in
Chinese what is wrong and how to fix it. Problems are collected, never raised one at a time,
so that one run reports all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    file: Path
    line: int
    col: int
    field: str
    label: str
    message: str
    code: str = "E000"
    severity: Severity = Severity.ERROR

    def format(self, root: Path | None = None) -> str:
        path = self.file
        if root is not None and path.is_absolute() and path.is_relative_to(root):
            path = path.relative_to(root)
        where = f"{path.as_posix()}:{self.line}:{self.col}"
        return f"{where}: {self.field} ({self.label}): {self.message}"


@dataclass
class Problems:
    """An ordered collection of problems found in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem not in self.items:
            self.items.append(problem)

    def extend(self, problems: list[Problem] | Problems) -> None:
        for problem in problems:
            self.add(problem)

    def __iter__(self):
        return iter(sorted(self.items, key=lambda p: (str(p.file), p.line, p.col, p.field)))

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.WARNING]


class BuildFailed(Exception):
    """Raised when the content has errors; carries all of them."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} 个错误")
        self.problems = problems
