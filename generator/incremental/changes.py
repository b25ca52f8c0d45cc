"""What changed since the last build: the pages to render, the static files to copy, and
whether any input changed at all (fingerprints.py says what a page is made of)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import babel

from ..config import AUTHORS_NAME, Config
from ..digests import code_version, digest, digest_parts, stat_signature
from ..disk import Stat
from ..errors import Problems
from ..files import shown_path
from ..model import Article, Site
from ..output import Transaction, static_files
from ..readers.listing import Listed
from ..site.selection import Selection
from ..theme import DEFAULT_THEME, theme_dirs
from .manifest import Entry, Manifest


def list_static(config: Config, problems: Problems,
                refused: Mapping[Path, str] | None = None) -> dict[str, Path]:
    """The static files of the site and the theme, by output path (the site's win); a link
    into a `refused` path is not followed (files.list_files)."""
    folders = [(folder, config.root if folder == config.path("static_dir") else DEFAULT_THEME)
               for folder in theme_dirs(config, "static")]
    return static_files(folders, problems, refused)


def static_origins(config: Config, static: Mapping[str, Path]) -> dict[str, str]:
    """Where each static file comes from, as messages name it."""
    theme = DEFAULT_THEME / "static"
    return {relative: (f"the theme's static/{relative}" if source.is_relative_to(theme)
                       else shown_path(source, config.root))
            for relative, source in static.items()}


def copy_static(static: Mapping[str, Path], transaction: Transaction, entries: dict[str, Entry],
                previous: Manifest | None, on_disk: dict[str, Stat]) -> None:
    """Copy the static files that are new or changed (by size and time); the planner has
    made sure that no page has the name of one."""
    for relative, source in static.items():
        if relative in entries:
            continue
        signature = stat_signature(source)
        if signature is None:
            continue  # gone since it was listed
        # The file by its real path: `--site .` and `--site /the/site` copy the same file.
        made_from = digest(f"{source.resolve()}\0{signature[1]}\0{signature[2]}".encode())
        old = previous.files.get(relative) if previous is not None else None
        if old is not None and old.made_from == made_from and intact(relative, previous,
                                                                     on_disk):
            entries[relative] = old
            continue
        try:
            transaction.copy(relative, source, relative in on_disk)
        except FileNotFoundError:
            if source.exists():
                raise
            continue  # deleted since it was listed: as if it never was
        entries[relative] = Entry(made_from, signature[1], made_from)


def intact(relative: str, previous: Manifest | None, on_disk: Mapping[str, Stat]) -> bool:
    """Whether a file is in the output folder as the last build left it (by size and time:
    a file edited by hand is made again)."""
    return (previous is not None and relative in on_disk
            and on_disk[relative] == previous.disk.get(relative))


def site_inputs(config: Config, selection: Selection) -> bytes:
    """What every page depends on besides its own context: the generator (and the CLDR
    data of the Babel it runs with), the configuration and which articles are published.

    Not where the site is: `--site .` and `--site /the/same/folder` build the same pages."""
    settings = dataclasses.replace(config, root=Path())
    return (f"{code_version()}\0babel {babel.__version__}\0{settings!r}\0"
            f"{selection.drafts}{selection.future}").encode()


def inputs_digest(frame: bytes, sources: list[Listed]) -> bytes:
    """A digest of everything a build reads: what `frame_digest` counts and every content
    file."""
    return digest_parts(frame, *(source.path.encode() + b"\0" + (source.key or b"")
                                 for source in sources))


def frame_digest(config: Config, selection: Selection, static: Mapping[str, Path],
                 others: Iterable[Path] = ()) -> bytes:
    """A digest of everything a build reads but the content files: the generator, the
    configuration and options, the names, sizes and times of authors.toml, of the other
    files in content/ (copied beside articles, published as images, or counted), of every
    template and catalogue (locales/), and of every static file the build copies (as
    listed: a link the listing does not follow counts for nothing, so a link to .cache/ or
    output/ does not change on every build)."""
    parts = [site_inputs(config, selection)]
    authors = config.root / AUTHORS_NAME
    parts.append(f"{authors}\0{stat_signature(authors)}".encode())
    parts += [os.fsencode(f"{file}\0{stat_signature(file)}") for file in others]
    # The templates, and the catalogues of their strings (the theme's and the site's).
    for folder in [*theme_dirs(config, "templates"), *theme_dirs(config, "locales")]:
        for file in sorted(folder.rglob("*")):
            # fsencode: a name that is not UTF-8 is reported by the listing, not here.
            parts.append(os.fsencode(f"{file}\0{stat_signature(file)}"))
    for relative, file in sorted(static.items()):
        parts.append(f"{relative}\0{file}\0{stat_signature(file)}".encode())
    return digest_parts(*parts)


def site_digest(config: Config, selection: Selection, now: datetime) -> bytes:
    """What every page depends on, and the year of the build (templates see `build_time`;
    it counts by its year, see docs/templates.md)."""
    return digest(site_inputs(config, selection) + f"\0{now.year}".encode())


def valid_until(config: Config, articles: list[Article], sites: Iterable[Site], now: datetime,
                selection: Selection) -> datetime:
    """The moment the site would change with no input changed: the next scheduled article
    comes out, a story expires, a story leaves the news sitemap, or the year turns."""
    moments = [datetime(now.year + 1, 1, 1, tzinfo=UTC)]
    moments += [a.date for a in selection.scheduled(articles, now)]
    moments += [a.expires for site in sites for a in site.articles
                if a.expires is not None and a.expires > now]
    if config.sitemap.news_days:
        window = timedelta(days=config.sitemap.news_days)
        moments += [a.date + window for site in sites for a in site.articles
                    if a.date + window > now]
    return min(moments)
