"""The ground floor of a build: what it is asked to do (``Options``), how it reports progress
(``Progress``, ``silent``).

Standard library only, importing nothing of the package: every layer above may use it, so
no module ever imports these back from the one that runs the build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def silent(stage: str, done: int, total: int) -> None:
    """A ``Progress`` that shows nothing."""


@dataclass(frozen=True)
class Options:
    content: Path = Path("content")
    output: Path = Path("site")
    config: Path = Path("site.yaml")
    base_url: str | None = None
    drafts: bool = False
    now: datetime | None = None
    cache_dir: Path | None = None  # None: no persistent cache
    workers: int = 1  # worker processes (the command line's --jobs)
    contact: str | None = None  # replaces site.yaml's contact (the command line's --contact)
