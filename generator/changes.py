"""What changed since the last build: the pages to render, the static files to copy, and
whether any input changed at all (fingerprint.py says what a page is made of)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .cache import code_version, digest
from .config import Config
from .errors import Problems
from .fingerprint import Fingerprints
from .manifest import Entry, Manifest
from .model import Article, Page, Site
from .output import Transaction, static_files
from .reading import Listed
from .render import DEFAULT_THEME, theme_dirs

if TYPE_CHECKING:
    from .build import BuildOptions


def sort_pages(pages: list[Page], fingerprints: Fingerprints, previous: Manifest | None,
               on_disk: dict[str, int]
               ) -> tuple[list[tuple[Page, bytes | None]], dict[str, Entry],
                          dict[str, bytes | None]]:
    """Split pages into those to render (each with the digest of its file on disk, if it is
    whole), the entries of those that stand as they are, and every page's fingerprint."""
    todo: list[tuple[Page, bytes | None]] = []
    kept: dict[str, Entry] = {}
    statics: dict[str, bytes | None] = {}
    for page in pages:
        static = (digest(page.body) if page.body is not None
                  else fingerprints.static(page))
        key = str(page.output)
        statics[key] = static
        old = previous.files.get(key) if previous is not None else None
        whole = old is not None and on_disk.get(key) == old.size
        if (whole and old is not None and static is not None and old.static == static
                and old.dynamic == fingerprints.of_reads(old.reads)):
            kept[key] = old
        else:
            todo.append((page, old.digest if whole and old is not None else None))
    return todo, kept, statics


def copy_static(config: Config, transaction: Transaction, entries: dict[str, Entry],
                previous: Manifest | None, on_disk: dict[str, int], problems: Problems) -> None:
    """Copy the static files that are new or changed (by size and time); a page wins over
    a static file of the same name."""
    folders = [(folder, config.root if folder == config.path("static_dir") else DEFAULT_THEME)
               for folder in theme_dirs(config, "static")]
    for relative, source in static_files(folders, problems).items():
        if relative in entries:
            continue
        stat = source.stat()
        signature = digest(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        old = previous.files.get(relative) if previous is not None else None
        if old is not None and old.static == signature and on_disk.get(relative) == old.size:
            entries[relative] = old
            continue
        transaction.copy(relative, source, relative in on_disk)
        entries[relative] = Entry(signature, stat.st_size, signature)


def inputs_digest(config: Config, options: BuildOptions, sources: list[Listed]) -> bytes:
    """A digest of everything a build reads: the generator, the configuration and options,
    every content file and the names, sizes and times of every template and static file."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{code_version()}\0{config!r}\0{options.drafts}{options.future}".encode())
    for source in sources:
        h.update(source.path.encode() + b"\0" + (source.key or b""))
    for name in ("templates", "static"):
        for folder in theme_dirs(config, name):
            for file in sorted(folder.rglob("*")):
                stat = file.stat()
                h.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return h.digest()


def global_digest(config: Config, options: BuildOptions, now: datetime) -> bytes:
    """What every page depends on: the generator, the configuration, and the year of the
    build (templates see `build_time`; it counts by its year, see docs/templates.md)."""
    return digest(f"{code_version()}\0{config!r}\0{options.drafts}{options.future}"
                  f"\0{now.year}".encode())


def valid_until(config: Config, articles: list[Article], site: Site, now: datetime,
                options: BuildOptions) -> datetime:
    """The moment the site would change with no input changed: the next scheduled article
    comes out, a story leaves the news sitemap, or the year turns."""
    moments = [datetime(now.year + 1, 1, 1, tzinfo=UTC)]
    if not options.future:
        moments += [a.date for a in articles if a.date > now and (options.drafts or not a.draft)]
    if config.sitemap.news_days:
        window = timedelta(days=config.sitemap.news_days)
        moments += [a.date + window for a in site.articles if a.date + window > now]
    return min(moments)
