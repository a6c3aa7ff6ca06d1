"""In Debian's Chromium: what every pufa site gives readers without pufa/kiosk (or pufa/search).

Elder mode (适老模式), the focus ring and keyboard access to wide tables are site-wide; they used to
come with pufa/kiosk, so a site without the kiosk plugin lost them. Also: a site's own
`overrides/main.html` (Material's way to change templates) keeps them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import mkdocs_build, page_opener, serve_directory
from test_kiosk_browser import PHONE, serious_violations

WIDE_TABLE = "| " + " | ".join(f"第{n}列" for n in range(14)) + " |\n|" + "---|" * 14 + "\n| " + \
    " | ".join("很长很长的单元格内容" for _ in range(14)) + " |\n"

# a site's own template override, as Material documents it: it replaces extrahead without super()
OVERRIDE_MAIN = """\
{% extends "base.html" %}
{% block extrahead %}<meta name="site-own" content="1">{% endblock %}
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Two sites with pufa/content only: as written, and with a custom_dir overriding main.html."""
    from conftest import minimal_files, write_project

    built = {}
    for name, extra in {"plain": {}, "overridden": {"overrides/main.html": OVERRIDE_MAIN}}.items():
        files = {**minimal_files(), **extra, "docs/wide.md": "# 宽表格\n\n" + WIDE_TABLE}
        if extra:
            files["mkdocs.yml"] = files["mkdocs.yml"].replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
        root = write_project(tmp_path_factory.mktemp(name) / "project", files)
        result = mkdocs_build(root / "mkdocs.yml")
        assert result.error is None, "\n".join(result.logs)
        assert "pufa/kiosk" not in (root / "mkdocs.yml").read_text()
        built[name] = result.site
    return built


@pytest.fixture
def opener(browser):
    yield from page_opener(browser)


@pytest.mark.parametrize("site", ["plain", "overridden"])
def test_elder_mode_works_without_the_kiosk_plugin(sites, opener, site):
    with serve_directory(sites[site]) as base:
        page = opener(base, PHONE)
        page.goto(base + "/")
        if site == "overridden":  # the site's override is in force, and pufa's parts too
            assert page.locator("meta[name=site-own]").count() == 1
        toggle = page.locator("header [data-pufa-elder-toggle]")
        assert toggle.get_attribute("aria-pressed") == "false"
        text = "parseFloat(getComputedStyle(document.querySelector('article')).fontSize)"
        assert page.evaluate(text) < 24
        toggle.click()
        assert page.evaluate("document.documentElement.classList.contains('pufa-elder')")
        assert toggle.get_attribute("aria-pressed") == "true"
        assert page.evaluate(text) == 24
        assert toggle.bounding_box()["height"] >= 60
        # the choice holds on the next page, set before the page's scripts run
        page.goto(base + "/laws/moj/legal-aid/", wait_until="commit")
        page.wait_for_selector("article", state="attached")
        assert page.evaluate("document.documentElement.classList.contains('pufa-elder')")
        assert page.evaluate(text) == 24
        # the button says so once the page's script has run (the page was read from its first bytes)
        expect(page.locator("header [data-pufa-elder-toggle]")).to_have_attribute("aria-pressed", "true")
        assert serious_violations(page) == []
        page.locator("header [data-pufa-elder-toggle]").click()
        page.reload()
        assert page.evaluate(text) < 24


def test_focus_ring_and_wide_tables_work_without_the_kiosk_plugin(sites, opener):
    with serve_directory(sites["plain"]) as base:
        page = opener(base, PHONE)
        page.goto(base + "/wide/", wait_until="load")
        wrap = page.locator(".md-typeset__scrollwrap")
        page.wait_for_function("document.querySelector('.md-typeset__scrollwrap').hasAttribute('tabindex')")
        assert (wrap.get_attribute("tabindex"), wrap.get_attribute("aria-label")) == ("0", "表格，可左右滚动")
        wrap.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.md-typeset__scrollwrap').scrollLeft > 0")
        # keyboard focus shows the site's 3 px ring, not the browser's default
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert outline == "3px", outline
        assert serious_violations(page) == []
