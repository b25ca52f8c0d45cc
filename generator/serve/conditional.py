"""Conditional and partial requests (RFC 9110 §13, §14): ETag, Last-Modified, 304, Range.

A page changes on every build (the live-reload state is part of it), so its entity tag is
a digest of the very bytes sent. A file served as it is gets one from its inode, size
and time, which change whenever a build replaces it. Last-Modified has whole seconds
only: it is sent only for a file at least two seconds old, so that a file rebuilt within
the second it was sent can never be taken for the one the browser has.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from typing import Literal, Protocol

# A file changed more recently than this has no Last-Modified (see the module docstring).
FRESH_SECONDS = 2
RANGE = re.compile(r"^bytes=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class Headers(Protocol):
    """A request's header fields (http.client's message, or a dict in tests)."""

    def get(self, name: str, default: None = None, /) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Validators:
    """What a client may send back to ask whether its copy is still current."""

    etag: str
    modified: int | None = None  # whole seconds since 1970, when old enough to be sent

    def headers(self) -> dict[str, str]:
        found = {"ETag": self.etag}
        if self.modified is not None:
            found["Last-Modified"] = formatdate(self.modified, usegmt=True)
        return found


def of_bytes(body: bytes) -> Validators:
    """A strong entity tag for bytes made for this response (a page with its state)."""
    return Validators(f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"')


def of_file(stat: os.stat_result) -> Validators:
    """An entity tag from the file's identity, and its time when it is old enough."""
    etag = f'"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    seconds = int(stat.st_mtime)
    return Validators(etag, seconds if time.time() - stat.st_mtime >= FRESH_SECONDS else None)


def not_modified(headers: Headers, validators: Validators) -> bool:
    """Whether a GET or HEAD is answered 304: If-None-Match when sent (weak comparison),
    else If-Modified-Since against a Last-Modified that was sent."""
    match = headers.get("If-None-Match")
    if match is not None:
        return match.strip() == "*" or _weak(validators.etag) in {
            _weak(tag) for tag in _tags(match)}
    since = _date(headers.get("If-Modified-Since"))
    return since is not None and validators.modified is not None and validators.modified <= since


def byte_range(headers: Headers, validators: Validators, size: int
               ) -> tuple[int, int] | Literal[False] | None:
    """The one range of bytes (first, last) a GET asks for; None for the whole file (no
    Range, one we do not serve, several ranges, or an If-Range that no longer holds);
    False when the range starts past the end (416)."""
    header = headers.get("Range")
    if header is None or not _if_range_holds(headers.get("If-Range"), validators):
        return None
    found = RANGE.match(header)
    if found is None:
        return None  # several ranges or another unit: the whole file is a valid answer
    first, last = found.groups()
    if not first:
        if not last or int(last) == 0:
            return False if last else None
        return (max(0, size - int(last)), size - 1) if size else False
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # invalid: ignored
    return (start, end) if start < size else False


def _if_range_holds(value: str | None, validators: Validators) -> bool:
    if value is None:
        return True
    value = value.strip()
    if value.startswith(('"', 'W/')):  # an entity tag: strong comparison only
        return not value.startswith("W/") and value == validators.etag
    since = _date(value)
    return since is not None and validators.modified is not None and since == validators.modified


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _weak(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def _date(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(parsedate_to_datetime(value).timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
