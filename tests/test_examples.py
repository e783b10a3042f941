"""The bundled example branches: drawn pictures that are honest about being examples."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from PIL import Image

BRANCHES = REPO / "branches"
FIXTURES = REPO / "tests" / "fixtures" / "photos"
PICTURE = re.compile(r"\b((?:people|stories)/[\w-]+\.(?:jpg|png|webp))")


def referenced_pictures() -> set[Path]:
    found = set()
    for text_file in [*BRANCHES.glob("*/branch.yml"), *BRANCHES.glob("*/stories/*.md")]:
        branch = text_file.parent if text_file.name == "branch.yml" else text_file.parent.parent
        found |= {branch / name for name in PICTURE.findall(text_file.read_text(encoding="utf-8"))}
    return found


def test_every_example_picture_is_the_one_the_drawing_script_makes():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "draw_examples.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    on_disk = {p for p in BRANCHES.glob("*/*/*") if p.suffix in (".jpg", ".png", ".webp")}
    assert on_disk == referenced_pictures(), "every picture in branches/ is used, and every one used exists"


def test_no_real_photograph_is_among_the_examples():
    fixtures = {p.read_bytes() for p in FIXTURES.iterdir() if p.suffix in (".jpg", ".png")}
    for picture in referenced_pictures():
        assert picture.read_bytes() not in fixtures, picture
        with Image.open(picture) as image:
            assert image.width <= 960 and not image.getexif(), picture


def test_every_story_picture_has_a_caption():
    bare = re.compile(r"^\s*-\s+stories/\S+\s*$", re.M)
    for text_file in [*BRANCHES.glob("*/branch.yml"), *BRANCHES.glob("*/stories/*.md")]:
        assert not bare.search(text_file.read_text(encoding="utf-8")), f"{text_file}: a photo without caption"
