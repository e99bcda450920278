"""The feed rules our readers rely on, as small functions that return violations.

feedparser is lenient: it reads broken feeds without a word. These rules say what a feed of
the site must be. Each rule takes a ``Feed`` (bytes, the feed's public URL, the site's
base_url) and returns a list of violation strings; an empty list means the rule holds. A rule
that does not apply to a format returns nothing. ``check`` runs them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
XML_NS = "http://www.w3.org/XML/1998/namespace"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

A = f"{{{ATOM_NS}}}"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RFC822_RE = re.compile(
    r"^(?:(?P<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|Z)$"
)
RFC3339_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
CONTENT_URL_ATTRS = ("href", "src", "cite")
_STRIP_RE = re.compile(r"[\x00-\x20]+")


@dataclass(frozen=True)
class Feed:
    data: bytes
    url: str  # where the feed is published, e.g. https://example.org/feed.xml
    base_url: str  # the site's base_url, e.g. https://example.org/

    @cached_property
    def parsed(self) -> tuple[Any, tuple[str, ...]]:
        """(root element or None, errors other than namespace errors)."""
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        try:
            root = etree.fromstring(self.data, parser)
        except etree.XMLSyntaxError as exc:
            return None, (str(exc),)
        errors = tuple(
            f"line {e.line}: {e.message}" for e in parser.error_log if e.domain_name != "NAMESPACE"
        )
        return root, errors

    @property
    def root(self) -> Any:
        return self.parsed[0]

    @cached_property
    def json(self) -> Any:
        try:
            return json.loads(self.data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    @cached_property
    def kind(self) -> str:
        """The format: json, rss, atom or unknown."""
        if self.data.lstrip()[:1] == b"{":
            return "json"
        if self.root is None:
            return "unknown"
        return {"rss": "rss", f"{A}feed": "atom"}.get(self.root.tag, "unknown")


@dataclass(frozen=True)
class Entry:
    """One item / entry, reduced to what the shared rules look at."""

    where: str
    id: str | None
    link: str | None
    published: str | None  # date text used for ordering (published, pubDate)
    html: tuple[str, ...]  # HTML fragments carried by the entry


Rule = Callable[[Feed], list[str]]


# Reading helpers: one per format, so the rules below can stay format-neutral.


def _text(element: Any) -> str | None:
    return None if element is None or element.text is None else element.text.strip()


def _items(feed: Feed) -> list[Any]:
    if feed.kind == "rss":
        return feed.root.findall("channel/item")
    if feed.kind == "atom":
        return feed.root.findall(f"{A}entry")
    items = feed.json.get("items") if isinstance(feed.json, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _atom_html(element: Any) -> list[str]:
    if element is None:
        return []
    kind = element.get("type", "text")
    if kind == "html":
        return [element.text or ""]
    if kind == "xhtml":
        return [etree.tostring(child, encoding="unicode") for child in element]
    return []


def _alternate(element: Any) -> str | None:
    for link in element.findall(f"{A}link"):
        if link.get("rel", "alternate") == "alternate":
            return link.get("href")
    return None


def _rss_entry(where: str, item: Any) -> Entry:
    html = [item.find(f"{{{CONTENT_NS}}}encoded"), item.find("description")]
    texts = tuple(e.text for e in html if e is not None and e.text)
    guid, link, date = (_text(item.find(name)) for name in ("guid", "link", "pubDate"))
    return Entry(where, guid, link, date, texts)


def _atom_entry(where: str, entry: Any) -> Entry:
    date = _text(entry.find(f"{A}published")) or _text(entry.find(f"{A}updated"))
    html = _atom_html(entry.find(f"{A}content")) + _atom_html(entry.find(f"{A}summary"))
    return Entry(where, _text(entry.find(f"{A}id")), _alternate(entry), date, tuple(html))


def _json_entry(where: str, item: dict[str, Any]) -> Entry:
    date = _str(item.get("date_published")) or _str(item.get("date_modified"))
    html = item.get("content_html")
    texts = (html,) if isinstance(html, str) else ()
    return Entry(where, _str(item.get("id")), _str(item.get("url")), date, texts)


def entries(feed: Feed) -> list[Entry]:
    read = {"rss": _rss_entry, "atom": _atom_entry, "json": _json_entry}.get(feed.kind)
    name = "entry" if feed.kind == "atom" else "item"
    return [read(f"{name} {n}", item) for n, item in enumerate(_items(feed), 1)] if read else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def date_fields(feed: Feed) -> Iterator[tuple[str, str | None, str]]:
    """(where, date text, "rfc822" or "rfc3339") for every date in the feed."""
    if feed.kind == "rss":
        channel = feed.root.find("channel")
        for name in ("pubDate", "lastBuildDate"):
            for element in channel.findall(name) if channel is not None else []:
                yield f"channel {name}", _text(element), "rfc822"
        for n, item in enumerate(_items(feed), 1):
            for element in item.findall("pubDate"):
                yield f"item {n} pubDate", _text(element), "rfc822"
            for element in item.findall(f"{A}updated"):
                yield f"item {n} atom:updated", _text(element), "rfc3339"
    elif feed.kind == "atom":
        for element in feed.root.iter(f"{A}updated", f"{A}published"):
            where = f"line {element.sourceline} {etree.QName(element).localname}"
            yield where, _text(element), "rfc3339"
    elif feed.kind == "json":
        for n, item in enumerate(_items(feed), 1):
            for key in ("date_published", "date_modified"):
                if key in item:
                    value = item[key]
                    yield f"item {n} {key}", _str(value) or repr(value), "rfc3339"


def feed_urls(feed: Feed) -> Iterator[tuple[str, str | None]]:
    """(where, URL) for every URL outside the content that a reader may follow."""
    if feed.kind == "rss":
        channel = feed.root.find("channel")
        if channel is not None:
            yield "channel link", _text(channel.find("link"))
        for element in feed.root.iter(f"{A}link"):
            yield f"line {element.sourceline} atom:link", element.get("href")
        for n, item in enumerate(_items(feed), 1):
            if item.find("link") is not None:
                yield f"item {n} link", _text(item.find("link"))
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") == "true":
                yield f"item {n} permalink guid", _text(guid)
            for enclosure in item.findall("enclosure"):
                yield f"item {n} enclosure", enclosure.get("url")
    elif feed.kind == "atom":
        for element in feed.root.iter(f"{A}link"):
            yield f"line {element.sourceline} link", element.get("href")
        for element in feed.root.iter(f"{A}icon", f"{A}logo"):
            yield f"line {element.sourceline} {etree.QName(element).localname}", _text(element)
    elif feed.kind == "json":
        for key in ("home_page_url", "feed_url", "next_url", "icon", "favicon"):
            if key in feed.json:
                yield key, _str(feed.json[key])
        for n, item in enumerate(_items(feed), 1):
            for key in ("url", "external_url", "image", "banner_image"):
                if key in item:
                    yield f"item {n} {key}", _str(item[key])


def site_links(feed: Feed) -> Iterator[tuple[str, str | None]]:
    """(where, URL) of links that must point into the site: home page and entries."""
    if feed.kind == "rss":
        yield "channel link", _text(feed.root.find("channel/link"))
    elif feed.kind == "atom":
        yield "feed alternate link", _alternate(feed.root)
    elif feed.kind == "json":
        yield "home_page_url", _str(feed.json.get("home_page_url"))
    for entry in entries(feed):
        yield f"{entry.where} link", entry.link


def parse_date(text: str | None) -> datetime | None:
    """Lenient: RFC 822 or RFC 3339 text -> an aware datetime, else None."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text) if text[:1].isdigit() and "-" in text[:5] else None
        value = value or parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def is_web_url(url: str | None) -> bool:
    if not url or url != url.strip() or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _html_elements(fragment: str) -> list[Any]:
    if not fragment.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    return [e for e in root.iter() if isinstance(e.tag, str)]


