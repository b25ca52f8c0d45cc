"""Bind the HTTP server: the asked port, or the first free one from 8000 up."""

from __future__ import annotations

import contextlib
import errno
import socket
import threading
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from typing import Any

DEFAULT_PORT = 8000
TRIES = 20


class ServeError(Exception):
    """The preview cannot start; the message says why and what to do."""


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that can drop its open connections when it stops."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Callable[..., Any]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the handler reports its own errors; a reset connection is not news

    def close_connections(self) -> None:
        """Shut every open connection (idle keep-alives and event streams)."""
        with self._open_lock:
            requests = list(self._open)
        for request in requests:
            with contextlib.suppress(OSError):
                request.shutdown(socket.SHUT_RDWR)


def bind(host: str, port: int | None, handler: Callable[..., Any],
         notice: Callable[[str], None] = print, first: int = DEFAULT_PORT) -> PreviewServer:
    """Return a server bound to host:port; with port None try `first` (8000), then on.

    Raises ServeError when the asked port is taken or the address cannot be used.
    """
    ports = [port] if port is not None else list(range(first, first + TRIES))
    for candidate in ports:
        try:
            server = PreviewServer((host, candidate), handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and port is None:
                continue
            raise ServeError(describe(exc, host, candidate)) from exc
        if candidate != ports[0]:
            notice(f"Port {ports[0]} is in use; using {candidate}.")
        return server
    raise ServeError(f"ports {ports[0]}-{ports[-1]} on {host} are all in use "
                     "(choose one with --port)")


def describe(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is in use (another server is running there?); "
                f"choose another with --port, or leave --port out to take a free one")
    if exc.errno == errno.EACCES:
        return f"no permission to use port {port} (ports below 1024 need root; try 8000)"
    if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT) or isinstance(
            exc, socket.gaierror):
        return f"cannot listen on {host!r}: {exc.strerror or exc} (try --host 127.0.0.1)"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
