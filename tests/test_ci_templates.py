"""The CI templates: `.gitlab-ci.yml` (self-hosted GitLab) and `.gitea/workflows/site.yml`
(Gitea/Forgejo Actions).

Each file is validated with check-jsonschema against the schema bundled in the package (no
network), and a deliberately broken copy must fail, so the validation is not vacuous. The tests
also pin what the templates promise: every push is checked and built once (`build` checks
first), `.brandhall/` is kept in the CI cache per branch, only `main` publishes, and publishing
takes the built site/ (`publish --from site/`) with $PUBLISH_DIR instead of building again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
GITLAB = REPO / ".gitlab-ci.yml"
GITEA = REPO / ".gitea" / "workflows" / "site.yml"
PUBLISH = '.venv/bin/brandhall publish --from site/ --to "$PUBLISH_DIR" ${SITE_URL:+--site-url "$SITE_URL"}'
BUILD = '.venv/bin/brandhall build --quiet ${SITE_URL:+--site-url "$SITE_URL"}'


def validate(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with a builtin schema; proxies point nowhere, so any download would fail."""
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead, "https_proxy": dead,
           "NO_COLOR": "1"}
    command = [sys.executable, "-m", "check_jsonschema", "--no-cache", "--builtin-schema", schema, str(path)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))  # YAML 1.2: `on:` stays a string


@pytest.mark.parametrize("path, schema", [(GITLAB, "vendor.gitlab-ci"), (GITEA, "vendor.github-workflows")])
def test_template_passes_its_schema(path: Path, schema: str) -> None:
    result = validate(path, schema)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


@pytest.mark.parametrize("path, schema, old, new", [
    (GITLAB, "vendor.gitlab-ci", "needs: [build]", "needs: 5"),
    (GITEA, "vendor.github-workflows", "needs: build", "needs: {job: build}"),
])
def test_a_broken_template_fails_its_schema(tmp_path: Path, path: Path, schema: str, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new), encoding="utf-8")
    result = validate(broken, schema)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "needs" in result.stdout


def test_gitlab_builds_once_with_a_cache_and_publishes_what_it_built_on_main_only() -> None:
    ci = load(GITLAB)
    assert ci["stages"] == ["build", "publish"]
    assert ci["default"]["before_script"] == ["bash scripts/setup.sh"]
    assert "rules" not in ci["build"], "every push is checked and built"
    assert ci["build"]["script"] == [BUILD]
    assert ci["build"]["artifacts"]["paths"] == ["site/"]
    work = [c for c in ci["build"]["cache"] if c["paths"] == [".brandhall/"]]
    assert work == [{"key": "brandhall-$CI_COMMIT_REF_SLUG", "paths": [".brandhall/"]}], \
        "the work cache's key must not change with the content, or a push would not reuse it"
    publish = ci["publish"]
    assert publish["stage"] == "publish" and publish["needs"] == ["build"]
    assert publish["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    assert publish["script"][-1] == PUBLISH
    assert "PUBLISH_DIR" in GITLAB.read_text(encoding="utf-8").split("stages:")[0], "the variable is documented"


def test_gitea_builds_once_with_a_cache_and_publishes_what_it_built_on_main_only() -> None:
    flow = load(GITEA)
    assert flow["on"] == {"push": None, "workflow_dispatch": None}
    jobs = flow["jobs"]
    assert set(jobs) == {"build", "publish"}
    assert "if" not in jobs["build"], "every push is checked and built"
    steps = jobs["build"]["steps"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".brandhall"
    assert cache["with"]["restore-keys"] == "brandhall-${{ github.ref_name }}-"
    assert steps[-2]["run"] == BUILD
    assert steps[-1]["uses"] == "actions/upload-artifact@v3" and steps[-1]["with"]["path"] == "site/"
    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["if"] == "github.ref == 'refs/heads/main'"
    assert publish["env"]["PUBLISH_DIR"] == "${{ vars.PUBLISH_DIR }}"
    assert any(step.get("uses") == "actions/download-artifact@v3" for step in publish["steps"])
    assert publish["steps"][-1]["run"].strip().endswith(PUBLISH)
    assert "PUBLISH_DIR" in GITEA.read_text(encoding="utf-8").split("name:")[0], "the variable is documented"


@pytest.mark.parametrize("path", [GITLAB, GITEA])
def test_publish_step_refuses_without_a_target_and_passes_the_site_url(tmp_path: Path, path: Path) -> None:
    """The publish lines run in a shell: without PUBLISH_DIR they stop with a Chinese message;
    with it they call publish, adding --site-url only when SITE_URL is set."""
    fake = tmp_path / ".venv" / "bin" / "brandhall"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/sh\nprintf "%s|" "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    data = load(path)
    lines = data["publish"]["script"] if path == GITLAB else data["jobs"]["publish"]["steps"][-1]["run"].splitlines()
    script = "set -e\n" + "\n".join(lines) + "\n"

    def run(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                              env={"PATH": os.environ["PATH"], **env}, check=False)

    missing = run()
    assert missing.returncode == 1 and "PUBLISH_DIR（发布文件夹）" in missing.stdout
    assert run(PUBLISH_DIR="/srv/brandhall").stdout == "publish|--from|site/|--to|/srv/brandhall|"
    assert run(PUBLISH_DIR="/srv/b", SITE_URL="http://x/dj/").stdout == \
        "publish|--from|site/|--to|/srv/b|--site-url|http://x/dj/|"
