"""`.gitlab-ci.yml` run by a real runner: gitlab-ci-local (npm, pinned in package.json) with the
shell executor, on a temporary git clone of this working tree with only the `image:` line
dropped. Twice: after one story edit, the second pipeline restores `.brandhall/` from the CI
cache (so only the changed branch is read and only its pages rendered), and the publish job
publishes the site the build job made (`publish --from site/`) without checking or building."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from helpers import replace_once

RUNNER = REPO / "node_modules" / ".bin" / "gitlab-ci-local"
STORY = "branches/chengdong-gongdiansuo/stories/yingfeng-duxia.md"

pytestmark = pytest.mark.skipif(not RUNNER.exists() or shutil.which("rsync") is None,
                                reason="gitlab-ci-local and rsync are installed by scripts/setup.sh --test")


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=ci@example.invalid", *args],
                   cwd=folder, check=True, capture_output=True)


def clone(target: Path) -> Path:
    """The tracked files of this working tree as they are now, committed on `main`."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    ci = target / ".gitlab-ci.yml"
    lines = ci.read_text(encoding="utf-8").splitlines(keepends=True)
    assert sum(line.strip().startswith("image:") for line in lines) == 1
    ci.write_text("".join(line for line in lines if not line.strip().startswith("image:")), encoding="utf-8")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "站点")
    return target


def pipeline(project: Path, publish_dir: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CI", "GITLAB", "VIRTUAL_ENV"))}
    result = subprocess.run([str(RUNNER), "--shell-isolation", "--variable", f"PUBLISH_DIR={publish_dir}"],
                            cwd=project, capture_output=True, text=True, timeout=1800, env={**env, "NO_COLOR": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.search(r"PASS\s+build", output) and re.search(r"PASS\s+publish", output), output[-6000:]
    return output


def job(output: str, name: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith(f"{name} "))


def test_the_gitlab_pipeline_reuses_its_cache_and_publishes_what_it_built(tmp_path: Path) -> None:
    project = clone(tmp_path / "clone")
    www = tmp_path / "www"
    first = pipeline(project, www)
    assert "支部文件 7 个，其中 0 个未改动" in job(first, "build")
    publish = job(first, "publish")
    assert "核对已生成的网站" in publish and "检查支部文件" not in publish and "生成网站……" not in publish
    assert (www / "current" / "index.html").is_file()

    replace_once(project / STORY, "居民们自发送来了凉茶和西瓜", "居民们自发送来了绿豆汤")
    git(project, "commit", "-q", "-am", "改一篇故事")
    second = pipeline(project, www)
    build = job(second, "build")
    assert re.search(r"imported cache 'brandhall-main'", build), build
    assert "支部文件 7 个，其中 6 个未改动，沿用上次读取的结果" in build
    pages = re.search(r"页面 (\d+) 个（本次新生成 (\d+) 个", build)
    assert pages and 0 < int(pages[2]) < int(pages[1]) / 2, build
    publish = job(second, "publish")
    assert "核对已生成的网站" in publish and "检查支部文件" not in publish and "生成网站……" not in publish
    assert re.search(r"其中 \d+ 个与上一版本相同", publish)
    page = www / "current/branches/chengdong-gongdiansuo/stories/yingfeng-duxia/index.html"
    assert "居民们自发送来了绿豆汤" in page.read_text(encoding="utf-8")
    assert len(list((www / "releases").iterdir())) == 2
