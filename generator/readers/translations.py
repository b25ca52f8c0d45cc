"""Stories told in several languages: `story.md` and `story.fr.md` are one story, and so
are files sharing a `translation_key:`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..config import known_locale
from ..errors import Problems
from .values import text_value

# A language in a file name: two letters, then a script or region ('fr', 'pt-BR',
# 'zh-Hant'). Three-letter codes are left to 'language:', as 'story.new.md' is no Newari.
SUFFIX = re.compile(r"^[A-Za-z]{2}(?:-[A-Za-z0-9]{2,8})*$")


def language_suffix(name: str) -> str:
    """The language a file name ends with before its extension ('story.fr.md' -> 'fr'), or ''."""
    parts = name.split(".")
    if len(parts) < 3 or not parts[0]:
        return ""
    tag = parts[-2]
    return tag if SUFFIX.match(tag) and known_locale(tag) else ""


def path_key(path: str) -> str:
    """The key that links a file to its translations: its path without the extension and
    the language ('content/2024/story.fr.md' -> 'content/2024/story')."""
    head, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if language_suffix(name):
        stem = stem.rsplit(".", 1)[0]
    return f"{head}/{stem}" if head else stem


def read_translation_key(path: str, file_name: str, meta: dict[str, Any], language: str,
                         line: Callable[[str], int | None], name: Callable[[str], str],
                         problems: Problems) -> str:
    """The key linking a file to its translations: `translation_key:`, or for a file named
    with a language ('story.fr.md') its path without it; '' for a story in one language."""
    suffix = language_suffix(file_name)
    if suffix and language and language.casefold() != suffix.casefold():
        problems.error(path, f"the file name says the story is in '{suffix}' but "
                       f"'{name('language')}:' says '{language}'", line("language"),
                       "make them agree, or drop one")
    key = text_value(meta, "translation_key", path, line, name, problems)
    return key or (path_key(path) if suffix else "")
