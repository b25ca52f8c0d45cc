"""The ledger of an output folder: what the last build left in it and what made each file,
and this build's changes to it, settled file by file and published at the end.

It keeps the manifest (manifest.py) and the transaction (output.py) together: the pages
to render follow from comparing fingerprints with the last manifest, every file written
or kept gets its entry, and the new manifest is saved only once the files are in place.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..disk import (
    Rescan,
    Stat,
    folder_times,
    folders_of,
    rescan_output,
    scan_output,
    stat_of,
    unchanged,
)
from ..errors import Problem, Problems
from ..lock import build_lock
from ..model import Batch, Page
from ..output import MARKER, Transaction, begin
from .changes import copy_static
from .manifest import (
    Entry,
    Manifest,
    Stored,
    file_signature,
    forget_manifest,
    load_manifest,
    manifest_file,
    mark_pending,
    save_manifest,
)
from .parse_cache import ParseCache

if TYPE_CHECKING:  # the ledger is opened by every build, the stages that make pages are not
    from ..render.pages import Rendered
    from .batches import Partitioner
    from .fingerprints import Fingerprints
    from .hot import LastBuild


@dataclass(slots=True)
class BuildMemory:
    """What a session of builds in one process (the preview server) keeps between them, so
    that a rebuild need not load it from .cache/ again; each is checked to be current."""

    cache: ParseCache | None = None
    manifest: Manifest | None = None
    manifest_file: Stored | None = None
    # A session's builds keep what the last one planned (hot.py), and leave its manifest
    # to be saved when the editor pauses (save_unsaved): pickling 20,000 entries is most
    # of publishing a one-page change at 10,000 articles.
    keep_plan: bool = False
    last: LastBuild | None = None
    unsaved: tuple[Path, Manifest] | None = None  # the cache folder, the manifest

    def save_unsaved(self) -> list[Problem]:
        """Save the last build's manifest if it waits to be, unless another build (another
        process) saved one since; return a warning if it could not be saved."""
        if self.unsaved is None:
            return []
        cache_dir, manifest = self.unsaved
        output = Path(manifest.output)
        problems = []
        with build_lock(cache_dir):
            if file_signature(cache_dir, output) == self.manifest_file:
                problems = _save(cache_dir, manifest)
                self.manifest_file = file_signature(cache_dir, output)
        self.unsaved = None
        return problems


@dataclass(slots=True)
class Ledger:
    """One build's account of the output folder (see the module's docstring)."""

    cache_dir: Path
    output: Path
    memory: BuildMemory
    previous: Manifest | None = None  # None: build everything again
    on_disk: dict[str, Stat] | None = None  # the files in output/ now (scan_output)
    seen: dict[str, int] | None = None  # the times of the folders of on_disk, if looked at
    entries: dict[str, Entry] = field(default_factory=dict)
    made_from: dict[str, bytes | None] = field(default_factory=dict)
    fingerprints: Fingerprints | None = None
    transaction: Transaction | None = None
    publishing: bool = False  # files in output/ have begun to change
    rescan: Rescan | None = None  # the look at output/ that complete() began

    @classmethod
    def open(cls, cache_dir: Path, output: Path, incremental: bool,
             memory: BuildMemory) -> Ledger:
        """The ledger of `output`, with the last build's manifest when it can be trusted."""
        ledger = cls(cache_dir, output, memory)
        if incremental and (output / MARKER).exists():
            signature = file_signature(cache_dir, output)
            kept = memory.manifest
            ledger.previous = (kept if kept is not None and kept.output == str(output)
                               and signature == memory.manifest_file
                               else load_manifest(cache_dir, output, whole=False))
        return ledger

    def complete(self) -> None:
        """Load the entries of the last build's manifest, which open() leaves on disk for
        up_to_date(), which needs none; without them the build makes everything again."""
        if self.previous is not None and not self.previous.complete():
            self.previous = None
        if self.previous is not None and self.rescan is None:
            # What output/ holds now, looked at while the build reads and plans.
            self.rescan = Rescan(self.output, self.previous.disk, self.previous.folders)

    def close(self) -> None:
        """Stop the look at output/ if the build ended without it."""
        if self.rescan is not None:
            self.rescan.close()

    def up_to_date(self, inputs: bytes, now: datetime, problems: Problems) -> bool:
        """Whether no input changed since the last build, the clock changed nothing, the
        reading found nothing the last build did not, and the output folder holds what the
        last build left in it (by the size and time of every file and folder: one look at
        each)."""
        previous = self.previous
        if (previous is None or previous.inputs != inputs or previous.valid_until is None
                or now >= previous.valid_until or problems.errors
                or not {str(p) for p in problems.items} <= {str(p) for p in previous.warnings}):
            return False
        return unchanged(self.output, previous.disk, previous.folders)

    def partition(self, items: Iterable[Page | Batch], fingerprints: Fingerprints,
                  owners: bool = False, stale: set[str] | None = None,
                  settled: bool = False, reach: bool = False) -> Partitioner:
        """Split the planned pages and batches into the pages to render, each with the
        digest of its file on disk (if whole), and the files that keep their entries; more
        pages may be added to the returned partitioner (sitemaps, which list the others).
        With `owners`, the partition says which item makes each file; `stale` is
        batches.reread for these fingerprints, when the caller has it already; `settled`:
        nothing but bodies changed since the last build, `reach`: nothing of the site's
        frame (Partitioner)."""
        self.fingerprints = fingerprints
        if self.on_disk is None and self.previous is not None:
            self.on_disk, self.seen = (
                self.rescan.result() if self.rescan is not None
                else rescan_output(self.output, self.previous.disk, self.previous.folders))
        elif self.on_disk is None:
            self.on_disk = scan_output(self.output)
        from .batches import Partitioner

        split = Partitioner(fingerprints, self.previous, self.on_disk, owners, stale, settled,
                            reach)
        if split.settled or split.reach:
            split.settle(items)
        else:
            for item in items:
                split.add(item)
        self.entries, self.made_from = split.result.kept, split.result.made_from
        return split

    def repartition(self, items: Iterable[Page | Batch], fingerprints: Fingerprints,
                    made: Collection[str], stale: set[str]) -> Partitioner:
        """Partition `items` only, which made the files `made` in the last build (`stale`:
        the files that read what changed, batches.reread); every other file keeps its
        entry. The output folder is taken to hold what the last build left in it (a
        session's rebuild whose plan stands: hot.py)."""
        assert self.previous is not None
        self.close()
        self.on_disk, self.seen = dict(self.previous.disk), dict(self.previous.folders)
        split = self.partition(items, fingerprints, stale=stale)
        entries = {key: entry for key, entry in self.previous.files.items()
                   if key not in made}
        entries.update(split.result.kept)
        self.entries = entries
        return split

    @property
    def disk(self) -> dict[str, Stat]:
        return self.on_disk if self.on_disk is not None else {}

    @contextmanager
    def begin(self) -> Iterator[Transaction]:
        """Write this build's files in a transaction; nothing is published if it fails."""
        with begin(self.output, self.previous is None, self.disk) as transaction:
            self.transaction = transaction
            yield transaction

    def record(self, rendered: list[Rendered]) -> None:
        """Give each rendered page its entry, and count the files written."""
        assert self.fingerprints is not None and self.transaction is not None
        for done in rendered:
            key = str(done.output)
            self.entries[key] = Entry(done.digest, done.size, self.made_from[key],
                                      self.fingerprints.of_reads(done.reads), done.reads)
            if done.written:
                self.transaction.note(key, key in self.disk)

    def copy_static(self, static: Mapping[str, Path]) -> None:
        """Copy the static files that are new or changed, and record them."""
        assert self.transaction is not None
        copy_static(static, self.transaction, self.entries, self.previous, self.disk)

    @property
    def gone(self) -> list[str]:
        """Files in the output that this build no longer makes."""
        if self.previous is None:
            return []
        return sorted(set(self.disk) - set(self.entries))

    def publish(self, manifest: Manifest, lock: AbstractContextManager[object] | None
                ) -> list[Problem]:
        """Move the new files into place, then record the manifest of what is there now;
        return a warning if the manifest could not be saved.

        Until the files are in place, the files about to change are marked pending, so
        that a build killed in between makes them again.
        """
        assert self.transaction is not None
        transaction = self.transaction
        self.memory.manifest = self.memory.unsaved = None
        if self.previous is None:
            forget_manifest(self.cache_dir, self.output)
        else:
            mark_pending(self.cache_dir, self.output,
                         {*transaction.new, *transaction.changed, *transaction.gone})
        self.publishing = True
        try:
            transaction.commit(lock)
        except BaseException:
            with suppress(OSError):
                forget_manifest(self.cache_dir, self.output)
            raise
        manifest.disk = self.settled()
        manifest.folders = self.folder_times(manifest.disk)
        memory = self.memory
        problems = [] if memory.keep_plan else _save(self.cache_dir, manifest,
                                                     self.previous)
        if not problems:
            memory.manifest = manifest
            memory.manifest_file = file_signature(self.cache_dir, self.output)
            # Until it is saved, the pending files of the manifest saved before are made
            # again by a build in another process (and any file on disk that differs).
            memory.unsaved = (self.cache_dir, manifest) if memory.keep_plan else None
        return problems

    def folder_times(self, disk: Mapping[str, Stat]) -> dict[str, int]:
        """The time of every folder holding a file: after a rebuild that moved files in
        place, those of the folders it wrote into (or above them) are looked at again, the
        others are as the build found them."""
        transaction, seen, previous = self.transaction, self.seen, self.previous
        assert transaction is not None
        if transaction.clean or seen is None:
            return folder_times(self.output, disk)
        touched = folders_of([*transaction.new, *transaction.changed, *transaction.gone])
        base, lstat, join = str(self.output), os.lstat, os.path.join
        # The same files as the last build's (an edit): the same folders hold them.
        folders = (previous.folders.keys()
                   if previous is not None and disk.keys() == previous.disk.keys()
                   else folders_of(disk))
        return {folder: seen[folder] if folder in seen and folder not in touched
                else lstat(join(base, folder)).st_mtime_ns for folder in folders}

    def settled(self) -> dict[str, Stat]:
        """The size and time of every file in the output folder now that the build's files
        are in place: those it wrote are looked at again, the others are as they were."""
        assert self.transaction is not None
        written = {*self.transaction.new, *self.transaction.changed}
        disk = {} if self.previous is None else {
            path: stat for path, stat in self.disk.items()
            if path in self.entries and path not in written}
        for path in written:
            disk[path] = stat_of(self.output / path)
        return disk

    @property
    def changed(self) -> list[str]:
        """Output files written or deleted, relative to the output folder."""
        transaction = self.transaction
        if transaction is None:
            return []
        return sorted({*transaction.new, *transaction.changed, *transaction.gone})


def _save(cache_dir: Path, manifest: Manifest, previous: Manifest | None = None
          ) -> list[Problem]:
    """Save a manifest (as its changes since `previous`, where that is what is saved: see
    save_manifest); a warning if it could not be (the next build then makes it all)."""
    output = Path(manifest.output)
    try:
        save_manifest(cache_dir, manifest, previous)
    except OSError as exc:
        with suppress(OSError):
            forget_manifest(cache_dir, output)
        shown = f"{cache_dir.name}/{manifest_file(cache_dir, output).name}"
        return [Problem(shown, f"could not be saved: {exc.strerror}; the next build makes "
                        "every page again", severity="warning")]
    return []
