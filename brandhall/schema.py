"""The JSON Schema editors' YAML files point at, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Branch

SCHEMA_PATH = Path("schema") / "branch.schema.json"


def branch_schema() -> dict:
    schema = Branch.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "branch.schema.json",
        **schema,
        "title": "支部文件 branch.yml",
        "description": "一支部一品牌：一个党支部的品牌、先进典型、故事与互联共建。",
    }


def schema_text() -> str:
    return json.dumps(branch_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path) -> Path:
    path = root / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path
