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
    languages: tuple[Language, ...] = ()  # the editions, the default first; empty: one edition
    untranslated: str = "omit"  # lists of an edition: "omit" briefs it lacks, or "show" originals
    zone: ZoneInfo = field(default=ZoneInfo("UTC"), compare=False, repr=False)

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
    "languages",
    "untranslated",
)


def parse_config(path: str, data: bytes, base_url: str | None = None) -> SiteConfig:
    """site.yaml bytes -> SiteConfig; raises BuildFailed with every problem."""
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
    return SiteConfig(**values)


# Settings that are true or false.
FLAGS = frozenset(
    ("ai_training", "require_ids", "news_sitemap", "llms_txt", "tdmrep", "search", "share_cards")
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
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme == "mailto":
        address = parts.path
        if re.fullmatch(r"[^@\s,?<>]+@[^@\s,?<>]+\.[^@\s,?<>]+", address) and not parts.query:
            return value
    elif is_web_url(value):
        return value
    f.error(
        node,
        "contact: expected a mailto: address like 'mailto:desk@example.org' or an"
        f" http:// or https:// address, found '{value}'",
    )
    return None


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
    """The settings as the edition in ``code`` sees them: its language, title, description
    and feed id. The default edition (and a site with one) sees the settings as they are."""
    if not config.languages or code == config.languages[0].code:
        return config
    found = next(e for e in config.languages if e.code == code)
    return replace(
        config,
        language=found.code,
        title=found.title or config.title,
        description=found.description or config.description,
        feed_id=found.feed_id or f"{config.feed_id}/{found.code}",
    )
