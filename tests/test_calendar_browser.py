"""In Debian's Chromium with Playwright's clock: "today" is China's day, on a site built days before.

One build (dated 2026-11-20 through SOURCE_DATE_EPOCH) is visited on 2026-12-03 and on
2026-12-05, and from a browser in Los Angeles whose local date is a day behind China's.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import REPO, block_outside, mkdocs_build, serve_directory
from pufa.core.calendar.events import build_calendar
from pufa.core.calendar.loading import load_calendar
from pufa.core.content.loading import load_content

BUILT = "1795104000"  # 2026-11-19 16:00 UTC: 20 November in China
CATALOG = load_content(REPO / "content", REPO).catalog
CALENDAR = build_calendar(load_calendar(REPO / "content", REPO, CATALOG).data, CATALOG, 2026, 2)
UPCOMING = "[data-pufa-calendar-upcoming] > [data-pufa-calendar-item]:not([data-pufa-hidden])"


@pytest.fixture(scope="session")
def calendar_server(tmp_path_factory):
    """The repository's site built on 2026-11-20 (China time), served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("calendar") / "site"
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILT
    try:
        result = mkdocs_build(REPO / "mkdocs.yml", site)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert result.error is None, "\n".join(result.logs)
    with serve_directory(site) as url:
        yield url


@pytest.fixture
def open_at(browser, calendar_server):
    """open_at(path, time, timezone_id=…, javascript=True) → a page whose clock is fixed at `time`."""
    contexts, outside, errors = [], [], []

    def make(path: str, time: str, timezone_id: str = "Asia/Shanghai", javascript: bool = True):
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            locale="zh-CN",
            timezone_id=timezone_id,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        outside.append(block_outside(context))
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        if javascript:
            page.clock.set_fixed_time(time)
        page.goto(calendar_server + path)
        return page

    yield make
    for context in contexts:
        context.close()
    assert [url for urls in outside for url in urls] == [], f"requests left the site: {outside}"
    assert errors == [], f"script errors: {errors}"


def titles(page) -> list[str]:
    return [t.strip() for t in page.locator(UPCOMING + " [data-pufa-calendar-title]").all_inner_texts()]


def when(page, title: str) -> str:
    item = page.locator(UPCOMING).filter(has=page.locator("[data-pufa-calendar-title]", has_text=title))
    assert item.count() == 1, title
    return item.locator("[data-pufa-calendar-when]").inner_text().strip()


def countdown(page) -> str:
    return page.locator("[data-pufa-calendar-countdown]").inner_text().strip()


def expected_upcoming(today: dt.date, limit: int) -> list[str]:
    return [o.title for o in CALENDAR.occurrences if o.end >= today][:limit]


def test_home_on_3_december_counts_one_day_to_constitution_day(open_at):
    page = open_at("/", "2026-12-03T09:00:00+08:00")
    assert countdown(page) == "距离第13个国家宪法日（2026年12月4日）还有 1 天"
    assert titles(page) == expected_upcoming(dt.date(2026, 12, 3), 5)
    assert titles(page)[0] == "第9个宪法宣传周"
    assert when(page, "第9个宪法宣传周") == "进行中，至12月5日"
    assert when(page, "第13个国家宪法日") == "明天"
    assert "第15个全国交通安全日" not in titles(page)  # 2 December has passed
    assert page.locator("[data-pufa-calendar-asof]").is_hidden()


def test_home_on_5_december_of_the_same_build_counts_to_next_year(open_at):
    page = open_at("/", "2026-12-05T09:00:00+08:00")
    assert countdown(page) == "距离第14个国家宪法日（2027年12月4日）还有 364 天"
    assert titles(page) == expected_upcoming(dt.date(2026, 12, 5), 5)
    assert "第13个国家宪法日" not in titles(page)
    assert when(page, "第9个宪法宣传周") == "进行中，至12月5日"  # its last day
    assert when(page, "大气污染举报奖励办法（征求意见稿）座谈会") == "还有 3 天"


def test_evening_of_3_december_in_los_angeles_is_already_constitution_day_in_china(open_at):
    page = open_at("/", "2026-12-03T20:00:00-08:00", timezone_id="America/Los_Angeles")
    assert page.evaluate("new Date().getDate()") == 3  # the device's own date
    assert (
        page.evaluate("document.documentElement.getAttribute('data-pufa-calendar-china-date')")
        == "2026-12-04"
    )
    assert countdown(page) == "今天是第13个国家宪法日"
    assert when(page, "第13个国家宪法日") == "今天"
    assert titles(page) == expected_upcoming(dt.date(2026, 12, 4), 5)


