"""The form editor in `site/admin/`: Decap CMS shipped from npm, its configuration generated from
the data models and the content graph, and our preview templates and styles.

The configuration is generated at every build, never written by hand: one form per branch file
(`branches/<slug>/branch.yml`) and one collection of story files per branch
(`branches/<slug>/stories/*.md`), with labels, hints, required marks, patterns and choices from
the models and from `extra.brandhall`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from .branchfiles import PHOTO_SUFFIXES
from .errors import Problem, Severity
from .forms import Choices, form_field, model_fields
from .graph import BranchNode, ContentGraph
from .models import Branch, Story, StoryMeta
from .patches import patch_decap
from .photowork import MAX_PIXELS, PORTRAIT, STORY_PHOTO, TOO_MANY_PIXELS
from .settings import EditorSettings

DECAP_VERSION = "3.16.3"  # pinned in package.json; the bundle is checked against it
# The `yaml` package (pinned in package.json) as browser modules: brandhall-yaml.js keeps
# branch.yml's comments and formatting through its Document API.
YAML_MODULES = Path("yaml") / "browser" / "dist"
ASSETS = Path(__file__).parent / "cms"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
LOCAL_BACKEND_URL = "http://localhost:8081/api/v1"
# Up to this many branches, each branch's stories are a collection in the sidebar; beyond it the
# sidebar lists only 支部 and each branch's form links to its stories. (Decap has no single story
# collection that scales: a folder collection names new files from its own fields or, nested,
# from the title, reads every story file before listing them, and offers one list of figures.)
SIDEBAR_STORIES = 20
# libyaml's dumper writes the same text five times as fast (1,000 branches: a 4 MB config.yml).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def decap_dist(project_root: Path) -> Path | None:
    """The installed decap-cms bundle: the project's own node_modules, else brandhall's."""
    for root in (project_root, PACKAGE_ROOT):
        dist = root / "node_modules" / "decap-cms" / "dist"
        if (dist / "decap-cms.js").is_file():
            return dist
    return None


def installed_version(dist: Path) -> str:
    return json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))["version"]


def write_admin(project_root: Path, graph: ContentGraph, settings: Any, site_dir: Path) -> list[Problem]:
    """Write `site_dir/admin/`. Without the npm packages the site builds without the editor."""
    dist = decap_dist(project_root)
    if dist is None or installed_version(dist) != DECAP_VERSION or not (dist.parents[1] / YAML_MODULES).is_dir():
        found = ("没有安装" if dist is None else f"装的是 {installed_version(dist)} 版"
                 if installed_version(dist) != DECAP_VERSION else "缺少它用到的 npm 包 yaml")
        return [Problem(project_root / "package.json", 1, 1, "decap-cms", "表单编辑器",
                        f"表单编辑器 Decap CMS {DECAP_VERSION} {found}，网站里暂不包含 admin/；"
                        "请运行 bash scripts/setup.sh 安装后重新生成", "W504", Severity.WARNING)]
    admin = site_dir / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    _write_if_changed(admin / "decap-cms.js", patch_decap(
        (dist / "decap-cms.js").read_text(encoding="utf-8"), dist / "decap-cms.js"))
    for file in [*dist.glob("*.decap-cms.js"), *dist.glob("*.wasm"), dist / "decap-cms.js.LICENSE.txt"]:
        _copy_if_changed(file, admin / file.name)
    for file in ASSETS.iterdir():
        _copy_if_changed(file, admin / file.name)
    _copy_yaml_modules(dist.parents[1], admin / "yaml")
    config = cms_config(graph, settings)
    text = "# 由 brandhall 按数据模型生成，请勿手改；改动会在下次生成网站时被覆盖。\n"
    text += yaml.dump(config, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=120)
    (admin / "config.yml").write_text(text, encoding="utf-8")
    (admin / "brandhall.json").write_text(json.dumps(page_settings(graph, settings), ensure_ascii=False),
                                          encoding="utf-8")
    return []


def page_settings(graph: ContentGraph, settings: Any) -> dict[str, Any]:
    """What admin/brandhall-cms.js needs besides Decap's configuration."""
    return {
        "remote": settings.editor is not None,
        "branches": [b.slug for b in graph.branches],
        "stories": [f"stories-{b.slug}" for b in graph.branches],
        "names": {f"stories-{b.slug}": b.data.name for b in graph.branches},
        "rules": {"suffixes": list(PHOTO_SUFFIXES), "max_pixels": MAX_PIXELS,
                  "too_many_pixels": TOO_MANY_PIXELS.message,
                  "min_width": {"portrait": PORTRAIT.min_width, "story": STORY_PHOTO.min_width}},
    }


