"""Limits that protect the build: output names stay short, and tags cost linear work.

The per-field limits are asserted in test_parse.py; here are the ones found when the site is
put together (a tag's URL slug), what the command line prints for them, and how the work of
building feeds grows with the number of tags.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import write_site

from generator import i18n
from generator.commands.cli import main
from generator.config import SiteConfig
from generator.errors import BuildFailed
from generator.model import Brief
from generator.parse import parse_brief
from generator.render import feeds
from generator.site import Site, assemble

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def parsed(path: str, tags: str, date: str = "2024-01-01") -> Brief:
    data = f"---\ntitle: A\ndate: {date}\ntags: [{tags}]\n---\nBody.\n".encode()
    brief, errors = parse_brief(path, data, CONFIG)
    assert [str(e) for e in errors] == []
    assert brief is not None
    return brief


def assembly_errors(*briefs: Brief) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        assemble(briefs, [], NOW)
    return [str(e) for e in failed.value.errors]


# --- a tag's URL slug -----------------------------------------------------------------------


def test_tag_whose_slug_is_at_the_limit_builds() -> None:
    brief = parsed("content/briefs/a.md", "ß" * 50)  # transliterated: "ss" * 50
    site = assemble([brief], [], NOW)
    assert [(t.name, t.slug) for t in site.tags] == [("ß" * 50, "s" * 100)]


def test_tag_whose_slug_is_too_long_is_reported_once_at_its_newest_brief() -> None:
    older = parsed("content/briefs/a.md", "ß" * 60)
    newer = parsed("content/briefs/b.md", f"Fine, {'ß' * 60}", date="2024-02-01")
    assert assembly_errors(older, newer) == [
        f"content/briefs/b.md:4: tag '{'ß' * 60}' gives a URL slug of 120 characters, "
        "more than 100; use a shorter tag"
    ]


def test_tag_slug_limit_also_counts_drafts_and_scheduled_briefs() -> None:
    data = f"---\ntitle: A\ndate: 2099-01-01\ndraft: true\ntags: [{'ß' * 51}]\n---\nB.\n"
    brief, errors = parse_brief("content/briefs/later.md", data.encode(), CONFIG)
    assert errors == [] and brief is not None
    assert assembly_errors(brief) == [
        f"content/briefs/later.md:5: tag '{'ß' * 51}' gives a URL slug of 102 characters, "
        "more than 100; use a shorter tag"
    ]


def test_a_tag_of_no_letters_or_digits_is_an_error_at_its_line() -> None:
    data = b"---\ntitle: A\ndate: 2024-01-01\ntags:\n  - Pay\n  - '!!!'\n---\nBody.\n"
    brief, errors = parse_brief("content/briefs/a.md", data, CONFIG)
    assert errors == [] and brief is not None
    assert assembly_errors(brief) == [
        "content/briefs/a.md:6: tag '!!!' gives an empty URL slug; use letters or digits"
    ]


def test_two_tags_with_one_url_slug_are_an_error_where_the_second_is_written() -> None:
    # One slug, two tags: the first written (by path, then line) keeps it, the other is named
    # at its line with the first one's spelling and file. Alphabetically, and in the order
    # the briefs are read (newest first), "Gig economy" would come first: neither decides.
    older = parsed("content/briefs/a.md", "Gig-economy")
    newer = parsed("content/briefs/b.md", "Pay, Gig economy", date="2024-02-01")
    assert assembly_errors(older, newer) == [
        "content/briefs/b.md:4: tag 'Gig economy' has the same URL slug 'gig-economy' as tag "
        "'Gig-economy' (content/briefs/a.md); use one spelling"
    ]


# --- what the command line prints instead of an OS traceback ----------------------------------


def build_args(root: Path, briefs: dict[str, str]) -> list[str]:
    content, config = write_site(root, briefs)
    return ["build", "--content", str(content), "--config", str(config), "--quiet"]


def test_names_too_long_for_a_file_system_are_content_errors(tmp_path: Path, capsys) -> None:
    long_name = f"2024-01-01-{'n' * 240}.md"
    args = build_args(
        tmp_path,
        {
            "tag.md": f"---\ntitle: A\ndate: 2024-01-01\ntags: [{'x' * 300}]\n---\nBody.\n",
            "slug.md": f"---\ntitle: B\ndate: 2024-01-01\nslug: {'s' * 300}\n---\nBody.\n",
            long_name: "---\ntitle: C\ndate: 2024-01-01\n---\nBody.\n",
        },
    )
    out = tmp_path / "out"
    assert main([*args, "--output", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"content/briefs/{long_name}:1: file name gives a slug of 240 characters, "
        "more than 100; set a shorter 'slug'",
        "content/briefs/slug.md:4: slug: expected at most 100 characters, found 300",
        "content/briefs/tag.md:4: tags entry: expected at most 80 characters, found 300",
        "build failed: 3 problems found, nothing was written",
    ]
    assert not out.exists()


# --- feed categories: work linear in the number of tags ---------------------------------------


def brief_with_tags(count: int, slug: str = "many") -> Brief:
    """A brief made directly, past the per-brief limit, to measure how work grows."""
    day = datetime(2024, 1, 1, tzinfo=UTC)
    return Brief(
        path=f"content/briefs/{slug}.md",
        slug=slug,
        title="Many tags",
        date=day,
        updated=day,
        id=f"tag:t,2024:{slug}",
        summary="S.",
        tags=tuple(f"Topic {i}" for i in range(count)),
        authors=("Desk",),
        lang="en",
        draft=False,
        sources=(),
        updates=(),
        body_html="<p>Body.</p>",
        toc=(),
        words=1,
        lines=(),
        links=(),
    )


def calls_made(work: Callable[[], Any]) -> int:
    """How many functions (Python and built-in) ``work`` calls: a count, not a time."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def feed_calls(tags: int, build: Callable[[Site, Brief], bytes]) -> int:
    brief = brief_with_tags(tags)
    site = assemble([brief], [], NOW)
    data = build(site, brief)
    assert data.count(b"Topic ") >= tags  # every tag made it into the feed
    return calls_made(lambda: build(site, brief))


