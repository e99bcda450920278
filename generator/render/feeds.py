"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 bytes. Every date comes from the content."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache, partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urljoin

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .. import __version__, citations, i18n, markup, urls, work
from ..config import SiteConfig
from ..model import Brief, LinkSpan
from ..site import Correction, Site

if TYPE_CHECKING:
    import jinja2

ATOM_NS = "http://www.w3.org/2005/Atom"
HISTORY_NS = "http://purl.org/syndication/history/1.0"  # RFC 5005: <fh:archive/>
XML_NS = "http://www.w3.org/XML/1998/namespace"
MEDIA_NS = "http://search.yahoo.com/mrss/"
# Atom's <updated> for a feed with no entries (Atom requires one; RSS leaves it out)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# What follows the body of an item: the brief's sources and its log of corrections and
# updates (newest first), as the brief's page shows them. Autoescaped: titles are user text;
# a note is already sanitised HTML.
AFTER_BODY = """\
{% if brief.sources %}
<h2>{{ t("sources") }}</h2>
<ol>
{% for source in brief.sources %}
{% set label = source.title or source.publisher %}
{% set lang %}{% if source.language %} lang="{{ source.language }}"{% endif %}{% endset %}
{% set hreflang %}{% if source.language %} hreflang="{{ source.language }}"{% endif %}{% endset %}
{% set cite %}<cite{{ lang }}>{{ label }}</cite>{% endset %}
<li>{% if source.url %}<a href="{{ source.url }}"{{ hreflang }}>{{ cite }}</a>\
{% else %}{{ cite }}{% endif %}
{%- if source.title and source.publisher %} · {{ source.publisher }}\
{% elif not source.publisher %} · {{ t("outlet_not_named") }}{% endif %}
{%- if source.author %} · {{ source.author }}{% else %} · {{ t("author_not_named") }}{% endif %}
{%- if source.date %} · {{ readable(source.date) }}\
{% else %} · {{ t("date_not_given") }}{% endif %}
{%- if source.language %} · {{ t("in_language", language=language_name(source.language)) }}\
{% endif %}</li>
{% endfor %}
</ol>
{% endif %}
{% if brief.updates %}
<h2>{{ t("corrections_title") }}</h2>
<ol>
{% for update in brief.updates %}
<li><p><strong>{{ t("kind_" ~ update.kind) }}</strong>, {{ readable(update.date) }}</p>
<p>{{ absolute(update.note_html) | safe }}</p></li>
{% endfor %}
</ol>
{% endif %}
"""


class _RssChannel(BaseExtension):
    """What feedgen's RSS channel lacks: a channel with no items gets no ``lastBuildDate``
    (its content never changed, and feedgen would otherwise write the clock's time); the
    channel's ``description`` set on its own (feedgen's ``description`` also sets Atom's
    ``subtitle``, which then showed the RSS escaping as text); and ``atom:link``s other
    than self right after the self link: WebSub's ``hub`` and RFC 5005's ``current`` and
    ``prev-archive``, with ``<fh:archive/>`` in an archive document (Atom feeds get theirs
    as ordinary links)."""

    def __init__(self) -> None:
        self.unchanged = False
        self.description = ""
        self.links: list[tuple[str, str]] = []  # (rel, href)
        self.archive = False

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS, **({"fh": HISTORY_NS} if self.archive else {})}

    def extend_rss(self, rss: etree._Element) -> etree._Element:
        channel = rss.find("channel")
        if self.unchanged:
            for element in channel.findall("lastBuildDate"):
                channel.remove(element)
        if self.description:
            channel.find("description").text = self.description
        selves = channel.findall(f"{{{ATOM_NS}}}link[@rel='self']")
        after = selves[-1] if selves else None
        for rel, href in self.links:
            link = etree.Element(f"{{{ATOM_NS}}}link", href=href, rel=rel)
            if after is None:
                channel.append(link)
            else:
                after.addnext(link)
            after = link
        if self.archive:
            (after if after is not None else channel[-1]).addnext(
                etree.Element(f"{{{HISTORY_NS}}}archive")
            )
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


