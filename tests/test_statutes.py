"""The statute library: importing real texts from the shared corpus, anchors, law pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXPLAINER, REPO, mkdocs_build
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
    assert sorted(result.not_legal) == ["其他/人体损伤程度鉴定标准(2014-01-01).md", "其他/劳动仲裁和劳动诉讼的攻略.md"]
    # four laws are filed word for word under two categories (反电信网络诈骗法 in 社会法 and 行政法 …)
    assert len(result.duplicates) == 4 and "行政法/反电信网络诈骗法(2022-09-02).md" in result.duplicates
    left_out = {*result.not_legal, *result.duplicates}
    sources = [p for p in corpus.rglob("*.md")
               if p.name != "_index.md" and p.relative_to(corpus).as_posix() not in left_out]
    assert result.statutes + result.cases == len(sources) == 1558
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


def pufa_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pufa.cli", "--root", str(root), *args], capture_output=True, text=True)


GUIDE = "其他/劳动仲裁和劳动诉讼的攻略.md"
STANDARD = "其他/人体损伤程度鉴定标准(2014-01-01).md"


def test_files_that_are_not_legal_texts_are_left_out_with_a_note(corpus, project, tmp_path):
    source = tmp_path / "source"
    for rel in (GUIDE, STANDARD, "刑法/刑法.md"):
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / rel, source / rel)
    # the same third-party guide filed under a legal category is still recognised by its credit line
    (source / "社会法").mkdir()
    shutil.copy(corpus / GUIDE, source / "社会法/劳动仲裁攻略.md")
    root = project()
    # an earlier import made the guide a 法规 page
    old = root / "content/statutes/劳动仲裁和劳动诉讼的攻略.md"
    old.parent.mkdir(parents=True)
    old.write_text(f"---\ntitle: 劳动仲裁和劳动诉讼的攻略\nsource: {GUIDE}\n---\n\n攻略正文。\n", encoding="utf-8")

    result = pufa_cli(root, "import-statutes", str(source), "--no-cases")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert [p.name for p in (root / "content/statutes").iterdir()] == ["刑法.md"]
    lines = result.stdout.splitlines()
    assert f"{GUIDE}:1: “其他/”不是法律法规的分类（来源说明列出的分类中没有它），其中的文件不是法律文本，未作为法规导入" in lines
    assert f"{STANDARD}:1: “其他/”不是法律法规的分类（来源说明列出的分类中没有它），其中的文件不是法律文本，未作为法规导入" in lines
    assert ("社会法/劳动仲裁攻略.md:3: 标题区注明了出处“该攻略出自”，这是第三方撰写的文章而不是法律文本，未作为法规导入"
            in lines), lines
    assert f"{GUIDE}:1: 此前导入的 劳动仲裁和劳动诉讼的攻略.md 已删除（见上一条，此文件不再导入）" in lines
    assert "导入 1 部法律法规" in lines[-1] and "3 个文件不是法律文本，未导入" in lines[-1]

    loaded = load_content(root / "content", root)
    assert loaded.ok, [str(p) for p in loaded.problems]
    assert [law.title for law in loaded.catalog.laws() if law.texts] == ["中华人民共和国刑法"]


def test_import_cited_takes_only_the_laws_the_content_cites(project, sample_source, corpus):
    shutil.copytree(corpus / "行政法", sample_source / "行政法",
                    ignore=lambda folder, names: [n for n in names if not n.startswith("法律援助法")])
    cites_criminal_law = EXPLAINER.replace("第三十一条列出了可以申请法律援助的事项。",
                                           "第三十一条列出了可以申请法律援助的事项。\n\n虐待家庭成员的，依照刑法第二百六十条处理。")
    root = project({"content/laws/moj/legal-aid.md": cites_criminal_law})
    statutes = root / "content/statutes"
    # the whole library first, where this repository does not commit it
    assert pufa_cli(root, "import-statutes", str(sample_source), "--no-cases", "--library").returncode == 0
    assert sorted(p.relative_to(statutes).parts[0] for p in statutes.rglob("*.md")) == ["library"] * 6

    result = pufa_cli(root, "import-statutes", str(sample_source), "--no-cases", "--cited")
    assert result.returncode == 0, result.stderr
    # the law in the metadata, the law cited only in the text; not 民法典, 刑法修正案, the interpretation
    assert sorted(p.name for p in statutes.glob("*.md")) == ["刑法.md", "法律援助法-2021-08-20.md"]
    assert len(list((statutes / "library").glob("*.md"))) == 4  # moved out of the library, not copied
    assert "4 个法规文本内容未引用，未导入" in result.stdout.splitlines()[-1]
    loaded = load_content(root / "content", root)
    assert loaded.ok and not [p for p in loaded.problems if p.code == "unresolved-citation"]


def test_a_clean_copy_of_the_repository_shows_article_text_without_the_corpus(tmp_path):
    """What a fresh clone builds: the committed files only (tracked, or new and not ignored), far
    from ../shared: citations still show the article text, and every law the demo names has its text."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "fresh" / "pufa"
    for rel in filter(None, listed):
        if (REPO / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / rel, clone / rel)
    assert not (clone.parent.parent / "shared").exists() and not (clone / "content/statutes/library").exists()

    loaded = load_content(clone / "content", clone)
    assert loaded.ok
    assert [law.title for law in loaded.catalog.laws() if not law.texts] == []

    result = mkdocs_build(clone / "mkdocs.yml", tmp_path / "site")
    assert result.error is None, "\n".join(result.logs[-20:])
    explainer = (result.site / "laws/spc/divorce-cooling-off-period/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="pufa-cite" href="[^"]*/#art-1077" title="第一千零七十七条 自婚姻登记机关收到离婚登记申请'
                     r'之日起三十日内，任何一方不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请', explainer)
    code = (result.site / "statutes/民法典/婚姻家庭编/index.html").read_text(encoding="utf-8")
    assert 'id="art-1077"' in code and "撤回离婚登记申请" in code


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
