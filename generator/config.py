"""SiteConfig from site.yaml, with every problem located like a brief's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .errors import BuildFailed
from .fields import Fields, is_web_url
from .frontmatter import compose_mapping, decode
from .sections import SectionSetting, read_settings

# Crawlers that collect text to train AI models. The briefing reports on what AI
# does to workers' labour; by default it does not give its own away for training.
DEFAULT_AI_CRAWLERS = (
    "GPTBot",
    "ClaudeBot",
    "anthropic-ai",
    "Google-Extended",
    "CCBot",
    "Applebot-Extended",
    "Bytespider",
    "meta-externalagent",
    "Amazonbot",
    "cohere-ai",
    "cohere-training-data-crawler",
    "Diffbot",
    "Omgilibot",
    "AI2Bot",
)

# Agents that fetch pages to answer a reader's question or to list them in an AI search
# engine, citing and linking the source: not training crawlers, so never shut out.
DEFAULT_AI_SEARCH_CRAWLERS = (
    "OAI-SearchBot",
    "ChatGPT-User",
    "Claude-SearchBot",
    "Claude-User",
    "PerplexityBot",
    "Perplexity-User",
    "DuckAssistBot",
)


UNTRANSLATED = ("omit", "show")  # what an edition's lists do with briefs it has no version of


@dataclass(frozen=True)
class Language:
    """One edition of the site (``languages:`` in site.yaml): its language code, and for
    editions other than the first its own title, description and Atom feed id."""

    code: str
    title: str = ""  # empty: the site's title
    description: str = ""  # empty: the site's description
    feed_id: str = ""  # empty: the site's feed_id followed by "/<code>"
    line: int = field(default=1, compare=False)  # where site.yaml names it


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # always ends with "/"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 10
    feed_limit: int = 20
    authors: tuple[str, ...] = ("Briefing Desk",)
    id_authority: str = "briefing"
    feed_id: str = "tag:briefing,2023:feed"
    copyright: str = ""
    ai_training: bool = False
    require_ids: bool = False  # a brief without a declared `id` is an error, not a warning
    ai_crawlers: tuple[str, ...] = DEFAULT_AI_CRAWLERS
    templates: str = "templates"  # folder, relative to site.yaml
    search: bool = True  # the /search/ page, its Pagefind index and its nav link
    share_cards: bool = True  # a 1200 x 630 PNG per brief for link previews
    ai_search_crawlers: tuple[str, ...] = DEFAULT_AI_SEARCH_CRAWLERS
    news_sitemap: bool = True  # /news-sitemap.xml and its robots.txt line
    llms_txt: bool = True  # /llms.txt
    tdmrep: bool = True  # /.well-known/tdmrep.json and the tdm-reservation meta
    tdm_policy: str = ""  # a TDMRep policy URL, given with the reservation
    websub_hub: str = ""  # a WebSub hub announced in every feed
    contact: str = ""  # where readers report errors: a mailto: address or an http(s) URL
    sections: tuple[SectionSetting, ...] = ()  # the publication's sections, in menu order
    languages: tuple[Language, ...] = ()  # the editions, the default first; empty: one edition
    untranslated: str = "omit"  # lists of an edition: "omit" briefs it lacks, or "show" originals
    # `Content-Usage:` (IETF aipref) lines in robots.txt: Lighthouse's robots audit calls the
    # directive unknown (SEO 92), so they are off unless asked for
    robots_content_usage: bool = False
    zone: ZoneInfo = field(default=ZoneInfo("UTC"), compare=False, repr=False)
    # (key, line in site.yaml) for warnings found after parsing
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)
    path: str = field(default="site.yaml", compare=False, repr=False)

    def section(self, slug: str) -> SectionSetting | None:
        return next((s for s in self.sections if s.slug == slug), None)

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/" or "/briefing/"."""
        return urlsplit(self.base_url).path or "/"


KNOWN = (
    "title",
    "base_url",
    "description",
    "language",
    "timezone",
    "per_page",
    "feed_limit",
    "authors",
    "id_authority",
    "feed_id",
    "copyright",
    "ai_training",
    "require_ids",
    "ai_crawlers",
    "templates",
    "search",
    "share_cards",
    "ai_search_crawlers",
    "news_sitemap",
    "llms_txt",
    "tdmrep",
    "tdm_policy",
    "websub_hub",
    "contact",
    "sections",
    "languages",
    "untranslated",
    "robots_content_usage",
)


