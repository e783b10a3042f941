"""Reading an honour roster: the first sheet of an .xlsx file whose header row names the columns
in Chinese (支部, 姓名, 称号, 期间, 授予单位), and its cells as the branch files write them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .hanzi import has_han
from .periods import QUARTER_NAMES

COLUMNS = {  # field -> header names accepted, the first one is the documented one
    "branch": ("支部", "支部名称", "党支部", "所在支部", "党组织"),
    "name": ("姓名", "名字", "人员"),
    "title": ("称号", "荣誉称号", "荣誉", "荣誉名称"),
    "period": ("期间", "时间", "年度", "获奖时间", "授予时间"),
    "by": ("授予单位", "表彰单位", "颁发单位", "授予机关"),
}
REQUIRED = ("branch", "name", "title", "period")
HEADER_ROWS = 10
CHINESE_QUARTERS = {name: str(n) for n, name in enumerate(QUARTER_NAMES, 1)}


class ImportFailed(Exception):
    """The spreadsheet as a whole cannot be read; the message is one Chinese sentence."""



@dataclass
class Row:
    number: int
    values: dict[str, Any]


def read_rows(path: Path) -> tuple[str, int, list[Row]]:
    """The sheet name, the header row number and the data rows of the roster in `path`."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise ImportFailed(f"找不到表格文件“{path}”，请检查文件名和所在文件夹")
    try:
        workbook = load_workbook(path, data_only=True)
    except InvalidFileException:
        raise ImportFailed(f"“{path.name}”不是 .xlsx 表格；.xls、.csv 或 WPS 表格请先另存为"
                           "“Excel 工作簿（.xlsx）”再导入") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFailed(f"“{path.name}”打不开：文件已损坏，或不是真正的 .xlsx 表格"
                           "（只改了扩展名）；请在 Excel 或 WPS 里另存为 .xlsx 再导入") from None
    partial: tuple[int, str, int, list[str]] | None = None
    for sheet in workbook.worksheets:
        grid = _filled_grid(sheet)
        for number in sorted(grid)[:HEADER_ROWS]:
            columns = _header_columns(grid[number])
            missing = [f for f in REQUIRED if f not in columns]
            if not missing:
                rows = [Row(n, {f: grid[n].get(c) for f, c in columns.items()})
                        for n in sorted(grid) if n > number]
                return sheet.title, number, [r for r in rows if any(present(v) for v in r.values.values())]
            if len(REQUIRED) - len(missing) >= 2 and (partial is None or len(missing) < len(partial[3])):
                partial = (number, sheet.title, len(columns), missing)
    wanted = "、".join(COLUMNS[f][0] for f in REQUIRED)
    if partial is not None:
        number, title, _, missing = partial
        lacking = "、".join(f"“{COLUMNS[f][0]}”" for f in missing)
        raise ImportFailed(f"工作表“{title}”第 {number} 行像是标题行，但缺少{lacking}列；"
                           f"标题行要有 {wanted} 四列（授予单位可选）")
    raise ImportFailed(f"“{path.name}”里找不到标题行：前 {HEADER_ROWS} 行里要有一行写着 {wanted} "
                       "四个列名（授予单位可选），每个列名占一格")


def _filled_grid(sheet) -> dict[int, dict[int, Any]]:
    """Row number -> column -> value; a merged cell's value fills every cell it covers."""
    grid: dict[int, dict[int, Any]] = defaultdict(dict)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                grid[cell.row][cell.column] = cell.value
    for merged in sheet.merged_cells.ranges:
        value = grid.get(merged.min_row, {}).get(merged.min_col)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r][c] = value
    return dict(grid)


def _header_columns(cells: dict[int, Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for column, value in sorted(cells.items()):
        text = re.sub(r"[\s*＊:：]|（[^）]*）|\([^)]*\)", "", str(value)) if isinstance(value, str) else ""
        for name, headers in COLUMNS.items():
            if text in headers and name not in columns:
                columns[name] = column
    return columns


def present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def person_name(value: Any) -> str:
    """Rosters pad two-character names to line up (张  伟); the spaces are not part of the name."""
    text = cell_text(value)
    return re.sub(r"\s+", "", text) if has_han(text) else re.sub(r"\s+", " ", text)


def normalise_period(value: Any) -> str:
    """An Excel cell as a period: 2024, 2024-03, 2024-Q1 or 2023~2025, as the YAML loader reads
    them. Excel turns a typed 2024-03 into a date (the 1st of the month) and 2024 into a number."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if day.day != 1:
            raise ValueError(f"期间“{day.isoformat()}”是具体日期；期间只写到月份，请写成 {day:%Y-%m}")
        return f"{day:%Y-%m}"
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"期间“{value}”是小数，分不清是几月；请把这一格设成文本，写成 2024-03 这样的形式")
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))  # ２０２４～２０２５ too
    if m := re.fullmatch(r"(\d{4})年?", text):
        return m[1]
    if m := re.fullmatch(r"(\d{4})[-./年](\d{1,2})月?", text):
        return f"{m[1]}-{int(m[2]):02d}"
    quarter = re.fullmatch(rf"(\d{{4}})年?第?([1-4{QUARTER_NAMES}])季度?", text)
    if m := re.fullmatch(r"(\d{4})[-./]?[Qq]([1-4])", text) or quarter:
        return f"{m[1]}-Q{CHINESE_QUARTERS.get(m[2], m[2])}"
    if m := re.fullmatch(r"(\d{4})年?[~\-—–至到](\d{4})年?", text):
        return f"{m[1]}~{m[2]}"
    if m := re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", text):
        return normalise_period(dt.date(int(m[1]), int(m[2]), int(m[3])))
    return text
