"""In Chromium with the page clock set: the public-comment banner switches to closed by itself."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO
from pufa.core.content.loading import load_content

CATALOG = load_content(REPO / "content", REPO).catalog
DRAFT = next(e for e in CATALOG.explainers if e.status == "征求意见")


def at(browser, moment: dt.datetime, timezone: str = "Asia/Shanghai"):
    context = browser.new_context(timezone_id=timezone)
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    return context, page


@pytest.mark.parametrize("moment, timezone, state, countdown", [
    (dt.datetime(2026, 10, 30, 12, tzinfo=dt.timezone.utc), "Asia/Shanghai", "即将征求意见", "还有 2 天开始。"),
    (dt.datetime(2026, 12, 10, 2, tzinfo=dt.timezone.utc), "Asia/Shanghai", "正在征求意见", "距截止还有 5 天。"),
    (dt.datetime(2026, 12, 15, 3, tzinfo=dt.timezone.utc), "Asia/Shanghai", "正在征求意见", "今天是最后一天。"),
    (dt.datetime(2026, 12, 16, 1, tzinfo=dt.timezone.utc), "Asia/Shanghai", "征求意见已结束", "感谢关注，已不再接收意见。"),
    # 2026-12-15 18:00 in Los Angeles is already 12-16 in China: the period is over
    (dt.datetime(2026, 12, 16, 2, tzinfo=dt.timezone.utc), "America/Los_Angeles", "征求意见已结束",
     "感谢关注，已不再接收意见。"),
])
def test_banner_counts_down_in_china_time(browser, demo_server, moment, timezone, state, countdown):
    assert (DRAFT.comment_opens, DRAFT.comment_closes) == (dt.date(2026, 11, 1), dt.date(2026, 12, 15))
    context, page = at(browser, moment, timezone)
    page.goto(demo_server + DRAFT.url)
    banner = page.locator("[data-pufa-comment]")
    assert banner.locator("[data-pufa-comment-state]").inner_text() == state
    assert banner.locator("[data-pufa-comment-countdown]").inner_text() == countdown
    context.close()


def test_consultations_page_moves_closed_ones_under_their_heading(browser, demo_server):
    context, page = at(browser, dt.datetime(2026, 12, 1, 4, tzinfo=dt.timezone.utc))
    page.goto(demo_server + "/consultations/")
    item = page.locator("[data-pufa-consultations] li", has_text=DRAFT.title)
    assert item.get_attribute("data-pufa-consultation-phase") == "open"
    assert "【征求意见中】" in item.inner_text()
    context.close()
    context, page = at(browser, dt.datetime(2027, 1, 5, 4, tzinfo=dt.timezone.utc))
    page.goto(demo_server + "/consultations/")
    closed = page.locator("[data-pufa-consultations-closed] li", has_text=DRAFT.title)
    assert "【已结束】" in closed.inner_text()
    context.close()


def test_without_javascript_the_period_is_still_stated(demo_site):
    html = (demo_site.site / DRAFT.url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-01">2026年11月1日</time>至<time datetime="2026-12-15">2026年12月15日</time>' in html
