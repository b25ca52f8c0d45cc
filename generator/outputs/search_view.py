"""The pages Pagefind indexes, and no others, in a folder of hard links for it to read.

Pagefind reads and parses every HTML file of the folder it is given, then indexes only
the pages that have a `data-pagefind-body` element, when any has one. The theme marks the
articles alone: over the benchmark's 10,000 articles (17,745 HTML files) Pagefind took
32.9 s reading the site and 19.0 s reading a folder of the 10,000 articles, for the same
index byte for byte. `indexed_view` finds the marked pages by their bytes and links them,
at the same paths, into a folder beside the site (0.7-0.9 s to find them there, 0.7-1.9 s
to link them, 1.4-1.9 s to remove the folder afterwards). A page that only mentions the
attribute in its text is linked too: Pagefind then reads it and leaves it out, as it
would have. Where there is nothing to leave out, or the links cannot be made (another
file system, no hard links), Pagefind reads the site itself.

A rebuild that moves a few changed files into output/ gives an `Overlay`: the view is then
made of output/'s files and the staged ones that replace them, so that the site need not
be assembled whole for Pagefind (hard links to every file, then the old tree removed: at
100,000 articles, 50 s). A view is then always made, and OSError is raised if it cannot be.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..files import making_folders

MARKER = b"data-pagefind-body"
hard_link = os.link  # (the tests make it fail)
# A view that would leave out fewer HTML files than this share is not worth making.
LEAST_LEFT_OUT = 0.2


@dataclass(frozen=True, slots=True)
class Overlay:
    """What a rebuild changes in the site: its new and changed files, staged in `folder`
    at their paths, and the paths of the files that go; `existing`, the site's files when
    the build began (the transaction's listing, which the view need not make again)."""

    folder: Path
    staged: Collection[str]
    gone: Collection[str]
    existing: Collection[str]


@contextmanager
def indexed_view(site: Path, skip: Callable[[str], bool],
                 overlay: Overlay | None = None) -> Iterator[Path]:
    """The folder Pagefind should read: a view of the marked pages of `site` (with
    `overlay`'s changes), removed when the block ends, or `site` itself. `skip` says which
    of the site's top folders not to look in (the search index, a staging folder)."""
    if overlay is None:
        marked, pages = _html_pages(site, set(), _listed(site, skip))
        if not marked or len(marked) > (len(marked) + len(pages)) * (1 - LEAST_LEFT_OUT):
            yield site
            return
    else:
        marked, pages = _html_pages(site, {*overlay.staged, *overlay.gone}, overlay.existing)
        more, others = _html_pages(overlay.folder, set(), overlay.staged)
        marked += more
        pages += others
    view = Path(tempfile.mkdtemp(prefix=f".{site.name}.search-", dir=site.parent))
    try:
        try:
            # None marked: Pagefind indexes every page, so it must see them all.
            _link(view, marked or pages)
        except OSError:  # another file system, or one without hard links
            if overlay is not None:
                raise
            yield site
            return
        yield view
    finally:
        shutil.rmtree(view, ignore_errors=True)


Found = list[tuple[str, str]]  # (the folder it is in, its path under that folder)


def _listed(root: Path, skip: Callable[[str], bool]) -> list[str]:
    """The files of `root` (paths under it), without the top folders `skip` names."""
    base, paths = str(root), []
    for folder, folders, files in os.walk(base):
        if folder == base:
            folders[:] = [name for name in folders if not skip(name)]
        prefix = os.path.relpath(folder, base)
        paths += [name if prefix == "." else f"{prefix}/{name}" for name in files]
    return paths


def _html_pages(root: Path, replaced: set[str], paths: Collection[str]
                ) -> tuple[Found, Found]:
    """Of `paths` (under `root`), the HTML files whose bytes hold the marker, and the other
    HTML files, but those in `replaced`."""
    base = str(root)
    marked: Found = []
    others: Found = []
    for relative in paths:
        if not relative.endswith(".html") or relative in replaced:
            continue
        try:
            with open(os.path.join(base, relative), "rb") as file:
                found = MARKER in file.read()
        except OSError:
            found = True  # let Pagefind meet it, and say what is wrong with it
        (marked if found else others).append((base, relative))
    return marked, others


def _link(view: Path, pages: Found) -> None:
    for base, relative in pages:
        there = view / relative
        making_folders(there, partial(hard_link, os.path.join(base, relative), there))
