"""The site's feeds: RSS 2.0, Atom 1.0, JSON Feed 1.1, tag feeds and the corrections feed.

A small site is written into a temporary folder and built in-process; every feed it produces
is checked against tests/feedrules.py (the rules feedparser is too lenient to enforce), read
with feedparser, and compared across rebuilds for permanent ids and stable dates.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import feedgen.entry
import feedgen.feed
import feedparser
import feedrules
import lxml.html
import pytest
from feedrules import Feed
from lxml import etree

from generator.commands.cli import main
from generator.typography import typeset_text

REPO = Path(__file__).parents[1]
TEMPLATES = REPO / "templates"
BASE = "https://news.example.org/"
MIRROR = "https://mirror.example.net/sub/"
A = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

SITE_YAML = """\
title: "Test Briefing & Co"
description: "Feeds under test."
base_url: "https://news.example.org/"
language: en
timezone: Europe/Rome
per_page: 2
feed_limit: {feed_limit}
authors: {authors}
id_authority: test
feed_id: "tag:test,2024:feed"
templates: {templates}
"""

LINKS_SUMMARY = 'Why "<script>alert(1)</script>" & friends stay text.'
SCRIPT_NOTE = "Removed a stray <script>alert(2)</script> example & fixed a link."

BRIEFS = {
    "2024-01-10-alpha-one.md": """\
---
title: "Alpha one"
date: 2024-01-10T09:00:00+01:00
id: "tag:test,2024:alpha-one"
tags: [Alpha]
authors: [Ann Writer]
updates:
  - date: 2024-01-11T08:00:00+01:00
    kind: clarification
    note: "Said which union."
  - date: 2024-02-01T12:00:00+01:00
    kind: correction
    note: "An earlier version misspelled a name."
---
The first brief.
""",
    "2024-01-11-other.md": """\
---
title: "The other brief"
date: 2024-01-11T10:00:00+01:00
tags: [Alpha, Beta]
---
A brief with no updates, no explicit id and no summary.
""",
    "2024-01-12-links.md": """\
---
title: "Links & <things>"
date: 2024-01-12T10:00:00+01:00
id: "tag:test,2024:links"
slug: links
summary: 'Why "<script>alert(1)</script>" & friends stay text.'
tags: [Alpha]
authors: [Ann Writer, Bo Reporter]
updates:
  - date: 2024-01-13T08:30:00+01:00
    kind: update
    note: "Removed a stray `<script>alert(2)</script>` example & fixed a *link*."
