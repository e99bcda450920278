"""Located content errors and the exception that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file: rendered as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildFailed(Exception):
    """Raised with every problem found; the CLI prints them and exits 1."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: tuple[ContentError, ...] = tuple(sorted(set(errors)))
        super().__init__(f"{len(self.errors)} problem(s)")


def summary_line(count: int, command: str = "build") -> str:
    noun = "problem" if count == 1 else "problems"
    return f"{command} failed: {count} {noun} found, nothing was written"