def _copy_yaml_modules(node_modules: Path, target: Path) -> None:
    modules = node_modules / YAML_MODULES
    for file in modules.rglob("*.js"):
        (target / file.relative_to(modules)).parent.mkdir(parents=True, exist_ok=True)
        _copy_if_changed(file, target / file.relative_to(modules))
    _copy_if_changed(node_modules / "yaml" / "LICENSE", target / "LICENSE")


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _copy_if_changed(source: Path, target: Path) -> None:
    stat = source.stat()
    if target.exists() and target.stat().st_size == stat.st_size and target.stat().st_mtime >= stat.st_mtime:
        return
    shutil.copy2(source, target)


def cms_config(graph: ContentGraph, settings: Any) -> dict[str, Any]:
    """The whole Decap configuration."""
    config: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": backend(settings.editor),
        # Decap uses decap-server instead of `backend` only when the page is on localhost.
        "local_backend": {"url": LOCAL_BACKEND_URL},
        "publish_mode": "simple",
        "media_folder": settings.branches_dir,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "logo_url": "../assets/favicon.svg",
        "show_preview_links": False,
        "collections": [branch_collection(graph, settings), *story_collections(graph, settings)],
    }
    return config


def backend(editor: EditorSettings | None) -> dict[str, Any]:
    """The git server that commits each save; without one, only `brandhall edit` can save."""
    if editor is None:
        return {"name": "proxy", "proxy_url": LOCAL_BACKEND_URL, "branch": "main"}
    base = editor.base_url.rstrip("/")
    config: dict[str, Any] = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch,
                              "base_url": base, "app_id": editor.app_id}
    if editor.backend == "gitea":
        config["api_root"] = f"{base}/api/v1"  # Decap logs in at base_url/login/oauth/authorize
    else:
        config |= {"api_root": f"{base}/api/v4", "auth_type": "pkce", "auth_endpoint": "oauth/authorize"}
    return config


def site_choices(graph: ContentGraph, settings: Any) -> Choices:
    """The choices every branch file shares. (A branch chosen as its own partner is refused by
    `check`.)"""
    titles = [h.title for h in settings.honours]
    used = sorted({h.title for f in graph.figures for h in f.data.honours} - set(titles))
    return {
        "brand.tier": list(settings.tiers),
        "figures.honours.title": titles + used,
        "partners.branch": [{"label": b.data.name, "value": b.slug} for b in graph.branches],
    }


def figure_options(branch: BranchNode) -> list[dict[str, str]]:
    return [{"label": f"{f.data.name}（{f.id}）", "value": f.id} for f in branch.figures]


def branch_collection(graph: ContentGraph, settings: Any) -> dict[str, Any]:
    """One form per branch file. The fields are the same objects in every form but the inline
    stories' (whose figures are the branch's own), so config.yml writes them once, as anchors."""
    choices = site_choices(graph, settings)
    shared = model_fields(Branch, choices)
    files = []
    for branch in graph.branches:
        stories = form_field("stories", Branch.model_fields["stories"],
                             {**choices, "stories.figures": figure_options(branch)}, "stories")
        fields = [stories if f["name"] == "stories" else f for f in shared]
        files.append({"name": branch.slug, "label": branch.data.name,
                      "file": f"{settings.branches_dir}/{branch.slug}/branch.yml", "fields": fields})
    return {"name": "branches", "label": "支部", "label_singular": "支部", "editor": {"preview": True},
            "description": "每个支部一个文件：品牌、集体荣誉、先进典型、短故事与互联共建。",
            "format": "brandhall-yaml", "extension": "yml", "files": files}


def story_collections(graph: ContentGraph, settings: Any, sidebar: int | None = None) -> list[dict[str, Any]]:
    """One collection of story files per branch; all but the figures field shared, as above.
    Beyond `sidebar` branches they are hidden from the sidebar (reached from the branch)."""
    shared = [*model_fields(StoryMeta, {}), form_field("body", Story.model_fields["body"], {}, "body")]
    hidden = len(graph.branches) > (SIDEBAR_STORIES if sidebar is None else sidebar)
    collections = []
    for branch in graph.branches:
        figures = form_field("figures", StoryMeta.model_fields["figures"],
                             {"figures": figure_options(branch)}, "figures")
        collections.append({
            # label_singular names the collection in 快速新建 and on its ＋ button
            "name": f"stories-{branch.slug}", "label": f"{branch.data.name} · 故事",
            "label_singular": f"{branch.data.name} · 故事", "folder": f"{settings.branches_dir}/{branch.slug}/stories",
            "description": "典型故事，每篇一个文件。文件名（网址）按日期生成，如 2025-06-12。",
            "create": True, "extension": "md", "format": "brandhall-frontmatter",
            "slug": "{{fields.date}}", "identifier_field": "title",
            "summary": "{{date}} {{title}}", "sortable_fields": ["date", "title"],
            "media_folder": "", "public_folder": "stories", "hide": hidden,
            "fields": [figures if f["name"] == "figures" else f for f in shared],
        })
    return collections

