"""Digests: of bytes, of several parts, of a file's identity, of the generator's own code.

Every digest of the build is a 16-byte BLAKE2b, made here and nowhere else.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

# Bumped when what the caches store changes shape, beyond what the code digest catches.
SCHEMA = "3"
Signature = tuple[int, int, int]  # inode, size, modification time in nanoseconds


def digest(data: bytes) -> bytes:
    """Return the digest of `data`."""
    return hashlib.blake2b(data, digest_size=16).digest()


def digest_parts(*parts: bytes) -> bytes:
    """Return the digest of several parts, each length-prefixed so that no two lists of
    parts give the same bytes."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def stat_signature(path: Path | str) -> Signature | None:
    """Return a file's (inode, size, modification time), or None if it cannot be stat'ed.

    Two equal signatures mean the file was not replaced or written in between (as git
    trusts its index); a file changed within the time resolution is the caller's care.
    """
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


@cache
def code_version() -> str:
    """Return a digest of the generator's own source: a change to the code empties the caches."""
    package = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for file in sorted(package.rglob("*.py")):
        h.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return SCHEMA + "-" + h.hexdigest()
