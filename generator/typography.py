"""Typographic punctuation for every text field: curly quotes and apostrophes, en and em
dashes, ellipses. One compiled regular expression finds what may change; everything else is
copied as it is, so the pass costs little next to Markdown itself.

``typeset_text`` takes plain text (a title, a tag's name). ``typeset_html`` takes an HTML
fragment: it changes only text, never tags or attribute values, and leaves the text inside
``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<script>`` and ``<style>`` as written. Both are
idempotent: typeset text has nothing left to change.
"""

from __future__ import annotations

import re

LEFT_DOUBLE, RIGHT_DOUBLE = "\u201c", "\u201d"
LEFT_SINGLE, RIGHT_SINGLE = "\u2018", "\u2019"
EN_DASH, EM_DASH, ELLIPSIS = "\u2013", "\u2014", "\u2026"

_DASHES = {"---": EM_DASH, "--": EN_DASH, "...": ELLIPSIS}
# What a quote may follow and still open: the start of a text, a space, an opening bracket,
# a dash or slash, or another opening quote.
_OPENERS = frozenset(" \t\n\r\f\v\u00a0\u2002\u2003\u2009\u202f([{<\u2013\u2014-/\u2018\u201c")
# A straight quote written as a character reference in HTML text.
_ENTITY_QUOTES = {
    "&quot;": '"',
    "&#34;": '"',
    "&#x22;": '"',
    "&#X22;": '"',
    "&apos;": "'",
    "&#39;": "'",
    "&#x27;": "'",
    "&#X27;": "'",
}
# Elements whose text is code or not prose: never typeset.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
# Elements that end a run of text: a quote right after one opens, and words never run across
# one (markup.py takes its block elements and its word breaks from this set too).
BREAKING_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
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
)

_PUNCT = r"---|--|\.\.\.|[\"']"
# Every match starts with one of these: a cheap test at each position before the alternatives.
_TEXT_RE = re.compile(r"(?=[-.\"'])(?:" + _PUNCT + ")")
_HTML_RE = re.compile(
    r"(?=[<\-.\"'&])(?:"
    # skipped whole: a comment; a code, pre... element with its content; a tag whose
    # attributes hold a quote, dash or dot (attribute values may hold '>' too)
    r"(<!--.*?-->"
    r"|<(code|pre|kbd|samp|script|style|textarea)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\2\s*>"
    r"|<[A-Za-z](?=[^>\"'.\-]*[\-.\"'])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)"
    r"|(" + _PUNCT + r"|&(?:quot|apos|#34|#39|#[xX]2[27]);))",
    re.S,
)
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_NBSP_END = ("&nbsp;", "&#160;", "&#xa0;", "&#xA0;")
# ’90s, ’24: an apostrophe that stands for a century's digits.
_YEAR_RE = re.compile(r"\d\d(?:s\b|\b)")
# rock ’n’ roll
_N_RE = re.compile(r"n'(?=\s)")


def _quote(mark: str, before: str, after: str) -> str:
    """The curly form of a straight ``mark`` between the characters ``before`` and
    ``after`` (each "" at the edge of the text)."""
    opens = before == "" or before in _OPENERS
    if mark == '"':
        return LEFT_DOUBLE if opens and not (after == "" or after.isspace()) else RIGHT_DOUBLE
    if opens and (after == "" or after.isspace()):
        return RIGHT_SINGLE
    if opens and (_YEAR_RE.match(after) or _N_RE.match(after)):
        return RIGHT_SINGLE  # ’90s, ’n’
    return LEFT_SINGLE if opens else RIGHT_SINGLE


class _State:
    """What the pass over one text or fragment remembers between marks."""

    __slots__ = ("before", "at", "source", "html")

    def __init__(self, source: str, html: bool) -> None:
        self.source = source
        self.html = html
        self.before = ""  # the last character written before ``at``, "" at a text's start
        self.at = 0  # where ``before`` was valid: the end of the last mark changed

    def previous(self, start: int) -> str:
        """The character before ``start`` in the text (as typeset if it was a mark just
        changed), looking back across inline tags; "" at the start of a text or a block."""
        source = self.source
        while True:
            if start == self.at:
                return self.before
            char = source[start - 1]
            if char == ">" and self.html:
                opening = source.rfind("<", 0, start - 1)
                tag = _TAG_NAME_RE.match(source, opening) if opening >= 0 else None
                if tag is not None:
                    if tag.group(1).lower() in BREAKING_TAGS:
                        return ""
                    start = opening  # an inline tag (em, a): the text runs on across it
                    continue
            if char == ";" and self.html and source.endswith(_NBSP_END, 0, start):
                return "\u00a0"
            return char

    def mark(self, mark: str, start: int, end: int) -> str:
        if mark in _DASHES:
            out = _DASHES[mark]
        else:
            after = self.source[end : end + 4]
            if after.startswith(("&nb", "&#160;", "&#xa0;", "&#xA0;")):
                after = " "
            out = _quote(mark, self.previous(start), after[:1] if mark == '"' else after)
        self.before, self.at = out[-1], end
        return out


def typeset_text(text: str) -> str:
    """Plain text with typographic quotes, apostrophes, dashes and ellipses."""
    if not _TEXT_RE.search(text):
        return text
    state = _State(text, html=False)
    return _TEXT_RE.sub(lambda m: state.mark(m.group(), m.start(), m.end()), text)


def typeset_html(fragment: str) -> str:
    """An HTML fragment with its text typeset; tags, attributes and code as they were."""
    if not _TEXT_RE.search(fragment) and "&" not in fragment:
        return fragment
    state = _State(fragment, html=True)

    def replace(match: re.Match[str]) -> str:
        skipped, _, mark = match.groups()
        if skipped is not None:
            return skipped
        return state.mark(_ENTITY_QUOTES.get(mark, mark), match.start(), match.end())

    return _HTML_RE.sub(replace, fragment)