def parse_config(
    path: str, data: bytes, base_url: str | None = None, contact: str | None = None
) -> SiteConfig:
    """site.yaml bytes -> SiteConfig (``base_url`` and ``contact``: given on the command line,
    they replace site.yaml's); raises BuildFailed with every problem."""
    text, errors = decode(path, data)
    mapping, more = (None, []) if text is None else compose_mapping(path, text, 1, "site settings")
    errors += more
    if mapping is None:
        raise BuildFailed(errors)
    f = Fields(path, offset=1)
    values: dict = {}
    nodes: dict[str, yaml.Node] = {}
    for key, _, node in f.items(mapping, KNOWN):
        values[key] = _read(f, key, node)
        nodes[key] = node
    _crawler_overlap(f, values, nodes)
    _editions(f, values, nodes)
    if base_url is not None:
        values["base_url"] = base_url
    if contact is not None:
        values["contact"] = contact
        if contact and not _contact_ok(contact):
            f.error(1, f"--contact: {_CONTACT_EXPECTED}, found '{contact}'")
    for key in ("title", "base_url"):
        if key not in values:
            f.error(1, f"missing required key '{key}'")
    url = values.get("base_url")
    if url is not None and (
        urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc
    ):
        f.error(1, f"base_url: expected an http:// or https:// address, found '{url}'")
    if f.errors or errors or None in values.values():
        raise BuildFailed(f.errors + errors)
    values["base_url"] = values["base_url"].rstrip("/") + "/"
    values["zone"] = ZoneInfo(values.get("timezone", "UTC"))
    values["lines"] = tuple((key, f.line(node)) for key, node in nodes.items())
    values["path"] = path
    return SiteConfig(**values)


# Domains that never reach anyone: RFC 2606 / RFC 6761 names for examples and tests.
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return parts.path.rpartition("@")[2].lower().rstrip(".")
    return (parts.hostname or "").lower().rstrip(".")


def is_local(url: str) -> bool:
    """An address on this machine (a preview), not a published site."""
    host = _host(url)
    return host in LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost")


def is_reserved(url: str) -> bool:
    """Does ``url`` (http(s) or mailto:) use a domain reserved for examples, which no one
    receives mail or visits at (example.org, *.example, *.test, *.invalid, localhost)?"""
    host = _host(url)
    return (
        any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS)
        or host.rpartition(".")[2] in RESERVED_TLDS
        or is_local(url)
    )


def reserved_warnings(config: SiteConfig) -> tuple[str, ...]:
    """``site.yaml:line: warning: ...`` for a production build (a ``--base-url`` that is not
    this machine) whose ``base_url`` or ``contact`` is a reserved example domain: readers
    would be sent, or write, where no one is."""
    lines = dict(config.lines)
    found = []
    if is_reserved(config.base_url):
        found.append(
            f"{config.path}:{lines.get('base_url', 1)}: warning: base_url: '{config.base_url}'"
            " is a reserved example domain; pass the published address with --base-url"
        )
    if config.contact and is_reserved(config.contact):
        found.append(
            f"{config.path}:{lines.get('contact', 1)}: warning: contact: '{config.contact}'"
            " is a reserved example domain that no one receives: readers' error reports are"
            " lost; set a real address, or pass one with --contact"
        )
    return tuple(found)


# Settings that are true or false.
FLAGS = frozenset(
    (
        "ai_training",
        "require_ids",
        "news_sitemap",
        "llms_txt",
        "tdmrep",
        "search",
        "share_cards",
        "robots_content_usage",
    )
)


def _read(f: Fields, key: str, node: yaml.Node) -> object:
    if key in ("per_page", "feed_limit"):
        return f.integer(node, key)
    if key in FLAGS:
        return f.flag(node, key)
    if key in ("tdm_policy", "websub_hub"):
        return f.web_url(node, key)
    if key in ("authors", "ai_crawlers", "ai_search_crawlers"):
        items = f.strings(node, key)
        return None if items is None else tuple(name for name, _ in items)
    if key == "language":
        return f.lang(node, key)
    if key == "base_url":
        return f.web_url(node, key)
    if key == "contact":
        return _contact(f, node)
    if key == "sections":
        return read_settings(f, node)
    if key == "languages":
        return _languages(f, node)
    if key == "untranslated":
        value = f.text(node, key)
        if value is not None and value not in UNTRANSLATED:
            f.error(
                node, f"untranslated: expected one of {', '.join(UNTRANSLATED)}, found '{value}'"
            )
            return None
        return value
    value = (
        f.text(node, key) if key not in ("description", "copyright") else _optional(f, node, key)
    )
    if key == "timezone" and value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Europe' is a folder
            f.error(
                node, f"timezone: unknown time zone '{value}', expected a name like 'Europe/Rome'"
            )
            return None
    return value


