"""TOML errors in an author's terms: the message without its position, and the line."""

from __future__ import annotations

import re
import tomllib

_POSITION = re.compile(r"\s*\((?:at line \d+, column \d+|at end of document)\)")
_LINE = re.compile(r"at line (\d+)")


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None]:
    """Return the error's message without '(at line L, column C)', and its line L."""
    found = _LINE.search(str(exc))
    return _POSITION.sub("", str(exc)), int(found.group(1)) if found else None
