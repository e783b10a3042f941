"""Playlist rules of the lobby screens, checked on the models and one file. No build, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from brandhall.screens import Screen, load_screens, slide_excerpt
from brandhall.screens.models import Window


def test_an_unquoted_time_read_by_yaml_as_minutes_is_the_time_written() -> None:
    window = Window.model_validate({"start": 450, "end": 1140})  # YAML 1.1 reads 7:30 and 19:00 so
    assert (window.start, window.end) == ("07:30", "19:00")


def test_a_window_across_midnight_and_its_days_as_javascript_numbers_them() -> None:
    window = Window.model_validate({"days": ["周末"], "start": "22:00", "end": "02:00"})
    assert window.weekdays() == [0, 6]
    assert window.describe() == "周末 22:00–（次日）02:00"


def test_an_unknown_slide_type_suggests_the_close_one() -> None:
    with pytest.raises(ValidationError) as error:
        Screen.model_validate({"title": "大厅", "slides": [{"type": "wal"}]})
    assert "你是不是想写“wall”？" in str(error.value)


def test_excerpt_keeps_whole_sentences_and_joins_wrapped_chinese_lines() -> None:
    text = "第一句很短。\n第二句也\n不长。第三句会被截掉，因为放不下了。"
    assert slide_excerpt(text, 16) == "第一句很短。第二句也不长。"


def test_every_mistake_of_a_playlist_is_located_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "lobby.yml").write_text(
        "title: 大厅\nduration: 2\nslides:\n  - type: wal\n  - type: notice\n", encoding="utf-8")
    screens, problems = load_screens(tmp_path, None)
    assert screens == []
    found = {(p.line, p.code) for p in problems}
    assert (2, "E112") in found  # duration out of range
    assert (4, "E606") in found  # unknown slide type
    assert any(p.line == 5 and p.code == "E110" for p in problems)  # the notice has no text
