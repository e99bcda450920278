"""The worker processes of `--jobs`: work shared out among them, results in order, progress
reported as chunks come back, and small jobs kept in the build's own process."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from typing import Any

import pytest

from generator.incremental import parallel


def _where(context: str, chunk: Sequence[int]) -> list[tuple[int, str, int]]:
    """Each item with the process that did it and the context it was given."""
    return [(os.getpid(), context, item) for item in chunk]


def _reported_chunk_by_chunk(reported: list[tuple[int, int]], total: int) -> None:
    """Progress came once per chunk, in order, up to every item, each time out of ``total``."""
    done = [d for d, _ in reported]
    assert done == sorted(set(done)) and done[-1] == total
    assert {t for _, t in reported} == {total}


_everyone: Any = None  # a barrier the workers meet at, each with its first chunk
_met = False  # in each worker: it has met the others


def _where_once_all_started(context: str, chunk: Sequence[int]) -> list[tuple[int, str, int]]:
    """``_where``, once every worker has a chunk (a worker that waits takes no other, so the
    chunks are shared out among all of them, however fast the first one is)."""
    global _met
    if not _met:
        _met = True
        _everyone.wait(timeout=30)
    return _where(context, chunk)


@pytest.mark.parametrize("workers", [2, 3])
def test_work_is_shared_among_worker_processes_and_comes_back_in_order(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    barrier = multiprocessing.get_context("fork").Barrier(workers)
    monkeypatch.setattr(sys.modules[__name__], "_everyone", barrier)
    items = list(range(parallel.MIN_PER_WORKER * workers + 1))
    reported: list[tuple[int, int]] = []
    run = _where_once_all_started
    results = parallel.run(run, items, workers, "site", lambda *p: reported.append(p))
    assert [item for _, _, item in results] == items
    assert {context for _, context, _ in results} == {"site"}
    pids = {pid for pid, _, _ in results}
    assert os.getpid() not in pids and len(pids) == workers  # none in the build's process
    _reported_chunk_by_chunk(reported, len(items))


def test_too_few_items_for_two_workers_are_done_in_the_builds_process() -> None:
    """Below MIN_PER_WORKER items a worker, a pool costs more than it saves."""
    items = list(range(2 * parallel.MIN_PER_WORKER - 1))
    reported: list[tuple[int, int]] = []
    results = parallel.run(_where, items, 2, "site", lambda *p: reported.append(p))
    assert [item for _, _, item in results] == items
    assert {pid for pid, _, _ in results} == {os.getpid()}
    _reported_chunk_by_chunk(reported, len(items))


def test_chunks_cover_every_item_once_in_order() -> None:
    for count in (0, 1, 63, 64, 65, 1_000, 5_000):
        for workers in (1, 2, 8):
            chunks = parallel.chunked(list(range(count)), workers)
            assert [i for chunk in chunks for i in chunk] == list(range(count))
            assert all(chunks)  # none empty
