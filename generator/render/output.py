"""One planned output -> its bytes, and the whole site in memory. No disk access."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import urls
from ..config import SiteConfig
from ..errors import BuildFailed
from ..site import Site
from . import feeds, metadata
from .plan import FeedOutput, Output, PageOutput, plan
from .templating import environment, template_error

if TYPE_CHECKING:
    import jinja2

_LINK_ATTR_RE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def relink(body_html: str, page_url: str) -> str:
    """Rewrite root-relative links in a body ("/briefs/x/") relative to ``page_url``."""
    return _LINK_ATTR_RE.sub(
        lambda m: f'{m.group(1)}{urls.relative(page_url, m.group(2))}"', body_html
    )


def _helpers(page: PageOutput, config: SiteConfig) -> dict[str, Callable[..., Any]]:
    if page.url == urls.NOT_FOUND:  # served at any path: links must not be relative
        link: Callable[[str], str] = lambda url: config.base_path.rstrip("/") + url  # noqa: E731
    else:
        link = partial(urls.relative, page.url)
    return {
        "link": link,
        "absolute": partial(urls.absolute, config.base_url),
        "body": lambda html: relink(html, page.url) if page.url != urls.NOT_FOUND else html,
    }


def render_page(env: jinja2.Environment, site: Site, config: SiteConfig, page: PageOutput) -> bytes:
    context = {"site": site, "config": config, "job": page, **page.data, **_helpers(page, config)}
    if "brief" in page.data:
        context["structured_data"] = metadata.news_article(page.data["brief"], config)
    return env.get_template(page.template).render(context).encode("utf-8")


def render_output(env: jinja2.Environment, site: Site, config: SiteConfig, out: Output) -> bytes:
    """One output's bytes. ``site`` may be a TrackedSite: only read through it."""
    if isinstance(out, PageOutput):
        return render_page(env, site, config, out)
    if isinstance(out, FeedOutput):
        return feeds.render_feed(site, config, out.kind, out.tag)
    text = env.get_template(out.template).render(
        config=config,
        pages=out.entries,
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
    outputs = plan(site, config)  # a BuildFailed here is the content's, not a template's
    try:
        for out in outputs:
            files[out.path] = render_output(env, site, config, out)
    except Exception as exc:  # templates are editable content: locate any failure in them
        raise BuildFailed([template_error(exc, (n for n, _ in templates))]) from None
    for name, data in assets:
        files[urls.output_path(urls.ASSETS + name)] = data
    return files
