"""Pelican's (and MultiMarkdown's) metadata: 'Key: value' lines at the top of a Markdown
file, ending at the first blank line, a value going on in lines indented by four spaces."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Python-Markdown's meta extension, which Pelican uses: a key of letters, digits, '_' and
# '-' after at most three spaces; a continuation line indented by four or more.
KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>\S.*)$")
# A block counts as metadata only with one of these, so that a body opening with
# 'Note: ...' stays a body.
REQUIRED = ("title", "date")
LIST_KEYS = ("authors",)


@dataclass(frozen=True, slots=True)
class Headers:
    """The metadata block: values by lower-case key, their lines, and the body's first
    line."""

    meta: dict[str, object]
    lines: dict[str, int]
    body: str
    body_line: int


def read_headers(text: str) -> Headers | None:
    """Read the 'Key: value' block at the top of normalised text; None if there is none."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    values: dict[str, list[str]] = {}
    numbers: dict[str, int] = {}
    key = None
    end = start
    for end in range(start, len(lines) + 1):
        line = lines[end] if end < len(lines) else ""
        if not line.strip():
            break
        match = KEY_LINE.match(line)
        more = MORE_LINE.match(line)
        if more and key is not None:
            values[key].append(more["value"].strip())
        elif match:
            key = match["key"].lower()
            values.setdefault(key, []).append(match["value"].strip())
            numbers.setdefault(key, end + 1)
        else:
            return None
    if not any(k in values for k in REQUIRED):
        return None
    meta: dict[str, object] = {}
    for name, parts in values.items():
        value = " ".join(p for p in parts if p)
        if name in LIST_KEYS:
            meta[name] = [v.strip() for v in value.split(";" if ";" in value else ",")
                          if v.strip()]
        else:
            meta[name] = value
    rest = lines[end:]
    skipped = next((i for i, line in enumerate(rest) if line.strip()), len(rest))
    body = "\n".join(rest[skipped:]).rstrip("\n")
    return Headers(meta, numbers, body, end + skipped + 1)
