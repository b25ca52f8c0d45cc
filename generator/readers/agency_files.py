"""Agency files in content/: IPTC ninjs (.json), NewsML-G2 and NITF (.xml), one or more
items each, read into articles as their imported Markdown would be."""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from ..config import Config
from ..errors import Problems
from ..model import AgencyVersion, Parsed
from .agency import AgencyItem
from .agency_markdown import item_markdown
from .engines import Renderer
from .fields import make_article
from .markdown import read_markdown
from .newsml import parse_newsml
from .ninjs import parse_ninjs
from .source import Source


def read_agency_items(data: bytes, path: str, config: Config,
                      problems: Problems) -> list[AgencyItem]:
    """Read the items of a .json (ninjs) or .xml (NewsML-G2, NITF) file; other JSON or XML
    is left out with a warning."""
    if PurePosixPath(path).suffix.lower() == ".json":
        return parse_ninjs(data, path, problems, tz=config.tz)
    return parse_newsml(data, path, problems, tz=config.tz)


def item_path(path: str, index: int) -> str:
    """Return the path an item's article goes by: the file's, '#2' on for later items."""
    return path if index == 0 else f"{path}#{index + 1}"


def read_agency_file(data: bytes, path: str, config: Config, renderer: Renderer,
                     problems: Problems) -> list[Parsed]:
    """Read every text item of an agency file into an article and its body."""
    found: list[Parsed] = []
    for index, item in enumerate(read_agency_items(data, path, config, problems)):
        parsed = _read_item(item, item_path(path, index), config, renderer, problems)
        if parsed is not None:
            found.append(parsed)
    return found


def _read_item(item: AgencyItem, path: str, config: Config, renderer: Renderer,
               problems: Problems) -> Parsed | None:
    """Read one item as its Markdown: the same checks, the same body, the same page."""
    # The local picture is named whether or not it is there: the build settles that on every
    # run (readers/agency_versions), so that adding the file later changes the page.
    text = item_markdown(item, lambda _: True)
    found = Problems()
    raw = read_markdown(Source(path, text), config, renderer, found)
    parsed = None
    if raw is not None:
        raw = dataclasses.replace(raw, key_lines={}, refs=tuple(
            (ref, item.line) for ref, _ in raw.refs))
        parsed = make_article(raw, config, found)
    # Problems name the agency file and the item's line, not the Markdown made from it.
    problems.extend(dataclasses.replace(p, path=item.path, line=item.line) for p in found.items)
    if parsed is None:
        return None
    date = item.date
    assert date is not None  # an item without a date is an error of its reader
    version = AgencyVersion(item.guid, item.version if item.version is not None else -1,
                            item.version_created, date, item.embargoed,
                            item.image.url if item.image is not None else "")
    return Parsed(dataclasses.replace(parsed.article, agency=version), parsed.body)

