"""The Markdown reader: front matter (or Pelican's 'Key: value' headers, or a wire date
line), then a body in Markdown."""

from __future__ import annotations

from datetime import datetime, time

from ..config import Config
from ..errors import Problems
from .engines import Renderer
from .fields import RawArticle
from .front_matter import split_front_matter
from .headers import read_headers
from .keys import PELICAN
from .link_tags import link_tags
from .refs import localize_static, relative_refs
from .sanitize import sanitize_html
from .source import Source
from .syntax import warn_template_syntax
from .text import html_to_text, normalise_text, strip_unshowable
from .wire import parse_wire, starts_with_dateline


def read_markdown(source: Source, config: Config, renderer: Renderer,
                  problems: Problems) -> RawArticle | None:
    """Split the metadata from the body and render the body to HTML."""
    text = strip_unshowable(normalise_text(source.text), source.path, problems)
    split = split_front_matter(text, source.path, problems)
    if split is None:
        return None
    meta, body, lines, body_line, convention = (split.meta, split.body, split.lines,
                                                split.body_line, "")
    if meta is None:
        headers = read_headers(text)
        if headers is not None:
            meta, body, lines, body_line = (headers.meta, headers.body, headers.lines,
                                            headers.body_line)
            convention = PELICAN
        elif starts_with_dateline(text):
            return read_wire_markdown(source, text, config, renderer, problems)
        else:
            meta = {}
    # Hugo's and Jekyll's link tags as links, and the rest of their syntax, which is warned
    # of, as written (each on its line).
    body = link_tags(body)
    try:
        body_html = renderer.render(body)
    except RecursionError:
        problems.error(source.path, "the Markdown is nested too deeply to render", None,
                       f"flatten the nested lists or quotes: {renderer.nesting_hint}")
        return None
    if config.sanitize_html:
        body_html = sanitize_html(body_html)
    if "static" in body_html or "attach" in body_html:
        body_html = localize_static(body_html, source.path, config.content_dir)
    warn_template_syntax(body, body_line, source.path, problems)
    return RawArticle(source.path, "markdown", meta, body_html, html_to_text(body_html),
                      source.name, lines, convention, relative_refs(body_html, body, body_line))


def read_wire_markdown(source: Source, text: str, config: Config, renderer: Renderer,
                       problems: Problems) -> RawArticle | None:
    """A .md file of wire text: a date line, then paragraphs, with no front matter and no
    headline; its title is its first words (with a warning), its text all its paragraphs."""
    story = parse_wire(text, source.path, problems, headline=False)
    if story is None:
        return None
    meta: dict[str, object] = {
        "title": story.headline, "date": datetime.combine(story.date, time(), tzinfo=config.tz)}
    if story.agency:
        meta["source"] = story.agency
    return RawArticle(source.path, "wire", meta, renderer.paragraphs(story.paragraphs),
                      "\n\n".join(story.paragraphs), source.name)
