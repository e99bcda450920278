"""Jinja environment and Site -> {output path: bytes}. Pure: no disk access."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

import jinja2

from . import feeds, metadata, urls
from .config import SiteConfig
from .errors import BuildFailed, ContentError
from .model import Article
from .site import Site, Tag

_LINK_ATTR_RE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    first_url: str
    items: tuple[Article, ...]

    def url(self, number: int) -> str:
        return urls.paged(self.first_url, number)

    @property
    def newer(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.total else None


@dataclass(frozen=True)
class PageJob:
    """One HTML page to render: where it goes, with which template and data."""

    url: str
    template: str
    title: str
    description: str
    data: dict[str, Any] = field(default_factory=dict)
    feed: str | None = None  # a page-specific feed, besides the site's
    lastmod: datetime | None = None
    in_sitemap: bool = True
    lang: str = ""  # empty: the site's language


def environment(templates: tuple[tuple[str, str], ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loader(dict(templates)),
        autoescape=jinja2.select_autoescape(
            ("html", "xml"), disabled_extensions=("txt",), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["readable"] = readable_date
    env.filters["iso"] = lambda value: value if isinstance(value, str) else value.isoformat()
    env.filters["language_name"] = metadata.language_name
    return env


def _loader(sources: dict[str, str]) -> jinja2.FunctionLoader:
    """Templates from memory, each named by its file so errors can be located."""

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        return (sources[name], name, lambda: True) if name in sources else None

    return jinja2.FunctionLoader(load)


def readable_date(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{value.day} {value.strftime('%B %Y')}"


def relink(body_html: str, page_url: str) -> str:
    """Rewrite root-relative links in a body ("/briefs/x/") relative to ``page_url``."""
    return _LINK_ATTR_RE.sub(
        lambda m: f'{m.group(1)}{urls.relative(page_url, m.group(2))}"', body_html
    )


def _paginate(first_url: str, items: tuple[Article, ...], per_page: int) -> Iterator[Pagination]:
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        yield Pagination(number, len(chunks), first_url, chunk)


def _listing(
    first_url: str, items: tuple[Article, ...], config: SiteConfig, title: str,
    description: str, tag: Tag | None = None,
) -> Iterator[PageJob]:  # fmt: skip
    for pagination in _paginate(first_url, items, config.per_page):
        suffix = (
            f" (page {pagination.number} of {pagination.total})" if pagination.number > 1 else ""
        )
        yield PageJob(
            url=pagination.url(pagination.number),
            template="list.html",
            title=title + suffix,
            description=description,
            data={"pagination": pagination, "tag": tag},
            feed=urls.tag_feed(tag.slug) if tag else None,
            lastmod=max((a.updated for a in pagination.items), default=None),
        )


def jobs(site: Site, config: SiteConfig) -> list[PageJob]:
    """Every HTML page of the site, in a stable order."""
    out = list(_listing(urls.HOME, site.articles, config, config.title, config.description))
    for article in site.articles:
        data = {"article": article, "structured_data": metadata.news_article(article, config)}
        out.append(
            PageJob(
                urls.brief(article.slug),
                "brief.html",
                article.title,
                article.summary,
                data,
                lastmod=article.updated,
                lang=article.lang,
            )
        )
    for tag in site.tags:
        out.extend(_tag_jobs(tag, config))
    out.append(PageJob(urls.TAGS, "tags.html", "Tags", f"Every topic covered by {config.title}."))
    out.append(
        PageJob(
            urls.ARCHIVE,
            "archive.html",
            "Archive",
            f"Every brief of {config.title}, by month.",
            lastmod=site.updated,
        )
    )
    out.append(
        PageJob(
            urls.CORRECTIONS,
            "corrections.html",
            "Corrections and updates",
            f"Every correction, update and clarification published by {config.title}.",
            feed=urls.CORRECTIONS_FEED,
            lastmod=site.corrections[0].update.date if site.corrections else None,
        )
    )
    for page in site.pages:
        out.append(
            PageJob(
                urls.page(page.slug),
                "page.html",
                page.title,
                page.summary,
                {"page": page},
                lastmod=page.updated,
                lang=page.lang,
            )
        )
    out.append(
        PageJob(
            urls.NOT_FOUND,
            "404.html",
            "Page not found",
            "This page does not exist.",
            in_sitemap=False,
        )
    )
    return out


def _tag_jobs(tag: Tag, config: SiteConfig) -> Iterator[PageJob]:
    count = len(tag.articles)
    description = f"{count} brief{'s' if count != 1 else ''} tagged {tag.name} in {config.title}."
    yield from _listing(tag.url, tag.articles, config, f"Tagged {tag.name}", description, tag)


def _helpers(job: PageJob, config: SiteConfig) -> dict[str, Callable[..., Any]]:
    if job.url == urls.NOT_FOUND:  # served at any path: links must not be relative
        link: Callable[[str], str] = lambda url: config.base_path.rstrip("/") + url  # noqa: E731
    else:
        link = partial(urls.relative, job.url)
    return {
        "link": link,
        "absolute": partial(urls.absolute, config.base_url),
        "body": lambda html: relink(html, job.url) if job.url != urls.NOT_FOUND else html,
    }


def render_page(env: jinja2.Environment, site: Site, config: SiteConfig, job: PageJob) -> bytes:
    context = {"site": site, "config": config, "job": job, **job.data, **_helpers(job, config)}
    return env.get_template(job.template).render(context).encode("utf-8")


def render_site(
    site: Site,
    config: SiteConfig,
    templates: tuple[tuple[str, str], ...],
    assets: tuple[tuple[str, bytes], ...],
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, bytes]:
    """The whole site as {output path: bytes}; template errors become BuildFailed."""
    env = environment(templates)
    page_jobs = jobs(site, config)
    files: dict[str, bytes] = {}
    try:
        for done, job in enumerate(page_jobs, start=1):
            files[urls.output_path(job.url)] = render_page(env, site, config, job)
            if progress is not None:
                progress("render", done, len(page_jobs))
        files["sitemap.xml"] = env.get_template("sitemap.xml").render(
            site=site, config=config, pages=[j for j in page_jobs if j.in_sitemap],
            absolute=partial(urls.absolute, config.base_url),
        ).encode("utf-8")  # fmt: skip
        files["robots.txt"] = (
            env.get_template("robots.txt")
            .render(config=config, sitemap=urls.absolute(config.base_url, urls.SITEMAP))
            .encode("utf-8")
        )
    except Exception as exc:  # templates are editable content: locate any failure in them
        raise BuildFailed([template_error(exc, (n for n, _ in templates))]) from None
    files.update(feeds.all_feeds(site, config))
    for name, data in assets:
        files[urls.output_path(urls.ASSETS + name)] = data
    return files


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
