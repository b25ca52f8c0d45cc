"""The parse cache in .cache/: parsed articles keyed by content hash, never parsed twice.

One SQLite file holds, per content file, the digest of its bytes and the pickled result of
parsing it (the article, or None, and the problems found). The cache belongs to one
generator version (a digest of the generator's own code) and one configuration; when
either differs, or the file is unreadable or a row fails its checksum, the cache is
emptied and rebuilt, never trusted.

Beside it, a snapshot of every entry in one pickle (articles.snapshot), with the digest of
each file it was made from: loading 10,000 entries row by row (each checked, each
unpickled) took 0.29 s, the snapshot 0.15 s. A build takes from it every entry whose
digest is the row's, and the others from their rows; it writes it again once more than a
twentieth of the entries came from rows. A snapshot that fails its checksum, or was made
by another version or configuration, is not used.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, suppress
from pathlib import Path
from typing import NamedTuple

from ..digests import Signature, code_version, digest, stat_signature
from ..errors import Problem, SiteError
from ..files import write_atomically
from ..model import Article, Body

CACHE_DIR = ".cache"
CACHE_FILE = "articles.sqlite"
# Parsed articles are written to the cache file in batches of this many.
FLUSH_EVERY = 1000
SNAPSHOT_NAME = "articles.snapshot"
# The snapshot is made again when more entries than this, or than a twentieth of all,
# were not in it (or not as they are now).
STALE_ENTRIES = 200
SNAPSHOT_PART = 5000  # entries in each part of the snapshot
# What the cache keeps of a file: its articles (none when it has errors; several for an
# agency file of several items), the problems found, and a digest of each article's
# metadata. The bodies, one per article, are kept on the side.
CachedParse = tuple[tuple[Article, ...], list[Problem], tuple[bytes, ...]]


class Packed(NamedTuple):
    """A file's entry as the cache stores it: what it keeps (a CachedParse) and the bodies,
    each pickled, with its checksum. A parse worker packs what it parsed (`pack`), so that
    the build stores it without pickling it again: in a cold build of 10,000 files the
    build's own process spent 1.5 s of the parse stage pickling and checking what came
    back, beside the workers on the same cores."""

    data: bytes
    data_checksum: bytes
    bodies: bytes
    bodies_checksum: bytes


def pack(parsed: CachedParse, bodies: Sequence[Body]) -> Packed:
    data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
    stored = pickle.dumps(tuple(tuple(body) for body in bodies),
                          protocol=pickle.HIGHEST_PROTOCOL)
    return Packed(data, digest(data), stored, digest(stored))


def unpack_bodies(packed: Packed) -> list[Body]:
    return [Body(html, text) for html, text in pickle.loads(packed.bodies)]


# How long to wait for another program's lock on the cache file before doing without it.
LOCK_TIMEOUT = 5.0
# Errors that say the file cannot be used now (another program's lock, a full disk, a
# read-only folder), not that it is damaged: it is left alone, never emptied.
UNAVAILABLE = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_READONLY",
                         "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR"})
UNAVAILABLE_MESSAGES = ("database is locked", "database or disk is full", "readonly database",
                        "disk I/O error", "unable to open database file")


class ParseCache:
    """Parsed articles by (path, digest of the file's bytes); `warning` says why it was reset
    or could not be used.

    Bodies are kept apart from the articles; a body is read from the file when a page
    needs it (`body`), by whichever process renders that page. A body not yet written to
    the file (the file could not be written: locked, or the disk full) is read from
    memory, so that a page never shows an older text than its file's.
    """

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.file = folder / CACHE_FILE
        self.shown = f"{folder.name}/{self.file.name}"
        self.damaged = folder / "articles.damaged"  # a body was found damaged
        self.snapshot = folder / SNAPSHOT_NAME
        self._snapshot_stale = False  # save() makes the snapshot again
        self.key = fingerprint
        self.fingerprint = f"{code_version()}:{fingerprint}"
        self.warning: str | None = None
        self.usable = True  # False: the file could not be read; this build does without
        self._keys: dict[str, bytes] = {}
        self._values: dict[str, CachedParse] = {}
        # Article path -> (its file's path, its place in the file), for the body of each.
        self._owner: dict[str, tuple[str, int]] = {}
        self._new: dict[str, tuple[bytes, Packed]] = {}  # not written yet: key, entry
        # Files whose bodies this process wrote to the file (and its workers inherit): a
        # body read back in the same build is not checked again (a clean build read
        # 22,500, 0.44 s of checking).
        self._written: set[str] = set()
        self._unsaved = False  # a write failed: no more writes until save()
        self._reader: tuple[int, sqlite3.Connection] | None = None
        self._seen: Signature | None = None
        self.reload()

    def reload(self) -> None:
        """Read the cache file again (after another process may have written it)."""
        self._keys.clear()
        self._values.clear()
        self._owner.clear()
        self._new.clear()
        self._written.clear()
        self.usable, self._unsaved, self._snapshot_stale = True, False, False
        try:
            self._load()
        except (sqlite3.DatabaseError, ValueError, OSError) as exc:
            if unavailable(exc):
                self.warning = (f"the cache cannot be used now ({exc}); every file was "
                                "parsed without it")
                self._keys.clear()
                self._values.clear()
                self.usable = False
            else:
                self.warning = f"the cache was unreadable ({exc}) and is rebuilt"
                self._reset()
        self._seen = stat_signature(self.file)

    def current(self) -> bool:
        """True if the file is as this object last left it, so that it can be used again."""
        return self.usable and self._seen is not None and self._seen == stat_signature(self.file)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.file, isolation_level=None, timeout=LOCK_TIMEOUT)

    def _load(self) -> None:
        if self.file.is_dir() and not self.file.is_symlink():
            raise ValueError("it is a folder")
        with closing(self._connect()) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != self.fingerprint:  # another version: start afresh
                db.execute("DROP TABLE IF EXISTS parsed")
                db.execute("CREATE TABLE parsed (path TEXT PRIMARY KEY, digest BLOB, "
                           "checksum BLOB, data BLOB, body BLOB, body_checksum BLOB)")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                           (self.fingerprint,))
                self.damaged.unlink(missing_ok=True)
                self.snapshot.unlink(missing_ok=True)
                self._snapshot_stale = True  # made once this build has filled the table
                return
            if self.damaged.exists():
                raise ValueError("a body in it was found damaged by the last build")
            rows = dict(db.execute("SELECT path, digest FROM parsed"))
            snapshot = read_snapshot(self.snapshot, self.fingerprint)
            taken = snapshot or {}
            left: list[str] = []
            for path, key in rows.items():
                known = taken.get(path)
                if known is not None and known[0] == key:
                    self._values[path] = known[1]
                    self._keys[path] = key
                    self._own(path, known[1])
                else:
                    left.append(path)
            # Every entry from a row is checked; a body is checked when it is read (body()),
            # so that a build reads only the bodies of the pages it makes.
            for start in range(0, len(left), 500):
                chunk = left[start:start + 500]
                for path, key, checksum, data in db.execute(
                        "SELECT path, digest, checksum, data FROM parsed WHERE path IN "
                        f"({', '.join('?' * len(chunk))})", chunk):
                    if digest(data) != checksum:
                        raise ValueError(f"the entry for {path} fails its checksum")
                    try:
                        self._values[path] = pickle.loads(data)
                    except Exception as exc:
                        raise ValueError(f"the entry for {path} does not load: {exc}") from exc
                    self._keys[path] = key
                    self._own(path, self._values[path])
            self._snapshot_stale = (snapshot is None
                                    or len(left) > max(STALE_ENTRIES, len(rows) // 20))

    def _own(self, path: str, parsed: CachedParse) -> None:
        for index, article in enumerate(parsed[0]):
            self._owner[article.path] = (path, index)

    def _reset(self) -> None:
        self._keys.clear()
        self._values.clear()
        try:
            if self.file.is_dir() and not self.file.is_symlink():
                shutil.rmtree(self.file)
            for suffix in ("", "-journal", "-wal", "-shm"):
                with suppress(FileNotFoundError):
                    Path(str(self.file) + suffix).unlink()
            self.damaged.unlink(missing_ok=True)
            self._load()
        except (sqlite3.DatabaseError, ValueError, OSError) as exc:
            self.warning = f"the cache was unreadable and cannot be rebuilt ({exc})"
            self._keys.clear()
            self._values.clear()
            self.usable = False

    def get(self, path: str, key: bytes) -> CachedParse | None:
        """The cached result for this path if the file's bytes still have digest `key`."""
        return self._values.get(path) if self._keys.get(path) == key else None

    def put(self, path: str, key: bytes, parsed: CachedParse, packed: Packed) -> None:
        """Keep a parse result (its articles without bodies) and the bodies on the side;
        `packed` is what is stored of both (`pack`)."""
        self._new[path] = (key, packed)
        self._keys[path] = key
        self._values[path] = parsed
        self._own(path, parsed)
        if len(self._new) >= FLUSH_EVERY and not self._unsaved:
            self._write([])

    def body(self, path: str) -> Body:
        """The body HTML and plain text of an article: from memory when it is not written
        yet, else read from the cache file (SiteError if the file cannot be read now)."""
        file, index = self._owner.get(path, (path, 0))
        new = self._new.get(file)
        if new is not None:
            return unpack_bodies(new[1])[index]
        try:
            if self._reader is None or self._reader[0] != os.getpid():  # a forked worker
                self._reader = (os.getpid(), sqlite3.connect(
                    f"file:{self.file}?mode=ro", uri=True, check_same_thread=False,
                    timeout=LOCK_TIMEOUT))
            row = self._reader[1].execute(
                "SELECT body, body_checksum FROM parsed WHERE path = ?", (file,)).fetchone()
        except sqlite3.Error as exc:
            raise SiteError([Problem(self.shown, f"cannot be read now: {exc}", hint="another "
                                     "program holds it, or it was removed during the build; "
                                     "build again")]) from None
        if row is None:
            raise KeyError(path)
        if file not in self._written and digest(row[0]) != row[1]:
            with suppress(OSError):  # the next build empties the cache and parses again
                self.damaged.touch()
            raise SiteError([Problem(self.shown, f"the stored text of {path} is damaged",
                                     hint="build again: the cache is rebuilt")])
        html, text = pickle.loads(row[0])[index]
        return Body(html, text)

    def save(self, paths: Iterable[str]) -> None:
        """Store new entries and forget files that are gone (`paths` is every file now);
        make the snapshot again if too many entries were not in it."""
        keep = set(paths)
        self._write([p for p in self._keys if p not in keep])
        if self._snapshot_stale and self.usable and not self._unsaved:
            with suppress(OSError):  # without it, the next build reads every row
                write_snapshot(self.snapshot, self.fingerprint, self._keys, self._values)
            self._snapshot_stale = False

    def _write(self, gone: list[str]) -> None:
        if not self.usable or (not self._new and not gone):
            return
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN")
                db.executemany("DELETE FROM parsed WHERE path = ?", ((p,) for p in gone))
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?, ?)",
                               _rows(self._new))
                db.execute("COMMIT")
        except (sqlite3.DatabaseError, OSError) as exc:
            # The new entries stay in memory: pages read their bodies from there, and the
            # next build of this process tries to save them again.
            self.warning = (f"the cache could not be saved ({exc}); the pages show the files "
                            "as they are, and a later build saves it")
            self._unsaved = True
            return
        for path in gone:
            del self._keys[path], self._values[path]
        self._written.update(self._new)
        self._written.difference_update(gone)
        self._new.clear()
        self._unsaved = False
        self._seen = stat_signature(self.file)


