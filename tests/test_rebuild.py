"""The editors' preview: a save renders only what it changed, the result is the site a full build
makes, drafts are shown there and never in `mkdocs build`; caches follow the code version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASE, EXPLAINER, MKDOCS_YML as CONFIG_TAIL, Preview, mkdocs_build, replace, write_project

MKDOCS = [sys.executable, "-m", "mkdocs"]
EXPLAINER_PAGE = "laws/moj/legal-aid/index.html"
STATUTE = "---\ntitle: 中华人民共和国法律援助法\npromulgated: 2021-08-20\n---\n\n第三十一条 可以申请。\n\n第三十二条 不受限制。\n"


def written(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def contents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1785000000")  # one build day for the builds compared


def test_a_save_renders_the_changed_page_and_what_lists_it_and_gives_the_full_build(project, tmp_path, fixed_day):
    every_plugin = CONFIG_TAIL + "  - pufa/search\n  - pufa/kiosk\n  - pufa/calendar\n  - pufa/feeds\n"
    root = project({"content/cases/moj/wage-case-2.md": CASE.replace("农民工讨薪", "外卖骑手讨薪"),
                    "content/statutes/legal-aid-law.md": STATUTE, "mkdocs.yml": every_plugin})
    with Preview(root / "mkdocs.yml", tmp_path / "served") as preview:
        first = preview.build()
        assert first.error is None, "\n".join(first.logs)
        before = written(first.site)

        # a sentence in an explainer's body: its page changes, no list shows bodies
        write_project(root, {"content/laws/moj/legal-aid.md": EXPLAINER + "\n新增的一句话。\n"})
        second = preview.build()
        assert second.error is None, "\n".join(second.logs)
        after = written(second.site)
        rewritten = {page for page in after if after[page] != before.get(page)}
        # index.html holds <!-- pufa:latest -->, 404.html is a theme template: both are always made
        assert rewritten == {EXPLAINER_PAGE, "index.html", "404.html"}
        assert "新增的一句话" in (second.site / EXPLAINER_PAGE).read_text(encoding="utf-8")

        # a new title: the lists that show it (agency, topic, law, explainers' index …) follow
        write_project(root, {"content/laws/moj/legal-aid.md": EXPLAINER.replace("哪些人可以申请法律援助？",
                                                                                "谁能申请法律援助？")})
        before = after
        third = preview.build()
        assert third.error is None, "\n".join(third.logs)
        after = written(third.site)
        rewritten = {page for page in after if after[page] != before.get(page)}
        assert {EXPLAINER_PAGE, "agencies/moj/index.html", "topics/legal-aid/index.html",
                "laws/index.html"} <= rewritten
        assert "guide/fields/index.html" not in rewritten  # shows nothing of the explainer
        for page in rewritten - {"404.html"}:
            assert "哪些人可以申请法律援助" not in (third.site / page).read_text(encoding="utf-8"), page

        # a deleted case: its page leaves the preview too; a changed article: the citations of it follow
        write_project(root, {"content/cases/moj/wage-case-2.md": None,
                             "content/statutes/legal-aid-law.md": STATUTE.replace("可以申请。", "可以申请法律援助。")})
        fourth = preview.build()
        assert fourth.error is None, "\n".join(fourth.logs)
        assert not (fourth.site / "cases/moj/wage-case-2/index.html").exists()
        assert "可以申请法律援助。" in (fourth.site / EXPLAINER_PAGE).read_text(encoding="utf-8")

    # what the preview serves after these saves is what one full build of the same files makes
    with Preview(root / "mkdocs.yml", tmp_path / "full", dirty=False) as full:
        cold = full.build()
    assert cold.error is None, "\n".join(cold.logs)
    reused, fresh = contents(fourth.site), contents(cold.site)
    assert reused.keys() == fresh.keys()
    assert [name for name in fresh if reused[name] != fresh[name]] == []


DRAFT = EXPLAINER.replace("哪些人可以申请法律援助？", "草稿：法律援助新规").replace("status: 已发布", "status: 草稿")


def test_drafts_are_in_the_preview_with_their_banner_and_never_in_mkdocs_build(project, tmp_path):
    # even a configuration asking for drafts does not publish them
    config = "  - pufa/content:\n      drafts: true\n  - pufa/search\n  - pufa/feeds\n"
    root = project({"content/laws/moj/draft.md": DRAFT,
                    "mkdocs.yml": replace(CONFIG_TAIL, "  - pufa/content\n", config)})
    with Preview(root / "mkdocs.yml", tmp_path / "preview") as preview:
        shown = preview.build()
    assert shown.error is None, "\n".join(shown.logs)
    html = (shown.site / "laws/moj/draft/index.html").read_text(encoding="utf-8")
    assert "data-pufa-draft" in html and "草稿预览" in html

    built = subprocess.run([*MKDOCS, "build", "-q"], cwd=root, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert not (site / "laws/moj/draft").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".ics"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "草稿：法律援助新规" not in text and "moj/draft" not in text, path


def test_the_preview_leaves_drafts_out_when_told(project, tmp_path):
    config = "  - pufa/content:\n      drafts: false\n"
    root = project({"content/laws/moj/draft.md": DRAFT,
                    "mkdocs.yml": replace(CONFIG_TAIL, "  - pufa/content\n", config)})
    with Preview(root / "mkdocs.yml", tmp_path / "preview") as preview:
        shown = preview.build()
    assert shown.error is None, "\n".join(shown.logs)
    assert not (shown.site / "laws/moj/draft").exists()


def test_a_plain_build_after_a_preview_in_the_same_process_shows_no_draft(project, tmp_path):
    """MkDocs keeps pufa's plugins for every later configuration of a process: a preview's state
    must not reach a build made after it."""
    root = project({"content/laws/moj/draft.md": DRAFT})
    with Preview(root / "mkdocs.yml", tmp_path / "preview") as preview:
        assert (preview.build().site / "laws/moj/draft/index.html").is_file()
    public = mkdocs_build(root / "mkdocs.yml", tmp_path / "public")
    assert public.error is None, "\n".join(public.logs)
    assert not (tmp_path / "public/laws/moj/draft").exists()



def test_search_caches_written_by_other_code_are_not_read(tmp_path, monkeypatch):
    from pufa.core.rebuild import code_version
    from pufa.core.search.cache import PageCache, page_key
    from pufa.core.search.text import Tokenizer, load_word_cache, save_word_cache

    tokenizer = Tokenizer(["法律援助"])
    tokenizer.terms("申请法律援助的条件")
    save_word_cache(tmp_path / "words.json", tokenizer)
    assert load_word_cache(tmp_path / "words.json", tokenizer.dictionary_key)  # this code reads its own
    stored = (tmp_path / "words.json").read_text(encoding="utf-8")
    (tmp_path / "words.json").write_text(stored.replace(code_version(), "0.0.9+older"), encoding="utf-8")
    assert load_word_cache(tmp_path / "words.json", tokenizer.dictionary_key) == {}
    # page entries: the key changes with the code, so an entry of older code is never found
    cache = PageCache(tmp_path / "pages")
    cache.put(page_key("a.md", "<p>x</p>"), ["sections"])
    cache.save()
    assert PageCache(tmp_path / "pages").get(page_key("a.md", "<p>x</p>")) == ["sections"]
    monkeypatch.setattr("pufa.core.search.cache.code_version", lambda: "0.0.9+older")
    assert PageCache(tmp_path / "pages").get(page_key("a.md", "<p>x</p>")) is None


def test_a_tokenizer_in_a_serving_process_segments_without_forking(monkeypatch):
    import multiprocessing

    from pufa.core.search.text import Tokenizer

    def no_fork(*args, **kwargs):
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    texts = [f"第{i}个关于法律援助申请条件的标题" for i in range(300)]
    tokenizer = Tokenizer(["法律援助"], fork=False)
    tokenizer.prime(texts)
    assert all(tokenizer.terms(t)["法律援助"] == 1 for t in texts[:3])