class _AtomFeed(BaseExtension):
    """``<fh:archive/>`` (RFC 5005) in an Atom archive document."""

    def __init__(self) -> None:
        self.archive = False

    def extend_ns(self) -> dict[str, str]:
        return {"fh": HISTORY_NS} if self.archive else {}

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        if self.archive:
            feed.find("updated").addnext(etree.Element(f"{{{HISTORY_NS}}}archive"))
        return feed


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


class _LeadFeed(BaseExtension):
    """Media RSS's namespace, in a feed one of whose items has a lead picture."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}


class _LeadEntry(BaseEntryExtension):
    """A lead picture as ``media:content`` (RSS items and Atom entries): its largest JPEG
    or PNG, with its size, alt text as the description and its credit."""

    def __init__(self) -> None:
        self._lead: tuple[str, Any] | None = None

    def picture(self, url: str, lead: Any) -> None:
        self._lead = (url, lead)

    def _extend(self, entry: etree._Element) -> etree._Element:
        if self._lead is None:
            return entry
        url, lead = self._lead
        fallback = lead.picture.fallback
        content = etree.SubElement(entry, f"{{{MEDIA_NS}}}content", url=url, medium="image")
        content.set("type", "image/png" if fallback.format == "png" else "image/jpeg")
        content.set("width", str(fallback.width))
        content.set("height", str(fallback.height))
        description = etree.SubElement(content, f"{{{MEDIA_NS}}}description", type="plain")
        description.text = lead.alt
        etree.SubElement(content, f"{{{MEDIA_NS}}}credit").text = lead.credit
        return entry

    def extend_rss(self, item: etree._Element) -> etree._Element:
        return self._extend(item)

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        return self._extend(entry)


def _with_leads(fg: FeedGenerator, briefs: Sequence[Brief]) -> None:
    """Media RSS for the feed's lead pictures, when it has any (else the feed is unchanged)."""
    if any(brief.image is not None for brief in briefs):
        fg.register_extension("lead", _LeadFeed, _LeadEntry, atom=True, rss=True)


def lead_url(brief: Brief, base_url: str) -> str | None:
    """The absolute address of a brief's lead picture (its largest JPEG or PNG), or None."""
    lead = brief.image
    if lead is None or lead.picture is None:
        return None
    return urls.absolute(base_url, lead.picture.fallback.url)


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
    return env.from_string(AFTER_BODY)


def item_html(
    brief: Brief, page_url: str, base_url: str, cat: i18n.Catalogue = i18n.ENGLISH,
    made: dict[tuple[str, ...], str] | None = None,
) -> str:  # fmt: skip
    """A feed item's HTML (``_item_html``), in ``cat``'s language. With ``made`` (the item
    HTML a worker has made while rendering its share of the feeds: a brief is an item of
    its edition's feed, its tags' feeds and archive pages, each in three formats), made once
    per brief, address and language: a brief's key names its file's bytes and the settings,
    so the same key and arguments give the same HTML."""
    if made is None or not brief.key:
        return _item_html(brief, page_url, base_url, cat)
    key = (brief.key, page_url, base_url, cat.path)
    if key not in made:
        made[key] = _item_html(brief, page_url, base_url, cat)
    return made[key]


def _item_html(brief: Brief, page_url: str, base_url: str, cat: i18n.Catalogue) -> str:
    """A feed item's HTML: the body, then the sources and the log of corrections and
    updates (their words and dates in ``cat``'s language), every link absolute."""
    # citations link to the brief page's sources list; the ids are the page's, not the item's
    body = citations.CITE_ID_RE.sub(r"\1", absolutise(brief, page_url, base_url))
    lead = _lead_html(brief, base_url, cat)
    if lead:
        body = lead + "\n" + body
    # Source URLs are absolute already (http or https only); a note's links are made so here.
    absolute = partial(absolutise_fragment, page_url=page_url, base_url=base_url)
    words = {"t": cat.markup, "readable": cat.date, "language_name": cat.language}
    after = _after_body_template().render(brief=brief, absolute=absolute, **words).strip()
    return body + "\n" + after if after else body


