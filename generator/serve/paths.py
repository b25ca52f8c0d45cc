"""Turn a request path into a file under the output folder, and nothing outside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Folders of the output a browser may ask for although their name starts with a dot.
VISIBLE_DOT_FOLDERS = {".well-known"}


class BadPath(ValueError):
    """The request target cannot be a path at all (not /..., a NUL byte, bad UTF-8)."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a request path leads: `file` under the output folder, or None if it cannot."""

    path: str  # the URL path as the client sent it, still percent-encoded
    query: str
    file: Path | None
    trouble: str = ""  # why the file system could not resolve the path (for the log)


def split_target(raw: str) -> tuple[str, str]:
    """Return (path, query) of a request target; only origin-form ("/...") is accepted."""
    if not raw.startswith("/"):
        raise BadPath(f"not a path: {raw[:80]!r}")
    parts = urlsplit(raw)
    # "//x/y" parses as a network location; keep the whole thing as the path instead.
    path = raw.split("?", 1)[0].split("#", 1)[0] if parts.netloc else parts.path
    return path, parts.query


def origin_form(raw: str) -> tuple[str, str | None]:
    """A request target in origin form ("/..."), and the host an absolute-form target
    names ("http://host:port/...", which RFC 9112 has every server accept), else None."""
    if raw.startswith("/"):
        return raw, None
    parts = urlsplit(raw)
    if parts.scheme.lower() != "http" or not parts.netloc or "@" in parts.netloc:
        raise BadPath(f"not a path: {raw[:80]!r}")
    rest = raw[len(parts.scheme) + 3 + len(parts.netloc):]
    return (rest if rest.startswith("/") else "/" + rest), parts.netloc


def decode(path: str) -> str:
    """Percent-decode `path` exactly once; refuse NUL bytes, backslashes and bad UTF-8."""
    try:
        decoded = unquote(path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise BadPath("the path is not UTF-8") from exc
    if "\x00" in decoded or "\\" in decoded:
        raise BadPath("NUL bytes and backslashes are not allowed in paths")
    return decoded


def locate(output: Path, raw: str) -> Target:
    """Resolve a request target under `output` (already resolved).

    The path is decoded once, joined to the output folder, resolved (so `..` and symbolic
    links are followed) and must still be inside it; hidden names are refused too.
    `file` is None when the path leads outside or to a hidden name; existence is not checked.
    """
    path, query = split_target(raw)
    decoded = decode(path)
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p.startswith(".") and p != ".." and p not in VISIBLE_DOT_FOLDERS for p in parts):
        return Target(path, query, None)
    try:
        candidate = output.joinpath(*parts).resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before 3.13)
        return Target(path, query, None, "a loop of symbolic links" if isinstance(
            exc, RuntimeError) else exc.strerror or str(exc))
    if not candidate.is_relative_to(output):
        return Target(path, query, None)
    return Target(path, query, candidate)
