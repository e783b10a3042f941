"""Loading `screens/*.yml`: one validation pass per file, with slides validated each by its own
model, then checks of the text and against the content graph."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ValidationError,
)

from ..errors import Problem, Severity
from ..graph import ContentGraph
from ..load import explain_validation, validate_file
from ..models import SLUG_PATTERN, label_of
from ..scan import IMAGE_CODE, KINDS, find_personal_data, markdown_images
from ..suggest import did_you_mean
from ..written import as_written
from ..yamlsource import FieldPath, Located, counted, dotted
from .frames import _frames_of
from .models import (
    NOTICE_MAX_CHARS,
    NOTICE_TITLE_MAX_CHARS,
    SCREENS_DIR,
    SLIDE_TYPES,
    BrandSlide,
    BrandsSlide,
    FigureSlide,
    FigureTalkSlide,
    NoticeSlide,
    PartnersSlide,
    Screen,
    ScreenFile,
    SlideBase,
    StoriesSlide,
    UrgentNotice,
    WallSlide,
    slide_type_error,
)
from .pictures import check_pictures
from .text import slide_excerpt


@dataclass
class LoadedScreen:
    name: str
    file: Path
    screen: Screen
    doc: Located


EXAMPLE_HOST = "dangjian.intranet"  # the host of the bundled mkdocs.yml's example site_url


def example_address_problem(root: Path, site_url: str | None) -> Problem | None:
    """While site_url is the example's, every QR code and screen address leads nowhere."""
    if not (root / SCREENS_DIR).is_dir() or not site_url or urlsplit(site_url).hostname != EXAMPLE_HOST:
        return None
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("site_url:")), 1)
    col = lines[line - 1].find(site_url) + 1 if lines else 0
    return Problem(root / "mkdocs.yml", line, col if col > 0 else 1, "site_url", "网站地址",
                   f"还是示例地址 {site_url}，大屏上的二维码和大屏目录里的播放地址都指向一个不存在的网站；"
                   "发布前请改成内网网站的真实地址，如 http://10.1.2.3/dangjian/（或发布时用 --site-url 指定）",
                   "W609", Severity.WARNING)


def screen_files(root: Path) -> list[Path]:
    folder = root / SCREENS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))


def load_screens(root: Path, graph: ContentGraph | None, posters: Path | None = None
                 ) -> tuple[list[LoadedScreen], list[Problem]]:
    """Every playlist of `root/screens/`; `posters` caches the first pages of PDF posters."""
    loaded: list[LoadedScreen] = []
    problems: list[Problem] = []
    posters = posters or Path(tempfile.gettempdir()) / "brandhall-posters"
    for file in screen_files(root):
        screen, screen_problems = load_screen(file, graph, posters)
        problems += screen_problems
        if screen is not None:
            loaded.append(screen)
    return loaded, problems


def load_screen(file: Path, graph: ContentGraph | None, posters: Path) -> tuple[LoadedScreen | None, list[Problem]]:
    problems: list[Problem] = []
    if file.suffix != ".yml":
        return None, [Problem(file, 1, 1, "文件名", "扩展名",
                              f"大屏文件要以 .yml 结尾，“{file.name}”没有被读取；请改名为 {file.stem}.yml",
                              "W600", Severity.WARNING)]
    if not re.match(SLUG_PATTERN, file.stem):
        problems.append(Problem(file, 1, 1, "文件名", "网址名",
                                f"文件名“{file.name}”不能用作网址；只能用小写字母 a–z、数字和连字符 -，"
                                "如 lobby.yml、dating-1f.yml", "E605"))
    # One pass: the file with its slides left as written, then each slide by its own model.
    outline, doc, file_problems = validate_file(file, ScreenFile, {})
    problems += file_problems
    if doc is None:
        return None, problems
    slides, slide_problems = _validate_slides(doc, file)
    problems += slide_problems
    problems += _check_text(doc, file)
    problems += check_pictures(slides, file.parent.parent, posters, doc, file)
    if outline is not None and outline.urgent is not None:
        problems += _too_long(outline.urgent, ("urgent",), doc, file)
    if graph is not None:
        problems += _check_against_graph(slides, graph, doc, file)
    if outline is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    screen = outline.model_copy(update={"slides": [slide for _, slide in slides]})
    return LoadedScreen(file.stem, file, screen, doc), problems


def _validate_slides(doc: Located, file: Path) -> tuple[list[tuple[int, SlideBase]], list[Problem]]:
    """Each slide on its own, with its own model, so labels and hints fit its type."""
    raw = doc.data.get("slides") if isinstance(doc.data, dict) else None
    slides: list[tuple[int, SlideBase]] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(item, dict):
            continue  # reported by the file's validation as slides[i]
        prefix: FieldPath = ("slides", index)
        kind = item.get("type")
        model = SLIDE_TYPES.get(kind) if isinstance(kind, str) else None
        if model is None:
            line, col = doc.position_of((*prefix, "type"))
            problems.append(Problem(file, line, col, dotted((*prefix, "type")), "幻灯片类型",
                                    slide_type_error(kind).message(), "E606"))
            continue
        below = _below(doc, prefix)
        found = as_written(file, below, model)
        try:
            slides.append((index, model.model_validate(item)))
        except ValidationError as error:
            found += explain_validation(error, model, below, file)
        for problem in found:
            inner = "" if problem.field == "-" else problem.field
            label = model.model_config["title"] if problem.label == "文件" else problem.label  # the whole slide
            problems.append(replace(problem, field=counted(*prefix) + (f" › {inner}" if inner else ""), label=label))
    return slides, problems


