"""Write a deterministic benchmark corpus: the same briefs for Briefing and for Pelican.

    python benchmarks/corpus.py --briefs 1000 --words 640 --out DIR --seed 1 [--citations]
                                [--variant newsroom]

Briefs read like real ones: nearly every paragraph carries a link, emphasis or inline code,
each brief has 3-6 sources (about half with a citation `key`), about 20% have an update log,
and tags come from a fixed, realistic set. With --citations the sources' `key:` and `[@key]`
markers in the text are written too (off by default: only a generator that reads citations
accepts them). Pelican gets the same bodies, inline markup included.

DIR/briefing/  content/briefs/*.md, content/pages/about.md, site.yaml, templates/ (a copy of
               the repository's templates/, the folder site.yaml uses by default)
DIR/pelican/   content/*.md, content/pages/about.md, pelicanconf.py     (Markdown metadata)

With --variant newsroom, Briefing's copy is a newsroom (issue 24): the four named authors
become people
(`content/authors/`, bylines by slug, the desk stays the desk), site.yaml lists five sections
and every brief names one and a kind of work (`type:`, news for about 60%), and one brief in
ten joins a story of five (`content/stories/`). Pelican's copy is unchanged.

Everything comes from `random.Random(seed)` and the word lists below: no network, no clock.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TIMEZONE_NAME = "Europe/Rome"
TIMEZONE = ZoneInfo(TIMEZONE_NAME)
FIRST_DAY = datetime(2022, 1, 3)  # naive, local to TIMEZONE
SPAN_DAYS = 3 * 365
SITE_TITLE = "Briefing benchmark"
WORDS_PER_BRIEF = 640
INLINE_SHARE = 0.95  # paragraphs with a link, emphasis or inline code
CITATION_SHARE = 0.5  # paragraphs ending on a [@key] marker, with --citations
UPDATE_SHARE = 0.2  # briefs with an update log
REPORT_HOSTS = ("reports.example.org", "data.example.net", "courts.example.com", "ilo.example.int")
CODE_WORDS = (
    "gpt-4o",
    "ISCO-08",
    "Art. 26",
    "v2.1",
    "robots.txt",
    "§ 87",
    "NACE J62",
    "EU 2024/1689",
)

WORD_TEXT = """
    ai automation algorithm agency analyst annotation apprenticeship arbitration audit bargaining
    benefits bias board budget call-centre chatbot claims classifier clerical coding commission
    compensation compliance contract contractors copyright court coverage data deadline deployment
    designers disclosure dispute dockworkers drivers earnings economists editors employers
    employment engineers enforcement equity evidence exposure factory federation filing freelancers
    funding generative governance grievance guidance guild hiring hours illustrators income
    industry inspection insurance interview inventory investigation jobs journalists judges labour
    lawsuit layoffs legislation licensing logistics management managers manufacturing market
    metrics ministry model monitoring negotiation newsroom notice nurses office oversight overtime
    payroll pension pilot platform policy productivity proposal protest rates recruitment
    regulator report reskilling retail review risk robots rota safety salary scheduling screening
    sector settlement shifts skills software staff standards strike study subtitles support
    surveillance survey talks tasks teachers technology tenders testimony tools trade training
    transcription transparency tribunal union vacancies vendor voice wages warehouse welfare
    workers workforce workplace writers
    adopts agrees announces approves argues asks blocks bans calls challenges cuts delays
    demands drops expands files finds freezes halts hires joins launches limits lists loses
    offers opens pauses plans proposes publishes raises rejects replaces reports requires
    restores reviews rules seeks settles signs suspends tests tracks trains wins warns
    new draft early first global local major national new-style private public regional
    quarterly seasonal senior temporary unpaid weekly young full-time part-time cross-border
    after against among before during for from into over under with without within
