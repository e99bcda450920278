"""Source text -> Brief or Page, with every problem located; one table of field rules."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any

import yaml

from . import charts, citations, leftovers, markup, urls
from .config import SiteConfig
from .errors import ContentError
from .fields import Fields, kind, printable
from .frontmatter import decode, split
from .limits import MAX_NESTING, MAX_SLUG_LENGTH, MAX_TAG_LENGTH, MAX_TAGS
from .model import UPDATE_KINDS, Brief, LeadImage, Page, Source, Update
from .typography import typeset_text
from .work import KINDS

SLUG_RE = re.compile(r"[a-z0-9-]+\Z")
DATED_NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-")
ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ALIAS_SEGMENT_RE = re.compile(r"[A-Za-z0-9._~-]+\Z")
TOO_DEEP = (
    f"nested too deeply to render (lists and quotes more than {MAX_NESTING} levels, "
    "or emphasis inside emphasis hundreds of levels); flatten it"
)
MISSING_ID = (
    "no permanent 'id'; its feed id changes if the file is renamed or re-dated (run 'briefing ids')"
)

Reader = Callable[[Fields, yaml.Node, str, SiteConfig], Any]


def _slug(f: Fields, node: yaml.Node, field: str, config: SiteConfig) -> str | None:
    value = f.text(node, field)
    if value is not None and not SLUG_RE.match(value):
        f.error(node, f"{field}: use only a-z, 0-9 and '-', found '{value}'")
        return None
    if value is not None and len(value) > MAX_SLUG_LENGTH:
        f.error(node, f"{field}: expected at most {MAX_SLUG_LENGTH} characters, found {len(value)}")
        return None
    return value


def _tags(
    f: Fields, node: yaml.Node, field: str, config: SiteConfig
) -> tuple[tuple[str, int], ...] | None:
    tags = f.strings(node, field)
    if tags is None:
        return None
    too_long = [(name, line) for name, line in tags if len(name) > MAX_TAG_LENGTH]
    for name, line in too_long:
        f.error(
            line, f"{field} entry: expected at most {MAX_TAG_LENGTH} characters, found {len(name)}"
        )
    if len(tags) > MAX_TAGS:
        f.error(node, f"{field}: expected at most {MAX_TAGS} tags, found {len(tags)}")
    return None if too_long or len(tags) > MAX_TAGS else tags


def _id(f: Fields, node: yaml.Node, field: str, config: SiteConfig) -> str | None:
    value = f.text(node, field)
    if value is not None and not ID_RE.match(value):
        f.error(
            node,
            f"{field}: expected a permanent URI like 'tag:briefing,2023:my-brief', found '{value}'",
        )
        return None
    return value


def alias_problem(value: str) -> str | None:
    """Why ``value`` is not an old site path a redirect page can stand at, or None."""
    if SCHEME_RE.match(value) or value.startswith("//"):
        return "expected a path on this site like '/briefs/old-name/', not an address"
    if not value.startswith("/"):
        return "expected a path from the site's root like '/briefs/old-name/'"
    page_file = value.endswith((".html", ".htm"))  # an old generator's address, kept exact
    if (not value.endswith("/") and not page_file) or value == "/":
        return (
            "expected a folder path ending in '/' like '/briefs/old-name/', "
            "or a page file like '/2023/old-name.html'"
        )
    segments = value[1:].removesuffix("/").split("/")
    if any(segment in (".", "..") for segment in segments):
        return "'.' and '..' are not allowed in a path"
    if not all(ALIAS_SEGMENT_RE.match(segment) for segment in segments):
        return "use only letters, digits and '-', '.', '_', '~' between the '/'"
    return None


def _aliases(
    f: Fields, node: yaml.Node, field: str, config: SiteConfig
) -> tuple[tuple[str, int], ...] | None:
    items = f.strings(node, field)
    if items is None:
        return None
    wrong = [(value, line, alias_problem(value)) for value, line in items]
    for value, line, problem in wrong:
        if problem is not None:
            f.error(line, f"{field} entry: {problem}, found '{printable(value)}'")
    return None if any(problem for _, _, problem in wrong) else items


def _typeset(value: str | None) -> str | None:
    return None if value is None else typeset_text(value)


def _prose(f: Fields, node: yaml.Node, field: str) -> str | None:
    """Text a reader sees (a title, a summary), typeset like the body."""
    return _typeset(f.text(node, field))


def _summary(f: Fields, node: yaml.Node, field: str) -> str | None:
    """A summary is inline Markdown shown as plain text: ``*Why* it matters`` reads "Why it
    matters" under the headline, in lists, feeds and previews (no asterisks); HTML typed in it
    stays text."""
    text = f.text(node, field)
    if text is None:
        return None
    # HTML typed in a summary is text, as in every other field: "<b>" stays "<b>"
    return markup.plain_text(markup.render_inline(html.escape(text, quote=False)))


def _source_key(f: Fields, node: yaml.Node, field: str) -> str | None:
    value = f.text(node, field)
    if value is not None and not citations.KEY_RE.match(value):
        f.error(node, f"{field}: use only a-z, 0-9 and '-', found '{printable(value)}'")
        return None
    return value


def _sources(
    f: Fields, node: yaml.Node, field: str, config: SiteConfig
) -> tuple[Source, ...] | None:
    """The sources list; each ``key`` given at most once."""
    first: dict[str, int] = {}

    def read(item: yaml.MappingNode) -> Source | None:
        source = _source(f, item)
        for key_node, value_node in item.value:
            if key_node.value == "key" and source is not None and source.key is not None:
                line = f.line(value_node)
                if source.key in first:
                    f.error(
                        line,
                        f"sources key: '{source.key}' is also the key of the source "
                        f"on line {first[source.key]}",
                    )
                    return None
                first[source.key] = line
        return source

    return f.records(node, field, read)


def _source(f: Fields, node: yaml.MappingNode) -> Source | None:
    values: dict[str, str | None] = dict.fromkeys(SOURCE_RULES)
    for key, _, value in f.items(node, tuple(SOURCE_RULES), "sources: "):
        values[key] = SOURCE_RULES[key](f, value, f"sources {key}")
    if not values["title"] and not values["publisher"]:
        f.error(node, "sources entry: needs a title or a publisher")
        return None
    return Source(**values)


def _update(f: Fields, node: yaml.MappingNode, zone: Any) -> tuple[Update, int] | None:
    values: dict[str, Any] = {}
    for key, _, value in f.items(node, UPDATE_KEYS, "updates: "):
        if key == "date":
            values[key] = f.when(value, "updates date", zone)
        elif key == "kind":
            kind = f.text(value, "updates kind")
            if kind is not None and kind not in UPDATE_KINDS:
                f.error(
                    value,
                    f"updates kind: expected one of {', '.join(UPDATE_KINDS)}, found '{kind}'",
                )
                kind = None
            values[key] = kind
        else:
            note_html = _note(f, value)
            values["note_html"] = note_html
            values[key] = None if note_html is None else markup.plain_text(note_html)
    missing = [k for k in UPDATE_KEYS if k not in values]
    if missing:
        f.error(node, f"updates entry: missing {', '.join(missing)}")
    if missing or None in values.values():
        return None
    return Update(**values), f.line(node)  # the line lands in Brief.lines as updates[i]


# The keys of an `updates:` entry, every one required.
UPDATE_KEYS = ("date", "kind", "note")


def _note(f: Fields, node: yaml.Node) -> str | None:
    """A correction note: one paragraph of inline Markdown, as sanitised HTML."""
    text = f.text(node, "updates note")
    if text is None:
        return None
    try:
        note_html = markup.render_inline(text)
    except markup.TooDeep:
        f.error(node, f"updates note: {TOO_DEEP}")
        return None
    if not note_html:
        f.error(node, "updates note: nothing is left once the HTML that is not allowed is removed")
        return None
    return note_html


# The keys of ``image:`` (a lead picture); the first three are required.
IMAGE_KEYS = ("src", "alt", "credit", "caption", "rights", "focus")
FOCUS_WORDS = MappingProxyType({"center": (0.5, 0.5), "top": (0.5, 0.0), "bottom": (0.5, 1.0),
                                "left": (0.0, 0.5), "right": (1.0, 0.5)})  # fmt: skip


def _focus(f: Fields, node: yaml.Node) -> tuple[float, float] | None:
    """``focus``: one or two of center, top, bottom, left, right ("top left")."""
    text = f.text(node, "image focus")
    if text is None:
        return None
    words = text.lower().split()
    if not 1 <= len(words) <= 2 or any(w not in FOCUS_WORDS for w in words):
        f.error(
            node,
            "image focus: expected one or two of center, top, bottom, left, right "
            f"(like 'top left'), found '{printable(text)}'",
        )
        return None
    x = next((FOCUS_WORDS[w][0] for w in words if w in ("left", "right")), 0.5)
    y = next((FOCUS_WORDS[w][1] for w in words if w in ("top", "bottom")), 0.5)
    return (x, y)


def _image(f: Fields, node: yaml.Node, field: str, config: SiteConfig) -> LeadImage | None:
    """``image``: the lead picture, with its alt text and credit."""
    if not isinstance(node, yaml.MappingNode):
        f.error(
            node, f"{field}: expected keys and values (src, alt, credit...), found {kind(node)}"
        )
        return None
    values: dict[str, Any] = {}
    src_line = f.line(node)
    for key, _, value in f.items(node, IMAGE_KEYS, "image: "):
        if key == "focus":
            values[key] = _focus(f, value)
        elif key == "src":
            values[key] = f.text(value, "image src")
            src_line = f.line(value)
        else:
            values[key] = _prose(f, value, f"image {key}")
    missing = [k for k in IMAGE_KEYS[:3] if k not in values]
    if missing:
        f.error(node, f"image: missing {', '.join(missing)}")
    if missing or None in values.values():
        return None
    return LeadImage(**values, line=src_line)


SOURCE_RULES: dict[str, Callable[[Fields, yaml.Node, str], str | None]] = {
    "title": _prose,
    "publisher": _prose,
    "author": _prose,
    "date": Fields.day,
    "url": Fields.web_url,
    "language": Fields.lang,
    "key": _source_key,
}


def _type(f: Fields, node: yaml.Node, field: str, config: SiteConfig) -> str | None:
    value = f.text(node, field)
    if value is not None and value not in KINDS:
        f.error(node, f"{field}: expected one of {', '.join(KINDS)}, found '{printable(value)}'")
        return None
    return value


def _section(f: Fields, node: yaml.Node, field: str, config: SiteConfig) -> str | None:
    value = f.text(node, field)
    if value is not None and config.section(value) is None:
        known = ", ".join(s.slug for s in config.sections)
        where = f"sections in site.yaml: {known}" if known else "site.yaml names no sections"
        f.error(node, f"{field}: no section '{printable(value)}' ({where})")
        return None
    return value


# The per-field rules of a brief's front matter: key -> reader.
BRIEF_RULES: dict[str, Reader] = {
    "title": lambda f, n, k, c: _prose(f, n, k),
    "date": lambda f, n, k, c: f.when(n, k, c.zone),
    "updated": lambda f, n, k, c: f.when(n, k, c.zone),
    "id": _id,
    "slug": _slug,
    "summary": lambda f, n, k, c: _summary(f, n, k),
    "tags": _tags,
    "authors": lambda f, n, k, c: f.strings(n, k),
    "lang": lambda f, n, k, c: f.lang(n, k),
    "draft": lambda f, n, k, c: f.flag(n, k),
    "sources": _sources,
    "updates": lambda f, n, k, c: f.records(n, k, lambda item: _update(f, item, c.zone)),
    "aliases": _aliases,
    "type": _type,
    "section": _section,
    "story": _slug,
    "translation_of": _id,
    "image": _image,
}

PAGE_RULES: dict[str, Reader] = {
    "title": BRIEF_RULES["title"],
    "slug": _slug,
    "summary": BRIEF_RULES["summary"],
    "updated": BRIEF_RULES["updated"],
    "lang": BRIEF_RULES["lang"],
    "draft": BRIEF_RULES["draft"],
    "menu": lambda f, n, k, c: f.integer(n, k, minimum=0),
    "translation_of": _slug,
    "aliases": _aliases,
}

REQUIRED = {
    "brief": ("title", "date"),
    "page": ("title",),
    "person": ("name",),
    "story": ("title", "summary", "status"),
}


@dataclass(frozen=True)
class _Read:
    values: dict[str, Any]
    lines: tuple[tuple[str, int], ...]
    body: markup.Rendered
    fields: Fields
    leftovers: tuple[tuple[int, str], ...]


def _read(path: str, data: bytes, rules: dict[str, Reader], kind: str, config: SiteConfig):
    text, errors = decode(path, data)
    if text is None:
        return None, errors
    parts, errors = split(path, text)
    if parts is None:
        return None, errors
    f = Fields(path, parts.offset)
    values, lines = _front_matter(f, parts, rules, kind, config)
    keys = None
    if kind == "brief":
        keys = tuple(source.key for source in values.get("sources") or ())
    body = _body(f, parts, keys, values.get("sources") or ())
    if body is None:
        return None, f.errors
    _unpair(values, lines)
    left = leftovers.find(parts.body, parts.body_line, body.html)
    return _Read(values, tuple(sorted(lines.items())), body, f, left), f.errors


def _front_matter(
    f: Fields, parts: Any, rules: dict[str, Reader], kind: str, config: SiteConfig
) -> tuple[dict[str, Any], dict[str, int]]:
    """Each key's value (read by its rule) and line; a missing required key is an error."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, key_node, value_node in f.items(parts.mapping, tuple(rules)):
        lines[key] = f.line(key_node)
        values[key] = rules[key](f, value_node, key, config)
    for key in REQUIRED[kind]:
        if key not in lines:
            f.error(1, f"missing required key '{key}'")
    return values, lines


