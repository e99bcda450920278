"""Typed readers for YAML nodes: each returns a value or records a located error.

They read the editor's raw text from scalar nodes, so PyYAML's YAML 1.1 guesses
(``NO`` -> False, ``1.10`` -> 1.1, bare dates) never reach the model.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, tzinfo
from typing import TypeVar
from urllib.parse import urlsplit

import yaml

from .errors import ContentError
from .markup import CONTROL_RE, control_name

T = TypeVar("T")

NULL_TAG = "tag:yaml.org,2002:null"
LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
LINE_BREAK_RE = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")  # str.splitlines' breaks
# Characters that show nothing on their own: besides whitespace and format characters
# (zero-width space and joiners, U+2060, U+FEFF, the soft hyphen, bidi marks), these.
BLANK_CHARACTERS = frozenset("\u034f\u115f\u1160\u180e\u2800\u3164\uffa0")
DATE_HINT = "a date like 2023-07-26 or a date and time like 2023-07-26T10:00:00+02:00"
# The only forms a date is written in: YYYY-MM-DD, or that, 'T', HH:MM with optional :SS (and
# fraction), and an optional offset (Z or +HH:MM). Python's fromisoformat alone takes more
# (20240101, 2024-W01-1, 20240101T0930), which the contract does not allow.
DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
WHEN_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?\Z"
)


def is_web_url(value: str) -> bool:
    """An absolute http(s) address with a host and no space."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


class Fields:
    """Error-collecting readers over the nodes of one file."""

    def __init__(self, path: str, offset: int) -> None:
        self.path = path
        self.offset = offset
        self.errors: list[ContentError] = []

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + self.offset

    def error(self, node: yaml.Node | int, message: str) -> None:
        line = node if isinstance(node, int) else self.line(node)
        self.errors.append(ContentError(self.path, line, message))

    def items(
        self, mapping: yaml.MappingNode, known: tuple[str, ...], where: str = ""
    ) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """Yield (key, key node, value node); unknown and repeated keys are errors."""
        seen: dict[str, int] = {}
        for key_node, value_node in mapping.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, f"{where}keys must be plain words")
                continue
            key = key_node.value
            if key in seen:
                self.error(
                    key_node,
                    f"{where}duplicate key '{printable(key)}' (first given on line {seen[key]})",
                )
                continue
            seen[key] = self.line(key_node)
            if key not in known:
                self.error(key_node, unknown_key_message(where, key, known))
                continue
            yield key, key_node, value_node

    def text(self, node: yaml.Node, field: str) -> str | None:
        """A non-empty string, exactly as written (surrounding whitespace trimmed)."""
        if isinstance(node, yaml.ScalarNode) and node.tag != NULL_TAG:
            raw = node.value
            value = " ".join(raw.split()) if LINE_BREAK_RE.search(raw) else raw.strip()
            # Line breaks fold into spaces above; any other control character, written as an
            # escape ("\b", "\x01") in a quoted string, which YAML lets through, is refused.
            control = CONTROL_RE.search(value)
            if control:
                self.error(node, f"{field}: {control_name(control.group())} is not allowed")
                return None
            if value and not is_blank(value):
                return value
            if value:
                self.error(node, f"{field}: has no visible characters, only {_named(value)}")
                return None
        if isinstance(node, yaml.ScalarNode) and node.value.strip() not in ("", "~"):  # null, Null
            self.error(
                node, f"{field}: YAML reads '{node.value}' as nothing; quote it to mean the word"
            )
        elif isinstance(node, yaml.ScalarNode):
            self.error(node, f"{field}: must not be empty")
        else:
            self.error(node, f"{field}: expected text, found {kind(node)}")
        return None

    def flag(self, node: yaml.Node, field: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.value in ("true", "false"):
            return node.value == "true"
        self.error(node, f"{field}: expected true or false, found {shown(node)}")
        return None

    def integer(self, node: yaml.Node, field: str, minimum: int = 1) -> int | None:
        value = node.value if isinstance(node, yaml.ScalarNode) else ""
        if re.fullmatch(r"[0-9]+", value) and int(value) >= minimum:
            return int(value)
        self.error(
            node, f"{field}: expected a whole number of at least {minimum}, found {shown(node)}"
        )
        return None

    def when(self, node: yaml.Node, field: str, zone: tzinfo) -> datetime | None:
        """A date or datetime; a naive one is read in ``zone``."""
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) else None
        parsed = parse_when(value, zone) if value else None
        if parsed is None:
            self.error(node, f"{field}: expected {DATE_HINT}, found {shown(node)}")
        return parsed

    def day(self, node: yaml.Node, field: str) -> str | None:
        """A calendar date, YYYY-MM-DD, kept as its ISO text."""
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        try:
            if DAY_RE.match(value):
                return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
        self.error(node, f"{field}: expected a date like 2023-07-26, found {shown(node)}")
        return None

    def web_url(self, node: yaml.Node, field: str) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        if not is_web_url(value):
            self.error(node, f"{field}: expected an http:// or https:// address, found '{value}'")
            return None
        return value

    def lang(self, node: yaml.Node, field: str) -> str | None:
        value = self.text(node, field)
        if value is not None and not LANG_RE.match(value):
            self.error(
                node, f"{field}: expected a language code like 'en' or 'pt-BR', found '{value}'"
            )
            return None
        return value

    def strings(self, node: yaml.Node, field: str) -> tuple[tuple[str, int], ...] | None:
        """A list of non-empty strings, each with its line."""
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{field}: expected a list like [a, b], found {kind(node)}")
            return None
        out = []
        for item in node.value:
            value = self.text(item, f"{field} entry")
            if value is not None:
                out.append((" ".join(value.split()), self.line(item)))
        return tuple(out)

    def records(
        self, node: yaml.Node, field: str, read: Callable[[yaml.MappingNode], T | None]
    ) -> tuple[T, ...] | None:
        """A list of mappings, each turned into a record by ``read``."""
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{field}: expected a list of entries, found {kind(node)}")
            return None
        out: list[T] = []
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                self.error(item, f"{field} entry: expected keys and values, found {kind(item)}")
                continue
            record = read(item)
            if record is not None:
                out.append(record)
        return tuple(out)


def is_blank(text: str) -> bool:
    """True when ``text`` would show nothing: only spaces and invisible characters."""
    return all(
        c.isspace() or c in BLANK_CHARACTERS or unicodedata.category(c) == "Cf" for c in text
    )


def _named(text: str) -> str:
    """The distinct characters of ``text``, by code point and name."""
    names = [
        f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed').lower()})" for c in dict.fromkeys(text)
    ]
    return ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")


def parse_when(value: str, zone: tzinfo) -> datetime | None:
    """Parse a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM[:SS][offset]); naive
    values are placed in ``zone``. Any other form, ISO 8601 or not, is None."""
    if not WHEN_RE.match(value):
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0, 0), zone)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "keys and values"
    return shown(node)


def shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"'{printable(node.value)}'" if node.value else "nothing"
    return kind(node)


def printable(text: str) -> str:
    """Text for a one-line message: line breaks and other invisible characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def unknown_key_message(where: str, key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"{where}unknown key '{printable(key)}' (did you mean '{close[0]}'?)"
    return f"{where}unknown key '{printable(key)}'; known keys: {', '.join(known)}"
