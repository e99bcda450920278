"""Sections of the publication: named in site.yaml (``sections:``), each brief in at most one.

``read_settings`` reads the setting (for config.py); ``gather`` groups the published briefs
by section for the site model. Pure functions, no disk access."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from . import urls
from .limits import MAX_SLUG_LENGTH

if TYPE_CHECKING:
    from .fields import Fields
    from .model import Brief

SLUG_RE = re.compile(r"^[a-z0-9-]+$")
KEYS = ("slug", "name", "description")


@dataclass(frozen=True)
class SectionSetting:
    """One entry of site.yaml's ``sections``."""

    slug: str
    name: str
    description: str = ""

    @property
    def url(self) -> str:
        return urls.section(self.slug)


@dataclass(frozen=True)
class Section:
    """A section with its published briefs, newest first."""

    slug: str
    name: str
    description: str
    briefs: tuple[Brief, ...]
    prefix: str = ""  # the edition's path prefix

    @property
    def url(self) -> str:
        return urls.section(self.slug, self.prefix)

    @property
    def feeds(self) -> urls.Feeds:
        return urls.feeds_of(self.url)


def read_settings(f: Fields, node: yaml.Node) -> tuple[SectionSetting, ...] | None:
    """site.yaml's ``sections``: a list of entries with a unique ``slug`` and a ``name``."""
    first: dict[str, int] = {}
    failed = False

    def read(item: yaml.MappingNode) -> SectionSetting | None:
        nonlocal failed
        values: dict[str, str | None] = {}
        for key, _, value in f.items(item, KEYS, "sections: "):
            values[key] = f.text(value, f"sections {key}")
            if key == "slug" and values[key] is not None:
                slug = str(values[key])
                if not SLUG_RE.match(slug) or len(slug) > MAX_SLUG_LENGTH:
                    f.error(
                        value,
                        f"sections slug: use only a-z, 0-9 and '-' (at most {MAX_SLUG_LENGTH}"
                        f" characters), found '{slug}'",
                    )
                    values[key] = None
                elif slug in first:
                    f.error(
                        value,
                        f"sections slug: '{slug}' is also the slug of the section on line"
                        f" {first[slug]}",
                    )
                    values[key] = None
                else:
                    first[slug] = f.line(value)
        missing = [k for k in ("slug", "name") if k not in values]
        if missing:
            f.error(item, f"sections entry: missing {', '.join(missing)}")
        if missing or None in values.values():
            failed = True
            return None
        return SectionSetting(**values)  # type: ignore[arg-type]

    found = f.records(node, "sections", read)
    return None if found is None or failed else found


def gather(
    settings: tuple[SectionSetting, ...], briefs: tuple[Brief, ...], prefix: str = ""
) -> tuple[Section, ...]:
    """Each section of the settings, in their order, with its briefs (``briefs``' order), in
    the edition at ``prefix``."""
    members: dict[str, list[Brief]] = {s.slug: [] for s in settings}
    for brief in briefs:
        if brief.section:
            members[brief.section].append(brief)
    return tuple(
        Section(s.slug, s.name, s.description, tuple(members[s.slug]), prefix) for s in settings
    )
