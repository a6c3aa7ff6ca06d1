"""The catalog's related documents: the cases applying what an explainer explains, and back."""

from __future__ import annotations

import datetime as dt

from pufa.core.content.catalog import Catalog
from pufa.core.content.model import Article, Case, Explainer, LawRef

DAY = dt.date(2026, 1, 1)


def explainer(slug: str, law: str, *articles: int) -> Explainer:
    return Explainer(f"content/laws/moj/{slug}.md", "moj", slug, slug, "", (), DAY, "", 1, "已发布", (),
                     law=law, articles=tuple(Article(n) for n in articles))


def case(slug: str, *laws: LawRef) -> Case:
    return Case(f"content/cases/moj/{slug}.md", "moj", slug, slug, "", (), DAY, "", 1, "已发布", (), laws=laws)


E1 = explainer("e1", "民法典", 1077)
E2 = explainer("e2", "中华人民共和国民法典")  # the whole law: related to every case applying it
E3 = explainer("e3", "刑法", 20)
C1 = case("c1", LawRef("民法典", (Article(1077),)), LawRef("刑法", (Article(20),)))
C2 = case("c2", LawRef("《中华人民共和国民法典》", (Article(1079),)), LawRef("民法典", (Article(1080),)))
C3 = case("c3", LawRef("劳动法", (Article(50),)))
CATALOG = Catalog((), (), (E1, E2, E3), (C1, C2, C3))


def test_cases_for_an_explainer_share_its_law_and_an_article_in_catalog_order():
    assert CATALOG.cases_for(E1) == (C1,)
    assert CATALOG.cases_for(E2) == (C1, C2)  # however the law's name is written; C2 listed once
    assert CATALOG.cases_for(E3) == (C1,)


def test_explainers_for_a_case_come_once_each_in_catalog_order():
    assert CATALOG.explainers_for(C1) == (E1, E2, E3)
    assert CATALOG.explainers_for(C2) == (E2,)
    assert CATALOG.explainers_for(C3) == ()


def test_no_text_of_a_law_takes_the_address_of_the_laws_list_of_documents():
    from pufa.core import routes
    from pufa.core.content.catalog import place_texts
    from pufa.core.content.model import Statute

    parts = [Statute(f"content/statutes/code-{n}.md", "某法典", "", 1, part=part) for n, part in
             enumerate(("documents", "总则"))]
    srcs = [text.src_uri for text in place_texts("某法典", parts)]
    assert routes.documents_src(routes.law_src("某法典")) == "statutes/某法典/documents.md"
    assert srcs == ["statutes/某法典/documents-2.md", "statutes/某法典/总则.md"]


# the definition the indexes must agree with: the same law, and a shared article unless one names none
def _related(a: LawRef, b: LawRef) -> bool:
    from pufa.core.content.catalog import law_key

    same_law = law_key(a.law) == law_key(b.law)
    return same_law and (not a.articles or not b.articles or bool(set(a.articles) & set(b.articles)))


def test_related_documents_are_those_the_pairwise_definition_finds():
    from hypothesis import given, settings, strategies as st

    laws = st.sampled_from(["民法典", "中华人民共和国民法典", "刑法", "劳动法"])
    articles = st.lists(st.integers(1, 4).map(Article), max_size=3, unique=True).map(tuple)
    refs = st.builds(LawRef, laws, articles)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(laws, articles), min_size=1, max_size=6), st.lists(st.lists(refs, min_size=1, max_size=3),
                                                                                 max_size=6))
    def check(explainer_refs, case_refs):
        explainers = tuple(explainer(f"e{n}", law, *(a.number for a in arts))
                           for n, (law, arts) in enumerate(explainer_refs))
        cases = tuple(case(f"c{n}", *r) for n, r in enumerate(case_refs))
        catalog = Catalog((), (), explainers, cases)
        for e in explainers:
            assert catalog.cases_for(e) == tuple(c for c in cases if any(_related(e.law_refs[0], r) for r in c.laws))
        for c in cases:
            assert catalog.explainers_for(c) == tuple(e for e in explainers
                                                      if any(_related(e.law_refs[0], r) for r in c.laws))

    check()
