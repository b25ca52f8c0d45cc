"""`import FILE...`: WordPress exports, RSS and Atom feeds, wire text and agency files
(IPTC ninjs, NewsML-G2, NITF), in one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...config import CONFIG_NAME, load_config
from ...errors import Problem, SiteError
from .agency import agency_files, import_agency, is_agency_file
from .exports import read_export
from .posts import Attachment, SiteInfo
from .wire import import_files
from .writing import write_posts

# How an XML file starts, after a byte-order mark and blank space.
XML_START = (b"<?xml", b"<rss", b"<feed", b"<!--", b"<!DOCTYPE")


@dataclass(slots=True)
class Imported:
    """What one run wrote, found already there, refused, left to fetch, and read."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    listed: list[tuple[Path, Attachment]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    exports: list[tuple[Path, SiteInfo, int]] = field(default_factory=list)  # file, site, posts

    def summary(self) -> str:
        """The closing line; a second run of the same import says it wrote nothing."""
        if not self.written and not self.refused and self.unchanged:
            return (f"Nothing written: all {len(self.unchanged)} file(s) are already up to "
                    "date.")
        same = f", {len(self.unchanged)} already up to date" if self.unchanged else ""
        return f"Imported {len(self.written)} file(s){same}, refused {len(self.refused)}."


def import_timezone(name: str | None, site: Path) -> tzinfo:
    """The zone named, else the timezone of the site's site.toml, else UTC."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise SiteError([Problem("--timezone", f"unknown timezone '{name}'", None,
                                     "use an IANA name such as 'Europe/Paris' or 'UTC'")]
                            ) from None
    if (site / CONFIG_NAME).is_file():
        return load_config(site).tz
    return ZoneInfo("UTC")


def import_engine(site: Path) -> str:
    """The Markdown engine of the site's site.toml (wire text is escaped for it, so that
    it builds to the same page), else CommonMark, the default."""
    if (site / CONFIG_NAME).is_file():
        return load_config(site).markdown.engine
    return "commonmark"


def is_export(path: Path) -> bool:
    """Whether a file is XML (an export or a feed) rather than wire text."""
    try:
        with path.open("rb") as file:
            start = file.read(512)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(XML_START)


def import_paths(paths: list[Path], to: Path, tz: tzinfo, *, force: bool = False,
                 pages: bool = False, media: Path | None = None,
                 engine: str = "commonmark") -> Imported:
    """Import every export, feed and wire text file among `paths` (files or folders) into
    `to`; local times without an offset are in `tz`. File names are unique in the run."""
    done = Imported()
    taken: set[str] = set()
    wire: list[Path] = []
    agency: list[Path] = []
    for path in paths:
        if path.is_dir():
            agency += agency_files(path)
        if path.is_file() and is_agency_file(path):
            agency.append(path)
            continue
        if not (path.is_file() and is_export(path)):
            wire.append(path)
            continue
        result = read_export(path, tz, pages=pages, label=str(path))
        done.problems.extend(result.problems)
        if result.info is None:
            done.refused.append((path, "it cannot be read (see below)"))
            continue
        done.exports.append((path, result.info, len(result.posts)))
        report = write_posts(result.posts, to, force=force, media=media, taken=taken)
        done.written += report.written
        done.unchanged += report.unchanged
        done.refused += report.refused
        done.listed += report.listed
        done.problems += report.problems
    for imported in ([import_files(wire, to, force=force, engine=engine)] if wire else []) + (
            [import_agency(agency, to, tz, force=force)] if agency else []):
        done.written += imported.written
        done.unchanged += imported.unchanged
        done.refused += imported.refused
        done.problems += imported.problems
    done.problems.sort(key=lambda p: p.sort_key)
    return done
