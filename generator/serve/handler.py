"""The HTTP handler: GET and HEAD of the built site, the event stream, nothing else."""

from __future__ import annotations

import contextlib
import mimetypes
import select
import socket
import sys
from dataclasses import dataclass, replace
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Protocol

from .events import Hub, State
from .hosts import HostCheck
from .inject import inject
from .paths import BadPath, locate
from .rwlock import ReadWriteLock

EVENTS_PATH = "/__livereload"
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


def peer_is_connected(connection: socket.socket) -> bool:
    """Whether the other end still has the connection open (an event stream's browser
    sends nothing, so a readable socket means it was closed)."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return not readable or connection.recv(1, socket.MSG_PEEK) != b""
    except (OSError, ValueError):
        return False


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
    status: HTTPStatus
    body: bytes = b""
    kind: str = TYPES[".html"]
    location: str = ""


def look_up(site: Site, path: str, query: str, file: Path | None) -> Reply:
    """The answer to a GET of `path` (whose file under output/ is `file`)."""
    # From the first look at output/ to the last byte read, the read lock is held, so no
    # build publishes in between: never a half-written site.
    with site.lock.reading():
        state = site.served_state()
        if not site.has_site():
            reply = Reply(HTTPStatus.SERVICE_UNAVAILABLE, placeholder(
                "Building the site…", "This page appears by itself when a build succeeds."))
        elif file is not None and file.is_dir() and (file / "index.html").is_file():
            if not path.endswith("/"):
                # One leading slash: "//host/x/" would send the browser to another site.
                location = "/" + path.lstrip("/") + "/" + (f"?{query}" if query else "")
                return Reply(HTTPStatus.MOVED_PERMANENTLY, location=location)
            reply = Reply(HTTPStatus.OK, (file / "index.html").read_bytes())
        elif file is not None and file.is_file():
            reply = Reply(HTTPStatus.OK, file.read_bytes(), content_type(file))
        else:
            missing = site.output / NOT_FOUND
            reply = Reply(HTTPStatus.NOT_FOUND, missing.read_bytes() if missing.is_file()
                          else placeholder("Not found", "There is no page at this address."))
    if reply.kind.startswith("text/html"):
        return replace(reply, body=inject(reply.body, state))
    return reply


class Handler(BaseHTTPRequestHandler):
    """One request; any failure answers 500 (or drops the connection), never the server."""

    protocol_version = "HTTP/1.1"
    server_version = "newsarchive-serve"
    timeout = 120  # seconds an idle kept-alive connection may wait for its next request
    site: Site

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    # --- plumbing -------------------------------------------------------------------------

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # one bad request must never stop the server
            self.close_connection = True
            print(f"serve: error answering {self.requestline!r}: {exc!r}", file=sys.stderr)
            with contextlib.suppress(Exception):
                self.send_plain(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error\n")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a request log would drown the build messages

    def __getattr__(self, name: str) -> Any:
        # BaseHTTPRequestHandler looks up do_<METHOD>; every method but GET and HEAD is 405.
        if name.startswith("do_"):
            return self.method_not_allowed
        raise AttributeError(name)

    def method_not_allowed(self) -> None:
        self.send_plain(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD\n",
                        {"Allow": "GET, HEAD"})

    def send_plain(self, status: HTTPStatus, text: str,
                   headers: dict[str, str] | None = None) -> None:
        self.close_connection = True
        self.send_body(status, text.encode(), "text/plain; charset=utf-8",
                       {**(headers or {}), "Connection": "close"})

    def send_body(self, status: HTTPStatus, body: bytes, kind: str,
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # --- methods --------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self.site.hosts.allows(self.headers.get("Host")):
            self.send_plain(HTTPStatus.MISDIRECTED_REQUEST,
                            "unknown Host: open the preview through localhost\n")
            return
        try:
            target = locate(self.site.output, self.path)
        except BadPath as exc:
            self.send_plain(HTTPStatus.BAD_REQUEST, f"bad request: {exc}\n")
            return
        if target.path == EVENTS_PATH:
            self.send_events()
            return
        self.send_page(target.path, target.query, target.file)

    def send_page(self, path: str, query: str, file: Path | None) -> None:
        reply = look_up(self.site, path, query, file)
        if reply.location:
            self.send_plain(reply.status, f"see {reply.location}\n", {"Location": reply.location})
        else:
            self.send_body(reply.status, reply.body, reply.kind)

    def send_events(self) -> None:
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        if self.command == "HEAD":
            return

        def write(data: bytes) -> None:
            self.wfile.write(data)
            self.wfile.flush()

        self.site.hub.stream(write, alive=partial(peer_is_connected, self.connection))
