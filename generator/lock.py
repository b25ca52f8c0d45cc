"""One build of a site at a time: a second build waits for the first, and says so."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "build.lock"


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
