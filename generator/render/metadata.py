"""Metadata for search engines and link previews, as plain dicts: schema.org JSON-LD
(NewsArticle, BreadcrumbList, WebSite, the publisher), the share image's Open Graph
fields, ``og:locale`` and the web app manifest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import i18n, urls, work
from ..config import SiteConfig
from ..model import Brief, Page
from . import icon, images

# A bare language's usual territory, for og:locale (which wants ll_TT). Others: ll_LL.
TERRITORIES = {
    "ar": "SA",
    "da": "DK",
    "de": "DE",
    "el": "GR",
    "en": "US",
    "es": "ES",
    "fr": "FR",
    "it": "IT",
    "ja": "JP",
    "ko": "KR",
    "nl": "NL",
    "pl": "PL",
    "pt": "BR",
    "sv": "SE",
    "uk": "UA",
    "zh": "CN",
}
POLICY_SLUG = "corrections-policy"  # a static page with this slug is the corrections policy
ICON_SIZE = 512  # the icon that stands for the site (logo, og:image of pages other than briefs)


def og_locale(lang: str) -> str:
    """A language tag as Open Graph wants it: "en" -> "en_US", "en-GB" -> "en_GB",
    "pt" -> "pt_BR"; a language the table does not know keeps its own code twice."""
    parts = lang.replace("_", "-").split("-")
    language = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if territory is None:
        territory = TERRITORIES.get(language, language.upper())
    return f"{language}_{territory}"


def policy_page(pages: Iterable[Page]) -> Page | None:
    """The static page that states the corrections policy (or its translation in the
    edition's pages), if the site has one."""
    return next((p for p in pages if POLICY_SLUG in (p.slug, p.translation_of)), None)


def translations(versions: Iterable[Any], brief: Brief, config: SiteConfig) -> dict[str, Any]:
    """JSON-LD that joins a brief to its other versions: a translation names its original
    (``translationOfWork``), an original its translations (``workTranslation``)."""
    others = [v for v in versions if v.url != brief.url]
    if not others:
        return {}

    def work(v: Any) -> dict[str, Any]:
        url = urls.absolute(config.base_url, v.url)
        return {"@type": "NewsArticle", "@id": url, "url": url, "inLanguage": v.lang}

    if brief.translation_of:
        return {"translationOfWork": [work(v) for v in others if v.original]}
    return {"workTranslation": [work(v) for v in others]}


def corrections_policy(pages: Iterable[Page]) -> str:
    """The site path of the corrections policy: its own page if the site has one, else the
    corrections log."""
    page = policy_page(pages)
    return page.url if page is not None else urls.CORRECTIONS


def _image(url: str, width: int, height: int) -> dict[str, Any]:
    return {"@type": "ImageObject", "url": url, "width": width, "height": height}


def publisher(config: SiteConfig, policy: str) -> dict[str, Any]:
    """The site as a schema.org NewsMediaOrganization, with its logo and corrections policy."""
    logo = urls.absolute(config.base_url, urls.icon_png(ICON_SIZE))
    return {
        "@type": "NewsMediaOrganization",
        "@id": config.base_url + "#publisher",
        "name": config.title,
        "url": config.base_url,
        "logo": _image(logo, ICON_SIZE, ICON_SIZE),
        "correctionsPolicy": urls.absolute(config.base_url, policy),
    }


def _author(byline: Any, config: SiteConfig) -> dict[str, Any]:
    """The site's own desk (a name in site.yaml's ``authors``) is the organisation; anyone
    else is a person, with their page. ``byline`` is a name or a ``people.Byline``."""
    if isinstance(byline, str):
        if byline in config.authors:
            return {"@type": "NewsMediaOrganization", "name": byline, "url": config.base_url}
        return {"@type": "Person", "name": byline}
    name = byline.name
    if not byline.person:
        return _author(name, config)
    url = urls.absolute(config.base_url, byline.url)
    return {"@type": "Person", "@id": url + "#person", "name": name, "url": url}


def share_image(brief: Brief | None, config: SiteConfig) -> dict[str, Any]:
    """The picture a link preview shows: a crop (1200 x 630) of a brief's lead picture, else
    its share card, else (or with ``share_cards: false``) the site's icon."""
    lead = brief.image if brief is not None else None
    if lead is not None and lead.crops:
        crop = lead.crop("share")
        return {
            "url": urls.absolute(config.base_url, crop.url),
            "width": crop.width,
            "height": crop.height,
            "alt": lead.alt,
            "large": True,
            "type": "image/jpeg",
        }
    if brief is None or not config.share_cards:
        return {
            "url": urls.absolute(config.base_url, urls.icon_png(ICON_SIZE)),
            "width": ICON_SIZE,
            "height": ICON_SIZE,
            "alt": f"The mark of {config.title}",
            "large": False,
            "type": "image/png",
        }
    return {
        "url": urls.absolute(config.base_url, urls.share_image(brief.slug, brief.prefix)),
        "width": images.SHARE_WIDTH,
        "height": images.SHARE_HEIGHT,
        "alt": f"{config.title}: {brief.title}",
        "large": True,
        "type": "image/png",
    }


def website(config: SiteConfig, policy: str) -> dict[str, Any]:
    """The home page's schema.org WebSite."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": config.base_url + "#website",
        "name": config.title,
        "description": config.description,
        "url": config.base_url,
        "inLanguage": config.language,
        "publisher": publisher(config, policy),
    }


def breadcrumbs(
    brief: Brief, tag: Any, config: SiteConfig, catalogue: i18n.Catalogue = i18n.ENGLISH
) -> dict[str, Any]:
    """Home > the brief's section, else its first tag (if any) > the brief, as a schema.org
    BreadcrumbList (``tag``: anything with a ``name`` and a ``url``); "Home" in the edition's
    language (``catalogue``)."""
    trail = [(catalogue.text("breadcrumb_home"), urls.edition_urls(brief.prefix)["home"])]
    if tag is not None:
        trail.append((tag.name, tag.url))
    trail.append((brief.title, brief.url))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": number,
                "name": name,
                "item": urls.absolute(config.base_url, url),
            }
            for number, (name, url) in enumerate(trail, start=1)
        ],
    }


def web_manifest(config: SiteConfig) -> dict[str, Any]:
    """The web app manifest. Its URLs are relative to the manifest, which sits at the site's
    root, so they hold at a domain root and under a sub-path alike."""
    short = config.title if len(config.title) <= 12 else config.title.split()[-1]
    icons = [
        {"src": urls.icon_png(size).lstrip("/"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in urls.ICON_PNG_SIZES
        if size != 180
    ]
    icons.append({"src": urls.ICON.lstrip("/"), "sizes": "any", "type": "image/svg+xml"})
    return {
        "name": config.title,
        "short_name": short,
        "description": config.description,
        "lang": config.language,
        "start_url": "./",
        "scope": "./",
        "display": "minimal-ui",
        "theme_color": icon.PAPER,
        "background_color": icon.PAPER,
        "icons": icons,
    }


def lead_images(brief: Brief, config: SiteConfig) -> list[dict[str, Any]]:
    """A brief's lead picture as JSON-LD: its 16:9, 4:3 and 1:1 crops, 1200 px wide, with
    the credit, the caption and the rights where given. Empty without a lead."""
    lead = brief.image
    if lead is None or not lead.crops:
        return []
    out = []
    for name in ("16x9", "4x3", "1x1"):
        crop = lead.crop(name)
        item = _image(urls.absolute(config.base_url, crop.url), crop.width, crop.height)
        item["creditText"] = lead.credit
        if lead.caption:
            item["caption"] = lead.caption
        if lead.rights:
            item["copyrightNotice"] = lead.rights
        out.append(item)
    return out


def news_article(
    brief: Brief,
    config: SiteConfig,
    policy: str = urls.CORRECTIONS,
    bylines: Any = None,
    section: Any = None,
) -> dict[str, Any]:
    """The brief as schema.org's article type for its kind of work (NewsArticle,
    AnalysisNewsArticle, OpinionNewsArticle...); ``bylines`` (``Site.byline``) links its
    people to their pages; ``section``: its section in the edition (``articleSection``)."""
    url = urls.absolute(config.base_url, brief.url)
    card = share_image(brief, config)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": work.schema_type(brief.type),
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": brief.title,
        "description": brief.summary,
        "datePublished": brief.date.isoformat(),
        "dateModified": brief.updated.isoformat(),
        "inLanguage": brief.lang,
        "wordCount": brief.words,
        "keywords": list(brief.tags),
        "author": [_author(b, config) for b in (brief.authors if bylines is None else bylines)],
        "publisher": publisher(config, policy),
        "image": lead_images(brief, config) or [_image(card["url"], card["width"], card["height"])],
    }
    if section is not None:
        data["articleSection"] = section.name
    citations = [_citation(source) for source in brief.sources]
    if citations:
        data["citation"] = citations
    corrections = [
        {"@type": "CorrectionComment", "text": u.note, "datePublished": u.date.isoformat()}
        for u in brief.updates
        if u.kind in ("correction", "clarification")
    ]
    if corrections:
        data["correction"] = corrections
    return data


def _citation(source: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "CreativeWork"}
    if source.title:
        item["name"] = source.title
    if source.publisher:
        item["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.author:
        item["author"] = {"@type": "Person", "name": source.author}
    if source.date:
        item["datePublished"] = source.date
    if source.url:
        item["url"] = source.url
    if source.language:
        item["inLanguage"] = source.language
    return item
