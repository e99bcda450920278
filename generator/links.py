"""Internal links in bodies, read from the parsed, sanitised HTML the build writes (every
``href``, ``src`` and ``cite`` value: never footnote text, code or abbreviations), and which
of them lead nowhere, to a draft or to a brief not yet published."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from . import urls
from .errors import ContentError
from .model import Brief, Page


def found(item: Brief | Page) -> Iterator[tuple[str, int]]:
    """Every link value in a body, as the HTML parser read it, with the line it was written on."""
    for link in item.links:
        yield html.unescape(item.body_html[link.start : link.end]), link.line


def site_path(href: str, page_url: str, base_url: str) -> str | None:
    """The site path a link points to, or None when it leaves the site."""
    if href.startswith(base_url):
        href = "/" + href[len(base_url) :]
    elif href.startswith(("https://", "http://")):
        return None  # most links leave the site: no need to split them
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return None  # a fragment or query on the same page
    return urljoin(page_url, parts.path)


def _outputs_of(target: str) -> set[str]:
    return {urls.output_path(target), urls.output_path(target.rstrip("/") + "/")}


def problems(
    items: Iterable[Brief | Page],
    outputs: set[str],
    drafts: Iterable[Brief],
    scheduled: Iterable[Brief],
    base_url: str,
) -> list[ContentError]:
    """One problem for each link of ``items`` that leads to a draft brief, to a brief
    scheduled for later, or to no output of the site (``outputs``: output paths)."""
    draft_at = {urls.output_path(b.url): b for b in drafts}
    later_at = {urls.output_path(b.url): b for b in scheduled}
    errors = []
    for item in items:
        for href, line in found(item):
            target = site_path(href, item.url, base_url)
            if target is None:
                continue
            candidates = _outputs_of(target)
            draft = next((draft_at[c] for c in candidates if c in draft_at), None)
            later = next((later_at[c] for c in candidates if c in later_at), None)
            if draft is not None:
                message = f"link to {href} leads to a draft brief"
            elif later is not None:
                message = f"link to {href} leads to a brief scheduled for {later.date.isoformat()}"
            elif not candidates & outputs:
                message = f"link to {href} matches no page of this site"
            else:
                continue
            errors.append(ContentError(item.path, line, message))
    return sorted(set(errors))


def warning(problem: ContentError) -> str:
    """A problem the build only warns about: ``path:line: warning: message``."""
    return f"{problem.path}:{problem.line}: warning: {problem.message}"