def _body(
    f: Fields, parts: Any, keys: tuple[str | None, ...] | None, sources: tuple[Any, ...]
) -> markup.Rendered | None:
    """The body rendered, its charts drawn; control characters and unknown citation keys
    are errors. None when it nests too deeply to render."""
    controls = markup.control_characters(parts.body, parts.body_line)
    for line, name in controls:
        f.error(line, f"body: {name} is not allowed")
    body = _drawn(f, parts, keys, sources)
    if body is None:
        return None
    for line, key in body.unknown_citations:
        known = ", ".join(sorted(k for k in keys or () if k)) or "none"
        f.error(line, f"body: no source has the citation key '{printable(key)}' (keys: {known})")
    if not controls:
        for line, name in markup.referenced_controls(parts.body, body.html, parts.body_line):
            f.error(line, f"body: a character reference to {name} is not allowed")
    return body


def _drawn(
    f: Fields, parts: Any, keys: tuple[str | None, ...] | None, sources: tuple[Any, ...]
) -> markup.Rendered | None:
    """The body converted with its chart blocks drawn in place (when every one of them is
    right; a wrong one is an error); None, with an error, when it nests too deeply."""
    text, blocks = charts.extract(parts.body, parts.body_line)
    drawn = []
    for fence_line, spec in blocks:
        chart, problems = charts.parse(f.path, fence_line, spec, sources)
        f.errors += problems
        if chart is not None:
            drawn.append(chart)
    try:
        body = markup.render(text, parts.body_line, keys)
    except markup.TooDeep as deep:
        f.error(parts.body_line + deep.line - 1, f"body: {TOO_DEEP}")
        return None
    if drawn and len(drawn) == len(blocks):
        html, links = charts.insert(body.html, body.links, drawn)
        body = replace(body, html=html, links=links)
    return body


