"""No brief is lost to a polling reader, and RFC 5005 archives give the whole history.

Tried the way the report did: a site is built, a reader polls every feed document alone
(feedparser, as real feed readers do), 30 briefs are published in one build with
``feed_limit: 20``, and the reader polls again; it must have seen every brief. Then the
archive documents are followed from each subscription feed, as an RFC 5005 reader does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import feedrules
import pytest
from lxml import etree

from generator.commands.cli import main

BASE = "https://news.example.org/"
FH = "{http://purl.org/syndication/history/1.0}archive"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_YAML = """\
title: "History & Co"
description: "Feeds with <history>."
base_url: "https://news.example.org/"
timezone: Europe/Rome
feed_limit: {limit}
id_authority: test
feed_id: "tag:test,2024:feed"
share_cards: false
search: false
templates: {templates}
"""
FEEDS = ("/feed.xml", "/atom.xml", "/feed.json", "/tags/pay/feed.xml")


def brief(n: int, tags: str = "Pay", extra: str = "") -> str:
    day = 1 + (n - 1) % 28
    month = 1 + (n - 1) // 28
    return (
        f'---\ntitle: "Brief {n}"\ndate: 2024-{month:02d}-{day:02d}T10:00:00+01:00\n'
        f'id: "tag:test,2024:b{n}"\ntags: [{tags}]\n{extra}---\nBody {n}.\n'
    )


class Site:
    def __init__(self, root: Path, limit: int = 20, more: str = "") -> None:
        self.root = root
        self.content = root / "content"
        (self.content / "briefs").mkdir(parents=True)
        self.config = root / "site.yaml"
        templates = json.dumps(str(Path(__file__).parents[1] / "templates"))
        self.config.write_text(SITE_YAML.format(limit=limit, templates=templates) + more)
        self.out = root / "site"

    def add(self, numbers: range, **kw: str) -> None:
        for n in numbers:
            (self.content / "briefs" / f"b{n}.md").write_text(brief(n, **kw))

    def args(self, command: str, out: Path | None = None) -> list[str]:
        where = ["--content", str(self.content), "--config", str(self.config)]
        return [command, *where, "--output", str(out or self.out)]

    def build(self, out: Path | None = None) -> None:
        assert main([*self.args("build", out), "--no-cache", "--quiet"]) == 0

    def read(self, path: str) -> bytes:
        return (self.out / path.lstrip("/")).read_bytes()


def ids_in(data: bytes) -> set[str]:
    """What a polling reader takes from one feed document."""
    if data.lstrip()[:1] == b"{":
        return {item["id"] for item in json.loads(data)["items"]}
    return {entry.id for entry in feedparser.parse(data).entries}


def test_a_polling_reader_sees_all_30_briefs_of_one_build(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.add(range(1, 6))
    site.build()
    seen = {path: ids_in(site.read(path)) for path in FEEDS}
    site.add(range(6, 36))  # 30 briefs in one build, past feed_limit: 20
    site.build()
    everything = {f"tag:test,2024:b{n}" for n in range(1, 36)}
    for path in FEEDS:
        after = ids_in(site.read(path))
        assert len(after) == 30, path  # the 30 new ones: 20 by the limit, 10 past it
        assert seen[path] | after == everything, path
        url = BASE.rstrip("/") + path
        assert feedrules.check(site.read(path), url, BASE) == [], path


def test_the_feed_is_the_same_when_the_same_content_is_built_again(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.add(range(1, 6))
    site.build()
    site.add(range(6, 36))
    site.build()
    first = {path: site.read(path) for path in (*FEEDS, ".briefing-published.json")}
    site.build()  # nothing new: the newest build's briefs stay in the feed, byte for byte
    assert {path: site.read(path) for path in first} == first
    site.add(range(36, 37))  # one more: the feed goes back to its limit
    site.build()
    after = ids_in(site.read("/atom.xml"))
    assert after == {f"tag:test,2024:b{n}" for n in range(17, 37)}


def test_a_first_build_or_a_lost_output_holds_the_limit(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.add(range(1, 36))
    site.build()
    assert ids_in(site.read("/feed.xml")) == {f"tag:test,2024:b{n}" for n in range(16, 36)}


def test_corrections_published_in_one_build_all_reach_the_corrections_feeds(
    tmp_path: Path,
) -> None:
    site = Site(tmp_path, limit=3)
    site.add(range(1, 9))
    site.build()
    note = "updates:\n  - date: 2024-03-01T09:00:00+01:00\n    kind: correction\n    note: Fixed.\n"
    site.add(range(1, 9), extra=note)  # eight corrections in one build, limit 3
    site.build()
    for path in ("/corrections/feed.xml", "/corrections/atom.xml", "/corrections/feed.json"):
        assert len(ids_in(site.read(path))) == 8, path
        assert feedrules.check(site.read(path), BASE.rstrip("/") + path, BASE) == [], path


def _follow(site: Site, path: str) -> tuple[set[str], list[str]]:
    """Every id reachable from a subscription feed through its prev-archive links, as an
    RFC 5005 reader gathers them; and the archive documents visited."""
    ids, visited = set(), []
    data = site.read(path)
    while True:
        ids |= ids_in(data)
        if data.lstrip()[:1] == b"{":
            older = json.loads(data).get("next_url")
        else:
            links = feedparser.parse(data).feed.get("links", [])
            older = next((link.href for link in links if link.rel == "prev-archive"), None)
        if older is None:
            return ids, visited
        assert older.startswith(BASE)
        visited.append("/" + older[len(BASE) :])
        data = site.read(visited[-1])


def _self_and_current(data: bytes) -> tuple[str, str | None]:
    """A feed document's own address, and the subscription feed it says it belongs to
    (JSON Feed has no such link: None)."""
    if data.lstrip()[:1] == b"{":
        return json.loads(data)["feed_url"], None
    rels = {
        link.get("rel"): link.get("href") for link in etree.fromstring(data).iter(f"{ATOM}link")
    }
    return rels["self"], rels["current"]


def test_archive_documents_give_the_whole_history_and_validate(tmp_path: Path) -> None:
    site = Site(tmp_path, limit=4)
    site.add(range(1, 15))  # 14 briefs: three whole archive pages of 4, two briefs past them
    site.build()
    everything = {f"tag:test,2024:b{n}" for n in range(1, 15)}
    for path in ("/feed.xml", "/atom.xml", "/feed.json"):
        ids, visited = _follow(site, path)
        assert ids == everything, path
        name = path.lstrip("/")
        assert visited == [f"/feeds/archive/{n}/{name}" for n in (3, 2, 1)]
        for page in visited:
            data = site.read(page)
            assert feedrules.check(data, BASE.rstrip("/") + page, BASE) == [], page
            assert len(ids_in(data)) == 4
            current = None if path == "/feed.json" else BASE + name
            assert _self_and_current(data) == (BASE + page.lstrip("/"), current), page
            if path != "/feed.json":
                assert etree.fromstring(data).find(f".//{FH}") is not None, page  # <fh:archive/>
    subscription = etree.fromstring(site.read("/atom.xml"))
    assert subscription.find(f".//{FH}") is None  # the subscription feed is no archive


def test_a_feed_limit_of_one_archives_one_brief_a_page(tmp_path: Path) -> None:
    site = Site(tmp_path, limit=1)  # the smallest limit the settings allow
    site.add(range(1, 4))
    site.build()
    for name in ("feed.xml", "atom.xml", "feed.json"):
        ids, visited = _follow(site, "/" + name)
        assert ids == {f"tag:test,2024:b{n}" for n in range(1, 4)}, name
        assert visited == [f"/feeds/archive/{n}/{name}" for n in (3, 2, 1)], name
        assert [ids_in(site.read(page)) for page in visited] == [
            {f"tag:test,2024:b{n}"} for n in (3, 2, 1)
        ]


def test_the_second_editions_archive_is_its_own(tmp_path: Path) -> None:
    """An Italian reader following the Italian feeds back through their archive finds every
    Italian brief, and only the Italian edition's archive pages on the way."""
    site = Site(tmp_path, limit=2, more="languages:\n  - code: en\n  - code: it\n")
    site.add(range(1, 8), extra="lang: it\n")  # seven: three archive pages of 2, one past
    site.add(range(8, 11))  # and three in English
    site.build()
    italian = {f"tag:test,2024:b{n}" for n in range(1, 8)}
    for name in ("feed.xml", "atom.xml", "feed.json"):
        ids, visited = _follow(site, "/it/" + name)
        assert ids == italian, name
        assert visited == [f"/it/feeds/archive/{n}/{name}" for n in (3, 2, 1)], name
        for page in visited:  # each names itself, and its subscription feed, in Italian
            current = None if name == "feed.json" else BASE + "it/" + name
            assert _self_and_current(site.read(page)) == (BASE + page[1:], current), page


