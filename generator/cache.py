"""The parse cache in .cache/: parsed articles keyed by content hash, never parsed twice.

One SQLite file holds, per content file, the digest of its bytes and the pickled result of
parsing it (the article, or None, and the problems found). The cache belongs to one
generator version (a digest of the generator's own code) and one configuration; when
either differs, or the file is unreadable or a row fails its checksum, the cache is
emptied and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, suppress
from functools import cache
from pathlib import Path

from .errors import Problem
from .model import Article

CACHE_DIR = ".cache"
SCHEMA = "1"
# The article (None when it has errors), the problems found, and a digest of its metadata.
Parsed = tuple[Article | None, list[Problem], bytes]


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@cache
def code_version() -> str:
    """A digest of the generator's own source: a change to the code empties the caches."""
    package = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for file in sorted(package.rglob("*.py")):
        h.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return SCHEMA + "-" + h.hexdigest()


class ParseCache:
    """Parsed articles by (path, digest of the file's bytes); `warning` says why it was reset."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.file = folder / "articles.sqlite"
        self.fingerprint = f"{code_version()}:{fingerprint}"
        self.warning: str | None = None
        self._keys: dict[str, bytes] = {}
        self._values: dict[str, Parsed] = {}
        self._new: dict[str, tuple[bytes, bytes]] = {}
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self._load()
        except (sqlite3.DatabaseError, ValueError) as exc:
            self.warning = f"the cache was unreadable ({exc}) and is rebuilt"
            self._reset()

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.file, isolation_level=None)

    def _load(self) -> None:
        with closing(self._connect()) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS parsed (path TEXT PRIMARY KEY, "
                       "digest BLOB, checksum BLOB, data BLOB)")
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != self.fingerprint:
                db.execute("DELETE FROM parsed")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                           (self.fingerprint,))
                return
            for path, key, checksum, data in db.execute("SELECT * FROM parsed"):
                if digest(data) != checksum:
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

    def get(self, path: str, key: bytes) -> Parsed | None:
        """The cached result for this path if the file's bytes still have digest `key`."""
        return self._values.get(path) if self._keys.get(path) == key else None

    def put(self, path: str, key: bytes, parsed: Parsed) -> None:
        self._new[path] = (key, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        self._keys[path] = key
        self._values[path] = parsed

    def save(self, paths: Iterable[str]) -> None:
        """Store new entries and forget files that are gone (`paths` is every file now)."""
        keep = set(paths)
        gone = [p for p in self._keys if p not in keep]
        if not self._new and not gone:
            return
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN")
                db.executemany("DELETE FROM parsed WHERE path = ?", ((p,) for p in gone))
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)",
                               _rows(self._new))
                db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self.warning = f"the cache could not be saved ({exc})"
            return
        for path in gone:
            del self._keys[path], self._values[path]
        self._new.clear()


def _rows(new: dict[str, tuple[bytes, bytes]]) -> Iterator[tuple[str, bytes, bytes, bytes]]:
    for path, (key, data) in new.items():
        yield path, key, digest(data), data
