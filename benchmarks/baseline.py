"""The baseline for bench_build.py: the same branch, figure and story pages, with the same text
and the same photos as plain image files, written as plain Markdown into a plain mkdocs-material
project (theme material, language zh, the search plugin, default features, no `nav`, so MkDocs
makes its default navigation from the folders), built with `mkdocs build`.

The default navigation lists every page on every page, so the baseline grows with the square of
the page count; above a cap it is projected from a quadratic fit of the measured sizes instead.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG = """site_name: 一支部一品牌 · 党建品牌展厅（基线）
theme:
  name: material
  language: zh
plugins:
  - search
"""
FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.S)


@dataclass
class Baseline:
    branches: int
    pages: int
    seconds: float
    site_bytes: float
    search_bytes: float
    peak_mb: float
    measured: bool  # False: projected from measured runs, not built


def pages_for(branches: int, per_branch: int) -> int:
    return branches * per_branch + 1  # + the home page


# ---------------------------------------------------------------------------------------------
# Writing the plain project
# ---------------------------------------------------------------------------------------------


def write_project(corpus: Path, target: Path, branches: int) -> int:
    """The plain project for the first `branches` branch folders of `corpus`; returns its pages."""
    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs"
    docs.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    folders = sorted(p for p in (corpus / "branches").iterdir() if p.is_dir())[:branches]
    home = ["# 一支部一品牌", "", "各支部党建品牌一览。", ""]
    pages = 1
    for folder in folders:
        data = yaml.safe_load((folder / "branch.yml").read_text(encoding="utf-8"))
        home.append(f"- [{data['brand']['name']} · {data['name']}](branches/{folder.name}/index.md)")
        pages += write_branch(folder, docs / "branches" / folder.name, data)
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    return pages


def write_branch(folder: Path, out: Path, data: dict) -> int:
    for sub in ("people", "figures", "stories"):
        (out / sub).mkdir(parents=True)
    for photo in [*folder.glob("people/*"), *folder.glob("stories/*.jpg"), *folder.glob("logo.*")]:
        link(photo, out / photo.relative_to(folder))
    stories = read_stories(folder, data)
    (out / "index.md").write_text(branch_md(data, stories), encoding="utf-8")
    for figure in data["figures"]:
        (out / "figures" / f"{figure['id']}.md").write_text(figure_md(data, figure, stories), encoding="utf-8")
    for slug, story in stories.items():
        (out / "stories" / f"{slug}.md").write_text(story_md(data, story), encoding="utf-8")
    return 1 + len(data["figures"]) + len(stories)


def link(source: Path, target: Path) -> None:
    """A hard link saves the copy (MkDocs still copies the bytes into the site)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def read_stories(folder: Path, data: dict) -> dict[str, dict]:
    stories = {f"{s['date']}-{n + 1}": s for n, s in enumerate(data.get("stories") or [])}
    for path in sorted(folder.glob("stories/*.md")):
        text = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        stories[path.stem] = {**yaml.safe_load(match.group(1)), "body": text[match.end():]}
    return stories


