"""Briefs and pages -> Site: ordering, tags, archive, corrections, collisions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timezone
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from slugify import slugify

from . import people as people_module
from . import sections as sections_module
from . import stories as stories_module
from . import urls
from .errors import BuildFailed, ContentError
from .limits import MAX_SLUG_LENGTH
from .model import Brief, Page, Update
from .people import Author, Byline, Person
from .sections import Section, SectionLink, SectionSetting
from .stories import Place, Story, Thread
from .typography import typeset_text

RELATED_COUNT = 3
RELATED_WINDOW = 12  # neighbours per tag considered as related candidates


@dataclass(frozen=True)
class TagRef:
    """A tag as a link: what a brief shows of each of its tags."""

    name: str
    slug: str
    prefix: str = ""  # the edition's path prefix

    @property
    def url(self) -> str:
        return urls.tag(self.slug, self.prefix)


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    briefs: tuple[Brief, ...]  # newest first
    prefix: str = ""  # the edition's path prefix

    @property
    def url(self) -> str:
        return urls.tag(self.slug, self.prefix)

    @property
    def feed_url(self) -> str:
        return urls.tag_feed(self.slug, self.prefix)


def update_stamp(update: Update) -> str:
    """The update's time for its permanent id, in UTC: ``20230728T070000Z``.

    A time written with an offset is one instant, however it is written (``08:00+01:00`` and
    ``07:00Z`` give one stamp). A time written without one is kept as written, so a change of
    the site's ``timezone`` (which moves it to another instant) never re-issues it."""
    when = update.date
    if isinstance(when.tzinfo, timezone):  # an offset in the file; else the site's zone
        when = when.astimezone(UTC)
    stamp = when.strftime("%Y%m%dT%H%M%S")
    return f"{stamp}.{when.microsecond:06d}Z" if when.microsecond else f"{stamp}Z"


@dataclass(frozen=True)
class Correction:
    brief: Brief
    update: Update
    # 1 for the first update of its brief with this stamp in the file, 2 for the second...
    number: int = 1

    @property
    def guid(self) -> str:
        """A permanent id: the brief's id and the update's stamp (and number if it shares it)."""
        suffix = f"-{self.number}" if self.number > 1 else ""
        return f"{self.brief.id}/updates/{update_stamp(self.update)}{suffix}"


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    briefs: tuple[Brief, ...]

    @property
    def name(self) -> str:
        return datetime(self.year, self.month, 1).strftime("%B %Y")


@dataclass(frozen=True)
class Neighbours:
    newer: Brief | None
    older: Brief | None
    related: tuple[Brief, ...]


@dataclass(frozen=True)
class Newsroom:
    """What a site is organised by besides tags: the sections of site.yaml, the desk's
    names (site.yaml's ``authors``), the people of content/authors/ (their photos placed by
    the picture pipeline) and the stories of content/stories/."""

    sections: tuple[SectionSetting, ...] = ()
    desk: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    stories: tuple[Story, ...] = ()


