"""TOML errors in an author's terms: the message without its position, and the line."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ..errors import Problems

_POSITION = re.compile(r"\s*\((?:at line \d+, column \d+|at end of document)\)")
_LINE = re.compile(r"at line (\d+)")


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[str, int | None]:
    """Return the error's message without '(at line L, column C)', and its line L."""
    found = _LINE.search(str(exc))
    return _POSITION.sub("", str(exc)), int(found.group(1)) if found else None


def load_toml(text: str, name: str, problems: Problems) -> dict[str, Any] | None:
    """The TOML file `name` holding `text`, or None with an error naming its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        problems.error(name, f"not valid TOML: {message}", line,
                       "see https://toml.io for the syntax")
        return None
