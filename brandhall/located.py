"""The one way to build a located problem: a field of a YAML document, found by its path."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from .errors import Problem, Severity
from .models import label_of
from .yamlsource import FieldPath, Located, dotted


def located(file: Path, doc: Located, model: type[BaseModel], path: FieldPath, message: str, code: str,
            severity: Severity = Severity.ERROR, at: tuple[int, int] | None = None) -> Problem:
    """A problem at the field `path` of `doc` (or at the position `at` inside it): its line and
    column, the dotted field name editors count by and the field's Chinese label from `model`."""
    line, col = at or doc.position_of(path)
    return Problem(file, line, col, dotted(path), label_of(model, path), message, code, severity)
