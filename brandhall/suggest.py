"""“你是不是想写…”: the one rule for suggesting what an editor meant to write."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(value: str, choices: Iterable[str], *, cutoff: float = 0.5, ask: str = "，你是不是想写",
                 listing: str | None = None, otherwise: str = "") -> str:
    """The closest choice as `{ask}“choice”？`; with none close enough, the choices after
    `；{listing}：` when `listing` is given and there are choices, else `otherwise`."""
    names = list(choices)
    close = difflib.get_close_matches(value, names, n=1, cutoff=cutoff)
    if close:
        return f"{ask}“{close[0]}”？"
    if listing and names:
        return f"；{listing}：{'、'.join(names)}"
    return otherwise