def _lead_html(brief: Brief, base_url: str, cat: i18n.Catalogue) -> str:
    """A feed item's lead picture, first in its HTML: the largest JPEG or PNG, its caption
    and credit (a feed reader has no ``<picture>``: one file, absolute)."""
    url = lead_url(brief, base_url)
    if url is None or brief.image is None or brief.image.picture is None:
        return ""
    lead, fallback = brief.image, brief.image.picture.fallback
    caption = (html.escape(lead.caption) + " ") if lead.caption else ""
    credit = cat.text("picture_credit") + " " + html.escape(lead.credit)
    if lead.rights:
        credit += " · " + html.escape(lead.rights)
    return (
        f'<figure><img src="{html.escape(url)}" alt="{html.escape(lead.alt)}" '
        f'width="{fallback.width}" height="{fallback.height}">'
        f"<figcaption>{caption}{credit}</figcaption></figure>"
    )


def _channel(
    config: SiteConfig, title: str, link: str, self_url: str, description: str,
    history: Sequence[tuple[str, str]] = (),
) -> FeedGenerator:  # fmt: skip
    """A feed's channel; ``history``: its RFC 5005 links, (rel, site path), and with a
    ``current`` one among them, the channel is an archive document."""
    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.register_extension("rsschannel", _RssChannel, _UpdatedEntry, atom=False, rss=True)
    fg.register_extension("entrylang", _AtomFeed, _LangEntry, atom=True, rss=False)
    fg.title(title)
    # feedgen gives RSS <link> the last link added: the page, not the feed itself.
    fg.link(href=urls.absolute(config.base_url, self_url), rel="self")
    links = [(rel, urls.absolute(config.base_url, path)) for rel, path in history]
    if config.websub_hub:  # WebSub: readers may subscribe to the hub for pushed updates
        links.insert(0, ("hub", config.websub_hub))
    for rel, href in links:
        fg.link(href=href, rel=rel)  # Atom's <link>s; RSS gets them from the extension
    fg.rsschannel.links = links  # type: ignore[attr-defined]
    archive = any(rel == "current" for rel, _ in history)
    fg.rsschannel.archive = fg.entrylang.archive = archive  # type: ignore[attr-defined]
    fg.link(href=urls.absolute(config.base_url, link), rel="alternate")
    fg.subtitle(description or title)  # Atom's text; RSS's <description> is set apart:
    fg.rsschannel.description = _phrase(description or title)  # type: ignore[attr-defined]
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


def _entry(
    fg: FeedGenerator, site: Site, brief: Brief, config: SiteConfig, cat: i18n.Catalogue,
    made: dict[tuple[str, ...], str] | None,
) -> None:  # fmt: skip
    link = urls.absolute(config.base_url, brief.url)
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
    fe.author(_authors(site, brief, config))
    fe.dc.dc_creator([b.name for b in site.byline(brief)])  # RSS <author> needs an e-mail
    # One call with every category: feedgen rebuilds its RSS list on each call, so adding
    # them one at a time would cost time quadratic in the number of tags.
    names = _tag_names(site, brief)
    fe.category(
        [_type_category(brief, cat), *_section_category(site, brief, config)]
        + [{"term": name, "label": name} for name in names]
    )
    fe.summary(brief.summary)
    fe.description(_plain(brief.summary))
    fe.content(item_html(brief, link, config.base_url, cat, made), type="html")
    url = lead_url(brief, config.base_url)
    if url is not None:
        fe.lead.picture(url, brief.image)  # type: ignore[attr-defined]


def _authors(site: Site, brief: Brief, config: SiteConfig) -> list[dict[str, str]]:
    """The brief's authors by name, a person with their page (Atom ``uri``, JSON ``url``)."""
    out = []
    for byline in site.byline(brief):
        author = {"name": byline.name}
        if byline.person:
            author["uri"] = urls.absolute(config.base_url, byline.url)
        out.append(author)
    return out


def _type_category(brief: Brief, cat: i18n.Catalogue) -> dict[str, str]:
    """The kind of work as a category: its label in the edition's language (``cat``), in
    schema.org's vocabulary of article types (RSS ``domain``, Atom ``scheme``)."""
    label = cat.text(work.label_key(brief.type))
    scheme = f"https://schema.org/{work.schema_type(brief.type)}"
    return {"term": label, "label": label, "scheme": scheme}


def _section_category(site: Site, brief: Brief, config: SiteConfig) -> list[dict[str, str]]:
    """The brief's section as a category (its name in the edition) whose scheme is the
    section's page."""
    section = site.section_link(brief.section) if brief.section else None
    if section is None:
        return []
    scheme = urls.absolute(config.base_url, section.url)
    return [{"term": section.name, "label": section.name, "scheme": scheme}]


