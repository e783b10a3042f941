"""`brandhall import honours <file.xlsx>` on a copy of the example project.

Each test builds a real .xlsx with openpyxl (typed cells: numbers, dates, merged cells), runs the
real command in a subprocess and asserts what it prints and what it writes. The branch files are
edited by ruamel.yaml round-trip: the tests prove that every line not added stays byte-identical
(comments included), that new honours follow the style of the list they join, and that
`brandhall check` passes on the result.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from helpers import copy_project, replace_once, run_brandhall, run_check, snapshot
from openpyxl import Workbook

from brandhall.load import load_branch

GZ = "branches/guangzhou-peisong"
ZJ = "branches/zhanjiang-peisong"
HEADER = ["支部", "姓名", "称号", "期间", "授予单位"]
WANG_LAST = '      - {title: 优秀共产党员, period: "2023", by: 华粤石油销售有限公司党委}'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def roster(path: Path, rows: list[list], header: list | None = HEADER, before: list[list] = ()) -> Path:
    """A real .xlsx: optional title rows, a header row, then the rows as typed cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉名单"
    for row in before:
        sheet.append(row)
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def inserted_after(text: str, anchor: str, *new: str) -> str:
    """`text` with the lines `new` inserted after the only line equal to `anchor`."""
    lines = text.split("\n")
    assert lines.count(anchor) == 1, anchor
    at = lines.index(anchor) + 1
    return "\n".join(lines[:at] + list(new) + lines[at:])


def unified(label: str, before: str, after: str) -> list[str]:
    return [line.rstrip("\n") for line in difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{label}", f"b/{label}")]


def honours_of(project: Path, slug: str, name: str) -> list[tuple[str, str, str | None]]:
    loaded, _, problems = load_branch(project / "branches" / slug)
    assert loaded is not None, problems
    figure = next(f for f in loaded.branch.figures if f.name == name)
    return [(h.title, h.period, h.by) for h in figure.honours]


def check_passes(project: Path) -> None:
    code, lines = run_check(project)
    assert code == 0 and lines[-1].endswith("0 个错误，0 个警告。"), "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Dry run, then --apply
# ---------------------------------------------------------------------------------------------


def test_dry_run_shows_the_diff_and_changes_nothing(project: Path, tmp_path: Path) -> None:
    xlsx = roster(tmp_path / "荣誉.xlsx", [
        ["广州配送中心党支部", "王强", "优秀共产党员", 2026, "广东分公司党委"],
        ["guangzhou-peisong", "李红梅", "明星党员", dt.datetime(2026, 10, 1), "广东分公司党委"],
    ])
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "import", "honours", str(xlsx))
    assert snapshot(project / "branches") == before
    text = (project / GZ / "branch.yml").read_text(encoding="utf-8")
    expected = inserted_after(text, WANG_LAST, '      - {title: 优秀共产党员, period: "2026", by: 广东分公司党委}')
    expected = inserted_after(expected, "      - {title: 明星党员, period: 2025-11, by: 广东分公司党委}",
                              '      - {title: 明星党员, period: "2026-10", by: 广东分公司党委}')
    assert (code, lines) == (0, [
        "读取“荣誉.xlsx”的工作表“荣誉名单”：标题在第 1 行，数据 2 行。",
        *unified(f"{GZ}/branch.yml", text, expected),
        "以上是预览，文件没有改动：将修改 1 个支部文件、2 位先进典型，共 2 项荣誉；跳过 0 行，0 行无法导入。",
        f"确认无误后运行：brandhall import honours {xlsx} --apply",
    ])
    assert f"+{expected.splitlines()[text.splitlines().index(WANG_LAST) + 1]}" in lines

    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 0, lines
    assert lines[-2:] == [f"已写入 {GZ}/branch.yml（添加 2 项荣誉）",
                          "导入完成：1 个支部文件、2 位先进典型，共 2 项荣誉；跳过 0 行，0 行无法导入。"
                          "下一步：运行 brandhall check 检查，用 git diff 查看改动后提交。"]
    assert (project / GZ / "branch.yml").read_text(encoding="utf-8") == expected
    assert honours_of(project, "guangzhou-peisong", "王强")[-1] == ("优秀共产党员", "2026", "广东分公司党委")
    check_passes(project)

    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert (code, lines[1:]) == (0, [
        "第 2 行：王强已有“优秀共产党员”（2026），跳过",
        "第 3 行：李红梅已有“明星党员”（2026-10），跳过",
        "没有需要添加的荣誉（跳过 2 行，0 行无法导入）。",
    ])
    assert (project / GZ / "branch.yml").read_text(encoding="utf-8") == expected


