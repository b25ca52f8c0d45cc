"""One build of a site at a time: a second build waits for the first, and says so."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Problem, SiteError

LOCK_NAME = "build.lock"


def cache_folder(cache_dir: Path) -> list[Problem]:
    """Make sure the cache folder (and its lock file) can be used: what stands in their
    way is the generator's own, and is removed, with a warning each; SiteError if the
    folder cannot be made at all (a read-only site folder)."""
    found: list[Problem] = []
    shown = cache_dir.name
    try:
        if cache_dir.is_file():
            cache_dir.unlink()
            found.append(Problem(shown, "was a file, not the build's cache folder; replaced "
                                 "by a new cache folder", severity="warning"))
        cache_dir.mkdir(parents=True, exist_ok=True)
        lock = cache_dir / LOCK_NAME
        if lock.is_dir() and not lock.is_symlink():
            shutil.rmtree(lock)
            found.append(Problem(f"{shown}/{LOCK_NAME}", "was a folder, not the build's lock "
                                 "file; replaced", severity="warning"))
    except OSError as exc:
        raise SiteError([Problem(shown, f"cannot be made: {exc.strerror}",
                                 hint="a build keeps its cache there: make the site folder "
                                 "writable")]) from None
    return found


@contextmanager
def build_lock(cache_dir: Path, waiting: Callable[[str], None] | None = None
               ) -> Iterator[None]:
    """Hold the site's build lock; if another build holds it, say so to `waiting`, and wait.

    The lock is a POSIX record lock on .cache/build.lock: the system releases it when the
    process ends, however it ends, and worker processes forked by the build do not
    inherit it, so a killed build never leaves the site locked.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / LOCK_NAME).open("a+") as file:
        try:
            fcntl.lockf(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.seek(0)
            holder = file.read().strip() or "another process"
            if waiting is not None:
                waiting(f"Another build of this site is running ({holder}); waiting for it "
                        "to finish...")
            fcntl.lockf(file, fcntl.LOCK_EX)
        file.seek(0)
        file.truncate()
        file.write(f"pid {os.getpid()}\n")
        file.flush()
        try:
            yield
        finally:
            fcntl.lockf(file, fcntl.LOCK_UN)
