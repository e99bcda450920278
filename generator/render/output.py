"""One planned output -> its bytes, and the whole site in memory. No disk access."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .. import i18n, markup, urls
from ..config import SiteConfig
from ..config import edition as edition_config
from ..errors import BuildFailed
from ..i18n import Catalogue
from ..model import Brief, LinkSpan, direction
from ..site import Site
from . import icon, images, metadata, newsroom
from .plan import FeedOutput, ImageOutput, ManifestOutput, Output, PageOutput, plan
from .templating import environments, site_path, template_error

if TYPE_CHECKING:
    import jinja2


def relink(body_html: str, links: tuple[LinkSpan, ...], page_url: str) -> str:
    """Rewrite the body's root-relative links ("/briefs/x/") relative to ``page_url``: only
    the values of its link attributes, never text or code that looks like one."""

    def fix(url: str) -> str:
        return urls.relative(page_url, url) if url.startswith("/") and url[1:2] != "/" else url

    return markup.rewrite_links(body_html, links, fix)


def _body(page: PageOutput) -> Callable[[str], str]:
    """The templates' ``body`` helper: a body's HTML with its links made right for the page."""
    items = [page.data[k] for k in ("brief", "page") if k in page.data]

    def body(html: str) -> str:
        if page.url == urls.NOT_FOUND:
            return html
        for item in items:
            if getattr(item, "body_html", None) == html:
                return relink(html, item.links, page.url)
        clean, spans = markup.sanitise_with_links(html)  # other HTML: find its links afresh
        return relink(clean, tuple(LinkSpan(a, b, 1) for a, b in spans), page.url)

    return body


def _helpers(page: PageOutput, config: SiteConfig) -> dict[str, Callable[..., Any]]:
    if page.url == urls.NOT_FOUND:  # served at any path: links must not be relative
        link: Callable[[str], str] = partial(site_path, config)
    else:
        link = partial(urls.relative, page.url)
    return {
        "link": link,
        "absolute": partial(urls.absolute, config.base_url),
        "body": _body(page),
    }


@dataclass(frozen=True)
class NavItem:
    """One link of the site's menu."""

    label: str
    url: str
    current: bool  # the page the menu is on
    page: bool = False  # a static page's title (written by the editor, any direction)


def nav_items(
    site: Site, config: SiteConfig, here: str, catalogue: Catalogue,
    paths: Mapping[str, str] = urls.TEMPLATE_URLS,
) -> list[NavItem]:  # fmt: skip
    """The menu, in ``catalogue``'s language, at the edition's addresses (``paths``, see
    ``urls.edition_urls``): the site's own indexes, the static pages with a ``menu``
    number, then search (when on) and the feeds."""
    own = ["tags", "archive", "corrections"]
    items = [(catalogue.text(f"nav_{key}"), paths[key], False) for key in own]
    items += [(page.title, page.url, True) for page in site.menu]
    for key in ("search", "feeds") if config.search else ("feeds",):
        items.append((catalogue.text(f"nav_{key}"), paths[key], False))
    return [NavItem(label, url, url == here, page) for label, url, page in items]


def for_output(site: Site, config: SiteConfig, out: Output) -> tuple[Site, SiteConfig]:
    """The edition an output belongs to, and the settings as that edition sees them."""
    code = getattr(out, "edition", "")
    if not code:
        return site, config
    return site.edition(code), edition_config(config, code)


def render_page(
    env: jinja2.Environment, site: Site, config: SiteConfig, page: PageOutput,
    catalogue: Catalogue,
) -> bytes:  # fmt: skip
    context = {"site": site, "config": config, "job": page, **page.data, **_helpers(page, config)}
    context["urls"] = urls.edition_urls(f"/{page.edition}" if page.edition else "")
    context["lang"] = page.lang or config.language
    context["dir"] = direction(context["lang"])
    context["nav_items"] = nav_items(site, config, page.url, catalogue, context["urls"])
    brief = page.data.get("brief") if page.template == "brief.html" else None
    context["share_image"] = metadata.share_image(brief, config)
    context["structured_data"] = _structured_data(site, config, page, brief, catalogue)
    return env.get_template(page.template).render(context).encode("utf-8")


