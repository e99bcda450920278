"""What an import reads from another generator's site: one ``Post`` a brief or page, and the
``Note`` lines of its report. Frozen values: readers make them, the writer takes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ImportFailed(Exception):
    """A site the importer cannot read: one line, exit 1, nothing written."""


@dataclass(frozen=True, order=True)
class Note:
    """One line of the report: ``path:line: level: message`` (level: mapped, dropped,
    converted, unconverted, warning)."""

    path: str
    line: int
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


@dataclass(frozen=True)
class Post:
    """One post or page of the old site, as read, before it is mapped to a brief."""

    kind: str  # "brief" or "page"
    path: str  # as shown in the report, relative to the old site's folder
    meta: dict[str, Any]  # its front matter, as the old generator's YAML/TOML/metadata gave it
    lines: dict[str, int]  # front-matter key -> line in the file
    body: str
    body_line: int  # the file line the body starts on
    stem: str  # the file name without extension (or the bundle's folder name)
    old_urls: tuple[str, ...]  # every address the old site served it at
    files: tuple[tuple[str, str], ...] = ()  # (name beside the brief, absolute source path)
    file_date: str | None = None  # YYYY-MM-DD from the file name, when it starts with one
    notes: tuple[Note, ...] = field(default=())
