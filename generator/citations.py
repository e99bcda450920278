"""Citations: ``[@key]`` and ``[@one; @two]`` in a brief's body (Pandoc's syntax) become
numbered superscript links to the entries of its sources list.

A Python-Markdown inline pattern makes them, so code spans and code blocks keep the text as
written. Each number is the source's position in the list; each link's id is
``cite-N-M``, the M-th citation of source N in the order of the document, so the sources
list can link back to the first one (``#cite-N-1``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

KEY_RE = re.compile(r"[a-z0-9-]+\Z")
# One or more @keys in brackets, with the spaces before them (the number sits against the
# claim); not a link's text ``[@x](url)`` or a reference definition ``[@x]: url``.
CITATION_PATTERN = r"[ \t]*\[(@[^\s;\[\]]+(?:[ \t]*;[ \t]*@[^\s;\[\]]+)*)\](?![(\[:])"
_CITATION_RE = re.compile(CITATION_PATTERN)
# Never in a body that builds (control characters are content errors): marks a citation's
# id until the whole document is converted and its citations can be counted in order.
_MARK = "\x01"
_MARKED_ID_RE = re.compile(r'id="cite-([0-9]+)' + _MARK + '"')
# The id a citation link carries on the brief's page; feeds leave it out.
CITE_ID_RE = re.compile(r'(<a href="[^"]*") id="cite-[0-9]+-[0-9]+"')


@dataclass
class Citing:
    """One body's conversion: the sources' keys, and what was cited or not found."""

    numbers: Mapping[str, int] | None = None  # key -> position in the sources list
    cited: set[int] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    made: int = 0


def source_id(number: int) -> str:
    """The id of the sources list's entry ``number`` (from 1), which citations link to."""
    return f"source-{number}"


def citation_id(number: int | str, nth: int = 1) -> str:
    """The id of the ``nth`` citation of source ``number``; the entry links back to the first."""
    return f"cite-{number}-{nth}"


def keys_of(citation: str) -> list[str]:
    """The keys of one ``@a; @b`` group, in order."""
    return [part.strip()[1:] for part in citation.split(";")]


def extension() -> markdown.Extension:
    """A Python-Markdown extension that reads citations into the ``Citing`` of the body
    being converted, which the caller hands the converter as ``md.citing`` for each body."""
    from markdown.extensions import Extension
    from markdown.inlinepatterns import InlineProcessor

    class Processor(InlineProcessor):
        def handleMatch(  # type: ignore[override]
            self, m: re.Match[str], data: str
        ) -> tuple[etree.Element | None, int | None, int | None]:
            citing: Citing = self.md.citing  # type: ignore[attr-defined]
            numbers = citing.numbers
            if numbers is None:  # a page: no sources, so nothing to cite
                return None, None, None
            keys = keys_of(m.group(1))
            missing = [key for key in keys if key not in numbers]
            if missing:
                citing.unknown.extend(missing)
                return None, None, None
            sup = etree.Element("sup", {"class": "cite"})
            previous = None
            for key in keys:
                number = numbers[key]
                citing.cited.add(number)
                link = etree.SubElement(
                    sup, "a", {"href": "#" + source_id(number), "id": f"cite-{number}{_MARK}"}
                )
                link.text = str(number)
                if previous is not None:
                    previous.tail = ", "
                previous = link
            citing.made += 1
            return sup, m.start(0), m.end(0)

    class Citations(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
            # before links (160) and references (170): ``[@key]`` is not a link's text
            md.inlinePatterns.register(Processor(CITATION_PATTERN, md), "citation", 175)

    return Citations()


def number_ids(converted: str) -> str:
    """Each citation's id made ``cite-N-M``: its source's number and how many citations of
    that source come before it in the document, plus one."""
    seen: Counter[str] = Counter()

    def number(match: re.Match[str]) -> str:
        source = match.group(1)
        seen[source] += 1
        return f'id="{citation_id(source, seen[source])}"'

    return _MARKED_ID_RE.sub(number, converted)


def unknown_lines(text: str, keys: list[str], first_line: int) -> list[tuple[int, str]]:
    """(line, key) for each unknown key: the first line of ``text`` that cites it."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        for match in _CITATION_RE.finditer(line):
            for key in keys_of(match.group(1)):
                found.setdefault(key, number)
    return [(found.get(key, first_line), key) for key in dict.fromkeys(keys)]