"""
WORDS = tuple(WORD_TEXT.split())
FUNCTION_WORDS = ("the", "a", "of", "to", "and", "in", "on", "as", "by", "that", "its", "their")
TAGS = (
    "AI", "automation", "hiring", "layoffs", "unions", "SAG-AFTRA", "WGA", "Teamsters",
    "OpenAI", "Google", "Amazon", "Microsoft", "Netflix", "Uber", "gig-economy", "EU-AI-Act",
    "regulation", "copyright", "surveillance", "wages", "training", "call-centres", "logistics",
    "healthcare", "education", "journalism", "translation", "retail", "manufacturing", "Italy",
    "Germany", "France", "UK", "US", "India", "courts", "strikes", "research", "ILO", "OECD",
)  # fmt: skip
AUTHORS = ("Briefing Desk", "Giulia Conti", "Marco Bianchi", "Sara Okafor", "Lena Fischer")
REPORTERS = (
    "Martina Pedretti", "James Holloway", "Aiko Tanaka", "Priya Raman", "Jonas Weber",
    "Claire Dubois", "Diego Alvarez", "Fatima Haddad", "Tom Brennan", "Elena Rossi",
)  # fmt: skip
PUBLISHERS = (
    "Il Sole 24 Ore", "Reuters", "Financial Times", "Le Monde", "Der Spiegel", "El País",
    "The Guardian", "Bloomberg", "Associated Press", "Rest of World", "Wired", "La Repubblica",
)  # fmt: skip
LANGUAGES = ("en", "en", "en", "it", "de", "fr", "es")
UPDATE_KINDS = ("correction", "update", "clarification")
TABLE_HEADER = "| Employer | Roles affected | Change |\n| --- | ---: | ---: |"

BRIEFING_SITE_YAML = f"""\
title: "{SITE_TITLE}"
base_url: https://example.com/
language: en
timezone: {TIMEZONE_NAME}
per_page: 10
feed_limit: 20
"""

PELICANCONF = Template("""\
# Generated by benchmarks/corpus.py: Pelican settings whose output is comparable to Briefing's.
AUTHOR = "Briefing Desk"
SITENAME = "$site_title"
# With RELATIVE_URLS, pages link relatively while feeds get absolute links, like Briefing's
# (with SITEURL = "" Pelican's feed items would carry relative links).
SITEURL = "https://example.com"
RELATIVE_URLS = True
TIMEZONE = "$timezone"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pretty URLs, the same paths as Briefing's.
ARTICLE_URL = "briefs/{slug}/"
ARTICLE_SAVE_AS = "briefs/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = "archive/index.html"

# Briefing has no category or author pages. The default theme links every article to its
# category, so Pelican keeps its one default category ("misc") and writes its pages.
DIRECT_TEMPLATES = ["index", "tags", "archives"]
DISPLAY_CATEGORIES_ON_MENU = False
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
AUTHOR_SAVE_AS = ""
STATIC_PATHS = []

