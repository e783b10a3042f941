"""The brand booklet (品牌手册): one branch's A4 PDF and the compilation (品牌汇编), read back with
poppler's pdftotext, pdffonts and pdfimages; and the booklets the site build offers on each
branch page, cached by content."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ARTIFACTS, copy_project, run_brandhall
from helpers import replace_once
from PIL import Image

BRANCH = "guangzhou-peisong"
SMALL_PORTRAIT = "people/li-hong-mei.png"  # made 250 px wide: fine on screen, too small for print
HOME_ORDER = ["匠心炼油·安稳长明", "光明驿站·电靓万家", "红色引擎·安全先锋", "暖心物流·四季先锋",
              "港湾先锋·油路通达", "交投先锋+行动学习·品质大桥", "红色智库·创新先锋"]


def text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []),
            *(["-f", str(first), "-l", str(last or first)] if first else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeezed(pdf: Path, *pages: int) -> str:
    """The text without spaces or line breaks, as the letter-spaced headings read."""
    return re.sub(r"\s+", "", text(pdf, *pages))


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def first_page_png(pdf: Path, name: str) -> Path:
    target = ARTIFACTS / "booklet" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(target)], check=True)
    return target.with_suffix(".png")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("booklet") / "project")
    portrait = project / "branches" / BRANCH / SMALL_PORTRAIT
    with Image.open(portrait) as image:
        image.resize((250, 250)).save(portrait)
    return project


@pytest.fixture(scope="module")
def one(project: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    result = run_brandhall(project, "booklet", BRANCH, "-o", "one.pdf")
    assert result.returncode == 0, result.stderr
    return project / "one.pdf", result


@pytest.fixture(scope="module")
def compilation(project: Path) -> Path:
    result = run_brandhall(project, "booklet")
    assert result.returncode == 0, result.stderr
    assert "已导出 7 个支部的品牌手册到 品牌汇编.pdf" in result.stderr
    return project / "品牌汇编.pdf"


def test_one_branch_booklet_has_every_section(one):
    pdf, result = one
    assert "已导出 1 个支部的品牌手册到 one.pdf" in result.stderr
    cover = squeezed(pdf, 1)
    for expected in ("红色引擎·安全先锋", "一名党员一面旗一台油车一岗哨", "品牌手册",
                     "中共华粤石油销售有限公司广东分公司广州配送中心支部委员会", "广东分公司党委"):
        assert expected in cover, expected
    body = squeezed(pdf)
    sections = {
        "理念": ("品牌理念", "党建抓安全、安全促发展", "标识释义", "象征安全是配送工作的生命线"),
        "载体": ("品牌载体", "流动党课进车队", "每次15分钟", "党员安全责任车", "互联共建聚合力"),
        "成效": ("工作成效", "2025年", "连续8年实现道路运输责任事故零发生", "星级评定", "四星党支部",
                 "集体荣誉", "工人先锋号", "2023—2025年"),
        "先进典型": ("先进典型", "王强", "配送中心主任、党支部书记", "2005年入党",
                     "把安全放在心上，把责任扛在肩上。", "优秀党务工作者", "罗斌", "2009年入党",
                     "他带领的车队连续8年无责任事故"),
        "典型故事": ("典型故事", "三方互联共建保供油站", "2021年9月18日", "拔河友谊赛",
                     "百万公里零事故安全先锋再获殊荣", "相关人物：张伟、罗斌"),
        "互联共建": ("互联共建", "湛江配送中心党支部", "港湾先锋·油路通达", "南沙油品码头党支部",
                     "签订《党建结对共建协议书》", "安全联防", "码头—车队联合消防应急演练"),
    }
    for section, phrases in sections.items():
        missing = [p for p in phrases if p not in body]
        assert not missing, f"{section}: {missing}"
    back = squeezed(pdf, page_count(pdf))
    assert "扫码查看广州配送中心党支部网页版" in back
    assert f"http://dangjian.intranet/branches/{BRANCH}/" in back
    with Image.open(first_page_png(pdf, "one-branch-cover")) as page:
        assert page.size[1] > page.size[0], "A4 portrait"


def test_booklet_fonts_are_embedded(one, compilation):
    for pdf in (one[0], compilation):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
        rows = fonts.stdout.splitlines()[2:]
        assert any("CJK" in row for row in rows), fonts.stdout
        assert all(row.split()[-5] == "yes" for row in rows), fonts.stdout  # the emb column


def test_photos_print_at_their_own_size_and_a_small_one_is_a_warning(one):
    pdf, result = one
    assert (f"警告 branches/{BRANCH}/branch.yml:83:12: 第 3 位先进典型 › photo (照片): 照片只有 250 像素宽，"
            "印刷时会模糊；建议换一张至少 266 像素宽的照片") in result.stderr
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    sizes = sorted((int(row.split()[3]), int(row.split()[4])) for row in listing)
    # the 250×250 portrait cropped to 3:4, not enlarged; each story's first photo (the drawn
    # examples are 960×640, under the print width) at its own size
    assert sizes == [(188, 250), (960, 640), (960, 640), (960, 640)], listing


def test_compilation_contents_page_numbers_are_the_chapters_first_pages(compilation):
    contents = text(compilation, 2, layout=True)
    entries = re.findall(r"^\s*(\S+)\s+\S+\s+(\d+)\s*$", contents, re.M)
    assert [brand for brand, _ in entries] == HOME_ORDER, contents
    openers = {}
    orgs = {"滨海能源集团党委", "广东分公司党委", "交通投资集团党委"}
    for number in range(3, page_count(compilation) + 1):
        lines = [line.strip() for line in text(compilation, number).splitlines() if line.strip()]
        if lines and lines[0] in orgs:  # a chapter opener: 党委, then brand, slogan and branch
            openers[lines[1]] = number
    assert openers == {brand: int(number) for brand, number in entries}


def test_compilation_has_a_cover_and_every_branch(compilation):
    cover = squeezed(compilation, 1)
    for expected in ("党建品牌汇编", "一支部一品牌·党建品牌展厅", "收录3个党委的7个支部品牌",
                     "滨海能源集团党委", "广东分公司党委", "交通投资集团党委"):
        assert expected in cover, expected
    body = squeezed(compilation)
    for phrase in ("目录", "广州配送中心党支部", "鹭江特大桥项目部临时党支部", "扫码查看城东供电所党支部网页版"):
        assert phrase in body, phrase
    with Image.open(first_page_png(compilation, "compilation-cover")) as page:
        assert page.size[1] > page.size[0]


def test_compilation_of_one_org(project: Path):
    result = run_brandhall(project, "booklet", "--org", "广东分公司党委", "-o", "gd.pdf")
    assert result.returncode == 0, result.stderr
    contents = text(project / "gd.pdf", 2, layout=True)
    assert re.findall(r"^\s*(\S+)\s+\S+\s+\d+\s*$", contents, re.M) == HOME_ORDER[2:5]
    assert "交通投资集团党委" not in squeezed(project / "gd.pdf")


def test_qr_code_address_can_be_given(project: Path):
    result = run_brandhall(project, "booklet", "huanan-wuliu", "--site-url", "http://intranet.example/dj",
                           "-o", "hn.pdf")
    assert result.returncode == 0, result.stderr
    back = squeezed(project / "hn.pdf", page_count(project / "hn.pdf"))
    assert "扫码查看华南物流中心党支部网页版http://intranet.example/dj/branches/huanan-wuliu/" in back


@pytest.mark.parametrize(("args", "message"), [
    (["guangzhou-peison"], "导出失败：没有名为“guangzhou-peison”的支部文件夹，是不是“guangzhou-peisong”？"),
    (["--org", "广东党委"], "导出失败：没有名为“广东党委”的党委，是不是“广东分公司党委”？"),
    (["zhanjiang-peisong", "--org", "交通投资集团党委"], "导出失败：所选的支部都不属于“交通投资集团党委”。"),
])
def test_unknown_branch_or_org_is_refused(project: Path, args: list[str], message: str):
    result = run_brandhall(project, "booklet", *args, "-o", "refused.pdf")
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert not (project / "refused.pdf").exists()


def test_a_broken_branch_file_refuses_the_booklet(project: Path):
    branch = project / "branches" / "huanan-wuliu" / "branch.yml"
    original = branch.read_text()
    branch.write_text(original.replace("members:", "memberz:", 1))
    try:
        result = run_brandhall(project, "booklet", "-o", "broken.pdf")
    finally:
        branch.write_text(original)
    assert result.returncode == 1
    assert "不认识的字段“memberz”，你是不是想写“members”？" in result.stderr
    assert result.stderr.strip().endswith("导出失败：1 个错误，0 个警告。")
    assert not (project / "broken.pdf").exists()


def test_drafts_stay_out_of_the_booklet_and_the_compilation(tmp_path: Path):
    """draft: true on a figure, an inline story, a story file and a branch: none of them is
    printed, and the compilation has one chapter fewer."""
    project = copy_project(tmp_path / "project")
    folder = project / "branches" / BRANCH
    replace_once(folder / "branch.yml", "  - name: 李红梅\n", "  - name: 李红梅\n    draft: true\n")
    replace_once(folder / "branch.yml", "  - title: 三方互联共建 保供油站\n",
                 "  - title: 三方互联共建 保供油站\n    draft: true\n")
    replace_once(folder / "stories" / "liudong-dangke.md", 'date: "2025-06-12"\n', 'date: "2025-06-12"\ndraft: true\n')
    replace_once(project / "branches" / "huanan-wuliu" / "branch.yml", "name: 华南物流中心党支部\n",
                 "name: 华南物流中心党支部\ndraft: true\n")
    one = run_brandhall(project, "booklet", BRANCH, "-o", "one.pdf")
    assert one.returncode == 0, one.stderr
    whole = run_brandhall(project, "booklet")
    assert whole.returncode == 0, whole.stderr
    assert "已导出 6 个支部的品牌手册到 品牌汇编.pdf" in whole.stderr
    drafts = ("李红梅", "调度一盘棋", "三方互联共建保供油站", "十五分钟流动党课", "华南物流中心党支部",
              "暖心物流·四季先锋")
    for pdf in (project / "one.pdf", project / "品牌汇编.pdf"):
        printed = squeezed(pdf)
        assert "红色引擎·安全先锋" in printed and "张伟" in printed and "百万公里零事故" in printed
        assert [d for d in drafts if d in printed] == [], pdf.name
    refused = run_brandhall(project, "booklet", "huanan-wuliu", "-o", "draft.pdf")
    assert refused.returncode == 1
    assert "导出失败：没有名为“huanan-wuliu”的支部文件夹" in refused.stderr
    assert not (project / "draft.pdf").exists()


def test_personal_data_refuses_the_booklet_as_it_refuses_the_site(tmp_path: Path):
    """A phone number in a figure's motto (a draft one too): no booklet, the same message as
    `check`, and a number the editor marked as not personal (privacy_ok) is printed."""
    project = copy_project(tmp_path / "project")
    path = project / "branches" / BRANCH / "branch.yml"
    replace_once(path, "    motto: 调度一盘棋，服务一条心。",
                 "    draft: true\n    motto: 调度一盘棋，电话 13800138000")
    refused = run_brandhall(project, "booklet", BRANCH, "-o", "one.pdf")
    assert refused.returncode == 1
    assert "手机号码" in refused.stderr and "138****8000" in refused.stderr and "13800138000" not in refused.stderr
    assert refused.stderr.strip().endswith("导出失败：1 个错误，0 个警告。")
    assert not (project / "one.pdf").exists()
    replace_once(path, "    draft: true\n    motto: 调度一盘棋，电话 13800138000", "    motto: 值班电话 020-12345678\n"
                 "    privacy_ok: [020-12345678]")
    printed = run_brandhall(project, "booklet", BRANCH, "-o", "one.pdf")
    assert printed.returncode == 0, printed.stderr
    assert "值班电话020-12345678" in squeezed(project / "one.pdf")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("booklet-site") / "project")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "品牌手册本次新排版 7 本" in result.stderr
    return project


def test_each_branch_page_offers_its_booklet(site: Path):
    for folder in sorted((site / "branches").iterdir()):
        page = (site / "site" / "branches" / folder.name / "index.html").read_text()
        assert 'href="booklet.pdf"' in page and "下载品牌手册（PDF）" in page, folder.name
        pdf = site / "site" / "branches" / folder.name / "booklet.pdf"
        assert "品牌手册" in squeezed(pdf, 1), folder.name


def test_unchanged_branch_booklets_are_not_typeset_again(site: Path):
    again = run_brandhall(site, "build", "--quiet")
    assert "品牌手册本次新排版 0 本" in again.stderr, again.stderr
    replace_once(site / "branches" / BRANCH / "branch.yml", "slogan: 一名党员一面旗 一台油车一岗哨",
                 "slogan: 一名党员一面旗 <b>一台油车</b> & 一岗哨")
    edited = run_brandhall(site, "build", "--quiet")
    assert "品牌手册本次新排版 1 本" in edited.stderr, edited.stderr
    cover = text(site / "site" / "branches" / BRANCH / "booklet.pdf", 1)
    assert "<b>一台油车</b> & 一岗哨" in cover, "the editor's text, escaped, not markup"


def test_no_booklets_builds_the_site_without_them(site: Path):
    result = run_brandhall(site, "build", "--quiet", "--no-booklets", "--site-dir", "plain")
    assert result.returncode == 0, result.stderr
    assert "品牌手册" not in result.stderr
    page = (site / "plain" / "branches" / BRANCH / "index.html").read_text()
    assert "booklet.pdf" not in page
    assert not list((site / "plain").rglob("*.pdf"))


def test_a_booklet_weasyprint_cannot_typeset_fails_the_build_and_leaves_the_site(site: Path):
    stylesheet = site / "theme" / "assets" / "booklet.css"
    original = stylesheet.read_text()
    before = (site / "site" / "branches" / BRANCH / "index.html").read_text()
    # a grid around the floated portraits, which WeasyPrint 70's layout fails on
    stylesheet.write_text(original + "\n.bk-figure { display: grid; grid-template-columns: 45mm 1fr; }\n")
    try:
        result = run_brandhall(site, "build", "--quiet")
    finally:
        stylesheet.write_text(original)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert (f"错误 branches/{BRANCH}/branch.yml:15:3: brand (支部品牌): 品牌手册排版失败（WeasyPrint："
            "TypeError: unsupported operand type(s) for +: 'float' and 'str'）。这不是你的文件写错了，"
            "请把这段信息发给网站管理员；可先用 brandhall build --no-booklets 生成网站") in lines
    assert lines[-1] == "构建失败：7 个错误，0 个警告。site/ 没有改动。"
    assert (site / "site" / "branches" / BRANCH / "index.html").read_text() == before
