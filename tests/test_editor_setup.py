"""What editors get before they commit: the pre-commit hook and the VS Code settings.

The hook is run the way pre-commit runs a `language: system` hook (its entry split like a shell
command, in the project root, no file names), on a clean copy and on a copy with a mistake.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import copy_project, position, replace_once

REPO = Path(__file__).resolve().parents[1]


def hook() -> dict:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    [entry] = repo["hooks"]
    return entry


def test_the_hook_runs_on_branch_screen_and_site_files_only() -> None:
    entry = hook()
    assert entry["language"] == "system" and entry["pass_filenames"] is False
    files = re.compile(entry["files"])
    for path in ["branches/guangzhou-peisong/branch.yml", "branches/x/stories/a.md", "branches/x/people/a.jpg",
                 "screens/lobby.yml", "mkdocs.yml"]:
        assert files.search(path), path
    for path in ["brandhall/cli.py", "docs/about.md", "README.md", "theme/mkdocs.yml.bak", "old-branches/x.yml"]:
        assert not files.search(path), path


def run_hook(project: Path) -> subprocess.CompletedProcess[str]:
    """The hook's entry as pre-commit runs it, with this venv's `brandhall` on PATH."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    env = {**os.environ, "PATH": path, "NO_COLOR": "1"}
    return subprocess.run(shlex.split(hook()["entry"]), cwd=project, capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def test_the_hook_passes_a_clean_project_and_stops_a_mistake(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    clean = run_hook(project)
    assert clean.returncode == 0, clean.stderr
    assert "检查通过" in clean.stderr
    replace_once(project / "branches/guangzhou-peisong/branch.yml", "members: 23", "members: 二十三")
    broken = run_hook(project)
    assert broken.returncode == 1
    where = position(project / "branches/guangzhou-peisong/branch.yml", "members:", "二十三")
    assert f"错误 branches/guangzhou-peisong/branch.yml:{where}: members (党员人数): 应为整数，如 23" in broken.stderr


def test_vscode_maps_the_files_to_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert schemas["./schema/branch.schema.json"] == ["branches/*/branch.yml"]
    assert schemas["./schema/screen.schema.json"] == ["screens/*.yml"]
    for schema in schemas:
        assert (REPO / schema).is_file(), schema
    branch_schema = json.loads((REPO / "schema" / "branch.schema.json").read_text(encoding="utf-8"))
    assert branch_schema["properties"]["name"]["title"] == "支部名称", "hover text is Chinese"
    assert settings["[yaml]"]["editor.insertSpaces"] is True
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
