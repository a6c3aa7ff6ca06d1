"""The statute library: importing real texts from the shared corpus, anchors, law pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXPLAINER, mkdocs_build
from pufa.core.statutes.importer import import_corpus, parse_source
from pufa.core.content.loading import load_content
from pufa.core.content.model import Article
from pufa.core.content.reading import decode
from pufa.core.statutes.texts import find_articles

SAMPLES = [
    "民法典/婚姻家庭编.md",
    "民法典/总则.md",
    "刑法/刑法.md",
    "刑法/刑法修正案（十一）.md",
    "司法解释/最高人民法院关于适用《民法典》婚姻家庭编的解释（二）(2025-01-15).md",
    "案例/民法典/常某某诉许某网络服务合同案.md",
]


@pytest.fixture
def sample_source(corpus, tmp_path) -> Path:
    source = tmp_path / "source"
    for rel in SAMPLES:
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / rel, source / rel)
    return source


def front(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---")[1]


def test_import_sample_files_into_statutes_and_cases(project, sample_source):
    root = project()
    result = import_corpus(sample_source, root / "content", "moj", today=dt.date(2026, 11, 25))
    assert (result.statutes, result.cases) == (5, 1)
    statutes = sorted(p.name for p in (root / "content/statutes").glob("*.md"))
    assert "刑法.md" in statutes and "婚姻家庭编.md" in statutes
    marriage = front(root / "content/statutes/婚姻家庭编.md")
    assert "title: 中华人民共和国民法典" in marriage and "part: 婚姻家庭编" in marriage
    assert "promulgated: 2020-05-28" in marriage and "source: 民法典/婚姻家庭编.md" in marriage
    criminal = front(root / "content/statutes/刑法.md")
    assert "promulgated: 2023-12-29" in criminal  # the latest amendment in the history lines
    assert "event: 第十四届全国人民代表大会常务委员会第七次会议通过的《中华人民共和国刑法修正案（十二）》" in criminal
    interpretation = front(next((root / "content/statutes").glob("最高人民法院关于适用*")))
    assert "issuer: 最高人民法院" in interpretation
    case = root / "content/cases/moj/常某某诉许某网络服务合同案.md"
    assert "title: 公序良俗原则在“暗刷流量”合同效力认定中的适用" in front(case)
    assert "source: 案例/民法典/常某某诉许某网络服务合同案.md" in front(case)

    loaded = load_content(root / "content", root)
    assert loaded.ok, [str(p) for p in loaded.problems]
    law = loaded.catalog.laws_by_key["刑法"]
    found = law.find_article(Article(17, 1))
    assert found is not None and found[1].text.startswith("第十七条之一 已满七十五周岁的人")
    marriage_law = loaded.catalog.laws_by_key["民法典"]
    text, article = marriage_law.find_article(Article(1077))
    assert text.src_uri == "statutes/民法典/婚姻家庭编.md" and "撤回离婚登记申请" in article.text


def test_reimport_updates_in_place_keyed_by_source(project, sample_source):
    root = project()
    import_corpus(sample_source, root / "content", "moj")
    renamed = root / "content/statutes/criminal-law.md"
    (root / "content/statutes/刑法.md").rename(renamed)
    path = sample_source / "刑法/刑法.md"
    path.write_text(path.read_text(encoding="utf-8").replace("第四百五十二条 本法自", "第四百五十二条 本法自\n"),
                    encoding="utf-8")
    again = import_corpus(sample_source, root / "content", "moj")
    assert again.written == [renamed]
    assert not (root / "content/statutes/刑法.md").exists()
    assert len(list((root / "content/statutes").glob("*.md"))) == 5
    assert len(import_corpus(sample_source, root / "content", "moj").unchanged) == 6


def test_whole_corpus_imports_without_loss(corpus, tmp_path):
    content = tmp_path / "content"
    result = import_corpus(corpus, content, "spc")
    sources = [p for p in corpus.rglob("*.md") if p.name != "_index.md"]
    assert result.statutes + result.cases == len(sources) == 1564
    assert len(result.skipped) == 20
    by_source = {}
    for path in content.rglob("*.md"):
        match = re.search(r"^source: (.+)$", path.read_text(encoding="utf-8"), re.M)
        by_source[match.group(1).strip("'\"")] = path
    assert len(by_source) == len(sources)
    for source in sources:
        original = decode(source.read_bytes()).text
        doc, _ = parse_source(original, source.relative_to(corpus).as_posix())
        imported = by_source[source.relative_to(corpus).as_posix()].read_text(encoding="utf-8")
        body = imported.split("\n---\n", 1)[1]
        # every article once, in order, with the same text
        want = [(a.article, a.text) for a in find_articles("\n".join(doc.body_lines))]
        got = [(a.article, a.text) for a in find_articles(body)]
        assert got == want, source
        # every line of the source body is still there, in order
        lines = [line.strip() for line in body.split("\n") if line.strip()]
        source_lines = [line.strip() for line in doc.body_lines if line.strip()]
        assert lines == source_lines, source
    assert result.articles > 60000


def test_full_corpus_site_builds_with_anchors_links_and_source_meta(corpus, tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", root / "content")
    shutil.copytree(Path(__file__).resolve().parent.parent / "docs", root / "docs")
    (root / "mkdocs.yml").write_text(
        "site_name: 普法\nsite_url: http://127.0.0.1/\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - pufa/content\n", encoding="utf-8")
    import_corpus(corpus, root / "content", "spc")
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs[-20:])
    site = result.site
    criminal = (site / "statutes/刑法/index.html").read_text(encoding="utf-8")
    assert '<meta name="pufa-source" content="刑法/刑法.md">' in criminal
    assert 'id="art-17-1"' in criminal and 'id="art-287-2"' in criminal
    assert re.search(r'<a class="pufa-cite" href="#art-313" title="第三百一十三条 [^"]+">本法第三百一十三条</a>', criminal)
    marriage = (site / "statutes/民法典/婚姻家庭编/index.html").read_text(encoding="utf-8")
    assert 'id="art-1077"' in marriage
    explainer = (site / "laws/spc/divorce-cooling-off-period/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="../../../statutes/%E6%B0%91%E6%B3%95%E5%85%B8/%E5%A9%9A%E5%A7%BB%E5%AE%B6%E5%BA%AD%E7%BC%96/#art-1077"', explainer)
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    assert len(sizes) > 1600 and max(sizes) < 500_000
    warnings = [line for line in result.logs if line.startswith("WARNING")]
    assert warnings == [], warnings[:5]


def test_article_numbers_with_zhi_yi_and_large_numbers():
    body = "## 第一章\n\n第十条 甲。\n\n第十条之一 乙。\n\n第一千二百六十条 丙。\n第二款。\n"
    articles = find_articles(body, 1)
    assert [a.article for a in articles] == [Article(10), Article(10, 1), Article(1260)]
    assert [a.line for a in articles] == [3, 5, 7]
    assert articles[2].text == "第一千二百六十条 丙。\n第二款。"
    assert Article(1260).anchor == "art-1260" and Article(10, 1).anchor == "art-10-1"
    assert Article(10, 1).label == "第十条之一"


def test_statute_file_checks_report_line_and_field(project):
    statute = "---\ntitle: 中华人民共和国测试法\npromulgated: 2020-02-30\nstatus: 有效\n---\n\n第一条 甲。\n\n第一条 乙。\n"
    root = project({"content/statutes/test.md": statute})
    problems = {(p.line, p.field, p.code) for p in load_content(root / "content", root).problems}
    assert (3, "promulgated", "impossible-date") in problems
    assert (4, "status", "bad-choice") in problems
    assert (9, "body", "duplicate-article") in problems


def test_versions_of_one_law_get_one_current_text(project):
    old = "---\ntitle: 中华人民共和国法律援助法\npromulgated: 2019-01-01\n---\n\n第一条 旧。\n"
    new = ("---\ntitle: 中华人民共和国法律援助法\npromulgated: 2021-08-20\n---\n\n第一条 新。\n\n第三十一条 可以申请。\n"
           "\n第三十二条 不受限制。\n")  # the explainer lists articles 31 and 32
    root = project({"content/statutes/a-old.md": old, "content/statutes/a-new.md": new,
                    "content/laws/moj/legal-aid.md": EXPLAINER + "\n依照《法律援助法》第三十一条。\n"})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, result.logs
    law_page = (result.site / "statutes/法律援助法/index.html").read_text(encoding="utf-8")
    assert "现行有效" in law_page and "第一条</strong>　新。" in law_page
    old_page = (result.site / "statutes/法律援助法/2019-01-01/index.html").read_text(encoding="utf-8")
    assert "已被修改" in old_page and "data-pufa-superseded" in old_page
    explainer = (result.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")
    assert 'href="../../../statutes/%E6%B3%95%E5%BE%8B%E6%8F%B4%E5%8A%A9%E6%B3%95/#art-31"' in explainer
