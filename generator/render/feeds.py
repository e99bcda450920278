"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 bytes. Every date comes from the content."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .. import __version__, citations, markup, urls
from ..config import SiteConfig
from ..model import Brief, LinkSpan
from ..site import Correction, Site
from . import metadata
from .templating import readable_date

if TYPE_CHECKING:
    import jinja2

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Atom's <updated> for a feed with no entries (Atom requires one; RSS leaves it out)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# What follows the body of an item: the brief's sources and its log of corrections and
# updates (newest first), as the brief's page shows them. Autoescaped: titles are user text;
# a note is already sanitised HTML.
AFTER_BODY = """\
{% if brief.sources %}
<h2>Sources</h2>
<ol>
{% for source in brief.sources %}
{% set label = source.title or source.publisher %}
{% set lang %}{% if source.language %} lang="{{ source.language }}"{% endif %}{% endset %}
{% set hreflang %}{% if source.language %} hreflang="{{ source.language }}"{% endif %}{% endset %}
{% set cite %}<cite{{ lang }}>{{ label }}</cite>{% endset %}
<li>{% if source.url %}<a href="{{ source.url }}"{{ hreflang }}>{{ cite }}</a>\
{% else %}{{ cite }}{% endif %}
{%- if source.title and source.publisher %} · {{ source.publisher }}{% endif %}
{%- if source.author %} · {{ source.author }}{% endif %}
{%- if source.date %} · {{ source.date | readable }}{% endif %}
{%- if source.language %} · in {{ source.language | language_name }}{% endif %}</li>
{% endfor %}
</ol>
{% endif %}
{% if brief.updates %}
<h2>Corrections and updates</h2>
<ol>
{% for update in brief.updates %}
<li><p><strong>{{ update.kind | capitalize }}</strong>, {{ update.date | readable }}</p>
<p>{{ absolute(update.note_html) | safe }}</p></li>
{% endfor %}
</ol>
{% endif %}
"""


