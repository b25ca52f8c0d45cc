"""URLs from permalink patterns, and the one rule from a URL to an output file."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath

from ..config import Permalinks

# Names at the top of the output folder that belong to the generator, not to a page:
# the marker written into every output folder it builds (so that it never replaces a
# folder it did not), and the folder Pagefind fills with the search index.
MARKER = ".newsarchive-output"
SEARCH_FOLDER = "pagefind"
RESERVED = {MARKER: "the generator's marker file", SEARCH_FOLDER: "the search index"}
# The longest file name most file systems take, in bytes.
MAX_NAME_BYTES = 255


def fill(pattern: str, *, year: int = 0, month: int = 0, day: int = 0, slug: str = "") -> str:
    return pattern.format(year=f"{year:04d}", month=f"{month:02d}", day=f"{day:02d}", slug=slug)


def article_url(links: Permalinks, date: datetime, slug: str) -> str:
    return fill(links.article, year=date.year, month=date.month, day=date.day, slug=slug)


def paginate_url(links: Permalinks, first: str, number: int) -> str:
    """Return the URL of page `number` of a list whose first page is at `first`."""
    if number == 1:
        return first
    return first + links.page.format(number=number)


def reserved(path: PurePosixPath) -> str:
    """What the output folder keeps the top of `path` for, or ''."""
    top = path.parts[0] if path.parts else ""
    return RESERVED.get(top) or (RESERVED[MARKER] if top.startswith(MARKER + ".") else "")


def output_path(url: str) -> PurePosixPath:
    """Map a URL to its file under output/: '/a/b/' -> 'a/b/index.html', '/x.xml' -> 'x.xml'."""
    relative = url.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    path = PurePosixPath(relative)
    # site.toml's patterns, slugs and aliases are checked long before; this is the last guard.
    if ".." in path.parts or "\\" in relative:
        raise ValueError(f"URL {url!r} would be written outside the output folder")
    return path
