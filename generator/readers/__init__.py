"""Readers for content/: every format an article arrives in, into one Article and Body.

`listing` says which files are content and reads them; `registry` picks the reader of
each by its suffix; each format has its module; `fields` checks what a reader found.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..config import Config
from ..errors import Problems
from ..model import Parsed
from .engines import Renderer, make_renderer, parse_key
from .registry import is_content_file, reader_for
from .source import Source

__all__ = ["Renderer", "Source", "is_content_file", "make_renderer", "parse_article",
           "parse_key"]


def parse_article(source: Source, config: Config, renderer: Renderer,
                  problems: Problems) -> Parsed | None:
    """Parse one source into an article and its body, reporting problems instead of raising."""
    reader = reader_for(PurePosixPath(source.path))
    if reader is None:
        problems.error(source.path, "is not an article: no reader for this kind of file")
        return None
    raw = reader(source, config, renderer, problems)
    if raw is None:
        return None
    from .fields import make_article  # with the readers: listing content/ needs none of them

    return make_article(raw, config, problems)
