"""Internal links written in Markdown bodies, and which of them lead nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from . import urls
from .errors import ContentError

_INLINE_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_RE = re.compile(r"""\s(?:href|src)\s*=\s*["']([^"']+)["']""")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def extract(body: str, first_line: int) -> Iterator[tuple[str, int]]:
    """Every link target in a Markdown body with its line in the file; code is skipped."""
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), start=first_line):
        marker = _FENCE_RE.match(line)
        if marker:
            token = marker.group(1)[0] * 3
            fence = None if fence == token else (fence or token)
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        text = re.sub(r"`[^`]*`", "", line)
        for pattern in (_INLINE_RE, _HTML_RE):
            for match in pattern.finditer(text):
                yield match.group(1), number
        reference = _REFERENCE_RE.match(text)
        if reference:
            yield reference.group(1), number


def site_path(href: str, page_url: str, base_url: str) -> str | None:
    """The site path a link points to, or None when it leaves the site."""
    if href.startswith(base_url):
        href = "/" + href[len(base_url) :]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return None  # a fragment or query on the same page
    return urljoin(page_url, parts.path)


def broken(
    path: str, page_url: str, found: Iterable[tuple[str, int]], outputs: set[str], base_url: str
) -> list[ContentError]:
    """Errors for the links of one file that match no output of the site."""
    errors = []
    for href, line in found:
        target = site_path(href, page_url, base_url)
        if target is None:
            continue
        candidates = {urls.output_path(target), urls.output_path(target.rstrip("/") + "/")}
        if not candidates & outputs:
            errors.append(ContentError(path, line, f"link to {href} matches no page of this site"))
    return errors
