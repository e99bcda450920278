"""Stories that develop: one file each in ``content/stories/``, joined by briefs with
``story: <slug>``. Parsing a story, checking the links both ways, and each story's thread of
briefs, oldest first. Pure functions; the files are read by ``sources``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from . import urls
from .config import SiteConfig
from .errors import ContentError
from .fields import Fields, printable
from .model import Brief, Heading, LinkSpan

STATUSES = ("developing", "concluded")


@dataclass(frozen=True)
class Story(urls.Listed):
    """One story, from ``content/stories/<slug>.md``."""

    path: str
    slug: str
    title: str
    summary: str
    status: str  # one of STATUSES
    body_html: str  # the introduction, may be empty
    toc: tuple[Heading, ...]
    lines: tuple[tuple[str, int], ...]
    links: tuple[LinkSpan, ...]
    key: str = field(default="", compare=False)
    lang: str = "en"  # what it is written in: ``lang``, else the site's language
    translation_of: str = ""  # the slug of the story this one translates; "" for an original

    def line(self, name: str) -> int:
        return dict(self.lines).get(name, 1)

    @property
    def url(self) -> str:
        return urls.story(self.slug)


@dataclass(frozen=True)
class Thread(urls.Listed):
    """A story with its published briefs in one edition, oldest first."""

    story: Story
    briefs: tuple[Brief, ...]
    prefix: str = ""  # the edition's path prefix

    @property
    def name(self) -> str:
        return self.story.title

    @property
    def url(self) -> str:
        return urls.story(self.story.slug, self.prefix)

    @property
    def newest_first(self) -> tuple[Brief, ...]:
        return self.briefs[::-1]

    @property
    def latest(self) -> Brief:
        return self.briefs[-1]


@dataclass(frozen=True)
class Place:
    """Where one brief sits in its story: "3 of 5", with the briefs before and after."""

    story: Story
    url: str  # the story's page in the brief's edition
    number: int  # from 1, oldest first
    total: int
    previous: Brief | None
    next: Brief | None


def _status(f: Fields, node: yaml.Node, key: str, config: SiteConfig) -> str | None:
    value = f.text(node, key)
    if value is not None and value not in STATUSES:
        f.error(node, f"{key}: expected one of {', '.join(STATUSES)}, found '{printable(value)}'")
        return None
    return value


def _rules() -> dict[str, Any]:
    from .parse import BRIEF_RULES, _slug

    return {
        "title": BRIEF_RULES["title"],
        "summary": BRIEF_RULES["summary"],
        "status": _status,
        "slug": _slug,
        "lang": BRIEF_RULES["lang"],
        "translation_of": _slug,
    }


STORY_RULES = _rules()


def parse_story(
    path: str, data: bytes, config: SiteConfig
) -> tuple[Story | None, list[ContentError]]:
    """Bytes of ``content/stories/<slug>.md`` -> a Story, or every located problem."""
    from .parse import _checked_slug, _read

    read, errors = _read(path, data, STORY_RULES, "story", config)
    if read is None:
        return None, errors
    v = read.values
    slug = _checked_slug(read, path)
    errors = read.fields.errors
    if errors or slug is None or None in v.values():
        return None, errors
    return Story(
        path=path,
        slug=slug,
        title=v["title"],
        summary=v["summary"],
        status=v["status"],
        body_html=read.body.html,
        toc=read.body.toc,
        lines=read.lines,
        links=read.body.links,
        lang=v.get("lang") or config.language,
        translation_of=v.get("translation_of") or "",
    ), []


def check(briefs: Iterable[Brief], stories: Iterable[Story]) -> list[ContentError]:
    """Every brief's story exists (an original: briefs in every language name the original's
    slug), every original has at least one brief, and every translation names an original
    in another language, once per language."""
    everything = list(stories)
    stories = [s for s in everything if not s.translation_of]
    errors = _translation_errors(everything)
    known = {s.slug for s in stories}
    joined: set[str] = set()
    for brief in briefs:
        if not brief.story:
            continue
        joined.add(brief.story)
        if brief.story not in known:
            listed = ", ".join(sorted(known)) or "none"
            message = f"story: no story '{brief.story}' in content/stories/ (stories: {listed})"
            errors.append(ContentError(brief.path, brief.line("story"), message))
    for story in stories:
        if story.slug not in joined:
            message = (
                f"story '{story.slug}' has no brief; add 'story: {story.slug}' to a brief"
                " or remove this file"
            )
            errors.append(ContentError(story.path, 1, message))
    return errors


def _translation_errors(stories: list[Story]) -> list[ContentError]:
    """Every located problem of a story's ``translation_of``."""
    originals = {s.slug: s for s in stories if not s.translation_of}
    seen: dict[tuple[str, str], Story] = {}
    errors = []
    for story in sorted(stories, key=lambda s: s.path):
        target = story.translation_of
        if not target:
            continue
        line = story.line("translation_of")
        original = originals.get(target)
        if original is None:
            known = ", ".join(sorted(originals)) or "none"
            message = f"translation_of: no original story '{target}' (stories: {known})"
        elif original.lang == story.lang:
            message = (
                f"translation_of: {original.path} is in '{story.lang}' too;"
                " a translation is in another language"
            )
        elif (target, story.lang) in seen:
            first = seen[target, story.lang].path
            message = f"translation_of: {first} already translates '{target}' into '{story.lang}'"
        else:
            seen[target, story.lang] = story
            continue
        errors.append(ContentError(story.path, line, message))
    return errors


def versions(stories: Iterable[Story], lang: str) -> list[Story]:
    """The stories as the edition in ``lang`` tells them: each original, or its translation
    into ``lang`` (under the original's slug, which briefs name and addresses use)."""
    everything = list(stories)
    translated = {
        s.translation_of: s for s in everything if s.translation_of and lang and s.lang == lang
    }
    return [
        replace(translated[s.slug], slug=s.slug) if s.slug in translated else s
        for s in everything
        if not s.translation_of
    ]


def gather(
    stories: Iterable[Story], briefs: tuple[Brief, ...], prefix: str = "", lang: str = ""
) -> tuple[Thread, ...]:
    """Each story that has a published brief, with them oldest first (``briefs`` is newest
    first); stories by slug; in the edition at ``prefix``, in its language ``lang`` where
    the story has a translation."""
    stories = versions(stories, lang)
    members: dict[str, list[Brief]] = {s.slug: [] for s in stories}
    for brief in reversed(briefs):
        if brief.story in members:
            members[brief.story].append(brief)
    return tuple(
        Thread(s, tuple(members[s.slug]), prefix)
        for s in sorted(stories, key=lambda s: s.slug)
        if members[s.slug]
    )


def places(threads: Iterable[Thread]) -> dict[str, Place]:
    """brief slug -> its place in its story."""
    out = {}
    for thread in threads:
        items = thread.briefs
        for i, brief in enumerate(items):
            out[brief.slug] = Place(
                thread.story,
                thread.url,
                i + 1,
                len(items),
                items[i - 1] if i > 0 else None,
                items[i + 1] if i + 1 < len(items) else None,
            )
    return out
