"""Watching the sources: ignore rules, a debouncer, and watchdog observers feeding it.

One save is one build: events are gathered until ~150 ms pass without a new one (at most
~1 s after the first), editor scratch files are ignored, and a file that came and went
within one batch (a temporary file by a name we do not know) is dropped. When the last
event of every file says that its writing is done (closed after writing, moved into place
or deleted: Linux's inotify says so, polling and other systems do not), ~50 ms of quiet
are enough: an editor that saves in place, as most do, writes and closes within a few.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from ..config import AUTHORS_NAME

QUIET = 0.15
# The quiet wanted after an editor's save: one file, whose writing is done. Several files
# (a checkout, a copy) wait the whole quiet period: a writer paused for 50 ms midway (a
# busy machine) would otherwise split them into two builds.
SETTLED = 0.05
CAP = 1.0
# vim: .x.swp/.swx/.swo and its write test file 4913; emacs: .#x lock, #x# autosave, x~
# backup; JetBrains: x___jb_tmp___, x___jb_old___; many tools: x.tmp. Dotfiles are ignored
# on their own (.git/, .DS_Store, .x.swp).
IGNORED_NAMES = ("*.swp", "*.swx", "*.swo", "*~", ".#*", "#*#", "4913", "*.tmp", "*___jb_*")
# Events that say the file changed (not "opened" or "closed without writing": the build
# reads every source, and reacting to that would loop).
CHANGES = {"created", "modified", "deleted", "moved", "closed"}
# Events after which the file is as it will stay, until its next change.
DONE = {"deleted", "moved", "closed"}


def is_ignored(path: Path, root: Path) -> bool:
    """Whether a change to `path`, under the watched folder `root`, is editor noise."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    if not parts:
        return False
    if any(part.startswith(".") for part in parts):
        return True
    return any(fnmatchcase(parts[-1], pattern) for pattern in IGNORED_NAMES)


class Debouncer:
    """Gathers changed paths into batches; the clock is injected, so tests need no sleep."""

    def __init__(self, quiet: float = QUIET, cap: float = CAP,
                 clock: Callable[[], float] = time.monotonic, settled: float = SETTLED
                 ) -> None:
        self.quiet, self.cap, self.clock, self.settled = quiet, cap, clock, settled
        self._paths: dict[Path, bool] = {}  # path -> created within this batch
        self._writing: set[Path] = set()  # paths whose last event did not say "done"
        self._first = self._last = 0.0

    def add(self, path: Path, created: bool = False, done: bool = False) -> None:
        """Take an event on `path`: `created` it, or `done` writing it (see DONE)."""
        now = self.clock()
        if not self._paths:
            self._first = now
        self._last = now
        self._paths.setdefault(path, created)
        if done:
            self._writing.discard(path)
        else:
            self._writing.add(path)

    def wait_time(self) -> float | None:
        """Seconds until the batch is due (0 when due), or None when nothing is pending."""
        if not self._paths:
            return None
        now = self.clock()
        quiet = self.settled if not self._writing and len(self._paths) == 1 else self.quiet
        return max(0.0, min(self._last + quiet, self._first + self.cap) - now)

    def take(self, exists: Callable[[Path], bool] = Path.exists) -> set[Path]:
        """Return the batch and start a new one; files created and gone again are left out.

        The paths are looked at now, after the quiet period, not when the events came.
        """
        batch = {path for path, created in self._paths.items() if not created or exists(path)}
        self._paths.clear()
        self._writing.clear()
        return batch


class _Forward(FileSystemEventHandler):
    """Passes the events of one watched folder, filtered, to the watcher."""

    def __init__(self, watcher: Watcher, root: Path, accept: Callable[[Path], bool]) -> None:
        self.watcher, self.root, self.accept = watcher, root, accept

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES or (
                event.is_directory and event.event_type in ("modified", "closed")):
            return
        paths = [Path(str(event.src_path))]
        if event.event_type == "moved":
            paths.append(Path(str(event.dest_path)))
        created = event.event_type == "created"
        self.watcher.add([p for p in paths if self.accept(p)], created,
                         event.event_type in DONE)


class Watcher:
    """Watches folders recursively and the site folder (for its config file) flatly.

    `next_batch()` blocks until a debounced batch of changed paths is ready.
    """

    def __init__(self, site: Path, config_name: str, folders: Iterable[Path], output: Path,
                 poll: bool = False, debouncer: Debouncer | None = None) -> None:
        self.site, self.config_name, self.output = site, config_name, output
        self.folders = list(folders)
        self.debouncer = debouncer or Debouncer()
        self.observer: BaseObserver = PollingObserver(timeout=0.5) if poll else Observer()
        self._watches: dict[Path, ObservedWatch] = {}
        self._cond = threading.Condition()
        self._stopped = False
        self._stale: set[Path] = set()  # watched folders that came or went themselves

    def start(self) -> None:
        # The site folder, not site.toml itself: an editor's atomic save replaces the file,
        # and a watch on the old file would go quiet (Zola #2266, Hugo #4701).
        self.observer.schedule(_Forward(self, self.site, self._site_event), str(self.site),
                               recursive=False)
        self.refresh(self.folders)
        self.observer.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(timeout=5)

    def refresh(self, folders: Iterable[Path]) -> None:
        """Watch exactly `folders` (those that exist), e.g. after site.toml changed.

        A folder that was itself removed, renamed or made meanwhile is watched anew: a
        watch on a removed folder stays silent even when a new one takes its place.
        """
        self.folders = list(folders)
        wanted = {f for f in self.folders if f.is_dir()}
        with self._cond:
            stale, self._stale = self._stale, set()
        for folder in (set(self._watches) - wanted) | (stale & set(self._watches)):
            # The folder may be gone, and its watch with it.
            with contextlib.suppress(KeyError, OSError):
                self.observer.unschedule(self._watches.pop(folder))
        for folder in sorted(wanted - set(self._watches)):
            handler = _Forward(self, folder, self._folder_event(folder))
            self._watches[folder] = self.observer.schedule(handler, str(folder),
                                                           recursive=True)

    @property
    def watched(self) -> list[Path]:
        return sorted(self._watches)

    def _site_event(self, path: Path) -> bool:
        # In the site folder only site.toml (and authors.toml beside it) counts, and a
        # watched folder coming or going; output/ and the build's temporary folders live
        # here too.
        if path.parent != self.site:
            return False
        if path in self.folders:
            with self._cond:
                self._stale.add(path)
            return True
        return path.name in (self.config_name, AUTHORS_NAME)

    def _folder_event(self, root: Path) -> Callable[[Path], bool]:
        def accept(path: Path) -> bool:
            return not is_ignored(path, root) and not path.is_relative_to(self.output)
        return accept

    def add(self, paths: list[Path], created: bool = False, done: bool = False) -> None:
        if not paths:
            return
        with self._cond:
            for path in paths:
                self.debouncer.add(path, created, done)
            self._cond.notify_all()

    @property
    def stopped(self) -> bool:
        with self._cond:
            return self._stopped

    def pending(self) -> bool:
        """Whether changes are waiting for a build (or the watcher has stopped)."""
        with self._cond:
            return self._stopped or self.debouncer.wait_time() is not None

    def next_batch(self, timeout: float | None = None) -> set[Path] | None:
        """Wait for the next batch of changes; None once stopped or after `timeout` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._stopped:
                wait = self.debouncer.wait_time()
                if wait == 0:
                    batch = self.debouncer.take()
                    if batch:
                        return batch
                    continue
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    wait = left if wait is None else min(wait, left)
                self._cond.wait(wait)
            return None