def read_snapshot(file: Path, fingerprint: str
                  ) -> dict[str, tuple[bytes, CachedParse]] | None:
    """The entries of the snapshot, by path, with the digest of the file each was made
    from; None if there is no snapshot, or a part fails its checksum, or it is another
    version's. Each part is checked before it is unpickled."""
    entries: dict[str, tuple[bytes, CachedParse]] = {}
    try:
        with file.open("rb") as source:
            head = pickle.load(source)
            if not (isinstance(head, tuple) and len(head) == 2 and head[0] == fingerprint):
                return None
            for _ in range(head[1]):
                size, checksum = pickle.load(source)
                data = source.read(size)
                if len(data) != size or digest(data) != checksum:
                    return None
                entries.update(pickle.loads(data))
    except Exception:
        return None
    return entries


def write_snapshot(file: Path, fingerprint: str, keys: dict[str, bytes],
                   values: dict[str, CachedParse]) -> None:
    """Write every entry (`values`, with the digest of each file in `keys`), in parts of
    SNAPSHOT_PART entries (a part is all a build holds of it as bytes)."""
    write_atomically(file, _snapshot_chunks(fingerprint, keys, values))


def _snapshot_chunks(fingerprint: str, keys: dict[str, bytes],
                     values: dict[str, CachedParse]) -> Iterator[bytes]:
    paths = list(keys)
    parts = range(0, len(paths), SNAPSHOT_PART)
    yield pickle.dumps((fingerprint, len(parts)), protocol=pickle.HIGHEST_PROTOCOL)
    for start in parts:
        data = pickle.dumps({path: (keys[path], values[path])
                             for path in paths[start:start + SNAPSHOT_PART]},
                            protocol=pickle.HIGHEST_PROTOCOL)
        yield pickle.dumps((len(data), digest(data)), protocol=pickle.HIGHEST_PROTOCOL)
        yield data


def unavailable(error: BaseException) -> bool:
    """Whether a cache error says the file cannot be used now, rather than that it is
    damaged (which empties it)."""
    if isinstance(error, OSError):
        return True
    name = getattr(error, "sqlite_errorname", None) or ""
    if name.startswith("SQLITE_IOERR") or name in UNAVAILABLE:
        return True
    return not name and any(text in str(error) for text in UNAVAILABLE_MESSAGES)


def _rows(new: dict[str, tuple[bytes, Packed]]
          ) -> Iterator[tuple[str, bytes, bytes, bytes, bytes, bytes]]:
    for path, (key, packed) in new.items():
        yield path, key, packed.data_checksum, packed.data, packed.bodies, packed.bodies_checksum
