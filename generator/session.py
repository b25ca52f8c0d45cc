"""A build session: the state kept between builds, for `serve` and for repeated builds.

`Session.rebuild()` builds the site again after files changed and reports what happened,
without raising for content mistakes. The preview server (`serve`) owns one session.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .build import BuildMemory, BuildOptions, build
from .config import CONFIG_NAME, load_config
from .errors import Problem, SiteError
from .indexing import CatchUp


@dataclass(slots=True)
class Outcome:
    """What one rebuild did.

    `ok` is False when the build failed (output/ then holds the last good site); a build
    that published with articles left out for their errors is ok, and `problems` holds
    those errors too; `changed` the output files written or
    deleted, relative to the output folder; `css_only` is True when every changed
    file is a stylesheet, so that a page can swap its styles instead of reloading.
    """

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    changed: list[PurePosixPath] = field(default_factory=list)
    seconds: float = 0.0
    # With BuildOptions.search_later: brings the search index up to date (BuildResult's).
    search_later: CatchUp | None = None
    # Only the changed files were looked at (BuildResult's): rebuild(None) later finds what
    # a lost event hid.
    from_events: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def css_only(self) -> bool:
        return bool(self.changed) and all(p.suffix == ".css" for p in self.changed)


class Session:
    """Builds one site again and again, keeping going past articles with errors;
    `publish_lock` is held while output/ changes."""

    def __init__(self, root: Path, options: BuildOptions | None = None,
                 publish_lock: AbstractContextManager[object] | None = None) -> None:
        self.root = root.resolve()
        self.options = replace(options or BuildOptions(), keep_going=True)
        self.publish_lock = publish_lock or nullcontext()
        self._lock = threading.Lock()
        # Held while a manifest is saved: a process that exits waits for a save under way
        # (killed half-way, it left the record unsaved and a temporary file in .cache/).
        self._saving = threading.Lock()
        self._memory = BuildMemory(keep_plan=True)

    @property
    def output(self) -> Path:
        """The output folder (resolved); it may not exist before the first good build."""
        if self.options.output is not None:
            return self.options.output.resolve()
        try:
            return load_config(self.root).path("output_dir").resolve()
        except SiteError:
            return (self.root / "output").resolve()

    def watched(self) -> list[Path]:
        """The folders to watch recursively (content, templates, static, locales), existing
        or not.

        site.toml is watched through its folder, non-recursively, by the caller.
        """
        try:
            config = load_config(self.root)
            return [config.path(n) for n in ("content_dir", "templates_dir", "static_dir",
                                             "locales_dir")]
        except SiteError:
            return [self.root / n for n in ("content", "templates", "static", "locales")]

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def unsaved(self) -> bool:
        """Whether the last build's manifest waits to be saved (see save)."""
        return self._memory.unsaved is not None

    def save(self, wait: bool = True) -> list[Problem]:
        """Save what the last build published (its manifest in .cache/), for the builds of
        other processes; the session's own builds need not wait for it. A warning if it
        could not be saved. Without `wait`, nothing is saved while a build runs, and a
        save under way (in another thread) is waited for."""
        if not self._saving.acquire(blocking=wait):
            with self._saving:  # another thread's save: done once this is held
                return []
        try:
            if not self._lock.acquire(blocking=wait):
                return []
            try:
                return self._memory.save_unsaved()
            finally:
                self._lock.release()
        finally:
            self._saving.release()

    def rebuild(self, changed: Collection[Path] | None = None) -> Outcome:
        """Build after `changed` files (None: look at every file); never raises for a
        content mistake.

        The build itself finds what changed (file signatures and digests, page
        fingerprints). Where `changed` names only edited content files, it looks at
        those alone (build's `events`), and the outcome says so (`from_events`): a
        rebuild(None) afterwards then finds any change whose event was lost.
        """
        with self._lock:
            try:
                result = build(self.root, self.options, publish_lock=self.publish_lock,
                               memory=self._memory, events=changed)
            except SiteError as exc:
                return Outcome(False, list(exc.problems))
            return Outcome(True, [*result.errors, *result.warnings], result.changed,
                           result.seconds, result.search_later, result.from_events)
