"""Stories told in several languages: `story.md` and `story.fr.md` are one story, and so
are files sharing a `translation_key:`."""

from __future__ import annotations

import re

from ..config import known_locale

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