@dataclass(frozen=True)
class Site:
    briefs: tuple[Brief, ...]  # newest first
    pages: tuple[Page, ...]
    tags: tuple[Tag, ...]  # by name
    corrections: tuple[Correction, ...]  # newest first
    archive: tuple[tuple[int, tuple[Month, ...]], ...]  # newest year first
    held_back: tuple[Brief, ...]  # scheduled for later
    # when published briefs change: their held-back updates and future explicit `updated`s
    pending: tuple[datetime, ...]
    drafts: bool
    _tags_by_key: Mapping[str, Tag]
    _refs_by_key: Mapping[str, TagRef]
    _neighbours: Mapping[str, Neighbours]
    sections: tuple[Section, ...] = ()  # as site.yaml lists them
    stories: tuple[Thread, ...] = ()  # stories with a published brief, by slug
    authors: tuple[Author, ...] = ()  # every person, by slug
    desk: tuple[str, ...] = ()
    _places: Mapping[str, Place] = field(default_factory=lambda: MappingProxyType({}))
    _people: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    # what the site was assembled with, so a site can be assembled again (serve renders ahead)
    newsroom: Newsroom | None = None

    def story_of(self, brief: Brief) -> Place | None:
        """Where the brief sits in its story ("3 of 5", previous, next), or None."""
        return self._places.get(brief.slug)

    def byline(self, brief: Brief) -> tuple[Byline, ...]:
        """The brief's authors, each with the page it links to: a person's own page, or the
        masthead for the desk."""
        out = []
        for name in brief.authors:
            person = self._people.get(name)
            if person is not None:
                out.append(Byline(person.name, urls.author(person.slug, brief.prefix), True))
            else:  # the desk, or a plain name on a site without people
                masthead = brief.prefix + urls.MASTHEAD
                out.append(Byline(name, masthead if name in self.desk else "", False))
        return tuple(out)

    @property
    def section_links(self) -> tuple[SectionLink, ...]:
        """The sections as the navigation links them, in the settings' order."""
        return tuple(s.link for s in self.sections)

    def section_link(self, slug: str) -> SectionLink | None:
        """The section ``slug`` as the navigation links it, or None."""
        return next((s.link for s in self.sections if s.slug == slug), None)

    def crumbs(self, brief: Brief) -> tuple[tuple[str, str], ...]:
        """The steps between the edition's home and the brief, (name, site path): its
        section, else its first tag, else none."""
        section = self.section_link(brief.section) if brief.section else None
        if section is not None:
            return ((section.name, section.url),)
        tags = self.tags_of(brief)
        return ((tags[0].name, tags[0].url),) if tags else ()

    def author(self, slug: str) -> Author:
        """The person ``slug`` with their briefs in this edition; KeyError if none."""
        for author in self.authors:
            if author.person.slug == slug:
                return author
        raise KeyError(slug)

    def thread(self, slug: str) -> Thread:
        """The story ``slug`` with its briefs; KeyError if it has no page (a lookup error, so
        the incremental build's replay of a recorded read treats it as changed)."""
        for thread in self.stories:
            if thread.story.slug == slug:
                return thread
        raise KeyError(slug)

    @property
    def developing(self) -> tuple[Thread, ...]:
        """Stories still developing, the one with the latest brief first."""
        live = [t for t in self.stories if t.story.status == "developing"]
        return tuple(sorted(live, key=lambda t: (t.latest.date, t.story.slug), reverse=True))

    def newest_of(self, kind: str, slug: str, limit: int) -> tuple[Brief, ...]:
        """The newest ``limit`` briefs of one section, story or person (for its feeds)."""
        if kind == "section":
            found = {s.slug: s.briefs for s in self.sections}[slug]
        elif kind == "story":
            found = self.thread(slug).newest_first
        else:
            found = {a.person.slug: a.briefs for a in self.authors}[slug]
        return found[:limit]

    lang: str = ""  # the edition's language; "" for a site of one edition
    prefix: str = ""  # the edition's path prefix: "" for the default edition, else "/<lang>"
    # what the edition's lists show: its briefs, and with `untranslated: show` the
    # originals it has no version of (newest first); None: its briefs
    shown: tuple[Brief, ...] | None = None
    editions: tuple[Site, ...] = ()  # the other editions (on the default edition's Site only)

    @property
    def listed(self) -> tuple[Brief, ...]:
        """The briefs the edition's home page lists."""
        return self.briefs if self.shown is None else self.shown

    @property
    def every_edition(self) -> tuple[Site, ...]:
        return (self, *self.editions)

    @property
    def edition_key(self) -> str:
        """How outputs name the edition (``Output.edition``): its language for an edition
        under its own prefix, "" for the default edition (and a site of one edition)."""
        return self.lang if self.prefix else ""

    def edition(self, lang: str) -> Site:
        """The edition in ``lang`` ("" or the default's code: this one)."""
        return next((e for e in self.editions if e.lang == lang), self)

    # permanent ids of the briefs and corrections the newest build published first (see
    # published.py): a feed holds them all, past its limit, so no polling reader misses one
    fresh: frozenset[str] = frozenset()
    fresh_corrections: frozenset[str] = frozenset()

    def tag(self, name: str) -> Tag:
        return self._tags_by_key[tag_key(name)]

    def tags_of(self, brief: Brief) -> tuple[TagRef, ...]:
        """The brief's tags, once each, under each tag's chosen spelling."""
        return tuple(dict.fromkeys(self._refs_by_key[tag_key(name)] for name in brief.tags))

    def neighbours(self, brief: Brief) -> Neighbours:
        return self._neighbours[brief.slug]

    def newest(self, limit: int) -> tuple[Brief, ...]:
        """What a feed holds: the newest ``limit`` published briefs, and past them every
        brief the newest build published first (newest first). Read through the tracked
        site, a feed depends on those briefs only, not on every brief."""
        return _with_fresh(self.briefs, limit, self.fresh, lambda a: a.id)

    def newest_tagged(self, name: str, limit: int) -> Tag:
        """The tag named ``name`` with only the briefs its feed holds (as ``newest``)."""
        tag = self.tag(name)
        own = tuple(a for a in tag.briefs if a.prefix == self.prefix)  # feeds: its language only
        return Tag(tag.name, tag.slug, _with_fresh(own, limit, self.fresh, lambda a: a.id),
                   tag.prefix)  # fmt: skip

    def newest_corrections(self, limit: int) -> tuple[Correction, ...]:
        """What the corrections feed holds: the newest ``limit``, and every one the newest
        build published first."""
        return _with_fresh(self.corrections, limit, self.fresh_corrections, lambda c: c.guid)

    def archive_page(self, size: int, number: int) -> tuple[Brief, ...]:
        """Page ``number`` (from 1, the oldest) of the feed archive (RFC 5005), newest first:
        the published briefs, oldest first, in whole pages of ``size``. Briefs past the last
        whole page are in the feeds themselves. A page changes only when one of its briefs
        does (or a brief dated inside it comes or goes): new briefs, dated after it, never
        touch it."""
        oldest_first = self.briefs[::-1]
        return tuple(reversed(oldest_first[(number - 1) * size : number * size]))

    def archive_pages(self, size: int) -> int:
        """How many whole pages the feed archive has."""
        return len(self.briefs) // size if size > 0 else 0

    @property
    def menu(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.menu is not None)

    @property
    def updated(self) -> datetime | None:
        return max((a.updated for a in self.briefs), default=None)

    @property
    def next_due(self) -> datetime | None:
        if self.editions:
            return min(
                (d for e in self.every_edition if (d := e._next_due()) is not None), default=None
            )
        return self._next_due()

    def _next_due(self) -> datetime | None:
        """The earliest time a build would give another site: a brief or an update comes due."""
        return min((*(a.date for a in self.held_back), *self.pending), default=None)


