"""The search index of a built site when it is made after the pages: `serve` publishes
the pages of an edit at once and brings the index up to date when the editor pauses.

Until then a marker in the search folder says the index is older than the pages, so that a
build that finds nothing else changed still makes it again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from .output import SEARCH_FOLDER, Transaction, staging_folder
from .outputs.search import Indexer
from .outputs.search_view import Overlay
from .placing import swap

# In the search folder of a site whose pages changed after its index was made.
STALE = ".stale"
# What a build that left its index for later returns: makes the index and puts it in
# place, unless `cancelled()` says to stop first (then it returns False).
CatchUp = Callable[[Callable[[], bool]], bool]


def search_current(output: Path) -> bool:
    """Whether the output folder holds a search index made from its pages as they are."""
    folder = output / SEARCH_FOLDER
    return folder.is_dir() and not (folder / STALE).exists()


def mark_stale(output: Path) -> None:
    """Say that the pages of `output` are about to change without its search index."""
    folder = output / SEARCH_FOLDER
    if folder.is_dir():
        (folder / STALE).write_bytes(b"")


def catch_up(index: Indexer, output: Path, cancelled: Callable[[], bool],
             lock: AbstractContextManager[object] | None = None) -> bool:
    """Index the pages of `output` as they stand and put the new index in place of its
    search folder (holding `lock` meanwhile); False, changing nothing, when `cancelled()`
    said to stop first. Raises SiteError if the indexer fails."""
    was = os.lstat(output)  # as the last build recorded it
    staging = index_beside(index, output, cancelled=cancelled)
    if staging is None:
        return False
    put_index(staging, output, lock, was)
    return True


def search_now(index: Indexer, transaction: Transaction, folder: Path | None,
               gone: Collection[str]) -> Path | None:
    """Index the new site before its pages are published: in the folder of the whole new
    site when it is staged (`folder`), else beside output/ from a view of output/'s files
    with the staged changes, returned (put_index once the pages are in place). Where that
    view cannot be made (no hard links), the whole new site is assembled after all."""
    if folder is None:
        overlay = Overlay(transaction.folder, [*transaction.new, *transaction.changed], gone,
                          transaction.existing)
        try:
            return index_beside(index, transaction.output, overlay)
        except OSError:
            folder = transaction.finish(gone, whole=True, force=True)
            assert folder is not None
    index(folder, folder / SEARCH_FOLDER)
    return None


def index_beside(index: Indexer, output: Path, overlay: Overlay | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path | None:
    """Index the site in `output` (with the changes of `overlay`, not yet moved in) into a
    new folder beside it, and return that folder; None, leaving nothing, when `cancelled()`
    said to stop first. Raises what the indexer raises (SiteError; OSError when the view
    of an overlay cannot be made), leaving nothing."""
    was = os.lstat(output)
    staging = staging_folder(output, "search")
    done = False
    try:
        done = index(output, staging, cancelled, overlay)
    finally:
        if not done:
            shutil.rmtree(staging, ignore_errors=True)
            _keep_time(output, was)  # a staging folder made inside it (a mount point)
    return staging if done else None


def put_index(staging: Path, output: Path, lock: AbstractContextManager[object] | None = None,
              was: os.stat_result | None = None) -> None:
    """Put an index made by index_beside in place of the search folder of `output`, which
    keeps its time (`was`: its state to keep, if not as it is now)."""
    was = was or os.lstat(output)
    try:
        with lock or nullcontext():
            swap(staging, output / SEARCH_FOLDER)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _keep_time(output, was)


def _keep_time(output: Path, was: os.stat_result) -> None:
    # The output folder's time tells the next build whether files were added to it by
    # hand (output.unchanged); the index is the generator's own, so the folder keeps it.
    os.utime(output, ns=(was.st_atime_ns, was.st_mtime_ns))
