"""The live-reload state and the Server-Sent Events hub that pushes it to browsers.

Every message is the whole current state, never an edge, so a tab that connects late,
reconnects or misses a message still ends up right.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from ..errors import Problem

# 'partial': the site is built and served without the articles that have errors.
Status = Literal["ok", "error", "partial"]
HEARTBEAT = b": heartbeat\n\n"
RETRY_MS = 1000


@dataclass(frozen=True, slots=True)
class BuildError:
    """One error of a build, as the overlay shows it."""

    path: str
    line: int | None
    message: str
    hint: str

    @classmethod
    def of(cls, problem: Problem, root: Path | None = None) -> BuildError:
        path = problem.path
        if root is not None and Path(path).is_absolute() and Path(path).is_relative_to(root):
            path = Path(path).relative_to(root).as_posix()
        return cls(path, problem.line, problem.message, problem.hint)


@dataclass(frozen=True, slots=True)
class State:
    """What every tab must know.

    `build` numbers the published site (bumped by each build that wrote output);
    `page_build` is the newest build that changed more than stylesheets, so a tab showing
    build n reloads when page_build > n and only swaps its stylesheets when
    build > n >= page_build. `server` tells one server run from the next (its start time
    in ms), so that tabs left open across a restart reload too.
    """

    build: int = 0
    status: Status = "ok"
    errors: tuple[BuildError, ...] = ()
    page_build: int = 0
    server: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"build": self.build, "status": self.status}
        if self.status != "ok":
            data["errors"] = [
                {"path": e.path, "line": e.line, "message": e.message, "hint": e.hint}
                for e in self.errors]
        data["page_build"] = self.page_build
        data["server"] = self.server
        return data

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    def failed(self, problems: Iterable[Problem], root: Path | None = None) -> State:
        errors = tuple(BuildError.of(p, root) for p in problems if p.severity == "error")
        if not errors:  # a build may fail on warnings alone (--strict)
            errors = tuple(BuildError.of(p, root) for p in problems)
        return replace(self, status="error", errors=errors)

    def partial(self, problems: Iterable[Problem], root: Path | None = None) -> State:
        """The state of a build published without the articles whose errors it lists."""
        errors = tuple(BuildError.of(p, root) for p in problems if p.severity == "error")
        return replace(self, status="partial", errors=errors)


def sse_frame(state: State) -> bytes:
    """One SSE message carrying `state` (JSON has no raw newlines, so one data line)."""
    return b"data: " + state.dumps().encode("utf-8") + b"\n\n"


class Hub:
    """Holds the current state; listeners wait for a newer one."""

    def __init__(self, state: State | None = None) -> None:
        self._state = state or State()
        self._version = 0
        self._closed = False
        self._listeners = 0
        self._cond = threading.Condition()

    @property
    def state(self) -> State:
        with self._cond:
            return self._state

    @property
    def listeners(self) -> int:
        """How many event streams are open now."""
        with self._cond:
            return self._listeners

    @property
    def closed(self) -> bool:
        with self._cond:
            return self._closed

    def publish(self, state: State) -> None:
        with self._cond:
            self._state = state
            self._version += 1
            self._cond.notify_all()

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[State], bool], timeout: float) -> State | None:
        """Wait until the state satisfies `predicate`; None on timeout."""
        with self._cond:
            if self._cond.wait_for(lambda: predicate(self._state), timeout):
                return self._state
            return None

    def _moved_on(self, version: int) -> bool:
        return self._closed or self._version != version

    def stream(self, write: Callable[[bytes], None], heartbeat: float = 15.0,
               alive: Callable[[], bool] = lambda: True, check: float = 0.5) -> None:
        """Write the current state, then each newer one, with heartbeats, until closed.

        Returns when the hub closes or `alive()` (asked every `check` s) says the browser
        went away; a failed `write` raises.
        """
        with self._cond:
            self._listeners += 1
            version, state = self._version, self._state
        try:
            write(f"retry: {RETRY_MS}\n".encode() + sse_frame(state))
            quiet_since = time.monotonic()
            while True:
                with self._cond:
                    self._cond.wait_for(partial(self._moved_on, version),
                                        min(check, heartbeat))
                    if self._closed:
                        return
                    fresh = self._version != version
                    version, state = self._version, self._state
                if fresh:
                    write(sse_frame(state))
                elif time.monotonic() - quiet_since >= heartbeat:
                    write(HEARTBEAT)
                elif not alive():
                    return
                else:
                    continue
                quiet_since = time.monotonic()
        finally:
            with self._cond:
                self._listeners -= 1