# Site RSS + Atom and one RSS feed per tag, newest 20, full content.
FEED_ALL_ATOM = "atom.xml"
FEED_ALL_RSS = "feed.xml"
TAG_FEED_RSS = "tags/{slug}/feed.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Content cache for incremental runs (the path comes from --cache-path).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "mtime"
""").substitute(site_title=SITE_TITLE, timezone=TIMEZONE_NAME)

ABOUT_BODY = (
    "This site is a generated benchmark corpus. Every brief, tag and source in it is made up "
    "from a fixed word list, so that two generators can build the same content side by side."
)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    author: str
    day: date
    url: str
    language: str
    key: str | None  # a citation key, or None


@dataclass(frozen=True)
class Update:
    when: datetime
    kind: str
    note: str


@dataclass(frozen=True)
class Brief:
    slug: str
    title: str
    when: datetime  # aware, in TIMEZONE
    summary: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    sources: tuple[Source, ...]
    updates: tuple[Update, ...]
    body: str


@dataclass(frozen=True)
class Layout:
    """Where each part of a corpus lives under its root folder."""

    root: Path

    @property
    def briefing_root(self) -> Path:
        return self.root / "briefing"

    @property
    def briefing_content(self) -> Path:
        return self.briefing_root / "content"

    @property
    def briefing_config(self) -> Path:
        return self.briefing_root / "site.yaml"

    @property
    def briefing_templates(self) -> Path:
        return self.briefing_root / "templates"  # the default, beside site.yaml

    @property
    def pelican_root(self) -> Path:
        return self.root / "pelican"

    @property
    def pelican_content(self) -> Path:
        return self.pelican_root / "content"

    @property
    def pelican_config(self) -> Path:
        return self.pelican_root / "pelicanconf.py"

    def briefing_file(self, brief: Brief) -> Path:
        return self.briefing_content / "briefs" / f"{brief.when:%Y-%m-%d}-{brief.slug}.md"

    def pelican_file(self, brief: Brief) -> Path:
        return self.pelican_content / f"{brief.slug}.md"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Writer:
    """Random prose, headings and Markdown blocks from the fixed word lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: list[str] = []  # citation keys the current body may cite ([] = none)

    def phrase(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        words = [
            self.rng.choice(FUNCTION_WORDS if self.rng.random() < 0.3 else WORDS)
            for _ in range(count)
        ]
        return " ".join(words)

    def inline(self) -> str:
        """One piece of inline markup: a link (most often), emphasis or code."""
        roll = self.rng.random()
        if roll < 0.5:
            anchor = self.phrase(2, 4)
            host = self.rng.choice(REPORT_HOSTS)
            return f"[{anchor}](https://{host}/{slugify(self.phrase(2, 4))})"
        if roll < 0.75:
            return self.rng.choice(("*{}*", "**{}**", "_{}_")).format(self.phrase(1, 3))
        return f"`{self.rng.choice(CODE_WORDS)}`"

    def sentence(self, low: int = 8, high: int = 20) -> str:
        words = capitalise(self.phrase(low, high)).split()
        if self.rng.random() < 0.15:
            index = self.rng.randrange(len(words))
            words[index] = self.rng.choice(("*{}*", "**{}**")).format(words[index])
        if len(words) > 10 and self.rng.random() < 0.4:
            words[len(words) // 2] += ","
        return " ".join(words) + "."

    def title(self) -> str:
        text = capitalise(self.phrase(5, 9))
        if self.rng.random() < 0.2:
            text = f"{capitalise(self.rng.choice(WORDS))}: {text}"
        if self.rng.random() < 0.1:
            text += f" as {self.rng.randint(2, 40)},000 workers wait"
        return text

    def paragraph(self, low: int = 40, high: int = 90) -> str:
        target = self.rng.randint(low, high)
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < target:
            sentences.append(self.sentence())
        if self.rng.random() < INLINE_SHARE:  # a link, emphasis or code in nearly every one
            index = self.rng.randrange(len(sentences))
            words = sentences[index].split()
            at = self.rng.randrange(1, len(words))
            words.insert(at, self.inline())
            sentences[index] = " ".join(words)
        if self.keys and self.rng.random() < CITATION_SHARE:
            sentences[-1] = sentences[-1][:-1] + f" [@{self.rng.choice(self.keys)}]."
        return " ".join(sentences)

    def link_paragraph(self) -> str:
        anchor = self.phrase(2, 4)
        url = f"https://{self.rng.choice(REPORT_HOSTS)}/{slugify(self.phrase(3, 5))}"
        return f"{self.paragraph(20, 40)} See [{anchor}]({url}) for the full text."

    def bullets(self) -> str:
        return "\n".join(f"- {self.sentence(5, 12)}" for _ in range(self.rng.randint(3, 5)))

    def table(self) -> str:
        rows = [
            f"| {capitalise(self.rng.choice(WORDS))} | {self.rng.randint(20, 4000):,} "
            f"| {self.rng.randint(-40, 25):+d}% |"
            for _ in range(self.rng.randint(3, 6))
        ]
        return "\n".join([TABLE_HEADER, *rows])

    def body(self, words: int) -> str:
        extras = [self.bullets(), self.link_paragraph()]
        if self.rng.random() < 0.2:
            extras.append(self.table())
        blocks = [self.paragraph()]
        while count_words(blocks) + count_words(extras) < words:
            if len(blocks) % 3 == 1:
                blocks.append(f"## {capitalise(self.phrase(3, 6))}")
            use_extra = extras and self.rng.random() < 0.4
            blocks.append(extras.pop(0) if use_extra else self.paragraph())
        blocks.extend(extras)
        return "\n\n".join(blocks) + "\n"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def count_words(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


def make_when(rng: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    # 06:00-22:59 only, so no local time falls in a daylight-saving gap.
    return day.replace(hour=rng.randint(6, 22), minute=rng.randrange(60), tzinfo=TIMEZONE)


def make_sources(writer: Writer, when: datetime) -> tuple[Source, ...]:
    rng = writer.rng
    sources = []
    for number in range(rng.randint(3, 6)):
        title = capitalise(writer.phrase(5, 10))
        publisher = rng.choice(PUBLISHERS)
        day = when.date() - timedelta(days=rng.randint(0, 3))
        url = f"https://news.example.org/{slugify(publisher)}/{day:%Y/%m}/{slugify(title)}"
        key = f"{slugify(publisher)}-{number + 1}" if rng.random() < 0.5 else None
        sources.append(
            Source(title, publisher, rng.choice(REPORTERS), day, url, rng.choice(LANGUAGES), key)
        )
    return tuple(sources)


def make_updates(writer: Writer, when: datetime) -> tuple[Update, ...]:
    rng = writer.rng
    if rng.random() >= UPDATE_SHARE:
        return ()
    hours = sorted(rng.sample(range(2, 240), rng.randint(1, 2)))
    return tuple(
        Update(when + timedelta(hours=h), rng.choice(UPDATE_KINDS), writer.sentence(8, 16))
        for h in hours
    )


def make_brief(writer: Writer, words: int, taken: set[str], citations: bool) -> Brief:
    rng = writer.rng
    title = writer.title()
    slug = unique_slug(slugify(" ".join(title.split()[:6])), taken)
    when = make_when(rng)
    sources = make_sources(writer, when)
    writer.keys = [s.key for s in sources if s.key] if citations else []
    return Brief(
        slug=slug,
        title=title,
        when=when,
        summary=writer.sentence(12, 25),
        tags=tuple(rng.sample(TAGS, rng.randint(2, 4))),
        authors=tuple(rng.sample(AUTHORS, 1 if rng.random() < 0.8 else 2)),
        sources=sources,
        updates=make_updates(writer, when),
        body=writer.body(words),
    )


def unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def make_briefs(count: int, words: int, seed: int, citations: bool = False) -> list[Brief]:
    writer = Writer(random.Random(seed))
    taken: set[str] = set()
    return [make_brief(writer, words, taken, citations) for _ in range(count)]


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (every JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(quoted(item) for item in items) + "]"


def source_yaml(source: Source, citations: bool) -> Iterator[str]:
    yield f"  - title: {quoted(source.title)}"
    if citations and source.key:
        yield f"    key: {source.key}"
    yield f"    publisher: {quoted(source.publisher)}"
    yield f"    author: {quoted(source.author)}"
    yield f"    date: {source.day.isoformat()}"
    yield f"    url: {source.url}"
    yield f"    language: {source.language}"


def update_yaml(update: Update) -> Iterator[str]:
    yield f"  - date: {update.when.isoformat()}"
    yield f"    kind: {update.kind}"
    yield f"    note: {quoted(update.note)}"


def briefing_text(brief: Brief, citations: bool = False) -> str:
    lines = [
        "---",
        f"title: {quoted(brief.title)}",
        f"date: {brief.when.isoformat()}",
        f"id: {quoted(f'tag:briefing,{brief.when.year}:{brief.slug}')}",
        f"summary: {quoted(brief.summary)}",
        f"tags: {flow_list(brief.tags)}",
        f"authors: {flow_list(brief.authors)}",
        "sources:",
    ]
    for source in brief.sources:
        lines.extend(source_yaml(source, citations))
    if brief.updates:
        lines.append("updates:")
        for update in brief.updates:
            lines.extend(update_yaml(update))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + brief.body


def pelican_text(brief: Brief) -> str:
    header = [
        f"Title: {brief.title}",
        f"Date: {brief.when:%Y-%m-%d %H:%M}",
        f"Tags: {', '.join(brief.tags)}",
        f"Slug: {brief.slug}",
        f"Summary: {brief.summary}",
        f"Authors: {', '.join(brief.authors)}",
    ]
    return "\n".join(header) + "\n\n" + brief.body


def reset_folder(folder: Path, marker: str) -> None:
    """Empty a corpus folder, refusing one that holds something else than a corpus."""
    if folder.exists() and any(folder.iterdir()) and not (folder / marker).exists():
        raise SystemExit(
            f"corpus.py: {folder} is not a generated corpus (no {marker}); not removing"
        )
    shutil.rmtree(folder, ignore_errors=True)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_corpus(layout: Layout, briefs: list[Brief], citations: bool = False) -> None:
    reset_folder(layout.briefing_root, layout.briefing_config.name)
    reset_folder(layout.pelican_root, layout.pelican_config.name)
    write(layout.briefing_config, BRIEFING_SITE_YAML)
    if REPO_TEMPLATES.is_dir():  # a copy of the project's templates, so ours renders its real site
        shutil.copytree(REPO_TEMPLATES, layout.briefing_templates)
    write(
        layout.briefing_content / "pages" / "about.md",
        f'---\ntitle: "About"\n---\n\n{ABOUT_BODY}\n',
    )
    write(layout.pelican_config, PELICANCONF)
    write(layout.pelican_content / "pages" / "about.md", f"Title: About\n\n{ABOUT_BODY}\n")
    for brief in briefs:
        write(layout.briefing_file(brief), briefing_text(brief, citations))
        write(layout.pelican_file(brief), pelican_text(brief))


# Corpus variants: what a feature adds to the standard corpus, so the benchmark measures its
# cost (pictures and charts, a second language, people and stories...). A variant is a function
# that takes the written corpus and the briefs it holds and changes the files in place (e.g.
# adds images beside some briefs, translations, or settings to site.yaml), deterministically
# from `random.Random(seed)`. Register it here by name; `run.py --variant NAME` and
# `corpus.py --variant NAME` apply it. "standard" changes nothing.
Variant = Callable[[Layout, list[Brief], random.Random], None]


def _standard(layout: Layout, briefs: list[Brief], rng: random.Random) -> None:
    """The corpus as written: nothing added."""


VARIANTS: dict[str, Variant] = {"standard": _standard}


def generate(
    briefs: int, words: int, out: Path, seed: int, citations: bool = False,
    variant: str = "standard",
) -> tuple[Layout, list[Brief]]:  # fmt: skip
    """Write the corpus under `out` (with `variant` applied) and return where it is and what
    it holds."""
    layout = Layout(out)
    made = make_briefs(briefs, words, seed, citations)
    write_corpus(layout, made, citations)
    VARIANTS[variant](layout, made, random.Random(f"{seed}-{variant}"))
    return layout, made


# The newsroom variant (--variant newsroom): sections, kinds of work, people and stories.
NEWSROOM_SECTIONS = (
    ("work", "Work and jobs"), ("pay", "Pay and hiring"), ("law", "Law and policy"),
    ("tech", "Technology"), ("unions", "Unions and bargaining"),
)  # fmt: skip
NEWSROOM_TYPES = ("news",) * 6 + ("analysis", "explainer", "opinion", "review")
NEWSROOM_ROLES = ("Reporter", "Editor", "Correspondent")
STORY_EVERY = 10  # one brief in this many is part of a story
STORY_LENGTH = 5  # briefs per story


def newsroom_front_matter(
    briefs: list[Brief], rng: random.Random
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Per brief slug, the front matter lines it gains; and per story slug, its file."""
    in_stories = sorted(briefs, key=lambda b: (b.when, b.slug))[::STORY_EVERY]
    story_of: dict[str, str] = {}
    stories: dict[str, str] = {}
    for start in range(0, len(in_stories) - STORY_LENGTH + 1, STORY_LENGTH):
        members = in_stories[start : start + STORY_LENGTH]
        slug = f"story-{start // STORY_LENGTH + 1}"
        status = "developing" if start + 2 * STORY_LENGTH > len(in_stories) else "concluded"
        title = f"Following {members[0].tags[0]}"
        stories[slug] = (
            f"---\ntitle: {quoted(title)}\nsummary: {quoted(members[0].summary)}\n"
            f"status: {status}\n---\n\n{members[0].summary}\n"
        )
        story_of.update((b.slug, slug) for b in members)
    extra = {}
    for brief in briefs:
        lines = [
            f"type: {rng.choice(NEWSROOM_TYPES)}",
            f"section: {rng.choice(NEWSROOM_SECTIONS)[0]}",
        ]
        if brief.slug in story_of:
            lines.append(f"story: {story_of[brief.slug]}")
        extra[brief.slug] = tuple(lines)
    return extra, stories


def _newsroom(layout: Layout, briefs: list[Brief], rng: random.Random) -> None:
    """Turn Briefing's copy of a written corpus into the newsroom variant (issue 24)."""
    people = {name: slugify(name) for name in AUTHORS[1:]}
    for name, slug in people.items():
        write(
            layout.briefing_content / "authors" / f"{slug}.md",
            f"---\nname: {quoted(name)}\nrole: {rng.choice(NEWSROOM_ROLES)}\n"
            f'links: ["https://example.com/people/{slug}"]\n---\n\n'
            f"{name} writes about AI and work for the briefing.\n",
        )
    sections = "".join(
        f"  - slug: {slug}\n    name: {quoted(name)}\n    description: {quoted(name + '.')}\n"
        for slug, name in NEWSROOM_SECTIONS
    )
    with layout.briefing_config.open("a", encoding="utf-8") as config:
        config.write(f"sections:\n{sections}")  # the desk is the default authors
    extra, stories = newsroom_front_matter(briefs, rng)
    for slug, text in stories.items():
        write(layout.briefing_content / "stories" / f"{slug}.md", text)
    for brief in briefs:
        path = layout.briefing_file(brief)
        slugs = flow_list(tuple(people.get(a, a) for a in brief.authors))
        lines = "".join(f"{x}\n" for x in extra[brief.slug])
        text = path.read_text(encoding="utf-8").replace(
            f"authors: {flow_list(brief.authors)}\n", f"authors: {slugs}\n{lines}", 1
        )
        write(path, text)


VARIANTS["newsroom"] = _newsroom
ITALIAN_EDITION_YAML = """\
languages:
  - code: en
  - code: it
    title: "Il Briefing"
    description: "Brief di prova."
"""


def add_italian_edition(
    layout: Layout, briefs: list[Brief], citations: bool = False, share: float = 0.5
) -> int:
    """The two-language variant: ``languages: [en, it]`` in site.yaml and an Italian
    translation (``lang: it``, ``translation_of``) of the first ``share`` of the briefs,
    in every other position so translated and untranslated briefs mix. Returns how many."""
    with layout.briefing_config.open("a", encoding="utf-8") as config:
        config.write(ITALIAN_EDITION_YAML)
    step = max(1, round(1 / share)) if share > 0 else 0
    made = 0
    for index, brief in enumerate(briefs):
        if not step or index % step:
            continue
        original = f"tag:briefing,{brief.when.year}:{brief.slug}"
        text = briefing_text(brief, citations).replace(
            f"id: {quoted(original)}",
            f"id: {quoted(original + '-it')}\nlang: it\ntranslation_of: {quoted(original)}",
            1,
        )
        path = layout.briefing_file(brief)
        write(path.with_name(path.stem + "-it.md"), text.replace('title: "', 'title: "(it) ', 1))
        made += 1
    return made


# --- The pictures variant (issue 22): kept apart from the text corpus above -------------

LEAD_SIZE = (1600, 1000)
BODY_SIZE = (1000, 660)


def _picture(seed: int, size: tuple[int, int]) -> bytes:
    """A JPEG with a photograph's grain (noise over two gradients), different per seed."""
    import io

    from PIL import Image, ImageOps

    rng = random.Random(seed)
    noise = Image.effect_noise(size, 30 + rng.randrange(30))
    ramp = Image.linear_gradient("L").resize(size)
    tint = ImageOps.colorize(ramp, (rng.randrange(256), 40, 60), (230, rng.randrange(256), 90))
    picture = Image.blend(tint, Image.merge("RGB", (noise, noise, noise)), 0.25)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def add_pictures(layout: Layout, briefs: list[Brief], seed: int) -> tuple[int, int]:
    """Make every brief of a written corpus a bundle with a lead picture, and give a third of
    them a picture in the body too. Returns (leads, body pictures)."""
    body_pictures = 0
    for index, brief in enumerate(briefs):
        flat = layout.briefing_file(brief)
        text = flat.read_text(encoding="utf-8")
        bundle = flat.with_suffix("")
        bundle.mkdir()
        flat.unlink()
        (bundle / "lead.jpg").write_bytes(_picture(seed * 100_003 + index, LEAD_SIZE))
        lead = (
            "image:\n  src: lead.jpg\n"
            f"  alt: {quoted('A grainy gradient for ' + brief.title)}\n"
            '  credit: "Benchmark corpus"\n'
        )
        head, separator, body = text.partition("\n---\n")
        if index % 3 == 0:
            (bundle / "figure.jpg").write_bytes(_picture(seed * 200_003 + index, BODY_SIZE))
            body += "\n\n![A figure of the benchmark corpus](figure.jpg)\n"
            body_pictures += 1
        (bundle / "index.md").write_text(head + "\n" + lead + "---\n" + body, encoding="utf-8")
    return len(briefs), body_pictures


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, required=True, help="number of briefs")
    parser.add_argument(
        "--words", type=int, default=WORDS_PER_BRIEF, help="approximate words per body"
    )
    parser.add_argument("--out", type=Path, required=True, help="corpus folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--citations", action="store_true", help="write source keys and [@key] markers"
    )
    parser.add_argument(
        "--variant", choices=sorted(VARIANTS), default="standard", help="what a feature adds"
    )
    parser.add_argument(
        "--editions",
        action="store_true",
        help="the two-language variant: an Italian edition translating half the briefs",
    )
    parser.add_argument(
        "--pictures",
        action="store_true",
        help="make every brief a bundle with a lead picture, a third with a body picture",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    layout, briefs = generate(
        args.briefs, args.words, args.out, args.seed, args.citations, args.variant
    )
    print(f"wrote {len(briefs)} briefs to {layout.briefing_root} and {layout.pelican_root}")
    if args.editions:
        made = add_italian_edition(layout, briefs, args.citations)
        print(f"and {made} Italian translations (languages: en, it) to {layout.briefing_root}")
    if args.pictures:
        leads, body = add_pictures(layout, briefs, args.seed)
        print(f"added {leads} lead pictures and {body} body pictures (Briefing only)")


if __name__ == "__main__":
    main()