def _unpair(values: dict[str, Any], lines: dict[str, int]) -> None:
    """Lists read as (item, line) pairs become lists of items, each line kept as key[i]."""
    for key, value in values.items():
        if isinstance(value, tuple) and value and isinstance(value[0], tuple):
            lines.update({f"{key}[{i}]": line for i, (_, line) in enumerate(value)})
            values[key] = tuple(item for item, _ in value)


def read_line(read: _Read, field: str) -> int:
    return dict(read.lines).get(field, 1)


def default_slug(path: str) -> str:
    """The file name minus a leading date; for a bundle's index.md, its folder's name."""
    name = PurePosixPath(path)
    bundle = name.name == "index.md" and name.parent.name not in ("briefs", "pages")
    stem = name.parent.name if bundle else name.stem
    return DATED_NAME_RE.sub("", stem)


def _checked_slug(read: _Read, path: str) -> str | None:
    slug = read.values.get("slug") or default_slug(path)
    if "slug" not in read.values and not SLUG_RE.match(slug):
        read.fields.error(
            1,
            f"file name gives the slug '{printable(slug)}', which is not a-z, 0-9 and '-'; "
            "rename the file or set 'slug'",
        )
        return None
    if "slug" not in read.values and len(slug) > MAX_SLUG_LENGTH:
        read.fields.error(
            1,
            f"file name gives a slug of {len(slug)} characters, more than {MAX_SLUG_LENGTH}; "
            "set a shorter 'slug'",
        )
        return None
    return slug


