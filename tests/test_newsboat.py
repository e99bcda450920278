"""A real feed reader across rebuilds: Debian's newsboat subscribes to the built feeds (RSS and
Atom, each in a cache of its own: newsboat keys items by their id across feeds), reloads after
each build, and what it stores is read back from its cache.

Tried the way a reader meets the briefing: five briefs, all read; an unchanged rebuild (no
item comes back unread or twice); thirty briefs in one build past ``feed_limit: 20`` (none
lost); a correction (the same item, its text now carrying the correction)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from checkers import require_tool
from test_feed_history import Site

pytestmark = pytest.mark.external

CORRECTION = (
    "updates:\n  - date: 2024-03-01T09:00:00+01:00\n    kind: correction\n"
    "    note: The figure was 12, not 21.\n"
)


class Newsboat:
    """One subscription to one feed file, with its own cache."""

    def __init__(self, root: Path, feed: Path) -> None:
        require_tool("newsboat", shutil.which("newsboat") is not None, "apt-get install newsboat")
        root.mkdir()
        self.root = root
        (root / "urls").write_text(f"{feed.as_uri()}\n")
        (root / "config").write_text("")  # the defaults, not a developer's own settings
        self.cache = root / "cache.db"

    def reload(self) -> None:
        command = ["newsboat", "-u", str(self.root / "urls"), "-c", str(self.cache)]
        command += ["-C", str(self.root / "config"), "-x", "reload"]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=120, env={"HOME": str(self.root)}
        )
        assert done.returncode == 0, done.stderr

    def items(self) -> dict[str, tuple[str, int, str]]:
        """{guid: (title, unread, content)} of every item newsboat keeps."""
        with sqlite3.connect(self.cache) as db:
            rows = db.execute("SELECT guid, title, unread, content FROM rss_item").fetchall()
        assert len(rows) == len({row[0] for row in rows}), "an item stored twice"
        return {guid: (title, unread, content) for guid, title, unread, content in rows}

    def read_all(self) -> None:
        with sqlite3.connect(self.cache) as db:
            db.execute("UPDATE rss_item SET unread = 0")


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml"])
def test_newsboat_follows_the_feed_across_rebuilds(tmp_path: Path, feed: str) -> None:
    site = Site(tmp_path / "site-root")
    site.add(range(1, 6))
    site.build()
    reader = Newsboat(tmp_path / "newsboat", site.out / feed)
    reader.reload()
    first = reader.items()
    assert sorted(first) == sorted(f"tag:test,2024:b{n}" for n in range(1, 6))
    assert {title for title, _, _ in first.values()} == {f"Brief {n}" for n in range(1, 6)}
    reader.read_all()

    site.build()  # nothing changed: nothing new, nothing unread again
    reader.reload()
    assert {guid: unread for guid, (_, unread, _) in reader.items().items()} == {
        guid: 0 for guid in first
    }

    site.add(range(6, 36))  # 30 briefs in one build, past feed_limit: 20
    site.build()
    reader.reload()
    items = reader.items()
    assert sorted(items) == sorted(f"tag:test,2024:b{n}" for n in range(1, 36))
    unread = sorted(guid for guid, (_, flag, _) in items.items() if flag)
    assert unread == sorted(f"tag:test,2024:b{n}" for n in range(6, 36))

    site.add(range(35, 36), extra=CORRECTION)  # a correction to the newest brief
    site.build()
    reader.reload()
    after = reader.items()
    assert sorted(after) == sorted(items)  # the same item, not a new one
    assert "The figure was 12, not 21." in after["tag:test,2024:b35"][2]
    assert "The figure was 12" not in items["tag:test,2024:b35"][2]