def _structured_data(
    site: Site, config: SiteConfig, page: PageOutput, brief: Brief | None,
    catalogue: Catalogue = i18n.ENGLISH,
) -> list[dict[str, Any]]:  # fmt: skip
    """The JSON-LD objects of a page: a brief's NewsArticle and BreadcrumbList, the home
    page's WebSite, a newsroom page's; names in ``catalogue``'s language. Reads the site
    (tracked) only on those pages."""
    if brief is not None:
        policy = metadata.corrections_policy(site.pages)
        tags = site.tags_of(brief)
        section = site.section_link(brief.section) if brief.section else None
        article = metadata.news_article(brief, config, policy, site.byline(brief), section)
        article.update(metadata.translations(page.alternates, brief, config))
        return [
            article,
            metadata.breadcrumbs(brief, section or (tags[0] if tags else None), config, catalogue),
        ]
    found = newsroom.structured_data(config, page, catalogue)
    if found is not None:
        return found
    if page.url == urls.edition_urls(f"/{page.edition}" if page.edition else "")["home"]:
        return [metadata.website(config, metadata.corrections_policy(site.pages))]
    return []


def render_image(config: SiteConfig, out: ImageOutput, catalogue: Catalogue) -> bytes:
    """A share card or the site's icon, drawn from the output's own data and the settings
    (a card's date in ``catalogue``'s language)."""
    if out.kind == "svg":
        return icon.svg().encode("utf-8")
    if out.kind != "share":
        return images.icon_png(out.size, rounded=out.kind == "icon")
    assert out.date is not None
    parts = urlsplit(config.base_url)
    host = (parts.netloc + parts.path).rstrip("/")
    return images.share_card(config.title, out.title, catalogue.date(out.date), host)


def render_output(
    env: jinja2.Environment, site: Site, config: SiteConfig, out: Output, catalogue: Catalogue,
    items: dict[tuple[str, ...], str] | None = None,
) -> bytes:  # fmt: skip
    """One output's bytes, in ``catalogue``'s language (``env``: the templates in that
    language, see ``templating.environments``). ``site`` (the output's edition, see
    ``for_output``) may be a TrackedSite: only read through it. ``items``: feed items' HTML
    shared by the outputs one worker renders (see ``feeds.item_html``)."""
    if isinstance(out, PageOutput):
        return render_page(env, site, config, out, catalogue)
    if isinstance(out, FeedOutput):
        from . import feeds  # feedgen and lxml load only when a feed is rendered

        made = items if items is not None else {}
        if out.owner is not None:
            return feeds.listing_feed(site, config, out.kind, *out.owner, catalogue, made)
        return feeds.render_feed(site, config, out.kind, out.tag, catalogue, out.page, made)
    if isinstance(out, ImageOutput):
        return render_image(config, out, catalogue)
    if isinstance(out, ManifestOutput):
        manifest = metadata.web_manifest(config)
        return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    text = env.get_template(out.template).render(
        config=config,
        pages=out.entries,
        absolute=partial(urls.absolute, config.base_url),
        sitemap=urls.absolute(config.base_url, urls.SITEMAP),
        **out.data,
    )
    return text.encode("utf-8")


def render_site(
    site: Site,
    config: SiteConfig,
    templates: tuple[tuple[str, str], ...],
    assets: tuple[tuple[str, bytes], ...],
    config_path: str = "site.yaml",
) -> dict[str, bytes]:
    """The whole site in memory as {output path: bytes} (the simple, serial path)."""
    files: dict[str, bytes] = {}
    catalogues = i18n.load(templates, config, config_path)
    envs = environments(templates, config, catalogues)
    outputs = plan(site, config, catalogues)  # a BuildFailed here is the content's
    items: dict[tuple[str, ...], str] = {}
    try:
        for out in outputs:
            ed_site, ed_config = for_output(site, config, out)
            code = ed_config.language
            files[out.path] = render_output(
                envs[code], ed_site, ed_config, out, catalogues[code], items
            )
    except Exception as exc:  # templates are editable content: locate any failure in them
        raise BuildFailed([template_error(exc, (n for n, _ in templates))]) from None
    for name, data in assets:
        files[urls.output_path(urls.ASSETS + name)] = data
    return files
