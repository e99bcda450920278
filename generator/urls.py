"""Every URL and output path, from one set of rules.

URLs in the model are site paths ("/briefs/x/"), relative to the site root. Pages
link to each other with relative URLs, so a built site works at a domain root and
under any sub-path; feeds and metadata use absolute URLs from base_url.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

HOME = "/"
TAGS = "/tags/"
ARCHIVE = "/archive/"
CORRECTIONS = "/corrections/"
CORRECTIONS_FEED = "/corrections/feed.xml"  # RSS
CORRECTIONS_ATOM = "/corrections/atom.xml"
CORRECTIONS_JSON = "/corrections/feed.json"
RSS = "/feed.xml"
ATOM = "/atom.xml"
JSON_FEED = "/feed.json"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"
NEWS_SITEMAP = "/news-sitemap.xml"  # Google News: the briefs of the last two days
LLMS_TXT = "/llms.txt"  # an index of the site for tools that read it to answer questions
TDMREP = "/.well-known/tdmrep.json"  # the W3C TDMRep text-and-data-mining reservation
FEEDS = "/feeds/"  # how to follow the briefing, for people
ASSETS = "/assets/"
ICON = ASSETS + "icon.svg"  # the site's icon: pages' <link rel="icon"> and JSON Feed
ICON_PNG_SIZES = (180, 192, 512)  # 180: apple-touch-icon; 192 and 512: the web manifest's
WEB_MANIFEST = "/manifest.webmanifest"  # the web app manifest: name, colours, icons
SEARCH = "/search/"  # the search page (site.yaml `search: false` removes it)
SEARCH_INDEX = "/pagefind/"  # the Pagefind index and its script
MASTHEAD = "/masthead/"  # who makes the briefing, by role, with the corrections policy
MANIFEST = ".briefing-manifest.json"  # in the output folder: what the last build wrote

# First path segments the generator owns; a static page may not take them.
RESERVED = frozenset(
    {
        "briefs",
        "tags",
        "page",
        "archive",
        "corrections",
        "assets",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "404",
        "feeds",
        "news-sitemap.xml",
        "llms.txt",
        ".well-known",
        "manifest.webmanifest",
        "search",
        "pagefind",
        "sections",
        "stories",
        "authors",
        "masthead",
        "media",
    }
)


def brief(slug: str) -> str:
    return f"/briefs/{slug}/"


def page(slug: str) -> str:
    return f"/{slug}/"


def tag(slug: str, prefix: str = "") -> str:
    return f"{prefix}/tags/{slug}/"


def tag_feed(slug: str, prefix: str = "") -> str:
    return f"{prefix}/tags/{slug}/feed.xml"


def section(slug: str, prefix: str = "") -> str:
    return f"{prefix}/sections/{slug}/"


def story(slug: str, prefix: str = "") -> str:
    return f"{prefix}/stories/{slug}/"


def author(slug: str, prefix: str = "") -> str:
    return f"{prefix}/authors/{slug}/"


class Feeds(NamedTuple):
    """The RSS, Atom and JSON feeds of one listing (a section, a story, a person)."""

    rss: str
    atom: str
    json: str


def feeds_of(first: str) -> Feeds:
    """The feeds that sit beside the listing whose first page is ``first``."""
    return Feeds(f"{first}feed.xml", f"{first}atom.xml", f"{first}feed.json")


class Listed:
    """What has a page of its own with feeds beside it (a person, a story, a section): the
    feeds follow from its ``url``, which each kind gives."""

    @property
    def url(self) -> str:
        raise NotImplementedError

    @property
    def feeds(self) -> Feeds:
        return feeds_of(self.url)


# The site feed's file name in each format: the subscription feeds sit at the root, their
# archive documents (RFC 5005) under /feeds/archive/<page>/ with the same names (an edition's
# under its prefix).
FEED_FILES = MappingProxyType({"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"})


def feed(kind: str, prefix: str = "") -> str:
    """The subscription feed in format ``kind`` (rss, atom or json) of the edition at
    ``prefix``."""
    return f"{prefix}/{FEED_FILES[kind]}"


def feed_archive(kind: str, number: int, prefix: str = "") -> str:
    """Page ``number`` (from 1, the oldest) of the feed archive in format ``kind``."""
    return f"{prefix}{FEEDS}archive/{number}/{FEED_FILES[kind]}"


def share_image(slug: str, prefix: str = "") -> str:
    """A brief's share card (1200 x 630 PNG), for og:image and JSON-LD."""
    return f"{prefix}/briefs/{slug}/share.png"


def icon_png(size: int) -> str:
    """The site's icon as a square PNG of ``size`` pixels."""
    return f"{ASSETS}icon-{size}.png"


def paged(first: str, number: int) -> str:
    """The URL of page ``number`` of a listing whose first page is ``first``."""
    return first if number == 1 else f"{first}page/{number}/"


def output_path(url: str) -> str:
    """Site path -> file path inside the output folder ("/a/" -> "a/index.html")."""
    path = url.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def absolute(base_url: str, url: str) -> str:
    return base_url.rstrip("/") + url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both site paths ("/a/b/")."""
    target, _, fragment = to_url.partition("#")
    if fragment and target in ("", from_url):
        return "#" + fragment
    folder = from_url if from_url.endswith("/") else from_url.rsplit("/", 1)[0] + "/"
    here = folder.split("/")[1:-1]  # the folders the page is in
    there = (target or from_url).split("/")[1:]  # the target's folders, then its file part
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return (rel or "./") + ("#" + fragment if fragment else "")


# What templates see as ``urls``: the site's fixed addresses, so no template spells one out.
TEMPLATE_URLS = MappingProxyType(
    {
        "home": HOME,
        "tags": TAGS,
        "archive": ARCHIVE,
        "corrections": CORRECTIONS,
        "corrections_feed": CORRECTIONS_FEED,
        "corrections_atom": CORRECTIONS_ATOM,
        "corrections_json": CORRECTIONS_JSON,
        "rss": RSS,
        "atom": ATOM,
        "json_feed": JSON_FEED,
        "not_found": NOT_FOUND,
        "assets": ASSETS,
        "icon": ICON,
        "feeds": FEEDS,
        "touch_icon": icon_png(180),
        "web_manifest": WEB_MANIFEST,
        "search": SEARCH,
        "search_index": SEARCH_INDEX,
        "style": ASSETS + "style.css",
        "search_script": ASSETS + "search.js",
        "masthead": MASTHEAD,
    }
)


# The addresses each edition has of its own: under "/<lang>" in editions other than the default.
EDITION_URLS = frozenset(
    ("home", "tags", "archive", "corrections", "corrections_feed", "rss", "atom")
    + ("json_feed", "feeds", "search", "corrections_atom", "corrections_json", "masthead")
)


def edition_urls(prefix: str) -> Mapping[str, str]:
    """``TEMPLATE_URLS`` as the edition at ``prefix`` ("/it") sees them; "" gives them as is."""
    if not prefix:
        return TEMPLATE_URLS
    return MappingProxyType(
        {k: prefix + v if k in EDITION_URLS else v for k, v in TEMPLATE_URLS.items()}
    )
