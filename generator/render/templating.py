"""The Jinja environment (autoescape on, undefined names are errors) and locating template
errors. Templates are editable content: a failure in one is reported at its file and line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from .. import citations, urls
from ..errors import ContentError
from . import discovery, icon, metadata

if TYPE_CHECKING:  # imported where used: a build with nothing to render never loads it
    import jinja2


def environment(
    templates: tuple[tuple[str, str], ...], bytecode: str | None = None
) -> jinja2.Environment:
    """The Jinja environment; ``bytecode`` is a folder where compiled templates are kept
    between builds (keyed by their source)."""
    import jinja2

    env = jinja2.Environment(
        loader=_loader(dict(templates)),
        autoescape=jinja2.select_autoescape(
            ("html", "xml"), disabled_extensions=("txt",), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(bytecode) if bytecode else None,
    )
    env.filters["readable"] = readable_date
    env.filters["iso"] = lambda value: value if isinstance(value, str) else value.isoformat()
    env.filters["language_name"] = metadata.language_name
    env.filters["md_text"] = discovery.markdown_text
    env.filters["md_url"] = discovery.markdown_url
    env.filters["og_locale"] = metadata.og_locale
    env.filters["policy_page"] = metadata.policy_page  # the corrections policy's page, or None
    env.globals["urls"] = urls.TEMPLATE_URLS
    env.globals["theme"] = {"light": icon.PAPER, "dark": icon.PAPER_DARK}
    env.globals["report_link"] = report_link
    env.globals["count"] = count
    env.globals["source_id"] = citations.source_id
    env.globals["citation_id"] = citations.citation_id
    return env


def _loader(sources: dict[str, str]) -> jinja2.FunctionLoader:
    """Templates from memory, each named by its file so errors can be located."""
    import jinja2

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        return (sources[name], name, lambda: True) if name in sources else None

    return jinja2.FunctionLoader(load)


def count(number: int, noun: str) -> str:
    """``number`` and the noun, plural unless there is one: "1 brief", "3 briefs"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def readable_date(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{value.day} {value.strftime('%B %Y')}"


def report_link(contact: str, title: str, url: str) -> str:
    """Where a reader reports an error in the page titled ``title`` at ``url``: ``contact``
    (site.yaml) with the page named in it, percent-encoded; "" when there is no contact."""
    if not contact:
        return ""
    if urlsplit(contact).scheme == "mailto":
        subject = quote(f"Error report: {title}", safe="")
        body = quote(
            f"Page: {url}\n\nWhat is wrong, and where the right facts are published:\n", safe=""
        )
        return f"{contact}?subject={subject}&body={body}"
    parts = urlsplit(contact)
    query = f"title={quote(title, safe='')}&url={quote(url, safe='')}"
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


def template_error(exc: Exception, names: Iterable[str]) -> ContentError:
    """Locate a failure in the innermost template frame of its traceback."""
    known = set(names)
    name = getattr(exc, "name", None) or getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in known:
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
    return ContentError(f"templates/{name or '?'}", line or 1, f"template error: {message}")
