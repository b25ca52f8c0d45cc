"""JSON laid out with an indent, as json.dumps(value, ensure_ascii=False, indent=n) writes
it, without what that leaves behind.

For an indent, json.dumps takes its pure-Python encoder, whose functions refer to each
other: every call leaves a cycle of them (2.7 KB) for the cycle collector, which a build
turns off (build.py). A worker writing the JSON-LD of 5,000 pages and the JSON Feed items
of 6,000 articles kept 30 MB of them. This writes the same text with no cycle, and strings
through json's own (C) escaping.
"""

from __future__ import annotations

import json
from typing import Any

_string = json.encoder.encode_basestring  # the C one where it is built


def indented_json(value: Any, indent: int) -> str:
    """json.dumps(value, ensure_ascii=False, indent=indent) for dicts with text keys, lists,
    tuples, text, numbers, booleans and None (TypeError for anything else)."""
    parts: list[str] = []
    _write(value, parts, "\n", " " * indent)
    return "".join(parts)


def _write(value: Any, parts: list[str], newline: str, step: str) -> None:
    if isinstance(value, str):
        parts.append(_string(value))
    elif value is None or value is True or value is False:
        parts.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, int | float):
        parts.append(json.dumps(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"keys must be text, not {type(key).__name__}")
            parts += (separator, _string(key), ": ")
            _write(item, parts, inner, step)
            separator = "," + inner
        parts += (newline, "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, parts, inner, step)
            separator = "," + inner
        parts += (newline, "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
