"""What a save in the preview (`mkdocs serve --dirty`) reuses from the builds before it: content
files it did not change are not read again, the iCalendar feeds are made again only when what
they show changed; what a save changes still reaches every page and feed that shows it."""

from __future__ import annotations

import logging
import re

import pytest

from conftest import EXPLAINER, Preview, write_project
from pufa.core import routes
from test_calendar_feed import EPOCH, FEED_CALENDAR, ZJ_SFT
from test_calendar_checks import MKDOCS_YML as CALENDAR_YML, PATH as CALENDAR_PATH

STATUTE = "---\ntitle: 中华人民共和国法律援助法\npromulgated: 2021-08-20\n---\n\n第三十一条 可以申请。\n\n第三十二条 不受限制。\n"
OTHER_STATUTE = "---\ntitle: 中华人民共和国人民调解法\npromulgated: 2010-08-28\n---\n\n第一条 为了完善人民调解制度。\n"
EXPLAINER_FILE = "content/laws/moj/legal-aid.md"
READ = re.compile(r"本次保存读取了 (\d+) 个内容文件")


@pytest.fixture
def pufa_debug():
    """pufa's debug lines (what `mkdocs serve -v` prints) in the builds' logs."""
    logger = logging.getLogger("mkdocs.plugins.pufa")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield
    logger.setLevel(level)


def files_read(result) -> int:
    counts = [int(m.group(1)) for line in result.logs for m in [READ.search(line)] if m]
    assert len(counts) == 1, result.logs
    return counts[0]


