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
from ..i18n import Catalogue
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
    """Every edition's recent briefs (each entry names its language)."""
    every = tuple(b for e in site.every_edition for b in e.briefs)
    return tuple(
        NewsEntry(b.url, b.title, news_language(b.lang), b.date) for b in news_briefs(every)
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


def site_feeds(
    config: SiteConfig, prefix: str = "", c: Catalogue | None = None
) -> tuple[Listed, ...]:
    """The feeds of the whole site (of the edition at ``prefix``), for llms.txt and the
    feeds page, described in the catalogue's language (English without one)."""
    u = urls.edition_urls(prefix)
    if c is None:
        return (
            Listed("RSS", u["rss"], f"the newest briefs of {config.title} in RSS 2.0"),
            Listed("Atom", u["atom"], "the same briefs in Atom 1.0"),
            Listed("JSON Feed", u["json_feed"], "the same briefs in JSON Feed 1.1"),
            Listed("Corrections", u["corrections_feed"], "every correction and update, in RSS 2.0"),
            Listed("Corrections (Atom)", u["corrections_atom"], "the same corrections in Atom 1.0"),
            Listed(
                "Corrections (JSON Feed)",
                u["corrections_json"],
                "the same corrections in JSON Feed 1.1",
            ),
        )
    return (
        Listed("RSS", u["rss"], c.text("feed_rss_about", site=config.title)),
        Listed("Atom", u["atom"], c.text("feed_atom_about")),
        Listed("JSON Feed", u["json_feed"], c.text("feed_json_about")),
        Listed(
            c.text("feed_corrections_name"), u["corrections_feed"], c.text("feed_corrections_about")
        ),
        Listed(
            c.text("feed_corrections_atom_name"),
            u["corrections_atom"],
            c.text("feed_corrections_atom_about"),
        ),
        Listed(
            c.text("feed_corrections_json_name"),
            u["corrections_json"],
            c.text("feed_corrections_json_about"),
        ),
    )


def feed_urls(site: Site, config: SiteConfig) -> list[str]:
    """The absolute URL of every feed the site publishes: the site's, then each tag's."""
    paths = []
    for edition in site.every_edition:
        paths += [f.url for f in site_feeds(config, edition.prefix)]
        paths += [t.feed_url for t in edition.tags]
    return [urls.absolute(config.base_url, path) for path in paths]


# What Markdown gives a meaning to within a line, backslash-escaped (every Markdown reads
# these escapes): escapes, links and images, emphasis and code. What HTML gives a meaning to
# (tags, autolinks, character references) is written as character references instead,
# which every Markdown shows as the character.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()!])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown_text(text: str) -> str:
    """Plain text made plain in llms.txt's Markdown: one line, in which nothing Markdown or
    HTML reads as markup is left, so a title or summary written ``[x](javascript:...)`` or
    ``<script>`` shows as those characters wherever the file is rendered, and never becomes
    a link, a tag or emphasis."""
    escaped = _MD_SPECIAL.sub(r"\\\1", _one_line(text))
    return "".join(_HTML_SPECIAL.get(c, c) for c in escaped)


def markdown_url(url: str) -> str:
    """An absolute URL made safe inside a Markdown link's parentheses."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")
