"""Python-Markdown's inline patterns, tried only on text that holds what they need.

Python-Markdown tries every inline pattern on every run of text (each paragraph, heading,
list item, and again inside each link and emphasis it finds). A pattern whose regular
expression starts with a fixed character is cheap to try where it cannot match: the
regular expression engine jumps from one such character to the next. Two patterns start
otherwise, and the engine tries them at every position of the text: code spans (a
backslash run or a backtick, behind a look-behind) and citations (optional spaces, then
``[@``). Every match of either holds a fixed piece of text at or after where the search
starts (a backtick; ``[@``), so a text without it is passed over at once, as it would be
after the full search. Measured on 1,000 briefs: about 12% of the Markdown conversion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# The inline patterns guarded, by their name in Python-Markdown's registry, with the
# piece of text every one of their matches holds.
NEEDLES = {"backtick": "`", "citation": "[@"}


class Guarded:
    """A compiled regular expression that searches only text holding ``needle`` at or
    after the position the search starts from; anything else is the expression's own."""

    def __init__(self, compiled: re.Pattern[str], needle: str) -> None:
        self.compiled = compiled
        self.needle = needle

    def finditer(self, text: str, pos: int = 0, *args: Any) -> Iterator[re.Match[str]]:
        if text.find(self.needle, pos) < 0:
            return iter(())
        return self.compiled.finditer(text, pos, *args)

    def search(self, text: str, pos: int = 0, *args: Any) -> re.Match[str] | None:
        if text.find(self.needle, pos) < 0:
            return None
        return self.compiled.search(text, pos, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


def guard(md: Any) -> None:
    """Guard the inline patterns of ``md`` (a ``markdown.Markdown``) named in ``NEEDLES``."""
    for name, needle in NEEDLES.items():
        if name in md.inlinePatterns:
            pattern = md.inlinePatterns[name]
            if not isinstance(pattern.compiled_re, Guarded):
                pattern.compiled_re = Guarded(pattern.compiled_re, needle)
