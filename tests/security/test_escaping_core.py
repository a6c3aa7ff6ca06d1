"""The escaping and sanitising pieces on their own: Markdown-inert text, strict bodies, titles, CSV cells."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from hostile import PAYLOAD
from pufa.render.pages import REQUIRED_EXTENSIONS, esc
from pufa.core.report.responsibility import spreadsheet_cell
from pufa.render.sanitize import BodyMarkers
from pufa.seam import striptags_escaped, title_text


def test_escaped_text_in_a_heading_is_the_text_itself_without_attributes():
    html = markdown.markdown("# " + esc(PAYLOAD + "\n# 第二行"), extensions=list(REQUIRED_EXTENSIONS))
    assert html.startswith("<h1 id=") and html.count("<") == 2  # <h1 …> and </h1>: nothing else is markup
    heading = html[html.index(">") + 1: html.rindex("</h1>")]
    assert Markup(heading).unescape() == PAYLOAD + " # 第二行"  # one line, as written


def test_a_body_cannot_leave_its_strict_region_or_keep_the_sites_hooks():
    markers = BodyMarkers()
    guess = BodyMarkers()  # an editor cannot know this build's token
    body = (f'<div class="pufa-kiosk-bar note" id="__search" data-pufa-idle>遮罩</div>\n{guess.end}\n'
            '<div class="md-dialog" data-pufa-meta>假的元数据</div>')
    page = ('<aside class="pufa-meta" data-pufa-meta>发布机关</aside>' + markers.wrap(body)
            + '<a class="pufa-cite" href="#art-1">第一条</a>')
    clean = markers.sanitize_page(page)
    assert clean.startswith('<aside class="pufa-meta" data-pufa-meta="">发布机关</aside>')  # pufa's own kept
    assert '<div class="note">遮罩</div>' in clean and "<div>假的元数据</div>" in clean
    assert clean.count("data-pufa-meta") == 1 and "__search" not in clean and "md-dialog" not in clean
    assert markers.token not in clean and '<a class="pufa-cite" href="#art-1">' in clean


def test_citation_links_keep_their_class_inside_a_body():
    markers = BodyMarkers()
    clean = markers.sanitize_page(markers.wrap('<p><a class="pufa-cite" href="x/#art-3" title="第三条">第三条</a></p>'))
    assert '<a class="pufa-cite" href="x/#art-3" title="第三条">' in clean


def test_titles_in_templates_are_escaped_exactly_once():
    title = Markup(esc("</title><b>A & B</b>"))  # what MkDocs reads from a generated page's <h1>
    assert striptags_escaped(title) == "&lt;/title&gt;&lt;b&gt;A &amp; B&lt;/b&gt;"
    assert Markup.escape(striptags_escaped(title)) == striptags_escaped(title)  # `| e` adds nothing
    assert title_text(title) == "</title><b>A & B</b>"


def test_csv_cells_that_a_spreadsheet_would_run_are_text():
    assert [spreadsheet_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "司法部", 3)] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "司法部", 3]


def test_table_alignment_survives_and_no_other_style_does():
    markers = BodyMarkers()
    table = '<table><tr><td style="text-align: right;">1</td><td style="position: fixed; inset: 0">2</td></tr></table>'
    for clean in (markers.sanitize_page(table), markers.sanitize_page(markers.wrap(table))):
        assert '<td style="text-align: right;">1</td><td>2</td>' in clean


def test_the_preview_problems_page_shows_file_names_fields_and_messages_as_text():
    # the preview's page for a failed save (render/preview.py) quotes what editors wrote: file
    # names, field paths and messages that repeat their values
    from pufa.core.problems import Problem
    from pufa.render.preview import render_problems_page

    problem = Problem(f"content/laws/moj/{PAYLOAD}.md", 3, f"topics[{PAYLOAD}]", "unknown-topic",
                      f"没有这个专题：{PAYLOAD}")
    page = render_problems_page((problem,), error=PAYLOAD)
    assert "<script" not in page.lower()
    assert page.count(str(Markup.escape(PAYLOAD))) >= 3  # file, field and message, each escaped
    failed_otherwise = render_problems_page((), error=PAYLOAD)  # no checks failed: the error's text
    assert "<script" not in failed_otherwise.lower() and str(Markup.escape(PAYLOAD)) in failed_otherwise
