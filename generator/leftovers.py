"""What another generator's syntax left in a body: template tags, shortcodes, emoji
shortcodes, Markdown that reached the page as text, and a level-1 heading. Each is a located
warning in ``build`` and ``check``: the page builds, and the editor learns what to fix."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .errors import ContentError

# Fenced code (``` or ~~~, three or more) and inline code spans: the one place where template
# syntax is the text itself, e.g. a brief that shows a Jinja or Liquid snippet.
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1")

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\{\{[<%].*?[>%]\}\}"), "a Hugo shortcode '{found}'"),
    (re.compile(r"\{%.*?%\}"), "a template tag '{found}' (Liquid or Jinja)"),
    (re.compile(r"\{\{.*?\}\}"), "a template expression '{found}'"),
    (
        re.compile(r"\{(?:filename|static|attach|tag|category|author|index)\}|\|filename\|"),
        "a Pelican link placeholder '{found}'",
    ),
)
_SHORTCODE_RE = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")
_H1_RE = re.compile(r"^ {0,3}#(?:[ \t]|$)")
_SETEXT_H1_RE = re.compile(r"^ {0,3}=+[ \t]*$")
# Markdown link or image syntax in the page's text: what the Markdown parser did not read
# (inside a raw HTML block such as <figure>, or broken by a typo).
_MARKDOWN_TEXT_RE = re.compile(r"!?\[[^\]\n]*\]\([^)\s]+(?:\s[^)]*)?\)")
_CODE_HTML_RE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def _outside_code(body: str, body_line: int) -> Iterator[tuple[int, str, bool]]:
    """Each line of ``body`` that is not in fenced code, with inline code blanked out, its file
    line, and whether the line before it (outside code) held text (for setext headings)."""
    fence: str | None = None
    previous_text = False
    for number, line in enumerate(body.split("\n"), start=body_line):
        opened = _FENCE_RE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            previous_text = False
            continue
        yield number, _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line), previous_text
        previous_text = bool(line.strip())


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def find(body: str, body_line: int, body_html: str) -> tuple[tuple[int, str], ...]:
    """Every leftover in a body (its Markdown ``body`` starting at file line ``body_line``,
    and the HTML it became), as (line, message), in line order."""
    found: list[tuple[int, str]] = []
    lines = list(_outside_code(body, body_line))
    for number, line, previous_text in lines:
        # every template pattern holds "{" or "|filename|", every shortcode ":": most lines
        # of prose hold neither, and skip the searches
        if "{" in line or "|filename|" in line:
            for pattern, message in _PATTERNS:
                for match in pattern.finditer(line):
                    found.append((number, message.format(found=_shown(match.group(0)))))
                line = pattern.sub(lambda m: " " * len(m.group(0)), line)
        for match in _SHORTCODE_RE.finditer(line) if ":" in line else ():
            import emoji  # its table takes 30 ms to load: only for a body with a shortcode

            if emoji.emojize(match.group(0), language="alias") != match.group(0):
                found.append(
                    (number, f"an emoji shortcode '{match.group(0)}': type the emoji itself")
                )
        if _H1_RE.match(line) or (previous_text and _SETEXT_H1_RE.match(line)):
            found.append((number, "a level-1 heading: the title is the page's heading; use '##'"))
    text = _TAG_RE.sub(" ", _CODE_HTML_RE.sub(" ", body_html))
    for match in _MARKDOWN_TEXT_RE.finditer(text):
        snippet = match.group(0)
        where = next((n for n, line, _ in lines if snippet[:20] in line), body_line)
        kind = "image" if snippet.startswith("!") else "link"
        found.append(
            (where, f"Markdown {kind} syntax shown as text: '{_shown(snippet)}' (inside HTML?)")
        )
    return tuple(sorted(set(found)))


def warnings(path: str, leftovers: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    """``path:line: warning: message`` lines for what :func:`find` found in one file."""
    return tuple(
        str(ContentError(path, line, f"warning: {message}")) for line, message in leftovers
    )


def ignored(paths: Iterable[str]) -> tuple[str, ...]:
    """One warning for each file in a content folder that the build does not read."""
    return tuple(
        str(
            ContentError(
                path, 1, "warning: not read: neither a brief (.md, .markdown) nor a picture"
            )
        )  # fmt: skip
        for path in paths
    )
