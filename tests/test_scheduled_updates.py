"""Updates are scheduled as briefs are: one dated after the build's `now` shows nowhere.

Not on the brief's page, not on the corrections page, in no feed, and in no date (the
page's "Updated", feed dates, sitemap lastmod), until a build at or after its time.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from conftest import tree, write_site
from lxml import etree

from generator.commands.cli import main
from generator.incremental import uptodate
from generator.options import Options

BEFORE = "2025-02-01T00:00:00+00:00"  # the past update is due, the future ones are not
AFTER = "2025-04-01T00:00:00+00:00"  # every one is due

BRIEFS = {
    "2025-01-10-fixed.md": """\
---
title: "Fixed later"
date: 2025-01-10T10:00:00+01:00
id: "tag:t,2025:fixed"
updates:
  - date: 2025-01-12T09:00:00+01:00
    kind: clarification
    note: "A clarification already made."
  - date: 2025-03-01T09:00:00+01:00
    kind: correction
    note: "A correction still to come."
---
Body.
""",
    "2025-01-11-by-hand.md": """\
---
title: "Written by hand"
date: 2025-01-11T10:00:00+01:00
id: "tag:t,2025:by-hand"
updated: 2025-03-05T12:00:00+01:00
---
Body.
""",
}

# Every way a date of March 2025 is written: ISO, RFC 822 and the pages' "1 March 2025".
FUTURE_DATES = ("2025-03", "Mar 2025", "March 2025")


def build(root: Path, out: Path, now: str, *extra: str) -> Path:
    content, config = root / "content", root / "site.yaml"
    args = ["--content", str(content), "--config", str(config), "--output", str(out)]
    assert main(["build", *args, "--now", now, "--quiet", *extra]) == 0
    return out


def entries(out: Path, feed: str) -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse((out / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {e.id: e for e in parsed.entries}


def test_an_update_not_yet_due_shows_nowhere(tmp_path: Path) -> None:
    write_site(tmp_path, BRIEFS)
    out = build(tmp_path, tmp_path / "out", BEFORE)
    for path, data in tree(out).items():
        text = data.decode("utf-8", "replace")
        assert "still to come" not in text, path
        assert [d for d in FUTURE_DATES if d in text] == [], path
    page = (out / "briefs" / "fixed" / "index.html").read_text("utf-8")
    assert "already made" in page and "Updated <time" in page
    assert "was-updated" not in (out / "briefs" / "by-hand" / "index.html").read_text("utf-8")
    assert "already made" in (out / "corrections" / "index.html").read_text("utf-8")
    corrections = entries(out, "corrections/feed.xml")
    assert list(corrections) == ["tag:t,2025:fixed/updates/20250112T080000Z"]
    atom = entries(out, "atom.xml")
    assert atom["tag:t,2025:fixed"].updated == "2025-01-12T09:00:00+01:00"
    assert atom["tag:t,2025:by-hand"].updated == atom["tag:t,2025:by-hand"].published
    items = {i["id"]: i for i in json.loads((out / "feed.json").read_bytes())["items"]}
    assert items["tag:t,2025:fixed"]["date_modified"] == "2025-01-12T09:00:00+01:00"
    assert items["tag:t,2025:by-hand"]["date_modified"] == "2025-01-11T10:00:00+01:00"
    rss = etree.fromstring((out / "feed.xml").read_bytes())
    by_hand = next(i for i in rss.iter("item") if i.findtext("guid") == "tag:t,2025:by-hand")
    assert by_hand.find("{http://www.w3.org/2005/Atom}updated") is None  # never updated


def test_an_update_shows_everywhere_once_due(tmp_path: Path) -> None:
    write_site(tmp_path, BRIEFS)
    out = build(tmp_path, tmp_path / "out", AFTER)
    assert "still to come" in (out / "briefs" / "fixed" / "index.html").read_text("utf-8")
    assert "still to come" in (out / "corrections" / "index.html").read_text("utf-8")
    assert "was-updated" in (out / "briefs" / "by-hand" / "index.html").read_text("utf-8")
    assert list(entries(out, "corrections/feed.xml")) == [
        "tag:t,2025:fixed/updates/20250301T080000Z",
        "tag:t,2025:fixed/updates/20250112T080000Z",
    ]
    atom = entries(out, "atom.xml")
    assert atom["tag:t,2025:fixed"].updated == "2025-03-01T09:00:00+01:00"
    assert atom["tag:t,2025:by-hand"].updated == "2025-03-05T12:00:00+01:00"
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>2025-03-05T12:00:00+01:00</lastmod>" in sitemap  # the home page
    assert "<lastmod>2025-03-01T09:00:00+01:00</lastmod>" in sitemap  # the brief and corrections


def test_an_incremental_build_equals_a_clean_one_when_an_update_comes_due(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, BRIEFS)
    out, cache = tmp_path / "out", ("--cache-dir", str(tmp_path / "cache"))
    for step, now in enumerate((BEFORE, AFTER, BEFORE)):
        incremental = tree(build(tmp_path, out, now, *cache))
        # without the cache, but with what was published before (an input: see published.py)
        if step:
            shutil.copytree(tmp_path / f"clean-{step - 1}", tmp_path / f"clean-{step}")
        clean = tree(build(tmp_path, tmp_path / f"clean-{step}", now, "--no-cache"))
        assert sorted(incremental) == sorted(clean)
        assert [p for p in clean if incremental[p] != clean[p]] == [], now


def test_the_up_to_date_check_rebuilds_when_an_update_comes_due(tmp_path: Path) -> None:
    content, config = write_site(tmp_path, BRIEFS)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(tmp_path, out, BEFORE, "--cache-dir", str(cache))
    stamp = json.loads((cache / uptodate.STAMP).read_text("utf-8"))
    assert stamp["next_due"] == "2025-03-01T09:00:00+01:00"  # the earliest still to come
    before = datetime.fromisoformat(BEFORE)
    shape = uptodate.shape(Options(content, out, config, now=before))
    assert uptodate.fresh(cache, shape, out, before) is not None
    assert uptodate.fresh(cache, shape, out, datetime(2025, 3, 1, 7, 59, tzinfo=UTC)) is not None
    assert uptodate.fresh(cache, shape, out, datetime(2025, 3, 1, 8, 0, tzinfo=UTC)) is None


def test_an_update_dated_exactly_now_is_due_and_nothing_waits_for_it(tmp_path: Path) -> None:
    # The correction is dated 2025-03-01T09:00:00+01:00, the build's clock the same instant:
    # it is shown, and the stamp waits for the next change (the hand-written `updated`), not
    # for this one, so the next build with nothing new is not taken for one with news.
    write_site(tmp_path, BRIEFS)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(tmp_path, out, "2025-03-01T08:00:00+00:00", "--cache-dir", str(cache))
    page = (out / "briefs" / "fixed" / "index.html").read_text("utf-8")
    assert "A correction still to come." in page
    stamp = json.loads((cache / uptodate.STAMP).read_text("utf-8"))
    assert stamp["next_due"] == "2025-03-05T12:00:00+01:00"
