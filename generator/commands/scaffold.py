"""`briefing new`: the text of a new brief with complete front matter (pure)."""

from __future__ import annotations

import json
from datetime import datetime

from slugify import slugify

from ..config import SiteConfig


def quoted(text: str) -> str:
    """A YAML double-quoted scalar for any text (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def brief_slug(title: str) -> str:
    return slugify(title, max_length=60, word_boundary=True) or "brief"


def new_brief(title: str, tags: list[str], config: SiteConfig, now: datetime) -> tuple[str, str]:
    """(slug, file text) of a draft brief dated ``now`` in the site's time zone."""
    slug = brief_slug(title)
    when = now.astimezone(config.zone).replace(microsecond=0)
    tag_list = ", ".join(quoted(tag) for tag in tags)
    authors = ", ".join(quoted(name) for name in config.authors)
    text = f"""---
title: {quoted(" ".join(title.split()))}
date: {when.isoformat()}
id: {quoted(f"tag:{config.id_authority},{when.year}:{slug}")}
# summary: "One or two sentences: why this matters for workers."
tags: [{tag_list}]
authors: [{authors}]
draft: true
sources: []
# sources:
#   - title: "Headline of the reporting"
#     publisher: "Outlet"
#     author: "Reporter"
#     date: {when.date().isoformat()}
#     url: https://...
#     language: en
---
One paragraph: what happened, with the key figure.

## What happened

## Why it matters for workers
"""
    return slug, text
