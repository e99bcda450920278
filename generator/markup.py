"""Markdown to safe HTML: the one place that owns extensions and sanitising."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from .model import Heading

if TYPE_CHECKING:
    import markdown

# Python-Markdown extensions (module names), with their settings.
EXTENSIONS = {
    "tables": {},
    "footnotes": {"BACKLINK_TITLE": "Back to the text of note %d"},
    "fenced_code": {},
    "toc": {"toc_depth": "2-4"},
    "smarty": {},
    "sane_lists": {},
    "abbr": {},
    "def_list": {},
}

# The sanitiser's allow-list: plain document structure, no scripts, forms, frames,
# styles (bar text-align in tables) or event handlers. Documented in the README.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Block elements a one-paragraph text (a correction note) flattens into its own text.
BLOCK_TAGS = {
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
INLINE_TAGS = ALLOWED_TAGS - BLOCK_TAGS

_TAG_RE = re.compile(r"<[^>]+>")
# Tags that separate words; any other tag (em, a, code...) sits inside a word's run.
_BREAKING_TAG_RE = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|thead|tbody|tfoot|tr|td|th"
    r"|figure|figcaption|details|summary|caption)\b[^>]*>",
    re.I,
)
_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)
_LINK_ATTR_RE = re.compile(r'(\s(?:href|src)=")([^"]*)"')


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    import importlib

    import markdown

    # Instances, not names: naming them makes Python-Markdown scan every installed
    # package's entry points, which costs more than a one-brief rebuild.
    extensions = [
        importlib.import_module(f"markdown.extensions.{name}").makeExtension(**settings)
        for name, settings in EXTENSIONS.items()
    ]
    return markdown.Markdown(extensions=extensions)


@lru_cache(maxsize=1)
def _inline_converter() -> markdown.Markdown:
    import markdown
    from markdown.extensions import smarty

    # Typographic quotes like the body; none of the body's ids (footnotes, headings).
    return markdown.Markdown(extensions=[smarty.makeExtension()])


def sanitise(raw_html: str, tags: set[str] = ALLOWED_TAGS) -> str:
    """``raw_html`` with only the allow-list left: other tags are unwrapped (their text
    kept), scripts and styles dropped whole. ``tags`` may narrow the list, never widen it."""
    import nh3

    return nh3.clean(
        raw_html,
        tags=tags & ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
    )


def render(text: str) -> tuple[str, tuple[Heading, ...]]:
    """Markdown text to sanitised HTML and its table of contents."""
    md = _converter()
    md.reset()
    body = sanitise(md.convert(text))
    tokens = getattr(md, "toc_tokens", [])
    return body, tuple(_flatten(tokens))


def render_inline(text: str) -> str:
    """One paragraph of Markdown to sanitised inline HTML (emphasis, code, links): no
    wrapping ``<p>``; any block the text makes (a list, a quote) is flattened into its text."""
    md = _inline_converter()
    md.reset()
    return sanitise(md.convert(text), INLINE_TAGS).strip()


def root_links(fragment: str, page_url: str) -> str:
    """Links relative to the page at ``page_url`` ("../x/", "#more") made root-relative
    ("/briefs/x/"), so the fragment means the same on any page that shows it."""

    def fix(match: re.Match[str]) -> str:
        href = match.group(2)
        if urlsplit(href).scheme or href.startswith("/"):
            return match.group(0)
        return f'{match.group(1)}{urljoin(page_url, href)}"'

    return _LINK_ATTR_RE.sub(fix, fragment)


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(int(token["level"]), str(token["id"]), plain_text(str(token["name"]))))
        out.extend(_flatten(token.get("children", [])))
    return out


def plain_text(fragment: str) -> str:
    """HTML fragment to plain text with whitespace collapsed."""
    spaced = _BREAKING_TAG_RE.sub(" ", fragment)
    return " ".join(html.unescape(_TAG_RE.sub("", spaced)).split())


def first_paragraph(body_html: str, limit: int = 300) -> str:
    """The first paragraph as plain text, cut at a word boundary near ``limit``."""
    match = _PARAGRAPH_RE.search(body_html)
    text = plain_text(match.group(1)) if match else plain_text(body_html)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def word_count(body_html: str) -> int:
    return len(plain_text(body_html).split())
