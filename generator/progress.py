"""A one-line progress display for long builds, on a terminal only."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Shows `stage  done/total` on one line of a terminal, at most ten times a second.

    Silent when the stream is not a terminal (a log, a pipe, CI), so output stays clean.
    """

    def __init__(self, stream: TextIO | None = None, interval: float = 0.1) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.interval = interval
        self._shown = 0.0
        self._width = 0

    def stage(self, name: str, total: int) -> Callable[[int], None]:
        """Start a stage of `total` items; return the function that counts items done."""
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            now = time.monotonic()
            if self.enabled and (now - self._shown >= self.interval or done >= total):
                self._shown = now
                self._show(f"  {name:<7} {done:>9,} / {total:,}")

        return advance

    def _show(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
