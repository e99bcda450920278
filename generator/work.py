"""Kinds of work: what a brief is (reporting, analysis, opinion...), as the `type:` key names
it, with its schema.org type. Its reader-facing label (above the headline, in teasers, a
feed item's category) is the catalogue string ``work_<type>`` of the edition's language."""

from __future__ import annotations

DEFAULT = "news"
# type -> the schema.org type of the brief's JSON-LD; the first is the default
KINDS: dict[str, str] = {
    "news": "NewsArticle",
    "analysis": "AnalysisNewsArticle",
    "explainer": "BackgroundNewsArticle",
    "opinion": "OpinionNewsArticle",
    "review": "ReviewNewsArticle",
}


def label_key(kind: str) -> str:
    """The catalogue key of the kind's label: "work_analysis"."""
    return f"work_{kind}"


def schema_type(kind: str) -> str:
    return KINDS[kind]
