"""The search index of a built site when it is made after the pages: `serve` publishes
the pages of an edit at once and brings the index up to date when the editor pauses.

Until then a marker in the search folder says the index is older than the pages, so that a
build that finds nothing else changed still makes it again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from .output import SEARCH_FOLDER, staging_folder
from .outputs.search import Indexer
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
    # The output folder's time tells the next build whether files were added to it by
    # hand (output.unchanged); the index is the generator's own, so the folder keeps it.
    was = os.lstat(output)
    staging = staging_folder(output, "search")
    try:
        if not index(output, staging, cancelled):
            return False
        with lock or nullcontext():
            swap(staging, output / SEARCH_FOLDER)
        return True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        os.utime(output, ns=(was.st_atime_ns, was.st_mtime_ns))
