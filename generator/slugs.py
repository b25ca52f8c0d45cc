"""URL slugs from titles, tags and names, in any script."""

from __future__ import annotations

from slugify import slugify as _slugify


def slugify(text: str, max_length: int = 80) -> str:
    """Return an ASCII slug, transliterating Arabic, Cyrillic, accents and the rest."""
    return _slugify(text, max_length=max_length, word_boundary=True, save_order=True)
