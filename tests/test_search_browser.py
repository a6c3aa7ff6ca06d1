"""In Debian's Chromium: a citizen types questions the way they talk and finds the right page."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import MKDOCS_YML, REPO, guarded_page, stop_clock, minimal_files, mkdocs_build, serve_directory, write_project
from pufa.core.search.text import shard_of
from test_search_core import family_statute, long_statute

SEARCH_YML = MKDOCS_YML + """\
  - pufa/search:
      synonyms_file: content/search-synonyms.yml
"""


@pytest.fixture
def page(browser):
    context, page, outside, errors = guarded_page(browser)
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert errors == [], f"script errors: {errors}"


def results(page) -> list[dict]:
    """The shown results, in rank order, once the running query has finished and their snippets are in."""
    page.wait_for_selector("[data-pufa-results][aria-busy='false']", state="attached")
    page.wait_for_function("document.querySelector('[data-pufa-status]').textContent.length > 0")
    page.wait_for_function("!document.querySelector('[data-pufa-snippet][aria-busy=true]')")
    return page.eval_on_selector_all("[data-pufa-result]", """items => items.map(item => ({
        href: item.querySelector('a').href, title: item.querySelector('a').textContent,
        text: item.textContent, marks: [...item.querySelectorAll('mark')].map(m => m.textContent)}))""")


def path_of(href: str) -> str:
    return unquote(urlsplit(href).path) + (("#" + urlsplit(href).fragment) if urlsplit(href).fragment else "")


def type_query(page, text: str) -> None:
    box = page.locator("[data-pufa-search]")
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=40)


# typing like a person, on the demo site


@pytest.mark.parametrize("query, expected", [
    ("离婚冷静期多久", "/laws/spc/divorce-cooling-off-period/"),
    ("被辞退有补偿吗", "/laws/mohrss/dismissal-economic-compensation/"),
    ("个保法", "/laws/zj-sft/personal-information-consent-and-deletion/"),
    ("離婚冷靜期", "/laws/spc/divorce-cooling-off-period/"),
])
def test_question_typed_in_the_header_finds_the_explainer_first(page, demo_server, query, expected):
    page.goto(demo_server + "/laws/")
    type_query(page, query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]
    shown = results(page)
    assert shown, f"no results for {query}"
    assert path_of(shown[0]["href"]) == expected, [path_of(r["href"]) for r in shown]


def test_ten_times_compensation_finds_the_food_safety_pages_with_the_words_marked(page, demo_server):
    page.goto(demo_server + "/search/")
    type_query(page, "十倍赔偿")
    shown = results(page)
    # three food-safety pages explain it: the explainer and two cases (亚硝酸盐, 过期奶粉)
    top = [path_of(r["href"]) for r in shown[:3]]
    assert "/laws/samr/food-safety-ten-times-compensation/" in top
    assert "/cases/samr/excess-nitrite-braised-meat-crime/" in top
    assert "/cases/samr/expired-milk-powder-ten-times/" in top
    assert "十倍赔偿" in shown[0]["marks"]


def test_article_in_arabic_numerals_finds_pages_citing_it_in_chinese_numerals(page, demo_server):
    page.goto(demo_server + "/search/")
    type_query(page, "民法典第1077条")
    shown = results(page)
    assert "/laws/spc/divorce-cooling-off-period/" in [path_of(r["href"]) for r in shown[:3]]
    assert "第一千零七十七条" in shown[0]["text"]


def test_full_width_latin_and_digits_are_found(page, demo_server):
    page.goto(demo_server + "/search/?q=" + quote("ＡＰＰ"))
    shown = results(page)
    assert shown and all("app" in r["text"].lower() for r in shown)
    page.goto(demo_server + "/search/?q=12315")
    shown = results(page)
    assert shown and all("12315" in r["text"] for r in shown)


def test_results_show_kind_agency_and_are_easy_to_tap(page, demo_server):
    page.goto(demo_server + "/search/?q=" + quote("法律援助"))
    shown = results(page)
    assert len(shown) >= 3
    items = page.locator("[data-pufa-result]")
    kinds = {items.nth(i).locator(".pufa-kind").inner_text() for i in range(items.count())}
    assert kinds & {"解读", "案例"}
    for i in range(items.count()):
        box = items.nth(i).locator("a").first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    status = page.locator("[data-pufa-status]")
    assert status.get_attribute("aria-live") == "polite" and "找到" in status.inner_text()


def test_filters_narrow_results_and_the_url_can_be_shared(page, browser, demo_server):
    page.goto(demo_server + "/search/")
    type_query(page, "赔偿")
    everything = results(page)
    page.select_option("[data-pufa-filter='kind']", "案例")
    cases = results(page)
    assert cases and len(cases) <= len(everything)
    assert all(path_of(r["href"]).startswith("/cases/") for r in cases)
    page.select_option("[data-pufa-filter='agency']", "samr")
    narrowed = results(page)
    assert narrowed and all(path_of(r["href"]).startswith("/cases/samr/") for r in narrowed)
    # the address follows the shown results (a task after them), as the reader copies it
    wanted = {"q": ["赔偿"], "kind": ["案例"], "agency": ["samr"]}
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query) == wanted)
    shared = page.url

    context, other, outside, errors = guarded_page(browser)
    other.goto(shared)
    assert [r["href"] for r in results(other)] == [r["href"] for r in narrowed]
    assert other.locator("[data-pufa-filter='kind']").input_value() == "案例"
    assert other.locator("[data-pufa-search]").input_value() == "赔偿"
    context.close()
    assert outside == [] and errors == []


def test_topic_filter_keeps_only_pages_of_that_topic(page, demo_server):
    page.goto(demo_server + "/search/?q=" + quote("赔偿") + "&topic=food-safety")
    shown = results(page)
    assert shown
    for r in shown:
        page_path = path_of(r["href"])
        assert page_path.startswith(("/laws/samr/", "/cases/samr/", "/topics/food-safety/")), page_path


def test_keyboard_moves_through_results_and_escape_clears(page, demo_server):
    page.goto(demo_server + "/search/")
    type_query(page, "工伤 安全生产")
    shown = results(page)
    assert len(shown) >= 2
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == shown[0]["href"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == shown[1]["href"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.hasAttribute('data-pufa-search')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(shown[0]["href"])
    page.go_back()
    page.locator("[data-pufa-search]").focus()
    page.keyboard.press("Escape")
    assert page.locator("[data-pufa-search]").input_value() == ""
    assert page.locator("[data-pufa-result]").count() == 0


def test_results_list_is_busy_while_a_query_runs(page, demo_server):
    page.add_init_script("""
        window.__busy = [];
        new MutationObserver(changes => changes.forEach(change => {
          const list = change.target;
          if (list.matches('[data-pufa-results]')) window.__busy.push(list.getAttribute('aria-busy'));
        })).observe(document, {subtree: true, attributes: true, attributeFilter: ['aria-busy']});
    """)
    page.goto(demo_server + "/search/?q=" + quote("低保怎么申请"))
    assert results(page)
    assert page.evaluate("window.__busy")[-2:] == ["true", "false"]


def test_an_answer_that_comes_after_the_next_keystroke_is_not_shown_as_its_answer(page, demo_server):
    # each keystroke's query starts in a 0 ms timer; here the clock stops, so the test says when it runs
    page.clock.install()
    page.goto(demo_server + "/search/")
    page.wait_for_function("window.pufaSearch")
    stop_clock(page)
    held: list = []
    page.route("**/search/data/s/*.json", lambda route: held.append(route))
    box = page.locator("[data-pufa-search]")
    box.fill("离婚")
    page.clock.run_for(1)  # the query for 离婚 starts and asks for its index shards
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(25)
    assert held
    box.fill("离婚冷静期")  # typed on before the answer came; its own query waits for its timer
    for route in held:
        route.continue_()
    page.unroute("**/search/data/s/*.json")
    # the answer for 离婚 comes in now (the same search, asked after it, finishes after it)
    page.evaluate("pufaSearch.search('离婚', {kind: '', agency: '', topic: ''})")
    assert page.locator("[data-pufa-results]").get_attribute("aria-busy") == "true"
    assert page.locator("[data-pufa-result]").count() == 0
    assert page.locator("[data-pufa-status]").text_content() == ""  # nothing announced for the box's words
    page.clock.run_for(1)
    shown = results(page)
    assert shown and "离婚冷静期" in "".join(shown[0]["marks"])


def test_results_are_shown_before_their_snippets_arrive_and_snippets_follow(page, demo_server):
    held: list = []
    page.route("**/search/data/d/*.json", lambda route: held.append(route))
    page.goto(demo_server + "/search/?q=" + quote("离婚冷静期"))
    page.wait_for_selector("[data-pufa-results][aria-busy='false'] [data-pufa-result]")
    first = page.locator("[data-pufa-result]").first
    expect(first.locator("a")).to_contain_text("冷静期")
    expect(first.locator("[data-pufa-snippet]")).to_have_attribute("aria-busy", "true")
    count = page.locator("[data-pufa-result]").count()
    for _ in range(200):
        if len(held) == count:
            break
        page.wait_for_timeout(25)
    assert len(held) == count  # one text per result, asked for after the list was shown
    for route in held:
        route.continue_()
    assert results(page)
    expect(first.locator("[data-pufa-snippet] mark").first).to_be_visible()


def test_query_understanding_in_the_browser(page, demo_server):
    page.goto(demo_server + "/search/")
    parsed = page.evaluate("""async () => {
        const meta = await pufaSearch.loadMeta();
        await pufaSearch.loadTraditional();  // the page fetches it only for a term no shard holds
        const p = q => pufaSearch.parse(q, {synonyms: meta.synonyms});
        return {abbr: p('个保法').phrases.map(x => x.text), law: p('消法 退货').phrases.map(x => x.text),
                arabic: p('民法典第1077条'), chinese: p('民法典第一千零七十七条'),
                trad: p('離婚冷靜期').text, width: p('ＡＰＰ　下載').text, state: p('中华人民共和国民法典').phrases.map(x => x.text)};
    }""")
    assert "个人信息保护法" in parsed["abbr"]
    assert any("消费者权益保护法" in text for text in parsed["law"])
    assert parsed["arabic"]["text"] == parsed["chinese"]["text"] == "民法典第一千零七十七条"
    assert parsed["arabic"]["article"] == 1077 and parsed["arabic"]["law"] == "民法典"
    assert parsed["trad"] == "离婚冷静期"
    assert parsed["width"] == "app 下载"
    assert "民法典" in parsed["state"]


def test_browser_hashes_terms_to_the_same_shards_as_the_build(page, demo_server):
    page.goto(demo_server + "/search/")
    terms = ["离婚", "个人信息保护法", "app", "12315", "法", "第一千零七十七条"]
    got = page.evaluate("""async terms => {
        const q = await import(new URL('../assets/pufa/search/query.js', location.href).href);
        return terms.map(t => q.shardOf(t, 64));
    }""", terms)
    assert got == [shard_of(t, 64) for t in terms]


def test_first_query_downloads_only_part_of_the_index(browser, demo_site, demo_server):
    context, page, outside, errors = guarded_page(browser)
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(demo_server + "/search/?q=" + quote("离婚冷静期多久"))
    assert results(page)
    shards = sorted((demo_site.site / "search/data/s").glob("*.json"))
    got = [p for p in fetched if p.startswith("/search/data/s/")]
    assert 0 < len(got) < len(shards) / 2
    context.close()
    assert outside == [] and errors == []


# what a cold search downloads: the optional data only for the queries that need it (issue 14's bytes)
OPTIONAL_DATA = ("py.json", "sounds.json", "t2s.json")


DIVORCE = "/laws/spc/divorce-cooling-off-period/"


@pytest.mark.parametrize("query, first, wanted", [
    ("离婚冷静期", DIVORCE, set()),  # a Chinese query the index holds whole needs none of them
    ("離婚冷靜期", DIVORCE, {"t2s.json"}),  # traditional characters: the folding table, nothing of pinyin
    ("离昏", DIVORCE, {"sounds.json"}),  # held by no content page: the words of that sound, not the initials
    ("lihun", DIVORCE, {"py.json"}),  # letters: the whole pinyin file, initials included
])
def test_cold_search_downloads_pinyin_and_folding_data_only_for_queries_that_need_them(
        browser, demo_server, query, first, wanted):
    context, page, outside, errors = guarded_page(browser)
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(demo_server + "/search/?q=" + quote(query))
    shown = results(page)
    assert shown and path_of(shown[0]["href"]) == first, [path_of(r["href"]) for r in shown]
    assert {name for name in OPTIONAL_DATA if f"/search/data/{name}" in fetched} == wanted, fetched
    context.close()
    assert outside == [] and errors == []


def test_every_page_has_the_search_box_and_material_search_is_gone(demo_site):
    for html in (demo_site.site / "index.html", demo_site.site / "laws/index.html"):
        text = html.read_text(encoding="utf-8")
        assert "data-pufa-search" in text and "md-search" not in text
    assert not (demo_site.site / "search/search_index.json").exists()
    meta = json.loads((demo_site.site / "search/data/meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] > 40 and meta["shards"] >= 1


# a long statute page in a small project


@pytest.fixture(scope="module")
def statute_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("statute") / "project"
    files = {**minimal_files(), "mkdocs.yml": SEARCH_YML,
             "content/search-synonyms.yml": (REPO / "content/search-synonyms.yml").read_text(encoding="utf-8"),
             "docs/statutes/long-regulation.md": "# 示例长法规\n\n" + long_statute().split("\n", 1)[1] + "\n",
             "docs/statutes/family.md": "# 示例法典\n\n" + family_statute().split("\n", 1)[1] + "\n"}
    write_project(root, files)
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    with serve_directory(result.site) as url:
        yield url, result.site


def test_span_from_deep_inside_a_long_page_is_found(page, statute_server):
    base, site = statute_server
    html = (site / "statutes/long-regulation/index.html").read_text(encoding="utf-8")
    article = html[html.index('id="art-371"'):]
    text = article[article.index("</strong>") + len("</strong>"):].lstrip("\u3000 ")
    span = text[17:24]
    page.goto(base + "/search/")
    type_query(page, span)
    shown = results(page)
    assert shown and path_of(shown[0]["href"]).startswith("/statutes/long-regulation/#art-")
    assert span in shown[0]["marks"] or span in "".join(shown[0]["marks"])
    page.click("[data-pufa-result] a")
    page.wait_for_url("**/statutes/long-regulation/#art-*")
    expect(page.locator("article").first).to_contain_text(span)


def test_article_query_goes_straight_to_the_article(page, statute_server):
    base, _ = statute_server
    page.goto(base + "/search/?q=" + quote("示例长法规第250条"))
    shown = results(page)
    assert path_of(shown[0]["href"]) == "/statutes/long-regulation/#art-250"


def test_statute_hit_lands_on_the_matched_article_with_its_own_chapter_and_section(page, statute_server):
    base, _ = statute_server
    page.goto(base + "/search/?q=" + quote("婚前财产"))
    shown = results(page)
    assert path_of(shown[0]["href"]) == "/statutes/family/#art-1063", [path_of(r["href"]) for r in shown]
    place = page.locator("[data-pufa-result]").first.locator("[data-pufa-place]")
    expect(place).to_have_text("第五编 婚姻家庭 第三章 家庭关系 第二节 父母子女关系和其他近亲属关系")
    assert "婚前财产" in shown[0]["marks"]
    page.click("[data-pufa-result] a")
    page.wait_for_url("**/statutes/family/#art-1063")


# everyday questions (issue 14) on the demo site, on a phone and on a desktop

WIDTHS = [390, 1280]
CONTENT = ("/laws/", "/cases/", "/statutes/")


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request, browser):
    context, page, outside, errors = guarded_page(browser)
    page.set_viewport_size({"width": request.param, "height": 900})
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert errors == [], f"script errors: {errors}"


@pytest.mark.parametrize("query", ["离婚冷静期", "工资被拖欠怎么办", "劳动仲裁", "买到过期食品"])
def test_only_content_pages_are_results(sized_page, demo_server, query):
    sized_page.goto(demo_server + "/search/?q=" + quote(query))
    shown = results(sized_page)
    assert shown, query
    assert all(path_of(r["href"]).startswith(CONTENT) for r in shown), [path_of(r["href"]) for r in shown]


@pytest.mark.parametrize("query, expected", [
    ("离婚冷静期多久", "/laws/spc/divorce-cooling-off-period/"),
    ("lihun", "/laws/spc/divorce-cooling-off-period/"),
    ("lhljq", "/laws/spc/divorce-cooling-off-period/"),
    ("离昏", "/laws/spc/divorce-cooling-off-period/"),
    ("離婚冷靜期", "/laws/spc/divorce-cooling-off-period/"),
    ("请不起律师怎么办", "/laws/moj/legal-aid-who-qualifies/"),
])
def test_everyday_question_pinyin_homophone_and_traditional_find_the_explainer(sized_page, demo_server, query,
                                                                                expected):
    sized_page.goto(demo_server + "/search/")
    type_query(sized_page, query)
    shown = results(sized_page)
    assert shown and path_of(shown[0]["href"]) == expected, [path_of(r["href"]) for r in shown]
    assert shown[0]["marks"], "the words found are marked"


@pytest.mark.parametrize("query, expected", [
    ("食品安全法", "/statutes/食品安全法/"),
    ("中华人民共和国反家庭暴力法", "/statutes/反家庭暴力法/"),
    ("个人信息保护法", "/statutes/个人信息保护法/"),
    ("人民调解法是什么", "/statutes/人民调解法/"),
])
def test_a_laws_name_finds_that_laws_own_text_first(page, demo_server, query, expected):
    # the explainers and cases citing the law mention its name often; the reader asked for the law
    page.goto(demo_server + "/search/")
    type_query(page, query)
    shown = results(page)
    # (the link may go on to the article holding the marked words)
    assert shown and path_of(shown[0]["href"]).split("#")[0] == expected, [path_of(r["href"]) for r in shown]
    assert any(path_of(r["href"]).startswith(("/laws/", "/cases/")) for r in shown[1:]), "the pages citing it follow"


def test_boss_does_not_pay_wages_finds_pages_about_wages_first(sized_page, demo_server):
    sized_page.goto(demo_server + "/search/?q=" + quote("老板不给工资"))
    shown = results(sized_page)
    assert any(word in shown[0]["text"] for word in ("工资", "劳动报酬", "欠薪", "讨薪")), shown[0]["text"]


def test_no_search_while_an_input_method_is_composing(page, demo_server):
    page.goto(demo_server + "/search/")
    page.wait_for_function("window.pufaSearch")
    box = page.locator("[data-pufa-search]")
    box.evaluate("""box => {
        box.focus();
        box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        for (const typed of ['l', 'li', 'lih', 'lihu', 'lihun']) {
            box.value = typed;
            box.dispatchEvent(new InputEvent('input', {isComposing: true, data: typed, inputType: 'insertCompositionText'}));
        }
    }""")
    page.wait_for_timeout(300)
    assert page.locator("[data-pufa-results]").get_attribute("aria-busy") == "false"
    assert page.locator("[data-pufa-result]").count() == 0
    assert page.locator("[data-pufa-status]").text_content() == ""
    box.evaluate("""box => {
        box.value = '离婚';
        box.dispatchEvent(new InputEvent('input', {isComposing: true, data: '离婚', inputType: 'insertCompositionText'}));
        box.dispatchEvent(new CompositionEvent('compositionend', {data: '离婚'}));
    }""")
    shown = results(page)
    assert shown and "离婚" in shown[0]["marks"]


def test_no_result_page_helps_once_with_topics_a_hotline_and_an_agency(sized_page, demo_server):
    sized_page.goto(demo_server + "/search/?q=" + quote("量子纠缠"))
    assert results(sized_page) == []
    box = sized_page.locator("[data-pufa-no-results]")
    expect(box).to_be_visible()
    page_text = sized_page.locator("article").inner_text()
    assert page_text.count("没有找到") == 1, page_text
    topics = box.locator("[data-pufa-topics] a")
    assert 2 <= topics.count() <= 3
    for i in range(topics.count()):
        assert path_of(topics.nth(i).get_attribute("href")).startswith("/topics/")
    hotline = box.locator("[data-pufa-hotline] a")
    assert hotline.get_attribute("href") == "tel:12348"
    assert "公共法律服务" in box.locator("[data-pufa-hotline]").inner_text()
    expect(box.get_by_role("link", name="普法机关")).to_have_attribute("href", re.compile(r"/agencies/$"))
    width = sized_page.viewport_size["width"]
    assert box.bounding_box()["width"] <= width
    topics.first.click()
    sized_page.wait_for_url("**/topics/*/")
    sized_page.goto(demo_server + "/search/?q=" + quote("离婚量子纠缠"))
    assert results(sized_page), "a query with one known word still finds pages"


def test_no_result_help_offers_the_topic_and_hotline_nearest_the_question(page, demo_server):
    page.goto(demo_server + "/search/?q=" + quote("婚嫁"))
    assert results(page) == []
    box = page.locator("[data-pufa-no-results]")
    expect(box.locator("[data-pufa-topics] a").first).to_have_text("婚姻家庭")
    assert box.locator("[data-pufa-hotline] a").get_attribute("href") == "tel:12338"

