"""The running preview: one build session, a watcher feeding it, and the HTTP server."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Collection
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import TracebackType

from ..build import BuildOptions
from ..errors import Problem, SiteError
from ..incremental.parse_cache import CACHE_DIR
from ..indexing import CatchUp
from ..output import MARKER
from ..session import Outcome, Session
from .events import Hub, State
from .handler import Handler
from .hosts import WILDCARDS, HostCheck, bracketed
from .ports import PreviewServer, ServeError, bind
from .rwlock import ReadWriteLock
from .watch import Debouncer, Watcher

# Quiet seconds after a build before its record of output/ is saved (Session.save), and
# before every file is looked at when the build looked only at those the watcher named:
# not while the browser reloads the page the build changed, nor between quick saves.
SAVE_AFTER = 1.0
# Seconds of quiet after a build before Pagefind catches up (a reload takes 0.1-0.2 s).
SEARCH_AFTER = 0.3

Log = Callable[[str], None]


class _Publisher:
    """The session's publish lock: the write side of ours, and it marks the build published.

    Pages served once a build has published carry its number, so they do not reload again
    when that build is announced a moment later.
    """

    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def __enter__(self) -> _Publisher:
        self.preview.lock.acquire_write()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.preview.site_build = self.preview.pending_build
        self.preview.lock.release_write()


def check_output_apart(output: Path, folders: Collection[Path]) -> None:
    """Refuse an output folder inside a watched folder (every build would trigger another)."""
    for folder in folders:
        folder = folder.resolve()
        if output == folder or output.is_relative_to(folder) or folder.is_relative_to(output):
            raise ServeError(f"the output folder {output} overlaps the watched folder {folder}; "
                             "set output_dir in site.toml to a folder of its own")


def only_stylesheets(changed: Collection[Path] | None, static: Path | None) -> bool:
    """Whether every changed source is a stylesheet under static/ (copied as is)."""
    return bool(changed) and static is not None and all(
        p.suffix == ".css" and p.is_relative_to(static) for p in changed or ())


class Preview:
    """Builds, watches and serves one site until stopped."""

    def __init__(self, site: Path, options: BuildOptions | None = None,
                 host: str = "127.0.0.1", port: int | None = None, poll: bool = False,
                 log: Log = print, debouncer: Debouncer | None = None) -> None:
        self.lock = ReadWriteLock()
        # Pages are published as soon as they are made; the search index follows when no
        # change is waiting (Pagefind takes seconds on a large site).
        self.session = Session(site, replace(options or BuildOptions(), search_later=True),
                               publish_lock=_Publisher(self))
        self.output = self.session.output
        self.hub = Hub(State(server=time.time_ns() // 1_000_000))
        self.hosts = HostCheck(host, port or 0)
        self.host, self.port, self.poll, self.log = host, port, poll, log
        self.site_build = 0  # the build whose files output/ holds; set under the write lock
        self.pending_build = 0  # the number the build in progress publishes under
        self.builds = 0  # builds started, ok or not
        self.done = 0  # builds finished and announced
        self.search_later: CatchUp | None = None
        self.verify = False  # the last build looked only at the files the watcher named
        self.searches = 0  # search indexes put in place
        check_output_apart(self.output, self.session.watched())
        self.watcher = Watcher(self.session.root, self.session.config_file.name,
                               self.session.watched(), self.output, poll, debouncer)
        self.server: PreviewServer | None = None
        self._threads: list[threading.Thread] = []

    # --- what the handler asks ------------------------------------------------------------

    def served_state(self) -> State:
        return replace(self.hub.state, build=self.site_build)

    def has_site(self) -> bool:
        return (self.output / MARKER).is_file()

    @property
    def url(self) -> str:
        assert self.server is not None, "start() first"
        port = self.server.server_address[1]
        host = "127.0.0.1" if self.host in WILDCARDS else bracketed(self.host)
        return f"http://{host}:{port}/"

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> None:
        """Bind the port (ServeError if it cannot), then serve, watch and build."""
        self.server = bind(self.host, self.port, partial(Handler, site=self), self.log)
        self.hosts = HostCheck(self.host, self.server.server_address[1])
        try:
            self.watcher.start()
        except OSError as exc:
            self.server.server_close()
            self.server = None
            raise ServeError(f"cannot watch {self.session.root}: {exc} (try --poll)") from exc
        for name, run in (("serve-http", partial(self.server.serve_forever, 0.1)),
                          ("serve-build", self._build_loop)):
            thread = threading.Thread(target=run, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, wait: bool = True) -> None:
        """Stop serving and watching; never touches output/.

        With `wait`, a build in progress finishes first; without, a build that is
        publishing finishes its publishing and no other starts (the process is exiting).
        """
        self.hub.close()
        self.watcher.stop()
        if self.server is not None:
            self.server.shutdown()
            self.server.close_connections()
            self.server.server_close()
        if wait:
            for thread in self._threads:
                thread.join(timeout=60)
        else:
            self.save(wait=False)  # unless a build runs: the process is exiting
            self.lock.acquire_write()  # held until exit: no build publishes half its files

    def __enter__(self) -> Preview:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def wait_for(self, predicate: Callable[[State], bool], timeout: float = 30) -> State:
        """Wait for a state (in tests and benchmarks); TimeoutError with the last one."""
        state = self.hub.wait_for(predicate, timeout)
        if state is None:
            raise TimeoutError(f"no such state within {timeout} s; last: {self.hub.state}")
        return state

    # --- building -------------------------------------------------------------------------

    def _build_loop(self) -> None:
        self.build(None)
        while True:
            # The browsers reload the pages just built first: what follows a build waits
            # until the editor has paused (a change meanwhile builds first).
            batch = self.watcher.next_batch(
                SEARCH_AFTER if self.search_later is not None
                else SAVE_AFTER if self.verify or self.session.unsaved else None)
            if batch is None and self.watcher.stopped:
                self.save()
                return
            if batch is None:
                if self.search_later is not None:
                    self.catch_up_search()
                elif self.verify:  # the build looked only at the files the events named
                    self.build(None, check=True)
                else:
                    self.save()
                continue
            # A folder that was just made (or that site.toml now names) is watched before
            # the build reads it: a change saved while the build runs, or just after it, is
            # then seen. Watched after the build, a file deleted as the build ended went
            # unnoticed, and the preview kept showing the error it had fixed.
            try:
                self.watcher.refresh(self.session.watched())
            except OSError as exc:  # e.g. out of inotify watches: say so, keep serving
                self.log(f"Cannot watch a folder: {exc} (try --poll)")
            self.build(batch)

    def build(self, changed: Collection[Path] | None, check: bool = False) -> State:
        """Rebuild after `changed` (None: everything) and announce the new state. With
        `check`, after a build that looked only at the changed files: every file is
        looked at, and nothing is announced unless the watcher missed a change."""
        previous = self.hub.state
        self.pending_build = previous.build + 1
        if not check:
            self.builds += 1
        self.verify = False
        started = time.perf_counter()
        try:
            outcome = self.session.rebuild(changed)
        except Exception as exc:  # a bug in the build must not stop the preview
            self.log(traceback.format_exc().rstrip())
            outcome = Outcome(False, [Problem("(generator)", f"internal error: {exc!r}",
                                              hint="a bug; the traceback is in the terminal")])
        if check and outcome.ok and not outcome.changed:
            return previous
        if check:
            self.builds += 1
        self.verify = outcome.ok and outcome.from_events
        static = self.session.watched()[2:3]
        css_only = outcome.ok and (outcome.css_only or only_stylesheets(
            changed, static[0] if static else None))
        build = self.site_build
        # Pages reload for a build that changed more than stylesheets. A build that wrote
        # nothing still moves the number on (pages served meanwhile carry it), harmlessly.
        same_pages = build == previous.build or css_only or (outcome.ok and not outcome.changed)
        state = State(build, "ok", (), previous.page_build if same_pages else build,
                      previous.server)
        if not outcome.ok:
            state = state.failed(outcome.problems, self.session.root)
        elif outcome.errors:
            state = state.partial(outcome.problems, self.session.root)
        if outcome.ok:
            self.search_later = outcome.search_later
        self.done += 1
        self.hub.publish(state)
        self._report(outcome, changed, time.perf_counter() - started, css_only, check)
        return state

    def save(self, wait: bool = True) -> None:
        """Save the last build's record of output/ for a build in another process."""
        try:
            problems = self.session.save(wait)
        except OSError as exc:
            problems = [Problem(CACHE_DIR, f"the record of output/ could not be saved: {exc}")]
        for problem in problems:
            self.log(str(problem))

    def catch_up_search(self) -> None:
        """Bring the search index up to the published pages, unless a change comes first
        (the build after it then leaves the index to catch up again)."""
        later = self.search_later
        if later is None or self.watcher.pending():
            return
        started = time.perf_counter()
        try:
            done = later(self.watcher.pending)
        except (SiteError, OSError) as exc:
            for problem in exc.problems if isinstance(exc, SiteError) else [exc]:
                self.log(f"The search index is not up to date: {problem}")
            self.search_later = None
            return
        if done:
            self.search_later = None
            self.searches += 1
            self.log(f"Search index updated in {time.perf_counter() - started:.2f} s")

    def _report(self, outcome: Outcome, changed: Collection[Path] | None, seconds: float,
                css_only: bool, missed: bool = False) -> None:
        for problem in outcome.problems:
            self.log(str(problem))
        what = ("Rebuilt after a change the watcher did not report" if missed else "Built"
                if changed is None else f"Rebuilt after {self._describe(changed)}")
        if outcome.ok and not outcome.changed:
            self.log(f"{what}: nothing changed ({seconds:.2f} s).")
        elif outcome.ok:
            extra = ", stylesheets only" if css_only else ""
            if outcome.errors:
                files = len({p.path for p in outcome.errors})
                extra += (f"; {len(outcome.errors)} error(s): {files} file(s) left out, listed "
                          "on the page")
            self.log(f"{what} in {seconds:.2f} s (build {self.site_build}, "
                     f"{len(outcome.changed)} files changed{extra}).")
        else:
            errors = sum(1 for p in outcome.problems if p.severity == "error")
            still = ("still serving the last good site" if self.has_site()
                     else "nothing to serve until a build succeeds")
            self.log(f"{what}: failed with {errors} error(s); {still}.")

    def _describe(self, changed: Collection[Path]) -> str:
        names = sorted(changed)
        first = names[0]
        if first.is_relative_to(self.session.root):
            first = first.relative_to(self.session.root)
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        return f"{first}{more}"
