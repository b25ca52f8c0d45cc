"""A read-write lock: many requests read output/ at once, a build publishes alone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType


class ReadWriteLock:
    """Readers share, the writer is alone; a waiting writer goes before new readers.

    Writing is reentrant in one thread, so a build that takes the lock twice does not
    deadlock. Used as a context manager, the lock is taken for writing.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer: int | None = None  # thread id of the writer
        self._depth = 0
        self._waiting_writers = 0

    @property
    def writers_waiting(self) -> int:
        """How many threads wait to write (for the preview's tests and diagnostics)."""
        with self._cond:
            return self._waiting_writers

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the lock for reading for the `with` block."""
        with self._cond:
            while self._writer is not None or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    def acquire_write(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._writer == me:
                self._depth += 1
                return
            self._waiting_writers += 1
            try:
                while self._writer is not None or self._readers:
                    self._cond.wait()
            finally:
                self._waiting_writers -= 1
            self._writer, self._depth = me, 1

    def release_write(self) -> None:
        with self._cond:
            if self._writer != threading.get_ident():
                raise RuntimeError("release_write() by a thread that does not hold the lock")
            self._depth -= 1
            if not self._depth:
                self._writer = None
                self._cond.notify_all()

    def __enter__(self) -> ReadWriteLock:
        self.acquire_write()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release_write()
