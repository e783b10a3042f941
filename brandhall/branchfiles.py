"""Paths editors write to files in their branch folder (photos, logos): the file must be there,
inside the folder, of a supported kind, and spelt with the same letter case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg")


def _file_in_branch(suffixes: tuple[str, ...], kind: str):
    """A path to a file inside the branch folder; the folder comes from the validation context."""

    def check(value: str, info: ValidationInfo) -> str:
        folder: Path | None = (info.context or {}).get("folder")
        if folder is None:
            return value
        if Path(value).is_absolute() or ".." in Path(value).parts or re.match(r"^([A-Za-z]:)?[\\/]|.*\\", value):
            raise PydanticCustomError(
                "path_outside",
                "路径“{value}”跑出了支部文件夹，请把文件放进本支部文件夹，写相对路径",
                {"value": value},
            )
        if not value.lower().endswith(suffixes):
            raise PydanticCustomError(
                "file_type",
                "“{value}”不是支持的{kind}格式，请使用 {allowed}",
                {"value": value, "kind": kind, "allowed": "、".join(suffixes)},
            )
        target = folder / value
        if target.is_symlink() or (
            target.exists() and not target.resolve().is_relative_to(folder.resolve())
        ):
            raise PydanticCustomError(
                "path_outside",
                "“{value}”是指向支部文件夹之外的链接，请放入真实文件",
                {"value": value},
            )
        if not target.is_file():
            twin = _case_twin(folder, value)
            if twin:
                raise PydanticCustomError(
                    "file_missing", "找不到{kind}文件“{value}”，文件名的大小写要一致：你是不是想写 {twin}？",
                    {"value": value, "kind": kind, "twin": twin})
            raise PydanticCustomError(
                "file_missing",
                "找不到{kind}文件“{value}”，请确认文件已放进支部文件夹且文件名（含大小写）一致",
                {"value": value, "kind": kind},
            )
        return value

    return check


def _case_twin(folder: Path, value: str) -> str | None:
    """The file at `value` when letter case is ignored, as it is really spelt; or None."""
    current = folder
    for part in Path(value).parts:
        if not current.is_dir():
            return None
        match = next((p for p in sorted(current.iterdir()) if p.name.lower() == part.lower()), None)
        if match is None:
            return None
        current = match
    return current.relative_to(folder).as_posix() if current.is_file() else None


PhotoPath = Annotated[str, AfterValidator(_file_in_branch(PHOTO_SUFFIXES, "照片"))]
LogoPath = Annotated[str, AfterValidator(_file_in_branch(LOGO_SUFFIXES, "标识"))]
