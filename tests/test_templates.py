"""Page templates in the preview: a page whose view and templates did not change since the last save is
not rendered again; anything that changes what it prints (a value, its kind, the template) is."""

from __future__ import annotations

import dataclasses
import os

from markupsafe import Markup

from pufa.render.templates import PageTemplates


@dataclasses.dataclass(frozen=True)
class View:
    title: str
    items: tuple = ()


def probe(tmp_path, text: str = "# {{ view.title }}\n{% for i in view.items %}- {{ i }}\n{% endfor %}"):
    (tmp_path / "pufa").mkdir(exist_ok=True)
    (tmp_path / "pufa" / "probe.md").write_text(text, encoding="utf-8")
    return [str(tmp_path)]


def next_build(folders, before: PageTemplates) -> PageTemplates:
    return PageTemplates(folders, memo=before.used)


def test_an_unchanged_view_reuses_the_last_build_s_page_and_a_changed_one_is_rendered(tmp_path):
    folders = probe(tmp_path)
    first = PageTemplates(folders, memo={})
    page = first.render("probe", view=View("劳动合同", ("第一条", "第二条")))
    assert page == "# 劳动合同\n- 第一条\n- 第二条\n"

    second = next_build(folders, first)
    assert second.render("probe", view=View("劳动合同", ("第一条", "第二条"))) is page  # not rendered again
    assert second.render("probe", view=View("劳动合同", ("第一条", "第三条"))) == "# 劳动合同\n- 第一条\n- 第三条\n"
    # only what this build rendered is kept for the next: a page gone from the site is forgotten
    third = next_build(folders, second)
    assert len(third.memo) == 2


def test_text_and_markup_that_compare_equal_are_not_taken_for_each_other(tmp_path):
    folders = probe(tmp_path)
    first = PageTemplates(folders, memo={})
    escaped = first.render("probe", view=View("<b>x</b>"))
    assert "<b>" not in escaped  # an editor's text is shown as text
    second = next_build(folders, first)
    assert "<b>x</b>" in second.render("probe", view=View(Markup("<b>x</b>")))  # pufa's own Markup as is


def test_an_edited_template_renders_every_page_again(tmp_path):
    folders = probe(tmp_path)
    first = PageTemplates(folders, memo={})
    first.render("probe", view=View("宪法"))
    probe(tmp_path, "## {{ view.title }}（修改后的模板）\n")
    path = tmp_path / "pufa" / "probe.md"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert next_build(folders, first).render("probe", view=View("宪法")) == "## 宪法（修改后的模板）\n"


def test_a_view_with_a_value_of_no_known_kind_is_rendered_every_time(tmp_path):
    class Opaque:  # compares by identity: no stand-in says what it prints
        def __str__(self) -> str:
            return "不透明"

    folders = probe(tmp_path)
    first = PageTemplates(folders, memo={})
    assert first.render("probe", view=View(Opaque())) == "# 不透明\n"
    assert first.used == {}
    assert next_build(folders, first).render("probe", view=View(Opaque())) == "# 不透明\n"


def test_a_public_build_keeps_nothing(tmp_path):
    templates = PageTemplates(probe(tmp_path))
    templates.render("probe", view=View("民法典"))
    assert templates.used == {}
