"""What a request path finds in the output folder: a page, a file, or nothing."""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO, Protocol

from .events import Hub, State
from .hosts import HostCheck
from .inject import inject
from .rwlock import ReadWriteLock

NOT_FOUND = "404.html"
TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm", ".woff2": "font/woff2",
}
PLACEHOLDER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; margin: 3rem auto; max-width: 40rem;">
<h1>{title}</h1><p>{text}</p></body></html>
"""


class Site(Protocol):
    """What the handler needs from the preview."""

    output: Path
    lock: ReadWriteLock
    hub: Hub
    hosts: HostCheck

    def served_state(self) -> State:
        """The state to put into a page (call with the lock held for reading)."""

    def has_site(self) -> bool:
        """Whether output/ holds a built site (call with the lock held for reading)."""


def content_type(path: Path) -> str:
    known = TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def placeholder(title: str, text: str) -> bytes:
    return PLACEHOLDER.format(title=title, text=text).encode()


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer: bytes made for it (a page, a placeholder), or an open file to send as
    it is (read after the lock is let go: a build replaces files, never changes them)."""

    status: HTTPStatus
    body: bytes = b""
    kind: str = TYPES[".html"]
    location: str = ""
    file: BinaryIO | None = None
    stat: os.stat_result | None = None
    trouble: str = ""  # why the file system could not give the file (said in the log)


def look_up(site: Site, path: str, query: str, file: Path | None) -> Reply:
    """The answer to a GET of `path` (whose file under output/ is `file`)."""
    # From the first look at output/ to the last byte read (or the file opened), the read
    # lock is held, so no build publishes in between: never a half-written site.
    with site.lock.reading():
        state = site.served_state()
        try:
            reply = _find(site, path, query, file)
        except OSError as exc:  # a name too long, a loop of links: no such page
            reply = replace(_not_found(site), trouble=exc.strerror or str(exc))
    if reply.kind.startswith("text/html") and reply.file is None:
        return replace(reply, body=inject(reply.body, state))
    return reply


def _find(site: Site, path: str, query: str, file: Path | None) -> Reply:
    if not site.has_site():
        return Reply(HTTPStatus.SERVICE_UNAVAILABLE, placeholder(
            "Building the site…", "This page appears by itself when a build succeeds."))
    if file is not None and file.is_dir() and (file / "index.html").is_file():
        if not path.endswith("/"):
            # One leading slash: "//host/x/" would send the browser to another site.
            location = "/" + path.lstrip("/") + "/" + (f"?{query}" if query else "")
            return Reply(HTTPStatus.MOVED_PERMANENTLY, location=location)
        return Reply(HTTPStatus.OK, (file / "index.html").read_bytes())
    if file is not None and file.is_file():
        kind = content_type(file)
        if kind.startswith("text/html"):
            return Reply(HTTPStatus.OK, file.read_bytes(), kind)
        handle = file.open("rb")
        return Reply(HTTPStatus.OK, kind=kind, file=handle, stat=os.fstat(handle.fileno()))
    return _not_found(site)


def _not_found(site: Site) -> Reply:
    missing = site.output / NOT_FOUND
    return Reply(HTTPStatus.NOT_FOUND, missing.read_bytes() if missing.is_file()
                 else placeholder("Not found", "There is no page at this address."))


def read_chunks(file: BinaryIO, first: int, count: int) -> Iterator[bytes]:
    """`count` bytes of a file from `first` on, in pieces (a video need not fit memory)."""
    file.seek(first)
    while count > 0:
        chunk = file.read(min(count, 1 << 16))
        if not chunk:
            return
        count -= len(chunk)
        yield chunk
