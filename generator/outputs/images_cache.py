"""The image cache under .cache/images/: encoded variants and probe records by content key.

An entry is a file named by its key (a digest of the source's bytes, the variant's
parameters and the encoder's version) with a `.sum` file beside it holding the digest of
the entry's bytes. Both are written to a temporary file and renamed into place, so a
reader never sees half a file; an entry whose bytes do not match its sum (a crash, a disk
error, someone editing it) is a miss and is encoded again, never published. Two builds
running at once (forked workers) may write the same entry: the encoder is deterministic,
so they write the same bytes, and each rename is atomic.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

SUM = ".sum"
RECORD = ".json"
# A temporary file older than this was left by a process that died mid-write.
STALE_SECONDS = 3600


def key_of(*parts: str) -> str:
    """Return the cache key of parts that together decide an entry's bytes."""
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()


def _sum(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class ImageCache:
    """Encoded images and probe records under `folder`; counts its hits and encodes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.encoded = 0  # entries written by this process: a rebuild that changed nothing: 0

    def entry(self, key: str, suffix: str) -> Path:
        # Two hex digits of fan-out keep folders small for archives of many photos.
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, key: str, suffix: str) -> Path | None:
        """Return the entry's path if it is whole (its bytes match its sum), else None."""
        data = self._read(self.entry(key, suffix))
        if data is None:
            return None
        self.hits += 1
        return self.entry(key, suffix)

    def put(self, key: str, suffix: str, data: bytes) -> Path:
        """Store data as the entry for key and return its path."""
        path = self.entry(key, suffix)
        # The entry first, then its sum: a reader that finds the sum finds the entry whole.
        _write_atomically(path, data)
        _write_atomically(path.with_name(path.name + SUM), _sum(data).encode())
        self.encoded += 1
        return path

    def read(self, key: str, suffix: str) -> bytes | None:
        """Return the entry's bytes if it is whole, else None."""
        data = self._read(self.entry(key, suffix))
        if data is not None:
            self.hits += 1
        return data

    def has(self, key: str, suffix: str) -> int | None:
        """Return the size of the entry if it and its sum are there (not read), else None."""
        path = self.entry(key, suffix)
        try:
            size = path.stat().st_size
            path.with_name(path.name + SUM).stat()
        except OSError:
            return None
        return size

    def get_record(self, key: str) -> dict[str, Any] | None:
        """Return the JSON record stored under key, or None if there is none or it is damaged."""
        data = self._read(self.entry(key, RECORD))
        if data is None:
            return None
        try:
            record = json.loads(data)
        except ValueError:
            return None
        return record if isinstance(record, dict) else None

    def put_record(self, key: str, record: dict[str, Any]) -> None:
        data = json.dumps(record, sort_keys=True).encode()
        path = self.entry(key, RECORD)
        _write_atomically(path, data)
        _write_atomically(path.with_name(path.name + SUM), _sum(data).encode())

    def prune(self, keep: Iterable[Path]) -> int:
        """Delete the encoded entries not in keep, and stale temporary files; return how many.

        Call it after a build, holding the site's build lock, with the paths the build's
        encodes returned. Probe records are kept: a few hundred bytes each.
        """
        kept = {path.resolve() for path in keep}
        removed = 0
        now = time.time()
        for path in sorted(self.folder.glob("??/*")):
            if path.name.startswith(".tmp-"):
                with suppress(OSError):
                    if now - path.stat().st_mtime < STALE_SECONDS:
                        continue
            else:
                entry = path.with_name(path.name.removesuffix(SUM))
                if entry.suffix == RECORD or entry.resolve() in kept:
                    continue
            with suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        return removed

    def _read(self, path: Path) -> bytes | None:
        try:
            expected = path.with_name(path.name + SUM).read_bytes().decode("ascii", "replace")
            data = path.read_bytes()
        except OSError:
            return None
        return data if _sum(data) == expected else None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            # mkstemp makes the file private; a published copy or hard link must be readable.
            os.fchmod(file.fileno(), 0o644)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
