"""The Jinja environment (autoescape on, undefined names are errors) and locating template
errors. Templates are editable content: a failure in one is reported at its file and line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

import markupsafe

from .. import citations, i18n, urls
from ..errors import ContentError
from . import discovery, icon, metadata, newsroom

if TYPE_CHECKING:  # imported where used: a build with nothing to render never loads it
    import jinja2

    from ..config import SiteConfig


def environment(
    templates: tuple[tuple[str, str], ...], bytecode: str | None = None,
    catalogue: i18n.Catalogue = i18n.ENGLISH, edition: str = "",
) -> jinja2.Environment:  # fmt: skip
    """The Jinja environment of the pages in ``catalogue``'s language (``edition``: that
    language, on a site of several editions); ``bytecode`` is a folder where compiled
    templates are kept between builds (keyed by their source)."""
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
    env.filters["readable"] = catalogue.date  # in the edition's language
    env.filters["month_name"] = lambda month: catalogue.month(month.year, month.month)
    env.filters["iso"] = lambda value: value if isinstance(value, str) else value.isoformat()
    env.filters["language_name"] = catalogue.language
    env.filters["md_text"] = discovery.markdown_text
    env.filters["md_url"] = discovery.markdown_url
    env.filters["og_locale"] = metadata.og_locale
    env.filters["policy_page"] = metadata.policy_page  # the corrections policy's page, or None
    env.filters["break_at_slashes"] = break_at_slashes  # long addresses wrap at a "/" only
    env.globals["urls"] = urls.TEMPLATE_URLS
    env.globals["theme"] = {"light": icon.PAPER, "dark": icon.PAPER_DARK}
    env.globals["report_link"] = partial(report_link, catalogue=catalogue)
    env.globals["source_id"] = citations.source_id
    env.globals["citation_id"] = citations.citation_id
    env.globals["srcset"] = srcset  # a picture's files at their widths, for one page
    env.globals["site_path"] = site_path  # a site address from the server's root
    env.globals["t"] = catalogue.markup  # an interface string (plural forms by a count)
    env.globals["foreign"] = partial(i18n.foreign, edition)  # a brief of another edition
    env.globals["current_section"] = newsroom.current_section  # for the navigation
    env.globals["anchor"] = anchor  # a link to put inside a string: t("k", page=anchor(...))
    return env


def environments(
    templates: tuple[tuple[str, str], ...], config: SiteConfig,
    catalogues: Mapping[str, i18n.Catalogue], bytecode: str | None = None,
) -> dict[str, jinja2.Environment]:  # fmt: skip
    """One environment per edition's language (``catalogues``, by language code), each
    with its strings, dates and plurals bound in."""
    edition = bool(config.languages)  # on a site of one edition, nothing is foreign
    return {
        code: environment(templates, bytecode, catalogue, code if edition else "")
        for code, catalogue in catalogues.items()
    }


def _loader(sources: dict[str, str]) -> jinja2.FunctionLoader:
    """Templates from memory, each named by its file so errors can be located."""
    import jinja2

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        return (sources[name], name, lambda: True) if name in sources else None

    return jinja2.FunctionLoader(load)


def anchor(href: str, text: str) -> markupsafe.Markup:
    """``<a href="href">text</a>``, both escaped (text may be markup already)."""
    return markupsafe.Markup('<a href="{}">{}</a>').format(href, text)


def srcset(variants: Iterable[Any], link: Callable[[str], str]) -> str:
    """A ``srcset`` value: each file's address as ``link`` makes it for the page, and its
    width ("a.jpg 480w, b.jpg 960w")."""
    return ", ".join(f"{link(v.url)} {v.width}w" for v in variants)


def site_path(config: SiteConfig, url: str) -> str:
    """A site address (``/briefs/x/``) from the server's root: under ``base_url``'s path."""
    return config.base_path.rstrip("/") + url


def break_at_slashes(text: str) -> markupsafe.Markup:
    """Text, escaped, with a ``<wbr>`` after each slash: a long address wraps between its
    parts ("…/tags/deepfakes/" + "feed.xml"), never inside a word."""
    return markupsafe.Markup("/<wbr>").join(markupsafe.escape(part) for part in text.split("/"))


def report_link(
    contact: str, title: str, url: str, catalogue: i18n.Catalogue = i18n.ENGLISH
) -> str:
    """Where a reader reports an error in the page titled ``title`` at ``url``: ``contact``
    (site.yaml, or ``--contact``) with the page named in it, percent-encoded: a mail's
    subject and body, or a form's ``title``, ``url`` and ``body`` fields; "" when there is
    no contact. The subject and the body are in ``catalogue``'s language."""
    if not contact:
        return ""
    subject = catalogue.text("report_subject", title=title)  # in the edition's language
    body = catalogue.text("report_body", url=url)
    if urlsplit(contact).scheme == "mailto":
        return f"{contact}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    parts = urlsplit(contact)
    # ``title`` and ``body`` fill in an issue form (GitHub's new-issue page takes both);
    # ``url`` names the page on its own for forms that take it
    query = f"title={quote(subject, safe='')}&url={quote(url, safe='')}&body={quote(body, safe='')}"
    return urlunsplit(parts._replace(query=f"{parts.query}&{query}" if parts.query else query))


def template_error(exc: Exception, names: Iterable[str]) -> ContentError:
    """Locate a failure in the innermost template frame of its traceback."""
    import jinja2

    known = set(names)
    name = line = None
    if isinstance(exc, jinja2.TemplateError):  # its own names (another error's `name` is not)
        name = getattr(exc, "name", None) or getattr(exc, "filename", None)
        line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in known:
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
    return ContentError(f"templates/{name or '?'}", line or 1, f"template error: {message}")
