"""The ground floor of a build: what it is asked to do (``Options``), how it reports progress
(``Progress``, ``silent``) and how long each stage took (``Stopwatch``, ``Timings``).

Standard library only, importing nothing of the package: every layer above may use it, so
no module ever imports these back from the one that runs the build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Timings:
    """Seconds of each stage a build ran, in the order it ran them: wall time
    (``perf_counter``) and the CPU time of this process (``process_time``; workers' time is
    theirs and not counted)."""

    stages: tuple[tuple[str, float, float], ...] = ()  # (stage, wall, CPU)
    total: float = 0.0  # wall seconds of the whole build, between and around stages included

    def wall(self, stage: str) -> float:
        return sum(w for name, w, _ in self.stages if name == stage)

    def lines(self) -> list[str]:
        """One line a stage, for ``build --timings``."""
        return [f"{name:<10} {wall:8.3f}s  cpu {cpu:8.3f}s" for name, wall, cpu in self.stages]


@dataclass
class Stopwatch:
    """Times the stages of one build; ``timings()`` is what it measured."""

    laps: list[tuple[str, float, float]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.laps.append((name, time.perf_counter() - wall, time.process_time() - cpu))

    def add(self, name: str, wall: float, cpu: float) -> None:
        """A lap measured elsewhere (in worker processes)."""
        self.laps.append((name, wall, cpu))

    def timings(self) -> Timings:
        return Timings(tuple(self.laps), time.perf_counter() - self.started)
