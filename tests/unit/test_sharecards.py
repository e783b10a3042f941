"""Share cards are named by what they show: the same card from a project cloned to another
folder (as on a CI runner) reuses the cached file and keeps its URL, so no page changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from brandhall.sharecards import CardContent, ShareCards

LOGO = Path(__file__).resolve().parents[2] / "branches" / "huanan-wuliu" / "logo.svg"


def card_url(folder: Path, picture: Path, title: str = "暖心物流·四季先锋") -> str:
    cards = ShareCards(folder / "cache", folder / "docs", digest=lambda p: p.read_bytes().hex()[:64])
    return cards.card(CardContent("华南物流中心党支部", title, "春有约 夏有情", str(picture), True))


def test_a_card_keeps_its_name_in_a_clone_elsewhere_and_changes_with_its_text(tmp_path: Path):
    first, second = tmp_path / "a" / "logo.svg", tmp_path / "b" / "c" / "logo.svg"
    for copy in (first, second):
        copy.parent.mkdir(parents=True)
        shutil.copy2(LOGO, copy)
    url = card_url(tmp_path / "a", first)
    assert card_url(tmp_path / "b", second) == url
    assert card_url(tmp_path / "b", second, "暖心物流·四季先锋队") != url
