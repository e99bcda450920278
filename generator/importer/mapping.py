"""An old post's front matter -> a brief's (or page's): the one mapping table, and the rules
for each Briefing key. Pure: a Post in, front matter and report notes out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slugify import slugify

from ..parse import alias_problem
from .model import Note, Post
from .readers import _as_datetime, _words

# Every key another generator writes that Briefing keeps: old key -> Briefing key. The
# contract prints this table; any key not in it is dropped, with a line in the report.
KEYS: Mapping[str, str] = MappingProxyType(
    {
        "title": "title",
        "date": "date",
        "modified": "updated",
        "last_modified_at": "updated",
        "lastmod": "updated",
        "updated": "updated",
        "tags": "tags",
        "category": "tags",
        "categories": "tags",
        "author": "authors",
        "authors": "authors",
        "summary": "summary",
        "excerpt": "summary",
        "description": "summary",
        "slug": "slug",
        "status": "draft",
        "published": "draft",
        "draft": "draft",
        "lang": "lang",
        "language": "lang",
        "aliases": "aliases",
        "redirect_from": "aliases",
        "permalink": "aliases",
        "url": "aliases",
        "save_as": "aliases",
    }
)
# The order keys are written in, as in a brief written by hand.
ORDER = ("title", "date", "updated", "id", "summary", "tags", "authors", "lang",
         "draft", "aliases")  # fmt: skip


@dataclass(frozen=True)
class Mapped:
    """A post's Briefing front matter (in ``ORDER``), the slug it gets, and its notes."""

    front: dict[str, Any]
    slug: str
    year: int | None
    notes: tuple[Note, ...]


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _when(value: Any, zone: ZoneInfo | None) -> str | None:
    """A date as Briefing writes it: "2023-07-26" or "2023-07-26T10:00:00+02:00"."""
    parsed = _as_datetime(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None and zone is not None and (parsed.hour or parsed.minute):
        parsed = parsed.replace(tzinfo=zone)
    if parsed.tzinfo is None and not (parsed.hour or parsed.minute or parsed.second):
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


def unique_slug(wanted: str, taken: set[str]) -> str:
    """A valid slug, unique among ``taken``; a leading date is dropped, as Briefing drops it
    from file names (the date is the brief's own, and the file name carries it)."""
    wanted = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", wanted) or wanted
    slug = slugify(wanted, max_length=80, word_boundary=True) or "post"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def one_spelling(tags: list[str], spellings: dict[str, str]) -> tuple[list[str], list[str]]:
    """``tags`` with each written as the site first wrote it ("code design" and "code-design"
    are one tag to Briefing, which refuses two spellings), and a line for each renamed."""
    out: list[str] = []
    renamed: list[str] = []
    for tag in tags:
        first = spellings.setdefault(slugify(tag), tag)
        if first != tag:
            renamed.append(f"tag '{tag}' written '{first}', as elsewhere on the site")
        if first not in out:
            out.append(first)
    return out, renamed


def _draft(key: str, value: Any) -> bool | None:
    if key == "status":
        return {"draft": True, "hidden": True}.get(str(value).strip().lower(), False)
    if key == "published":
        return value is False or str(value).strip().lower() == "false"
    return value is True or str(value).strip().lower() == "true"


class _Mapping:
    """One post being mapped: the front matter so far, its tags and the notes made."""

    def __init__(self, post: Post, zone: Any) -> None:
        self.post = post
        self.zone = zone
        self.notes: list[Note] = []
        self.out: dict[str, Any] = {}
        self.tags: list[str] = []

    def note(self, key: str, level: str, message: str) -> None:
        self.notes.append(Note(self.post.path, self.post.lines.get(key, 1), level, message))

    def key(self, key: str, value: Any) -> None:
        """One key of the post's front matter, mapped to Briefing's, dropped or left out."""
        target = KEYS.get(key.lower())
        if target is None:
            self.note(key, "dropped", f"'{key}': Briefing has no such key")
            return
        # the old addresses come from the reader, which knows the permalink rules; the slug
        # is chosen before mapping, as links from other posts need every slug first
        if target in ("aliases", "slug"):
            return
        if target in ("date", "updated"):
            if not self._date(key, target, value):
                return
        else:
            self._value(key, target, value)
        if key.lower() != target:
            self.note(key, "mapped", f"'{key}' -> '{target}'")

    def _date(self, key: str, target: str, value: Any) -> bool:
        """A date, or the file name's for a publication date that is not one; False when
        it is left out."""
        when = _when(value, self.zone)
        if when is None and target == "date" and self.post.file_date:
            self.note(key, "warning", f"'{key}': not a date ({value!r}); the file name's "
                                      f"{self.post.file_date} instead")  # fmt: skip
            when = self.post.file_date
        elif when is None:
            self.note(key, "warning", f"'{key}': not a date ({value!r}); left out")
            return False
        self.out[target] = when
        return True

    def _value(self, key: str, target: str, value: Any) -> None:
        out = self.out
        if target == "tags":
            sep = " " if key == "categories" and isinstance(value, str) else ","
            self.tags += _words(value, sep)
        elif target == "authors":
            out.setdefault("authors", [])
            out["authors"] += _words(value)
        elif target == "draft":
            if _draft(key, value):
                out["draft"] = True
        elif target == "summary":
            text = " ".join(str(value).split())
            if text:
                out.setdefault("summary", text)
        elif value not in (None, ""):
            out.setdefault(target, str(value))

    def dates(self, authority: str, slug: str) -> int | None:
        """A brief's dates checked and its permanent id made from the year; a page has no
        date. Returns the brief's year."""
        out = self.out
        if self.post.kind != "brief":
            out.pop("date", None)
            return None
        if "date" not in out:
            self.note("date", "warning", "no date in the front matter or the file name")
            return None
        year = datetime.fromisoformat(out["date"][:10]).year
        if "updated" in out and out["updated"] < out["date"]:
            self.note("updated", "warning", "dated before the post itself; left out")
            del out["updated"]
        elif out.get("updated") == out["date"]:
            del out["updated"]
        out["id"] = f"tag:{authority},{year}:{slug}"
        return year

    def aliases(self, slug: str) -> None:
        """The post's old addresses that differ from its new one, kept as ``aliases``."""
        new_url = f"/briefs/{slug}/" if self.post.kind == "brief" else f"/{slug}/"
        aliases: list[str] = []
        for old in self.post.old_urls:
            problem = alias_problem(old)
            if old == new_url:
                continue
            if problem is not None:
                self.note("url", "warning", f"old address '{old}' cannot be kept: {problem}")
            else:
                aliases.append(old)
        if aliases:
            self.out["aliases"] = list(dict.fromkeys(aliases))


def map_post(post: Post, slug: str, authority: str, zone_name: str | None) -> Mapped:
    """The Briefing front matter of ``post``, whose slug is already chosen (``slug``)."""
    m = _Mapping(post, _zone(zone_name))
    for key, value in post.meta.items():
        m.key(key, value)
    out = m.out
    if m.tags:
        out["tags"] = list(dict.fromkeys(m.tags))
    if "title" not in out:
        out["title"] = post.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        m.note("title", "warning", f"no title; named '{out['title']}' from the file name")
    year = m.dates(authority, slug)
    m.aliases(slug)
    ordered = {key: out[key] for key in ORDER if key in out}
    return Mapped(ordered, slug, year, tuple(m.notes))
