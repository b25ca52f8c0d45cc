"""What changed since the last build: the pages to render, the static files to copy, and
whether any input changed at all (fingerprints.py says what a page is made of)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import babel

from ..config import Config
from ..digests import code_version, digest, digest_parts, stat_signature
from ..errors import Problems
from ..model import Article, Page, Site
from ..output import Transaction, static_files
from ..readers.listing import Listed
from ..site.selection import Selection
from ..theme import DEFAULT_THEME, KINDS, theme_dirs
from .fingerprints import Fingerprints
from .manifest import Entry, Manifest


def partition_pages(pages: list[Page], fingerprints: Fingerprints, previous: Manifest | None,
                    on_disk: dict[str, int]
                    ) -> tuple[list[tuple[Page, bytes | None]], dict[str, Entry],
                               dict[str, bytes | None]]:
    """Split pages into those to render (each with the digest of its file on disk, if it is
    whole) and the entries of those that stand as they are; also return every page's
    fingerprint, by output path (None: the page cannot be fingerprinted)."""
    todo: list[tuple[Page, bytes | None]] = []
    kept: dict[str, Entry] = {}
    made_from: dict[str, bytes | None] = {}
    for page in pages:
        fingerprint = (digest(page.body) if page.body is not None
                       else fingerprints.of_page(page))
        key = str(page.output)
        made_from[key] = fingerprint
        old = previous.files.get(key) if previous is not None else None
        whole = old is not None and on_disk.get(key) == old.size
        if (whole and old is not None and fingerprint is not None
                and old.made_from == fingerprint
                and old.reads_digest == fingerprints.of_reads(old.reads)):
            kept[key] = old
        else:
            todo.append((page, old.digest if whole and old is not None else None))
    return todo, kept, made_from


def copy_static(config: Config, transaction: Transaction, entries: dict[str, Entry],
                previous: Manifest | None, on_disk: dict[str, int], problems: Problems) -> None:
    """Copy the static files that are new or changed (by size and time); a page wins over
    a static file of the same name."""
    folders = [(folder, config.root if folder == config.path("static_dir") else DEFAULT_THEME)
               for folder in theme_dirs(config, "static")]
    for relative, source in static_files(folders, problems).items():
        if relative in entries:
            continue
        signature = stat_signature(source)
        if signature is None:
            continue  # gone since it was listed
        made_from = digest(f"{source}\0{signature[1]}\0{signature[2]}".encode())
        old = previous.files.get(relative) if previous is not None else None
        if (old is not None and old.made_from == made_from
                and on_disk.get(relative) == old.size):
            entries[relative] = old
            continue
        transaction.copy(relative, source, relative in on_disk)
        entries[relative] = Entry(made_from, signature[1], made_from)


def site_inputs(config: Config, selection: Selection) -> bytes:
    """What every page depends on besides its own context: the generator (and the CLDR
    data of the Babel it runs with), the configuration and which articles are published."""
    return (f"{code_version()}\0babel {babel.__version__}\0{config!r}\0"
            f"{selection.drafts}{selection.future}").encode()


def inputs_digest(config: Config, selection: Selection, sources: list[Listed]) -> bytes:
    """A digest of everything a build reads: the generator, the configuration and options,
    every content file and the names, sizes and times of every template and static file."""
    parts = [site_inputs(config, selection)]
    parts += [source.path.encode() + b"\0" + (source.key or b"") for source in sources]
    for kind in KINDS:
        for folder in theme_dirs(config, kind):
            for file in sorted(folder.rglob("*")):
                parts.append(f"{file}\0{stat_signature(file)}".encode())
    return digest_parts(*parts)


def site_digest(config: Config, selection: Selection, now: datetime) -> bytes:
    """What every page depends on, and the year of the build (templates see `build_time`;
    it counts by its year, see docs/templates.md)."""
    return digest(site_inputs(config, selection) + f"\0{now.year}".encode())


def valid_until(config: Config, articles: list[Article], sites: Iterable[Site], now: datetime,
                selection: Selection) -> datetime:
    """The moment the site would change with no input changed: the next scheduled article
    comes out, a story leaves the news sitemap, or the year turns."""
    moments = [datetime(now.year + 1, 1, 1, tzinfo=UTC)]
    moments += [a.date for a in selection.scheduled(articles, now)]
    if config.sitemap.news_days:
        window = timedelta(days=config.sitemap.news_days)
        moments += [a.date + window for site in sites for a in site.articles
                    if a.date + window > now]
    return min(moments)