class _RssChannel(BaseExtension):
    """What feedgen's RSS channel lacks: a channel with no items gets no ``lastBuildDate``
    (its content never changed, and feedgen would otherwise write the clock's time), and
    with ``hub`` set, WebSub's ``atom:link rel="hub"`` right after the self link (Atom feeds
    get theirs as an ordinary link)."""

    def __init__(self) -> None:
        self.unchanged = False
        self.hub = ""

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}

    def extend_rss(self, rss: etree._Element) -> etree._Element:
        if self.unchanged:
            for element in rss.findall("channel/lastBuildDate"):
                element.getparent().remove(element)
        if self.hub:
            channel = rss.find("channel")
            hub = etree.Element(f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
            selves = channel.findall(f"{{{ATOM_NS}}}link[@rel='self']")
            if selves:
                selves[-1].addnext(hub)
            else:
                channel.append(hub)
        return rss


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


class _LangFeed(BaseExtension):
    pass


class _LangEntry(BaseEntryExtension):
    """``xml:lang`` on an Atom entry in another language than the feed's."""

    def __init__(self) -> None:
        self._lang: str | None = None

    def lang(self, value: str) -> None:
        self._lang = value

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self._lang is not None:
            entry.set(f"{{{XML_NS}}}lang", self._lang)
        return entry


def _absolute(page_url: str, base_url: str, href: str) -> str:
    """A link made absolute: root-relative ones against the site, others against the page."""
    if href.startswith("/") and not href.startswith("//"):
        href = urls.absolute(base_url, href)
    return urljoin(page_url, href)


def absolutise(item: Brief, page_url: str, base_url: str) -> str:
    """The body with every link made absolute. Only link attributes change, never text or
    code that looks like one."""
    return markup.rewrite_links(item.body_html, item.links, partial(_absolute, page_url, base_url))


def absolutise_fragment(fragment: str, page_url: str, base_url: str) -> str:
    """Sanitised HTML made here (a note, the sources list) with every link made absolute;
    its links are found by parsing it, as a body's are."""
    cleaned, spans = markup.sanitise_with_links(fragment)
    found = tuple(LinkSpan(start, end, 0) for start, end in spans)
    return markup.rewrite_links(cleaned, found, partial(_absolute, page_url, base_url))


@lru_cache(maxsize=1)
def _after_body_template() -> jinja2.Template:
    import jinja2

    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["readable"] = readable_date
    env.filters["language_name"] = metadata.language_name
    return env.from_string(AFTER_BODY)


def item_html(brief: Brief, page_url: str, base_url: str) -> str:
    """A feed item's HTML: the body, then the sources and the log of corrections and
    updates, every link absolute."""
    # citations link to the brief page's sources list; the ids are the page's, not the item's
    body = citations.CITE_ID_RE.sub(r"\1", absolutise(brief, page_url, base_url))
    # Source URLs are absolute already (http or https only); a note's links are made so here.
    absolute = partial(absolutise_fragment, page_url=page_url, base_url=base_url)
    after = _after_body_template().render(brief=brief, absolute=absolute).strip()
    return body + "\n" + after if after else body


def _channel(
    config: SiteConfig, title: str, link: str, self_url: str, description: str
) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.register_extension("rsschannel", _RssChannel, _UpdatedEntry, atom=False, rss=True)
    fg.register_extension("entrylang", _LangFeed, _LangEntry, atom=True, rss=False)
    fg.title(title)
    # feedgen gives RSS <link> the last link added: the page, not the feed itself.
    fg.link(href=urls.absolute(config.base_url, self_url), rel="self")
    if config.websub_hub:  # WebSub: readers may subscribe to the hub for pushed updates
        fg.rsschannel.hub = config.websub_hub  # type: ignore[attr-defined]
        fg.link(href=config.websub_hub, rel="hub")  # Atom's <link rel="hub">
    fg.link(href=urls.absolute(config.base_url, link), rel="alternate")
    fg.subtitle(description or title)  # sets RSS <description> too: replaced just below
    fg.description(_phrase(description or title))
    fg.language(config.language)
    fg.generator("Briefing", version=__version__)
    # Atom needs an author for every entry; with none configured, the site itself is one.
    fg.author([{"name": name} for name in config.authors or (config.title,)])
    if config.copyright:
        fg.rights(config.copyright)
    return fg


def _phrase(text: str) -> str:
    """An RSS channel description, which some readers show as text and others as HTML: an
    ``&`` stays as it is (HTML reads "AI & Labor" as itself; escaping it made plain-text
    readers show "&amp;"), while ``<`` and ``>``, which HTML would take for a tag, are
    escaped."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _plain(text: str) -> str:
    """Plain text for RSS <description>, which readers take as HTML."""
    return html.escape(text, quote=False)


def _tag_names(site: Site, brief: Brief) -> list[str]:
    """The brief's tags under each tag's one spelling ("beta" and "Beta" are one tag)."""
    return list(dict.fromkeys(tag.name for tag in site.tags_of(brief)))


def entry_title(brief: Brief) -> str:
    """A brief's title in a feed; a draft's (only in a build with drafts) says it is one."""
    return f"[Draft] {brief.title}" if brief.draft else brief.title


def _entry(fg: FeedGenerator, site: Site, brief: Brief, config: SiteConfig) -> None:
    link = urls.absolute(config.base_url, urls.brief(brief.slug))
    fe = fg.add_entry(order="append")
    fe.id(brief.id)
    fe.guid(brief.id, permalink=brief.id == link)
    fe.title(entry_title(brief))
    fe.link(href=link, rel="alternate")
    fe.published(brief.date)
    fe.pubDate(brief.date)
    fe.updated(brief.updated)
    if brief.is_updated:
        fe.rsschannel.when(brief.updated)  # type: ignore[attr-defined]
    if brief.lang != config.language:
        fe.entrylang.lang(brief.lang)  # type: ignore[attr-defined]
    fe.author([{"name": name} for name in brief.authors])
    fe.dc.dc_creator(list(brief.authors))  # RSS <author> needs an e-mail address
    # One call with every category: feedgen rebuilds its RSS list on each call, so adding
    # them one at a time would cost time quadratic in the number of tags.
    names = _tag_names(site, brief)
    if names:
        fe.category([{"term": name, "label": name} for name in names])
    fe.summary(brief.summary)
    fe.description(_plain(brief.summary))
    fe.content(item_html(brief, link, config.base_url), type="html")


def _newest(site: Site, briefs: Sequence[Brief]) -> datetime:
    return max((a.updated for a in briefs), default=EPOCH)


def rss(
    site: Site,
    config: SiteConfig,
    briefs: Sequence[Brief],
    title: str,
    link: str,
    self_url: str,
    description: str,
) -> bytes:
    fg = _channel(config, title, link, self_url, description)
    for brief in briefs:
        _entry(fg, site, brief, config)
    fg.lastBuildDate(_newest(site, briefs))
    fg.rsschannel.unchanged = not briefs  # type: ignore[attr-defined]
    return fg.rss_str(pretty=True)


def atom(site: Site, config: SiteConfig, briefs: Sequence[Brief]) -> bytes:
    fg = _channel(config, config.title, urls.HOME, urls.ATOM, config.description)
    fg.id(config.feed_id)
    for brief in briefs:
        _entry(fg, site, brief, config)
    fg.updated(_newest(site, briefs))
    return fg.atom_str(pretty=True)


def json_feed(site: Site, config: SiteConfig, briefs: Sequence[Brief]) -> bytes:
    def item(a: Brief) -> dict:
        url = urls.absolute(config.base_url, urls.brief(a.slug))
        return {
            "id": a.id,
            "url": url,
            "title": entry_title(a),
            "content_html": item_html(a, url, config.base_url),
            "summary": a.summary,
            "date_published": a.date.isoformat(),
            "date_modified": a.updated.isoformat(),
            "authors": [{"name": name} for name in a.authors],
            "tags": _tag_names(site, a),
            "language": a.lang,
        }

    icon = urls.absolute(config.base_url, urls.ICON)  # an SVG: right at any size
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": config.base_url,
        "feed_url": urls.absolute(config.base_url, urls.JSON_FEED),
        "description": config.description,
        "icon": icon,
        "favicon": icon,
        "language": config.language,
    }
    if config.authors:  # an empty list says nothing: leave the key out
        feed["authors"] = [{"name": name} for name in config.authors]
    if config.websub_hub:
        feed["hubs"] = [{"type": "WebSub", "url": config.websub_hub}]
    feed["items"] = [item(a) for a in briefs]
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def corrections_rss(site: Site, config: SiteConfig, corrections: Sequence[Correction]) -> bytes:
    title = f"{config.title}: corrections and updates"
    about = f"Every correction, update and clarification in {config.title}."
    fg = _channel(config, title, urls.CORRECTIONS, urls.CORRECTIONS_FEED, about)
    for c in corrections:
        link = urls.absolute(config.base_url, urls.brief(c.brief.slug))
        fe = fg.add_entry(order="append")
        fe.title(f"{c.update.kind.capitalize()}: {entry_title(c.brief)}")
        fe.link(href=link + "#updates")
        fe.guid(c.guid, permalink=False)
        fe.pubDate(c.update.date)
        fe.description(absolutise_fragment(c.update.note_html, link, config.base_url))
        fe.category(term=c.update.kind)
    fg.lastBuildDate(corrections[0].update.date if corrections else EPOCH)
    fg.rsschannel.unchanged = not corrections  # type: ignore[attr-defined]
    return fg.rss_str(pretty=True)


def render_feed(site: Site, config: SiteConfig, kind: str, tag_name: str | None) -> bytes:
    """The bytes of one planned feed: the site's RSS, Atom or JSON Feed, the corrections
    feed, or the RSS feed of the tag named ``tag_name``."""
    limit = config.feed_limit
    if kind == "tag" and tag_name is not None:
        tag = site.newest_tagged(tag_name, limit)
        title = f"{config.title}: {tag.name}"
        about = f"Briefs tagged {tag.name} in {config.title}."
        return rss(site, config, tag.briefs, title, tag.url, tag.feed_url, about)
    if kind == "corrections":
        return corrections_rss(site, config, site.corrections[:limit])
    newest = site.newest(limit)
    if kind == "atom":
        return atom(site, config, newest)
    if kind == "json":
        return json_feed(site, config, newest)
    return rss(site, config, newest, config.title, urls.HOME, urls.RSS, config.description)
