"""Kinds of work: what a brief is (reporting, analysis, opinion...), as the `type:` key names
it, with its reader-facing label and its schema.org type."""

from __future__ import annotations

from typing import NamedTuple


class Work(NamedTuple):
    label: str  # shown above the headline and in teasers; a feed item's category
    schema: str  # the schema.org type of the brief's JSON-LD


DEFAULT = "news"
# type -> (label, schema.org type); the first is the default
KINDS: dict[str, Work] = {
    "news": Work("News", "NewsArticle"),
    "analysis": Work("Analysis", "AnalysisNewsArticle"),
    "explainer": Work("Explainer", "BackgroundNewsArticle"),
    "opinion": Work("Opinion", "OpinionNewsArticle"),
    "review": Work("Review", "ReviewNewsArticle"),
}


def label(kind: str) -> str:
    return KINDS[kind].label


def schema_type(kind: str) -> str:
    return KINDS[kind].schema
