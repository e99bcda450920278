"""Read another generator's source files: YAML (``---``) or TOML (``+++``) front matter, or
Pelican's ``Key: value`` metadata lines, into a plain mapping, the line of each key, and the
body. Never executes anything; YAML is loaded safely."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from .model import ImportFailed

_PELICAN_KEY_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")


def _key_lines(block: str, first_line: int, pattern: re.Pattern[str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), start=first_line):
        match = pattern.match(line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
    return lines


_YAML_KEY_RE = re.compile(r"^([^\s#:][^:]*?):(?:\s|$)")
_TOML_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def split(
    shown: str, text: str, pelican: bool = False
) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """(front matter, key -> line, body, body's first line) of one source file."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    for fence, load, key_re in (("---", _yaml, _YAML_KEY_RE), ("+++", _toml, _TOML_KEY_RE)):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, len(fence))
            if end < 0:
                raise ImportFailed(f"{shown}:1: front matter opened with '{fence}' is never closed")
            block = text[len(fence) + 1 : end + 1]
            rest = text[end + 1 + len(fence) :]
            rest = rest.split("\n", 1)[1] if "\n" in rest else ""
            meta = load(shown, block)
            body_line = block.count("\n") + 3
            return meta, _key_lines(block, 2, key_re), rest, body_line
    if pelican:
        return _pelican(text)
    return {}, {}, text, 1


def _yaml(shown: str, block: str) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ImportFailed(f"{shown}:{line}: front matter: {problem}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ImportFailed(f"{shown}:2: front matter is not a mapping of keys to values")
    return {str(k): v for k, v in meta.items()}


def _toml(shown: str, block: str) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(f"{shown}:1: front matter: {exc}") from None


def _pelican(text: str) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """Pelican's Markdown metadata: ``Key: value`` lines up to the first blank line; a key's
    value may go on over indented lines."""
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    rows = text.split("\n")
    number = 0
    last: str | None = None
    while number < len(rows):
        row = rows[number]
        if not row.strip():
            break
        match = _PELICAN_KEY_RE.match(row)
        if match:
            last = match.group(1).lower()
            meta[last] = match.group(2).strip()
            lines[last] = number + 1
        elif last is not None and row.startswith((" ", "\t")):
            meta[last] = f"{meta[last]} {row.strip()}".strip()
        else:
            break
        number += 1
    if not meta:
        return {}, {}, text, 1
    return meta, lines, "\n".join(rows[number:]).lstrip("\n"), number + 2
