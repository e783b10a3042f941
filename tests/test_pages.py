"""The built example site in real Chromium, served from loopback: key content on every kind of
page, filters, search, no request leaving the site, no overflow, and screenshots to look at.
Every test runs on the site as built by each engine (MkDocs and Zensical)."""

from __future__ import annotations

import pytest
from conftest import on_both_engines, screenshot
from helpers import search_site, visible_texts, wall_cards

example_project, site = on_both_engines()

VIEWPORTS = {"desktop": (1920, 1080), "portrait": (1080, 1920), "phone": (390, 844)}
KEY_PAGES = {
    "home": "",
    "branch": "branches/qiaoliang-xiangmu/",
    "wall": "wall/",
    "story": "branches/guangzhou-peisong/stories/longzhoushui-baogong/",
    "figure": "branches/guangzhou-peisong/figures/zhang-wei/",
    "partners": "partners/",
    "stories": "stories/",
    "search": "search/?q=拔河友谊赛",
}


def test_home_shows_a_card_per_branch_grouped_by_org(page, site):
    page.goto(site.url())
    names = visible_texts(page, ".bh-brand-card__name")
    assert len(names) == 7
    assert "交投先锋+行动学习·品质大桥" in names
    orgs = visible_texts(page, ".bh-org-section h2")
    assert len(orgs) >= 2
    assert page.locator(".bh-brand-card img").first.get_attribute("alt").endswith("标识")


def test_home_links_each_org_to_its_own_page_of_branches(page, site):
    page.goto(site.url())
    page.locator(".bh-filter").get_by_role("link", name="交通投资集团党委").click()
    page.wait_for_load_state()
    assert page.url == site.url("orgs/jiao-tong-tou-zi-ji-tuan-dang-wei/")
    assert page.locator("h1").inner_text().startswith("交通投资集团党委")
    assert set(visible_texts(page, ".bh-branch-table__link")) == {
        "鹭江特大桥项目部临时党支部", "交通规划设计研究院党总支"}
    page.goto(site.url("branches/"))
    assert "交通投资集团党委" in visible_texts(page, ".bh-org-card__name")


