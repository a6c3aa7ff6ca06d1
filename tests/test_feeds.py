"""RSS, Atom and JSON feeds of real builds, read back with feedparser; the /feeds/ page; the sitemap."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from conftest import AGENCY, CASE, EXPLAINER, MKDOCS_YML, REPO, Preview, mkdocs_build
from test_publishing import git

from pufa.core.content.catalog import Catalog
from pufa.core.feeds import build_feeds, feed_content, render_feeds, site_of
from pufa.core.content.loading import load_content
from pufa.core.routes import Routes

CHINA = ZoneInfo("Asia/Shanghai")
DEMO_URL = "http://127.0.0.1:8000/"
SMALL_URL = "http://127.0.0.1/"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
FORMATS = {"rss.xml": "rss20", "atom.xml": "atom10"}
MIMES = {"application/rss+xml": "rss.xml", "application/atom+xml": "atom.xml",
         "application/feed+json": "feed.json"}
# JSON Feed 1.1, https://jsonfeed.org/version/1.1
JSON_FEED_TOP = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
                 "icon", "favicon", "authors", "language", "expired", "hubs", "items"}
JSON_FEED_ITEM = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                  "banner_image", "date_published", "date_modified", "authors", "tags", "language",
                  "attachments"}


@pytest.fixture(scope="module")
def demo_catalog() -> Catalog:
    result = load_content(REPO / "content", REPO)
    assert result.catalog is not None
    return result.catalog


def documents(catalog: Catalog, *, agency: str | None = None, topic: str | None = None) -> list:
    chosen = [d for d in (*catalog.explainers, *catalog.cases) if d.status != "草稿"]
    if agency:
        chosen = [d for d in chosen if agency in d.agencies]
    if topic:
        chosen = [d for d in chosen if topic in d.topics]
    return chosen


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA)


def parsed_time(value: tuple) -> dt.datetime:
    return dt.datetime(*value[:6], tzinfo=dt.UTC)


def read_feed(path: Path, version: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    assert feed.version == version
    return feed


def assert_entries_match(feed: feedparser.FeedParserDict, chosen: list, base: str, limit: int = 50) -> None:
    """Entries are the `limit` newest documents, newest first, with their titles, links and dates."""
    chosen = sorted(chosen, key=lambda d: d.published, reverse=True)
    assert len(feed.entries) == min(limit, len(chosen))
    dates = [parsed_time(e.published_parsed) for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    expected = {(d.title, base + d.url.lstrip("/"), midnight(d.published)) for d in chosen[:limit]}
    cutoff = chosen[limit - 1].published if len(chosen) > limit else None
    got = {(e.title, unquote(e.link), parsed_time(e.published_parsed)) for e in feed.entries}
    if cutoff is None:
        assert got == expected
    else:  # documents sharing the cut-off date may be either side of it
        assert {g for g in got if g[2] > midnight(cutoff)} == {x for x in expected if x[2] > midnight(cutoff)}


@pytest.mark.parametrize("name", FORMATS)
def test_site_feed_lists_every_document_newest_first(demo_site, demo_catalog, name):
    feed = read_feed(demo_site.site / "feeds" / name, FORMATS[name])
    assert feed.feed.title == "普法在线"
    assert feed.feed.language == "zh-CN"
    assert_entries_match(feed, documents(demo_catalog), DEMO_URL)
    by_link = {d.url: d for d in documents(demo_catalog)}
    for entry in feed.entries:
        document = by_link[urlsplit(unquote(entry.link)).path]
        assert entry.author == demo_catalog.agency(document.agency).name
        topics = {demo_catalog.topic(t).name for t in document.topics}
        assert topics <= {tag.term for tag in entry.tags}
        assert entry.id.startswith("tag:127.0.0.1,")
        assert entry.id.endswith(document.src_uri.removesuffix(".md"))


@pytest.mark.parametrize("name", FORMATS)
def test_agency_feed_holds_only_that_agencys_documents(demo_site, demo_catalog, name):
    for agency in demo_catalog.agencies:
        feed = read_feed(demo_site.site / "feeds" / "agencies" / agency.id / name, FORMATS[name])
        assert agency.name in feed.feed.title
        assert_entries_match(feed, documents(demo_catalog, agency=agency.id), DEMO_URL)


@pytest.mark.parametrize("name", FORMATS)
def test_topic_feed_holds_only_that_topics_documents(demo_site, demo_catalog, name):
    for topic in demo_catalog.topics:
        feed = read_feed(demo_site.site / "feeds" / "topics" / topic.id / name, FORMATS[name])
        assert topic.name in feed.feed.title
        assert_entries_match(feed, documents(demo_catalog, topic=topic.id), DEMO_URL)


def test_entry_carries_the_page_body_with_absolute_links(demo_site, demo_catalog):
    feed = read_feed(demo_site.site / "feeds" / "atom.xml", "atom10")
    explainer = demo_catalog.explainers[0]
    entry = next(e for e in feed.entries if unquote(e.link) == DEMO_URL + explainer.url.lstrip("/"))
    body = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    text = body.text_content()
    assert explainer.summary in text and "¶" not in text
    assert body.find(".//h1") is None  # the title is the entry's title, not repeated in its body
    headings = [h.text_content() for h in lxml.html.fromstring(
        (demo_site.site / explainer.url.strip("/") / "index.html").read_text(encoding="utf-8")).iter("h2")]
    assert any(h and h.rstrip("¶") in text for h in headings)
    hrefs = [a.get("href") for a in body.iter("a")]
    assert hrefs and all(h.startswith(DEMO_URL) for h in hrefs), hrefs
    assert entry.summary == explainer.summary


def test_json_feed_follows_version_1_1(demo_site, demo_catalog):
    for path in sorted((demo_site.site / "feeds").rglob("feed.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) <= JSON_FEED_TOP
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert isinstance(data["title"], str) and data["title"]
        assert data["feed_url"] == DEMO_URL + path.relative_to(demo_site.site).as_posix()
        assert data["home_page_url"].startswith(DEMO_URL)
        assert all(isinstance(a["name"], str) for a in data["authors"])
        rss = read_feed(path.with_name("rss.xml"), "rss20")
        assert [i["url"] for i in data["items"]] == [e.link for e in rss.entries]
        assert len({i["id"] for i in data["items"]}) == len(data["items"])
        for item in data["items"]:
            assert set(item) <= JSON_FEED_ITEM
            assert isinstance(item["id"], str) and item["id"]
            assert item["url"].startswith(DEMO_URL) and item["title"]
            assert item.get("content_html") or item.get("content_text")
            for key in ("date_published", "date_modified"):
                assert RFC3339.match(item[key]), item[key]
            assert dt.datetime.fromisoformat(item["date_modified"]) >= dt.datetime.fromisoformat(
                item["date_published"])
            assert [set(a) <= {"name", "url", "avatar"} for a in item["authors"]] == [True]
            assert all(isinstance(t, str) for t in item["tags"])
    site = json.loads((demo_site.site / "feeds" / "feed.json").read_text(encoding="utf-8"))
    newest = max(documents(demo_catalog), key=lambda d: d.published)
    assert dt.datetime.fromisoformat(site["items"][0]["date_published"]) == midnight(newest.published)


def alternate_links(page: Path, site: Path, base: str = DEMO_URL) -> dict[str, list[str]]:
    """Feed links in the page's <head>, resolved against the page's address."""
    folder = page.parent.relative_to(site).as_posix()
    page_url = base if folder == "." else f"{base}{folder}/"
    head = lxml.html.fromstring(page.read_text(encoding="utf-8")).find("head")
    links: dict[str, list[str]] = {}
    for link in head.iter("link"):
        if link.get("rel") == "alternate" and link.get("type") in MIMES:
            links.setdefault(link.get("type"), []).append(urljoin(page_url, link.get("href")))
    return links


def test_pages_announce_their_feeds_in_head(demo_site, demo_catalog):
    site = demo_site.site
    site_feeds = {mime: [DEMO_URL + "feeds/" + name] for mime, name in MIMES.items()}
    assert alternate_links(site / "index.html", site) == site_feeds
    explainer = demo_catalog.explainers[0]
    assert alternate_links(site / explainer.url.strip("/") / "index.html", site) == site_feeds
    for kind, record in (("agencies", demo_catalog.agencies[0]), ("topics", demo_catalog.topics[0])):
        links = alternate_links(site / kind / record.id / "index.html", site)
        for mime, name in MIMES.items():
            assert links[mime] == [DEMO_URL + "feeds/" + name, f"{DEMO_URL}feeds/{kind}/{record.id}/{name}"]
            for href in links[mime]:
                assert (site / urlsplit(href).path.lstrip("/")).is_file(), href
    # Material fetches sitemap.xml beside each alternate link: it must be there, empty
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for folder in {p.parent for p in (site / "feeds").rglob("rss.xml")}:
        root = ET.parse(folder / "sitemap.xml").getroot()
        assert root.tag == namespace + "urlset" and len(root) == 0


def test_feeds_page_lists_every_feed_and_is_in_the_nav(demo_site, demo_catalog):
    page = demo_site.site / "feeds" / "index.html"
    tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
    links = tree.xpath("//a[@data-pufa-feed]")
    expected = 3 * (1 + len(demo_catalog.agencies) + len(demo_catalog.topics))
    assert len(links) == expected
    for link in links:
        target = urljoin(DEMO_URL + "feeds/", link.get("href"))
        assert (demo_site.site / unquote(urlsplit(target).path).lstrip("/")).is_file(), target
    shown = {c.text for c in tree.xpath("//a[@data-pufa-feed='rss']/code")}
    assert DEMO_URL + "feeds/rss.xml" in shown and DEMO_URL + "feeds/agencies/moj/rss.xml" in shown
    home = lxml.html.fromstring((demo_site.site / "index.html").read_text(encoding="utf-8"))
    assert "订阅" in [a.text_content().strip() for a in home.xpath("//nav//a[@href='feeds/']")]


def sitemap_locations(site: Path) -> set[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return {unquote(loc.text) for loc in root.findall("s:url/s:loc", namespace)}


def test_sitemap_lists_every_generated_page(demo_site, demo_catalog):
    locations = sitemap_locations(demo_site.site)
    pages = ["agencies/index.md", "topics/index.md", "laws/index.md", "cases/index.md", "statutes/index.md",
             "feeds/index.md"]
    pages += [d.src_uri for d in documents(demo_catalog)]
    pages += [f"agencies/{a.id}.md" for a in demo_catalog.agencies]
    pages += [f"topics/{t.id}.md" for t in demo_catalog.topics]
    pages += [law.src_uri for law in demo_catalog.laws()]
    pages += [text.src_uri for law in demo_catalog.laws() for text in law.texts]
    missing = {DEMO_URL + p.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/" for p in pages}
    missing = {m.replace(DEMO_URL + "/", DEMO_URL) for m in missing} - locations
    assert not missing
    built = {DEMO_URL + p.parent.relative_to(demo_site.site).as_posix() + "/"
             for p in demo_site.site.rglob("index.html")}
    built = {b.replace(DEMO_URL + "./", DEMO_URL) for b in built}
    assert built - locations == set()  # every HTML page the build wrote, none left out


# small projects: limits, co-published documents, stable ids and a site without site_url

MOJ_SECOND = EXPLAINER.replace("哪些人可以申请法律援助？", "法律援助怎么申请？").replace(
    "published: 2026-03-01", "published: 2026-05-01")
ZJ_SFT = (AGENCY.replace("name: 中华人民共和国司法部", "name: 浙江省司法厅")
          .replace("short_name: 司法部", "short_name: 浙江司法厅").replace("level: 中央", "level: 省级"))
ZJ_CASE = CASE.replace("农民工讨薪获得法律援助", "浙江调解讨薪").replace("published: 2026-04-01", "published: 2026-02-01") \
    .replace("topics: [法律援助]", "topics: [婚姻家庭]\nco_agencies: [moj]")
FEEDS_YML = MKDOCS_YML + "  - pufa/feeds:\n      limit: 3\n"


def build(project, monkeypatch, mkdocs_yml: str = FEEDS_YML):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795190400")
    root = project({"mkdocs.yml": mkdocs_yml, "content/laws/moj/legal-aid-how.md": MOJ_SECOND,
                    "content/agencies/zj-sft.yml": ZJ_SFT, "content/cases/zj-sft/mediation.md": ZJ_CASE})
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    return result


def test_limit_keeps_the_newest_entries(project, monkeypatch):
    site = build(project, monkeypatch).site
    for name, version in FORMATS.items():
        feed = read_feed(site / "feeds" / name, version)
        assert [e.title for e in feed.entries] == ["法律援助怎么申请？", "农民工讨薪获得法律援助", "哪些人可以申请法律援助？"]
    items = json.loads((site / "feeds" / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [i["date_published"] for i in items] == [
        "2026-05-01T00:00:00+08:00", "2026-04-01T00:00:00+08:00", "2026-03-01T00:00:00+08:00"]


def test_co_published_case_is_in_both_agency_feeds_under_its_lead_agency(project, monkeypatch):
    site = build(project, monkeypatch, MKDOCS_YML + "  - pufa/feeds\n").site
    moj = read_feed(site / "feeds" / "agencies" / "moj" / "rss.xml", "rss20")
    zj = read_feed(site / "feeds" / "agencies" / "zj-sft" / "rss.xml", "rss20")
    assert [e.title for e in zj.entries] == ["浙江调解讨薪"]
    assert [e.title for e in moj.entries] == [
        "法律援助怎么申请？", "农民工讨薪获得法律援助", "哪些人可以申请法律援助？", "浙江调解讨薪"]
    assert [e.author for e in moj.entries] == ["中华人民共和国司法部"] * 3 + ["浙江省司法厅"]
    family = read_feed(site / "feeds" / "topics" / "marriage-family" / "atom.xml", "atom10")
    assert [e.title for e in family.entries] == ["浙江调解讨薪"]
    assert [t.term for t in family.entries[0].tags] == ["以案释法", "婚姻家庭"]


def test_entry_ids_survive_a_move_to_https(project, monkeypatch):
    http = read_feed(build(project, monkeypatch).site / "feeds" / "atom.xml", "atom10")
    https = build(project, monkeypatch, FEEDS_YML.replace("http://127.0.0.1/", "https://127.0.0.1/pufa/"))
    moved = read_feed(https.site / "feeds" / "atom.xml", "atom10")
    assert [e.id for e in moved.entries] == [e.id for e in http.entries]
    assert [e.link for e in moved.entries] == [e.link.replace(SMALL_URL, "https://127.0.0.1/pufa/")
                                               for e in http.entries]


def test_without_site_url_feeds_are_skipped_with_a_warning(project, monkeypatch):
    result = build(project, monkeypatch, FEEDS_YML.replace("site_url: http://127.0.0.1/\n", ""))
    assert any(line.startswith("WARNING") and "site_url" in line and "订阅源" in line for line in result.logs)
    assert not (result.site / "feeds").exists()
    assert alternate_links(result.site / "index.html", result.site, SMALL_URL) == {}


def test_entry_is_updated_when_its_file_last_changed_in_git(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795190400")
    root = project({"mkdocs.yml": MKDOCS_YML + "  - pufa/feeds\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "首次提交", day="2026-02-20")  # before `published`: still published then
    page = root / "content/laws/moj/legal-aid.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充一段说明。\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "补充", day="2026-07-20")
    result = mkdocs_build(root / "mkdocs.yml")
    assert result.error is None, "\n".join(result.logs)
    feed = read_feed(result.site / "feeds" / "atom.xml", "atom10")
    dates = {e.title: (parsed_time(e.published_parsed), parsed_time(e.updated_parsed)) for e in feed.entries}
    assert dates == {
        "哪些人可以申请法律援助？": (midnight(dt.date(2026, 3, 1)), midnight(dt.date(2026, 7, 20))),
        "农民工讨薪获得法律援助": (midnight(dt.date(2026, 4, 1)), midnight(dt.date(2026, 4, 1))),
    }
    assert feed.feed.updated == "2026-07-20T00:00:00+08:00"
    items = json.loads((result.site / "feeds" / "feed.json").read_text(encoding="utf-8"))["items"]
    assert items[1]["date_modified"] == "2026-07-20T00:00:00+08:00"


# core, without MkDocs


def test_feed_of_an_agency_with_nothing_published_is_valid_and_dated_by_the_build(project):
    root = project({"content/agencies/zj-sft.yml": ZJ_SFT})
    catalog = load_content(root / "content", root).catalog
    site = site_of(SMALL_URL, "测试站点", None)
    stamp = dt.datetime(2026, 11, 20, 16, tzinfo=dt.UTC)
    files = render_feeds(build_feeds(catalog, site, {}, stamp), site)
    rss = feedparser.parse(files["feeds/agencies/zj-sft/rss.xml"])
    atom = feedparser.parse(files["feeds/agencies/zj-sft/atom.xml"])
    for feed in (rss, atom):
        assert not feed.bozo and feed.entries == []
    assert parsed_time(atom.feed.updated_parsed) == stamp
    data = json.loads(files["feeds/agencies/zj-sft/feed.json"])
    assert data["items"] == [] and data["title"] == "浙江省司法厅 - 测试站点"


def test_page_addresses_follow_use_directory_urls():
    directories, files = site_of(SMALL_URL, "站", None), site_of(SMALL_URL + "sub", "站", None, Routes(directory_urls=False))
    assert directories.page_url("laws/moj/x.md") == SMALL_URL + "laws/moj/x/"
    assert files.page_url("laws/moj/x.md") == SMALL_URL + "sub/laws/moj/x.html"
    feed = "feeds/agencies/moj/rss.xml"
    assert directories.relative("agencies/moj.md", feed) == "../../" + feed
    assert files.relative("agencies/moj.md", feed) == "../" + feed
    assert directories.relative("index.md", "feeds/rss.xml") == "feeds/rss.xml"


def test_feed_content_resolves_links_and_drops_permalinks_and_the_title():
    body = ('<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1>\n'
            '<p>见<a href="../../../cases/moj/x/">案例</a><img src="../../../assets/a.png" alt="图"></p>\n'
            '<h2 id="s">小节<a class="headerlink" href="#s">¶</a></h2>')
    html = feed_content(body, SMALL_URL + "laws/moj/y/")
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [a.get("href") for a in tree.iter("a")] == [SMALL_URL + "cases/moj/x/"]
    assert tree.find(".//img").get("src") == SMALL_URL + "assets/a.png"
    assert tree.find("h1") is None and tree.find("h2").text_content() == "小节"


def test_drafts_shown_in_a_preview_stay_out_of_the_feeds(project, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795190400")
    draft = EXPLAINER.replace("哪些人可以申请法律援助？", "草稿：法律援助新规").replace("status: 已发布", "status: 草稿")
    root = project({"mkdocs.yml": MKDOCS_YML + "  - pufa/feeds\n", "content/laws/moj/draft.md": draft})
    with Preview(root / "mkdocs.yml", tmp_path / "preview") as serve:  # `mkdocs serve`: drafts by default
        result = serve.build()
    assert result.error is None, "\n".join(result.logs)
    assert (result.site / "laws/moj/draft/index.html").is_file()  # the preview shows it
    for name, version in FORMATS.items():
        titles = [e.title for e in read_feed(result.site / "feeds" / name, version).entries]
        assert titles == ["农民工讨薪获得法律援助", "哪些人可以申请法律援助？"]