def test_a_save_reads_only_the_content_files_it_changed_and_a_changed_statute_still_shows(
        project, tmp_path, pufa_debug):
    root = project({"content/statutes/legal-aid-law.md": STATUTE,
                    "content/statutes/mediation-law.md": OTHER_STATUTE})
    content = root / "content"
    statutes = len(list((content / "statutes").rglob("*.md")))
    # topics.yml, the agencies and the documents: read on every save (their checks depend on each other)
    others = len([p for p in content.rglob("*") if p.suffix in (".md", ".yml") and p.name != "calendar.yml"
                  and "statutes" not in p.parts])
    with Preview(root / "mkdocs.yml", tmp_path / "served") as preview:
        first = preview.build()
        assert first.error is None, "\n".join(first.logs)
        assert files_read(first) == others + statutes

        write_project(root, {EXPLAINER_FILE: EXPLAINER + "\n新增的一句话。\n"})
        second = preview.build()
        assert second.error is None, "\n".join(second.logs)
        assert files_read(second) == others  # no statute read again
        assert "新增的一句话" in (second.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")

        # a statute saved: that one file is read again, and its new text reaches its page and the citations
        write_project(root, {"content/statutes/legal-aid-law.md": STATUTE.replace("可以申请。", "可以申请法律援助。")})
        third = preview.build()
        assert third.error is None, "\n".join(third.logs)
        assert files_read(third) == others + 1
        assert "可以申请法律援助。" in (third.site / "laws/moj/legal-aid/index.html").read_text(encoding="utf-8")

        # a statute deleted: its page leaves the preview
        mediation = [p for p in (third.site / "statutes").rglob("index.html")
                     if re.search(r"<h1[^>]*>中华人民共和国人民调解法", p.read_text(encoding="utf-8"))]
        assert mediation
        write_project(root, {"content/statutes/mediation-law.md": None})
        fourth = preview.build()
        assert fourth.error is None, "\n".join(fourth.logs)
        assert not any(p.exists() for p in mediation)


def test_a_statute_with_an_error_is_reported_on_every_save_until_fixed(project, tmp_path):
    broken = STATUTE.replace("promulgated: 2021-08-20", "promulgated: 2021-13-40")
    root = project({"content/statutes/legal-aid-law.md": broken})
    with Preview(root / "mkdocs.yml", tmp_path / "served") as preview:
        first = preview.build()
        assert first.error is not None
        # an unrelated save: the statute is not read again, its problem is still there
        write_project(root, {EXPLAINER_FILE: EXPLAINER + "\n新增的一句话。\n"})
        second = preview.build()
        assert second.error is not None
        assert any("legal-aid-law.md" in line and "promulgated" in line for line in second.logs), second.logs
        write_project(root, {"content/statutes/legal-aid-law.md": STATUTE})
        third = preview.build()
        assert third.error is None, "\n".join(third.logs)


def test_the_calendar_feeds_are_made_again_only_when_what_they_show_changed(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = project({"mkdocs.yml": CALENDAR_YML, CALENDAR_PATH: FEED_CALENDAR, "content/agencies/zj-sft.yml": ZJ_SFT})
    feed = routes.CALENDAR_FEED
    with Preview(root / "mkdocs.yml", tmp_path / "served") as preview:
        first = preview.build()
        assert first.error is None, "\n".join(first.logs)
        before = (first.site / feed).read_bytes()

        # a minute later, a sentence in an explainer's body: nothing the feed shows changed, so
        # subscribers get the same feed (same DTSTAMP), not one made again
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 60))
        write_project(root, {EXPLAINER_FILE: EXPLAINER + "\n新增的一句话。\n"})
        second = preview.build()
        assert second.error is None, "\n".join(second.logs)
        assert (second.site / feed).read_bytes() == before

        # the explainer an event links to gets a new title: the event's description follows
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 120))
        write_project(root, {EXPLAINER_FILE: EXPLAINER.replace("哪些人可以申请法律援助？", "谁能申请法律援助？")})
        third = preview.build()
        assert third.error is None, "\n".join(third.logs)
        text = (third.site / feed).read_bytes().decode("utf-8").replace("\r\n ", "")
        assert "谁能申请法律援助" in text and "哪些人可以申请法律援助" not in text

        # an event renamed in calendar.yml: the site's feed and the agency's feed show the new name
        write_project(root, {CALENDAR_PATH: FEED_CALENDAR.replace("人民调解进社区", "人民调解进乡村")})
        fourth = preview.build()
        assert fourth.error is None, "\n".join(fourth.logs)
        for path in (feed, routes.calendar_feed_src("zj-sft")):
            text = (fourth.site / path).read_bytes().decode("utf-8").replace("\r\n ", "")
            assert "人民调解进乡村" in text and "人民调解进社区" not in text, path


def test_news_feeds_are_written_again_only_when_what_they_carry_changed(project, tmp_path):
    from conftest import MKDOCS_YML

    root = project({"mkdocs.yml": MKDOCS_YML + "  - pufa/feeds\n", "content/statutes/legal-aid-law.md": STATUTE,
                    "content/statutes/mediation-law.md": OTHER_STATUTE})
    feeds = ("feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json", "feeds/agencies/moj/rss.xml")

    def stamps(site):
        return {path: (site / path).stat().st_mtime_ns for path in feeds}

    with Preview(root / "mkdocs.yml", tmp_path / "served") as preview:
        first = preview.build()
        assert first.error is None, "\n".join(first.logs)
        before = stamps(first.site)

        # an article no explainer cites changed: no feed carries statutes, none is written again
        write_project(root, {"content/statutes/mediation-law.md": OTHER_STATUTE.replace("完善", "健全")})
        second = preview.build()
        assert second.error is None, "\n".join(second.logs)
        assert stamps(second.site) == before

        # a new title: every feed that carries the explainer shows it at once
        write_project(root, {EXPLAINER_FILE: EXPLAINER.replace("哪些人可以申请法律援助？", "谁能申请法律援助？")})
        third = preview.build()
        assert third.error is None, "\n".join(third.logs)
        for path in feeds:
            text = (third.site / path).read_text(encoding="utf-8")
            assert "谁能申请法律援助" in text and "哪些人可以申请法律援助" not in text, path