def test_branch_page_shows_brand_methods_honours_figures_stories_partners(page, site):
    page.goto(site.url("branches/guangzhou-peisong/"))
    hero = page.locator(".bh-hero--branch")
    assert "广州配送中心党支部" in hero.inner_text()
    sections = visible_texts(page, ".bh-section-title")
    for title in ("品牌理念", "工作法", "工作成效", "集体荣誉", "先进典型", "典型故事", "互联共建"):
        assert title in sections
    dates = page.locator(".bh-story-card time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates, reverse=True), "stories must be newest first"


def test_logistics_branch_shows_its_work_method(page, site):
    page.goto(site.url("branches/huanan-wuliu/"))
    assert "四季服务+" in visible_texts(page, ".bh-method__title")


def test_partner_links_lead_to_the_partner_branch(page, site):
    page.goto(site.url("branches/guangzhou-peisong/"))
    page.locator(".bh-partners a", has_text="湛江配送中心党支部").click()
    assert page.url.endswith("/branches/zhanjiang-peisong/")
    assert "港湾先锋·油路通达" in page.locator("h1").inner_text()


def test_story_page_has_photos_and_links_to_its_figures(page, site):
    page.goto(site.url(KEY_PAGES["story"]))
    assert page.locator("h1").inner_text().strip()
    photos = page.locator(".bh-gallery img")
    assert photos.count() >= 1
    assert all(photos.nth(i).get_attribute("alt") for i in range(photos.count()))
    page.locator(".bh-figure-card").first.click()
    assert "/figures/" in page.url


def test_a_chinese_sentence_written_over_two_lines_shows_without_a_gap(page, site):
    page.goto(site.url("branches/chengdong-gongdiansuo/stories/2025-03-05-xue-lei-feng-dang-yuan-fu/"))
    assert "带领 8 名党员来到城东幸福社区敬老院" in page.locator(".bh-prose").first.inner_text()
    page.goto(site.url("guide/scale/"))
    assert "当天日期，以及页面所属支部" in page.locator("article").inner_text()


def test_figure_page_shows_photo_post_titles_motto_and_story(page, site):
    page.goto(site.url(KEY_PAGES["figure"]))
    assert page.locator("h1").inner_text() == "张伟"
    text = page.locator(".bh-page").inner_text()
    for expected in ("岗位", "入党年份", "明星党员", "先进事迹"):
        assert expected in text
    assert page.locator(".bh-motto").count() == 1


def test_wall_opens_on_the_latest_month_then_the_latest_year(page, site):
    page.goto(site.url("wall/"))
    headings = visible_texts(page, ".bh-section-title")
    assert headings[0].startswith("2026年10月明星")
    assert headings[1].endswith("年度表彰")
    stars = page.locator(".bh-current-stars").first.locator(".bh-figure-card")
    assert stars.count() >= 3
    for i in range(stars.count()):
        assert "明星党员 2026年10月" in stars.nth(i).inner_text()


def test_full_wall_shows_each_figure_once_with_all_titles(page, site):
    page.goto(site.url("wall/"))
    assert page.locator("[data-wall-cards] .bh-figure-card").count() == 0, "the filter draws cards only when asked"
    page.select_option("select[name=group]", "每月之星")
    names = wall_cards(page)
    assert len(names) == len(set(names)) >= 10
    page.get_by_role("button", name="清除筛选").click()
    page.fill("input[name=name]", "张伟")
    assert wall_cards(page) == ["张伟"]
    card = page.locator("[data-wall-cards] .bh-figure-card", has_text="张伟")
    titles = card.locator(".bh-honours__title").all_inner_texts()
    assert len(titles) >= 2
    ranked = ["明星党员", "优秀共产党员", "优秀党务工作者", "劳动模范", "五一劳动奖章",
              "党员示范岗", "党员先锋岗", "党员责任区", "技能专家"]
    assert titles == sorted(titles, key=ranked.index), "titles in the configured rank order"


def test_wall_filters_show_matching_cards_and_survive_a_reload(page, site):
    page.goto(site.url("wall/"))
    everyone = int(page.locator(".bh-wall-all h2 small").inner_text().strip("共 人"))
    page.select_option("select[name=title]", "明星党员")
    page.select_option("select[name=year]", "2025")
    names = wall_cards(page)
    assert 0 < len(names) < everyone
    cards = page.locator("[data-wall-cards] .bh-figure-card").filter(visible=True)
    for i in range(cards.count()):
        honours = cards.nth(i).locator(".bh-honours li").all_inner_texts()
        assert any(h.startswith("明星党员 2025年") for h in honours), honours
    assert page.locator("[data-wall-count]").inner_text() == str(len(names))
    assert "title=" in page.url and "year=2025" in page.url
    page.reload()
    assert wall_cards(page) == names
    assert page.locator("select[name=title]").input_value() == "明星党员"

    page.get_by_role("button", name="清除筛选").click()
    page.select_option("select[name=org]", "交通投资集团党委")
    assert wall_cards(page), "the filter has drawn its cards"
    branches = visible_texts(page, "[data-wall-cards] .bh-figure-card__branch")
    assert branches and set(branches) <= {"鹭江特大桥项目部临时党支部", "交通规划设计研究院党总支"}
    page.get_by_role("button", name="清除筛选").click()
    page.fill("input[name=name]", "张")
    assert wall_cards(page) and all("张" in name for name in wall_cards(page))
    assert "name=" in page.url and "q=" not in page.url, "the site search owns ?q="
    page.select_option("select[name=branch]", "qiaoliang-xiangmu")
    page.fill("input[name=name]", "")
    wall_cards(page)
    assert set(visible_texts(page, "[data-wall-cards] .bh-figure-card__branch")) == {"鹭江特大桥项目部临时党支部"}


def test_wall_counts_and_collective_honours(page, site):
    page.goto(site.url("wall/"))
    total = page.locator(".bh-counts tfoot td").last.inner_text()
    assert int(total) > 30
    page.locator(".bh-archive-links a", has_text="集体荣誉").click()
    assert page.url == site.url("wall/collective/")
    assert "先进基层党组织" in page.locator(".bh-collective-honours").inner_text()


def test_year_and_month_archives_show_the_wall_as_it_was(page, site):
    page.goto(site.url("wall/2024/"))
    assert page.locator("h1").inner_text() == "2024年荣誉档案"
    periods = page.locator(".bh-honours__period").all_inner_texts()
    assert periods and all("2024" in p or "—" in p for p in periods)
    page.goto(site.url("wall/"))
    page.locator(".bh-archive-links a", has_text="2026年9月").click()
    assert page.locator("h1").inner_text() == "2026年9月明星"
    periods = page.locator(".bh-honours__period").all_inner_texts()
    assert periods and set(periods) == {"2026年9月"}


def test_partners_page_lists_each_partnership_once(page, site):
    page.goto(site.url("partners/"))
    titles = visible_texts(page, ".bh-partnership__title")
    pair = [t for t in titles if "广州配送中心党支部" in t and "湛江配送中心党支部" in t]
    assert len(pair) == 1
    assert page.locator(".bh-timeline li").count() >= 3


def test_chinese_search_finds_a_brand_by_name(page, site):
    page.goto(site.url())
    page.get_by_role("link", name="全文搜索").click()
    assert search_site(page, "品质大桥")[0] == "branches/qiaoliang-xiangmu/"
    assert page.locator(".bh-search__link").first.inner_text() == "交投先锋+行动学习·品质大桥"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_key_pages_make_no_external_request_and_do_not_overflow(browser, site, engine, viewport):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site.origin)
            and not r.url.startswith("data:") else None)
    for name, path in KEY_PAGES.items():
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
        shot = screenshot(page, f"{name}-{width}x{height}" + ("" if engine == "mkdocs" else f"-{engine}"))
        assert shot.stat().st_size > 10_000
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}x{height}"
        broken = page.evaluate(
            "[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
        assert broken == []
    context.close()
    assert outside == []


def test_cjk_text_renders_with_a_real_chinese_font(page, site):
    """Chromium reports which installed font drew the text: a CJK font, not a fallback box."""
    page.goto(site.url())
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in (".bh-hero__title", ".bh-brand-card__name", ".md-tabs__link"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        families = {f["familyName"] for f in fonts}
        assert any("CJK" in family for family in families), (selector, families)


def test_the_404_page_offers_every_section(page, site):
    page.goto(site.url("404.html"))
    assert page.locator("h1", has_text="页面不存在").count() == 1
    assert visible_texts(page, ".bh-404__links a") == ["返回首页", "支部品牌", "明星墙", "典型故事", "互联共建", "关于",
                                                        "搜索"]
