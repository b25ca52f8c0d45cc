"""The Markdown reader: front matter, then a body in Markdown."""

from __future__ import annotations

from ..config import Config
from ..errors import Problems
from .fields import RawArticle
from .front_matter import split_front_matter
from .pymarkdown import MarkdownRenderer
from .sanitize import sanitize_html
from .source import Source
from .text import html_to_text


def read_markdown(source: Source, config: Config, renderer: MarkdownRenderer,
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
                       "flatten the nested lists or quotes; a few hundred levels at most")
        return None
    if config.sanitize_html:
        body_html = sanitize_html(body_html)
    return RawArticle(source.path, "markdown", meta, body_html, html_to_text(body_html),
                      source.name, lines)