# The rules. Each is small and says one thing.


def parses(feed: Feed) -> list[str]:
    """JSON Feed is a JSON object; RSS and Atom are well-formed XML with a known root."""
    if feed.kind == "json":
        return [] if isinstance(feed.json, dict) else ["not a JSON object in UTF-8"]
    root, errors = feed.parsed
    if errors or root is None:
        return [f"not well-formed XML: {errors[0] if errors else 'no root element'}"]
    if feed.kind == "unknown":
        return [f"root element {root.tag!r} is neither <rss> nor Atom <feed>"]
    return []


def namespaces_declared(feed: Feed) -> list[str]:
    """Every prefix used on an element or attribute is declared."""
    if feed.kind not in ("rss", "atom"):
        return []
    problems = []
    for element in feed.root.iter():
        if not isinstance(element.tag, str):
            continue
        names = [element.tag] + [name for name in element.attrib if isinstance(name, str)]
        for name in names:
            if not name.startswith("{") and ":" in name:
                problems.append(f"line {element.sourceline}: prefix of {name!r} is not declared")
    return problems


def rss_channel_required(feed: Feed) -> list[str]:
    """<rss version="2.0"> with one <channel> that has title, link and description."""
    if feed.kind != "rss":
        return []
    problems = [] if feed.root.get("version") == "2.0" else ['<rss> needs version="2.0"']
    channels = feed.root.findall("channel")
    if len(channels) != 1:
        return problems + [f"expected one <channel>, found {len(channels)}"]
    for name in ("title", "link", "description"):
        if not _text(channels[0].find(name)):
            problems.append(f"channel has no <{name}>")
    return problems


