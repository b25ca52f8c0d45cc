"""URL slugs from titles, tags and names, in any script."""

from __future__ import annotations

import re

from slugify import slugify as _slugify

# Half of a surrogate pair (a JSON '\ud800' escape): an error of its own elsewhere, and
# nothing to transliterate (Unidecode, which python-slugify uses when Pelican brings it
# in, would print a RuntimeWarning on stderr).
_SURROGATE = re.compile("[\ud800-\udfff]")


def slugify(text: str, max_length: int = 80) -> str:
    """Return an ASCII slug, transliterating Arabic, Cyrillic, accents and the rest."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("", text)
    return _slugify(text, max_length=max_length, word_boundary=True, save_order=True)
