"""In Debian's Chromium: a citizen browses from home to an agency, an explainer and its case."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import REPO, guarded_page
from pufa.core.content.loading import load_content

CATALOG = load_content(REPO / "content", REPO).catalog


def h1(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().removesuffix("¶").strip()


@pytest.fixture
def page(browser, demo_server):
    """A fresh page that records, and blocks, every request to another host."""
    context, page, outside, errors = guarded_page(browser)
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert errors == [], f"script errors: {errors}"


def test_home_to_agency_to_explainer_to_case_and_back(page, demo_server):
    explainer = next(e for e in CATALOG.explainers if CATALOG.cases_for(e))
    case = CATALOG.cases_for(explainer)[0]
    agency = CATALOG.agency(explainer.agency)

    page.goto(demo_server + "/")
    page.locator("article").get_by_role("link", name=agency.short_name, exact=True).click()
    page.wait_for_url("**/agencies/" + agency.id + "/")
    assert h1(page) == agency.name

    page.locator("article").get_by_role("link", name=explainer.title, exact=True).click()
    page.wait_for_url("**" + explainer.url)
    assert h1(page) == explainer.title
    meta = page.locator("[data-pufa-meta]")
    meta.locator("summary").click()  # folded on phones: the reader opens it
    assert meta.is_visible() and agency.short_name in meta.inner_text()

    page.locator("article").get_by_role("link", name=case.title, exact=True).click()
    page.wait_for_url("**" + case.url)
    assert h1(page) == case.title
    page.locator("[data-pufa-meta] > summary").click()
    assert case.case_number in page.locator("[data-pufa-meta]").inner_text()
    # the case leads back to the explainer of the law it applies
    assert page.locator("article").get_by_role("link", name=explainer.title, exact=True).count() == 1

    page.go_back()
    page.wait_for_url("**" + explainer.url)
    page.go_back()
    page.wait_for_url("**/agencies/" + agency.id + "/")
    page.go_back()
    assert urlsplit(page.url).path == "/"


def test_topic_tiles_on_home_are_large_enough_to_tap(page, demo_server):
    page.goto(demo_server + "/")
    tiles = page.locator("[data-pufa-tiles] a")
    assert tiles.count() == len(CATALOG.topics)
    for index in range(tiles.count()):
        box = tiles.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