def _newest(briefs: Sequence[Brief]) -> datetime:
    return max((a.updated for a in briefs), default=EPOCH)


def _history(site: Site, config: SiteConfig, kind: str, page: int) -> list[tuple[str, str]]:
    """RFC 5005 links of the edition's feed in format ``kind``: the subscription feed (page
    0) points to the newest archive page; archive page N to the subscription feed
    (``current``) and to page N-1. There is no ``next-archive``: page N would change when
    page N+1 appears, and archive pages are kept stable."""
    if page == 0:
        pages = site.archive_pages(config.feed_limit)
        return [("prev-archive", urls.feed_archive(kind, pages, site.prefix))] if pages else []
    links = [("current", urls.feed(kind, site.prefix))]
    if page > 1:
        links.append(("prev-archive", urls.feed_archive(kind, page - 1, site.prefix)))
    return links


def _archive_title(title: str, page: int, cat: i18n.Catalogue) -> str:
    return cat.text("feed_archive_title", site=title, part=page) if page else title


def rss(
    site: Site,
    config: SiteConfig,
    briefs: Sequence[Brief],
    title: str,
    link: str,
    self_url: str,
    description: str,
    history: Sequence[tuple[str, str]] = (),
    cat: i18n.Catalogue = i18n.ENGLISH,
    made: dict[tuple[str, ...], str] | None = None,
) -> bytes:
    fg = _channel(config, title, link, self_url, description, history)
    _with_leads(fg, briefs)
    for brief in briefs:
        _entry(fg, site, brief, config, cat, made)
    fg.lastBuildDate(_newest(briefs))
    fg.rsschannel.unchanged = not briefs  # type: ignore[attr-defined]
    return fg.rss_str(pretty=True)


def atom(
    site: Site, config: SiteConfig, briefs: Sequence[Brief], cat: i18n.Catalogue, page: int = 0,
    made: dict[tuple[str, ...], str] | None = None,
) -> bytes:  # fmt: skip
    u = urls.edition_urls(site.prefix)
    self_url = urls.feed_archive("atom", page, site.prefix) if page else u["atom"]
    history = _history(site, config, "atom", page)
    title = _archive_title(config.title, page, cat)
    fg = _channel(config, title, u["home"], self_url, config.description, history)
    fg.id(config.feed_id)  # RFC 5005: one logical feed, archive documents included
    _with_leads(fg, briefs)
    for brief in briefs:
        _entry(fg, site, brief, config, cat, made)
    fg.updated(_newest(briefs))
    return fg.atom_str(pretty=True)


def _json_item(
    site: Site, config: SiteConfig, a: Brief, cat: i18n.Catalogue,
    made: dict[tuple[str, ...], str] | None,
) -> dict:  # fmt: skip
    url = urls.absolute(config.base_url, a.url)
    return {
        "id": a.id,
        "url": url,
        "title": entry_title(a),
        "content_html": item_html(a, url, config.base_url, cat, made),
        "summary": a.summary,
        "date_published": a.date.isoformat(),
        "date_modified": a.updated.isoformat(),
        "authors": [
            {("url" if k == "uri" else k): v for k, v in author.items()}
            for author in _authors(site, a, config)
        ],
        "tags": _tag_names(site, a),
        "language": a.lang,
        "_briefing": _extension(a, config),
        **({"image": lead} if (lead := lead_url(a, config.base_url)) else {}),
    }


def _json_channel(config: SiteConfig, title: str, home: str, self_url: str, about: str) -> dict:
    icon = urls.absolute(config.base_url, urls.ICON)  # an SVG: right at any size
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": urls.absolute(config.base_url, home),
        "feed_url": urls.absolute(config.base_url, self_url),
        "description": about,
        "icon": icon,
        "favicon": icon,
        "language": config.language,
    }
    if config.authors:  # an empty list says nothing: leave the key out
        feed["authors"] = [{"name": name} for name in config.authors]
    if config.websub_hub:
        feed["hubs"] = [{"type": "WebSub", "url": config.websub_hub}]
    return feed