---
See [x](/briefs/other/) and [y](../other/), [an outside page](https://example.com/a?b=1&c=2),
[another site, by its host](//elsewhere.example/page), [a section](#more) and a footnote.[^1]

![A picture](/assets/icon.svg)

<script>alert("feed")</script>

<p><a href="javascript:alert(1)" onclick="steal()">bad link</a>
<img src="/assets/x.png" alt="" onerror="steal()"></p>

<blockquote cite="/briefs/alpha-one/">A quote.</blockquote>

## More

[^1]: The note.
""",
    # The file name's date disagrees with the brief's date: order comes from `date`.
    "2023-12-31-explicit-updated.md": """\
---
title: "Explicitly updated"
date: 2024-01-14T12:00:00+01:00
updated: 2024-01-20T18:30:00+01:00
tags: [Beta]
---
Updated by hand.
""",
    "2024-01-15-plain-date.md": """\
---
title: "A plain date"
date: 2024-01-15
tags: [Alpha]
---
Midnight in the site's time zone.
""",
    "2024-01-16-naive-time.md": """\
---
title: "A time without offset"
date: 2024-01-16T07:45:00
tags: [beta]
authors: [Cy Editor]
---
Read in Europe/Rome.
""",
    "2024-01-17-draft.md": """\
---
title: "Not yet"
date: 2024-01-17T09:00:00+01:00
draft: true
tags: [Alpha, Secret]
---
Never in a feed.
""",
}

# Newest first by `date`; the draft never appears.
SITE_ORDER = [
    "tag:test,2024:naive-time",
    "tag:test,2024:plain-date",
    "tag:test,2024:explicit-updated",
    "tag:test,2024:links",
    "tag:test,2024:other",
    "tag:test,2024:alpha-one",
]
ALPHA = [
    "tag:test,2024:plain-date",
    "tag:test,2024:links",
    "tag:test,2024:other",
    "tag:test,2024:alpha-one",
]
BETA = ["tag:test,2024:naive-time", "tag:test,2024:explicit-updated", "tag:test,2024:other"]
# The brief's id and the update's instant in UTC (written +01:00 in the briefs).
CORRECTIONS = [
    "tag:test,2024:alpha-one/updates/20240201T110000Z",
    "tag:test,2024:links/updates/20240113T073000Z",
    "tag:test,2024:alpha-one/updates/20240111T070000Z",
]
EXPECTED_IDS = {
    "/feed.xml": SITE_ORDER,
    "/atom.xml": SITE_ORDER,
    "/feed.json": SITE_ORDER,
    "/tags/alpha/feed.xml": ALPHA,
    "/tags/beta/feed.xml": BETA,
    "/corrections/feed.xml": CORRECTIONS,
    "/corrections/atom.xml": CORRECTIONS,
    "/corrections/feed.json": CORRECTIONS,
}
CORRECTION_FEEDS = ["/corrections/feed.xml", "/corrections/atom.xml", "/corrections/feed.json"]
# When each correction above was published, as written in its brief.
CORRECTION_DATES = [
    "2024-02-01T12:00:00+01:00",
    "2024-01-13T08:30:00+01:00",
    "2024-01-11T08:00:00+01:00",
]
FEEDS = sorted(EXPECTED_IDS)
XML_FEEDS = [f for f in FEEDS if f.endswith(".xml")]

# (published, updated) as each brief's front matter gives them.
DATES = {
    "tag:test,2024:naive-time": ("2024-01-16T07:45:00+01:00", "2024-01-16T07:45:00+01:00"),
    "tag:test,2024:plain-date": ("2024-01-15T00:00:00+01:00", "2024-01-15T00:00:00+01:00"),
    "tag:test,2024:explicit-updated": ("2024-01-14T12:00:00+01:00", "2024-01-20T18:30:00+01:00"),
    "tag:test,2024:links": ("2024-01-12T10:00:00+01:00", "2024-01-13T08:30:00+01:00"),
    "tag:test,2024:other": ("2024-01-11T10:00:00+01:00", "2024-01-11T10:00:00+01:00"),
    "tag:test,2024:alpha-one": ("2024-01-10T09:00:00+01:00", "2024-02-01T12:00:00+01:00"),
}


# Building


def write_site(
    root: Path,
    briefs: dict[str, str] | None = None,
    feed_limit: int = 20,
    authors: str = "[Test Desk]",
) -> tuple[Path, Path]:
    """Write content/briefs/* and site.yaml under ``root``; return (content, config)."""
    content = root / "content"
    (content / "briefs").mkdir(parents=True, exist_ok=True)
    for old in (content / "briefs").glob("*.md"):
        old.unlink()
    for name, text in (BRIEFS if briefs is None else briefs).items():
        (content / "briefs" / name).write_text(text, encoding="utf-8")
    config = root / "site.yaml"
    templates = json.dumps(str(TEMPLATES))  # a YAML double-quoted string
    config.write_text(
        SITE_YAML.format(feed_limit=feed_limit, authors=authors, templates=templates), "utf-8"
    )
    return content, config


def run_build(content: Path, config: Path, out: Path, *args: str) -> Path:
    """`briefing build`, in-process; the build must succeed."""
    options = ["--content", str(content), "--config", str(config), "--output", str(out)]
    assert main(["build", *options, "--quiet", *args]) == 0
    return out


def build(root: Path, out: Path, *args: str) -> Path:
    return run_build(root / "content", root / "site.yaml", out, *args)


def make_site(root: Path, out_name: str = "out", *args: str, **site: Any) -> Path:
    write_site(root, **site)
    return build(root, root / out_name, *args)


def feeds_of(out: Path) -> dict[str, bytes]:
    """Every feed in a built site, by its site path ("/tags/x/feed.xml")."""
    names = ("feed.xml", "atom.xml", "feed.json")
    return {
        "/" + p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.name in names and p.is_file() and "feeds/archive" not in p.as_posix()
    }


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "content" / "briefs" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return feeds_of(make_site(tmp_path_factory.mktemp("site")))


# Reading built feeds


def xml(data: bytes) -> Any:
    return etree.fromstring(data)


def rss_items(data: bytes) -> list[Any]:
    return xml(data).findall("channel/item")


def atom_entries(data: bytes) -> list[Any]:
    return xml(data).findall(f"{A}entry")


def json_items(data: bytes) -> list[dict[str, Any]]:
    return json.loads(data)["items"]


def ids(path: str, data: bytes) -> list[str]:
    if path.endswith(".json"):
        return [item["id"] for item in json_items(data)]
    if path.endswith("atom.xml"):
        return [e.findtext(f"{A}id") for e in atom_entries(data)]
    return [item.findtext("guid") for item in rss_items(data)]


def links(path: str, data: bytes) -> list[str]:
    if path.endswith(".json"):
        return [item["url"] for item in json_items(data)]
    if path.endswith("atom.xml"):
        return [e.find(f"{A}link").get("href") for e in atom_entries(data)]
    return [item.findtext("link") for item in rss_items(data)]


def dates(feeds: dict[str, bytes]) -> dict[str, dict[str, tuple[str, str | None]]]:
    """{feed: {id: (published, updated)}} for the three site feeds, as written."""
    rss = {
        i.findtext("guid"): (i.findtext("pubDate"), i.findtext(f"{A}updated"))
        for i in rss_items(feeds["/feed.xml"])
    }
    atom = {
        e.findtext(f"{A}id"): (e.findtext(f"{A}published"), e.findtext(f"{A}updated"))
        for e in atom_entries(feeds["/atom.xml"])
    }
    json_feed = {
        i["id"]: (i["date_published"], i.get("date_modified"))
        for i in json_items(feeds["/feed.json"])
    }
    return {"/feed.xml": rss, "/atom.xml": atom, "/feed.json": json_feed}


def rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def content_of(path: str, data: bytes, entry_id: str) -> str:
    """The full HTML content of one entry."""
    if path.endswith(".json"):
        return next(i["content_html"] for i in json_items(data) if i["id"] == entry_id)
    if path == "/atom.xml":
        return next(
            e.findtext(f"{A}content")
            for e in atom_entries(data)
            if e.findtext(f"{A}id") == entry_id
        )
    return next(i.findtext(CONTENT) for i in rss_items(data) if i.findtext("guid") == entry_id)


def html_urls(fragment: str) -> list[str]:
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return [e.get(a) for e in root.iter() for a in ("href", "src", "cite") if e.get(a) is not None]


# Every rule over every feed


def test_the_site_has_every_feed(site: dict[str, bytes]) -> None:
    # The draft's tag "Secret" has no published brief, so it gets no feed.
    assert sorted(site) == FEEDS


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_follows_every_rule(site: dict[str, bytes], path: str) -> None:
    assert feedrules.check(site[path], BASE.rstrip("/") + path, BASE) == []


def test_the_real_sites_feeds_follow_every_rule(tmp_path: Path) -> None:
    out = run_build(REPO / "content", REPO / "site.yaml", tmp_path / "site")
    base = "https://briefing.example.org/"
    feeds = feeds_of(out)
    assert {"/feed.xml", "/atom.xml", "/feed.json", "/corrections/feed.xml"} <= set(feeds)
    assert any(path.startswith("/tags/") for path in feeds)
    problems = {p: feedrules.check(d, base.rstrip("/") + p, base) for p, d in feeds.items()}
    assert problems == dict.fromkeys(feeds, [])


def test_every_feed_follows_every_rule_under_a_sub_path(tmp_path: Path) -> None:
    feeds = feeds_of(make_site(tmp_path, "out", "--base-url", MIRROR))
    assert sorted(feeds) == FEEDS
    problems = {p: feedrules.check(d, MIRROR.rstrip("/") + p, MIRROR) for p, d in feeds.items()}
    assert problems == dict.fromkeys(feeds, [])


def test_a_site_without_authors_still_gives_atom_an_author(tmp_path: Path) -> None:
    feeds = feeds_of(make_site(tmp_path, authors="[]"))
    for path in FEEDS:
        assert feedrules.check(feeds[path], BASE.rstrip("/") + path, BASE) == [], path


# Each rule can fail: hand-made feeds that pass, and one broken copy per rule.

URL_RSS = "https://example.org/feed.xml"
URL_ATOM = "https://example.org/atom.xml"
URL_JSON = "https://example.org/feed.json"
SITE = "https://example.org/"

RSS_OK = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>T</title>
    <link>https://example.org/</link>
    <description>D</description>
    <language>en</language>
    <atom:link href="https://example.org/feed.xml" rel="self"/>
    <lastBuildDate>Tue, 02 Jan 2024 10:00:00 +0100</lastBuildDate>
    <item>
      <title>Two</title>
      <link>https://example.org/briefs/two/</link>
      <guid isPermaLink="false">tag:example.org,2024:two</guid>
      <pubDate>Tue, 02 Jan 2024 10:00:00 +0100</pubDate>
      <atom:updated>2024-01-03T10:00:00+01:00</atom:updated>
      <description>Summary</description>
      <content:encoded>&lt;p&gt;&lt;a href="https://example.org/briefs/one/"&gt;one&lt;/a&gt;&lt;/p&gt;</content:encoded>
    </item>
    <item>
      <title>One</title>
      <link>https://example.org/briefs/one/</link>
      <guid>https://example.org/briefs/one/</guid>
      <pubDate>Mon, 01 Jan 2024 10:00:00 +0100</pubDate>
      <description>Summary</description>
    </item>
  </channel>
</rss>
"""

ATOM_OK = """\
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>tag:example.org,2024:feed</id>
  <title>T</title>
  <updated>2024-01-03T10:00:00+01:00</updated>
  <author><name>Desk</name></author>
  <link href="https://example.org/" rel="alternate"/>
  <link href="https://example.org/atom.xml" rel="self"/>
  <entry>
    <id>tag:example.org,2024:two</id>
    <title>Two</title>
    <updated>2024-01-03T10:00:00+01:00</updated>
    <published>2024-01-02T10:00:00+01:00</published>
    <link href="https://example.org/briefs/two/"/>
    <summary>S</summary>
    <content type="html">&lt;img src="https://example.org/a.png" alt=""&gt;</content>
  </entry>
  <entry>
    <id>tag:example.org,2024:one</id>
    <title>One</title>
    <updated>2024-01-01T10:00:00Z</updated>
    <published>2024-01-01T10:00:00Z</published>
    <link href="https://example.org/briefs/one/"/>
    <content type="html">&lt;p&gt;one&lt;/p&gt;</content>
  </entry>
</feed>
"""

JSON_OK = """\
{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "T",
  "home_page_url": "https://example.org/",
  "feed_url": "https://example.org/feed.json",
  "language": "en",
  "items": [
    {"id": "tag:example.org,2024:two", "url": "https://example.org/briefs/two/",
     "content_html": "<p><a href=\\"https://example.org/briefs/one/\\">one</a></p>",
     "date_published": "2024-01-02T10:00:00+01:00", "date_modified": "2024-01-03T10:00:00+01:00"},
    {"id": "tag:example.org,2024:one", "url": "https://example.org/briefs/one/",
     "content_text": "one", "date_published": "2024-01-01T10:00:00+01:00"}
  ]
}
"""

OK = {"rss": (RSS_OK, URL_RSS), "atom": (ATOM_OK, URL_ATOM), "json": (JSON_OK, URL_JSON)}


def broken(kind: str, old: str, new: str) -> tuple[str, str]:
    text, url = OK[kind]
    assert old in text, old
    return text.replace(old, new, 1), url


R, T, J = "rss", "atom", "json"
RSS_HTML = "<content:encoded>&lt;p&gt;"
RSS_LINK = 'href="https://example.org/briefs/one/"&gt;'
ATOM_IMG = '&lt;img src="https://example.org/a.png"'
JSON_HTML = '"<p><a href=\\"https://example.org/briefs/one/\\">one</a></p>"'
SCRIPT = "&lt;script&gt;x()&lt;/script&gt;"
ESCAPED_JS_LINK = "&lt;a href=' javascript:x()'&gt;s&lt;/a&gt;"

NEGATIVE: list[tuple[Callable[[Feed], list[str]], tuple[str, str]]] = [
    (feedrules.parses, broken(R, "</channel>", "</chanel>")),
    (feedrules.parses, broken(T, "<feed ", "<fed ")),
    (feedrules.parses, broken(J, '"title": "T",', '"title": "T"')),
    (feedrules.namespaces_declared, broken(R, 'xmlns:atom="http://www.w3.org/2005/Atom"', "")),
    (feedrules.rss_channel_required, broken(R, "<description>D</description>", "")),
    (feedrules.rss_channel_required, broken(R, 'version="2.0"', 'version="0.91"')),
    (
        feedrules.rss_item_required,
        broken(R, "<pubDate>Mon, 01 Jan 2024 10:00:00 +0100</pubDate>", ""),
    ),
    (feedrules.language_declared, broken(R, "<language>en</language>", "")),
    (feedrules.language_declared, broken(T, ' xml:lang="en"', "")),
    (feedrules.language_declared, broken(J, '"language": "en",', "")),
    (feedrules.dates_valid, broken(R, "Mon, 01 Jan 2024 10:00:00", "2024-01-01 10:00:00")),
    (feedrules.dates_valid, broken(R, "Mon, 01 Jan 2024", "Sun, 01 Jan 2024")),
    (feedrules.dates_valid, broken(R, "2024-01-03T10:00:00+01:00", "2024-01-03T10:00:00")),
    (feedrules.dates_valid, broken(T, "<updated>2024-01-01T10:00:00Z", "<updated>2024-01-01")),
    (feedrules.dates_valid, broken(J, "2024-01-03T10:00:00+01:00", "Wed, 03 Jan 2024 10:00:00")),
    (feedrules.self_link, broken(R, "example.org/feed.xml", "example.org/x.xml")),
    (feedrules.self_link, broken(T, ' rel="self"', ' rel="related"')),
    (feedrules.self_link, broken(J, '"feed_url": "https://example.org/feed.json"', '"x": 1')),
    (feedrules.guid_permalink, broken(R, '<guid isPermaLink="false">', "<guid>")),
    (feedrules.atom_required, broken(T, "<title>Two</title>", "")),
    (feedrules.atom_required, broken(T, "<id>tag:example.org,2024:feed</id>", "")),
    (feedrules.atom_author, broken(T, "<author><name>Desk</name></author>", "")),
    (feedrules.atom_content_type, broken(T, '"html">&lt;p&gt;one', '"CDATA">one')),
    (feedrules.json_required, broken(J, "jsonfeed.org/version/1.1", "jsonfeed.org/version/1")),
    (feedrules.json_required, broken(J, '"home_page_url": "https://example.org/",', "")),
    (feedrules.json_item_required, broken(J, '"content_text": "one",', "")),
    (feedrules.json_item_required, broken(J, '"id": "tag:example.org,2024:one"', '"id": 1')),
    (
        feedrules.ids_unique,
        broken(R, "tag:example.org,2024:two", "https://example.org/briefs/one/"),
    ),
    (feedrules.ids_unique, broken(T, "tag:example.org,2024:two", "tag:example.org,2024:one")),
    (feedrules.ids_unique, broken(J, "tag:example.org,2024:two", "tag:example.org,2024:one")),
    (feedrules.newest_first, broken(R, "Mon, 01 Jan 2024", "Wed, 03 Jan 2024")),
    (feedrules.newest_first, broken(T, "<published>2024-01-01", "<published>2025-01-01")),
    (
        feedrules.newest_first,
        broken(J, '"date_published": "2024-01-01', '"date_published": "2025-01-01'),
    ),
    (
        feedrules.urls_absolute,
        broken(R, "<link>https://example.org/briefs/one/", "<link>/briefs/one/"),
    ),
    (
        feedrules.urls_absolute,
        broken(T, 'href="https://example.org/briefs/two/"', 'href="../two/"'),
    ),
    (feedrules.urls_absolute, broken(J, '"https://example.org/",', '"ftp://example.org/",')),
    (feedrules.links_on_site, broken(R, "<link>https://example.org/</link>", "<link>x.xml</link>")),
    (
        feedrules.links_on_site,
        broken(R, ">https://example.org/</link>", ">https://example.org/feed.xml</link>"),
    ),
    (
        feedrules.links_on_site,
        broken(T, "https://example.org/briefs/two/", "https://elsewhere.example/"),
    ),
    (feedrules.content_safe, broken(R, RSS_HTML, RSS_HTML + SCRIPT)),
    (feedrules.content_safe, broken(R, RSS_HTML, '<content:encoded>&lt;p onclick="x()"&gt;')),
    (
        feedrules.content_safe,
        broken(R, ">Summary</description>", f">{ESCAPED_JS_LINK}</description>"),
    ),
    (feedrules.content_safe, broken(T, ATOM_IMG, ATOM_IMG + ' onerror="x()"')),
    (feedrules.content_safe, broken(J, JSON_HTML, '"<a href=\\"JavaScript:x()\\">one</a>"')),
    (feedrules.content_urls_absolute, broken(R, RSS_LINK, 'href="/briefs/one/"&gt;')),
    (feedrules.content_urls_absolute, broken(T, ATOM_IMG, '&lt;img src="a.png"')),
    (
        feedrules.content_urls_absolute,
        broken(J, JSON_HTML, '"<blockquote cite=\\"../one/\\">q</blockquote>"'),
    ),
]


@pytest.mark.parametrize("kind", sorted(OK))
def test_the_hand_made_feeds_follow_every_rule(kind: str) -> None:
    text, url = OK[kind]
    assert feedrules.check(text.encode(), url, SITE) == []


@pytest.mark.parametrize(
    ("rule", "case"), NEGATIVE, ids=[f"{r.__name__}-{i}" for i, (r, _) in enumerate(NEGATIVE)]
)
def test_each_rule_catches_a_broken_feed(
    rule: Callable[[Feed], list[str]], case: tuple[str, str]
) -> None:
    text, url = case
    feed = Feed(text.encode(), url, SITE)
    assert rule is feedrules.parses or feedrules.parses(feed) == []
    assert rule(feed), f"{rule.__name__} let a broken feed through"
    assert feedrules.check(text.encode(), url, SITE)


def test_every_rule_has_a_negative_test() -> None:
    assert {rule for rule, _ in NEGATIVE} == set(feedrules.RULES)


# What readers see: feedparser, ids, order, channel data


@pytest.mark.parametrize("path", XML_FEEDS)
def test_feedparser_reads_every_entry_in_order(site: dict[str, bytes], path: str) -> None:
    parsed = feedparser.parse(site[path])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if path.endswith("atom.xml") else "rss20")
    assert [e.id for e in parsed.entries] == EXPECTED_IDS[path]
    published = [datetime(*e.published_parsed[:6]) for e in parsed.entries]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("path", FEEDS)
def test_entries_are_the_newest_briefs_newest_first(site: dict[str, bytes], path: str) -> None:
    assert ids(path, site[path]) == EXPECTED_IDS[path]


@pytest.mark.parametrize(
    ("path", "title", "home"),
    [
        ("/feed.xml", "Test Briefing & Co", BASE),
        ("/atom.xml", "Test Briefing & Co", BASE),
        ("/feed.json", "Test Briefing & Co", BASE),
        ("/tags/alpha/feed.xml", "Test Briefing & Co: Alpha", BASE + "tags/alpha/"),
        ("/tags/beta/feed.xml", "Test Briefing & Co: Beta", BASE + "tags/beta/"),
        (
            "/corrections/feed.xml",
            "Test Briefing & Co: corrections and updates",
            BASE + "corrections/",
        ),
    ],
)
def test_channel_title_home_link_language_and_self(
    site: dict[str, bytes], path: str, title: str, home: str
) -> None:
    data = site[path]
    if path.endswith(".json"):
        feed = json.loads(data)
        found = (feed["title"], feed["home_page_url"], feed["language"], feed["feed_url"])
        assert feed["description"] == "Feeds under test."
    elif path == "/atom.xml":
        root = xml(data)
        rel = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
        lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
        found = (root.findtext(f"{A}title"), rel["alternate"], lang, rel["self"])
    else:
        channel = xml(data).find("channel")
        self_href = channel.find(f"{A}link[@rel='self']").get("href")
        texts = [channel.findtext(name) for name in ("title", "link", "language")]
        found = (*texts, self_href)
        assert channel.findtext("description")
    assert found == (title, home, "en", BASE.rstrip("/") + path)


def test_entries_carry_authors_tags_summary_and_content(site: dict[str, bytes]) -> None:
    rss = {i.findtext("guid"): i for i in rss_items(site["/feed.xml"])}
    atom = {e.findtext(f"{A}id"): e for e in atom_entries(site["/atom.xml"])}
    items = {i["id"]: i for i in json_items(site["/feed.json"])}
    cases = {
        "tag:test,2024:links": (["Ann Writer", "Bo Reporter"], ["Alpha"]),
        "tag:test,2024:other": (["Test Desk"], ["Alpha", "Beta"]),
        # Written "beta" in the brief: one tag, under its one spelling.
        "tag:test,2024:naive-time": (["Cy Editor"], ["Beta"]),
    }
    for entry_id, (authors, tags) in cases.items():
        item, entry, json_item = rss[entry_id], atom[entry_id], items[entry_id]
        assert [c.text for c in item.findall(DC_CREATOR)] == authors
        assert [a.findtext(f"{A}name") for a in entry.findall(f"{A}author")] == authors
        assert [a["name"] for a in json_item["authors"]] == authors
        # the kind of work comes first, as a category in schema.org's vocabulary
        assert [c.text for c in item.findall("category")] == ["News", *tags]
        assert item.find("category").get("domain") == "https://schema.org/NewsArticle"
        assert [c.get("term") for c in entry.findall(f"{A}category")] == ["News", *tags]
        assert json_item["tags"] == tags
        assert (
            item.findtext(CONTENT) and entry.findtext(f"{A}content") and json_item["content_html"]
        )
        assert item.findtext("description") and entry.findtext(f"{A}summary")


def test_a_summary_stays_plain_text_in_every_feed(site: dict[str, bytes]) -> None:
    """RSS <description> is HTML to readers: a plain-text summary must be escaped for it."""
    entry_id = "tag:test,2024:links"
    item = next(i for i in rss_items(site["/feed.xml"]) if i.findtext("guid") == entry_id)
    description = lxml.html.fragment_fromstring(item.findtext("description"), create_parent="div")
    assert description.text_content() == typeset_text(LINKS_SUMMARY)
    assert [e.tag for e in description.iter()] == ["div"]
    entry = next(e for e in atom_entries(site["/atom.xml"]) if e.findtext(f"{A}id") == entry_id)
    assert entry.find(f"{A}summary").get("type", "text") == "text"
    assert entry.findtext(f"{A}summary") == typeset_text(LINKS_SUMMARY)
    assert next(i for i in json_items(site["/feed.json"]) if i["id"] == entry_id)["summary"] == (
        typeset_text(LINKS_SUMMARY)
    )


def test_drafts_are_in_no_feed(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        assert b"Not yet" not in data and b"tag:test,2024:draft" not in data, path


# Absolute links inside the content


@pytest.mark.parametrize("base", [BASE, MIRROR])
@pytest.mark.parametrize("path", ["/feed.xml", "/atom.xml", "/feed.json", "/tags/alpha/feed.xml"])
def test_links_inside_content_are_absolute(tmp_path: Path, base: str, path: str) -> None:
    feeds = feeds_of(make_site(tmp_path, "out", "--base-url", base))
    found = html_urls(content_of(path, feeds[path], "tag:test,2024:links"))
    page = base + "briefs/links/"
    assert found.count(base + "briefs/other/") == 2  # [x](/briefs/other/) and [y](../other/)
    assert "https://example.com/a?b=1&c=2" in found
    assert "https://elsewhere.example/page" in found  # another host, never one of our pages
    assert page + "#more" in found
    assert base + "assets/icon.svg" in found
    assert base + "assets/x.png" in found
    assert base + "briefs/alpha-one/" in found  # blockquote cite
    assert any(url.startswith(page + "#fn") for url in found)  # footnote links
    assert all(feedrules.is_web_url(url) for url in found), found


def test_unsafe_html_in_a_brief_never_reaches_a_feed(site: dict[str, bytes]) -> None:
    for path in FEEDS:
        feed = Feed(site[path], BASE.rstrip("/") + path, BASE)
        assert feedrules.content_safe(feed) == [], path
    html = content_of("/feed.xml", site["/feed.xml"], "tag:test,2024:links")
    assert "bad link" in html and "javascript" not in html.lower() and "steal" not in html


# Permanent ids


def test_ids_survive_a_new_title_slug_and_domain(tmp_path: Path) -> None:
    before = feeds_of(make_site(tmp_path, "before"))
    edit(tmp_path, "2024-01-12-links.md", 'title: "Links & <things>"', 'title: "Renamed"')
    edit(tmp_path, "2024-01-12-links.md", "slug: links", "slug: links-renamed")
    edit(tmp_path, "2024-01-11-other.md", 'title: "The other brief"', 'title: "Other, renamed"')
    after = feeds_of(build(tmp_path, tmp_path / "after", "--base-url", MIRROR))
    assert sorted(after) == FEEDS
    for path in FEEDS:
        assert ids(path, after[path]) == ids(path, before[path]) == EXPECTED_IDS[path], path
    for path in ("/feed.xml", "/atom.xml", "/feed.json"):
        assert MIRROR + "briefs/links-renamed/" in links(path, after[path])
        assert BASE + "briefs/links/" in links(path, before[path])
    assert "Renamed" in after["/feed.json"].decode()
    assert xml(after["/atom.xml"]).findtext(f"{A}id") == "tag:test,2024:feed"


def test_guids_are_not_permalinks(site: dict[str, bytes]) -> None:
    for path in XML_FEEDS:
        for item in rss_items(site[path]):
            assert item.find("guid").get("isPermaLink") == "false", path


def test_an_id_that_is_the_briefs_own_address_is_a_permalink_guid(tmp_path: Path) -> None:
    """A site brought over from a generator whose feeds used each post's address as its id
    keeps that id; where it is the brief's address still, RSS says the guid is the link."""
    make_site(tmp_path)
    own = BASE + "briefs/links/"
    edit(tmp_path, "2024-01-12-links.md", 'id: "tag:test,2024:links"', f'id: "{own}"')
    feeds = feeds_of(build(tmp_path, tmp_path / "again"))
    for path in ("/feed.xml", "/tags/alpha/feed.xml"):
        guids = {
            i.findtext("guid"): i.find("guid").get("isPermaLink") for i in rss_items(feeds[path])
        }
        assert guids[own] == "true", path
        assert guids["tag:test,2024:other"] == "false", path


# Published and updated dates


def test_published_and_updated_dates_come_from_the_content(site: dict[str, bytes]) -> None:
    found = dates(site)
    for entry_id, (published, updated) in DATES.items():
        assert found["/atom.xml"][entry_id] == (published, updated)
        assert found["/feed.json"][entry_id] == (published, updated)
        rss_updated = updated if updated != published else None  # absent when never updated
        assert found["/feed.xml"][entry_id] == (rfc822(published), rss_updated)


def test_a_brief_never_updated_has_updated_equal_to_published(site: dict[str, bytes]) -> None:
    entry_id = "tag:test,2024:other"
    for path, by_id in dates(site).items():
        published, updated = by_id[entry_id]
        if path == "/feed.xml":
            assert updated is None
            assert parsedate_to_datetime(published) == datetime.fromisoformat(DATES[entry_id][0])
        else:
            assert updated == published


def test_feed_level_dates_are_the_newest_content_dates(site: dict[str, bytes]) -> None:
    newest = "2024-02-01T12:00:00+01:00"  # alpha-one's correction
    assert xml(site["/atom.xml"]).findtext(f"{A}updated") == newest
    assert xml(site["/feed.xml"]).findtext("channel/lastBuildDate") == rfc822(newest)
    assert xml(site["/corrections/feed.xml"]).findtext("channel/lastBuildDate") == rfc822(newest)
    beta = xml(site["/tags/beta/feed.xml"]).findtext("channel/lastBuildDate")
    assert beta == rfc822("2024-01-20T18:30:00+01:00")  # explicit-updated


def test_adding_an_update_moves_only_the_updated_date(tmp_path: Path) -> None:
    before = feeds_of(make_site(tmp_path, "before"))
    update = "updates:\n  - date: 2024-03-05T16:00:00+01:00\n    kind: correction\n    note: Fig.\n"
    edit(tmp_path, "2024-01-11-other.md", "tags: [Alpha, Beta]\n", "tags: [Alpha, Beta]\n" + update)
    after = feeds_of(build(tmp_path, tmp_path / "after"))
    old, new = dates(before), dates(after)
    entry_id = "tag:test,2024:other"
    for path in old:
        assert ids(path, after[path]) == ids(path, before[path]) == SITE_ORDER, path
        for other_id in SITE_ORDER:
            assert new[path][other_id][0] == old[path][other_id][0], (path, other_id)
            if other_id != entry_id:
                assert new[path][other_id] == old[path][other_id], (path, other_id)
        assert new[path][entry_id][1] != old[path][entry_id][1]
    assert new["/atom.xml"][entry_id][1] == "2024-03-05T16:00:00+01:00"
    assert new["/feed.json"][entry_id][1] == "2024-03-05T16:00:00+01:00"
    assert new["/feed.xml"][entry_id][1] == "2024-03-05T16:00:00+01:00"
    guid = "tag:test,2024:other/updates/20240305T150000Z"
    assert ids("/corrections/feed.xml", after["/corrections/feed.xml"]) == [guid, *CORRECTIONS]


# feed_limit


@pytest.mark.parametrize("limit", [1, 2, 100])
def test_feed_limit_keeps_the_newest(tmp_path: Path, limit: int) -> None:
    feeds = feeds_of(make_site(tmp_path, feed_limit=limit))
    for path in FEEDS:
        assert ids(path, feeds[path]) == EXPECTED_IDS[path][:limit], path
        assert feedrules.check(feeds[path], BASE.rstrip("/") + path, BASE) == [], path


# Determinism: no clock


class _AnyDatetime(type):
    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, datetime)


class _FrozenDatetime(datetime, metaclass=_AnyDatetime):
    """feedgen's clock, stopped in 2031: a default that leaks into output shows up."""

    @classmethod
    def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
        return datetime(2031, 6, 1, 12, 0, tzinfo=tz or UTC)


def test_two_builds_at_different_times_give_identical_feeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = feeds_of(make_site(tmp_path, "first"))
    monkeypatch.setattr(feedgen.feed, "datetime", _FrozenDatetime)
    monkeypatch.setattr(feedgen.entry, "datetime", _FrozenDatetime)
    second = feeds_of(build(tmp_path, tmp_path / "second", "--now", "2031-06-01T12:00:00+00:00"))
    assert sorted(first) == FEEDS
    assert second == first
    for path, data in second.items():
        assert b"2031" not in data, path


def _today_strings() -> set[str]:
    """Today's date in every time zone (UTC-12 to UTC+14), as ISO and RFC 822 dates write it."""
    now = datetime.now(UTC)
    days = {(now + timedelta(hours=h)).date() for h in (-12, 0, 14)} | {date.today()}
    midnight = [datetime.combine(d, datetime.min.time(), UTC) for d in days]
    return {d.date().isoformat() for d in midnight} | {format_datetime(d)[5:16] for d in midnight}


def test_no_feed_contains_todays_date(site: dict[str, bytes]) -> None:
    today = _today_strings()
    for path, data in site.items():
        text = data.decode("utf-8")
        assert not [t for t in today if t in text], path


# The corrections feed


def test_corrections_feed_lists_each_correction_newest_first(site: dict[str, bytes]) -> None:
    items = rss_items(site["/corrections/feed.xml"])
    found = [
        (i.findtext("title"), i.findtext("link"), i.findtext("guid"), i.findtext("pubDate"))
        for i in items
    ]
    alpha, links = BASE + "briefs/alpha-one/#updates", BASE + "briefs/links/#updates"
    assert found == [
        ("Correction: Alpha one", alpha, CORRECTIONS[0], rfc822("2024-02-01T12:00:00+01:00")),
        ("Update: Links & <things>", links, CORRECTIONS[1], rfc822("2024-01-13T08:30:00+01:00")),
        ("Clarification: Alpha one", alpha, CORRECTIONS[2], rfc822("2024-01-11T08:00:00+01:00")),
    ]
    assert [i.find("guid").get("isPermaLink") for i in items] == ["false"] * 3
    note = lxml.html.fragment_fromstring(items[1].findtext("description"), create_parent="div")
    assert note.text_content() == SCRIPT_NOTE
    # The note's Markdown arrives as HTML; the code span's text stays text
    assert [(e.tag, e.text) for e in note] == [
        ("code", "<script>alert(2)</script>"),
        ("em", "link"),
    ]
    assert [i.findtext("category") for i in items] == ["correction", "update", "clarification"]


def _alternate(entry: Any) -> Any:
    """An Atom entry's alternate link (``rel`` left out is Atom's default); every one of
    them, as a list, unless there is exactly one."""
    links = [
        k.get("href") for k in entry.findall(f"{A}link") if k.get("rel", "alternate") == "alternate"
    ]
    return links[0] if len(links) == 1 else links


def _corrections_seen(path: str, data: bytes) -> list[dict[str, Any]]:
    """Each correction as a reader of one format finds it: what every format says, under
    one name, plus what only that format says (``None`` where it says nothing). The note is
    its HTML, parsed, in a ``div``."""

    def note(html: str) -> Any:
        return lxml.html.fragment_fromstring(html, create_parent="div")

    if path.endswith(".json"):
        return [
            {
                "id": i["id"], "link": i["url"], "title": i["title"],
                "date": datetime.fromisoformat(i["date_published"]), "updated": None,
                "kinds": i["tags"], "authors": [a["name"] for a in i["authors"]],
                "note": note(i["content_html"]), "language": i["language"],
            }
            for i in json_items(data)
        ]  # fmt: skip
    if path.endswith("atom.xml"):
        return [
            {
                "id": e.findtext(f"{A}id"),
                "link": _alternate(e),
                "title": e.findtext(f"{A}title"),
                "date": datetime.fromisoformat(e.findtext(f"{A}published")),
                "updated": datetime.fromisoformat(e.findtext(f"{A}updated")),
                "kinds": [(c.get("term"), c.get("label")) for c in e.findall(f"{A}category")],
                "authors": [a.findtext(f"{A}name") for a in e.findall(f"{A}author")],
                "note": note(e.findtext(f"{A}content")), "language": None,
            }
            for e in atom_entries(data)
        ]  # fmt: skip
    return [
        {
            "id": i.findtext("guid"), "link": i.findtext("link"), "title": i.findtext("title"),
            "date": parsedate_to_datetime(i.findtext("pubDate")), "updated": None,
            "kinds": [c.text for c in i.findall("category")], "authors": None,
            "note": note(i.findtext("description")), "language": None,
        }
        for i in rss_items(data)
    ]  # fmt: skip


def test_the_corrections_feeds_say_the_same_in_each_format(site: dict[str, bytes]) -> None:
    """A reader following the corrections in RSS, Atom or JSON Feed learns the same: which
    brief, what kind of change, when, the note, and who wrote the brief."""
    seen = {p: _corrections_seen(p, site[p]) for p in CORRECTION_FEEDS}
    alpha, links = BASE + "briefs/alpha-one/#updates", BASE + "briefs/links/#updates"
    when = [datetime.fromisoformat(d) for d in CORRECTION_DATES]
    expected = [
        (CORRECTIONS[0], alpha, "Correction: Alpha one", when[0], "correction", ["Ann Writer"]),
        (CORRECTIONS[1], links, "Update: Links & <things>", when[1], "update",
         ["Ann Writer", "Bo Reporter"]),
        (CORRECTIONS[2], alpha, "Clarification: Alpha one", when[2], "clarification",
         ["Ann Writer"]),
    ]  # fmt: skip
    notes = ["An earlier version misspelled a name.", SCRIPT_NOTE, "Said which union."]
    for path, entries in seen.items():
        found = [(e["id"], e["link"], e["title"], e["date"]) for e in entries]
        assert found == [row[:4] for row in expected], path
        assert [e["note"].text_content() for e in entries] == notes, path
    rss, atom, json_ = (seen[p] for p in CORRECTION_FEEDS)
    kinds = [row[4] for row in expected]
    assert [e["kinds"] for e in rss] == [[k] for k in kinds]
    assert [e["kinds"] for e in atom] == [[(k, k)] for k in kinds]
    assert [e["kinds"] for e in json_] == [[k] for k in kinds]
    authors = [row[5] for row in expected]
    assert [e["authors"] for e in atom] == [e["authors"] for e in json_] == authors
    assert [e["updated"] for e in atom] == when  # a correction is not changed later
    assert [e["language"] for e in json_] == ["en"] * 3
    # The feeds themselves: their newest change, their own id, their pages
    feed = xml(site["/corrections/atom.xml"])
    assert datetime.fromisoformat(feed.findtext(f"{A}updated")) == when[0]
    assert feed.findtext(f"{A}id") == "tag:test,2024:feed/corrections"
    channel = xml(site["/corrections/feed.xml"]).find("channel")
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == when[0]
    doc = json.loads(site["/corrections/feed.json"])
    assert (doc["home_page_url"], doc["feed_url"]) == (
        BASE + "corrections/",
        BASE + "corrections/feed.json",
    )


def test_corrections_guids_survive_renames(tmp_path: Path) -> None:
    before = feeds_of(make_site(tmp_path, "before"))
    edit(tmp_path, "2024-01-12-links.md", "slug: links", "slug: moved")
    edit(tmp_path, "2024-01-10-alpha-one.md", 'title: "Alpha one"', 'title: "Alpha, renamed"')
    after = feeds_of(build(tmp_path, tmp_path / "after", "--base-url", MIRROR))
    path = "/corrections/feed.xml"
    assert ids(path, after[path]) == ids(path, before[path]) == CORRECTIONS
    assert MIRROR + "briefs/moved/#updates" in links(path, after[path])


def corrections_guids(out: Path) -> list[str]:
    """The corrections feed's guids, as a reader (feedparser) sees them."""
    parsed = feedparser.parse((out / "corrections" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [e.id for e in parsed.entries]


SAME_INSTANT = """\
  - date: 2024-02-01T11:00:00Z
    kind: update
    note: "Added a chart."
"""


def test_two_updates_at_one_instant_get_distinct_guids(tmp_path: Path) -> None:
    before = corrections_guids(make_site(tmp_path, "before"))
    # The same instant as the correction above it, written in UTC, later in the file.
    anchor = '    note: "An earlier version misspelled a name."\n'
    edit(tmp_path, "2024-01-10-alpha-one.md", anchor, anchor + SAME_INSTANT)
    out = build(tmp_path, tmp_path / "after")
    after = corrections_guids(out)
    first = "tag:test,2024:alpha-one/updates/20240201T110000Z"
    assert before == CORRECTIONS
    # The one first in the file keeps its guid; the one added after it is numbered.
    assert after == [first, first + "-2", *CORRECTIONS[1:]]
    data = (out / "corrections" / "feed.xml").read_bytes()
    assert feedrules.check(data, BASE + "corrections/feed.xml", BASE) == []


def test_an_entry_added_within_the_same_second_changes_no_other_guid(tmp_path: Path) -> None:
    # Two entries half a second apart are two instants: each keeps its own guid, and the
    # one added later in the file (but earlier in time) takes none from the other.
    name = "2024-01-10-alpha-one.md"
    write_site(tmp_path)
    edit(tmp_path, name, "2024-02-01T12:00:00+01:00", "2024-02-01T12:00:00.5+01:00")
    before = corrections_guids(build(tmp_path, tmp_path / "before"))
    anchor = '    note: "An earlier version misspelled a name."\n'
    earlier = SAME_INSTANT.replace("11:00:00Z", "11:00:00.25Z")
    edit(tmp_path, name, anchor, anchor + earlier)
    after = corrections_guids(build(tmp_path, tmp_path / "after"))
    second = "tag:test,2024:alpha-one/updates/20240201T110000"
    assert before == [second + ".500000Z", *CORRECTIONS[1:]]
    assert after == [second + ".500000Z", second + ".250000Z", *CORRECTIONS[1:]]


def test_a_new_timezone_keeps_every_correction_guid(tmp_path: Path) -> None:
    # One update written without an offset: it is read in the site's time zone.
    briefs = dict(BRIEFS)
    briefs["2024-01-12-links.md"] = briefs["2024-01-12-links.md"].replace(
        "2024-01-13T08:30:00+01:00", "2024-01-13T08:30:00"
    )
    write_site(tmp_path, briefs)
    before = corrections_guids(build(tmp_path, tmp_path / "before"))
    config = tmp_path / "site.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("Europe/Rome", "America/New_York"), "utf-8")
    after = corrections_guids(build(tmp_path, tmp_path / "after"))
    assert after == before
    # Kept as written: no offset, so no time zone, in the guid.
    assert "tag:test,2024:links/updates/20240113T083000Z" in after


def test_the_same_instant_with_another_offset_keeps_the_guid(tmp_path: Path) -> None:
    before = corrections_guids(make_site(tmp_path, "before"))
    name = "2024-01-10-alpha-one.md"
    edit(tmp_path, name, "2024-02-01T12:00:00+01:00", "2024-02-01T11:00:00Z")
    edit(tmp_path, name, "2024-01-11T08:00:00+01:00", "2024-01-11T02:00:00-05:00")
    after = corrections_guids(build(tmp_path, tmp_path / "after"))
    assert after == before == CORRECTIONS


def test_the_build_machines_own_time_zone_changes_no_correction_guid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The guids are in UTC, and the feeds the same, whatever zone the building machine is in.
    at_utc = feeds_of(make_site(tmp_path, "utc"))
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14
    time.tzset()
    try:
        elsewhere = build(tmp_path, tmp_path / "elsewhere")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert corrections_guids(elsewhere) == CORRECTIONS
    assert feeds_of(elsewhere) == at_utc


# Smaller faults: channel descriptions, empty feeds, languages, icons, page feed links


@pytest.mark.parametrize(
    ("path", "about"),
    [
        ("/tags/alpha/feed.xml", "Briefs tagged Alpha in Test Briefing & Co."),
        (
            "/corrections/feed.xml",
            "Every correction, update and clarification in Test Briefing & Co.",
        ),
    ],
)
def test_a_channel_description_is_escaped_once(
    site: dict[str, bytes], path: str, about: str
) -> None:
    assert xml(site[path]).findtext("channel/description") == about  # as plain text
    parsed = feedparser.parse(site[path])  # and as the HTML feedparser takes it for
    html = lxml.html.fragment_fromstring(parsed.feed.subtitle, create_parent="div")
    assert html.text_content() == about


@pytest.mark.parametrize(
    ("briefs", "path"),
    [
        ({"2024-01-11-other.md": BRIEFS["2024-01-11-other.md"]}, "corrections/feed.xml"),
        ({}, "feed.xml"),  # a new publication, or one whose every brief is still to come
    ],
)
def test_an_empty_rss_feed_has_no_made_up_date(
    tmp_path: Path, briefs: dict[str, str], path: str
) -> None:
    data = (make_site(tmp_path, briefs=briefs) / path).read_bytes()
    assert feedrules.check(data, BASE + path, BASE) == []
    assert xml(data).find("channel/lastBuildDate") is None
    assert b"1970" not in data
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.entries == [] and "updated" not in parsed.feed


ITALIAN = """\
---
title: "Un breve in italiano"
date: 2024-01-18T09:00:00+01:00
id: "tag:test,2024:italiano"
lang: it
tags: [Alpha]
---
Testo.
"""


def test_an_entry_in_another_language_says_so(tmp_path: Path) -> None:
    out = make_site(tmp_path, briefs={**BRIEFS, "2024-01-18-italiano.md": ITALIAN})
    parsed = feedparser.parse((out / "atom.xml").read_bytes())
    languages = {e.id: e.title_detail.language for e in parsed.entries}
    assert languages == {**dict.fromkeys(SITE_ORDER, "en"), "tag:test,2024:italiano": "it"}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = atom_entries((out / "atom.xml").read_bytes())
    written = {e.findtext(f"{A}id"): e.get(xml_lang) for e in entries}
    assert written == {**dict.fromkeys(SITE_ORDER), "tag:test,2024:italiano": "it"}
    items = json_items((out / "feed.json").read_bytes())
    assert {i["id"]: i["language"] for i in items}["tag:test,2024:italiano"] == "it"


@pytest.mark.parametrize("base", [BASE, MIRROR])
def test_json_feed_has_the_sites_icon(tmp_path: Path, base: str) -> None:
    out = make_site(tmp_path, "out", "--base-url", base)
    feed = json.loads((out / "feed.json").read_bytes())
    assert (feed["icon"], feed["favicon"]) == (base + "assets/icon.svg",) * 2
    assert (out / "assets" / "icon.svg").is_file()
    assert feed["authors"] == [{"name": "Test Desk"}]


def test_json_feed_without_authors_leaves_the_key_out(tmp_path: Path) -> None:
    out = make_site(tmp_path, authors="[]")
    data = (out / "feed.json").read_bytes()
    assert "authors" not in json.loads(data)
    assert feedrules.check(data, BASE + "feed.json", BASE) == []


def alternates(page: Path) -> list[tuple[str, str]]:
    root = lxml.html.parse(str(page)).getroot()
    return [(e.get("href"), e.get("title")) for e in root.iterfind(".//link[@rel='alternate']")]


def test_a_page_with_its_own_feed_lists_it_first(tmp_path: Path) -> None:
    out = make_site(tmp_path)
    site_feeds = ["feed.xml", "atom.xml", "feed.json"]
    tag = alternates(out / "tags" / "alpha" / "index.html")
    assert tag[0] == ("feed.xml", "Tagged Alpha (RSS)")
    assert [href for href, _ in tag[1:]] == ["../../" + f for f in site_feeds]
    corrections = alternates(out / "corrections" / "index.html")
    assert [href for href, _ in corrections] == ["feed.xml"] + ["../" + f for f in site_feeds]
    assert [href for href, _ in alternates(out / "index.html")] == site_feeds


# Sources and the log of corrections and updates, after the body

HOSTILE_SOURCE = "Pay <script>alert(1)</script> & perks"
SOURCED = {
    "2024-01-11-other.md": BRIEFS["2024-01-11-other.md"],
    "2024-03-01-sourced.md": """\
---
title: "Sourced"
date: 2024-03-01T09:00:00+01:00
id: "tag:test,2024:sourced"
tags: [Alpha]
sources:
  - title: "Pay <script>alert(1)</script> & perks"
    publisher: "The Example Times"
    url: "https://example.com/pay?a=1&b=2"
  - publisher: "Il Giornale"
    language: it
updates:
  - date: 2024-03-02T09:00:00+01:00
    kind: correction
    note: "Fixed the *pay* figure; see [the other brief](/briefs/other/)."
  - date: 2024-03-03T09:00:00+01:00
    kind: update
    note: "Added `figures` & [a chart](#chart)."
  - date: 2024-05-01T09:00:00+01:00
    kind: update
    note: "Not yet due."
---
The body.
""",
}
SOURCED_FEEDS = ["/feed.xml", "/atom.xml", "/feed.json", "/tags/alpha/feed.xml"]


@pytest.fixture(scope="module")
def sourced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("sourced")
    return feeds_of(make_site(root, "out", "--now", "2024-04-01T00:00:00+00:00", briefs=SOURCED))


@pytest.mark.parametrize("path", SOURCED_FEEDS)
def test_an_item_ends_with_its_sources_and_its_log(sourced: dict[str, bytes], path: str) -> None:
    if path.endswith(".json"):  # feedparser 6.0 reads no JSON Feed
        html = content_of(path, sourced[path], "tag:test,2024:sourced")
    else:
        parsed = feedparser.parse(sourced[path])
        assert not parsed.bozo, parsed.get("bozo_exception")
        entry = next(e for e in parsed.entries if e.id == "tag:test,2024:sourced")
        html = entry.content[0].value
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert root.findtext("p") == "The body."  # the body comes first
    assert [h.text for h in root.iter("h2")] == ["Sources", "Corrections and updates"]
    sources, log = root.findall("ol")
    assert [c.text_content() for c in sources.iter("cite")] == [HOSTILE_SOURCE, "Il Giornale"]
    assert [a.get("href") for a in sources.iter("a")] == ["https://example.com/pay?a=1&b=2"]
    assert [" ".join(li.text_content().split()) for li in sources] == [
        f"{HOSTILE_SOURCE} · The Example Times · author not named · date not given",
        "Il Giornale · author not named · date not given · in Italian",  # said, not left out
    ]
    # Newest first; the update due in May is not there yet
    assert [" ".join(li.text_content().split()) for li in log] == [
        "Update, 3 March 2024 Added figures & a chart.",
        "Correction, 2 March 2024 Fixed the pay figure; see the other brief.",
    ]
    assert [(e.tag, e.text) for e in log.iter("code", "em")] == [("code", "figures"), ("em", "pay")]
    # A link to a place on the brief's page is absolute too: a reader has no page to go by
    hrefs = [BASE + "briefs/sourced/#chart", BASE + "briefs/other/"]
    assert [a.get("href") for a in log.iter("a")] == hrefs
    assert not list(root.iter("script"))


@pytest.mark.parametrize("path", SOURCED_FEEDS)
def test_user_text_after_the_body_is_escaped(sourced: dict[str, bytes], path: str) -> None:
    html = content_of(path, sourced[path], "tag:test,2024:sourced")
    assert "Pay &lt;script&gt;alert(1)&lt;/script&gt; &amp; perks" in html
    assert 'href="https://example.com/pay?a=1&amp;b=2"' in html
    assert "<script" not in html and "Not yet due" not in html


@pytest.mark.parametrize("path", sorted(set(SOURCED_FEEDS) | {"/corrections/feed.xml"}))
def test_feeds_with_sources_and_logs_follow_every_rule(
    sourced: dict[str, bytes], path: str
) -> None:
    assert feedrules.check(sourced[path], BASE.rstrip("/") + path, BASE) == []


def test_a_correction_note_keeps_its_markup_in_the_corrections_feed(
    sourced: dict[str, bytes],
) -> None:
    page = BASE + "briefs/sourced/"
    for path in CORRECTION_FEEDS:
        seen = _corrections_seen(path, sourced[path])
        assert [e["title"] for e in seen] == ["Update: Sourced", "Correction: Sourced"], path
        update, correction = (e["note"] for e in seen)
        # The note's Markdown arrives as HTML, its links absolute: a link to a place on the
        # brief's own page points there, not to the reader's feed or the site's home
        assert [(e.tag, e.text, e.get("href")) for e in update] == [
            ("code", "figures", None),
            ("a", "a chart", page + "#chart"),
        ], path
        assert update.text_content() == "Added figures & a chart.", path
        assert [(e.tag, e.text, e.get("href")) for e in correction] == [
            ("em", "pay", None),
            ("a", "the other brief", BASE + "briefs/other/"),
        ], path
