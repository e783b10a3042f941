"""Rebuilds skip the unchanged: pages whose inputs did not change come from the page cache and
photos from the photo cache, while every change still reaches every page that shows it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_brandhall
from helpers import html_files, replace_once, touch_a_branch_file

STORY = Path("branches/chengdong-gongdiansuo/stories/yingfeng-duxia.md")
STORY_PAGE = Path("site/branches/chengdong-gongdiansuo/stories/yingfeng-duxia/index.html")
WORK_SITE = Path(".brandhall/engine/site")  # the engine's persistent output, updated in place


def counts(result: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    """(pages, pages rendered this build, photos decoded this build) from the build's summary."""
    assert result.returncode == 0, result.stderr
    pages = re.search(r"页面 (\d+) 个（本次新生成 (\d+) 个，其余未改动）", result.stderr)
    photos = re.search(r"本次新处理 (\d+) 张", result.stderr)
    assert pages and photos, result.stderr
    return int(pages[1]), int(pages[2]), int(photos[1])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    project = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    total, rendered, decoded = counts(run_brandhall(project, "build"))
    assert rendered == total and decoded > 0
    return project, total


def test_build_reports_time_per_stage(built):
    project, _ = built
    touch_a_branch_file(project)
    result = run_brandhall(project, "build")
    assert re.search(r"用时：读取 [\d.]+ 秒，照片 [\d.]+ 秒，页面 [\d.]+ 秒，分享卡片 [\d.]+ 秒，"
                     r"MkDocs [\d.]+ 秒，搜索索引 [\d.]+ 秒，组装网站 [\d.]+ 秒",
                     result.stderr)


def test_a_build_with_no_input_changed_leaves_the_site_as_it_is(built):
    project, total = built
    before = {p: p.stat().st_ino for p in (project / "site").rglob("*")}
    result = run_brandhall(project, "build")
    assert counts(result) == (total, 0, 0)
    assert ("支部文件、文档、主题、配置和 brandhall 本身都没有改动，site/ 就是上次生成的结果，这次没有重新生成。"
            in result.stderr)
    assert re.search(r"用时：检查改动 [\d.]+ 秒", result.stderr)
    assert {p: p.stat().st_ino for p in (project / "site").rglob("*")} == before, "site/ is the very same files"


def test_a_file_deleted_from_site_is_written_again_by_the_next_build(built):
    project, _ = built
    (project / "site/wall/index.html").unlink()
    result = run_brandhall(project, "build")
    assert "这次没有重新生成" not in result.stderr
    assert "明星墙" in (project / "site/wall/index.html").read_text()


def test_unchanged_rebuild_renders_nothing_and_decodes_no_photo(built):
    project, total = built
    touch_a_branch_file(project)
    result = run_brandhall(project, "build")
    assert counts(result) == (total, 0, 0)
    assert "这次没有重新生成" not in result.stderr, "a touched file takes the full build"


def test_one_story_edit_renders_only_its_branch_and_the_listings(built, tmp_path):
    project, total = built
    other_branch = (project / "site/branches/huanan-wuliu/index.html").read_text()
    published = tmp_path / "published-story.html"  # the file site/ holds now, whatever happens to site/
    os.link(project / STORY_PAGE, published)
    before = html_files(project / WORK_SITE)
    replace_once(project / STORY, "居民们自发送来了凉茶和西瓜", "居民们自发送来了绿豆汤")
    _, rendered, decoded = counts(run_brandhall(project, "build"))
    assert 0 < rendered < total / 2 and decoded == 0
    assert "居民们自发送来了绿豆汤" in (project / STORY_PAGE).read_text()
    assert "凉茶和西瓜" not in (project / STORY_PAGE).read_text()
    assert (project / "site/branches/huanan-wuliu/index.html").read_text() == other_branch
    # MkDocs rendered the one page whose Markdown changed (and the 404 page, which it writes
    # every time); every other page of the work site is the very file the last build wrote.
    after = html_files(project / WORK_SITE)
    assert sorted(after) == sorted(before)
    assert sorted(p for p in after if after[p] != before[p]) == ["404.html", STORY_PAGE.relative_to("site").as_posix()]
    assert (project / "site/branches/huanan-wuliu/index.html").stat().st_ino == \
        (project / WORK_SITE / "branches/huanan-wuliu/index.html").stat().st_ino, "site/ links the work site's files"
    assert "凉茶和西瓜" in published.read_text(), "the previous site/ was written in place"


def test_a_story_title_edit_renders_only_the_listings_that_show_it(built):
    project, total = built
    branch_pages = len(list((project / "site/branches").glob("*/**/index.html")))
    own_pages = len(list((project / "site/branches/huanan-wuliu").glob("**/index.html")))
    listings = total - branch_pages
    replace_once(project / "branches/huanan-wuliu/stories/qiuji-baogong.md",
                 "title: 提油量同比增长五成的背后", "title: 提油量同比增长五成背后的故事")
    _, rendered, _ = counts(run_brandhall(project, "build"))
    # its branch's pages, the story lists of 2021 and the newest, and the few listings that
    # gather from every branch; not the other years' lists, the 党委 pages or the wall's archives
    assert own_pages < rendered <= own_pages + listings - 10
    assert "提油量同比增长五成背后的故事" in (project / "site/stories/2021/index.html").read_text()
    assert "提油量同比增长五成背后的故事" in (project / "site/stories/index.html").read_text()
    assert "提油量同比增长五成背后的故事" not in (project / "site/stories/2022/index.html").read_text()


def test_a_rebuild_with_nothing_changed_renders_no_page_in_the_engine(built):
    project, _ = built
    before = html_files(project / WORK_SITE)
    touch_a_branch_file(project)
    counts(run_brandhall(project, "build"))
    after = html_files(project / WORK_SITE)
    assert sorted(p for p in after if after[p] != before.get(p)) == ["404.html"]


def test_a_partner_renamed_shows_on_the_other_branch_page(built):
    project, _ = built
    replace_once(project / "branches/zhanjiang-peisong/branch.yml",
                 "name: 港湾先锋·油路通达", "name: 港湾先锋·油路畅达")
    counts(run_brandhall(project, "build"))
    guangzhou = (project / "site/branches/guangzhou-peisong/index.html").read_text()
    assert "港湾先锋·油路畅达" in guangzhou and "港湾先锋·油路通达" not in guangzhou


def test_a_layout_change_renders_every_page_again(built):
    project, total = built
    layout = project / "templates/layouts/figure.html"  # the project's own version overrides brandhall's
    layout.parent.mkdir(parents=True, exist_ok=True)
    default = REPO / "brandhall/defaults/layouts/figure.html"
    layout.write_text(default.read_text().replace("先进事迹", "先进事迹材料"))
    _, rendered, decoded = counts(run_brandhall(project, "build"))
    assert rendered == total and decoded == 0
    figure = project / "site/branches/chengdong-gongdiansuo/figures/feng-chun-lan/index.html"
    assert "先进事迹材料" in figure.read_text()
