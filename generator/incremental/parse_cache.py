"""The parse cache in .cache/: parsed articles keyed by content hash, never parsed twice.

One SQLite file holds, per content file, the digest of its bytes and the pickled result of
parsing it (the article, or None, and the problems found). The cache belongs to one
generator version (a digest of the generator's own code) and one configuration; when
either differs, or the file is unreadable or a row fails its checksum, the cache is
emptied and rebuilt, never trusted.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, suppress
from pathlib import Path

from ..digests import Signature, code_version, digest, stat_signature
from ..errors import Problem
from ..model import Article, Body

CACHE_DIR = ".cache"
# Parsed articles are written to the cache file in batches of this many.
FLUSH_EVERY = 1000
# What the cache keeps of a file: the article (None when it has errors), the problems
# found, and a digest of the article's metadata. The body is kept on the side.
CachedParse = tuple[Article | None, list[Problem], bytes]


class ParseCache:
    """Parsed articles by (path, digest of the file's bytes); `warning` says why it was reset.

    Bodies are kept apart from the articles; a body is read from the file when a page
    needs it (`body`), by whichever process renders that page.
    """

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.file = folder / "articles.sqlite"
        self.key = fingerprint
        self.fingerprint = f"{code_version()}:{fingerprint}"
        self.warning: str | None = None
        self._keys: dict[str, bytes] = {}
        self._values: dict[str, CachedParse] = {}
        self._new: dict[str, tuple[bytes, bytes, bytes]] = {}
        self._reader: tuple[int, sqlite3.Connection] | None = None
        self._seen: Signature | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.reload()

    def reload(self) -> None:
        """Read the cache file again (after another process may have written it)."""
        self._keys.clear()
        self._values.clear()
        self._new.clear()
        try:
            self._load()
        except (sqlite3.DatabaseError, ValueError) as exc:
            self.warning = f"the cache was unreadable ({exc}) and is rebuilt"
            self._reset()
        self._seen = stat_signature(self.file)

    def current(self) -> bool:
        """True if the file is as this object last left it, so that it can be used again."""
        return self._seen is not None and self._seen == stat_signature(self.file)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.file, isolation_level=None)

    def _load(self) -> None:
        with closing(self._connect()) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != self.fingerprint:  # another version: start afresh
                db.execute("DROP TABLE IF EXISTS parsed")
                db.execute("CREATE TABLE parsed (path TEXT PRIMARY KEY, digest BLOB, "
                           "checksum BLOB, data BLOB, body BLOB)")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                           (self.fingerprint,))
                return
            # Every entry is checked, bodies too, so that none read later is untrusted.
            for path, key, checksum, data, body in db.execute("SELECT * FROM parsed"):
                if digest(data + body) != checksum:
                    raise ValueError(f"the entry for {path} fails its checksum")
                try:
                    self._values[path] = pickle.loads(data)
                except Exception as exc:
                    raise ValueError(f"the entry for {path} does not load: {exc}") from exc
                self._keys[path] = key

    def _reset(self) -> None:
        self._keys.clear()
        self._values.clear()
        for suffix in ("", "-journal", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                Path(str(self.file) + suffix).unlink()
        self._load()

    def get(self, path: str, key: bytes) -> CachedParse | None:
        """The cached result for this path if the file's bytes still have digest `key`."""
        return self._values.get(path) if self._keys.get(path) == key else None

    def put(self, path: str, key: bytes, parsed: CachedParse, body: Body) -> None:
        """Keep a parse result (its article without a body) and the body on the side."""
        data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        self._new[path] = (key, data, pickle.dumps(tuple(body), protocol=pickle.HIGHEST_PROTOCOL))
        self._keys[path] = key
        self._values[path] = parsed
        if len(self._new) >= FLUSH_EVERY:
            self._write([])

    def body(self, path: str) -> Body:
        """The body HTML and plain text of an article, read from the cache file."""
        if self._reader is None or self._reader[0] != os.getpid():  # a forked worker
            self._reader = (os.getpid(), sqlite3.connect(f"file:{self.file}?mode=ro",
                                                         uri=True, check_same_thread=False))
        row = self._reader[1].execute("SELECT body FROM parsed WHERE path = ?",
                                      (path,)).fetchone()
        if row is None:
            raise KeyError(path)
        html, text = pickle.loads(row[0])
        return Body(html, text)

    def save(self, paths: Iterable[str]) -> None:
        """Store new entries and forget files that are gone (`paths` is every file now)."""
        keep = set(paths)
        self._write([p for p in self._keys if p not in keep])

    def _write(self, gone: list[str]) -> None:
        if not self._new and not gone:
            return
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN")
                db.executemany("DELETE FROM parsed WHERE path = ?", ((p,) for p in gone))
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?)",
                               _rows(self._new))
                db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self.warning = f"the cache could not be saved ({exc})"
            return
        for path in gone:
            del self._keys[path], self._values[path]
        self._new.clear()
        self._seen = stat_signature(self.file)


def _rows(new: dict[str, tuple[bytes, bytes, bytes]]
          ) -> Iterator[tuple[str, bytes, bytes, bytes, bytes]]:
    for path, (key, data, body) in new.items():
        yield path, key, digest(data + body), data, body