def rss_item_required(feed: Feed) -> list[str]:
    """Each item has a title or description (RSS), and a link, guid and pubDate (ours)."""
    if feed.kind != "rss":
        return []
    problems = []
    for n, item in enumerate(_items(feed), 1):
        if not (_text(item.find("title")) or _text(item.find("description"))):
            problems.append(f"item {n} has neither <title> nor <description>")
        problems += [
            f"item {n} has no <{name}>"
            for name in ("link", "guid", "pubDate")
            if not _text(item.find(name))
        ]
    return problems


def language_declared(feed: Feed) -> list[str]:
    """The feed says its language: RSS <language>, Atom xml:lang, JSON Feed "language"."""
    if feed.kind == "rss":
        language = _text(feed.root.find("channel/language"))
    elif feed.kind == "atom":
        language = feed.root.get(f"{{{XML_NS}}}lang")
    elif feed.kind == "json":
        language = _str(feed.json.get("language"))
    else:
        return []
    return [] if language else [f"the {feed.kind} feed declares no language"]


def dates_valid(feed: Feed) -> list[str]:
    """RSS dates are RFC 822 (4-digit year, right weekday); the others are RFC 3339 with offset."""
    problems = []
    for where, text, style in date_fields(feed):
        if style == "rfc822":
            problems += _rfc822_problems(where, text)
        elif not (text and RFC3339_RE.match(text) and parse_date(text)):
            problems.append(f"{where}: {text!r} is not an RFC 3339 date-time with offset")
    return problems


def _rfc822_problems(where: str, text: str | None) -> list[str]:
    match = RFC822_RE.match(text or "")
    try:
        parsed = parsedate_to_datetime(text or "")
    except (TypeError, ValueError, IndexError):
        parsed = None
    if not match or parsed is None:
        return [f"{where}: {text!r} is not an RFC 822 date"]
    if match["day"] and WEEKDAYS[parsed.weekday()] != match["day"]:
        return [f"{where}: {text!r} names the wrong weekday"]
    return []


