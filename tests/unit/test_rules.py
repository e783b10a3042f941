"""The domain rules, each in its one home: periods, ids and slugs, suggestions, located problems,
Chinese text and Markdown fields. No build, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandhall.errors import Severity
from brandhall.forms import form_field
from brandhall.hanzi import has_han
from brandhall.located import located
from brandhall.markup import excerpt, join_chinese_lines, plain_text
from brandhall.models import Branch, Brand, Figure, Method, Story, is_markdown_field
from brandhall.periods import Period, format_date, format_period, period_end, period_years
from brandhall.scan import is_markdown
from brandhall.slugs import figure_id, story_slug
from brandhall.suggest import did_you_mean
from brandhall.yamlsource import parse_yaml


@pytest.mark.parametrize(("text", "kind", "years", "label"), [
    ("2024", "year", [2024], "2024年"),
    ("2024-03", "month", [2024], "2024年3月"),
    ("2024-Q1", "quarter", [2024], "2024年第一季度"),
    ("2023~2025", "span", [2023, 2024, 2025], "2023—2025年"),
])
def test_a_period_is_parsed_and_shown_in_chinese(text: str, kind: str, years: list[int], label: str) -> None:
    period = Period.parse(text)
    assert period is not None
    assert (period.kind, period.years, period.label) == (kind, years, label)
    assert format_period(text) == label


def test_what_is_no_period_is_shown_as_written() -> None:
    assert Period.parse("去年") is None
    assert format_period("去年") == "去年"


def test_periods_order_by_when_they_end() -> None:
    written = ["2022~2023", "2024-Q1", "2024", "2024-05", "2023-11"]
    assert sorted(written, key=period_end, reverse=True) == ["2024", "2024-05", "2024-Q1", "2022~2023", "2023-11"]
    assert period_years("2025~2023") == [2023, 2024, 2025]


def test_dates_are_shown_in_chinese() -> None:
    assert format_date("2021-09-18") == "2021年9月18日"
    assert format_date("2021-09") == "2021年9月"


def test_a_figure_id_is_the_written_one_or_the_pinyin_of_the_name() -> None:
    assert figure_id("zhang-wei-2", "张伟") == "zhang-wei-2"
    assert figure_id(None, "张伟") == "zhang-wei"
    assert figure_id(None, None) is None


def test_a_story_slug_is_its_date_and_six_syllables_of_its_title() -> None:
    assert story_slug("2021-09-18", "三方互联共建保供油站") == "2021-09-18-san-fang-hu-lian-gong-jian"


def test_did_you_mean_suggests_the_closest_or_lists_the_choices() -> None:
    assert did_you_mean("zhang-wie", ["zhang-wei", "li-na"]) == "，你是不是想写“zhang-wei”？"
    assert did_you_mean("wang", ["zhang-wei", "li-na"], listing="可用的编号") == "；可用的编号：zhang-wei、li-na"
    assert did_you_mean("wang", [], listing="可用的编号") == ""
    assert did_you_mean("优秀党员", ["优秀共产党员"], ask="，是不是", otherwise="。") == "，是不是“优秀共产党员”？"
    assert did_you_mean("x", ["优秀共产党员"], otherwise="。") == "。"


def test_a_located_problem_names_the_line_the_field_and_its_label(tmp_path: Path) -> None:
    file = tmp_path / "branch.yml"
    doc, _ = parse_yaml("name: 支部\nfigures:\n  - name: 张伟\n    joined: 3012\n", file)
    problem = located(file, doc, Branch, ("figures", 0, "joined"), "年份不对", "W301", Severity.WARNING)
    assert problem.format(tmp_path) == "branch.yml:4:13: 第 1 位先进典型 › joined (入党年份): 年份不对"
    assert problem.severity is Severity.WARNING
    assert located(file, doc, Branch, ("name",), "x", "E1", at=(1, 9)).col == 9


def test_chinese_text_is_recognised_and_its_wrapped_lines_joined() -> None:
    assert has_han("格式不正确") and not has_han("Field required")
    assert join_chinese_lines("一名党员\n  一面旗帜，\nand more\nlines") == "一名党员一面旗帜，\nand more\nlines"


def test_an_excerpt_cuts_with_an_ellipsis_or_after_a_whole_sentence() -> None:
    assert excerpt("一二三四五六", 4) == "一二三…"
    assert excerpt("一二三", 4) == "一二三"
    assert excerpt("第一句。第二句很长很长", 8, sentences=True) == "第一句。"
    assert plain_text("**理念**：一名党员\n一面旗", 8) == "理念：一名党员…"


def test_markdown_fields_are_declared_by_their_type() -> None:
    marked = {model.__name__: [n for n, info in model.model_fields.items() if is_markdown_field(info)]
              for model in (Brand, Method, Figure, Story)}
    assert marked == {"Brand": ["concept"], "Method": ["text"], "Figure": ["story"], "Story": ["body"]}
    assert is_markdown(Branch, ("figures", 0, "story")) and not is_markdown(Branch, ("figures", 0, "motto"))
    assert form_field("story", Figure.model_fields["story"], {}, "figures.story")["widget"] == "markdown"
    assert form_field("motto", Figure.model_fields["motto"], {}, "figures.motto")["widget"] == "string"