def _check_text(doc: Located, file: Path) -> list[Problem]:
    """No personal data anywhere on a screen, and no images in a notice's Markdown (the
    sanitiser would drop them without a word)."""
    problems: list[Problem] = []

    def label(path: FieldPath) -> str:
        slides = doc.data.get("slides") if isinstance(doc.data, dict) else None
        if len(path) > 2 and path[0] == "slides" and isinstance(slides, list) and isinstance(slides[path[1]], dict):
            model = SLIDE_TYPES.get(str(slides[path[1]].get("type")))
            if model is not None:
                return label_of(model, path[2:])
        return label_of(Screen, path)

    def walk(value: Any, path: FieldPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str):
            line, col = doc.position_of(path)
            for hit in find_personal_data(value):
                problems.append(Problem(file, line, col, dotted(path), label(path),
                                        f"发现疑似{KINDS[hit.kind][0]}“{hit.masked}”，大屏上不能出现个人信息，请删除",
                                        KINDS[hit.kind][1]))
            if path[-1] == "text" and markdown_images(value):
                problems.append(Problem(file, line, col, dotted(path), label(path),
                                        "通知正文里不能插入图片（大屏会把它去掉），请删去", IMAGE_CODE))

    walk(doc.data, ())
    return problems


def _below(doc: Located, prefix: FieldPath) -> Located:
    """The part of `doc` under `prefix`, with paths relative to it."""
    n = len(prefix)

    def cut(table: dict) -> dict:
        return {path[n:]: pos for path, pos in table.items() if path[:n] == prefix}

    data = doc.data
    for part in prefix:
        data = data[part]
    return Located(data, cut(doc.values), cut(doc.keys), cut(doc.plain),
                   {path[n:] for path in doc.flow_lists if path[:n] == prefix}, doc.lines, doc.line_offset)


def _check_against_graph(slides: list[tuple[int, SlideBase]], graph: ContentGraph, doc: Located,
                         file: Path) -> list[Problem]:
    problems: list[Problem] = []
    branches = {b.slug: b for b in graph.branches}

    def problem(index: int, name: str, model: type[BaseModel], message: str, code: str,
                severity: Severity = Severity.ERROR) -> None:
        path = ("slides", index, name)
        line, col = doc.position_of(path)
        problems.append(Problem(file, line, col, dotted(path), label_of(model, (name,)), message,
                                code, severity))

    for index, slide in slides:
        model = type(slide)
        if isinstance(slide, BrandSlide | FigureSlide | FigureTalkSlide) and slide.branch not in branches:
            if (file.parent.parent / graph.settings.branches_dir / slide.branch).is_dir():
                continue  # the branch exists but its own file has errors, reported there
            problem(index, "branch", model,
                    f"本站没有文件夹名为“{slide.branch}”的支部{did_you_mean(slide.branch, branches, listing='可以写')}",
                    "E601")
            continue
        if isinstance(slide, FigureSlide | FigureTalkSlide):
            figures = {f.id: f for f in branches[slide.branch].figures}
            figure = figures.get(slide.figure)
            if figure is None:
                problem(index, "figure", model,
                        f"“{branches[slide.branch].data.name}”没有编号为“{slide.figure}”的人物"
                        f"{did_you_mean(slide.figure, figures, listing='可以写')}", "E602")
            elif not figure.data.on_screens:
                problem(index, "figure", model,
                        f"{figure.data.name}设置了 on_screens: false（不上大屏），不能放在大屏上；"
                        "请删去这张幻灯片", "E604")
        if isinstance(slide, BrandsSlide) and slide.org is not None and slide.org not in graph.by_org():
            problem(index, "org", model,
                    f"本站没有所属党委为“{slide.org}”的支部"
                    f"{did_you_mean(slide.org, graph.by_org(), cutoff=0.3, listing='可以写')}",
                    "E603")
        if isinstance(slide, NoticeSlide):
            problems += _too_long(slide, ("slides", index), doc, file)
        if isinstance(slide, WallSlide | StoriesSlide | PartnersSlide) and not _frames_of(slide, graph):
            problem(index, "type", model, "现在没有可显示的内容（如没有可上大屏的明星、故事或共建），"
                                          "这张幻灯片会被跳过", "W608", Severity.WARNING)
    return problems


def _too_long(notice: NoticeSlide | UrgentNotice, prefix: FieldPath, doc: Located, file: Path) -> list[Problem]:
    """A notice fits one page of the screen."""
    found: list[tuple[str, str]] = []
    length = len(slide_excerpt(notice.text, 100_000))
    if length > NOTICE_MAX_CHARS:
        found.append(("text", f"通知正文有 {length} 个字，大屏一页放不下；请精简到 {NOTICE_MAX_CHARS} 字以内，"
                              "或拆成两张通知"))
    if len(notice.title) > NOTICE_TITLE_MAX_CHARS:
        found.append(("title", f"通知标题有 {len(notice.title)} 个字，请精简到 {NOTICE_TITLE_MAX_CHARS} 字以内"))
    return [Problem(file, *doc.position_of((*prefix, name)), dotted((*prefix, name)),
                    label_of(type(notice), (name,)), message, "E607") for name, message in found]



