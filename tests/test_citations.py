"""Citation parsing and linking: every form that must link, and near misses that must not."""

from __future__ import annotations

import re

import pytest

from conftest import EXPLAINER
from pufa.core.statutes.citations import CitationIndex, check_citations, link_citations
from pufa.core.content.loading import load_content
from pufa.render.pages import href

MARRIAGE = """---
title: 中华人民共和国民法典
part: 婚姻家庭编
short_names: [民法典]
promulgated: 2020-05-28
---

第一千零七十六条 夫妻双方自愿离婚的，应当签订书面离婚协议。

第一千零七十七条 自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方不愿意离婚的，可以撤回申请。

前款规定期限届满后三十日内，双方应当亲自到婚姻登记机关申请发给离婚证。
"""

CRIMINAL = """---
title: 中华人民共和国刑法
short_names: [刑法]
---

第三条 法律明文规定为犯罪行为的，依照法律定罪处刑。

第九十六条 本法所称违反国家规定，是指违反国家法律。

第二百六十四条 盗窃公私财物，数额较大的，处三年以下有期徒刑。

第二百八十七条之二 明知他人利用信息网络实施犯罪，为其提供帮助的，处三年以下有期徒刑。依照本法第三条处理。
"""

CONTRACT = """---
title: 中华人民共和国合同法
---

第八十二条 合同法的条文。
"""


@pytest.fixture
def index(project):
    root = project({"content/statutes/marriage.md": MARRIAGE, "content/statutes/criminal.md": CRIMINAL,
                    "content/statutes/contract.md": CONTRACT})
    result = load_content(root / "content", root)
    assert result.ok, result.problems
    return CitationIndex(result.catalog)


def links(text: str, index: CitationIndex, scope: str | None = None) -> list[tuple[str, str]]:
    """(linked text, target) pairs of the citations linked in `text`."""
    out, _ = link_citations(text, index, "laws/moj/page.md", href, scope)
    return [(m.group(1), m.group(2)) for m in re.finditer(r"\[([^\]]+)\]\(([^ ]+) \"[^\"]*\"\)\{: \.pufa-cite \}", out)]


MARRIAGE_URL = "../../statutes/%E6%B0%91%E6%B3%95%E5%85%B8/%E5%A9%9A%E5%A7%BB%E5%AE%B6%E5%BA%AD%E7%BC%96.md"
CRIMINAL_URL = "../../statutes/%E5%88%91%E6%B3%95.md"


@pytest.mark.parametrize("text, linked, anchor", [
    ("依照《中华人民共和国民法典》第一千零七十七条的规定", "《中华人民共和国民法典》第一千零七十七条", "art-1077"),
    ("《民法典》第1077条规定了冷静期", "《民法典》第1077条", "art-1077"),
    ("民法典第一千零七十七条第二款规定", "民法典第一千零七十七条第二款", "art-1077"),
    ("根据刑法第二百六十四条，", "刑法第二百六十四条", "art-264"),
    ("触犯《刑法》第287条之二", "《刑法》第287条之二", "art-287-2"),
])
def test_citation_forms_link_to_the_article(index, text, linked, anchor):
    [(label, target)] = links(text, index)
    assert label == linked
    assert target.endswith("#" + anchor)
    assert target.startswith(MARRIAGE_URL if "1077" in anchor else CRIMINAL_URL)


def test_preview_is_the_article_text(index):
    out, _ = link_citations("《民法典》第1077条", index, "laws/moj/page.md", href)
    assert '"第一千零七十七条 自婚姻登记机关收到离婚登记申请之日起三十日内' in out
    assert "前款规定期限届满后三十日内" in out  # the second paragraph (款) belongs to the article


def test_ben_fa_inside_a_statute_links_within_it(index):
    [(label, target)] = links("依照本法第三条处理。", index, scope="刑法")
    assert label == "本法第三条" and target.endswith("#art-3")


def test_gai_fa_refers_to_the_law_cited_before(index):
    found = links("《刑法》第二百六十四条规定了盗窃罪，该法第九十六条解释了用语。", index)
    assert [label for label, _ in found] == ["《刑法》第二百六十四条", "该法第九十六条"]
    assert found[1][1].endswith("#art-96")


def test_list_of_articles_after_a_citation(index):
    found = links("《民法典》第一千零七十六条、第一千零七十七条", index)
    assert [t.rsplit("#", 1)[1] for _, t in found] == ["art-1076", "art-1077"]


@pytest.mark.parametrize("text", [
    "第三条规定，法律面前人人平等。",  # no law in scope
    "《民法典》规定了很多内容。\n\n第三条规定，法律面前人人平等。",  # the law is in another paragraph
    "《民法典学习读本》第三条讲的是婚姻。",  # a book that is not a law
    "劳动合同法第八十二条规定了二倍工资。",  # only 合同法 is known: must not link it
    "本法第三条",  # 本法 outside a statute
    "该法第九十六条",  # nothing cited before
    "`刑法第二百六十四条`",  # code
    "## 刑法第二百六十四条",  # heading
])
def test_near_misses_are_not_linked(index, text):
    assert links(text, index) == []


def test_unresolvable_citations_are_warnings_with_file_and_line(project):
    body = EXPLAINER + "\n依照《中华人民共和国法律援助法》第九十九条。\n\n另见《某某市物业管理条例》第五条。\n"
    # articles 31 and 32, as the explainer's metadata lists (a missing one is an error of its own)
    statute = "---\ntitle: 中华人民共和国法律援助法\n---\n\n第三十一条 可以申请法律援助。\n\n第三十二条 不受限制。\n"
    root = project({"content/laws/moj/legal-aid.md": body, "content/statutes/legal-aid-law.md": statute})
    result = load_content(root / "content", root)
    warnings = [(p.path, p.line, p.field, p.code) for p in result.problems]
    assert warnings == [("content/laws/moj/legal-aid.md", 18, "body", "unresolved-citation"),
                        ("content/laws/moj/legal-aid.md", 20, "body", "unresolved-citation")]
    messages = [p.message for p in result.problems]
    assert "没有第九十九条" in messages[0] and "《某某市物业管理条例》不在本站法律库中" in messages[1]
    assert result.ok  # warnings do not stop the build
    assert check_citations(result.catalog) == [p for p in result.problems]


def test_article_declared_in_metadata_puts_the_law_in_scope(project):
    statute = "---\ntitle: 中华人民共和国法律援助法\n---\n\n第三十一条 可以申请法律援助。\n\n第三十二条 不受经济困难条件限制。\n"
    body = EXPLAINER + "\n第三十二条还规定了几种情形。第五十条不在元数据里。\n"
    root = project({"content/laws/moj/legal-aid.md": body, "content/statutes/legal-aid-law.md": statute})
    result = load_content(root / "content", root)
    index = CitationIndex(result.catalog)
    from pufa.core.statutes.citations import declared_articles
    out, _ = link_citations(result.catalog.explainers[0].body, index, "laws/moj/legal-aid.md", href,
                            declared=declared_articles(result.catalog.explainers[0].law_refs))
    assert "[第三十二条](" in out and "[第五十条](" not in out
