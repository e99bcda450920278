"""Editions: one Site per language of ``languages:``, the translations that join them, and
what each page shows of its other versions. Pure functions of the parsed content.

The default edition (the first language) keeps the site's addresses; every other one lives
under ``/<code>/``. A brief or page names the original it translates with
``translation_of`` (a brief's permanent ``id``, a page's slug); the original and its
translations are the versions of one work. A translation is *behind* when its original
has a correction or update dated after the translation's latest entry (or, with none,
after its date).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from . import urls
from .config import SiteConfig
from .config import edition as edition_config
from .errors import BuildFailed, ContentError
from .model import Brief, Page, Update
from .site import Newsroom, Site, collisions, edition, newsroom_errors, ordered
from .site import assemble as site_of_one_edition


@dataclass(frozen=True)
class Version:
    """One version of a page, as a language switch or an hreflang alternate names it."""

    lang: str
    url: str  # a site path
    name: str  # the language's name in itself: "English", "italiano"
    exists: bool = True  # False: the edition has no version; ``url`` is its home page
    original: bool = False  # the version the others translate


@dataclass(frozen=True)
class Behind:
    """A translation whose original was corrected or updated after it."""

    translation: Brief
    original: Brief
    updates: tuple[Update, ...]  # the original's entries the translation lacks, newest first


def _translation_errors(items: Sequence[Brief | Page], what: str) -> list[ContentError]:
    """Every located problem of ``translation_of`` among ``items`` (briefs or pages)."""
    by_name = {(a.id if isinstance(a, Brief) else a.slug): a for a in items}
    errors = []
    seen: dict[tuple[str, str], Brief | Page] = {}
    for item in sorted(items, key=lambda a: a.path):
        target = item.translation_of
        if not target:
            continue
        line = item.line("translation_of")
        original = by_name.get(target)
        if original is None:
            errors.append(ContentError(item.path, line, f"translation_of: no {what} '{target}'"))
        elif original.translation_of:
            message = (
                f"translation_of: {original.path} is itself a translation (of"
                f" '{original.translation_of}'); name the original"
            )
            errors.append(ContentError(item.path, line, message))
        elif original.lang == item.lang:
            message = (
                f"translation_of: {original.path} is in '{item.lang}' too;"
                " a translation is in another language"
            )
            errors.append(ContentError(item.path, line, message))
        elif (target, item.lang) in seen:
            first = seen[target, item.lang]
            message = (
                f"translation_of: {first.path} already translates '{target}' into '{item.lang}'"
            )
            errors.append(ContentError(item.path, line, message))
        else:
            seen[target, item.lang] = item
    return errors


def assemble(
    briefs: Iterable[Brief], pages: Iterable[Page], now: datetime, drafts: bool,
    config: SiteConfig, newsroom: Newsroom | None = None,
) -> Site:  # fmt: skip
    """Everything parsed -> the Site to render; raises BuildFailed on collisions, and (given
    the ``newsroom``) on bylines and stories that name nothing. With ``languages`` in the
    settings, the default edition's Site, the others in ``editions``."""
    if config.languages:
        return assemble_editions(briefs, pages, now, drafts, config, newsroom)
    return site_of_one_edition(briefs, pages, now, drafts, newsroom)


def assemble_editions(
    briefs: Iterable[Brief], pages: Iterable[Page], now: datetime, drafts: bool,
    config: SiteConfig, newsroom: Newsroom | None = None,
) -> Site:  # fmt: skip
    """The default edition's Site, with the others in ``editions``; raises BuildFailed with
    every collision and translation problem, and (given the ``newsroom``) every byline and
    story that names nothing. Each edition groups its own briefs by section, story and
    person."""
    everything, all_pages = ordered(briefs, pages)
    codes = [e.code for e in config.languages]
    errors = collisions(everything, all_pages, urls.RESERVED | set(codes[1:]))
    errors += _translation_errors(everything, "brief with the id")
    errors += _translation_errors(all_pages, "page with the slug")
    if newsroom is not None:
        errors += newsroom_errors(everything, newsroom)
        errors += [  # a story told in a language no edition has would never be shown
            ContentError(
                s.path,
                s.line("lang"),
                f"lang: '{s.lang}' is not an edition of the site ({', '.join(codes)})",
            )
            for s in newsroom.stories
            if s.translation_of and s.lang not in codes
        ]
    sites: list[Site] = []
    rooms: dict[str, Newsroom | None] = {}
    for code in codes:
        prefix = "" if code == codes[0] else f"/{code}"
        own = [a for a in everything if a.lang == code]
        own_pages = [p for p in all_pages if p.lang == code]
        room = newsroom
        if room is not None:  # the sections as the edition names them
            room = replace(room, sections=edition_config(config, code).sections)
        rooms[code] = room
        site, more = edition(own, own_pages, now, drafts, code, prefix, newsroom=room)
        errors += more
        sites.append(site)
    if errors:
        raise BuildFailed(errors)
    if config.untranslated == "show":
        sites = [
            _with_fallbacks(site, sites, everything, all_pages, now, drafts, rooms[site.lang])
            for site in sites
        ]
    held_back = tuple(a for s in sites for a in s.held_back)
    pending = tuple(sorted(d for s in sites for d in s.pending))
    first = sites[0]
    return replace(first, editions=tuple(sites[1:]), held_back=held_back, pending=pending)


def _with_fallbacks(
    site: Site,
    sites: list[Site],
    everything: list[Brief],
    all_pages: list[Page],
    now: datetime,
    drafts: bool,
    newsroom: Newsroom | None = None,
) -> Site:
    """The edition again, its lists showing the published originals it has no version of."""
    have = {a.original for a in site.briefs}
    foreign = tuple(
        a
        for other in sites
        if other is not site
        for a in other.briefs
        if not a.translation_of and a.id not in have
    )
    if not foreign:
        return site
    own = [a for a in everything if a.lang == site.lang]
    own_pages = [p for p in all_pages if p.lang == site.lang]
    again, _ = edition(own, own_pages, now, drafts, site.lang, site.prefix, foreign, newsroom)
    return again


def behind(site: Site) -> list[Behind]:
    """Every published translation whose original has newer corrections or updates."""
    originals = {a.id: a for e in site.every_edition for a in e.briefs if not a.translation_of}
    out = []
    for e in site.every_edition:
        for brief in e.briefs:
            original = originals.get(brief.translation_of) if brief.translation_of else None
            if original is None:
                continue
            since = brief.updates[0].date if brief.updates else brief.date
            newer = tuple(u for u in original.updates if u.date > since)
            if newer:
                out.append(Behind(brief, original, newer))
    return sorted(out, key=lambda b: b.translation.path)


def behind_warnings(site: Site) -> tuple[str, ...]:
    """``path:line: warning: ...`` for each translation behind its original."""
    lines = []
    for b in behind(site):
        latest = b.updates[0]
        message = (
            f"warning: translation behind its original: {b.original.path} has a {latest.kind}"
            f" of {latest.date.date().isoformat()} this translation has no entry for;"
            " translate it and add an updates entry"
        )
        lines.append(
            str(ContentError(b.translation.path, b.translation.line("translation_of"), message))
        )
    return tuple(lines)
