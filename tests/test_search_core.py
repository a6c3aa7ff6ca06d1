"""Search core without MkDocs: folding, tokenising, the legal dictionary, sections and ranking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pufa.core.search.dictionary import law_short_forms, load_synonyms, title_words
from pufa.core.search.page_text import read_blocks
from pufa.core.search.index import (PageInput, build_index, decode_ascending, decode_postings, encode_ascending,
                                   encode_postings, split_sections)
from pufa.core.search.entries import describe_page, kind_of
from pufa.core.search.text import Tokenizer, bigrams, fold, runs, shard_of


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer(["个人信息保护法", "离婚冷静期"])


# folding


def test_fold_makes_full_width_half_width_and_lower_case():
    assert fold("ＡＰＰ投诉１２３１５") == "app投诉12315"


def test_fold_maps_traditional_characters_to_simplified():
    assert fold("離婚冷靜期") == "离婚冷静期"
    assert fold("個人信息保護法") == "个人信息保护法"


def test_fold_writes_arabic_article_numbers_as_statutes_do():
    assert fold("民法典第1077条") == "民法典第一千零七十七条"
    assert fold("民法典1077条") == "民法典第一千零七十七条"
    assert fold("第 10 条") == "第十条"


def test_fold_leaves_other_numbers_alone():
    assert fold("拨打12315投诉") == "拨打12315投诉"


# tokenising


def test_runs_split_chinese_from_latin_and_digits_at_punctuation():
    assert runs(fold("下载App后拨打12315，再说")) == ["下载", "app", "后拨打", "12315", "再说"]


def test_bigrams_cover_every_two_character_span():
    assert list(bigrams("冷静期")) == ["冷静", "静期"]
    assert list(bigrams("法")) == ["法"]


def test_terms_hold_bigrams_dictionary_words_and_latin_tokens(tokenizer):
    terms = tokenizer.terms("《中华人民共和国个人信息保护法》规定，App不得强制索取")
    assert terms["个人信息保护法"] == 1  # the legal dictionary keeps the law's name whole
    assert {"个人", "信息", "息保", "护法"} <= set(terms)
    assert terms["app"] == 1
    assert all(len(t) >= 2 for t in terms if t != "app")


def test_terms_fold_traditional_text_like_the_query(tokenizer):
    assert tokenizer.terms("離婚冷靜期")["离婚冷静期"] == 1


def test_shard_of_depends_on_the_first_two_chinese_characters_only():
    assert shard_of("个人信息保护法", 64) == shard_of("个人", 64)
    assert {shard_of(t, 64) for t in ("离婚", "辞退", "赔偿", "app", "12315")} != {shard_of("离婚", 64)}
    assert all(0 <= shard_of(t, 7) < 7 for t in ("法", "离婚冷静期", "x"))


def test_article_numbers_spread_over_shards_instead_of_filling_one():
    assert len({shard_of(f"art{n}", 64) for n in range(1, 200)}) > 32


def test_ascending_numbers_round_trip_as_their_gaps():
    numbers = [0, 1, 2, 40, 41, 70_000, 70_001, 2_000_000]
    assert decode_ascending(encode_ascending(numbers)) == numbers
    assert len(encode_ascending(list(range(20_000)))) == 20_000  # a page a section: one digit each


def test_postings_round_trip_through_their_compact_text():
    flat = [0, 1, 31, 32, 1023, 1024, 40000, 7]
    assert decode_postings(encode_postings(flat)) == (flat, None)
    assert decode_postings(encode_postings(flat, [0, 5, 6, 700])) == (flat, [0, 5, 6, 700])
    assert len(encode_postings([3, 17] * 50)) == 100  # small numbers take one character


# legal dictionary and synonyms


def test_law_short_forms_drop_the_state_name():
    assert law_short_forms("《中华人民共和国个人信息保护法》") == ["中华人民共和国个人信息保护法", "个人信息保护法"]
    assert law_short_forms("民法典") == ["民法典"]


def test_title_words_take_law_names_from_page_titles():
    words = title_words(["中华人民共和国劳动合同法", "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）", "首页"])
    assert "劳动合同法" in words
    assert "首页" not in words


def test_synonyms_are_folded_and_lists_allowed(tmp_path: Path):
    path = tmp_path / "syn.yml"
    path.write_text("個保法: 个人信息保护法\n辞退: [解除劳动合同, 经济补偿]\n", encoding="utf-8")
    synonyms, problems = load_synonyms(path, tmp_path)
    assert problems == []
    assert synonyms == {"个保法": ("个人信息保护法",), "辞退": ("解除劳动合同", "经济补偿")}


def test_broken_synonym_file_is_reported_with_its_line(tmp_path: Path):
    path = tmp_path / "syn.yml"
    path.write_text("个保法: 个人信息保护法\n消法: [消费者权益保护法\n", encoding="utf-8")
    synonyms, problems = load_synonyms(path, tmp_path)
    assert synonyms == {}
    assert [(p.path, p.code) for p in problems] == [("syn.yml", "search-synonyms-yaml")]
    assert problems[0].line >= 2


def test_synonym_without_text_is_a_problem(tmp_path: Path):
    path = tmp_path / "syn.yml"
    path.write_text("个保法: \n", encoding="utf-8")
    _, problems = load_synonyms(path, tmp_path)
    assert [p.code for p in problems] == ["search-synonyms-value"]


# reading rendered pages


PAGE = """
<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1>
<p class="pufa-summary">一句话摘要。</p>
<aside class="pufa-meta" data-pufa-meta><dl><dt>所释法律</dt><dd>民法典</dd></dl></aside>
<h2 id="how">法律怎么规定</h2>
<p>正文<strong>加粗</strong>部分。</p>
<div class="pufa-list"><ul><li><a href="x">别的页面的标题</a></li></ul></div>
<p id="art-12" class="pufa-article"><strong>第十二条</strong>　条文。</p>
"""


def test_read_blocks_sorts_text_into_summary_meta_headings_and_body():
    blocks = read_blocks(PAGE)
    assert [(b.text, b.heading, b.role) for b in blocks] == [
        ("标题", 1, "body"), ("一句话摘要。", 0, "summary"), ("所释法律", 0, "meta"), ("民法典", 0, "meta"),
        ("法律怎么规定", 2, "body"), ("正文加粗部分。", 0, "body"), ("第十二条 条文。", 0, "body")]
    assert blocks[-1].articles == ["art-12"] and blocks[-1].anchor == "art-12"


def test_the_folded_metadata_is_read_as_meta_without_its_toggle():
    page = PAGE.replace('<aside class="pufa-meta" data-pufa-meta><dl>',
                        '<details class="pufa-meta" data-pufa-meta><summary class="pufa-meta__toggle">法律依据与发布信息'
                        '</summary><dl>').replace("</dl></aside>", "</dl></details>")
    assert [(b.text, b.role) for b in read_blocks(page) if b.role == "meta"] == [("所释法律", "meta"), ("民法典", "meta")]


def long_statute(articles: int = 400) -> str:
    import random

    rng = random.Random(7)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    parts = ['<h1>示例长法规</h1>', '<h2 id="c1">第一章 总则</h2>']
    for n in range(1, articles + 1):
        text = "".join(rng.choice(chars) for _ in range(60))
        parts.append(f'<p id="art-{n}"><strong>第{n}条</strong>　{text}。</p>')
    return "\n".join(parts)


def test_long_page_is_cut_into_sections_that_start_at_articles():
    page = PageInput("statutes/long/", "示例长法规", "法规", long_statute())
    sections = split_sections(0, page)
    assert len(sections) > 5
    assert sections[0].anchor == ""
    assert all(s.anchor.startswith("art-") for s in sections[1:])
    assert all(len(s.fields["body"]) <= 2 * 1500 + 100 for s in sections)
    numbers = [a for s in sections for a in s.articles]
    assert numbers == [f"art-{n}" for n in range(1, 401)]


def test_short_page_is_one_section_with_summary_and_meta():
    sections = split_sections(0, PageInput("laws/x/", "标题", "解读", PAGE, meta="中华人民共和国民法典"))
    assert len(sections) == 1
    assert sections[0].fields["summary"] == "一句话摘要。"
    assert "民法典" in sections[0].fields["meta"] and "art12" in sections[0].fields["meta"]
    assert "别的页面的标题" not in sections[0].fields["body"]


# ranking (impacts precomputed at build time)


def _postings(files: dict[str, str], term: str) -> dict[int, int]:
    meta = json.loads(files["meta.json"])
    shard = json.loads(files[f"s/{shard_of(term, meta['shards'])}.json"])
    flat, _ = decode_postings(shard.get(term, ""))
    doc, out = 0, {}
    for i in range(0, len(flat), 2):
        doc += flat[i]
        out[doc] = flat[i + 1]
    return out


def _doc_urls(files: dict[str, str]) -> list[str]:
    """Each section's URL, read as the browser reads it: page listings, then the section's anchor."""
    meta = json.loads(files["meta.json"])
    meta["starts"] = decode_ascending(meta["starts"])
    entries = [entry for n in range(len(meta["chunks"])) for entry in json.loads(files[f"p/{n}.json"])]
    urls = []
    for page, entry in enumerate(entries):
        end = meta["starts"][page + 1] if page + 1 < len(meta["starts"]) else meta["docs"]
        urls.append(entry[0])
        anchors = [entry[2 * k] for k in range(1, end - meta["starts"][page])]
        urls += [entry[0] + (f"#{anchor}" if anchor else "") for anchor in anchors]
    return urls


def test_title_match_outranks_body_match(tokenizer):
    pages = [PageInput("a/", "离婚冷静期有多长", "解读", "<p>协议离婚要等三十天。</p>"),
             PageInput("b/", "其他问题", "解读", "<p>这里顺便提到离婚冷静期。</p>")]
    files = build_index(pages, tokenizer, {})
    urls = _doc_urls(files)
    scores = {urls[d]: s for d, s in _postings(files, "冷静").items()}
    assert scores["a/"] > scores["b/"]


def test_rare_term_weighs_more_than_common_term(tokenizer):
    pages = [PageInput(f"p{i}/", f"页面{i}", "解读", "<p>法律规定" + ("冷静期" if i == 0 else "") + "</p>")
             for i in range(6)]
    files = build_index(pages, tokenizer, {})
    first = _doc_urls(files).index("p0/")
    assert _postings(files, "冷静")[first] > _postings(files, "规定")[first]


def test_navigation_pages_rank_below_content_with_the_same_text(tokenizer):
    pages = [PageInput("agencies/x/", "同样的标题", "页面", "<p>同样的正文讲离婚冷静期</p>"),
             PageInput("laws/x/", "同样的标题", "解读", "<p>同样的正文讲离婚冷静期</p>")]
    files = build_index(pages, tokenizer, {})
    urls = _doc_urls(files)
    scores = {urls[d]: s for d, s in _postings(files, "冷静").items()}
    assert scores["laws/x/"] > scores["agencies/x/"]


def test_a_page_whose_whole_title_is_typed_holds_a_title_term_on_its_first_section(tokenizer):
    pages = [PageInput("statutes/food/", "中华人民共和国食品安全法", "法规", long_statute(60)),
             PageInput("statutes/food-rules/", "中华人民共和国食品安全法实施条例", "法规", "<p>食品安全法</p>"),
             PageInput("statutes/food/2015/", "中华人民共和国食品安全法", "法规", "<p>旧文本</p>", prior=0.5),
             PageInput("laws/x/", "食品安全法讲什么", "解读", "<p>食品安全法规定……</p>")]
    files = build_index(pages, tokenizer, {})
    urls = _doc_urls(files)
    assert [urls[d] for d in _postings(files, "食品安全法=")] == ["statutes/food/"]
    assert [urls[d] for d in _postings(files, "食品安全法实施条例=")] == ["statutes/food-rules/"]


def test_title_and_summary_words_weigh_more_than_the_same_word_repeated_in_a_long_body(tokenizer):
    pages = [PageInput("laws/a/", "被辞退有经济补偿吗", "解读", "<p>" + "劳动者的权利。" * 40 + "</p>"),
             PageInput("cases/b/", "一起劳动争议", "案例", "<p>" + "经济补偿按工作年限计算。" * 20 + "</p>")]
    files = build_index(pages, tokenizer, {})
    urls = _doc_urls(files)
    scores = {urls[d]: s for d, s in _postings(files, "补偿").items()}
    assert scores["laws/a/"] > scores["cases/b/"]


def test_a_superseded_version_of_a_law_ranks_below_the_text_in_force(tokenizer):
    pages = [PageInput("statutes/x/", "示例法", "法规", "<p>支付令的申请。</p>"),
             PageInput("statutes/x/2001/", "示例法", "法规", "<p>支付令的申请。</p>", prior=0.5)]
    files = build_index(pages, tokenizer, {})
    urls = _doc_urls(files)
    scores = {urls[d]: s for d, s in _postings(files, "支付").items()}
    assert scores["statutes/x/"] > scores["statutes/x/2001/"]


def test_index_groups_pages_by_kind_and_carries_filters_synonyms_and_traditional_table(tokenizer):
    pages = [PageInput("statutes/a/", "甲法", "法规", "<p>離婚</p>"),
             PageInput("laws/b/", "乙", "解读", "<p>离婚</p>", agencies=(("moj", "司法部"),),
                       topics=(("family", "婚姻家庭"),))]
    files = build_index(pages, tokenizer, {"个保法": ("个人信息保护法",)})
    meta = json.loads(files["meta.json"])
    assert meta["kinds"] == [["解读", 0, 1], ["法规", 1, 2]]
    assert meta["agencies"] == [["moj", "司法部", encode_ascending([0])]]
    assert meta["topics"] == [["family", "婚姻家庭", encode_ascending([0])]]
    assert meta["synonyms"] == {"个保法": ["个人信息保护法"]}
    t2s = json.loads(files["t2s.json"])
    pairs = {t2s[i]: t2s[i + 1] for i in range(0, len(t2s), 2)}
    assert pairs["離"] == "离"
    assert json.loads(files["p/0.json"])[0] == ["laws/b/", "乙"]
    assert json.loads(files["d/0.json"]) == {"x": "离婚"}
    # the statute's traditional text was folded, so one posting list holds both pages
    assert len(_postings(files, "离婚")) == 2


def test_long_page_sections_link_to_their_first_article(tokenizer):
    files = build_index([PageInput("statutes/long/", "示例长法规", "法规", long_statute())], tokenizer, {})
    urls = _doc_urls(files)
    assert urls[0] == "statutes/long/"
    assert all(u.startswith("statutes/long/#art-") for u in urls[1:])
    hits = _postings(files, "art250")
    assert len(hits) == 1 and "第250条" in json.loads(files[f"d/{next(iter(hits))}.json"])["x"]


def test_page_listings_come_in_files_of_many_pages_with_readable_addresses(tokenizer, monkeypatch):
    import pufa.core.search.index as search_index

    monkeypatch.setattr(search_index, "CHUNK_BYTES", 200)
    pages = [PageInput(f"statutes/%E6%B3%95{i}/", f"法{i}", "法规", f"<p>条文{i}</p>") for i in range(20)]
    files = build_index(pages, tokenizer, {})
    meta = json.loads(files["meta.json"])
    assert 1 < len(meta["chunks"]) < 20 and meta["chunks"][0] == 0
    first = json.loads(files["p/0.json"])
    assert first[0] == ["statutes/法0/", "法0"]
    assert sum(len(json.loads(files[f"p/{n}.json"])) for n in range(len(meta["chunks"]))) == 20


# pages of the site


def test_kind_follows_the_section_of_the_site():
    assert kind_of("statutes/民法典.md") == "法规"
    assert kind_of("laws/spc/x.md") == "解读"
    assert kind_of("cases/spc/x.md") == "案例"
    assert kind_of("statutes/index.md") == kind_of("agencies/spc.md") == "页面"


def test_lists_of_pages_are_not_results_but_the_pages_they_list_are(demo_catalog):
    """Continued pages of lists and a law's or agency's list of documents lead to content; as
    results they would show only their title (法律解读（第 2 页）) above the content itself."""
    listings = ["laws/page/2.md", "cases/page/3.md", "topics/labour/page/2.md", "statutes/民法典/documents.md",
                "statutes/民法典/documents/page/2.md", "agencies/moj/documents.md", "agencies/moj/documents/page/4.md"]
    assert [src for src in listings if describe_page(demo_catalog, src, "x/", "列表", "<p>x</p>")] == []
    # a law's own texts and a document called documents are content
    for src in ("statutes/民法典.md", "statutes/民法典/合同编.md", "laws/moj/documents.md", "cases/page-1/2.md"):
        assert describe_page(demo_catalog, src, "x/", "正文", "<p>x</p>") is not None, src


def test_explainer_page_carries_its_agency_topics_and_law(demo_catalog):
    explainer = demo_catalog.explainers[0]
    page = describe_page(demo_catalog, explainer.src_uri, explainer.url.lstrip("/"), explainer.title, "<p>x</p>")
    assert page.kind == "解读"
    assert page.agencies[0][0] == explainer.agency
    assert [t for t, _ in page.topics] == list(explainer.topics)
    assert explainer.law in page.meta
    assert describe_page(demo_catalog, "search.md", "search/", "站内搜索", "") is None


def test_explainers_and_cases_carry_the_numbers_of_the_articles_they_cite(demo_catalog):
    # 食品安全法第148条 looks up art148 as on the statute's own sections
    explainer = next(e for e in demo_catalog.explainers if e.articles)
    page = describe_page(demo_catalog, explainer.src_uri, "x/", explainer.title, "<p>x</p>")
    assert all(f"art{a.number}" in page.meta.split() for a in explainer.articles)
    case = next(c for c in demo_catalog.cases if any(r.articles for r in c.laws))
    page = describe_page(demo_catalog, case.src_uri, "x/", case.title, "<p>x</p>")
    assert all(f"art{a.number}" in page.meta.split() for r in case.laws for a in r.articles)


def test_editor_guide_examples_are_not_searched_but_its_prose_is(demo_catalog):
    html = ("<h2>所释法律</h2><p>写法律的全称，例如民法典。</p>"
            "<pre><code>law: 中华人民共和国民法典\nsummary: 离婚冷静期三十天</code></pre>")
    text = lambda src: " ".join(v for s in split_sections(0, describe_page(demo_catalog, src, "x/", "指南", html))
                                for v in s.fields.values())
    assert "写法律的全称" in text("guide/fields.md") and "离婚冷静期" not in text("guide/fields.md")
    assert describe_page(demo_catalog, "guide/fields.md", "x/", "指南", html).kind == "指南"


@pytest.mark.parametrize("src_uri", ["index.md", "about.md", "calendar/index.md", "calendar/spc.md",
                                     "report/index.md", "report/spc.md", "feeds/index.md", "kiosk/index.md",
                                     "agencies/spc.md", "topics/marriage-family.md", "laws/index.md",
                                     "statutes/index.md", "statutes/category/law.md", "search.md"])
def test_only_content_is_a_result(demo_catalog, src_uri):
    html = "<h2>离婚冷静期</h2><p>离婚冷静期三十日。</p>"
    assert describe_page(demo_catalog, src_uri, "x/", "离婚冷静期", html) is None


@pytest.fixture(scope="module")
def demo_catalog():
    from conftest import REPO
    from pufa.core.content.loading import load_content

    return load_content(REPO / "content", REPO).catalog


def test_very_common_terms_keep_their_best_postings_and_a_bitmap_of_all_their_sections(tokenizer, monkeypatch):
    import pufa.core.search.index as search_index

    monkeypatch.setattr(search_index, "MAX_POSTINGS", 3)
    pages = [PageInput(f"p{i}/", f"页面{i}", "解读", "<p>" + "规定，" * (i + 1) + "另有冷静期</p>") for i in range(6)]
    pages += [PageInput(f"q{i}/", f"其他{i}", "解读", "<p>别的内容</p>") for i in range(30)]
    files = build_index(pages, tokenizer, {})
    meta = json.loads(files["meta.json"])
    shard = json.loads(files[f"s/{shard_of('规定', meta['shards'])}.json"])
    flat, members = decode_postings(shard["规定"])
    assert len(flat) == 2 * 3
    kept = _postings(files, "规定")
    urls = _doc_urls(files)
    assert {urls[d] for d in kept} == {"p3/", "p4/", "p5/"}  # the pages that say it most
    assert {urls[d] for d in members} == {f"p{i}/" for i in range(6)}  # and which pages say it at all


def test_segmentation_cache_is_reused_and_tied_to_the_dictionary(tmp_path: Path):
    from pufa.core.search.text import load_word_cache, save_word_cache

    first = Tokenizer(["离婚冷静期"])
    terms = first.terms("协议离婚有离婚冷静期")
    path = tmp_path / "cache.json"
    save_word_cache(path, first)
    again = Tokenizer(["离婚冷静期"], cache=load_word_cache(path, Tokenizer(["离婚冷静期"]).dictionary_key))
    assert again.cache and again.terms("协议离婚有离婚冷静期") == terms
    assert load_word_cache(path, Tokenizer(["个人信息保护法"]).dictionary_key) == {}
    assert load_word_cache(tmp_path / "missing.json", first.dictionary_key) == {}


def test_priming_in_parallel_gives_the_same_words_as_one_by_one():
    texts = [f"第{n}条 用人单位解除劳动合同应当支付经济补偿，离婚冷静期三十天。{n}" for n in range(300)]
    parallel, serial = Tokenizer(["离婚冷静期"]), Tokenizer(["离婚冷静期"])
    parallel.prime(texts)
    assert [parallel.terms(t) for t in texts] == [serial.terms(t) for t in texts]


# caching between builds


def _site_pages(changed: str = "") -> list[PageInput]:
    pages = [PageInput("statutes/long/", "示例长法规", "法规", long_statute(120))]
    pages += [PageInput(f"laws/p{i}/", f"离婚冷静期问题{i}", "解读",
                        f"<p>协议离婚要等三十天。第{i}段{changed if i == 3 else ''}</p>") for i in range(8)]
    return pages


def test_rebuild_after_one_page_changed_gives_the_same_index_as_a_cold_build(tmp_path: Path):
    from pufa.core.search.cache import PageCache

    first = PageCache(tmp_path / "pages")
    build_index(_site_pages(), Tokenizer(["离婚冷静期"]), {}, first)
    first.save()
    again = PageCache(tmp_path / "pages")
    warm = build_index(_site_pages("另有新增内容"), Tokenizer(["离婚冷静期"]), {}, again)
    assert len(again.new) == 1  # only the changed page was read again
    again.save()
    cold = build_index(_site_pages("另有新增内容"), Tokenizer(["离婚冷静期"]), {})
    assert warm == cold
    assert len(list((tmp_path / "pages").glob("*.pickle"))) == 9  # the old version of that page is gone


def test_unreadable_cache_entry_is_read_again_from_the_page(tmp_path: Path):
    from pufa.core.search.cache import PageCache

    first = PageCache(tmp_path / "pages")
    build_index(_site_pages(), Tokenizer(["离婚冷静期"]), {}, first)
    first.save()
    for path in (tmp_path / "pages").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    again = PageCache(tmp_path / "pages")
    assert build_index(_site_pages(), Tokenizer(["离婚冷静期"]), {}, again) == build_index(
        _site_pages(), Tokenizer(["离婚冷静期"]), {})
    assert len(again.new) == 9


def test_body_text_is_found_by_its_bigrams_without_being_segmented(tokenizer):
    pages = [PageInput("a/", "甲", "解读", "<p>这里说的是离婚冷静期的规定。</p>")]
    files = build_index(pages, tokenizer, {})
    assert _postings(files, "冷静") and _postings(files, "静期")
    assert not _postings(files, "离婚冷静期")  # words come from titles, summaries, headings, metadata


def family_statute() -> str:
    """Part of a code whose sections (节) change inside one search section of about 1,200 characters."""
    import random

    rng = random.Random(11)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    parts = ["<h1>示例法典</h1>", '<h2 id="b5">第五编 婚姻家庭</h2>', '<h3 id="c3">第三章 家庭关系</h3>',
             '<h4 id="s1">第一节 夫妻关系</h4>']
    for n in range(1040, 1076):
        if n == 1063:
            parts.append('<h4 id="s2">第二节 父母子女关系和其他近亲属关系</h4>')
        text = "".join(rng.choice(chars) for _ in range(150))
        if n == 1063:
            text = "下列财产为夫妻一方的个人财产：一方的婚前财产。" + text
        parts.append(f'<p id="art-{n}"><strong>第{n}条</strong>　{text}。</p>')
    return "\n".join(parts)


def test_statute_sections_know_the_chapter_and_section_of_each_article(tokenizer):
    files = build_index([PageInput("statutes/code/", "示例法典", "法规", family_statute())], tokenizer, {})
    meta = json.loads(files["meta.json"])
    places = [place for doc in range(meta["docs"]) for place in json.loads(files[f"d/{doc}.json"]).get("a", [])]
    assert [anchor for _, anchor, _ in places] == [f"art-{n}" for n in range(1040, 1076)]
    for _, anchor, label in places:
        part = "第一节 夫妻关系" if int(anchor.split("-")[1]) < 1063 else "第二节 父母子女关系和其他近亲属关系"
        assert label == "第五编 婚姻家庭 第三章 家庭关系 " + part, anchor
    # the section holding article 1063 starts earlier, in 第一节: its text shows where 1063 begins
    doc = next(d for d in range(meta["docs"]) if any(a == "art-1063" for _, a, _ in
                                                      json.loads(files[f"d/{d}.json"]).get("a", [])))
    data = json.loads(files[f"d/{doc}.json"])
    offset = next(o for o, a, _ in data["a"] if a == "art-1063")
    assert data["a"][0][1] != "art-1063" and data["a"][0][2].endswith("第一节 夫妻关系")
    assert data["x"][offset:].startswith("第1063条")
    listing = json.loads(files["p/0.json"])[0]
    headings = dict(zip(listing[2::2], listing[3::2]))
    assert headings[data["a"][0][1]] == data["a"][0][2]  # the result's label before its snippet arrives


def test_vocabulary_words_carry_full_pinyin_and_initials_for_the_kiosk_keyboard():
    from pufa.core.search.pinyin import pinyin_words

    words = {w.word: (w.full, w.initials) for w in pinyin_words(["离婚冷静期", "银行卡", "绿色", "第十二条", "x离婚"])}
    assert words == {"离婚冷静期": ("lihunlengjingqi", "lhljq"), "银行卡": ("yinhangka", "yhk"), "绿色": ("lvse", "ls")}


def test_index_ships_pinyin_of_the_site_vocabulary_and_readings_of_everyday_characters(tokenizer):
    pages = [PageInput("laws/x/", "离婚冷静期多久", "解读", "<p class='pufa-summary'>协议离婚要等三十日。</p>")]
    files = build_index(pages, tokenizer, {"欠薪": ("拖欠工资",)}, vocabulary=["个人信息保护法"])
    data = json.loads(files["py.json"])
    # a Chinese query's homophones load the same words and readings without the initials
    assert json.loads(files["sounds.json"]) == {"w": data["w"], "r": data["r"]}
    assert data["w"]["lihun"] == ["离婚"] and data["w"]["lihunlengjingqi"] == ["离婚冷静期"]
    assert data["w"]["tuoqiangongzi"] == ["拖欠工资"] and data["i"]["grxxbhf"] == ["个人信息保护法"]
    assert "昏" in data["r"]["hun"] and "婚" in data["r"]["hun"]
    assert "婚冷" not in [w for words in data["w"].values() for w in words]  # a bigram is not a word
