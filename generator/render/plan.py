"""Planning: every file a site produces, as an output description. Pure, no rendering.

An output says where a file goes and what it is made from; ``render.output``
turns one into bytes. The plan is the unit the incremental build reasons about:
each output is kept or rendered again as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeGuard

from .. import editions, urls
from ..config import SiteConfig
from ..config import edition as edition_config
from ..errors import BuildFailed, ContentError
from ..i18n import Catalogue
from ..model import Brief, Page
from ..site import Site, Tag
from . import discovery, newsroom, search


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    first_url: str
    items: tuple[Brief, ...]

    def url(self, number: int) -> str:
        return urls.paged(self.first_url, number)

    @property
    def newer(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.total else None


@dataclass(frozen=True)
class PageOutput:
    """One HTML page: where it goes, with which template and data."""

    url: str
    template: str
    title: str
    description: str
    data: dict[str, Any] = field(default_factory=dict)
    feed: str | None = None  # a page-specific feed, besides the site's
    lastmod: datetime | None = None
    in_sitemap: bool = True
    lang: str = ""  # empty: the site's language
    edition: str = ""  # the edition's language code; "" for the default edition
    # the page's versions in every edition (hreflang alternates), itself included; empty
    # when it has none in another edition
    alternates: tuple[editions.Version, ...] = ()
    x_default: str = ""  # the version for readers of no edition's language
    switch: tuple[editions.Version, ...] = ()  # the language switch: every other edition
    # the page's own feeds, (media type, title, site path), before the edition's
    feeds: tuple[tuple[str, str, str], ...] = ()

    @property
    def path(self) -> str:
        return urls.output_path(self.url)


@dataclass(frozen=True)
class FeedOutput:
    """One feed: which kind, and for tag feeds which tag (by name); for the feeds of a
    section, story or person, its ``owner`` (kind, slug)."""

    path: str
    kind: str  # "rss" | "atom" | "json" | "corrections" | "corrections-atom" | ... | "tag"
    tag: str | None = None
    edition: str = ""
    page: int = 0  # > 0: that page (from 1, the oldest) of the site feed's archive
    owner: tuple[str, str] | None = None


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None
    alternates: tuple[editions.Version, ...] = ()
    x_default: str = ""


@dataclass(frozen=True)
class TextOutput:
    """A file made from a template with explicit data only (sitemap, robots.txt, the news
    sitemap, llms.txt, tdmrep.json): the template sees ``data``'s keys, never the site."""

    path: str
    template: str
    entries: tuple[SitemapEntry, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    edition: str = ""


@dataclass(frozen=True)
class ImageOutput:
    """A picture drawn by code: a brief's share card ("share", from its own title and
    date, so only a change to those draws it again), or the site's icon ("icon": a PNG
    of ``size`` pixels, "touch-icon": the opaque 180 px one, "svg": the SVG)."""

    path: str
    kind: str  # "share" | "icon" | "touch-icon" | "svg"
    size: int = 0
    title: str = ""
    date: datetime | None = None
    edition: str = ""


@dataclass(frozen=True)
class ManifestOutput:
    """The web app manifest (JSON): the site's name, colours and icons."""

    path: str


Output = PageOutput | FeedOutput | TextOutput | ImageOutput | ManifestOutput


def _paginate(first_url: str, items: tuple[Brief, ...], per_page: int) -> Iterator[Pagination]:
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        yield Pagination(number, len(chunks), first_url, chunk)


def _listing(
    first_url: str,
    items: tuple[Brief, ...],
    config: SiteConfig,
    title: str,
    description: str,
    tag: Tag | None = None,
    c: Catalogue | None = None,
    edition: str = "",
) -> Iterator[PageOutput]:
    for pagination in _paginate(first_url, items, config.per_page):
        suffix = (
            c.text("title_page_of", number=pagination.number, total=pagination.total)
            if c is not None and pagination.number > 1
            else ""
        )
        yield PageOutput(
            url=pagination.url(pagination.number),
            template="list.html",
            title=title + suffix,
            description=description,
            data={"pagination": pagination, "tag": tag},
            feed=tag.feed_url if tag else None,
            lastmod=max((a.updated for a in pagination.items), default=None),
            edition=edition,
        )


def brief_page(
    brief: Brief, edition: str = "", behind: editions.Behind | None = None
) -> PageOutput:
    """A brief's page in its edition (``edition``: its code, "" for the default edition),
    with the note that it is ``behind`` its original, if it is."""
    return PageOutput(
        brief.url,
        "brief.html",
        brief.title,
        brief.summary,
        {"brief": brief, "behind": behind},
        lastmod=brief.updated,
        lang=brief.lang,
        edition=edition,
    )


def static_page(page: Page, edition: str = "") -> PageOutput:
    """A static page in its edition (``edition``: its code, "" for the default edition)."""
    return PageOutput(
        page.url,
        "page.html",
        page.title,
        page.summary,
        {"page": page},
        lastmod=page.updated,
        lang=page.lang,
        edition=edition,
    )


def pages(
    site: Site, config: SiteConfig, c: Catalogue, behind: dict[str, editions.Behind] | None = None
) -> list[PageOutput]:
    """Every HTML page of one edition, in a stable order (the 404 page: the default's only)."""
    u = urls.edition_urls(site.prefix)
    ed = site.edition_key
    title = config.title
    behind = behind or {}
    out = list(_listing(u["home"], site.listed, config, title, config.description, None, c, ed))
    out += [brief_page(brief, ed, behind.get(brief.path)) for brief in site.briefs]
    for tag in site.tags:
        count = len(tag.briefs)
        about = c.text("tag_description", count, tag=tag.name, site=title)
        heading = c.text("tag_title", tag=tag.name)
        out.extend(_listing(tag.url, tag.briefs, config, heading, about, tag, c, ed))
    out.append(
        PageOutput(
            u["tags"],
            "tags.html",
            c.text("tags_title"),
            c.text("tags_description", site=title),
            edition=ed,
        )
    )
    out.append(
        PageOutput(
            u["archive"],
            "archive.html",
            c.text("archive_title"),
            c.text("archive_description", site=title),
            lastmod=max((a.updated for a in site.listed), default=None),
            edition=ed,
        )
    )
    out.append(
        PageOutput(
            u["corrections"],
            "corrections.html",
            c.text("corrections_title"),
            c.text("corrections_description", site=title),
            feed=u["corrections_feed"],
            lastmod=site.corrections[0].update.date if site.corrections else None,
            edition=ed,
        )
    )
    out += [static_page(page, ed) for page in site.pages]
    out += newsroom_pages(site, config, c)
    out.append(feeds_page(site, config, c))
    if config.search:
        out.append(search_page(site, config, c))
    if not site.prefix:
        out.append(
            PageOutput(
                urls.NOT_FOUND,
                "404.html",
                c.text("not_found_title"),
                c.text("not_found_description"),
                in_sitemap=False,
            )
        )
    return out


# The newsroom's pages and feeds (issue 24): a front page per section, a page per person and
# per story, the masthead; the RSS, Atom and JSON feeds of each section, story and person.
# Their metadata and the masthead's roles are render/newsroom.py's.


def _newsroom_listing(
    first: str, items: tuple[Brief, ...], config: SiteConfig, c: Catalogue, ed: str,
    template: str, title: str, description: str, data: dict[str, Any], feeds: urls.Feeds,
) -> Iterator[PageOutput]:  # fmt: skip
    for pagination in _paginate(first, items, config.per_page):
        number = pagination.number
        total = pagination.total
        suffix = c.text("title_page_of", number=number, total=total) if number > 1 else ""
        yield PageOutput(
            url=pagination.url(number),
            template=template,
            title=title + suffix,
            description=description,
            data={"pagination": pagination, **data},
            lastmod=max((a.updated for a in pagination.items), default=None),
            feeds=newsroom.alternates(title, feeds),
            edition=ed,
        )


def newsroom_pages(site: Site, config: SiteConfig, c: Catalogue) -> list[PageOutput]:
    """One edition's section fronts and people's pages (paginated), story pages and
    masthead, titled in its language (``c``)."""
    ed = site.edition_key
    title = config.title
    out: list[PageOutput] = []
    for section in site.sections:
        about = section.description or c.text("section_description", section=section.name,
                                              site=title)  # fmt: skip
        data: dict[str, Any] = {"section": section}
        out += _newsroom_listing(section.url, section.briefs, config, c, ed, "section.html",
                                 section.name, about, data, section.feeds)  # fmt: skip
    for thread in site.stories:
        story = thread.story
        out.append(
            PageOutput(
                thread.url,
                "story.html",
                story.title,
                story.summary,
                # the story's language, marked where it is not the edition's
                {"thread": thread, "other_lang": _other(story.lang, config.language)},
                lastmod=thread.latest.updated,
                feeds=newsroom.alternates(story.title, thread.feeds),
                edition=ed,
            )
        )
    for author in site.authors:
        person = author.person
        name = f"{person.name}, {person.role}" if person.role else person.name
        about = c.text("author_description", name=name, site=title)
        out += _newsroom_listing(author.url, author.briefs, config, c, ed, "author.html",
                                 person.name, about, {"author": author,
                                 "other_lang": _other(person.lang, config.language)},
                                 author.feeds)  # fmt: skip
    out.append(
        PageOutput(
            site.prefix + urls.MASTHEAD,
            "masthead.html",
            c.text("masthead_title"),
            c.text("masthead_description", site=title),
            {"roles": newsroom.roles(site)},
            edition=ed,
        )
    )
    return out


def _other(lang: str, edition: str) -> str:
    """``lang`` when a text in it is shown in an edition in ``edition``'s language, else ""."""
    return lang if lang != edition else ""


def newsroom_feeds(site: Site, edition: str = "") -> list[FeedOutput]:
    """The RSS, Atom and JSON feeds of every section, story and person of one edition
    (``edition``: its code, "" for the default)."""
    owners = [("section", s.slug, s.feeds) for s in site.sections]
    owners += [("story", t.story.slug, t.feeds) for t in site.stories]
    owners += [("author", a.person.slug, a.feeds) for a in site.authors]
    out = []
    for kind, slug, addresses in owners:
        for form, url in zip(("rss", "atom", "json"), addresses, strict=True):
            out.append(FeedOutput(urls.output_path(url), form, owner=(kind, slug), edition=edition))
    return out


def search_page(site: Site, config: SiteConfig, c: Catalogue) -> PageOutput:
    """The /search/ page: its script asks every shard of the Pagefind index (``shards``,
    their names, newest first; ``plan`` gives them, see ``with_shards``); without JavaScript
    it points to the archive and the tags. Not in the sitemap: it has no content of its own."""
    return PageOutput(
        urls.edition_urls(site.prefix)["search"],
        "search.html",
        c.text("search_title"),
        c.text("search_description", site=config.title),
        {"shards": (), "messages": search_messages(c)},
        in_sitemap=False,
        edition=site.edition_key,
    )


SEARCH_MESSAGES = ("none", "found", "more", "done", "these_filters", "unavailable")


def search_messages(c: Catalogue) -> str:
    """What the search page's script says, in the edition's language, as JSON: each
    message's plural forms ("found.one") with their placeholders ({count}, {what},
    {limit}) for the script to fill, the form picked by the page language's plural rules."""
    flat = {  # "found.one", "found.other"...: flat, so no "}}" reads like a template's leftover
        f"{name}.{form}": text
        for name in SEARCH_MESSAGES
        for form, text in c.forms(f"search_{name}").items()
    }
    return json.dumps(flat, ensure_ascii=False, sort_keys=True)


def indexed(out: Output) -> TypeGuard[PageOutput]:
    """Whether an output goes into the search index: brief pages only."""
    return isinstance(out, PageOutput) and out.template == "brief.html"


def index_shards(outputs: Sequence[Output]) -> dict[str, list[str]]:
    """The search index's shards ({name: brief page URLs}, newest first) over the brief pages
    among ``outputs``, every edition's together: one index holds them all (each language
    apart inside it), so the shards are cut from all of them."""
    dated = ((out.url, out.data["brief"].date) for out in outputs if indexed(out))
    return search.shards(dated, search.SHARD_LIMIT, search.PAGES_PER_PROCESS)


def with_shards(html: list[PageOutput]) -> list[PageOutput]:
    """``html`` with every edition's search page naming the shards the index is made of
    (``index_shards``): one edition's briefs alone may be cut otherwise."""
    names = tuple(index_shards(html))
    return [
        replace(out, data={**out.data, "shards": names}) if "shards" in out.data else out
        for out in html
    ]


def _owner(page: PageOutput) -> str:
    """Who an address belongs to, as an alias collision names it."""
    if "brief" in page.data:
        return page.data["brief"].path
    if "page" in page.data:
        return page.data["page"].path
    return f"the site's own page '{page.title}'"


def redirects(site: Site, taken: list[PageOutput], c: Catalogue) -> list[PageOutput]:
    """A redirect page at each old address (``aliases``) of each published brief; raises
    BuildFailed, at the alias's line, for an address that is already taken."""
    owners = {page.url: _owner(page) for page in taken}
    owners.update({a.url: f"the scheduled brief {a.path}" for a in site.held_back})
    errors: list[ContentError] = []
    out: list[PageOutput] = []
    every: list[tuple[Site, Brief | Page]] = []
    for e in site.every_edition:
        every += [(e, a) for a in e.briefs] + [(e, a) for a in e.pages]
    for edition, item in sorted(every, key=lambda pair: pair[1].path):
        for index, alias in enumerate(item.aliases):
            line = item.line(f"aliases[{index}]")
            if alias in owners:
                message = f"aliases entry: '{alias}' is already the address of {owners[alias]}"
                errors.append(ContentError(item.path, line, message))
                continue
            owners[alias] = f"an alias of {item.path} (line {line})"
            kind = "brief" if isinstance(item, Brief) else "page"
            out.append(
                PageOutput(
                    alias,
                    "redirect.html",
                    item.title,
                    c.text(f"moved_description_{kind}", url=item.url),
                    {"target": item.url, "kind": kind},
                    in_sitemap=False,
                    lang=item.lang,
                    edition=edition.edition_key,
                )
            )
    if errors:
        raise BuildFailed(errors)
    return sorted(out, key=lambda page: page.url)


def plan(site: Site, config: SiteConfig, catalogues: dict[str, Catalogue]) -> list[Output]:
    """Every generated file of the site (assets aside), in a stable order: each edition's
    pages, then the redirects, each edition's feeds, the sitemap and the rest."""
    html: list[PageOutput] = []
    feeds: list[Output] = []
    behind = {b.translation.path: b for b in editions.behind(site)} if site.editions else {}
    for ed in site.every_edition:
        settings = edition_config(config, ed.lang) if ed.prefix else config
        c = catalogues[ed.lang or config.language]
        html += pages(ed, settings, c, behind)
        u = urls.edition_urls(ed.prefix)
        code = ed.edition_key
        feeds += [
            FeedOutput(urls.output_path(u["rss"]), "rss", edition=code),
            FeedOutput(urls.output_path(u["atom"]), "atom", edition=code),
            FeedOutput(urls.output_path(u["json_feed"]), "json", edition=code),
            FeedOutput(urls.output_path(u["corrections_feed"]), "corrections", edition=code),
            FeedOutput(urls.output_path(u["corrections_atom"]), "corrections-atom", edition=code),
            FeedOutput(urls.output_path(u["corrections_json"]), "corrections-json", edition=code),
        ]
        feeds += [
            FeedOutput(urls.output_path(t.feed_url), "tag", t.name, edition=code) for t in ed.tags
        ]
        feeds += newsroom_feeds(ed, code)
        for number in range(1, ed.archive_pages(config.feed_limit) + 1):
            feeds += [
                FeedOutput(
                    urls.output_path(urls.feed_archive(kind, number, ed.prefix)),
                    kind,
                    page=number,
                    edition=code,
                )
                for kind in urls.FEED_FILES
            ]
    if config.search:
        html = with_shards(html)
    if site.editions:
        html = versions(site, html, catalogues)
    html += redirects(site, html, catalogues[config.language])
    out: list[Output] = [*html, *feeds]
    entries = tuple(
        SitemapEntry(p.url, p.lastmod, p.alternates, p.x_default) for p in html if p.in_sitemap
    )
    out.append(TextOutput(urls.output_path(urls.SITEMAP), "sitemap.xml", entries))
    out += found(site, config)
    out += images(site, config)
    return out


def version_key(page: PageOutput, prefix: str) -> tuple[str, str] | None:
    """What makes pages of several editions versions of one another: one work (a brief or
    page and its translations), or the same address of each edition's own pages."""
    if "brief" in page.data:
        return ("brief", page.data["brief"].original)
    if "page" in page.data:
        return ("page", page.data["page"].original)
    if page.url == urls.NOT_FOUND:
        return None
    return ("own", page.url[len(prefix) :])


def versions(
    site: Site, html: list[PageOutput], catalogues: dict[str, Catalogue]
) -> list[PageOutput]:
    """Each page with its versions in the other editions: the hreflang alternates (every
    version, itself included, when there is more than one) and the language switch (every
    other edition: its version, else its home page). Only pages that are built are named."""
    prefixes = {e.edition_key: e.prefix for e in site.every_edition}
    order = [e.edition_key for e in site.every_edition]
    codes = {e.edition_key: e.lang for e in site.every_edition}
    names = {k: _capital(catalogues[codes[k]].language(codes[k])) for k in order}
    groups: dict[tuple[str, str], dict[str, PageOutput]] = {}
    for page in html:
        key = version_key(page, prefixes[page.edition])
        if key is not None:
            groups.setdefault(key, {}).setdefault(page.edition, page)
    out = []
    for page in html:
        key = version_key(page, prefixes[page.edition])
        group = groups.get(key, {}) if key is not None else {}
        if key is None:
            out.append(page)
            continue
        original = _original_edition(group)
        alternates: tuple[editions.Version, ...] = ()
        x_default = ""
        if len(group) > 1:
            alternates = tuple(
                editions.Version(codes[k], group[k].url, names[k], True, k == original)
                for k in order
                if k in group
            )
            x_default = group[order[0]].url if order[0] in group else group[original].url
        switch = tuple(
            editions.Version(codes[k], group[k].url, names[k], True, k == original)
            if k in group
            else editions.Version(codes[k], urls.edition_urls(prefixes[k])["home"], names[k], False)
            for k in order
            if k != page.edition
        )
        out.append(replace(page, alternates=alternates, x_default=x_default, switch=switch))
    return out


def _capital(name: str) -> str:
    """A language's name as a switch shows it, alone: "italiano" -> "Italiano"."""
    return name[:1].upper() + name[1:]


def _original_edition(group: dict[str, PageOutput]) -> str:
    """The edition of the version the others translate (the first, for the site's own pages)."""
    for code, page in group.items():
        item = page.data.get("brief") or page.data.get("page")
        if item is not None and not item.translation_of:
            return code
    return next(iter(group))


def images(site: Site, config: SiteConfig) -> list[Output]:
    """A share card per brief without a lead picture (unless ``share_cards: false``), the
    site's icon (SVG and PNGs) and the web manifest."""
    out: list[Output] = [
        ImageOutput(
            urls.output_path(urls.share_image(b.slug, b.prefix)),
            "share",
            title=b.title,
            date=b.date,
            edition=e.edition_key,
        )
        for e in site.every_edition
        for b in (e.briefs if config.share_cards else ())
        if b.image is None  # a lead picture is the brief's share image
    ]
    out.append(ImageOutput(urls.output_path(urls.ICON), "svg"))
    for size in urls.ICON_PNG_SIZES:
        kind = "touch-icon" if size == 180 else "icon"
        out.append(ImageOutput(urls.output_path(urls.icon_png(size)), kind, size))
    out.append(ManifestOutput(urls.output_path(urls.WEB_MANIFEST)))
    return out


def found(site: Site, config: SiteConfig) -> list[Output]:
    """The files that help the site be found and followed: the feeds page, robots.txt, the
    news sitemap, llms.txt and tdmrep.json (each but the first two can be switched off)."""
    out: list[Output] = []
    news = discovery.news_entries(site) if config.news_sitemap else ()
    if news:  # a sitemap needs at least one <url>
        data = {"news": news}
        out.append(TextOutput(urls.output_path(urls.NEWS_SITEMAP), "news-sitemap.xml", data=data))
    news_url = urls.absolute(config.base_url, urls.NEWS_SITEMAP) if news else ""
    robots = {"news_sitemap": news_url}
    out.append(TextOutput(urls.output_path(urls.ROBOTS), "robots.txt", data=robots))
    if config.llms_txt:
        llms = {
            "briefs": discovery.llms_briefs(site),
            "site_pages": discovery.llms_pages(site, config),
            "feeds": discovery.site_feeds(config),
        }
        out.append(TextOutput(urls.output_path(urls.LLMS_TXT), "llms.txt", data=llms))
    if config.tdmrep:
        out.append(TextOutput(urls.output_path(urls.TDMREP), "tdmrep.json"))
    return out


def feeds_page(site: Site, config: SiteConfig, c: Catalogue) -> PageOutput:
    """/feeds/: how to follow the briefing, with every feed's address."""
    return PageOutput(
        urls.edition_urls(site.prefix)["feeds"],
        "feeds.html",
        c.text("feeds_title"),
        c.text("feeds_description", site=config.title),
        {"site_feeds": discovery.site_feeds(config, site.prefix, c)},
        edition=site.edition_key,
    )