def _edition_prefix(read: _Read, config: SiteConfig) -> str | None:
    """The path prefix of the edition the file's ``lang`` belongs to ("" for the default
    edition and for a site with one); None, with a located error, for a language no
    edition has."""
    if not config.languages:
        return ""
    lang = read.values.get("lang") or config.language
    codes = [e.code for e in config.languages]
    if lang not in codes:
        line = read_line(read, "lang")
        read.fields.error(
            line,
            f"lang: no edition has the language '{lang}' (site.yaml languages: {', '.join(codes)})",
        )
        return None
    return "" if lang == codes[0] else f"/{lang}"


def _check_dates(read: _Read, date: datetime | None, updates: tuple[Update, ...]) -> None:
    """Updates come after publication, and an explicit ``updated`` after both."""
    v = read.values
    if date is not None:
        # An update comes after publication: one at the brief's own instant would leave
        # `updated` equal to `date`, so neither the page nor any feed would show it as news.
        for index, update in enumerate(v.get("updates") or ()):
            line = read_line(read, f"updates[{index}]")
            if update.date < date:
                read.fields.error(line, "updates entry: dated before the brief's date")
            elif update.date == date:
                read.fields.error(
                    line, "updates entry: dated at the brief's own date; give it a later time"
                )
        if v.get("updated") and v["updated"] < date:
            read.fields.error(read_line(read, "updated"), "updated: is earlier than date")
    if v.get("updated") and updates and v["updated"] < updates[0].date:
        # else the brief would carry a correction yet not count as updated, on pages or feeds
        index = v["updates"].index(updates[0])
        newest = read_line(read, f"updates[{index}]")
        read.fields.error(
            read_line(read, "updated"),
            f"updated: is earlier than the newest updates entry (line {newest})",
        )


