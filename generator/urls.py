"""Every URL and output path, from one set of rules.

URLs in the model are site paths ("/briefs/x/"), relative to the site root. Pages
link to each other with relative URLs, so a built site works at a domain root and
under any sub-path; feeds and metadata use absolute URLs from base_url.
"""

from __future__ import annotations

from types import MappingProxyType

HOME = "/"
TAGS = "/tags/"
ARCHIVE = "/archive/"
CORRECTIONS = "/corrections/"
CORRECTIONS_FEED = "/corrections/feed.xml"
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
    }
)


def brief(slug: str) -> str:
    return f"/briefs/{slug}/"


def page(slug: str) -> str:
    return f"/{slug}/"


def tag(slug: str) -> str:
    return f"/tags/{slug}/"


def tag_feed(slug: str) -> str:
    return f"/tags/{slug}/feed.xml"


def share_image(slug: str) -> str:
    """A brief's share card (1200 x 630 PNG), for og:image and JSON-LD."""
    return f"/briefs/{slug}/share.png"


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
    }
)
