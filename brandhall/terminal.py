"""The terminal: where problems and progress reach whoever runs brandhall."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from .errors import Problems

# Messages carry editors' text and file names: never read as rich markup or :emoji: codes.
console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def print_problems(problems: Problems, root: Path) -> None:
    for problem in problems:
        style = "red" if problem.severity.name == "ERROR" else "yellow"
        console.print(Text.assemble((problem.severity.value, style), " ", problem.format(root)))