def self_link(feed: Feed) -> list[str]:
    """One self link (RSS atom:link, Atom link, JSON feed_url) equal to the feed's public URL."""
    if feed.kind == "json":
        found = [feed.json.get("feed_url")] if "feed_url" in feed.json else []
    elif feed.kind == "rss":
        found = [e.get("href") for e in feed.root.findall(f"channel/{A}link[@rel='self']")]
    elif feed.kind == "atom":
        found = [e.get("href") for e in feed.root.findall(f"{A}link[@rel='self']")]
    else:
        return []
    if found != [feed.url]:
        return [f"self link should be exactly [{feed.url!r}], found {found!r}"]
    return []


def guid_permalink(feed: Feed) -> list[str]:
    """An RSS guid is isPermaLink="false" unless it is the item's absolute link."""
    if feed.kind != "rss":
        return []
    problems = []
    for n, item in enumerate(_items(feed), 1):
        guid = item.find("guid")
        if guid is None or guid.get("isPermaLink", "true") == "false":
            continue
        if guid.get("isPermaLink", "true") != "true":
            problems.append(f"item {n}: isPermaLink must be 'true' or 'false'")
        elif _text(guid) != _text(item.find("link")) or not is_web_url(_text(guid)):
            problems.append(f"item {n}: guid {_text(guid)!r} is a permalink but not the item link")
    return problems


def atom_required(feed: Feed) -> list[str]:
    """The Atom feed and each entry have one id, title and updated; no content needs a link."""
    if feed.kind != "atom":
        return []
    problems = []
    for where, element in [("feed", feed.root)] + [
        (f"entry {n}", e) for n, e in enumerate(_items(feed), 1)
    ]:
        for name in ("id", "title", "updated"):
            count = len(element.findall(f"{A}{name}"))
            if count != 1 or (name != "title" and not _text(element.find(f"{A}{name}"))):
                problems.append(f"{where} needs one <{name}>, found {count}")
        if where != "feed" and element.find(f"{A}content") is None and not _alternate(element):
            problems.append(f"{where} has neither <content> nor an alternate link")
    return problems


def atom_author(feed: Feed) -> list[str]:
    """Every Atom entry has an author with a name, its own or the feed's."""
    if feed.kind != "atom":
        return []

    def named(element: Any) -> bool:
        return any(_text(a.find(f"{A}name")) for a in element.findall(f"{A}author"))

    if named(feed.root):
        return []
    items = _items(feed)
    if not items:
        return ["feed has no author"]
    return [
        f"entry {n} has no author, nor has the feed" for n, e in enumerate(items, 1) if not named(e)
    ]


def atom_content_type(feed: Feed) -> list[str]:
    """Atom content and summary types are text, html, xhtml (or a media type for content)."""
    if feed.kind != "atom":
        return []
    problems = []
    for element in feed.root.iter(f"{A}content", f"{A}summary", f"{A}title", f"{A}subtitle"):
        kind = element.get("type", "text")
        media = "/" in kind and etree.QName(element).localname == "content"
        if kind not in ("text", "html", "xhtml") and not media:
            problems.append(f"line {element.sourceline}: type {kind!r} is not valid Atom")
    return problems


def json_required(feed: Feed) -> list[str]:
    """JSON Feed 1.1: version, title, items; ours: home_page_url and feed_url."""
    if feed.kind != "json":
        return []
    data = feed.json
    problems = (
        []
        if data.get("version") == JSON_FEED_VERSION
        else [f"version should be {JSON_FEED_VERSION!r}, found {data.get('version')!r}"]
    )
    for key in ("title", "home_page_url", "feed_url"):
        if not isinstance(data.get(key), str) or not data[key]:
            problems.append(f"feed has no {key}")
    if not isinstance(data.get("items"), list):
        problems.append("feed has no items list")
    return problems


