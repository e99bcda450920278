"""What the files for crawlers, search engines and feed readers list: the news sitemap's
briefs, llms.txt's entries, the feeds of the site. Pure functions of the site and settings.

Every window is taken from the content (the newest brief's date), never from the clock, so
two builds of one commit give the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from .. import urls
from ..config import SiteConfig
from ..model import Brief
from ..site import Site

NEWS_WINDOW = timedelta(hours=48)  # Google News lists articles of the last two days
NEWS_LIMIT = 1000  # and at most this many in one news sitemap


@dataclass(frozen=True)
class NewsEntry:
    """One brief in the news sitemap."""

    url: str
    title: str
    language: str  # as Google wants it: "en", "zh-cn", "zh-tw"
    date: datetime


@dataclass(frozen=True)
class Listed:
    """One line of llms.txt or of the feeds page: a title, an address and a few words."""

    title: str
    url: str  # a site path ("/briefs/x/"), made absolute by the template
    about: str


def news_language(lang: str) -> str:
    """A BCP 47 tag -> the ISO 639 code Google News takes: the language alone ("en-GB" ->
    "en"), except Chinese, which is "zh-cn" (Simplified) or "zh-tw" (Traditional)."""
    parts = lang.lower().replace("_", "-").split("-")
    if parts[0] == "zh":
        return "zh-tw" if {"tw", "hk", "mo", "hant"} & set(parts[1:]) else "zh-cn"
    return parts[0]


def news_briefs(briefs: tuple[Brief, ...]) -> list[Brief]:
    """The published briefs dated within NEWS_WINDOW of the newest one, newest first, at
    most NEWS_LIMIT."""
    published = [b for b in briefs if not b.draft]
    if not published:
        return []
    newest = max(b.date for b in published)
    recent = [b for b in published if newest - b.date <= NEWS_WINDOW]
    recent.sort(key=lambda b: (-b.date.timestamp(), b.slug))
    return recent[:NEWS_LIMIT]


def news_entries(site: Site) -> tuple[NewsEntry, ...]:
    return tuple(
        NewsEntry(b.url, b.title, news_language(b.lang), b.date) for b in news_briefs(site.briefs)
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def llms_briefs(site: Site) -> tuple[Listed, ...]:
    """Every published brief, newest first (the site's order)."""
    return tuple(Listed(b.title, b.url, _one_line(b.summary)) for b in site.briefs if not b.draft)


def llms_pages(site: Site, config: SiteConfig) -> tuple[Listed, ...]:
    """The site's own pages, then its static pages."""
    own = (
        Listed("Archive", urls.ARCHIVE, f"every brief of {config.title}, by month"),
        Listed("Tags", urls.TAGS, "every topic, with its briefs"),
        Listed("Corrections and updates", urls.CORRECTIONS, "every correction, newest first"),
        Listed("Feeds", urls.FEEDS, "how to follow the briefing in a feed reader"),
    )
    static = tuple(Listed(p.title, p.url, _one_line(p.summary)) for p in site.pages)
    return own + static


def site_feeds(config: SiteConfig) -> tuple[Listed, ...]:
    """The feeds of the whole site, for llms.txt and the feeds page."""
    return (
        Listed("RSS", urls.RSS, f"the newest briefs of {config.title} in RSS 2.0"),
        Listed("Atom", urls.ATOM, "the same briefs in Atom 1.0"),
        Listed("JSON Feed", urls.JSON_FEED, "the same briefs in JSON Feed 1.1"),
        Listed("Corrections", urls.CORRECTIONS_FEED, "every correction and update, in RSS 2.0"),
        Listed("Corrections (Atom)", urls.CORRECTIONS_ATOM, "the same corrections in Atom 1.0"),
        Listed(
            "Corrections (JSON Feed)",
            urls.CORRECTIONS_JSON,
            "the same corrections in JSON Feed 1.1",
        ),
    )


def feed_urls(site: Site, config: SiteConfig) -> list[str]:
    """The absolute URL of every feed the site publishes: the site's, then each tag's."""
    paths = [f.url for f in site_feeds(config)] + [t.feed_url for t in site.tags]
    return [urls.absolute(config.base_url, path) for path in paths]


_MD_SPECIAL = re.compile(r"([\\\[\]])")


def markdown_text(text: str) -> str:
    """Plain text made safe as a Markdown link's text in llms.txt: one line, with
    backslashes and brackets escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text))


def markdown_url(url: str) -> str:
    """An absolute URL made safe inside a Markdown link's parentheses."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")
