"""People who write the briefing: one file each in ``content/authors/``, named in a brief's
``authors:`` by slug. Parsing a person, checking every byline, and grouping each person's
briefs. Pure functions; the files are read by ``sources``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

from . import urls
from .config import SiteConfig
from .errors import ContentError
from .fields import Fields, is_web_url, printable
from .model import Brief, Heading, LinkSpan, Picture

EMAIL_RE = re.compile(r"^[^@\s,?<>:/]+@[^@\s,?<>:/]+\.[^@\s,?<>:/]+$")
PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")  # what Pillow reads


@dataclass(frozen=True)
class Person:
    """One person, from ``content/authors/<slug>.md``."""

    path: str
    slug: str
    name: str
    role: str
    photo: str  # as written: a file name in content/authors/, "/media/<name>", or ""
    same_as: tuple[str, ...]  # http(s) addresses of the person elsewhere (``links``)
    email: str
    body_html: str  # the bio
    toc: tuple[Heading, ...]
    lines: tuple[tuple[str, int], ...]
    links: tuple[LinkSpan, ...]  # every link in body_html
    key: str = field(default="", compare=False)
    lang: str = "en"  # what the bio is written in: the site's language
    picture: Picture | None = None  # the photo, once the picture pipeline has placed it

    def line(self, name: str) -> int:
        return dict(self.lines).get(name, 1)

    @property
    def url(self) -> str:
        return urls.author(self.slug)

    @property
    def pictures(self) -> tuple[Picture, ...]:
        """The files the photo is shown from (for the picture pipeline's encoder)."""
        return (self.picture,) if self.picture is not None else ()

    @property
    def photo_url(self) -> str:
        """The photo's fallback file (JPEG or PNG), largest: JSON-LD's ``image``."""
        return self.picture.fallback.url if self.picture is not None else ""


@dataclass(frozen=True)
class Author(urls.Listed):
    """A person with their published briefs in one edition, newest first."""

    person: Person
    briefs: tuple[Brief, ...]
    prefix: str = ""  # the edition's path prefix

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def url(self) -> str:
        return urls.author(self.person.slug, self.prefix)


@dataclass(frozen=True)
class Byline:
    """One name of a brief's byline, with the page it links to."""

    name: str
    url: str  # the person's page, the masthead for the desk, "" for a plain name
    person: bool  # False: the desk, or a plain name on a site without people


def _photo(f: Fields, node: yaml.Node, key: str, config: SiteConfig) -> str | None:
    value = f.text(node, key)
    if value is None:
        return None
    name = value.removeprefix("/media/")
    if "/" in name or "\\" in name or name.startswith(".") or not value.isprintable():
        f.error(
            node,
            f"{key}: expected a file name in content/authors/ or /media/<name>, found"
            f" '{printable(value)}'",
        )
        return None
    if PurePosixPath(value).suffix.lower() not in PHOTO_TYPES:
        kinds = ", ".join(PHOTO_TYPES)
        f.error(node, f"{key}: expected a picture ({kinds}), found '{printable(value)}'")
        return None
    return value


def _links(f: Fields, node: yaml.Node, key: str, config: SiteConfig) -> Any:
    items = f.strings(node, key)
    if items is None:
        return None
    wrong = [(value, line) for value, line in items if not is_web_url(value)]
    for value, line in wrong:
        f.error(line, f"{key} entry: expected an http:// or https:// address, found '{value}'")
    return None if wrong else items


def _email(f: Fields, node: yaml.Node, key: str, config: SiteConfig) -> str | None:
    value = f.text(node, key)
    if value is not None and not EMAIL_RE.match(value):
        f.error(node, f"{key}: expected an address like 'name@example.org', found '{value}'")
        return None
    return value


def _rules() -> dict[str, Any]:
    from .parse import BRIEF_RULES, _slug

    return {
        "name": BRIEF_RULES["title"],
        "slug": _slug,
        "role": BRIEF_RULES["title"],
        "photo": _photo,
        "links": _links,
        "email": _email,
    }


def parse_person(
    path: str, data: bytes, config: SiteConfig
) -> tuple[Person | None, list[ContentError]]:
    """Bytes of ``content/authors/<slug>.md`` -> a Person, or every located problem."""
    from .parse import _checked_slug, _read

    read, errors = _read(path, data, PERSON_RULES, "person", config)
    if read is None:
        return None, errors
    v = read.values
    slug = _checked_slug(read, path)
    errors = read.fields.errors
    if errors or slug is None or None in v.values():
        return None, errors
    return Person(
        path=path,
        slug=slug,
        name=v["name"],
        role=v.get("role") or "",
        photo=v.get("photo") or "",
        same_as=v.get("links") or (),
        email=v.get("email") or "",
        body_html=read.body.html,
        toc=read.body.toc,
        lines=read.lines,
        links=read.body.links,
        lang=config.language,
    ), []


PERSON_RULES = _rules()


def check(
    briefs: Iterable[Brief], people: Iterable[Person], desk: tuple[str, ...]
) -> list[ContentError]:
    """Every name in a byline is a person's slug or the desk's name (on a site that has
    people: one without keeps its bylines as plain names). Photos are checked where the
    picture pipeline places them (pictures.place_photos)."""
    known = {p.slug for p in people}
    errors = []
    for brief in briefs if known else ():
        for index, name in enumerate(brief.authors):
            if name in known or name in desk:
                continue
            listed = ", ".join(sorted(known)) or "none"
            message = (
                f"authors entry: no person '{printable(name)}' in content/authors/ and not the"
                f" desk ({', '.join(desk) or 'none'}); people: {listed}"
            )
            errors.append(ContentError(brief.path, brief.line(f"authors[{index}]"), message))
    return errors


def gather(
    people: Iterable[Person], briefs: tuple[Brief, ...], prefix: str = ""
) -> tuple[Author, ...]:
    """Each person (by slug) with their briefs, in ``briefs``' order (newest first), in the
    edition at ``prefix``."""
    members: dict[str, list[Brief]] = {p.slug: [] for p in people}
    for brief in briefs:
        for name in dict.fromkeys(brief.authors):
            if name in members:
                members[name].append(brief)
    return tuple(
        Author(p, tuple(members[p.slug]), prefix) for p in sorted(people, key=lambda p: p.slug)
    )
