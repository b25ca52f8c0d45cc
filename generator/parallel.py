"""Run a stage over many items on every core: forked workers, results in input order."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Generator, Sequence
from contextlib import suppress
from typing import Any

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 400

# Set in the parent just before the workers fork, so that they inherit the work instead
# of receiving it pickled: only (start, stop) goes to a worker, only results come back.
_task: Callable[[Sequence[Any]], Any] | None = None
_items: Sequence[Any] = ()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def forks(count: int, jobs: int, min_items: int | None = None) -> bool:
    """Whether iter_chunks runs `count` items in forked workers (else here, in order)."""
    least = MIN_ITEMS if min_items is None else min_items
    if jobs <= 1 or count < least:
        return False
    # Imported when a pool may be made: a build that edits one article forks no worker
    # and starts 15 ms sooner without multiprocessing, concurrent.futures and ctypes.
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def map_chunks(task: Callable[[Sequence[Any]], Any], items: Sequence[Any], jobs: int,
               progress: Callable[[int], None] | None = None,
               min_items: int | None = None, max_chunk: int | None = None,
               fresh_every: int | None = None) -> list[Any]:
    """Return [task(chunk) for each chunk of items], computed by up to `jobs` processes
    (see iter_chunks)."""
    return list(iter_chunks(task, items, jobs, progress, min_items, max_chunk, fresh_every))


def iter_chunks(task: Callable[[Sequence[Any]], Any], items: Sequence[Any], jobs: int,
                progress: Callable[[int], None] | None = None,
                min_items: int | None = None, max_chunk: int | None = None,
                fresh_every: int | None = None) -> Generator[Any, None, None]:
    """Yield task(chunk) for each chunk of items, in order, computed by up to `jobs`
    processes, each result as soon as it and those before it are done.

    The chunks are contiguous and in order, so joining their results keeps input order;
    with one job, fewer than `min_items` items (default MIN_ITEMS: for items that take
    a millisecond or less; costly ones, such as photos to encode, are worth a pool from
    two) or no fork on this platform, it runs here. `progress` is called with the number
    of items of each chunk done. `max_chunk` caps a chunk's items, for results that are
    large (a parse sends back bodies): the caller takes each chunk's results and lets
    them go before the last chunk is done, so that no process holds them all at once
    (and closes the generator if it stops early, which stops the workers at once).

    `fresh_every` items, new workers are forked for the next ones. A forked worker shares
    the parent's memory until it touches an object (even reading one writes its reference
    count), and then holds a copy of that memory page for the rest of its life: over a
    whole site, each worker would come to copy most of the parent. Workers that end after
    a share of the items give those copies back.
    """
    global _task, _items
    least = MIN_ITEMS if min_items is None else min_items
    if not forks(len(items), jobs, least):
        if (progress is None and max_chunk is None) or len(items) < least:
            yield task(items)
            if progress is not None:
                progress(len(items))
            return
        # Smaller chunks, so that the display moves and no result grows without bound.
        for start, stop in _bounds(len(items), 20, max_chunk):
            yield task(items[start:stop])
            if progress is not None:
                progress(stop - start)
        return
    if fresh_every is not None and len(items) > fresh_every:
        for start in range(0, len(items), fresh_every):
            yield from iter_chunks(task, items[start:start + fresh_every], jobs, progress,
                                   min_items, max_chunk)
        return
    # Several chunks per worker, so that one slow chunk does not idle the rest.
    bounds = _bounds(len(items), jobs * (16 if progress else 4), max_chunk)
    _task, _items = task, items
    gc.freeze()  # what the workers inherit is left out of their collections (_run_chunk)
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_die_with_parent, initargs=(os.getpid(),))
        try:
            for (start, stop), result in zip(bounds, pool.map(_run_chunk, bounds),
                                             strict=True):
                yield result
                if progress is not None:
                    progress(stop - start)
        except BaseException:  # Ctrl-C, an error: no chunk is started after this one
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        gc.unfreeze()
        _task, _items = None, ()


def _bounds(count: int, chunks: int, max_chunk: int | None = None) -> list[tuple[int, int]]:
    size = max(1, -(-count // chunks))
    if max_chunk is not None:
        size = min(size, max_chunk)
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _die_with_parent(parent: int) -> None:
    """Make a worker end when the build that forked it is killed (Linux), so that no
    orphan lingers holding files or locks; Ctrl-C is the parent's to handle (a worker
    would print a traceback of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _run_chunk(bounds: tuple[int, int]) -> Any:
    """Run the task on one chunk in a worker, then collect the garbage it left in cycles.

    A build turns the cycle collector off (build.py), but rendering a page leaves a few
    cycles (Jinja's context and the macros it imports: 40 objects a page); without this,
    a worker kept those of every page it made. Its collection walks only the objects the
    worker made: those it inherited are frozen (iter_chunks), so that it neither walks
    them nor copies their memory pages by writing to them.
    """
    assert _task is not None
    start, stop = bounds
    result = _task(_items[start:stop])
    gc.collect()
    return result