def _optional(f: Fields, node: yaml.Node, key: str) -> str | None:
    if isinstance(node, yaml.ScalarNode) and not node.value.strip():
        return ""
    return f.text(node, key)


def _crawler_overlap(f: Fields, values: dict, nodes: dict[str, yaml.Node]) -> None:
    """A user agent is either a training crawler or a search agent, never both: robots.txt
    would give it two groups."""
    training = values.get("ai_crawlers", DEFAULT_AI_CRAWLERS)
    search = values.get("ai_search_crawlers", DEFAULT_AI_SEARCH_CRAWLERS)
    if training is None or search is None:
        return
    both = sorted({n.casefold() for n in training} & {n.casefold() for n in search})
    if both:
        where = nodes.get("ai_search_crawlers") or nodes["ai_crawlers"]
        names = ", ".join(n for n in search if n.casefold() in both)
        f.error(
            where,
            f"ai_search_crawlers: {names} also in ai_crawlers; a crawler is in one list only",
        )


def _contact(f: Fields, node: yaml.Node) -> str | None:
    """A ``mailto:`` address (one, no query) or an http(s) URL; empty means none."""
    value = _optional(f, node, "contact")
    if not value or _contact_ok(value):
        return value
    f.error(node, f"contact: {_CONTACT_EXPECTED}, found '{value}'")
    return None


_CONTACT_EXPECTED = (
    "expected a mailto: address like 'mailto:desk@example.org' or an http:// or https:// address"
)


def _contact_ok(value: str) -> bool:
    parts = urlsplit(value)
    if parts.scheme == "mailto":
        address = parts.path
        return bool(
            re.fullmatch(r"[^@\s,?<>]+@[^@\s,?<>]+\.[^@\s,?<>]+", address) and not parts.query
        )
    return is_web_url(value)


LANGUAGE_KEYS = ("code", "title", "description", "feed_id")


def _languages(f: Fields, node: yaml.Node) -> tuple[Language, ...] | None:
    """``languages:``: a list of editions, each ``{code: .., title: .., ...}``; codes once."""

    def read(item: yaml.MappingNode) -> Language | None:
        values: dict[str, str | None] = {}
        for key, _, value in f.items(item, LANGUAGE_KEYS, "languages: "):
            values[key] = (
                f.lang(value, "languages code")
                if key == "code"
                else f.text(value, f"languages {key}")
            )
        if "code" not in values:
            f.error(item, "languages entry: missing code")
            return None
        if None in values.values():
            return None
        return Language(**values, line=f.line(item))  # type: ignore[arg-type]

    editions = f.records(node, "languages", read)
    if editions is None:
        return None
    seen: dict[str, int] = {}
    for edition in editions:
        code = edition.code.lower()
        if code in seen:
            f.error(
                edition.line,
                f"languages: '{edition.code}' is also the edition on line {seen[code]}",
            )
        seen.setdefault(code, edition.line)
    if not editions:
        f.error(node, "languages: expected at least one edition like '- code: en'")
    return editions


def _editions(f: Fields, values: dict, nodes: dict[str, yaml.Node]) -> None:
    """``languages`` names the site's language first; ``untranslated`` needs editions."""
    editions = values.get("languages")
    if "untranslated" in nodes and not editions and "languages" not in nodes:
        f.error(
            nodes["untranslated"],
            "untranslated: has no effect without 'languages'; list the editions or remove it",
        )
    codes = [e.code for e in (editions or ())[1:]]
    for section in values.get("sections") or ():
        for t in section.translations:
            if t.code not in codes:
                f.error(
                    t.line,
                    f"sections translations: '{t.code}' is not an edition other than the"
                    f" default ({', '.join(codes) or 'none'})",
                )
    if not editions:
        return
    language = values.get("language")
    if "language" in nodes and language is not None and language != editions[0].code:
        f.error(
            nodes["language"],
            f"language: '{language}' is not the first of 'languages' ('{editions[0].code}');"
            " the first edition is the site's language",
        )
    values["language"] = editions[0].code


def edition(config: SiteConfig, code: str) -> SiteConfig:
    """The settings as the edition in ``code`` sees them: its language, title, description,
    feed id and the sections' names. The default edition (and a site with one) sees the
    settings as they are."""
    if not config.languages or code == config.languages[0].code:
        return config
    found = next(e for e in config.languages if e.code == code)
    return replace(
        config,
        language=found.code,
        title=found.title or config.title,
        description=found.description or config.description,
        feed_id=found.feed_id or f"{config.feed_id}/{found.code}",
        sections=tuple(s.in_language(code) for s in config.sections),
    )