def _json_bytes(feed: dict) -> bytes:
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_feed(
    site: Site, config: SiteConfig, briefs: Sequence[Brief], cat: i18n.Catalogue, page: int = 0,
    made: dict[tuple[str, ...], str] | None = None,
) -> bytes:  # fmt: skip
    """JSON Feed has no archive documents; its ``next_url`` ("the next items") leads from
    the feed to the newest archive page, and from each page to the one before it."""
    u = urls.edition_urls(site.prefix)
    self_url = urls.feed_archive("json", page, site.prefix) if page else u["json_feed"]
    title = _archive_title(config.title, page, cat)
    feed = _json_channel(config, title, u["home"], self_url, config.description)
    older = dict(_history(site, config, "json", page)).get("prev-archive")
    if older:
        feed["next_url"] = urls.absolute(config.base_url, older)
    feed["items"] = [_json_item(site, config, a, cat, made) for a in briefs]
    return _json_bytes(feed)


def _corrections_about(config: SiteConfig, cat: i18n.Catalogue) -> tuple[str, str]:
    return (
        cat.text("corrections_feed_title", site=config.title),
        cat.text("corrections_feed_description", site=config.title),
    )


def _correction_title(c: Correction, cat: i18n.Catalogue) -> str:
    kind = cat.text("kind_" + c.update.kind)
    return cat.text("corrections_feed_item", kind=kind, title=entry_title(c.brief))


def corrections_rss(
    site: Site, config: SiteConfig, corrections: Sequence[Correction], cat: i18n.Catalogue
) -> bytes:
    u = urls.edition_urls(site.prefix)
    title, about = _corrections_about(config, cat)
    fg = _channel(config, title, u["corrections"], u["corrections_feed"], about)
    for c in corrections:
        link = urls.absolute(config.base_url, c.brief.url)
        fe = fg.add_entry(order="append")
        fe.title(_correction_title(c, cat))
        fe.link(href=link + "#updates")
        fe.guid(c.guid, permalink=False)
        fe.pubDate(c.update.date)
        fe.description(absolutise_fragment(c.update.note_html, link, config.base_url))
        fe.category(term=c.update.kind)
    fg.lastBuildDate(corrections[0].update.date if corrections else EPOCH)
    fg.rsschannel.unchanged = not corrections  # type: ignore[attr-defined]
    return fg.rss_str(pretty=True)


def _extension(brief: Brief, config: SiteConfig) -> dict[str, str]:
    """JSON Feed has no categories: an item's kind of work (and section) go in the
    ``_briefing`` extension, described on the site's feeds page."""
    data = {"about": urls.absolute(config.base_url, urls.FEEDS), "type": brief.type}
    if brief.section:
        data["section"] = brief.section
    if brief.story:
        data["story"] = brief.story
    return data


class Listing(NamedTuple):
    """What a feed is the feed of: title, page, its own address, description, Atom id."""

    title: str
    link: str
    self_url: str
    description: str
    feed_id: str


def listing_feed(
    site: Site, config: SiteConfig, kind: str, owner: str, slug: str, cat: i18n.Catalogue,
    made: dict[tuple[str, ...], str] | None = None,
) -> bytes:  # fmt: skip
    """The RSS, Atom or JSON feed (``kind``) of one section, story or person (``owner``) in
    an edition (``site``, ``config`` as it sees them, strings from ``cat``); ``made``: the
    items' HTML made so far (see ``render_feed``)."""
    from . import newsroom

    title, link, description = newsroom.feed_about(site, config, owner, slug, cat)
    briefs = site.newest_of(owner, slug, config.feed_limit)
    feeds = urls.feeds_of(link)
    if kind == "rss":
        return rss(site, config, briefs, title, link, feeds.rss, description, (), cat, made)
    if kind == "atom":
        # the edition's feed id already names its language: the folder leaves the prefix out
        folder = link.removeprefix(site.prefix).strip("/")
        about = Listing(title, link, feeds.atom, description, f"{config.feed_id}/{folder}")
        return listing_atom(site, config, briefs, about, cat, made)
    feed = _json_channel(config, title, link, feeds.json, description)
    feed["items"] = [_json_item(site, config, a, cat, made) for a in briefs]
    return _json_bytes(feed)


