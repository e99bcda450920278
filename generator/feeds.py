"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 bytes. Every date comes from the content."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urljoin

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from . import __version__, urls
from .config import SiteConfig
from .model import Article
from .site import Correction, Site

ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the "last changed" date of a feed with no items
_URL_ATTR_RE = re.compile(r'(\s(?:href|src|cite)=")([^"]*)"')


class _UpdatedFeed(BaseExtension):
    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}


class _UpdatedEntry(BaseEntryExtension):
    """``atom:updated`` in RSS items: the date of the latest correction or update."""

    def __init__(self) -> None:
        self._when: datetime | None = None

    def when(self, value: datetime) -> None:
        self._when = value

    def extend_rss(self, item: etree._Element) -> etree._Element:
        if self._when is not None:
            etree.SubElement(item, f"{{{ATOM_NS}}}updated").text = self._when.isoformat()
        return item


def absolutise(body_html: str, page_url: str, base_url: str) -> str:
    """Make every link in a body absolute: root-relative ones against the site, others the page."""

    def fix(match: re.Match[str]) -> str:
        href = match.group(2)
        if href.startswith("/") and not href.startswith("//"):
            href = urls.absolute(base_url, href)
        return f'{match.group(1)}{urljoin(page_url, href)}"'

    return _URL_ATTR_RE.sub(fix, body_html)


def _channel(
    config: SiteConfig, title: str, link: str, self_url: str, description: str
) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.register_extension("atomupdated", _UpdatedFeed, _UpdatedEntry, atom=False, rss=True)
    fg.title(title)
    # feedgen gives RSS <link> the last link added: the page, not the feed itself.
    fg.link(href=urls.absolute(config.base_url, self_url), rel="self")
    fg.link(href=urls.absolute(config.base_url, link), rel="alternate")
    fg.description(description or title)
    fg.subtitle(description or title)
    fg.language(config.language)
    fg.generator("Briefing", version=__version__)
    # Atom needs an author for every entry; with none configured, the site itself is one.
    fg.author([{"name": name} for name in config.authors or (config.title,)])
    if config.copyright:
        fg.rights(config.copyright)
    return fg


def _plain(text: str) -> str:
    """Plain text for RSS <description>, which readers take as HTML."""
    return html.escape(text, quote=False)


def _tag_names(site: Site, article: Article) -> list[str]:
    """The article's tags under each tag's one spelling ("beta" and "Beta" are one tag)."""
    return list(dict.fromkeys(tag.name for tag in site.tags_of(article)))


def _entry(fg: FeedGenerator, site: Site, article: Article, config: SiteConfig) -> None:
    link = urls.absolute(config.base_url, urls.brief(article.slug))
    fe = fg.add_entry(order="append")
    fe.id(article.id)
    fe.guid(article.id, permalink=article.id == link)
    fe.title(article.title)
    fe.link(href=link, rel="alternate")
    fe.published(article.date)
    fe.pubDate(article.date)
    fe.updated(article.updated)
    if article.is_updated:
        fe.atomupdated.when(article.updated)  # type: ignore[attr-defined]
    fe.author([{"name": name} for name in article.authors])
    fe.dc.dc_creator(list(article.authors))  # RSS <author> needs an e-mail address
    for name in _tag_names(site, article):
        fe.category(term=name, label=name)
    fe.summary(article.summary)
    fe.description(_plain(article.summary))
    fe.content(absolutise(article.body_html, link, config.base_url), type="html")


def _newest(site: Site, articles: Sequence[Article]) -> datetime:
    return max((a.updated for a in articles), default=EPOCH)


def rss(
    site: Site,
    config: SiteConfig,
    articles: Sequence[Article],
    title: str,
    link: str,
    self_url: str,
    description: str,
) -> bytes:
    fg = _channel(config, title, link, self_url, description)
    fg.description(_plain(description or title))  # RSS readers take it as HTML
    for article in articles:
        _entry(fg, site, article, config)
    fg.lastBuildDate(_newest(site, articles))
    return fg.rss_str(pretty=True)


def atom(site: Site, config: SiteConfig, articles: Sequence[Article]) -> bytes:
    fg = _channel(config, config.title, urls.HOME, urls.ATOM, config.description)
    fg.id(config.feed_id)
    for article in articles:
        _entry(fg, site, article, config)
    fg.updated(_newest(site, articles))
    return fg.atom_str(pretty=True)


def json_feed(site: Site, config: SiteConfig, articles: Sequence[Article]) -> bytes:
    def item(a: Article) -> dict:
        url = urls.absolute(config.base_url, urls.brief(a.slug))
        return {
            "id": a.id,
            "url": url,
            "title": a.title,
            "content_html": absolutise(a.body_html, url, config.base_url),
            "summary": a.summary,
            "date_published": a.date.isoformat(),
            "date_modified": a.updated.isoformat(),
            "authors": [{"name": name} for name in a.authors],
            "tags": _tag_names(site, a),
            "language": a.lang,
        }

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": config.base_url,
        "feed_url": urls.absolute(config.base_url, urls.JSON_FEED),
        "description": config.description,
        "language": config.language,
        "authors": [{"name": name} for name in config.authors],
        "items": [item(a) for a in articles],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def corrections_rss(site: Site, config: SiteConfig, corrections: Sequence[Correction]) -> bytes:
    title = f"{config.title}: corrections and updates"
    about = f"Every correction, update and clarification in {config.title}."
    fg = _channel(config, title, urls.CORRECTIONS, urls.CORRECTIONS_FEED, about)
    fg.description(_plain(about))
    for c in corrections:
        link = urls.absolute(config.base_url, urls.brief(c.article.slug))
        fe = fg.add_entry(order="append")
        fe.title(f"{c.update.kind.capitalize()}: {c.article.title}")
        fe.link(href=link + "#updates")
        fe.guid(f"{c.article.id}/updates/{c.update.date.isoformat()}", permalink=False)
        fe.pubDate(c.update.date)
        fe.description(_plain(c.update.note))
        fe.category(term=c.update.kind)
    fg.lastBuildDate(corrections[0].update.date if corrections else EPOCH)
    return fg.rss_str(pretty=True)


def all_feeds(site: Site, config: SiteConfig) -> dict[str, bytes]:
    """Every feed of the site as {output path: bytes}."""
    newest = site.articles[: config.feed_limit]
    files = {
        urls.output_path(urls.RSS): rss(
            site, config, newest, config.title, urls.HOME, urls.RSS, config.description
        ),
        urls.output_path(urls.ATOM): atom(site, config, newest),
        urls.output_path(urls.JSON_FEED): json_feed(site, config, newest),
        urls.output_path(urls.CORRECTIONS_FEED): corrections_rss(
            site, config, site.corrections[: config.feed_limit]
        ),
    }
    for tag in site.tags:
        files[urls.output_path(urls.tag_feed(tag.slug))] = rss(
            site,
            config,
            tag.articles[: config.feed_limit],
            f"{config.title}: {tag.name}",
            tag.url,
            urls.tag_feed(tag.slug),
            f"Briefs tagged {tag.name} in {config.title}.",
        )
    return files