def test_apply_keeps_comments_and_every_other_line(project: Path, tmp_path: Path) -> None:
    file = project / GZ / "branch.yml"
    replace_once(file, WANG_LAST, WANG_LAST + "   # 集团表彰\n      # 2026 年的表彰等文件下发后再补")
    replace_once(file, "  - id: zhang-wei\n", "  # 驾驶班组\n  - id: zhang-wei\n")
    replace_once(file, "    joined: 2009\n", "    joined: 2009   # 老党员\n")
    text = file.read_text(encoding="utf-8")
    xlsx = roster(tmp_path / "r.xlsx", [
        ["广州配送中心党支部", "王强", "优秀党务工作者", "2026", "广东分公司党委"],
        ["广州配送中心党支部", "王强", "明星党员", "2026-11", None],
        ["广州配送中心党支部", "罗斌", "党员示范岗", "2026", None],
    ])
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 0, lines
    expected = inserted_after(text, WANG_LAST + "   # 集团表彰",
                              '      - {title: 优秀党务工作者, period: "2026", by: 广东分公司党委}',
                              '      - {title: 明星党员, period: "2026-11"}')
    expected = inserted_after(expected, "      - {title: 优秀共产党员, period: 2025, by: 广东分公司党委}",
                              '      - {title: 党员示范岗, period: "2026"}')
    after = file.read_text(encoding="utf-8")
    assert after == expected, "\n".join(unified("branch.yml", expected, after))
    for comment in ("# 集团表彰", "      # 2026 年的表彰等文件下发后再补", "  # 驾驶班组", "# 老党员"):
        assert comment in after
    check_passes(project)


def test_block_lists_stay_block_and_a_figure_without_honours_gets_a_list(project: Path, tmp_path: Path) -> None:
    file = project / GZ / "branch.yml"
    replace_once(file, '      - {title: 劳动模范, period: "2023", by: 广州市人民政府}\n',
                 '      - title: 劳动模范\n        period: "2023"\n        by: 广州市人民政府   # 市级\n')
    replace_once(file, "      - {title: 优秀共产党员, period: 2025, by: 广东分公司党委}\n", "")
    replace_once(file, '      - {title: 明星党员, period: "2026-08", by: 广东分公司党委}\n'
                       "      - {title: 党员责任区, period: 2026-Q2, by: 广州配送中心党支部}\n", "")
    replace_once(file, "    motto: 守好每一车油，护好每一段路。\n    honours:\n",
                 "    motto: 守好每一车油，护好每一段路。\n")
    text = file.read_text(encoding="utf-8")
    xlsx = roster(tmp_path / "r.xlsx", [
        ["广州配送中心党支部", "罗斌", "优秀共产党员", "2026", "广东分公司党委"],
        ["广州配送中心党支部", "何志明", "党员责任区", "2026-Q3", "广州配送中心党支部"],
    ])
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 0, lines
    expected = inserted_after(text, "        by: 广州市人民政府   # 市级",
                              "      - title: 优秀共产党员", '        period: "2026"', "        by: 广东分公司党委")
    expected = inserted_after(expected, "    motto: 守好每一车油，护好每一段路。", "    honours:",
                              '      - {title: 党员责任区, period: "2026-Q3", by: 广州配送中心党支部}')
    after = file.read_text(encoding="utf-8")
    assert after == expected, "\n".join(unified("branch.yml", expected, after))
    check_passes(project)


def test_periods_typed_as_excel_numbers_dates_and_chinese_text(project: Path, tmp_path: Path) -> None:
    rows = [
        ["湛江配送中心党支部", "吴海涛", "明星党员", dt.datetime(2024, 3, 1), None],
        ["湛江配送中心党支部", "吴海涛", "优秀共产党员", 2023, None],
        ["湛江配送中心党支部", "吴海涛", "党员示范岗", 2022.0, None],
        ["湛江配送中心党支部", "吴海涛", "党员责任区", "2024年第一季度", None],
        ["湛江配送中心党支部", "吴海涛", "劳动模范", "2021-2023", None],
        ["湛江配送中心党支部", "吴海涛", "明星党员", "2024/5", None],
        ["湛江配送中心党支部", "吴海涛", "明星党员", "２０２４年６月", None],
        ["湛江配送中心党支部", "吴海涛", "党员先锋岗", "2025Q2", None],
    ]
    xlsx = roster(tmp_path / "r.xlsx", rows)
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 0, lines
    assert honours_of(project, "zhanjiang-peisong", "吴海涛") == [
        ("优秀党务工作者", "2024", "广东分公司党委"), ("明星党员", "2024-03", None), ("优秀共产党员", "2023", None),
        ("党员示范岗", "2022", None), ("党员责任区", "2024-Q1", None), ("劳动模范", "2021~2023", None),
        ("明星党员", "2024-05", None), ("明星党员", "2024-06", None), ("党员先锋岗", "2025-Q2", None),
    ]
    check_passes(project)


