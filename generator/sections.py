"""Sections of the publication: named in site.yaml (``sections:``), each brief in at most one.

``read_settings`` reads the setting (for config.py); ``gather`` groups the published briefs
by section for the site model. Pure functions, no disk access."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import yaml

from . import urls
from .limits import MAX_SLUG_LENGTH

if TYPE_CHECKING:
    from .fields import Fields
    from .model import Brief

SLUG_RE = re.compile(r"^[a-z0-9-]+$")
KEYS = ("slug", "name", "description", "translations")
TRANSLATION_KEYS = ("name", "description")


@dataclass(frozen=True)
class Translation:
    """A section's name (and description) in another edition's language."""

    code: str
    name: str
    description: str = ""
    line: int = field(default=1, compare=False)  # where site.yaml gives it


@dataclass(frozen=True)
class SectionSetting:
    """One entry of site.yaml's ``sections``."""

    slug: str
    name: str
    description: str = ""
    translations: tuple[Translation, ...] = ()  # its name in other editions' languages

    @property
    def url(self) -> str:
        return urls.section(self.slug)

    def in_language(self, code: str) -> SectionSetting:
        """The section as the edition in ``code`` names it: its translation, else itself."""
        found = next((t for t in self.translations if t.code == code), None)
        if found is None:
            return self
        return replace(self, name=found.name, description=found.description or self.description)


@dataclass(frozen=True)
class SectionLink:
    """A section as the navigation links it: its name and page, nothing of its briefs (so a
    page that shows the menu does not depend on which briefs each section holds)."""

    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class Section(urls.Listed):
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
    def link(self) -> SectionLink:
        return SectionLink(self.slug, self.name, self.url)


def read_settings(f: Fields, node: yaml.Node) -> tuple[SectionSetting, ...] | None:
    """site.yaml's ``sections``: a list of entries with a unique ``slug`` and a ``name``."""
    first: dict[str, int] = {}
    failed = False

    def read(item: yaml.MappingNode) -> SectionSetting | None:
        nonlocal failed
        values: dict[str, str | None] = {}
        translations: tuple[Translation, ...] = ()
        for key, _, value in f.items(item, KEYS, "sections: "):
            if key == "translations":
                found = _translations(f, value)
                failed = failed or found is None
                translations = found or ()
                continue
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
        return SectionSetting(**values, translations=translations)  # type: ignore[arg-type]

    found = f.records(node, "sections", read)
    return None if found is None or failed else found


def _translations(f: Fields, node: yaml.Node) -> tuple[Translation, ...] | None:
    """A section's ``translations``: a mapping of language codes to ``{name, description}``."""
    if not isinstance(node, yaml.MappingNode):
        f.error(node, "sections translations: expected a mapping like 'it: {name: ...}'")
        return None
    out: list[Translation] = []
    failed = False
    for code_node, entry in node.value:
        code = f.lang(code_node, "sections translations")
        if not isinstance(entry, yaml.MappingNode):
            f.error(entry, "sections translations entry: expected keys name and description")
            failed = True
            continue
        values: dict[str, str | None] = {}
        for key, _, value in f.items(entry, TRANSLATION_KEYS, "sections translations: "):
            values[key] = f.text(value, f"sections translations {key}")
        if "name" not in values:
            f.error(entry, "sections translations entry: missing name")
        if code is None or "name" not in values or None in values.values():
            failed = True
            continue
        out.append(Translation(code, line=f.line(code_node), **values))  # type: ignore[arg-type]
    return None if failed else tuple(out)


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
