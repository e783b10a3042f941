"""The JSON Schemas editors' YAML files point at, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Branch
from .screens import Screen

SCHEMA_PATH = Path("schema") / "branch.schema.json"
SCREEN_SCHEMA_PATH = Path("schema") / "screen.schema.json"


def branch_schema() -> dict:
    schema = Branch.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "branch.schema.json",
        **schema,
        "title": "支部文件 branch.yml",
        "description": "一支部一品牌：一个党支部的品牌、先进典型、故事与互联共建。",
    }


def screen_schema() -> dict:
    schema = Screen.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "screen.schema.json",
        **schema,
        "title": "大屏文件 screens/<名称>.yml",
        "description": "一块大厅大屏的播放列表：方向、幻灯片、播放时段与夜间画面。",
    }


def schema_text() -> str:
    return json.dumps(branch_schema(), ensure_ascii=False, indent=2) + "\n"


def screen_schema_text() -> str:
    return json.dumps(screen_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(root: Path) -> Path:
    path = root / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def write_screen_schema(root: Path) -> Path:
    path = root / SCREEN_SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(screen_schema_text(), encoding="utf-8")
    return path
