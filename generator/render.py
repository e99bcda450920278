"""Jinja environment and Site -> output bytes. No disk access, bar the compiled-template cache."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from . import metadata, urls
from .config import SiteConfig
from .errors import BuildFailed, ContentError
from .model import Article
from .site import Site, Tag

if TYPE_CHECKING:  # imported where used: a build with nothing to render never loads them
    import jinja2

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


def environment(
    templates: tuple[tuple[str, str], ...], bytecode: str | None = None
) -> jinja2.Environment:
    """The Jinja environment: autoescape on, undefined names are errors; ``bytecode`` is a
    folder where compiled templates are kept between builds (keyed by their source)."""
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
    return env


def _loader(sources: dict[str, str]) -> jinja2.FunctionLoader:
    """Templates from memory, each named by its file so errors can be located."""
    import jinja2

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
    first_url: str,
    items: tuple[Article, ...],
    config: SiteConfig,
    title: str,
    description: str,
    tag: Tag | None = None,
) -> Iterator[PageJob]:
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
        data = {"article": article}
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
    if "article" in job.data:
        context["structured_data"] = metadata.news_article(job.data["article"], config)
    return env.get_template(job.template).render(context).encode("utf-8")


@dataclass(frozen=True)
class FeedJob:
    """One feed: which kind, and for tag feeds which tag (by name)."""

    path: str
    kind: str  # "rss" | "atom" | "json" | "corrections" | "tag"
    tag: str | None = None


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None


@dataclass(frozen=True)
class TextJob:
    """A file made from a template with explicit data only (sitemap, robots.txt)."""

    path: str
    template: str
    entries: tuple[SitemapEntry, ...] = ()


Job = PageJob | FeedJob | TextJob


def job_path(job: Job) -> str:
    return urls.output_path(job.url) if isinstance(job, PageJob) else job.path


def all_jobs(site: Site, config: SiteConfig) -> list[Job]:
    """Every generated file of the site (assets aside), in a stable order."""
    pages = jobs(site, config)
    out: list[Job] = list(pages)
    out += [
        FeedJob(urls.output_path(urls.RSS), "rss"),
        FeedJob(urls.output_path(urls.ATOM), "atom"),
        FeedJob(urls.output_path(urls.JSON_FEED), "json"),
        FeedJob(urls.output_path(urls.CORRECTIONS_FEED), "corrections"),
    ]
    out += [FeedJob(urls.output_path(urls.tag_feed(t.slug)), "tag", t.name) for t in site.tags]
    entries = tuple(SitemapEntry(j.url, j.lastmod) for j in pages if j.in_sitemap)
    out.append(TextJob("sitemap.xml", "sitemap.xml", entries))
    out.append(TextJob("robots.txt", "robots.txt"))
    return out


def render_feed(site: Site, config: SiteConfig, job: FeedJob) -> bytes:
    from . import feeds

    limit = config.feed_limit
    if job.kind == "tag" and job.tag is not None:
        tag = site.tag(job.tag)
        title = f"{config.title}: {tag.name}"
        about = f"Briefs tagged {tag.name} in {config.title}."
        self_url = urls.tag_feed(tag.slug)
        return feeds.rss(site, config, tag.articles[:limit], title, tag.url, self_url, about)
    if job.kind == "corrections":
        return feeds.corrections_rss(site, config, site.corrections[:limit])
    newest = site.articles[:limit]
    if job.kind == "atom":
        return feeds.atom(site, config, newest)
    if job.kind == "json":
        return feeds.json_feed(site, config, newest)
    return feeds.rss(site, config, newest, config.title, urls.HOME, urls.RSS, config.description)


def render_job(env: jinja2.Environment, site: Site, config: SiteConfig, job: Job) -> bytes:
    """One output's bytes. ``site`` may be a TrackedSite: only read through it."""
    if isinstance(job, PageJob):
        return render_page(env, site, config, job)
    if isinstance(job, FeedJob):
        return render_feed(site, config, job)
    text = env.get_template(job.template).render(
        config=config,
        pages=job.entries,
        absolute=partial(urls.absolute, config.base_url),
        sitemap=urls.absolute(config.base_url, urls.SITEMAP),
    )
    return text.encode("utf-8")


def render_site(
    site: Site,
    config: SiteConfig,
    templates: tuple[tuple[str, str], ...],
    assets: tuple[tuple[str, bytes], ...],
) -> dict[str, bytes]:
    """The whole site in memory as {output path: bytes} (the simple, serial path)."""
    env = environment(templates)
    files: dict[str, bytes] = {}
    try:
        for job in all_jobs(site, config):
            files[job_path(job)] = render_job(env, site, config, job)
    except Exception as exc:  # templates are editable content: locate any failure in them
        raise BuildFailed([template_error(exc, (n for n, _ in templates))]) from None
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
