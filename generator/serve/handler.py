"""The HTTP handler: GET and HEAD of the built site, the event stream, nothing else."""

from __future__ import annotations

import contextlib
import select
import socket
import sys
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from .conditional import Validators, byte_range, not_modified, of_bytes, of_file
from .lookup import Site, look_up, read_chunks
from .paths import BadPath, locate, origin_form

EVENTS_PATH = "/__livereload"


def peer_is_connected(connection: socket.socket) -> bool:
    """Whether the other end still has the connection open (an event stream's browser
    sends nothing, so a readable socket means it was closed)."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
        return not readable or connection.recv(1, socket.MSG_PEEK) != b""
    except (OSError, ValueError):
        return False


def short(text: str, width: int = 80) -> str:
    """Text cut for a log line: one request must not print kilobytes."""
    return text if len(text) <= width else text[:width - 1] + "…"


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
            print(f"serve: error answering {short(repr(self.requestline))}: "
                  f"{short(repr(exc), 200)}", file=sys.stderr)
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
                  headers: dict[str, str] | None = None, caching: str = "no-store") -> None:
        self.send_head(status, len(body), kind, headers, caching)
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_head(self, status: HTTPStatus, length: int, kind: str,
                  headers: dict[str, str] | None = None, caching: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", caching)
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    # --- methods --------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        try:
            raw, authority = origin_form(self.path)
        except BadPath as exc:
            self.send_plain(HTTPStatus.BAD_REQUEST, f"bad request: {exc}\n")
            return
        # An absolute-form target names the host itself; Host is then ignored (RFC 9112).
        if not self.site.hosts.allows(authority or self.headers.get("Host")):
            self.send_plain(HTTPStatus.MISDIRECTED_REQUEST,
                            "unknown Host: open the preview through localhost\n")
            return
        try:
            target = locate(self.site.output, raw)
        except BadPath as exc:
            self.send_plain(HTTPStatus.BAD_REQUEST, f"bad request: {exc}\n")
            return
        if target.trouble:
            print(f"serve: 404 for {short(target.path)}: {target.trouble}", file=sys.stderr)
        if target.path == EVENTS_PATH:
            self.send_events()
            return
        self.send_page(target.path, target.query, target.file)

    def send_page(self, path: str, query: str, file: Path | None) -> None:
        reply = look_up(self.site, path, query, file)
        if reply.trouble:
            print(f"serve: 404 for {short(path)}: {short(reply.trouble)}", file=sys.stderr)
        if reply.location:
            self.send_plain(reply.status, f"see {reply.location}\n", {"Location": reply.location})
        elif reply.file is not None and reply.stat is not None:
            # A file as it is may be kept by the browser if it asks again each time: its
            # tag changes with every build that replaces it.
            with reply.file:
                self.send_current(reply.stat.st_size, reply.kind, of_file(reply.stat),
                                  "no-cache", partial(read_chunks, reply.file))
        elif reply.status == HTTPStatus.OK:
            body = reply.body
            self.send_current(len(body), reply.kind, of_bytes(body), "no-store",
                              lambda first, count: [body[first:first + count]])
        else:
            self.send_body(reply.status, reply.body, reply.kind)

    def send_current(self, size: int, kind: str, validators: Validators, caching: str,
                     chunks: Callable[[int, int], Iterable[bytes]]) -> None:
        """Answer 200 with `size` bytes, 304 when the client has them, or 206 with the one
        range it asks for (416 when it starts past the end); `chunks(first, count)` gives
        the bytes."""
        headers = {**validators.headers(), "Accept-Ranges": "bytes"}
        if not_modified(self.headers, validators):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in {**headers, "Cache-Control": caching}.items():
                self.send_header(name, value)
            self.end_headers()
            return
        asked = byte_range(self.headers, validators, size) if self.command == "GET" else None
        if asked is False:
            self.send_body(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", kind,
                           {"Content-Range": f"bytes */{size}"}, caching)
            return
        first, last = asked or (0, size - 1)
        if asked:
            headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        self.send_head(HTTPStatus.PARTIAL_CONTENT if asked else HTTPStatus.OK,
                       last - first + 1, kind, headers, caching)
        if self.command != "HEAD":
            for chunk in chunks(first, last - first + 1):
                self.wfile.write(chunk)

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
