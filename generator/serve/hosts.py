"""Which Host headers the preview answers: a guard against DNS rebinding."""

from __future__ import annotations

import ipaddress
import socket

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
WILDCARDS = frozenset({"0.0.0.0", "::", "[::]", ""})


def bracketed(host: str) -> str:
    """An IPv6 address in brackets, as it appears in a Host header; other hosts as given."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def split_host(header: str) -> tuple[str, int | None]:
    """Split a Host header into (lower-case name, port or None); ValueError if malformed."""
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        if end < 0:
            raise ValueError(header)
        name, rest = header[:end + 1], header[end + 1:]
    else:
        name, _, port_text = header.partition(":")
        rest = ":" + port_text if _ else ""
    if not name:
        raise ValueError(header)
    if not rest:
        return name, None
    if not rest.startswith(":") or not rest[1:].isdigit():
        raise ValueError(header)
    return name, int(rest[1:])


def is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class HostCheck:
    """Accept localhost, 127.0.0.1, [::1] and the bound host, on our port.

    When bound to every interface (--host 0.0.0.0), IP addresses and this machine's name
    are accepted too: a page cannot rebind a bare IP address to another server.
    """

    def __init__(self, bound_host: str, port: int) -> None:
        self.port = port
        self.wildcard = bound_host.lower() in WILDCARDS
        names = set(LOOPBACK_NAMES)
        if not self.wildcard:
            names.add(bracketed(bound_host.lower()))
        else:
            names.add(socket.gethostname().lower())
        self.names = frozenset(names)

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        try:
            name, port = split_host(header)
        except ValueError:
            return False
        if port != self.port and not (port is None and self.port == 80):
            return False
        return name in self.names or (self.wildcard and is_ip_literal(name))
