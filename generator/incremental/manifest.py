"""The record of the last build of an output folder: what each file was made from.

It lives in .cache/ (never in output/), one file per output folder, and is written only
after the output folder is complete, so that a build killed half-way leaves the record of
the build before it: every page it did not get to is then rendered again. A build that
changed few entries appends its changes to the file's log (manifest_log.py) instead of
writing every entry again.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from ..digests import Signature, code_version, digest, stat_signature
from ..errors import Problem
from ..model import PageRecord
from . import manifest_log
from .manifest_log import Record, apply_changes, table_changes

# The signatures of the manifest file and of its log, as a build found or left them.
Stored = tuple[Signature | None, Signature | None]
# The log is folded into the file once it would hold more than this share of its bytes
# and more than LOG_FLOOR bytes (a small site's log is small to read, however many
# builds it holds).
LOG_SHARE = 8
LOG_FLOOR = 1 << 16


class Entry(NamedTuple):
    """One file of the output: its digest and size, and what made it.

    `made_from` is, for a page, its fingerprint (template, context, site-wide inputs), and
    for a static file its source's signature; `reads_digest` is the digest of what a page
    read while it was made (`reads`: bodies and group lists), None for other files.
    (A tuple, as 20,000 of them are pickled on every build.)
    """

    digest: bytes
    size: int
    made_from: bytes | None = None
    reads_digest: bytes | None = None
    reads: tuple[str, ...] = ()


class BatchRecord(NamedTuple):
    """What the last build made of a batch: the fingerprint of its inputs, the templates
    its pages used (and a digest of them), its pages, and what it read (with Batch.reads:
    the keys in `readable` of its reads and of the articles its inputs held, and the groups
    they held; Fingerprints.of_batch_reads)."""

    fingerprint: bytes
    templates: tuple[str, ...]
    templates_digest: bytes
    pages: tuple[PageRecord, ...]
    keys: tuple[str, ...] | None = None
    groups: tuple[bytes, ...] = ()


@dataclass(slots=True)
class Manifest:
    """Every file the generator wrote into one output folder, by path under it."""

    output: str
    files: dict[str, Entry] = field(default_factory=dict)  # by path under the folder
    # A digest of every input of the build, and the moment the site changes by the clock
    # alone (a scheduled article comes out, a story leaves the news sitemap), after which
    # the same inputs no longer give the same site.
    inputs: bytes = b""
    valid_until: datetime | None = None
    warnings: list[Problem] = field(default_factory=list)
    # Content files by path: (inode, size, modification time) and the digest of the text,
    # so that the next build need not read a file whose signature is unchanged.
    sources: dict[str, tuple[Signature, bytes]] = field(default_factory=dict)
    # Every file in the folder once the build was done, with its size and modification
    # time: a file edited, removed or added by hand since shows as a difference.
    disk: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The time of every folder holding those files: a file added by hand changes it.
    folders: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    pages: int = 0
    version: str = ""
    withdrawn: int = 0
    # The batches of pages the build made or kept (incremental/batches.py), by key, and
    # the digest of everything a page could read (a body, a group's list), by its key.
    batches: dict[str, BatchRecord] = field(default_factory=dict)
    readable: dict[str, bytes] = field(default_factory=dict)
    # Everything the pages' fingerprints stood on but bodies (Fingerprints.plan_digest),
    # and what batches read of the site but their inputs (Fingerprints.structure_digest).
    plan_digest: bytes = b""
    structure: bytes = b""
    count: int = 0  # len(files), known before they are loaded
    # Names the file this manifest was last written whole in; its log begins with it.
    token: bytes = b""
    # Where `files`, `batches` and `readable` are, while they are not loaded (complete()).
    rest: tuple[str, int] | None = None
    # The log's changes to them, applied once they are loaded.
    later: list[dict[str, manifest_log.TableChanges]] | None = field(default=None,
                                                                      compare=False)
    # The files on disk this manifest is (as loaded or saved), while a log may follow.
    stored: Stored | None = field(default=None, compare=False)

    # The file holds two pickles: this, without the entries (all that a build that finds
    # nothing changed looks at), then the entries (rest_state). Entries and batch records
    # are pickled as plain tuples: pickle calls a Python method for every named tuple it
    # writes (at 10,000 articles saving took 0.43 s and loading 0.27 s so).
    def __getstate__(self) -> dict[str, Any]:
        state = {item.name: getattr(self, item.name) for item in fields(self)}
        for name in (*REST, "rest", "later", "stored"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.files, self.batches, self.readable, self.rest = {}, {}, {}, None
        self.later = self.stored = None
        for name, value in state.items():
            setattr(self, name, value)

    def rest_state(self) -> tuple[Any, ...]:
        return ((list(self.files), [tuple(entry) for entry in self.files.values()]),
                (list(self.batches), list(map(_pack_batch, self.batches.values()))),
                self.readable)

    def set_rest(self, state: tuple[Any, ...]) -> None:
        (paths, entries), (keys, records), readable = state
        self.files = dict(zip(paths, map(Entry._make, entries), strict=True))
        self.batches = dict(zip(keys, map(_unpack_batch, records), strict=True))
        self.readable = readable
        self.rest = None
        for changes in self.later or ():
            self.apply_rest(changes)
        self.later = None

    def apply_head(self, record: Record) -> None:
        """Make the changes of a record of the log but those of the entries (apply_rest)."""
        scalars, tables = record
        for name, value in scalars.items():
            setattr(self, name, value)
        for name in HEAD_TABLES:
            apply_changes(getattr(self, name), tables[name])

    def apply_rest(self, tables: dict[str, manifest_log.TableChanges]) -> None:
        apply_changes(self.files, tables["files"], Entry._make)
        apply_changes(self.batches, tables["batches"], _unpack_batch)
        apply_changes(self.readable, tables["readable"])

    def changes_since(self, previous: Manifest) -> Record:
        """The record that turns `previous` into this manifest."""
        state = self.__getstate__()
        scalars = {name: value for name, value in state.items() if name not in HEAD_TABLES}
        tables = {name: table_changes(getattr(previous, name), getattr(self, name))
                  for name in HEAD_TABLES}
        tables["files"] = table_changes(previous.files, self.files, tuple)
        tables["batches"] = table_changes(previous.batches, self.batches, _pack_batch)
        tables["readable"] = table_changes(previous.readable, self.readable)
        return scalars, tables

    def file_count(self) -> int:
        return len(self.files) if self.rest is None else self.count

    def complete(self) -> bool:
        """Load the entries, if they were left in the file; False if it cannot be read."""
        if self.rest is None:
            return True
        path, offset = self.rest
        try:
            with open(path, "rb") as file:
                file.seek(offset)
                self.set_rest(pickle.load(file))
        except Exception:
            return False
        return len(self.files) == self.count


# The tables of the head, and those loaded with the entries (Manifest.complete).
HEAD_TABLES = ("sources", "disk", "folders")
REST = ("files", "batches", "readable")


def _pack_batch(record: BatchRecord) -> tuple[Any, ...]:
    return (record.fingerprint, record.templates, record.templates_digest,
            tuple(map(tuple, record.pages)), record.keys, record.groups)


# Named tuples made as tuples are (their own __new__ is a Python function): 18,000 batch
# records load in 0.023 s instead of 0.031-0.040 s.
_new = tuple.__new__
_page_record = partial(_new, PageRecord)


def _unpack_batch(packed: tuple[Any, ...]) -> BatchRecord:
    fingerprint, templates, templates_digest, pages, keys, groups = packed
    return _new(BatchRecord, (fingerprint, templates, templates_digest,
                              tuple(map(_page_record, pages)), keys, groups))


def manifest_file(cache_dir: Path, output: Path) -> Path:
    name = digest(str(output.resolve()).encode())[:8].hex()
    return cache_dir / f"output-{name}.pickle"


def log_file(cache_dir: Path, output: Path) -> Path:
    return manifest_file(cache_dir, output).with_suffix(".log")


def file_signature(cache_dir: Path, output: Path) -> Stored | None:
    """Identifies the manifest's current version, its file and its log (a build in this
    process that saved it can use its own copy again while this is unchanged)."""
    base = stat_signature(manifest_file(cache_dir, output))
    return None if base is None else (base, stat_signature(log_file(cache_dir, output)))


def load_manifest(cache_dir: Path, output: Path, whole: bool = True) -> Manifest | None:
    """The manifest of `output`, or None if there is none or it cannot be trusted; unless
    `whole`, without its entries until Manifest.complete() (a build that finds nothing
    changed looks at none of them: at 10,000 articles they are 0.15 s of 0.2 to load).

    Files a build was changing when it stopped (see mark_pending) are left out of it, so
    that the next build makes them again.
    """
    path = manifest_file(cache_dir, output)
    log = log_file(cache_dir, output)
    try:
        stored = file_signature(cache_dir, output)
        with path.open("rb") as file:
            manifest = pickle.load(file)
            if (not isinstance(manifest, Manifest) or manifest.version != code_version()
                    or manifest.output != str(output.resolve())):
                return None
            manifest.rest = (str(path), file.tell())
        records, appendable = manifest_log.read(log, manifest.token)
        manifest.later = []
        for record in records:
            manifest.apply_head(record)
            manifest.later.append(record[1])
        # Appended to only while the files are as they were found (save_manifest).
        manifest.stored = stored if appendable and stored == file_signature(
            cache_dir, output) else None
    except Exception:
        return None
    try:
        pending = set(pickle.loads(pending_file(cache_dir, output).read_bytes()))
    except FileNotFoundError:
        if whole and not manifest.complete():
            return None
        return manifest
    except Exception:
        return None
    if not manifest.complete():
        return None
    manifest.files = {k: v for k, v in manifest.files.items() if k not in pending}
    manifest.inputs = b""
    manifest.stored = None  # no longer what the files hold
    return manifest


def pending_file(cache_dir: Path, output: Path) -> Path:
    return manifest_file(cache_dir, output).with_suffix(".pending")


def mark_pending(cache_dir: Path, output: Path, paths: set[str]) -> None:
    """Record the files about to change in `output`, until save_manifest records them."""
    _write_atomic(pending_file(cache_dir, output), pickle.dumps(sorted(paths)))


def save_manifest(cache_dir: Path, manifest: Manifest, previous: Manifest | None = None
                  ) -> None:
    """Save `manifest`: as the changes since `previous` appended to the log, when
    `previous` is what the file and its log hold now (as loaded or saved, and not changed
    since) and the log stays small beside the file; else whole."""
    manifest.version = code_version()
    manifest.count = len(manifest.files)
    output = Path(manifest.output)
    path, log = manifest_file(cache_dir, output), log_file(cache_dir, output)
    stored = previous.stored if previous is not None else None
    if (previous is not None and stored is not None and stored[0] is not None
            and previous.rest is None and previous.token
            and stored == file_signature(cache_dir, output)):
        manifest.token = previous.token
        record = manifest_log.encode(manifest.changes_since(previous))
        logged = stored[1][1] if stored[1] is not None else 0
        if logged + len(record) <= max(stored[0][1] // LOG_SHARE, LOG_FLOOR):
            manifest_log.append(log, manifest.token, record)
            manifest.stored = file_signature(cache_dir, output)
            pending_file(cache_dir, output).unlink(missing_ok=True)
            return
    manifest.token = os.urandom(manifest_log.TOKEN_SIZE)
    _write_atomic(path, pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL)
                  + pickle.dumps(manifest.rest_state(), protocol=pickle.HIGHEST_PROTOCOL))
    log.unlink(missing_ok=True)
    manifest.stored = file_signature(cache_dir, output)
    pending_file(cache_dir, output).unlink(missing_ok=True)


def forget_manifest(cache_dir: Path, output: Path) -> None:
    manifest_file(cache_dir, output).unlink(missing_ok=True)
    log_file(cache_dir, output).unlink(missing_ok=True)
    pending_file(cache_dir, output).unlink(missing_ok=True)


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():  # not ours to keep: .cache/ is
        shutil.rmtree(target)
    handle, temp = tempfile.mkstemp(prefix=".manifest-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
