"""Run a function over chunks of work, in forked worker processes when it pays.

``run(func, items, workers, context)`` calls ``func(context, chunk)`` for chunks of
``items`` and returns the results in order. Workers are forked after the caller has
built the context (settings, the site model, compiled templates): the pool's
initializer hands it to each worker once, so nothing large is pickled on the way in,
only each chunk's small results on the way back. Workers ignore Ctrl-C (the parent
stops them) and die with the build that forked them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Chunk = Callable[[Any, Sequence[T]], list[R]]

MIN_PER_WORKER = 64  # below this many items per worker, a pool costs more than it saves

_worker_context: Any = None  # set once in each worker process by _start_worker


def _start_worker(parent: int, context: Any) -> None:
    global _worker_context
    _worker_context = context
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """Linux: a worker is killed when the build that forked it dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _in_worker(func: Chunk[T, R], chunk: Sequence[T]) -> list[R]:
    return func(_worker_context, chunk)


def chunked(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    size = max(1, min(64, len(items) // (workers * 6) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def run(
    func: Chunk[T, R],
    items: Sequence[T],
    workers: int,
    context: Any,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``func(context, chunk)`` over chunks of ``items``, results in order."""
    results: list[R] = []
    chunks = chunked(items, workers)
    processes = min(workers, len(items) // MIN_PER_WORKER)
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            results.extend(func(context, chunk))
            _report(progress, len(results), len(items))
        return results
    context_fork = multiprocessing.get_context("fork")
    pool = context_fork.Pool(processes, _start_worker, (os.getpid(), context))
    try:
        for outcome in pool.imap(partial(_in_worker, func), chunks):
            results.extend(outcome)
            _report(progress, len(results), len(items))
    finally:
        pool.terminate()  # at once, whether the work is done or the build is stopping
        pool.join()
    return results


def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
