"""Which reader reads which content file, by its suffix."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..config import Config
    from ..errors import Problems
    from .engines import Renderer
    from .fields import RawArticle
    from .source import Source

Reader = Callable[["Source", "Config", "Renderer", "Problems"], "RawArticle | None"]

# Adding a format: a module with its reader function ("module:function"), and its suffixes
# here. A reader module is imported when a file of its kind is parsed: listing content/
# (every build) needs the suffixes alone.
READERS: dict[str, str] = {
    ".md": "markdown:read_markdown",
    ".markdown": "markdown:read_markdown",
    ".mkd": "markdown:read_markdown",
    ".mdown": "markdown:read_markdown",
    ".txt": "wire:read_wire",
}
# Editor droppings and hidden files are never content.
IGNORED_PREFIXES = (".", "#", "~")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


def reader_for(path: PurePath) -> Reader | None:
    """The reader of a content file, or None if it is no article."""
    name = READERS.get(path.suffix.lower())
    if name is None:
        return None
    module, function = name.split(":")
    return cast(Reader, getattr(importlib.import_module(f".{module}", __package__), function))


def is_content_file(path: PurePath | str) -> bool:
    """Whether a path under content/ ('/' between its parts, when a string) is an article
    a reader reads."""
    if isinstance(path, str):
        name = path.rpartition("/")[2]
        dot = name.rfind(".")
        return dot > 0 and name[dot:].lower() in READERS and not is_ignored(path)
    return path.suffix.lower() in READERS and not is_ignored(path)


def is_ignored(path: PurePath | str) -> bool:
    """Whether a path under content/ is nobody's file: hidden, or an editor's dropping."""
    parts = path.split("/") if isinstance(path, str) else path.parts
    name = parts[-1] if parts else ""
    return (name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)
            or any(part.startswith(".") for part in parts[:-1]))
