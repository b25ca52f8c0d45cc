"""authors.toml: what the site says of its authors (a bio, a URL, a picture, profiles).

    ["Lena Vasquez"]
    bio = "Transport correspondent since 2019."
    url = "https://lena.example/"
    image = "/images/authors/lena.jpg"      # under static/, or an http(s) URL
    same_as = ["https://social.example/@lena"]

The file is optional; an author it does not name still gets a page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problems, did_you_mean
from ..files import read_text
from ..model import AuthorProfile
from .tables import key_line
from .toml import load_toml

AUTHORS_NAME = "authors.toml"
KEYS = frozenset({"bio", "url", "image", "same_as"})


def load_authors(root: Path, problems: Problems) -> dict[str, AuthorProfile]:
    """The profiles in root/authors.toml by casefolded name; {} when there is no file."""
    path = root / AUTHORS_NAME
    if not path.is_file():
        return {}
    text = read_text(path, AUTHORS_NAME, problems)
    if text is None:
        return {}
    data = load_toml(text, AUTHORS_NAME, problems)
    if data is None:
        return {}
    profiles: dict[str, AuthorProfile] = {}
    for name, table in data.items():
        line = _table_line(text, name)
        if not isinstance(table, dict):
            problems.error(AUTHORS_NAME, f"'{name}' must be a table of bio, url, image and "
                           "same_as", line, f'write it as ["{name}"] followed by its keys')
            continue
        profile = _profile(" ".join(name.split()), table, text, line, problems)
        if profile is not None:
            if profile.name.casefold() in profiles:
                problems.error(AUTHORS_NAME, f"'{name}' is named twice", line,
                               "keep one table per author")
            profiles[profile.name.casefold()] = profile
    return profiles


def _profile(name: str, table: dict[str, Any], text: str, start: int | None,
             problems: Problems) -> AuthorProfile | None:
    values: dict[str, Any] = {}
    ok = True
    for key, value in table.items():
        line = _key_line(text, key, start)
        if key not in KEYS:
            problems.error(AUTHORS_NAME, f"unknown key '{key}' for '{name}'", line,
                           did_you_mean(key, KEYS) or "known: bio, url, image, same_as")
            ok = False
        elif key == "same_as":
            if not isinstance(value, list) or not all(_is_url(v) for v in value):
                problems.error(AUTHORS_NAME, f"'same_as' of '{name}' must be a list of "
                               "http(s) URLs", line, 'same_as = ["https://social.example/@me"]')
                ok = False
            else:
                values[key] = tuple(value)
        elif not isinstance(value, str):
            problems.error(AUTHORS_NAME, f"'{key}' of '{name}' must be a string", line)
            ok = False
        elif key == "url" and not _is_url(value):
            problems.error(AUTHORS_NAME, f"'url' of '{name}' must be an http(s) URL", line,
                           'url = "https://example.org/about/"')
            ok = False
        elif key == "image" and not (value.startswith("/") or _is_url(value)):
            problems.error(AUTHORS_NAME, f"'image' of '{name}' must be a path under static/ "
                           "starting with '/' or an http(s) URL", line,
                           'image = "/images/authors/portrait.jpg"')
            ok = False
        else:
            values[key] = value.strip()
    return AuthorProfile(name, **values) if ok else None


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://")) and (
        len(value.split("/")) > 2 and bool(value.split("/")[2]))


def _key_line(text: str, key: str, start: int | None) -> int | None:
    """The line of `key` in the table that starts on line `start`."""
    lines = text.splitlines()[start or 0:]
    for number, line in enumerate(lines, start=(start or 0) + 1):
        if line.strip().startswith("["):
            break
        if key_line(line, key):
            return number
    return start


def _table_line(text: str, name: str) -> int | None:
    """The line of the table header ["Name"] (or [Name])."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.strip("[] \t").strip("\"'") == name:
            return number
    return None
