"""Where an engine's search index is, and the shape of its entries, so that `search.py` can add
the generated pages to it without knowing which engine wrote it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SearchIndex:
    path: Path  # the JSON file the browser loads before its first query
    entries: str  # the key of its list of pages: "docs" (mkdocs-material), "items" (Zensical)
    script: Path | None = None  # the same index as `var __index = …`, loaded on file://
    entry_fields: dict[str, Any] = field(default_factory=dict)  # fields the format needs on each entry

    def add(self, entries: list[dict[str, str]]) -> None:
        """Append `entries` (location, title, text) and rewrite the index compactly."""
        index = json.loads(self.path.read_text(encoding="utf-8"))
        index[self.entries].extend({**entry, **self.entry_fields} for entry in entries)
        data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        self.path.write_text(data, encoding="utf-8")
        if self.script is not None and self.script.exists():
            self.script.write_text(f"var __index = {data}", encoding="utf-8")
