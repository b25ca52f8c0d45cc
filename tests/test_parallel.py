"""The work shared among forked workers: results in order, taken as they come, and new
workers for each share of a big site's pages, so that memory stays bounded."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from conftest import article_md, files_of

from generator import parallel
from generator.build import BuildOptions, build
from generator.incremental import parsing
from generator.render import pages

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="workers are forked only where the system can fork")


def _pids(items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_results_come_in_order_and_each_share_has_new_workers() -> None:
    items = list(range(900))
    chunks = parallel.map_chunks(_pids, items, jobs=2, min_items=1, fresh_every=300)
    results = [pair for chunk in chunks for pair in chunk]
    assert [item for item, _ in results] == items
    shares = [{pid for item, pid in results if start <= item < start + 300}
              for start in (0, 300, 600)]
    assert os.getpid() not in set().union(*shares)
    # No worker of one share works on another: each share was given new processes.
    assert shares[0].isdisjoint(shares[1]) and shares[1].isdisjoint(shares[2])
    assert shares[0].isdisjoint(shares[2])


def _wait_for_marker(marker: Path, items: Sequence[int]) -> list[tuple[int, bool]]:
    if items[-1] != 99:  # the last chunk waits until the parent has taken the first
        return [(item, True) for item in items]
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return [(item, marker.exists()) for item in items]


def test_a_chunk_is_handed_over_before_the_last_one_is_done(tmp_path: Path) -> None:
    """What a parse sends back (bodies) is stored chunk by chunk: the parent never waits
    for every chunk, holding them all, before it takes the first."""
    marker = tmp_path / "first-taken"
    seen: list[tuple[int, bool]] = []
    for chunk in parallel.iter_chunks(partial(_wait_for_marker, marker), list(range(100)),
                                      jobs=2, min_items=1, max_chunk=10):
        marker.touch()
        seen.extend(chunk)
    assert [item for item, _ in seen] == list(range(100))
    assert len(seen) == 100 and all(taken for _, taken in seen)


def test_max_chunk_bounds_the_items_of_each_chunk() -> None:
    chunks = parallel.map_chunks(_pids, list(range(1000)), jobs=2, min_items=1, max_chunk=64)
    assert max(len(chunk) for chunk in chunks) == 64
    assert [item for chunk in chunks for item, _ in chunk] == list(range(1000))


def test_small_chunks_and_new_workers_build_the_same_bytes_as_one_process(
        make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big site's parse in chunks and its render by several sets of workers publish
    what one process does, and a rebuild after an edit knows what each page read."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parsing, "PARSE_CHUNK", 7)
    monkeypatch.setattr(pages, "FRESH_WORKERS_EVERY", 40)
    files: dict[str, str | bytes] = {
        f"content/{n:03d}.md": article_md(f"Story {n}", f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                                          f"Paragraph *{n}*.", tags=f"[T{n % 7}, All]")
        for n in range(120)}
    root = make_site(files)
    build(root, BuildOptions(output=tmp_path / "one", jobs=1, incremental=False))
    result = build(root, BuildOptions(jobs=2))
    assert result.parsed == 120 and result.rendered > 120
    assert files_of(root / "output") == files_of(tmp_path / "one")
    (root / "content/005.md").write_text(
        article_md("Story 5", "2024-06-06", "A new paragraph.", tags="[T5, All]"),
        encoding="utf-8")
    edited = build(root, BuildOptions(jobs=2))
    assert edited.parsed == 1
    build(root, BuildOptions(output=tmp_path / "clean", jobs=1, incremental=False))
    assert files_of(root / "output") == files_of(tmp_path / "clean")
    story = next(data for name, data in files_of(root / "output").items()
                 if name.endswith("/story-5/index.html"))
    assert b"A new paragraph." in story


def _mark_chunk(folder: Path, items: Sequence[int]) -> int:
    time.sleep(0.05)
    (folder / f"chunk-{items[0]}").touch()
    return items[0]


def test_a_generator_closed_early_starts_no_more_chunks(tmp_path: Path) -> None:
    """A parse stopped half-way (an error, Ctrl-C) leaves no worker parsing the rest."""
    chunks = parallel.iter_chunks(partial(_mark_chunk, tmp_path), list(range(400)), jobs=2,
                                  min_items=1, max_chunk=10)
    assert next(chunks) == 0
    chunks.close()
    done = len(list(tmp_path.iterdir()))
    time.sleep(0.5)
    assert len(list(tmp_path.iterdir())) == done < 40
