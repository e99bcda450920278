"""Where a build's time goes: wall and CPU seconds per stage, for benchmarks and reports.

CPU is this process's plus that of every child it has reaped (worker processes, Pagefind),
so a stage that runs work in other processes is charged for it once they are done.
"""

from __future__ import annotations

import resource
import time

Lap = tuple[str, float, float]  # (stage, wall seconds, CPU seconds)


def cpu() -> float:
    """CPU seconds of this process and of its reaped children, user and system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Laps of wall and CPU time; a lap named "" is left out (timed elsewhere)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), cpu()
        self.laps: list[Lap] = []

    def lap(self, name: str) -> Lap:
        wall, used = time.perf_counter(), cpu()
        lap = (name, wall - self.wall, used - self.cpu)
        if name:
            self.laps.append(lap)
        self.wall, self.cpu = wall, used
        return lap


def split(lap: Lap, shares: dict[str, float]) -> list[Lap]:
    """One lap shared out among named parts in proportion to ``shares`` (e.g. the CPU seconds
    the workers spent on each part): how a parallel stage's time divides."""
    total = sum(shares.values())
    if total <= 0:
        return [(name, 0.0, 0.0) for name in shares]
    return [(name, lap[1] * s / total, lap[2] * s / total) for name, s in shares.items()]
