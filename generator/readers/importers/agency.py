"""`import`: IPTC ninjs and NewsML-G2 (or NITF) files to Markdown, each item the page its
file gives when a build reads it directly."""

from __future__ import annotations

import shutil
from datetime import tzinfo
from pathlib import Path

from ...errors import Problems
from ...files import read_bytes
from ..agency import AgencyItem, pick_versions
from ..agency_markdown import item_date, item_markdown, item_slug
from ..newsml import parse_newsml, sniff_newsml
from ..ninjs import parse_ninjs
from ..registry import is_ignored
from .wire import ImportReport, put_markdown


def is_agency_file(path: Path) -> bool:
    """Whether a file is one for this importer: any .json, or .xml NewsML-G2 or NITF."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix != ".xml":
        return False
    try:
        with path.open("rb") as file:
            return sniff_newsml(file.read(65536)) is not None
    except OSError:
        return False


def agency_files(folder: Path) -> list[Path]:
    """Return the agency files under a folder, in order."""
    return sorted(path for path in folder.rglob("*") if path.is_file()
                  and not is_ignored(path.relative_to(folder)) and is_agency_file(path))


def import_agency(paths: list[Path], to: Path, tz: tzinfo, *,
                  force: bool = False) -> ImportReport:
    """Convert the text items of agency files into `to`, the versions of an item made one."""
    report, problems = ImportReport(), Problems()
    items: list[AgencyItem] = []
    for source in paths:
        data = read_bytes(source, str(source), problems)
        found = ([] if data is None else
                 parse_ninjs(data, str(source), problems, tz=tz)
                 if source.suffix.lower() == ".json"
                 else parse_newsml(data, str(source), problems, tz=tz))
        if not found:
            report.refused.append((source, "it holds no article (see below)"))
        items.extend(found)
    written: set[Path] = set()
    for item in pick_versions(items):
        _write(item, to, force, report, problems, written)
    report.problems = sorted(problems.items, key=lambda p: p.sort_key)
    return report


def _write(item: AgencyItem, to: Path, force: bool, report: ImportReport,
           problems: Problems, written: set[Path]) -> None:
    """Write one item's Markdown, with its picture beside it when the picture is local."""
    source = Path(item.path)
    date = item_date(item)
    target = to / f"{date:%Y}" / f"{date:%Y-%m-%d}-{item_slug(item)}.md"
    if target in written:
        report.refused.append((source, f"{target} was just written from another item"))
        return
    written.add(target)
    text = item_markdown(item, lambda local: (source.parent / local).is_file())

    def copy_picture() -> None:
        image = item.image
        if image is not None and image.local and (source.parent / image.local).is_file():
            picture = target.parent / image.local
            if not picture.exists():
                picture.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source.parent / image.local, picture)

    put_markdown(source, target, text, force, report, problems, copy_picture)
