"""Structured data for search engines: schema.org NewsArticle as a plain dict."""

from __future__ import annotations

from typing import Any

from .. import urls
from ..config import SiteConfig
from ..model import Brief

LANGUAGE_NAMES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "zh": "Chinese",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.split("-")[0].lower(), code)


def news_article(brief: Brief, config: SiteConfig) -> dict[str, Any]:
    url = urls.absolute(config.base_url, urls.brief(brief.slug))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
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
        "author": [{"@type": "Organization", "name": name} for name in brief.authors],
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
    }
    citations = [_citation(source) for source in brief.sources]
    if citations:
        data["citation"] = citations
    corrections = [
        {"@type": "CorrectionComment", "text": u.note, "datePublished": u.date.isoformat()}
        for u in brief.updates
        if u.kind == "correction"
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