def parse_brief(
    path: str, data: bytes, config: SiteConfig
) -> tuple[Brief | None, list[ContentError]]:
    """Bytes of one brief -> an Brief, or every located problem in it."""
    read, errors = _read(path, data, BRIEF_RULES, "brief", config)
    if read is None:
        return None, errors
    v = read.values
    slug = _checked_slug(read, path)
    updates = tuple(sorted(v.get("updates") or (), key=lambda u: u.date, reverse=True))
    date: datetime | None = v.get("date")
    _check_dates(read, date, updates)
    prefix = _edition_prefix(read, config)
    if "id" not in read.values and config.require_ids:
        read.fields.error(1, MISSING_ID)
    errors = read.fields.errors
    if errors or slug is None or date is None or None in v.values() or prefix is None:
        return None, errors
    return _brief(read, path, slug, date, updates, prefix, config), []


def _brief(
    read: _Read, path: str, slug: str, date: datetime, updates: tuple[Update, ...],
    prefix: str, config: SiteConfig,
) -> Brief:  # fmt: skip
    """The Brief of a file read without a problem: defaults filled in."""
    v = read.values
    updated = v.get("updated") or (updates[0].date if updates else date)
    return Brief(
        path=path,
        slug=slug,
        title=v["title"],
        date=date,
        updated=updated,
        id=v.get("id") or f"tag:{config.id_authority},{date.year}:{slug}",
        summary=v.get("summary") or markup.first_paragraph(read.body.html),
        tags=v.get("tags") or (),
        authors=v.get("authors") or config.authors,
        lang=v.get("lang") or config.language,
        draft=bool(v.get("draft", False)),
        sources=v.get("sources") or (),
        # A note shows on /corrections/ too: its relative links are made the brief page's
        updates=tuple(
            replace(u, note_html=markup.root_links(u.note_html, prefix + urls.brief(slug)))
            for u in updates
        ),
        body_html=read.body.html,
        toc=read.body.toc,
        words=markup.word_count(read.body.html),
        lines=read.lines,
        links=read.body.links,
        id_declared="id" in v,
        aliases=v.get("aliases") or (),
        cited=read.body.cited,
        type=v.get("type") or "news",
        section=v.get("section") or "",
        story=v.get("story") or "",
        prefix=prefix,
        translation_of=v.get("translation_of") or "",
        image=v.get("image"),
        leftovers=read.leftovers,
    )


def parse_page(
    path: str, data: bytes, config: SiteConfig
) -> tuple[Page | None, list[ContentError]]:
    """Bytes of one static page -> a Page, or every located problem in it."""
    read, errors = _read(path, data, PAGE_RULES, "page", config)
    if read is None:
        return None, errors
    v = read.values
    slug = _checked_slug(read, path)
    prefix = _edition_prefix(read, config)
    errors = read.fields.errors
    if errors or slug is None or None in v.values() or prefix is None:
        return None, errors
    return Page(
        path=path,
        slug=slug,
        title=v["title"],
        summary=v.get("summary") or markup.first_paragraph(read.body.html),
        updated=v.get("updated"),
        lang=v.get("lang") or config.language,
        draft=bool(v.get("draft", False)),
        menu=v.get("menu"),
        body_html=read.body.html,
        toc=read.body.toc,
        lines=read.lines,
        links=read.body.links,
        prefix=prefix,
        translation_of=v.get("translation_of") or "",
        leftovers=read.leftovers,
        aliases=v.get("aliases") or (),
    ), []