def branch_md(data: dict, stories: dict[str, dict]) -> str:
    brand = data["brand"]
    lines = [f"# {brand['name']} · {data['name']}", "", f"{data['name']} · {data['org']} · {brand['tier']}", "",
             f"![{brand['name']}标识]({brand['logo']})", "", f"**{brand['slogan']}**", "",
             "## 品牌理念", "", brand["concept"], "### 标识释义", "", brand["logo_meaning"], "", "## 支部概况", ""]
    lines += [f"- 党组织全称：{data['full_name']}", f"- 组织类型：{data['type']}", f"- 支部书记：{data['secretary']}",
              f"- 党员人数：{data['members']} 名", f"- 成立时间：{data['founded']}", f"- 品牌创建：{brand['launched']}"]
    lines += [f"- {r['year']}年 {r['level']}（{r['by']}）" for r in data["ratings"]]
    lines += ["", "## 工作法", ""]
    for method in brand["methods"]:
        lines += [f"### {method['title']}", "", method["text"]]
    lines += ["## 工作成效", ""] + [f"- {r['year']} {r['text']}" for r in brand["results"]]
    lines += ["", "## 集体荣誉", ""] + [f"- **{h['title']}** {h['period']} · {h['by']}" for h in data["honours"]]
    lines += ["", "## 先进典型", ""]
    lines += [f"[![{f['name']}]({f['photo']})](figures/{f['id']}.md) [{f['name']}](figures/{f['id']}.md) "
              f"{f['post']}：“{f['motto']}”\n" for f in data["figures"]]
    lines += ["## 典型故事", ""] + [f"- [{s['title']}](stories/{slug}.md) {s['date']}" for slug, s in stories.items()]
    lines += ["", "## 互联共建", ""]
    for partner in data.get("partners") or []:
        lines.append(f"- [{partner['branch']}](../{partner['branch']}/index.md)" if "branch" in partner
                     else f"- {partner['name']}，自 {partner['since']} 起：{'、'.join(partner['areas'])}")
    return "\n".join(lines) + "\n"


def figure_md(data: dict, figure: dict, stories: dict[str, dict]) -> str:
    lines = [f"# {figure['name']} · {data['name']}", "", f"[{data['name']}](../index.md)", "",
             f"![{figure['name']}](../{figure['photo']})", "", f"- 岗位：{figure['post']}",
             f"- 入党年份：{figure['joined']}年", "", f"> “{figure['motto']}”", "", "## 荣誉称号", ""]
    lines += [f"- {h['title']} {h['period']} {h['by']}" for h in figure["honours"]]
    lines += ["", "## 先进事迹", "", figure["story"], "## 相关故事", ""]
    lines += [f"- [{s['title']}](../stories/{slug}.md) {s['date']}"
              for slug, s in stories.items() if figure["id"] in s.get("figures", [])]
    return "\n".join(lines) + "\n"


def story_md(data: dict, story: dict) -> str:
    names = {f["id"]: f["name"] for f in data["figures"]}
    lines = [f"# {story['title']}", "", f"[{data['name']}](../index.md) · {story['date']}", "",
             " ".join(f"`{tag}`" for tag in story.get("tags", [])), "", story["body"]]
    for photo in story.get("photos", []):
        src, caption = (photo, "") if isinstance(photo, str) else (photo["src"], photo.get("caption", ""))
        lines += [f"![{caption or story['title']}](../{src})", "", caption, ""]
    lines += ["## 故事中的先进典型", ""]
    lines += [f"- [{names[i]}](../figures/{i}.md)" for i in story.get("figures", [])]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Projection
# ---------------------------------------------------------------------------------------------


def fit_quadratic(points: list[tuple[float, float]]) -> Callable[[float], float]:
    """Least-squares y = a + b·x + c·x² over three or more sizes; y = a + c·x² over two (start-up
    plus navigation), y = c·x² over one."""
    scale = max(x for x, _ in points)
    powers = ((2,), (0, 2), (0, 1, 2))[min(len({x for x, _ in points}), 3) - 1]
    xs = [(x / scale, y) for x, y in points]
    matrix = [[sum(x ** (i + j) for x, _ in xs) for j in powers] for i in powers]
    vector = [sum(y * x ** i for x, y in xs) for i in powers]
    coefficients = solve(matrix, vector)
    return lambda x: sum(c * (x / scale) ** p for c, p in zip(coefficients, powers, strict=True))


def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting, for the small normal equations above."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def project(measured: list[Baseline], branches: int, pages: int) -> Baseline:
    """The baseline at `pages`, from a quadratic fit of each figure over the measured runs."""
    def fitted(attribute: str) -> float:
        return fit_quadratic([(b.pages, getattr(b, attribute)) for b in measured])(pages)
    return Baseline(branches, pages, fitted("seconds"), fitted("site_bytes"), fitted("search_bytes"),
                    fitted("peak_mb"), measured=False)
