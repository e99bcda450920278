"""The frozen content model that flows from parsing to rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from . import urls

UPDATE_KINDS = ("correction", "update", "clarification")
# A brief gets a table of contents with this many headings, or this many words and a heading.
TOC_HEADINGS = 5
TOC_WORDS = 1200
LOG_ID = "updates"  # the id of a brief's log of corrections and updates on its page
# Languages written right to left (primary subtags), and scripts that are, as in "pa-Arab".
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku-arab", "nqo", "prs", "ps"}
    | {"sd", "syr", "ug", "ur", "yi"}
)
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand"})


def direction(lang: str) -> str:
    """ "rtl" for a language tag written right to left ("ar", "he-IL", "pa-Arab"), else ""."""
    parts = lang.lower().split("-")
    if parts[0] in RTL_LANGUAGES or "-".join(parts[:2]) in RTL_LANGUAGES:
        return "rtl"
    return "rtl" if any(part in RTL_SCRIPTS for part in parts[1:]) else ""


@dataclass(frozen=True)
class Source:
    title: str | None
    publisher: str | None
    author: str | None
    date: str | None  # ISO YYYY-MM-DD
    url: str | None
    language: str | None
    key: str | None = None  # what ``[@key]`` in the body cites


@dataclass(frozen=True)
class Update:
    date: datetime
    kind: str  # one of UPDATE_KINDS
    note: str  # plain text, for places that take no markup (JSON-LD, titles)
    note_html: str  # the note's inline Markdown, sanitised: emphasis, code, links


class LinkSpan(NamedTuple):
    """Where one link attribute's value (href, src or cite) sits in a body's HTML, and the
    line of the source file it was written on."""

    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Variant:
    """One encoded file of a picture: a part (``box``) of the upright original, at a size."""

    url: str  # site path, "/media/picket-800x533-0123456789.avif"
    width: int
    height: int
    format: str  # "avif" | "webp" | "jpeg" | "png"
    source: str  # the original, as shown in messages: "content/media/picket.jpg"
    box: tuple[int, int, int, int]  # (left, top, right, bottom) of the original it shows


@dataclass(frozen=True)
class Picture:
    """A picture as a page shows it: the same part of one original in several formats and
    widths. ``width`` and ``height`` are the largest fallback's (what ``<img>`` declares)."""

    width: int
    height: int
    variants: tuple[Variant, ...]

    def of(self, format: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == format)

    @property
    def fallback_format(self) -> str:
        return "png" if self.of("png") else "jpeg"

    @property
    def fallback(self) -> Variant:
        """The largest JPEG (or PNG) file: what a browser without AVIF or WebP shows."""
        return self.of(self.fallback_format)[-1]

    @property
    def smallest(self) -> Variant:
        """The smallest JPEG (or PNG) file: what search results show."""
        return self.of(self.fallback_format)[0]


