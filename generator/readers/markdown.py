"""The Markdown reader: front matter, then a body in Markdown."""

from __future__ import annotations

from ..config import Config
from ..errors import Problems
from .engines import Renderer
from .fields import RawArticle, html_to_text
from .front_matter import split_front_matter
from .sanitize import sanitize_html
from .source import Source


def read_markdown(source: Source, config: Config, renderer: Renderer,
                  problems: Problems) -> RawArticle | None:
    """Split the front matter from the body and render the body to HTML."""
    split = split_front_matter(source.text, source.path, problems)
    if split is None:
        return None
    meta, body, lines = split
    try:
        body_html = renderer.render(body)
    except RecursionError:
        problems.error(source.path, "the Markdown is nested too deeply to render", None,
                       f"flatten the nested lists or quotes: {renderer.nesting_hint}")
        return None
    if config.sanitize_html:
        body_html = sanitize_html(body_html)
    return RawArticle(source.path, "markdown", meta, body_html, html_to_text(body_html),
                      source.name, lines)