def test_an_archive_page_does_not_change_when_new_briefs_arrive(tmp_path: Path) -> None:
    site = Site(tmp_path, limit=4)
    site.add(range(1, 10))
    site.build()
    pages = [f"/feeds/archive/{n}/{name}" for n in (1, 2) for name in ("feed.xml", "atom.xml")]
    pages += ["/feeds/archive/1/feed.json", "/feeds/archive/2/feed.json"]
    before = {page: site.read(page) for page in pages}
    site.add(range(10, 18))  # two more whole pages
    site.build()
    assert {page: site.read(page) for page in pages} == before
    assert (site.out / "feeds/archive/4/atom.xml").is_file()
    assert not (site.out / "feeds/archive/5").exists()


def _moved(site: Site) -> None:
    (site.content / "briefs" / "b2.md").write_text(
        brief(2).replace("---\nBody", "slug: two\n---\nBody")
    )


def test_a_renamed_brief_is_named_with_the_aliases_line_to_add(tmp_path: Path, capsys) -> None:
    site = Site(tmp_path)
    site.add(range(1, 4))
    site.build()
    _moved(site)
    assert main(site.args("check")) == 1
    said = capsys.readouterr().err
    assert "content/briefs/b2.md:" in said
    assert "/briefs/b2/" in said and 'aliases: ["/briefs/b2/"]' in said
    assert main([*site.args("build"), "--no-cache"]) == 0
    said = capsys.readouterr()
    assert "warning: this brief (id tag:test,2024:b2) was published at /briefs/b2/" in said.err
    assert main(site.args("check")) == 1  # still said after the build: the record keeps it
    capsys.readouterr()
    text = (site.content / "briefs" / "b2.md").read_text()
    fixed = text.replace("slug: two\n", 'slug: two\naliases: ["/briefs/b2/"]\n')
    (site.content / "briefs" / "b2.md").write_text(fixed)
    assert main(site.args("check")) == 0
    assert "/briefs/b2/" not in capsys.readouterr().err
    assert main([*site.args("build"), "--no-cache", "--quiet"]) == 0
    assert (site.out / "briefs/b2/index.html").is_file()  # the redirect


def test_check_of_a_fresh_output_says_nothing_of_renames(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.add(range(1, 4))
    site.build(tmp_path / "elsewhere")
    _moved(site)
    assert main(site.args("check")) == 0  # no site/ here: nothing was published before
    shutil.rmtree(tmp_path / "elsewhere")


@pytest.mark.parametrize("feed", ["/atom.xml", "/corrections/atom.xml"])
def test_atom_subtitle_is_escaped_once(tmp_path: Path, feed: str) -> None:
    site = Site(tmp_path)
    site.add(range(1, 3))
    site.build()
    parsed = feedparser.parse(site.read(feed))
    root = etree.fromstring(site.read(feed))
    subtitle = root.find(f"{ATOM}subtitle").text
    assert "&lt;" not in subtitle and "&amp;" not in subtitle
    if feed == "/atom.xml":
        assert subtitle == "Feeds with <history>."
        assert parsed.feed.subtitle == "Feeds with <history>."
