"""One entry point for any export: WordPress, RSS 2.0 or Atom, told apart by its root."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from ...errors import Problem
from . import feeds, wordpress
from .posts import ImportResult
from .xmltree import parse_xml


def read_export(path: Path, tz: tzinfo, *, pages: bool = False,
                label: str | None = None) -> ImportResult:
    """Read a WordPress export or a feed; local times without an offset are in `tz`."""
    where = label or str(path)
    root = parse_xml(path, where)
    if isinstance(root, Problem):
        return ImportResult(None, problems=[root])
    if wordpress.is_wxr(root):
        return wordpress.from_tree(root, where, tz, pages=pages)
    return feeds.from_tree(root, where, tz)
