"""In Debian's Chromium: feed autodiscovery from a page's <head>, with no failed or outside request."""

from __future__ import annotations

import feedparser
import pytest

from conftest import REPO, block_outside
from pufa.core.content.loading import load_content

CATALOG = load_content(REPO / "content", REPO).catalog
AGENCY = CATALOG.agencies[0]


@pytest.fixture
def page(browser, demo_server):
    """A fresh page recording every failed response and blocking every request to another host."""
    context = browser.new_context(locale="zh-CN")
    outside = block_outside(context, demo_server)
    failed: list[str] = []
    page = context.new_page()
    page.on("response", lambda response: response.status >= 400 and failed.append(
        f"{response.status} {response.url}"))
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert failed == [], f"failed requests: {failed}"


@pytest.mark.parametrize("path", ["/", f"/agencies/{AGENCY.id}/", CATALOG.explainers[0].url])
def test_page_with_feed_links_loads_without_a_failed_request(page, demo_server, path):
    # Material fetches sitemap.xml beside every <link rel="alternate">; none may 404
    page.goto(demo_server + path, wait_until="networkidle")
    assert page.locator('head link[rel="alternate"][type="application/rss+xml"]').count() >= 1


def test_reader_finds_and_reads_the_agency_feeds_from_its_page(page, demo_server):
    page.goto(demo_server + f"/agencies/{AGENCY.id}/", wait_until="networkidle")
    found = page.evaluate("""() => [...document.querySelectorAll('head link[rel="alternate"]')]
        .map(link => [link.type, link.title, link.href])""")
    rss = [(title, href) for kind, title, href in found if kind == "application/rss+xml"]
    assert [title for title, _ in rss] == ["普法在线（RSS）", f"{AGENCY.name} - 普法在线（RSS）"]
    own = rss[1][1]
    assert own == f"{demo_server}/feeds/agencies/{AGENCY.id}/rss.xml"
    response = page.request.get(own)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.feed.title == f"{AGENCY.name} - 普法在线"
    expected = {d.title for d in (*CATALOG.explainers_of(AGENCY.id), *CATALOG.cases_of(AGENCY.id))}
    assert {e.title for e in feed.entries} == expected
    for kind in ("application/atom+xml", "application/feed+json"):
        hrefs = [href for k, _, href in found if k == kind]
        assert len(hrefs) == 2 and all(page.request.get(h).ok for h in hrefs)