def _with_fresh(items: tuple, limit: int, fresh: frozenset[str], key: Callable) -> tuple:
    """The first ``limit`` of ``items`` and, after them, those whose key is in ``fresh``."""
    if not fresh:
        return items[:limit]
    return items[:limit] + tuple(item for item in items[limit:] if key(item) in fresh)


def id_warnings(site: Site) -> tuple[str, ...]:
    """``path:1: warning: ...`` for each brief this build publishes or schedules whose feed
    id is derived (from its slug and year) rather than declared."""
    from .parse import MISSING_ID

    every = [a for e in site.every_edition for a in (*e.briefs, *e.held_back)]
    missing = sorted({a.path for a in every if not a.id_declared})
    return tuple(str(ContentError(path, 1, f"warning: {MISSING_ID}")) for path in missing)


def leftover_warnings(site: Site) -> tuple[str, ...]:
    """``path:line: warning: ...`` for what another generator's syntax left in a body."""
    from . import leftovers

    items: list[Brief | Page] = [*site.briefs, *site.held_back, *site.pages]
    items.sort(key=lambda item: item.path)
    return tuple(line for item in items for line in leftovers.warnings(item.path, item.leftovers))


# Typographic punctuation back to what an editor types: a tag is one tag however its
# quotes and dashes are written, and its typeset name finds it.
_PLAIN_PUNCTUATION = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
    | {"\u2013": "--", "\u2014": "---", "\u2026": "..."}
)


def tag_key(name: str) -> str:
    return " ".join(name.translate(_PLAIN_PUNCTUATION).split()).casefold()


@lru_cache(maxsize=1)
def _collator() -> Callable[[str], tuple[int, ...]]:
    import pyuca  # loading its table takes a sixth of a second: only when it is needed

    return pyuca.Collator().sort_key


