"""Planning: every file a site produces, as an output description. Pure, no rendering.

An output says where a file goes and what it is made from; ``render.output``
turns one into bytes. The plan is the unit the incremental build reasons about:
each output is kept or rendered again as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeGuard

from .. import urls
from ..config import SiteConfig
from ..errors import BuildFailed, ContentError
from ..model import Brief
from ..site import Site, Tag
from . import discovery, search


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

    @property
    def path(self) -> str:
        return urls.output_path(self.url)


@dataclass(frozen=True)
class FeedOutput:
    """One feed: which kind, and for tag feeds which tag (by name)."""

    path: str
    kind: str  # "rss" | "atom" | "json" | "corrections" | "tag"
    tag: str | None = None


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None


@dataclass(frozen=True)
class TextOutput:
    """A file made from a template with explicit data only (sitemap, robots.txt, the news
    sitemap, llms.txt, tdmrep.json): the template sees ``data``'s keys, never the site."""

    path: str
    template: str
    entries: tuple[SitemapEntry, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


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
) -> Iterator[PageOutput]:
    for pagination in _paginate(first_url, items, config.per_page):
        suffix = (
            f" (page {pagination.number} of {pagination.total})" if pagination.number > 1 else ""
        )
        yield PageOutput(
            url=pagination.url(pagination.number),
            template="list.html",
            title=title + suffix,
            description=description,
            data={"pagination": pagination, "tag": tag},
            feed=tag.feed_url if tag else None,
            lastmod=max((a.updated for a in pagination.items), default=None),
        )


def pages(site: Site, config: SiteConfig) -> list[PageOutput]:
    """Every HTML page of the site, in a stable order."""
    out = list(_listing(urls.HOME, site.briefs, config, config.title, config.description))
    for brief in site.briefs:
        out.append(
            PageOutput(
                brief.url,
                "brief.html",
                brief.title,
                brief.summary,
                {"brief": brief},
                lastmod=brief.updated,
                lang=brief.lang,
            )
        )
    for tag in site.tags:
        count = len(tag.briefs)
        about = f"{count} brief{'s' if count != 1 else ''} tagged {tag.name} in {config.title}."
        out.extend(_listing(tag.url, tag.briefs, config, f"Tagged {tag.name}", about, tag))
    out.append(
        PageOutput(urls.TAGS, "tags.html", "Tags", f"Every topic covered by {config.title}.")
    )
    out.append(
        PageOutput(
            urls.ARCHIVE,
            "archive.html",
            "Archive",
            f"Every brief of {config.title}, by month.",
            lastmod=site.updated,
        )
    )
    out.append(
        PageOutput(
            urls.CORRECTIONS,
            "corrections.html",
            "Corrections and updates",
            f"Every correction, update and clarification published by {config.title}.",
            feed=urls.CORRECTIONS_FEED,
            lastmod=site.corrections[0].update.date if site.corrections else None,
        )
    )
    for page in site.pages:
        out.append(
            PageOutput(
                page.url,
                "page.html",
                page.title,
                page.summary,
                {"page": page},
                lastmod=page.updated,
                lang=page.lang,
            )
        )
    out.append(feeds_page(config))
    if config.search:
        out.append(search_page(site, config))
    out.append(
        PageOutput(
            urls.NOT_FOUND,
            "404.html",
            "Page not found",
            "This page does not exist.",
            in_sitemap=False,
        )
    )
    return out


def search_page(site: Site, config: SiteConfig) -> PageOutput:
    """The /search/ page: its script asks every shard of the Pagefind index (``shards``,
    their names, newest first); without JavaScript it points to the archive and the tags.
    Not in the sitemap: it has no content of its own."""
    names = tuple(search.shards((b.url, b.date) for b in site.briefs))
    return PageOutput(
        urls.SEARCH,
        "search.html",
        "Search",
        f"Search every brief of {config.title}.",
        {"shards": names},
        in_sitemap=False,
    )


def indexed(out: Output) -> TypeGuard[PageOutput]:
    """Whether an output goes into the search index: brief pages only."""
    return isinstance(out, PageOutput) and out.template == "brief.html"


def _owner(page: PageOutput) -> str:
    """Who an address belongs to, as an alias collision names it."""
    if "brief" in page.data:
        return page.data["brief"].path
    if "page" in page.data:
        return page.data["page"].path
    return f"the site's own page '{page.title}'"


def redirects(site: Site, taken: list[PageOutput]) -> list[PageOutput]:
    """A redirect page at each old address (``aliases``) of each published brief; raises
    BuildFailed, at the alias's line, for an address that is already taken."""
    owners = {page.url: _owner(page) for page in taken}
    owners.update({a.url: f"the scheduled brief {a.path}" for a in site.held_back})
    errors: list[ContentError] = []
    out: list[PageOutput] = []
    for brief in sorted(site.briefs, key=lambda a: a.path):
        for index, alias in enumerate(brief.aliases):
            line = brief.line(f"aliases[{index}]")
            if alias in owners:
                message = f"aliases entry: '{alias}' is already the address of {owners[alias]}"
                errors.append(ContentError(brief.path, line, message))
                continue
            owners[alias] = f"an alias of {brief.path} (line {line})"
            out.append(
                PageOutput(
                    alias,
                    "redirect.html",
                    brief.title,
                    f"This brief has moved to {brief.url}",
                    {"target": brief.url},
                    in_sitemap=False,
                    lang=brief.lang,
                )
            )
    if errors:
        raise BuildFailed(errors)
    return sorted(out, key=lambda page: page.url)


def plan(site: Site, config: SiteConfig) -> list[Output]:
    """Every generated file of the site (assets aside), in a stable order."""
    html = pages(site, config)
    html += redirects(site, html)
    out: list[Output] = list(html)
    out += [
        FeedOutput(urls.output_path(urls.RSS), "rss"),
        FeedOutput(urls.output_path(urls.ATOM), "atom"),
        FeedOutput(urls.output_path(urls.JSON_FEED), "json"),
        FeedOutput(urls.output_path(urls.CORRECTIONS_FEED), "corrections"),
    ]
    out += [FeedOutput(urls.output_path(t.feed_url), "tag", t.name) for t in site.tags]
    entries = tuple(SitemapEntry(p.url, p.lastmod) for p in html if p.in_sitemap)
    out.append(TextOutput(urls.output_path(urls.SITEMAP), "sitemap.xml", entries))
    out += found(site, config)
    out += images(site, config)
    return out


def images(site: Site, config: SiteConfig) -> list[Output]:
    """A share card per brief (unless ``share_cards: false``), the site's icon (SVG and
    PNGs) and the web manifest."""
    out: list[Output] = [
        ImageOutput(urls.output_path(urls.share_image(b.slug)), "share", title=b.title, date=b.date)
        for b in (site.briefs if config.share_cards else ())
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


def feeds_page(config: SiteConfig) -> PageOutput:
    """/feeds/: how to follow the briefing, with every feed's address."""
    return PageOutput(
        urls.FEEDS,
        "feeds.html",
        "Follow the briefing",
        f"Every feed of {config.title}, and how to follow them in a feed reader.",
        {"site_feeds": discovery.site_feeds(config)},
    )