@pytest.mark.parametrize(
    "build",
    [
        lambda site, brief: feeds.rss(site, CONFIG, [brief], "T", "/", "/feed.xml", "D"),
        lambda site, brief: feeds.atom(site, CONFIG, [brief], i18n.ENGLISH),
        lambda site, brief: feeds.json_feed(site, CONFIG, [brief], i18n.ENGLISH),
    ],
    ids=["rss", "atom", "json"],
)
def test_feed_building_is_linear_in_a_briefs_tags(build: Callable[[Site, Brief], bytes]) -> None:
    # Adding categories one call at a time makes feedgen rebuild its whole list each time:
    # twice the tags then cost about four times the calls (measured: 3.9x); linear is 2x.
    single, double = feed_calls(200, build), feed_calls(400, build)
    assert double <= 2.5 * single, (single, double)


def test_assembling_the_site_is_linear_in_a_briefs_tags() -> None:
    def assembled(tags: int) -> int:
        # briefs sharing some of their tags, so merging and related-brief ranking both run
        briefs = [brief_with_tags(tags // (1 + i), f"b{i}") for i in range(4)]
        site = assemble(briefs, [], NOW)
        assert len(site.tags) == tags
        assert [b.slug for b in site.neighbours(briefs[0]).related] == ["b1", "b2", "b3"]
        return calls_made(lambda: assemble(briefs, [], NOW))

    single, double = assembled(200), assembled(400)
    assert double <= 2.5 * single, (single, double)


# --- a site with thousands of tags ------------------------------------------------------------


@pytest.mark.slow
def test_a_site_with_two_thousand_tags_builds(tmp_path: Path, capsys) -> None:
    briefs = {
        f"2024-01-{b % 28 + 1:02d}-brief-{b}.md": (
            f"---\ntitle: Brief {b}\ndate: 2024-01-{b % 28 + 1:02d}\nid: tag:t,2024:b{b}\n"
            f"tags: [{', '.join(f'Topic {b * 20 + i}' for i in range(20))}]\n---\nBody {b}.\n"
        )
        for b in range(100)
    }
    out = tmp_path / "out"
    assert main([*build_args(tmp_path, briefs), "--output", str(out), "--no-cache"]) == 0
    assert capsys.readouterr().err == ""
    tags = sorted(p.name for p in (out / "tags").iterdir() if p.is_dir())
    assert tags == sorted(f"topic-{i}" for i in range(2000))
    assert all((out / "tags" / t / "feed.xml").is_file() for t in tags)
    assert (out / "tags" / "index.html").read_text("utf-8").count('href="topic-') == 2000


def sourced_brief(slug: str) -> Brief:
    text = f"""---
title: "Brief {slug}"
date: 2024-01-02T10:00:00+00:00
summary: "Why it matters."
tags: [Work]
sources:
  - title: "A report"
    publisher: "An outlet"
    url: https://example.net/{slug}
---

Body of {slug} with [a link](/about/).
"""
    brief, problems = parse_brief(f"content/briefs/{slug}.md", text.encode(), CONFIG)
    assert brief is not None and not problems
    return replace(brief, key=f"key-{slug}")


def test_a_briefs_feed_item_is_made_once_for_every_feed_and_language_it_appears_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    briefs = [sourced_brief("one"), sourced_brief("two")]
    site = assemble(briefs, [], NOW)
    italian = replace(
        i18n.ENGLISH, path="it.yaml", strings={**i18n.ENGLISH.strings, "sources": "Fonti"}
    )

    def every_feed(cat: i18n.Catalogue, made: dict | None = None) -> list[bytes]:
        return [
            feeds.rss(site, CONFIG, briefs, "T", "/", "/feed.xml", "D", (), cat, made),
            feeds.atom(site, CONFIG, briefs, cat, 0, made),
            feeds.json_feed(site, CONFIG, briefs, cat, 0, made),
        ]

    alone = every_feed(i18n.ENGLISH) + every_feed(italian)  # each item made afresh
    made = []
    real = feeds._item_html
    monkeypatch.setattr(feeds, "_item_html", lambda *a: made.append(a[1:3]) or real(*a))
    shared_items: dict = {}  # what one worker has made, shared by the feeds it renders
    shared = every_feed(i18n.ENGLISH, shared_items) + every_feed(italian, shared_items)
    assert shared == alone  # the same bytes, English and Italian strings where they belong
    assert b"Fonti" in shared[3] and b"Fonti" not in shared[0]
    # once per brief and language, not once per feed format
    assert sorted(made) == sorted(
        [(f"https://example.org{b.url}", "https://example.org/") for b in briefs] * 2
    )


def test_a_file_that_grows_while_it_is_read_is_read_whole_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file is read up to the size found when it was opened, and a byte more: one that
    grew meanwhile is read on, whole, and refused past the limit, never cut short."""
    import os

    from generator import sources
    from generator.limits import MAX_FILE_BYTES

    real_fstat = os.fstat

    def when_opened(descriptor: int) -> os.stat_result:  # the size before it grew
        found = real_fstat(descriptor)
        return os.stat_result((*found[:6], 10, *found[7:10]))

    monkeypatch.setattr(sources.os, "fstat", when_opened)
    grown = tmp_path / "grown.md"
    grown.write_bytes(b"x" * 5000)
    errors: list[Any] = []
    assert sources._read_bounded(grown, "content/briefs/grown.md", errors) == b"x" * 5000
    assert errors == []
    huge = tmp_path / "huge.md"
    huge.write_bytes(b"y" * (MAX_FILE_BYTES + 10))
    assert sources._read_bounded(huge, "content/briefs/huge.md", errors) is None
    assert [(e.path, e.line) for e in errors] == [("content/briefs/huge.md", 1)]
    assert "larger than" in errors[0].message
