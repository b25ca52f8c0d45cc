"""The files of content/ a build neither publishes nor copies, counted in one line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

from ..errors import Problem
from .registry import READERS


def left_out(content_dir: str, files: Iterable[str]) -> Problem | None:
    """One warning counting the files left out by their extension, or None if none was."""
    counts = Counter(PurePosixPath(path).suffix.lower() or "(no extension)" for path in files)
    if not counts:
        return None
    total = sum(counts.values())
    kinds = ", ".join(f"{count} {suffix}" for suffix, count in
                      sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    readable = ", ".join(sorted(READERS))
    return Problem(content_dir, f"{total} file(s) are not articles and were left out: {kinds}",
                   None, f"articles are {readable} files, and .json or .xml agency items (IPTC "
                   "ninjs, NewsML-G2, NITF); a file beside an article is copied "
                   "next to its page when the article is index.md or links it", "warning")