def json_item_required(feed: Feed) -> list[str]:
    """Each JSON Feed item has a string id and content_html or content_text."""
    if feed.kind != "json" or not isinstance(feed.json.get("items"), list):
        return []
    problems = []
    for n, item in enumerate(feed.json["items"], 1):
        if not isinstance(item, dict):
            problems.append(f"item {n} is not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"item {n} has no string id")
        if not any(isinstance(item.get(k), str) for k in ("content_html", "content_text")):
            problems.append(f"item {n} has neither content_html nor content_text")
    return problems


def ids_unique(feed: Feed) -> list[str]:
    """No two entries share an id (RSS guid, Atom id, JSON Feed id)."""
    seen: dict[str, str] = {}
    problems = []
    for entry in entries(feed):
        if entry.id and entry.id in seen:
            problems.append(f"{entry.where} repeats the id {entry.id!r} of {seen[entry.id]}")
        elif entry.id:
            seen[entry.id] = entry.where
    return problems


def newest_first(feed: Feed) -> list[str]:
    """Entries come newest first by published date (RSS pubDate)."""
    problems = []
    dated = [(e.where, parse_date(e.published)) for e in entries(feed)]
    for (where, before), (later, after) in zip(dated, dated[1:], strict=False):
        if before and after and after > before:
            problems.append(f"{later} is newer than {where}")
    return problems


def urls_absolute(feed: Feed) -> list[str]:
    """Every link, permalink guid and self link is an absolute http(s) URL."""
    return [
        f"{where}: {url!r} is not an absolute http(s) URL"
        for where, url in feed_urls(feed)
        if not is_web_url(url)
    ]


def links_on_site(feed: Feed) -> list[str]:
    """The home link and every entry link point to pages under base_url, not to the feed."""
    return [
        f"{where}: {url!r} is not a page under {feed.base_url}"
        for where, url in site_links(feed)
        if not (url or "").startswith(feed.base_url) or url == feed.url
    ]


def content_safe(feed: Feed) -> list[str]:
    """No <script> (or frame, object, embed), no on* attribute, no javascript: URL in content."""
    problems = []
    for entry in entries(feed):
        for fragment in entry.html:
            for element in _html_elements(fragment):
                problems += _unsafe(entry.where, element)
    return problems


def _unsafe(where: str, element: Any) -> list[str]:
    problems = [f"{where}: <{element.tag}> in content"] if element.tag in FORBIDDEN_TAGS else []
    for name, value in element.attrib.items():
        if name.lower().startswith("on"):
            problems.append(f"{where}: event handler {name!r} on <{element.tag}>")
        elif _STRIP_RE.sub("", value).lower().startswith(BAD_SCHEMES):
            problems.append(f"{where}: script URL in {name!r} on <{element.tag}>")
    return problems


def content_urls_absolute(feed: Feed) -> list[str]:
    """Every href, src and cite inside content is absolute: http(s), or mailto: for a link."""
    problems = []
    for entry in entries(feed):
        for fragment in entry.html:
            for element in _html_elements(fragment):
                for name in CONTENT_URL_ATTRS:
                    url = element.get(name)
                    mail = name == "href" and (url or "").startswith("mailto:")
                    if url is not None and not (is_web_url(url) or mail):
                        problems.append(
                            f"{entry.where}: <{element.tag} {name}={url!r}> is relative"
                        )
    return problems


RULES: tuple[Rule, ...] = (
    parses,
    namespaces_declared,
    rss_channel_required,
    rss_item_required,
    language_declared,
    dates_valid,
    self_link,
    guid_permalink,
    atom_required,
    atom_author,
    atom_content_type,
    json_required,
    json_item_required,
    ids_unique,
    newest_first,
    urls_absolute,
    links_on_site,
    content_safe,
    content_urls_absolute,
)


def check(data: bytes, url: str, base_url: str) -> list[str]:
    """Every violation of every rule; a feed that does not parse gets only that one."""
    feed = Feed(data, url, base_url)
    broken = parses(feed)
    if broken:
        return broken
    return [f"{rule.__name__}: {problem}" for rule in RULES for problem in rule(feed)]
