"""What earlier builds published, kept in the output folder beside the site.

Two promises need the previous output, not only the content:

- **No brief is lost to a polling reader.** A feed holds the newest ``feed_limit`` briefs
  *and* every brief the newest build published for the first time ("fresh"), however many
  that is: a reader that polls the feed before and after a build of 30 new briefs sees all
  30. The same holds for corrections in the corrections feed.
- **A renamed brief is named.** Every address a brief (known by its permanent ``id``) has
  been published at is remembered; one that the brief no longer has (as its URL or as an
  ``aliases:`` entry) is reported with the exact ``aliases:`` line that keeps it working.

The record (``.briefing-published.json``) is written with the site, in the same swap. It is
a pure function of the previous record and of this build's site, and a build that brings
nothing new keeps the previous build's "fresh" set: building the same content again gives
the same bytes. With no record (a first build, or an output folder that was lost) nothing
is fresh: the feeds hold the newest ``feed_limit`` briefs, and the archive documents
(RFC 5005) still give the whole history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError

if TYPE_CHECKING:
    from .site import Site

FILE = ".briefing-published.json"  # in the output folder, listed in its manifest
VERSION = 1


@dataclass(frozen=True)
class Published:
    # every address each brief (by permanent id) has been published at: URL and aliases
    addresses: Mapping[str, tuple[str, ...]]
    fresh: frozenset[str]  # ids of the briefs the newest build published first
    corrections: frozenset[str]  # permanent ids of every correction published
    fresh_corrections: frozenset[str]  # those the newest build published first


def read(output: Path) -> Published | None:
    """The record the last build left in ``output``, or None (none, or unreadable)."""
    try:
        data = json.loads((output / FILE).read_text("utf-8"))
        if data.get("version") != VERSION:
            return None
        return Published(
            addresses={str(k): tuple(str(u) for u in v) for k, v in data["addresses"].items()},
            fresh=frozenset(str(i) for i in data["fresh"]),
            corrections=frozenset(str(i) for i in data["corrections"]),
            fresh_corrections=frozenset(str(i) for i in data["fresh_corrections"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _briefs(site: Site) -> list:
    """Every published brief of every edition."""
    return [brief for edition in site.every_edition for brief in edition.briefs]


def _fresh(new: set[str], now: set[str], before: frozenset[str]) -> frozenset[str]:
    """What this build publishes first (``new``); if nothing, what the previous build did
    (those still published)."""
    return frozenset(new) if new else before & now


def advance(previous: Published | None, site: Site) -> Published:
    """The record after this build: addresses gathered, fresh sets moved on.

    A brief is new when neither its id nor its address was published before: a renamed
    brief (same id) or one whose id changed at the same address (a new ``id_authority``)
    is no news to a reader. With no previous record nothing is fresh."""
    addresses: dict[str, set[str]] = {}
    if previous is not None:
        addresses = {i: set(urls) for i, urls in previous.addresses.items()}
    seen = {url for urls in addresses.values() for url in urls}
    everyone = _briefs(site)
    new = {
        brief.id
        for brief in everyone
        if previous is not None and brief.id not in addresses and brief.url not in seen
    }
    for brief in everyone:
        addresses.setdefault(brief.id, set()).update((brief.url, *brief.aliases))
    ids = {brief.id for brief in everyone}
    guids = {c.guid for edition in site.every_edition for c in edition.corrections}
    before = previous.corrections if previous is not None else frozenset()
    new_corrections = guids - before if previous is not None else set()
    return Published(
        addresses={i: tuple(sorted(urls)) for i, urls in sorted(addresses.items())},
        fresh=_fresh(new, ids, previous.fresh if previous else frozenset()),
        corrections=frozenset(guids | before),
        fresh_corrections=_fresh(
            new_corrections, guids, previous.fresh_corrections if previous else frozenset()
        ),
    )


def to_bytes(record: Published) -> bytes:
    data = {
        "version": VERSION,
        "addresses": {i: list(urls) for i, urls in record.addresses.items()},
        "fresh": sorted(record.fresh),
        "corrections": sorted(record.corrections),
        "fresh_corrections": sorted(record.fresh_corrections),
    }
    return (json.dumps(data, indent=0, ensure_ascii=False) + "\n").encode("utf-8")


def alias_line(addresses: Iterable[str]) -> str:
    """The ``aliases:`` line that keeps ``addresses`` working."""
    return "aliases: [" + ", ".join(json.dumps(a) for a in addresses) + "]"


def moved(previous: Published | None, site: Site) -> list[ContentError]:
    """A brief that no longer answers at an address it was published at (its old URL or a
    dropped alias): the old address and the exact ``aliases:`` line that keeps it working.
    An address another brief or page now holds is not reported (it is taken)."""
    if previous is None:
        return []
    everyone = _briefs(site)
    pages = [page for edition in site.every_edition for page in edition.pages]
    taken = {brief.url for brief in everyone} | {p.url for p in pages}
    taken |= {alias for brief in everyone for alias in brief.aliases}
    problems = []
    for brief in sorted(everyone, key=lambda b: b.path):
        lost = [u for u in previous.addresses.get(brief.id, ()) if u not in taken]
        if not lost:
            continue
        keep = [*brief.aliases, *lost]
        line = brief.line("aliases") if brief.aliases else brief.line("slug")
        was = ", ".join(lost)
        problems.append(
            ContentError(
                brief.path,
                line,
                f"this brief (id {brief.id}) was published at {was} and is now at {brief.url};"
                f" the old address answers 404 unless you add `{alias_line(keep)}`",
            )
        )
    return problems


def with_fresh(site: Site, record: Published) -> Site:
    """``site`` (and each of its editions) knowing what the newest build published first:
    ids are permanent and one per language version, so every edition shares the sets."""
    fresh, corrections = record.fresh, record.fresh_corrections
    editions = tuple(
        replace(edition, fresh=fresh, fresh_corrections=corrections) for edition in site.editions
    )
    return replace(site, editions=editions, fresh=fresh, fresh_corrections=corrections)