def listing_atom(
    site: Site, config: SiteConfig, briefs: Sequence[Brief], about: Listing, cat: i18n.Catalogue,
    made: dict[tuple[str, ...], str] | None = None,
) -> bytes:  # fmt: skip
    """The Atom feed of one section, story or person."""
    fg = _channel(config, about.title, about.link, about.self_url, about.description)
    fg.id(about.feed_id)
    _with_leads(fg, briefs)
    for brief in briefs:
        _entry(fg, site, brief, config, cat, made)
    fg.updated(_newest(briefs))
    return fg.atom_str(pretty=True)


def corrections_atom(
    site: Site, config: SiteConfig, corrections: Sequence[Correction], cat: i18n.Catalogue
) -> bytes:
    """The corrections feed in Atom: an entry per correction, its note as the content."""
    u = urls.edition_urls(site.prefix)
    title, about = _corrections_about(config, cat)
    fg = _channel(config, title, u["corrections"], u["corrections_atom"], about)
    fg.id(f"{config.feed_id}/corrections")
    for c in corrections:
        link = urls.absolute(config.base_url, c.brief.url)
        fe = fg.add_entry(order="append")
        fe.id(c.guid)
        fe.title(_correction_title(c, cat))
        fe.link(href=link + "#updates", rel="alternate")
        fe.published(c.update.date)
        fe.updated(c.update.date)
        fe.author([{"name": name} for name in c.brief.authors])
        fe.category(term=c.update.kind, label=c.update.kind)
        fe.content(absolutise_fragment(c.update.note_html, link, config.base_url), type="html")
    fg.updated(corrections[0].update.date if corrections else EPOCH)
    return fg.atom_str(pretty=True)


def corrections_json(
    site: Site, config: SiteConfig, corrections: Sequence[Correction], cat: i18n.Catalogue
) -> bytes:
    """The corrections feed in JSON Feed."""
    u = urls.edition_urls(site.prefix)
    title, about = _corrections_about(config, cat)
    feed = _json_channel(config, title, u["corrections"], u["corrections_json"], about)
    items = []
    for c in corrections:
        link = urls.absolute(config.base_url, c.brief.url)
        items.append(
            {
                "id": c.guid,
                "url": link + "#updates",
                "title": _correction_title(c, cat),
                "content_html": absolutise_fragment(c.update.note_html, link, config.base_url),
                "date_published": c.update.date.isoformat(),
                "authors": [{"name": name} for name in c.brief.authors],
                "tags": [c.update.kind],
                "language": c.brief.lang,
            }
        )
    feed["items"] = items
    return _json_bytes(feed)


CORRECTIONS = MappingProxyType(
    {
        "corrections": corrections_rss,
        "corrections-atom": corrections_atom,
        "corrections-json": corrections_json,
    }
)


def render_feed(
    site: Site,
    config: SiteConfig,
    kind: str,
    tag_name: str | None,
    cat: i18n.Catalogue,
    page: int = 0,
    made: dict[tuple[str, ...], str] | None = None,
) -> bytes:
    """The bytes of one planned feed of an edition (``site``, ``config`` as it sees them,
    strings from ``cat``): its RSS, Atom or JSON Feed (``page`` > 0: that page of its
    archive), the corrections feed in each format, or the RSS feed of the tag named
    ``tag_name``. Each holds the edition's own briefs only. ``made``: the items' HTML made
    so far by the worker rendering it, kept to be made once (see ``item_html``)."""
    limit = config.feed_limit
    u = urls.edition_urls(site.prefix)
    if kind == "tag" and tag_name is not None:
        tag = site.newest_tagged(tag_name, limit)
        title = f"{config.title}: {tag.name}"
        about = cat.text("tag_feed_description", tag=tag.name, site=config.title)
        return rss(site, config, tag.briefs, title, tag.url, tag.feed_url, about, (), cat, made)
    if kind in CORRECTIONS:
        return CORRECTIONS[kind](site, config, site.newest_corrections(limit), cat)
    briefs = site.archive_page(limit, page) if page else site.newest(limit)
    if kind == "atom":
        return atom(site, config, briefs, cat, page, made)
    if kind == "json":
        return json_feed(site, config, briefs, cat, page, made)
    self_url = urls.feed_archive("rss", page, site.prefix) if page else u["rss"]
    title = _archive_title(config.title, page, cat)
    history = _history(site, config, "rss", page)
    about = config.description
    return rss(site, config, briefs, title, u["home"], self_url, about, history, cat, made)
