"""End-to-end builds of small real projects: failures, logs, sanitising, edit links."""

from __future__ import annotations

from pathlib import Path

from conftest import EXPLAINER, mkdocs_build


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_broken_content_leaves_the_previous_site_untouched(project):
    root = project()
    first = mkdocs_build(root / "mkdocs.yml")
    assert first.error is None
    before = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*") if p.is_file()}

    bad = EXPLAINER.replace("published: 2026-03-01", "published: 2023-02-30").replace("topics: [法律援助]",
                                                                                       "topics: [法律援植]")
    write = root / "content/laws/moj/legal-aid.md"
    write.write_text(bad, encoding="utf-8")
    second = mkdocs_build(root / "mkdocs.yml")

    assert second.error is not None
    errors = [line for line in second.logs if line.startswith("ERROR")]
    assert errors == [
        "ERROR: pufa: content/laws/moj/legal-aid.md:8: topics[1]: 没有“法律援植”这个专题，您是不是想写“法律援助”？"
        "可用的专题（content/topics.yml）：法律援助、婚姻家庭",
        "ERROR: pufa: content/laws/moj/legal-aid.md:10: published: 日期不存在：2023年2月没有30日",
        "ERROR: 内容检查未通过，共 2 个错误，0 个警告。网站没有生成，原有网站保持不变。",
    ]
    after = {p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*") if p.is_file()}
    assert after == before


def test_generated_pages_have_their_urls(project):
    result = mkdocs_build(project() / "mkdocs.yml")
    assert result.error is None
    for url in ("/agencies/", "/agencies/moj/", "/laws/moj/legal-aid/", "/cases/moj/wage-case/", "/topics/",
                "/topics/legal-aid/", "/statutes/", "/statutes/法律援助法/", "/laws/", "/cases/", "/guide/fields/"):
        assert (result.site / url.strip("/") / "index.html").is_file(), url


def test_adding_an_agency_file_adds_its_section(project):
    from conftest import AGENCY
    root = project({"content/agencies/zj-sft.yml": "parent: moj\n" + AGENCY.replace("中华人民共和国司法部", "浙江省司法厅")
                    .replace("司法部", "浙江司法厅").replace("中央", "省级")})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None
    section = page(result.site, "/agencies/zj-sft/")
    assert "浙江省司法厅" in section and 'href="../moj/"' in section
    assert "浙江司法厅" in page(result.site, "/agencies/")
    assert 'href="../zj-sft/"' in page(result.site, "/agencies/moj/")  # listed as a lower-level agency


def test_raw_html_is_kept_when_harmless_and_script_never_reaches_the_page(project):
    harmless = EXPLAINER + "\n申请人须为<strong>本人</strong>，H<sub>2</sub>O<br>换行。\n"
    root = project({"content/laws/moj/legal-aid.md": harmless})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None
    html = page(result.site, "/laws/moj/legal-aid/")
    assert "<strong>本人</strong>" in html and "<sub>2</sub>" in html

    from pufa.render.sanitize import sanitize_html
    assert sanitize_html('<p onclick="steal()">文</p><script>alert(1)</script>') == "<p>文</p>"
    assert "javascript" not in sanitize_html('<a href="javascript:alert(1)">链接</a>')


def test_unsafe_html_fails_the_build_naming_file_and_line(project):
    root = project({"content/laws/moj/legal-aid.md": EXPLAINER + '\n<img src="x.png" onerror="alert(1)">\n'})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is not None
    assert any(line.startswith("ERROR: pufa: content/laws/moj/legal-aid.md:18: body: 正文含有不安全的 HTML")
               for line in result.logs)
    assert not (result.site / "laws").exists()


def test_edit_link_opens_the_content_file(project):
    root = project()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  font: false\n", "  font: false\n  features: [content.action.edit]\n")
    (root / "mkdocs.yml").write_text(config + "repo_url: https://git.example.gov.cn/pufa/site\n"
                                     "edit_uri: edit/main/docs/\n", encoding="utf-8")
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None
    html = page(result.site, "/laws/moj/legal-aid/")
    assert 'href="https://git.example.gov.cn/pufa/site/edit/main/content/laws/moj/legal-aid.md"' in html


def test_home_page_blocks_are_filled_from_the_catalog(project):
    result = mkdocs_build(project() / "mkdocs.yml")
    home = (result.site / "index.html").read_text(encoding="utf-8")
    assert 'href="laws/moj/legal-aid/"' in home and 'href="cases/moj/wage-case/"' in home
    assert "<!-- pufa:latest -->" not in home


def test_draft_is_left_out_of_the_site(project):
    root = project({"content/laws/moj/legal-aid.md": EXPLAINER.replace("status: 已发布", "status: 草稿")})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None
    assert not (result.site / "laws/moj/legal-aid").exists()
    # said as INFO, not WARNING: a committed draft must not fail `mkdocs build --strict`
    assert any("content/laws/moj/legal-aid.md" in line and "草稿" in line for line in result.logs
               if line.startswith("INFO"))
    assert not any(line.startswith("WARNING") for line in result.logs), result.logs


def test_build_with_a_relative_config_path(project):
    # `mkdocs build -f other.yml` from the project folder, as a maintainer types it
    import subprocess
    import sys

    root = project()
    (root / "other.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "other.yml", "-d", "other-site"],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (root / "other-site/laws/moj/legal-aid/index.html").is_file()


def test_a_site_that_configures_nothing_shows_no_english_credit_or_tooltips(project):
    # a new site's mkdocs.yml rarely knows Material's generator switch or toc's permalink_title
    root = project({"mkdocs.yml": "site_name: 测试站点\nsite_url: http://127.0.0.1/\ntheme:\n  name: material\n"
                                  "  language: zh\n  font: false\nplugins:\n  - pufa/content\n"
                                  "markdown_extensions:\n  - toc:\n      permalink: true\n"})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None
    html = page(result.site, "/laws/moj/legal-aid/")
    assert 'title="本节链接"' in html
    assert "Made with" not in html and "Permanent link" not in html
