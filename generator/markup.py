"""Markdown to safe HTML: the one place that owns extensions and sanitising."""

from __future__ import annotations

import html
import re
import secrets
import threading
import unicodedata
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from . import citations, needles, typography
from .limits import MAX_NESTING
from .model import Heading, LinkSpan
from .tables import mark_tables

if TYPE_CHECKING:
    import markdown

# Python-Markdown extensions (module names), with their settings.
EXTENSIONS: dict[str, dict[str, object]] = {
    "tables": {},
    "footnotes": {"BACKLINK_TITLE": "Back to the text of note %d"},
    "fenced_code": {},
    "toc": {"toc_depth": "2-4", "slugify": lambda value, separator: _slugify(value, separator)},
    "sane_lists": {},
    "abbr": {},
    "def_list": {},
}

# The sanitiser's allow-list: plain document structure, no scripts, forms, frames,
# styles (bar text-align in tables) or event handlers. Documented in the README.
ALLOWED_TAGS = frozenset(
    {
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
)
ALLOWED_ATTRIBUTES = MappingProxyType(
    {
        "*": frozenset({"id", "class", "title", "lang", "dir"}),
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height"}),
        "td": frozenset({"colspan", "rowspan", "style"}),
        "th": frozenset({"colspan", "rowspan", "scope", "style"}),
        "ol": frozenset({"start", "reversed"}),
        "time": frozenset({"datetime"}),
        "abbr": frozenset({"title"}),
        "blockquote": frozenset({"cite"}),
        "q": frozenset({"cite"}),
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Block elements a one-paragraph text (a correction note) flattens into its own text: the
# allowed elements that end a run of text, but a line break.
BLOCK_TAGS = (typography.BREAKING_TAGS & ALLOWED_TAGS) - {"br"}
INLINE_TAGS = ALLOWED_TAGS - BLOCK_TAGS
# The attributes that hold a link: the only places links are rewritten or checked.
LINK_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Every id the templates give their own elements on a page that shows a body (the skip
# link's target, the corrections log, the boxes of brief.html): a body heading or element
# with one of them gets the suffix "-1" instead, so every id on a page stays unique.
RESERVED_IDS = frozenset(
    {"main", "toc-title", "sources-title", "updates", "updates-title", "related-title"}
    | {"story-place-title", "timeline-title", "developing-title"}  # the newsroom's boxes
)
# The ids brief.html gives its sources list's entries, which citations link to.
_SOURCE_ID_RE = re.compile(r"source-[0-9]+\Z")
# The ids citations get (citations.py): a heading may not take one.
_CITE_ID_RE = re.compile(r"cite-[0-9]+-[0-9]+\Z")
# A start tag of the converter's own output (before raw HTML is put back), and its
# attributes: the serialiser writes each as ` name="value"` with `"`, `<` and `>` escaped.
_OWN_TAG_RE = re.compile(r"<[A-Za-z][^<>]*>")
_OWN_ATTRIBUTE_RE = re.compile(r' ([^\s="]+)="([^"]*)"')
# A link's scheme, as a browser reads it once it has dropped the leading and trailing spaces
# and control characters, and every tab and line break, from the value.
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_TRIM = "".join(chr(c) for c in range(0x21))
# Where a body nests lists and quotes: the markers at a line's start after its indentation.
_CONTAINER_RE = re.compile(r"(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))[ \t]?")
# Never in a sanitised document (the HTML parser turns U+0000 into U+FFFD): marks where
# each link value starts while sanitising, then is taken out.
_MARK = "\x00"
# Characters a body or a text field may not hold: C0 controls but tab, line feed and
# carriage return; DEL; C1 controls; the noncharacters U+FFFE and U+FFFF.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_NAMES = MappingProxyType(
    {
        0x00: "null",
        0x08: "backspace",
        0x0B: "vertical tab",
        0x0C: "form feed",
        0x1B: "escape",
        0x7F: "delete",
        0x85: "next line",
    }
)
_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")

_TAG_RE = re.compile(r"<[^>]+>")
# Tags that separate words; any other tag (em, a, code...) sits inside a word's run.
_BREAKING_TAG_RE = re.compile(
    r"</?(?:" + "|".join(sorted(typography.BREAKING_TAGS)) + r")\b[^>]*>", re.I
)
_PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.S)
# A citation's numbers: not words of the text, nor part of a summary made from it.
_CITATION_RE = re.compile(r'<sup class="cite">.*?</sup>', re.S)


def _converter() -> markdown.Markdown:
    """This thread's converter of bodies. A converter holds the state of the text it is
    converting, so two threads converting at once (``serve``'s page ahead of the build, and
    the build) each need their own."""
    return _body_converter(threading.get_ident())


@lru_cache(maxsize=16)
def _body_converter(thread: int) -> markdown.Markdown:
    import importlib

    import markdown

    # Instances, not names: naming them makes Python-Markdown scan every installed
    # package's entry points, which costs more than a one-brief rebuild.
    extensions = [
        importlib.import_module(f"markdown.extensions.{name}").makeExtension(**settings)
        for name, settings in EXTENSIONS.items()
    ]
    extensions.append(citations.extension())
    from markdown.postprocessors import Postprocessor

    class _OwnIdsStep(Postprocessor):
        def run(self, text: str) -> str:
            return self.md.own_ids.run(text, self.md.citing)  # type: ignore[attr-defined]

    md = markdown.Markdown(extensions=extensions)
    # before raw HTML is put back (30): only the converter's own tags are in the text then
    md.postprocessors.register(_OwnIdsStep(md), "own_ids", 35)
    needles.guard(md)
    return md


def _inline_converter() -> markdown.Markdown:
    """This thread's converter of one-paragraph texts (as ``_converter``)."""
    return _one_paragraph_converter(threading.get_ident())


@lru_cache(maxsize=16)
def _one_paragraph_converter(thread: int) -> markdown.Markdown:
    import markdown

    # None of the body's ids (footnotes, headings); typeset after sanitising, like the body.
    md = markdown.Markdown()
    needles.guard(md)
    return md


def _slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    slug = slugify(value, separator)
    taken = slug in RESERVED_IDS or _SOURCE_ID_RE.match(slug) or _CITE_ID_RE.match(slug)
    return f"{slug}-1" if taken else slug


def safe_link(value: str) -> str | None:
    """A link attribute's value as it is kept, or None to drop it, read the way a browser
    reads it: leading and trailing spaces and control characters and every tab and line
    break left out; a scheme other than http, https and mailto (``javascript:``, ``data:``)
    dropped; a backslash before the query a slash, as browsers take it in web addresses
    (``\\\\evil.example/`` is ``//evil.example/``, another site, on the page and in feeds)."""
    cleaned = "".join(c for c in value.strip(_URL_TRIM) if c not in "\t\n\r")
    scheme = _SCHEME_RE.match(cleaned)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return None
    if scheme and scheme.group(1).lower() == "mailto":
        return cleaned
    ends = (at for at in (cleaned.find("?"), cleaned.find("#")) if at >= 0)
    cut = min(ends, default=len(cleaned))
    return cleaned[:cut].replace("\\", "/") + cleaned[cut:]


class _Attributes:
    """nh3's hook, called on every attribute it keeps, after its own checks, in document
    order: drops a link with a scheme that is not allowed (nh3 checks only ``href`` and
    ``src``), marks where each link value starts, and keeps every id unique and off the
    templates' own. The converter's own ids (headings, footnotes, citations) come marked
    with ``marker`` and always keep their value; an id from raw HTML that is reserved, one
    of those (``generated``) or already taken gets ``-1``, ``-2``..."""

    def __init__(self, marker: str = "", generated: frozenset[str] = frozenset()) -> None:
        self.marker = marker
        self.generated = generated
        self.taken = set(RESERVED_IDS)

    def __call__(self, element: str, attribute: str, value: str) -> str | None:
        if attribute in LINK_ATTRIBUTES:
            link = safe_link(value)
            return None if link is None else _MARK + link
        if attribute != "id":
            return value
        if self.marker and value.startswith(self.marker):
            value = value[len(self.marker) :]
            self.taken.add(value)
            return value
        unique, number = value, 0
        while unique in self.taken or unique in self.generated or _SOURCE_ID_RE.match(unique):
            number += 1
            unique = f"{value}-{number}"
        self.taken.add(unique)
        return unique


class _OwnIds:
    """A postprocessor run before raw HTML is put back into the converted text: it numbers
    the citations' ids, and marks every id the converter made with a fresh random marker,
    so the sanitiser can tell them from ids written in raw HTML, which cannot carry it."""

    def __init__(self) -> None:
        self.marker = ""
        self.ids: set[str] = set()

    def run(self, text: str, citing: citations.Citing) -> str:
        if citing.made:
            text = citations.number_ids(text)
        self.marker = "m" + secrets.token_hex(12) + "-"
        self.ids = set()

        def attribute(match: re.Match[str]) -> str:
            if match.group(1) != "id":
                return match.group(0)
            self.ids.add(html.unescape(match.group(2)))
            return f' id="{self.marker}{match.group(2)}"'

        return _OWN_TAG_RE.sub(lambda tag: _OWN_ATTRIBUTE_RE.sub(attribute, tag.group(0)), text)


class TooDeep(Exception):
    """A text nested deeper than it can be rendered: ``line`` is where (1 = its first line)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def nesting_problem(text: str) -> int | None:
    """The first line (1 = the text's first) that nests lists and block quotes more than
    MAX_NESTING levels deep (each marker one level, and each four columns of indentation
    one), or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_NESTING:
            continue
        expanded = line.expandtabs(4)
        stripped = expanded.lstrip(" ")
        depth = (len(expanded) - len(stripped)) // 4
        at = 0
        while depth <= MAX_NESTING:
            marker = _CONTAINER_RE.match(stripped, at)
            if marker is None or marker.end() == at:
                break
            depth += 1
            at = marker.end()
            while at < len(stripped) and stripped[at] == " ":
                at += 1
        if depth > MAX_NESTING:
            return number
    return None


def _deepest_line(text: str) -> int:
    """Where a text the converter could not render nests most: the line with the most
    markers, indentation and emphasis characters (1 = the first line)."""
    lines = text.split("\n")
    scores = [len(line) - len(line.lstrip(" \t>-+*_")) + line.count("*") + line.count("_")
              for line in lines]  # fmt: skip
    return scores.index(max(scores)) + 1 if scores else 1


def sanitise(raw_html: str, tags: AbstractSet[str] = ALLOWED_TAGS) -> str:
    """``raw_html`` with only the allow-list left: other tags are unwrapped (their text
    kept), scripts and styles dropped whole. ``tags`` may narrow the list, never widen it."""
    return sanitise_with_links(raw_html, tags=tags)[0]


def sanitise_with_links(
    raw_html: str,
    tags: AbstractSet[str] = ALLOWED_TAGS,
    typeset: bool = False,
    own_ids: tuple[str, frozenset[str]] = ("", frozenset()),
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Sanitised HTML, and the (start, end) of every link attribute's value in it;
    ``typeset``: its text given typographic quotes, dashes and ellipses too; ``own_ids``:
    the marker of the converter's own ids and those ids (see ``_Attributes``)."""
    import nh3

    marked = nh3.clean(
        raw_html,
        tags=set(tags & ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        filter_style_properties={"text-align"},
        attribute_filter=_Attributes(*own_ids),
    )
    if typeset:  # never touches tags or attributes: the link marks stay where they are
        marked = typography.typeset_html(marked)
    head, *rest = marked.split(_MARK)
    parts = [head]
    spans = []
    at = len(head)
    for part in rest:  # each part starts with a link value, closed by the attribute's quote
        end = part.index('"')
        spans.append((at, at + end))
        parts.append(part)
        at += len(part)
    return "".join(parts), tuple(spans)


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]
    links: tuple[LinkSpan, ...]  # every link attribute's value in ``html``, with its line
    cited: tuple[int, ...] = ()  # the numbers (from 1) of the sources the text cites
    # (line, key) of each citation key no source has
    unknown_citations: tuple[tuple[int, str], ...] = ()


def render(
    text: str, first_line: int = 1, source_keys: tuple[str | None, ...] | None = None
) -> Rendered:
    """Markdown text to sanitised, typeset HTML, its table of contents and where its links
    are; ``first_line`` is the text's first line in its file. ``source_keys``: the keys of
    a brief's sources, in order, which ``[@key]`` cites (None: a page, which cites nothing)."""
    deep = nesting_problem(text)
    if deep is not None:
        raise TooDeep(deep)
    md = _converter()
    md.reset()
    numbers = None
    if source_keys is not None:
        numbers = {key: n for n, key in enumerate(source_keys, start=1) if key}
    # this body's alone: what it cites and lacks, the ids the converter made
    citing, own = citations.Citing(numbers), _OwnIds()
    md.citing, md.own_ids = citing, own  # type: ignore[attr-defined]
    try:
        converted = mark_tables(md.convert(text))  # numeric columns, captions: tables.py
        toc = tuple(_flatten(getattr(md, "toc_tokens", [])))
    except RecursionError:  # nesting the line count above does not see (emphasis in emphasis)
        raise TooDeep(_deepest_line(text)) from None
    body, spans = sanitise_with_links(
        converted, typeset=True, own_ids=(own.marker, frozenset(own.ids))
    )
    links = tuple(
        LinkSpan(start, end, _line_of(html.unescape(body[start:end]), text, first_line))
        for start, end in spans
    )
    unknown = citations.unknown_lines(text, citing.unknown, first_line) if citing.unknown else []
    return Rendered(body, toc, links, tuple(sorted(citing.cited)), tuple(unknown))


def _line_of(url: str, text: str, first_line: int) -> int:
    """The first line of ``text`` (whose first line is ``first_line``) that holds ``url``, as
    written or HTML-escaped; failing that, as written with backslashes, which safe_link made
    slashes; failing that, the first line."""
    forms = [form for form in {url, html.escape(url)} if "\n" not in form]
    places = [text, text.replace("\\", "/")] if "/" in url else [text]
    for where in places:
        found = [at for at in (where.find(form) for form in forms) if at >= 0]
        if found:
            return first_line + where.count("\n", 0, min(found))
    return first_line


def rewrite_links(body_html: str, links: tuple[LinkSpan, ...], fix: Callable[[str], str]) -> str:
    """``body_html`` with each link value (as the parser read it) replaced by ``fix(value)``."""
    if not links:
        return body_html
    parts = []
    at = 0
    for link in links:
        parts.append(body_html[at : link.start])
        value = html.unescape(body_html[link.start : link.end])
        parts.append(fix(value).replace("&", "&amp;").replace('"', "&quot;"))
        at = link.end
    parts.append(body_html[at:])
    return "".join(parts)


def control_name(char: str) -> str:
    code = ord(char)
    if code in (0xFFFE, 0xFFFF):
        return f"noncharacter U+{code:04X}"
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "").lower()
    return f"control character U+{code:04X}" + (f" ({name})" if name else "")


def control_characters(text: str, first_line: int) -> list[tuple[int, str]]:
    """(line, description) of each forbidden character in ``text``, once per line."""
    found: dict[tuple[int, str], None] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        for match in CONTROL_RE.finditer(line):
            found[(number, control_name(match.group()))] = None
    return list(found)


def referenced_controls(text: str, body_html: str, first_line: int) -> list[tuple[int, str]]:
    """(line, description) of each character reference (``&#11;``) in ``text`` that put a
    forbidden character into the sanitised ``body_html``."""
    if not CONTROL_RE.search(body_html):
        return []
    found: dict[tuple[int, str], None] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        for match in _REFERENCE_RE.finditer(line):
            hex_digits, digits = match.groups()
            code = int(hex_digits, 16) if hex_digits else int(digits)
            if code < 0x110000 and CONTROL_RE.match(chr(code)) and chr(code) in body_html:
                found[(number, control_name(chr(code)))] = None
    first = CONTROL_RE.findall(body_html)[0]
    return list(found) or [(first_line, control_name(first))]


def render_inline(text: str) -> str:
    """One paragraph of Markdown to sanitised inline HTML (emphasis, code, links): no
    wrapping ``<p>``; any block the text makes (a list, a quote) is flattened into its text."""
    md = _inline_converter()
    md.reset()
    deep = nesting_problem(text)
    if deep is not None:
        raise TooDeep(deep)
    try:
        converted = md.convert(text)
    except RecursionError:
        raise TooDeep(_deepest_line(text)) from None
    return typography.typeset_html(sanitise(converted, INLINE_TAGS).strip())


def root_links(fragment: str, page_url: str) -> str:
    """Links relative to the page at ``page_url`` ("../x/", "#more") made root-relative
    ("/briefs/x/"), so the fragment means the same on any page that shows it. Only parsed
    link attributes change, never text or code that looks like one."""
    cleaned, spans = sanitise_with_links(fragment, tags=INLINE_TAGS)

    def fix(href: str) -> str:
        return href if urlsplit(href).scheme or href.startswith("/") else urljoin(page_url, href)

    return rewrite_links(cleaned, tuple(LinkSpan(a, b, 0) for a, b in spans), fix)


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        # a heading's citation is not part of its title in the table of contents
        name = str(token["name"])
        if "html" in token and "cite" in token["html"]:
            name = _CITATION_RE.sub("", str(token["html"]))
        text = typography.typeset_text(plain_text(name))
        out.append(Heading(int(token["level"]), str(token["id"]), text))
        out.extend(_flatten(token.get("children", [])))
    return out


def plain_text(fragment: str) -> str:
    """HTML fragment to plain text with whitespace collapsed."""
    spaced = _BREAKING_TAG_RE.sub(" ", fragment)
    return " ".join(html.unescape(_TAG_RE.sub("", spaced)).split())


def first_paragraph(body_html: str, limit: int = 300) -> str:
    """The first paragraph as plain text, cut at a word boundary near ``limit``."""
    match = _PARAGRAPH_RE.search(body_html)
    text = _CITATION_RE.sub("", match.group(1) if match else body_html)
    text = plain_text(text)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def word_count(body_html: str) -> int:
    return len(plain_text(_CITATION_RE.sub("", body_html)).split())