@dataclass(frozen=True)
class LeadImage:
    """A brief's lead picture (front matter ``image``)."""

    src: str  # as written: a file beside the brief, or "/media/<name>"
    alt: str
    credit: str
    caption: str | None = None
    rights: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)  # the point crops keep in view, as fractions
    line: int = 1  # of ``src``
    picture: Picture | None = None  # set once the file is found, checked and planned
    crops: tuple[Variant, ...] = ()  # share card (1200 x 630), then 16:9, 4:3 and 1:1

    def crop(self, name: str) -> Variant:
        """A crop by name: "share", "16x9", "4x3" or "1x1"."""
        names = ("share", "16x9", "4x3", "1x1")
        return self.crops[names.index(name)]


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Brief:
    """One brief, as parsed from one file."""

    path: str  # shown in messages, relative to the content folder's parent
    slug: str
    title: str
    date: datetime
    updated: datetime  # explicit `updated`, else newest update, else `date`
    id: str
    summary: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    lang: str
    draft: bool
    sources: tuple[Source, ...]
    updates: tuple[Update, ...]  # newest first
    body_html: str
    toc: tuple[Heading, ...]
    words: int
    lines: tuple[tuple[str, int], ...]  # field -> line, for errors found later
    links: tuple[LinkSpan, ...]  # every link in body_html
    # A digest of everything the brief was parsed from (file, bytes, settings, version):
    # equal keys mean equal briefs. Set by the build; used by the cache.
    key: str = field(default="", compare=False)
    id_declared: bool = True  # False: `id` was derived from the slug and the year
    aliases: tuple[str, ...] = ()  # old site paths ("/briefs/old/") that redirect here
    cited: tuple[int, ...] = ()  # numbers (from 1) of the sources the body cites, ascending
    type: str = "news"  # the kind of work: a key of work.KINDS
    section: str = ""  # the slug of its section in site.yaml, or "" for none
    story: str = ""  # the slug of the story (content/stories/) it is part of, or ""
    # the edition's path prefix: "" in the default edition, "/it" in the Italian one
    prefix: str = ""
    translation_of: str = ""  # the id of the brief this one translates; "" for an original
    image: LeadImage | None = None  # the lead picture
    pictures: tuple[Picture, ...] = ()  # the body's pictures, in order, once placed
    # What another generator's syntax left in the body (leftovers.find): (line, message)
    leftovers: tuple[tuple[int, str], ...] = ()

    @property
    def dir(self) -> str:
        """ "rtl" when the brief's language is written right to left, else ""."""
        return direction(self.lang)

    def line(self, field: str) -> int:
        return dict(self.lines).get(field, 1)

    @property
    def url(self) -> str:
        return self.prefix + urls.brief(self.slug)

    @property
    def original(self) -> str:
        """The id that names this brief and all its translations: the original's."""
        return self.translation_of or self.id

    @property
    def is_updated(self) -> bool:
        return self.updated != self.date

    @property
    def type_key(self) -> str:
        """The catalogue key of the kind of work as readers see it ("work_analysis")."""
        from .work import label_key

        return label_key(self.type)

    @property
    def updated_without_log(self) -> bool:
        """Updated (an explicit ``updated``) with no entry in the log to name the change."""
        return self.is_updated and not self.updates

    @property
    def shows_toc(self) -> bool:
        """A long brief (``TOC_HEADINGS`` headings or ``TOC_WORDS`` words) with a heading
        gets a table of contents."""
        return bool(self.toc) and (len(self.toc) >= TOC_HEADINGS or self.words >= TOC_WORDS)

    @property
    def log_url(self) -> str:
        """The brief's log of corrections and updates: its page, at the log."""
        return self.url + "#" + LOG_ID

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / 230))


@dataclass(frozen=True)
class Page:
    """A static page from content/pages/."""

    path: str
    slug: str
    title: str
    summary: str
    updated: datetime | None
    lang: str
    draft: bool
    menu: int | None
    body_html: str
    toc: tuple[Heading, ...]
    lines: tuple[tuple[str, int], ...]
    links: tuple[LinkSpan, ...]
    key: str = field(default="", compare=False)
    prefix: str = ""  # the edition's path prefix, as a brief's
    translation_of: str = ""  # the slug of the page this one translates; "" for an original
    pictures: tuple[Picture, ...] = ()  # the body's pictures, in order, once placed
    leftovers: tuple[tuple[int, str], ...] = ()  # as Brief.leftovers
    aliases: tuple[str, ...] = ()  # old site paths that redirect here, as Brief.aliases

    def line(self, field: str) -> int:
        return dict(self.lines).get(field, 1)

    @property
    def url(self) -> str:
        return self.prefix + urls.page(self.slug)

    @property
    def original(self) -> str:
        """The slug that names this page and all its translations: the original's."""
        return self.translation_of or self.slug

    @property
    def dir(self) -> str:
        """ "rtl" when the page's language is written right to left, else ""."""
        return direction(self.lang)