def test_morning_in_china_is_still_the_day_before_in_los_angeles(open_at):
    # 2026-12-05 07:00 in Shanghai is 2026-12-04 15:00 in Los Angeles
    page = open_at("/", "2026-12-04T15:00:00-08:00", timezone_id="America/Los_Angeles")
    assert countdown(page) == "距离第14个国家宪法日（2027年12月4日）还有 364 天"


def test_calendar_page_shows_this_month_marks_today_and_pages_through_months(open_at):
    page = open_at("/calendar/", "2026-12-03T09:00:00+08:00")
    visible = page.locator("[data-pufa-calendar-month]:visible")
    assert visible.count() == 1
    assert visible.get_attribute("data-pufa-calendar-month") == "2026-12"
    today = page.locator("[data-pufa-calendar-today]:visible")
    assert today.count() == 1 and today.locator("b").inner_text() == "3"
    assert today.get_attribute("aria-current") == "date"
    assert "第13个国家宪法日" in visible.inner_text()
    page.locator("[data-pufa-calendar-next]").click()
    assert (
        page.locator("[data-pufa-calendar-month]:visible").get_attribute("data-pufa-calendar-month")
        == "2027-01"
    )
    # the full list on this page: every entry from today to 400 days after the build, none hidden by a limit
    until = dt.date(2027, 12, 25)
    assert titles(page) == [
        o.title for o in CALENDAR.occurrences if o.end >= dt.date(2026, 12, 3) and o.start <= until
    ]


def test_month_cell_links_to_the_entry_with_its_explainers(open_at):
    page = open_at("/calendar/", "2026-12-03T09:00:00+08:00")
    page.locator("[data-pufa-calendar-month]:visible").get_by_role(
        "link", name="宪法进社区：说说公民的基本权利"
    ).click()
    entry = page.locator("#event-moj-2026-constitution-community")
    assert entry.is_visible()
    entry.get_by_role("link", name="宪法不只是“大道理”——说说宪法里的公民基本权利").click()
    page.wait_for_url("**/laws/moj/constitution-basic-rights/")


def test_agency_page_lists_the_agencys_next_dates(open_at):
    page = open_at("/agencies/hz-psb/", "2026-12-02T08:00:00+08:00")
    assert titles(page)[:2] == ["第15个全国交通安全日", "全国交通安全日：交通事故处理和防范电信诈骗宣传"]
    assert when(page, "第15个全国交通安全日") == "今天"
    assert "《反电信网络诈骗法》现行文本施行4周年" not in titles(page)  # 1 December, yesterday
    short = CATALOG.agency("hz-psb").short_name
    page.get_by_role("link", name=f"{short}的完整普法日历").click()
    page.wait_for_url("**/calendar/hz-psb/")
    assert f"{short}普法日历" in page.get_by_role("heading", level=1).inner_text()


def test_without_javascript_the_dates_are_still_listed(open_at):
    page = open_at("/calendar/", "", javascript=False)
    shown = titles(page)
    # listed from the day of the build, 2026-11-20, for 400 days
    built, until = dt.date(2026, 11, 20), dt.date(2027, 12, 25)
    assert shown == [o.title for o in CALENDAR.occurrences if o.end >= built and o.start <= until]
    assert page.locator("[data-pufa-calendar-asof]").is_visible()
    assert countdown(page) == "距离第13个国家宪法日（2026年12月4日）还有 14 天"
    assert page.locator("[data-pufa-calendar-month]:visible").count() == 24  # every month of the window


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.mark.parametrize("path", ["/calendar/", "/calendar/moj/", "/"])
def test_axe_finds_no_serious_violation_on_calendar_pages(open_at, path):
    from axe_playwright_python.sync_playwright import Axe

    page = open_at(path, "2026-12-03T09:00:00+08:00")
    result = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_on_a_phone_the_month_reads_as_a_list_of_days_not_one_character_a_line(open_at):
    page = open_at("/calendar/", "2026-12-03T09:00:00+08:00")
    month = page.locator("[data-pufa-calendar-month]:visible")
    entries = month.locator("td li")
    assert entries.count() >= 3
    for index in range(entries.count()):
        box = entries.nth(index).bounding_box()
        assert box["width"] > 200, entries.nth(index).inner_text()  # the name runs across the screen
    # days without entries are left out, except today
    assert month.locator("td:visible").count() == month.locator("td.pufa-cal-has, td[data-pufa-calendar-today]").count()
