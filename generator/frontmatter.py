"""Split a source text into its YAML front matter node and Markdown body.

Front matter is composed into a YAML node tree rather than loaded into Python
values: every field rule then sees the raw text the editor wrote (``NO`` stays
``NO``, ``1.10`` stays ``1.10``) and the line it was written on.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from .errors import ContentError
from .limits import MAX_YAML_EXPANDED

try:  # the C loader is several times faster; fall back to pure Python
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

FENCE = "---"


@dataclass(frozen=True)
class Split:
    """A mapping node of front matter, the body, and where each starts in the file."""

    mapping: yaml.MappingNode
    body: str
    body_line: int  # 1-based line of the first body line
    offset: int  # add to a node's 0-based mark line to get the file's 1-based line


def decode(path: str, data: bytes) -> tuple[str | None, list[ContentError]]:
    """Bytes to text: UTF-8 only (a leading BOM is dropped), else a located error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            ContentError(
                path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save as UTF-8"
            )
        ]
    return text.removeprefix("\ufeff"), []


def _loader_for(text: str) -> type:
    """The C loader recurses on the C stack and crashes the process on very deep nesting
    (``[[[[...`` many thousand deep); text that could nest deeply goes to the pure-Python
    loader, which raises RecursionError instead."""
    if len(text) > 100_000 or sum(text.count(c) for c in "[{-?") > 1000:
        return yaml.SafeLoader
    return _Loader


def compose_mapping(
    path: str, text: str, offset: int, what: str = "front matter"
) -> tuple[yaml.MappingNode | None, list]:
    """Compose YAML text into a mapping node; errors carry file lines (``offset`` added)."""
    try:
        node = yaml.compose(text, Loader=_loader_for(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.line >= len(text.splitlines()):
            mark = exc.context_mark  # the text ended early: point at what was left open
        line = (mark.line if mark else 0) + offset
        problem = exc.problem or exc.context or "cannot be read"
        return None, [ContentError(path, line, f"invalid YAML: {problem}")]
    except yaml.reader.ReaderError as exc:  # a character YAML never allows, e.g. NUL
        line = text.count("\n", 0, max(text.find(chr(exc.character)), 0)) + offset
        message = f"invalid YAML: {exc.reason} (found #x{exc.character:04x})"
        return None, [ContentError(path, line, message)]
    except yaml.YAMLError as exc:
        return None, [ContentError(path, offset, f"invalid YAML: {' '.join(str(exc).split())}")]
    except RecursionError:
        return None, [
            ContentError(path, offset, "invalid YAML: lists or mappings nested too deeply")
        ]
    if node is None:
        return yaml.MappingNode("tag:yaml.org,2002:map", []), []
    too_big = None if within_bound(text) else _too_big(node)
    if too_big is not None:
        line = too_big.start_mark.line + offset
        message = (
            f"{what}: YAML aliases expand this value past {MAX_YAML_EXPANDED:,} characters; "
            "repeat less through '*' aliases"
        )
        return None, [ContentError(path, line, message)]
    if not isinstance(node, yaml.MappingNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        line = node.start_mark.line + offset
        message = f"{what} must be a mapping of keys to values, found {found}"
        return None, [ContentError(path, line, message)]
    return node, []


def within_bound(text: str) -> bool:
    """Whether YAML ``text`` is sure to stay within MAX_YAML_EXPANDED without sizing it: it
    has no alias (no ``*`` at all), so every node is written once, and a node counts its
    characters (escapes and folding only shorten them) and one, with no more than two nodes
    to a character of text (``{a}`` is three: the mapping, the key, its empty value)."""
    return "*" not in text and 3 * len(text) + 3 <= MAX_YAML_EXPANDED


def expanded_size(root: yaml.Node) -> int:
    """The size ``_too_big`` measures (at most MAX_YAML_EXPANDED + 1)."""
    return _sizes(root)[id(root)]


def _too_big(root: yaml.Node) -> yaml.Node | None:
    """None when ``root``, with every alias expanded, stays within MAX_YAML_EXPANDED (each
    scalar counting its characters and one, each list and mapping one; an alias loop counts
    as endless); else the biggest value under the root, where the error is reported. Each
    node is sized once, without recursion: linear in the file, however often its anchors
    are repeated or however deeply it nests."""
    sizes = _sizes(root)
    if sizes[id(root)] <= MAX_YAML_EXPANDED:
        return None
    return max(_children(root), key=lambda child: sizes[id(child)])


def _sizes(root: yaml.Node) -> dict[int, int]:
    """The size of ``root`` and of every node under it, by id (see ``_too_big``)."""
    endless = MAX_YAML_EXPANDED + 1
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes and children_done is False:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1 + len(node.value)
            continue
        children = _children(node)
        if not children_done:
            sizes[id(node)] = endless  # until its children are sized: a loop back is endless
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(node)] = min(endless, 1 + sum(sizes[id(child)] for child in children))
    return sizes


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def split(path: str, text: str) -> tuple[Split | None, list[ContentError]]:
    """Find the ``---`` fenced front matter at the top of ``text`` and compose it."""
    if not text.strip():
        return None, [
            ContentError(
                path, 1, "empty file: a brief starts with front matter between '---' lines"
            )
        ]
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != FENCE:
        return None, [ContentError(path, 1, "missing front matter: the first line must be '---'")]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            break
    else:
        return None, [
            ContentError(path, 1, "front matter opened here is never closed with a '---' line")
        ]
    mapping, errors = compose_mapping(path, "".join(lines[1:index]), offset=2)
    if mapping is None:
        return None, errors
    body = "".join(lines[index + 1 :])
    return Split(mapping=mapping, body=body, body_line=index + 2, offset=2), []
