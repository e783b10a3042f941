"""The JSON Schemas editors' YAML files point at, generated from the models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from .models import Branch
from .screens import Screen


@dataclass(frozen=True)
class SchemaFile:
    model: type[BaseModel]
    name: str
    title: str
    description: str

    @property
    def path(self) -> Path:
        return Path("schema") / self.name

    def text(self) -> str:
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.name,
            **self.model.model_json_schema(),
            "title": self.title,
            "description": self.description,
        }
        return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

    def write(self, root: Path) -> Path:
        path = root / self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(), encoding="utf-8")
        return path


BRANCH_SCHEMA = SchemaFile(Branch, "branch.schema.json", "支部文件 branch.yml",
                           "一支部一品牌：一个党支部的品牌、先进典型、故事与互联共建。")
SCREEN_SCHEMA = SchemaFile(Screen, "screen.schema.json", "大屏文件 screens/<名称>.yml",
                           "一块大厅大屏的播放列表：方向、幻灯片、播放时段与夜间画面。")
SCHEMAS = (BRANCH_SCHEMA, SCREEN_SCHEMA)
