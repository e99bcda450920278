"""Run a function over chunks of work, in forked worker processes when it pays.

Workers are forked after the parent has built what they need (settings, the
site model, compiled templates) and find it in ``state()``: nothing large is
pickled on the way in, only each chunk's small results on the way back.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_STATE: dict[str, Any] = {}
MIN_PER_WORKER = 64  # below this many items per worker, a pool costs more than it saves


def state() -> dict[str, Any]:
    return _STATE


def chunked(items: Sequence[T], jobs: int) -> list[Sequence[T]]:
    size = max(1, min(64, len(items) // (jobs * 6) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def run(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    jobs: int,
    shared: dict[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``func`` over chunks of ``items``, results in order; ``shared`` is what workers see."""
    global _STATE
    _STATE = shared
    results: list[R] = []
    chunks = chunked(items, jobs)
    workers = min(jobs, len(items) // MIN_PER_WORKER)
    fork = "fork" in multiprocessing.get_all_start_methods()
    try:
        if workers > 1 and fork:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for outcome in pool.imap(func, chunks):
                    results.extend(outcome)
                    _report(progress, len(results), len(items))
        else:
            for chunk in chunks:
                results.extend(func(chunk))
                _report(progress, len(results), len(items))
    finally:
        _STATE = {}
    return results


def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
