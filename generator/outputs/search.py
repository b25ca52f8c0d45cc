"""Full-text search: the /search/ page and a Pagefind index of the built site."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..config import CONFIG_NAME, Config
from ..errors import Problem, SiteError
from ..site.urls import MARKER, SEARCH_FOLDER

if TYPE_CHECKING:
    from .search_view import Overlay

MISSING_HINT = "pip install 'pagefind[bin]', or set enabled = false under [search]"
FAILED_HINT = "or set enabled = false under [search] in site.toml to build without search"
# Pagefind indexes a 10,000-article site in seconds; a run this long is stuck, not busy.
TIMEOUT_SECONDS = 600
CANCEL_POLL = 0.05  # seconds between looks at whether an index being made is still wanted


class Indexer(Protocol):
    """Indexes the built site in `site` into the folder `into`; raises SiteError if it
    fails. Returns False when `cancelled()` said to stop before the index was done (what
    `into` holds is then not to be used)."""

    def __call__(self, site: Path, into: Path, cancelled: Callable[[], bool] | None = None,
                 overlay: Overlay | None = None) -> bool: ...


def search_indexer(config: Config) -> Indexer | None:
    """Return the step that indexes a built site into a folder, or None when search is off.

    Raises SiteError at once when search is on and Pagefind is not installed, so that a
    build learns it before rendering a single page.
    """
    if not config.search.enabled:
        return None
    binary = find_pagefind()
    if binary is None:
        raise SiteError([Problem(CONFIG_NAME, "search is enabled but the Pagefind binary is "
                                 "not installed", hint=MISSING_HINT)])
    # A site of one language: one index for every article whatever its <html lang>, or the
    # search page (in the site's language) would never find the stories written in another
    # one; stemming follows the site's language. A site of several languages: Pagefind
    # splits the index by <html lang>, and each language's search page reads its own.
    language = "" if config.multilingual else config.language.split("-")[0].lower()

    def index(site: Path, into: Path, cancelled: Callable[[], bool] | None = None,
              overlay: Overlay | None = None) -> bool:
        # Only a build with search on needs these (cbor2 among them).
        from .search_order import steady_order
        from .search_view import indexed_view

        def stop() -> bool:  # asked before and after too: a small site's run is quick
            return cancelled is not None and cancelled()

        if stop():
            return False
        with indexed_view(site, not_pages, overlay) as folder:  # the pages it indexes
            if not run_pagefind(binary, folder, into, language, cancelled) or stop():
                return False
        steady_order(into)  # the same site, the same bytes
        return True

    return index


def not_pages(name: str) -> bool:
    """Whether a folder at the top of a built site holds no pages of it: the search index,
    a staging folder (placing's, inside a mount point, named after the marker)."""
    return name == SEARCH_FOLDER or name.startswith(MARKER)


def find_pagefind() -> Path | None:
    """Return the Pagefind binary, found as `python -m pagefind` finds it, or None."""
    # The pagefind package looks at $PAGEFIND_BINARY_PATH, then pagefind[bin]'s own binary,
    # then PATH; without the package, PATH alone.
    found: Path | None = None
    try:
        from pagefind.service import get_executable
    except ImportError:
        pass
    else:
        try:
            found = get_executable()
        except FileNotFoundError:  # pagefind_bin is installed but its binary is not there
            found = None
    if found is None:
        on_path = shutil.which("pagefind")
        found = Path(on_path) if on_path else None
    if found is None or not found.is_file() or not os.access(found, os.X_OK):
        return None
    return found


def run_pagefind(binary: Path, site: Path, into: Path, language: str,
                 cancelled: Callable[[], bool] | None = None) -> bool:
    """Index the site in `site` into the folder `into`, raising SiteError if Pagefind fails;
    every page under one `language` if given, else by each page's <html lang>. Stops
    Pagefind and returns False as soon as `cancelled()` is true."""
    import subprocess  # only a build with search on runs it: the others start sooner

    command = [str(binary), "--site", str(site), "--output-path", str(into),
               *(["--force-language", language] if language else []), "--silent"]
    deadline = time.monotonic() + TIMEOUT_SECONDS
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, errors="replace") as process:
            while True:
                try:
                    stdout, stderr = process.communicate(
                        timeout=CANCEL_POLL if cancelled is not None else TIMEOUT_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    stop = cancelled is not None and cancelled()
                    if stop or time.monotonic() > deadline:
                        process.kill()
                        process.communicate()
                        if stop:
                            return False
                        raise
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError([Problem(str(binary), f"Pagefind could not index the site: {exc}",
                                 hint=FAILED_HINT)]) from None
    if process.returncode != 0:
        # Pagefind 1.5 prints its error twice; say each line once.
        lines = (stderr.strip() or stdout.strip() or "no output").splitlines()
        said = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        raise SiteError([Problem(str(binary), f"Pagefind failed (exit {process.returncode}): "
                                 + " / ".join(said[-10:]), hint=FAILED_HINT)])
    return True