def collation_key(names: Iterable[str]) -> Callable[[str], tuple]:
    """How to sort ``names`` for readers: by the Unicode Collation Algorithm ("Économie"
    with E, not after "Strikes") when any is not plain ASCII; ASCII names sort the same
    way by their case-folded text, which costs nothing to load."""
    if all(name.isascii() for name in names):
        return lambda name: (name.casefold(), name)
    collate = _collator()
    return lambda name: (collate(name.casefold()), collate(name), name)


def tag_slug(name: str) -> str:
    return slugify(name)


def _collisions(items: Iterable, what: str, key_of, line_of) -> list[ContentError]:
    first: dict[str, Brief | Page] = {}
    errors = []
    for item in items:
        key = key_of(item)
        if key in first:
            message = f"{what} '{key}' is also used by {first[key].path}"
            errors.append(ContentError(item.path, line_of(item), message))
        else:
            first[key] = item
    return errors


def _tags(
    briefs: tuple[Brief, ...], everything: Iterable[Brief], prefix: str = ""
) -> tuple[list[Tag], list[ContentError]]:
    """Merge tag spellings; check slugs over every parsed brief, build tags of published ones."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[str, tuple[str, int]] = {}
    errors = []
    for brief in everything:
        lines = dict(brief.lines)  # once per brief: Brief.line builds this dict on each call
        for index, name in enumerate(brief.tags):
            key = tag_key(name)
            spellings[key][name] += 1
            if key not in where:
                where[key] = (brief.path, lines.get(f"tags[{index}]", 1))
    by_slug: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for key in sorted(spellings, key=lambda k: where[k]):
        path, line = where[key]
        slug = slugs[key] = tag_slug(key)
        name = _spelling(spellings[key])
        if not slug:
            message = f"tag '{name}' gives an empty URL slug; use letters or digits"
            errors.append(ContentError(path, line, message))
        elif len(slug) > MAX_SLUG_LENGTH:
            message = (
                f"tag '{name}' gives a URL slug of {len(slug)} characters, "
                f"more than {MAX_SLUG_LENGTH}; use a shorter tag"
            )
            errors.append(ContentError(path, line, message))
        elif slug in by_slug:
            other = by_slug[slug]
            message = (
                f"tag '{name}' has the same URL slug '{slug}' as tag "
                f"'{_spelling(spellings[other])}' ({where[other][0]}); use one spelling"
            )
            errors.append(ContentError(path, line, message))
        else:
            by_slug[slug] = key
    members: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        for key in dict.fromkeys(tag_key(n) for n in brief.tags):
            members[key].append(brief)
    for brief in briefs:  # shown from another edition (`untranslated: show`): its spellings too
        for name in brief.tags:
            key = tag_key(name)
            if key not in slugs:
                spellings[key][name] += 1
                slugs[key] = tag_slug(key)
    tags = [
        Tag(typeset_text(_spelling(spellings[k])), slugs[k], tuple(members[k]), prefix)
        for k in members
    ]
    by_name = collation_key(t.name for t in tags)
    return sorted(tags, key=lambda t: (by_name(t.name), t.slug)), errors


def _spelling(counts: Counter[str]) -> str:
    """The most used spelling; ties go to the first in sorted order."""
    return min(counts, key=lambda name: (-counts[name], name))


def _archive(briefs: tuple[Brief, ...]) -> tuple[tuple[int, tuple[Month, ...]], ...]:
    months: dict[tuple[int, int], list[Brief]] = defaultdict(list)
    for brief in briefs:
        months[(brief.date.year, brief.date.month)].append(brief)
    years: dict[int, list[Month]] = defaultdict(list)
    for (year, month), items in sorted(months.items(), reverse=True):
        years[year].append(Month(year, month, tuple(items)))
    return tuple((year, tuple(items)) for year, items in years.items())


def _neighbours(briefs: tuple[Brief, ...], tags: list[Tag]) -> dict[str, Neighbours]:
    """Newer and older brief, and the briefs sharing most tags (nearest in time first)."""
    position = {a.slug: i for i, a in enumerate(briefs)}
    # per tag, its briefs as positions in the site's order, and where each one sits
    members = {tag_key(t.name): [position[a.slug] for a in t.briefs] for t in tags}
    seat = {key: {p: at for at, p in enumerate(ps)} for key, ps in members.items()}
    result = {}
    for i, brief in enumerate(briefs):
        scores: Counter[int] = Counter()
        for key in {tag_key(n) for n in brief.tags}:
            ps, at = members[key], seat[key][i]
            scores.update(ps[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1])
        scores.pop(i, None)
        best = sorted((-count, abs(p - i), p) for p, count in scores.items())[:RELATED_COUNT]
        result[brief.slug] = Neighbours(
            newer=briefs[i - 1] if i > 0 else None,
            older=briefs[i + 1] if i + 1 < len(briefs) else None,
            related=tuple(briefs[p] for _, _, p in best),
        )
    return result


def _corrections(brief: Brief) -> list[Correction]:
    """The brief's updates, each numbered among those sharing its stamp. Updates are sorted
    by date and the sort is stable, so updates at one instant keep their order in the file."""
    seen: Counter[str] = Counter()
    result = []
    for update in sorted(brief.updates, key=lambda u: u.date):  # oldest first, stable
        stamp = update_stamp(update)
        seen[stamp] += 1
        result.append(Correction(brief, update, seen[stamp]))
    return result


def _as_of(brief: Brief, now: datetime) -> tuple[Brief, tuple[datetime, ...]]:
    """The brief as readers see it at ``now`` (only the updates due by then, and the matching
    ``updated``), and the times still to come at which that view changes."""
    if brief.updated <= now:  # `updated` is never before the newest update: all are due
        return brief, ()
    due = tuple(u for u in brief.updates if u.date <= now)  # newest first
    later = (*(u.date for u in brief.updates if u.date > now), brief.updated)
    updated = due[0].date if due else brief.date
    # The key names what pages were made from: this view is not the brief as written.
    key = f"{brief.key}@{updated.isoformat()}" if brief.key else ""
    return replace(brief, updates=due, updated=updated, key=key), later


def collisions(
    everything: list[Brief], all_pages: list[Page], reserved=urls.RESERVED
) -> list[ContentError]:
    """Two briefs with one slug or id, two pages with one slug, a page at a reserved path."""
    by_path = sorted(everything, key=lambda a: a.path)
    errors = _collisions(by_path, "slug", lambda a: a.slug, lambda a: a.line("slug"))
    same_slug = {e.path for e in errors}  # their derived ids collide too: one error is enough
    errors += [
        e
        for e in _collisions(by_path, "id", lambda a: a.id, lambda a: a.line("id"))
        if e.path not in same_slug
    ]
    errors += _collisions(
        sorted(all_pages, key=lambda p: p.path),
        "page slug",
        lambda p: p.slug,
        lambda p: p.line("slug"),
    )
    errors += [
        ContentError(
            p.path, p.line("slug"), f"page slug '{p.slug}' is reserved for the site's own pages"
        )
        for p in all_pages
        if p.slug in reserved
    ]
    return errors


def _all_corrections(published: tuple[Brief, ...]) -> list[Correction]:
    """Every correction, update and clarification of the published briefs, newest first."""
    return sorted(
        (c for a in published for c in _corrections(a)),
        key=lambda c: (c.update.date, c.brief.slug),
        reverse=True,
    )


def ordered(briefs: Iterable[Brief], pages: Iterable[Page]) -> tuple[list[Brief], list[Page]]:
    """Briefs newest first; pages by menu position, then title."""
    everything = sorted(briefs, key=lambda a: (a.date, a.slug, a.path), reverse=True)
    all_pages = sorted(
        pages, key=lambda p: (p.menu if p.menu is not None else 1 << 30, p.title, p.path)
    )
    return everything, all_pages


def assemble(
    briefs: Iterable[Brief],
    pages: Iterable[Page],
    now: datetime,
    drafts: bool = False,
    newsroom: Newsroom | None = None,
) -> Site:
    """Everything parsed -> the Site of a site of one edition to render; raises BuildFailed
    on collisions, and (given the ``newsroom``) on bylines and stories that name nothing.
    (A site of several editions: ``editions.assemble``.)"""
    everything, all_pages = ordered(briefs, pages)
    errors = collisions(everything, all_pages)
    if newsroom is not None:
        errors += newsroom_errors(everything, newsroom)
    items: list[Brief | Page | Story] = [*everything, *all_pages]
    items += newsroom.stories if newsroom is not None else ()
    errors += [  # never silently ignored: a translation needs editions to join
        ContentError(
            item.path,
            item.line("translation_of"),
            "translation_of: the site has one edition; list the editions in site.yaml 'languages'",
        )
        for item in sorted(items, key=lambda item: item.path)
        if item.translation_of
    ]
    site, more = edition(everything, all_pages, now, drafts, newsroom=newsroom)
    if errors or more:
        raise BuildFailed(errors + more)
    return site


def edition(
    everything: list[Brief],
    all_pages: list[Page],
    now: datetime,
    drafts: bool,
    lang: str = "",
    prefix: str = "",
    foreign: tuple[Brief, ...] | None = None,
    newsroom: Newsroom | None = None,
) -> tuple[Site, list[ContentError]]:
    """One edition's Site from its briefs and pages (in order); ``foreign``: the published
    briefs of other editions its lists show as well (`untranslated: show`); ``newsroom``:
    the sections, people and stories its own briefs are grouped by."""
    visible = tuple(a for a in everything if drafts or not a.draft)
    as_of = [_as_of(a, now) for a in visible if a.date <= now]
    published = tuple(brief for brief, _ in as_of)
    pending = tuple(sorted(when for _, later in as_of for when in later))
    held_back = tuple(a for a in visible if a.date > now)
    tags, errors = _tags(published, everything, prefix)
    shown = None
    listed_tags = tags
    if foreign:
        shown = tuple(
            sorted((*published, *foreign), key=lambda a: (a.date, a.slug, a.path), reverse=True)
        )
        listed_tags, _ = _tags(shown, everything, prefix)
    if errors:
        return None, errors  # type: ignore[return-value]
    corrections = _all_corrections(published)
    site = Site(
        briefs=published,
        pages=tuple(p for p in all_pages if drafts or not p.draft),
        tags=tuple(listed_tags),
        corrections=tuple(corrections),
        archive=_archive(shown if shown is not None else published),
        held_back=held_back,
        pending=pending,
        drafts=drafts,
        _tags_by_key=MappingProxyType({tag_key(t.name): t for t in listed_tags}),
        _refs_by_key=MappingProxyType(
            {tag_key(t.name): TagRef(t.name, t.slug, prefix) for t in listed_tags}
        ),
        _neighbours=MappingProxyType(_neighbours(published, tags)),
        lang=lang,
        prefix=prefix,
        shown=shown,
        **_newsroom_fields(newsroom, published, prefix, lang),
    )
    return site, []


def with_newsroom(site: Site, newsroom: Newsroom) -> Site:
    """``site`` (one edition: not its other editions) with its sections, stories and people
    gathered again from ``newsroom``, as ``assemble`` gathers them (its briefs unchanged)."""
    return replace(site, **_newsroom_fields(newsroom, site.briefs, site.prefix, site.lang))


def _newsroom_fields(
    newsroom: Newsroom | None, published: tuple[Brief, ...], prefix: str, lang: str
) -> dict[str, Any]:
    """The Site's sections, stories and people of one edition (its published briefs)."""
    room = newsroom or Newsroom()
    threads = stories_module.gather(room.stories, published, prefix, lang)
    return {
        "sections": sections_module.gather(room.sections, published, prefix),
        "stories": threads,
        "authors": people_module.gather(room.people, published, prefix),
        "desk": room.desk,
        "_places": MappingProxyType(stories_module.places(threads)),
        "_people": MappingProxyType({p.slug: p for p in room.people}),
        "newsroom": newsroom,
    }


def newsroom_errors(everything: list[Brief], room: Newsroom) -> list[ContentError]:
    """Bylines and stories that name nothing, stories without a brief, and people or stories
    that share a slug (over every edition's briefs)."""
    errors = people_module.check(everything, room.people, room.desk)
    errors += stories_module.check(everything, room.stories)
    for items, what in ((room.people, "person slug"), (room.stories, "story slug")):
        errors += _collisions(
            sorted(items, key=lambda i: i.path), what, lambda i: i.slug, lambda i: i.line("slug")
        )
    return errors