def test_header_row_below_a_title_and_merged_branch_cells(project: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026 年度先进典型荣誉名单"])
    sheet.append([])
    sheet.append(["序号", "所在支部", "姓名", "荣誉称号", "期间", "授予单位（可空）"])
    sheet.append([1, "湛江配送中心党支部", "蔡俊辉", "优秀共产党员", 2026, None])
    sheet.append([2, None, "莫 小 青", "明星党员", "2026-11", None])
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("A1:F1")
    book.save(tmp_path / "r.xlsx")
    code, lines = run_brandhall(project, "import", "honours", str(tmp_path / "r.xlsx"), "--apply")
    assert code == 0, lines
    assert lines[0] == "读取“r.xlsx”的工作表“Sheet”：标题在第 3 行，数据 2 行。"
    assert honours_of(project, "zhanjiang-peisong", "蔡俊辉")[-1] == ("优秀共产党员", "2026", None)
    assert honours_of(project, "zhanjiang-peisong", "莫小青")[-1] == ("明星党员", "2026-11", None)


# ---------------------------------------------------------------------------------------------
# Rows that cannot be imported
# ---------------------------------------------------------------------------------------------


def test_unmatched_rows_are_reported_by_row_number_and_the_rest_applies(project: Path, tmp_path: Path) -> None:
    xlsx = roster(tmp_path / "r.xlsx", before=[["荣誉名单"]], rows=[
        ["广州配送中心党支部", "王强", "明星党员", "2026-09", None],          # 3: fine
        ["广州配送中心", "王强", "明星党员", "2026-09", None],                # 4
        ["南沙油品码头党支部", "王强", "明星党员", "2026-09", None],          # 5
        ["广州配送中心党支部", "李四", "明星党员", "2026-09", None],          # 6
        ["广州配送中心党支部", "张为", "明星党员", "2026-09", None],          # 7
        ["广州配送中心党支部", "罗斌", "明星党员", "2026-13", None],          # 8
        ["广州配送中心党支部", "罗斌", "明星党员", dt.datetime(2026, 3, 15), None],  # 9
        ["广州配送中心党支部", "罗斌", "明星党员", 2026.5, None],            # 10
        ["广州配送中心党支部", None, "明星党员", "2026", None],              # 11
        ["广州配送中心党支部", "王强", "明星党员", "2026-09", None],          # 12: same as row 3
        ["广州配送中心党支部", "罗斌", "明星党员", "2025", None],             # 13: registered title, fine
        ["广州配送中心党支部", "罗斌", "优秀党员", "2025", None],             # 14: unknown title, warned
    ])
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 1
    reports = [line for line in lines if line.startswith(("无法导入", "注意", "第 "))]
    assert reports == [
        "第 12 行：与第 3 行相同，跳过",
        "注意 第 14 行：称号“优秀党员”不在 mkdocs.yml 登记的荣誉称号里，是不是“优秀共产党员”？"
        "（仍会导入，brandhall check 会给出警告）",
        "无法导入 第 4 行：找不到支部“广州配送中心”，你是不是想写“广州配送中心党支部”？",
        "无法导入 第 5 行：找不到支部“南沙油品码头党支部”；请写支部名称（如 广州配送中心党支部）或支部文件夹名"
        "（如 guangzhou-peisong）",
        "无法导入 第 6 行：广州配送中心党支部没有叫“李四”的先进典型；如是新人物，"
        "请先运行 brandhall new figure guangzhou-peisong \"李四\"",
        "无法导入 第 7 行：广州配送中心党支部没有叫“张为”的先进典型，你是不是想写“张伟”？；如是新人物，"
        "请先运行 brandhall new figure guangzhou-peisong \"张为\"",
        "无法导入 第 8 行：“2026-13”不是有效的期间，请写成 2024、2024-03、2024-Q1 或 2023~2025",
        "无法导入 第 9 行：期间“2026-03-15”是具体日期；期间只写到月份，请写成 2026-03",
        "无法导入 第 10 行：期间“2026.5”是小数，分不清是几月；请把这一格设成文本，写成 2024-03 这样的形式",
        "无法导入 第 11 行：没有填写姓名",
    ]
    assert lines[-1] == "请按上面的提示修改表格中无法导入的行，再重新运行（已有的荣誉会自动跳过）。"
    assert honours_of(project, "guangzhou-peisong", "王强")[-1] == ("明星党员", "2026-09", None)
    assert honours_of(project, "guangzhou-peisong", "罗斌")[-2:] == [("明星党员", "2025", None),
                                                                   ("优秀党员", "2025", None)]
    code, lines = run_check(project)
    assert code == 0 and lines[-1].endswith("0 个错误，1 个警告。"), lines


def test_two_figures_with_the_same_name_must_be_told_apart_by_id(project: Path, tmp_path: Path) -> None:
    file = project / GZ / "branch.yml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "stories:\n", "  - id: zhang-wei-2\n    name: 张伟\nstories:\n", 1), encoding="utf-8")
    xlsx = roster(tmp_path / "r.xlsx", [
        ["广州配送中心党支部", "张伟", "明星党员", "2026-11", None],
        ["广州配送中心党支部", "zhang-wei-2", "明星党员", "2026-11", None],
    ])
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 1
    assert "无法导入 第 2 行：广州配送中心党支部有 2 位叫“张伟”的先进典型，分不清是哪一位；" \
           "请在姓名一栏改写该人物的编号（zhang-wei、zhang-wei-2）" in lines
    loaded, _, _ = load_branch(project / GZ)
    assert [(h.title, h.period) for h in loaded.branch.figures[-1].honours] == [("明星党员", "2026-11")]


def test_a_branch_with_errors_is_not_edited(project: Path, tmp_path: Path) -> None:
    replace_once(project / GZ / "branch.yml", "members: 23", "members: 二十三")
    before = snapshot(project / "branches")
    xlsx = roster(tmp_path / "r.xlsx", [["guangzhou-peisong", "王强", "明星党员", "2026-11", None]])
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert code == 1
    assert "无法导入 第 2 行：支部“guangzhou-peisong”的 branch.yml 现在有错误；请先运行 brandhall check 改正后再导入" \
        in lines
    assert snapshot(project / "branches") == before


# ---------------------------------------------------------------------------------------------
# Spreadsheets that cannot be read at all: one sentence, exit 1, nothing changed
# ---------------------------------------------------------------------------------------------


def assert_import_fails(project: Path, xlsx: Path, message: str) -> None:
    before = snapshot(project / "branches")
    code, lines = run_brandhall(project, "import", "honours", str(xlsx), "--apply")
    assert (code, lines) == (1, [f"导入失败：{message}。文件没有改动。"])
    assert snapshot(project / "branches") == before


def test_missing_file(project: Path, tmp_path: Path) -> None:
    missing = tmp_path / "没有.xlsx"
    assert_import_fails(project, missing, f"找不到表格文件“{missing}”，请检查文件名和所在文件夹")


def test_not_an_xlsx_file(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("支部,姓名,称号,期间\n", encoding="utf-8")
    assert_import_fails(project, path, "“名单.csv”不是 .xlsx 表格；.xls、.csv 或 WPS 表格请先另存为"
                                       "“Excel 工作簿（.xlsx）”再导入")


def test_a_renamed_or_broken_xlsx(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_text("支部,姓名,称号,期间\n", encoding="utf-8")
    assert_import_fails(project, path, "“名单.xlsx”打不开：文件已损坏，或不是真正的 .xlsx 表格（只改了扩展名）；"
                                       "请在 Excel 或 WPS 里另存为 .xlsx 再导入")


def test_no_header_row(project: Path, tmp_path: Path) -> None:
    xlsx = roster(tmp_path / "r.xlsx", header=None, rows=[["广州配送中心党支部", "王强", "明星党员", "2026-11"]])
    assert_import_fails(project, xlsx, "“r.xlsx”里找不到标题行：前 10 行里要有一行写着 支部、姓名、称号、期间 "
                                       "四个列名（授予单位可选），每个列名占一格")


def test_header_row_without_a_period_column(project: Path, tmp_path: Path) -> None:
    xlsx = roster(tmp_path / "r.xlsx", header=["支部", "姓名", "称号", "备注"],
                  rows=[["广州配送中心党支部", "王强", "明星党员", "2026-11"]])
    assert_import_fails(project, xlsx, "工作表“荣誉名单”第 1 行像是标题行，但缺少“期间”列；"
                                       "标题行要有 支部、姓名、称号、期间 四列（授予单位可选）")
