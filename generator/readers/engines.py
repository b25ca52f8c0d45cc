"""The Markdown engines behind one face: CommonMark (the default) and Python-Markdown.

A site chooses one in [markdown]. Each engine renders Markdown, writes plain paragraphs as
HTML the way it writes text (so that wire text imported as Markdown renders to the same
bytes as the wire text itself), and escapes plain text as Markdown (for importers).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import Protocol

from ..config import Config
from ..theme import theme_dirs

# A literal id attribute in a template (not one written by an expression).
TEMPLATE_ID = re.compile(r"""\sid\s*=\s*["']([A-Za-z][\w\-:.]*)["']""")
# The libraries each engine renders with: their versions are part of the parse cache's key.
LIBRARIES = {"commonmark": ("markdown_it", "mdit_py_plugins", "linkify_it"),
             "python-markdown": ("markdown",)}
# What parsing reads of the configuration: a change to any of these parses every article
# again, a change to anything else (the title, per_page) parses none.
PARSE_FIELDS = ("markdown", "sanitize_html", "language", "timezone", "summary_words", "autotag",
                "front_matter", "slug_from", "content_dir")


class Renderer(Protocol):
    """What the readers need of a Markdown engine."""

    nesting_hint: str  # how deep blocks may nest, for the error on a document too deep

    def warm_up(self) -> None:
        """Compile what the engine compiles on first use (before workers fork)."""

    def render(self, text: str) -> str: ...

    def paragraphs(self, paragraphs: Sequence[str]) -> str: ...


# The engines are imported when a build parses something: a build with nothing to parse
# (or nothing changed) starts faster without them.


def make_renderer(config: Config) -> Renderer:
    """The renderer of the site's engine, with its extensions."""
    markdown = config.markdown
    if markdown.engine == "python-markdown":
        from .pymarkdown import MarkdownRenderer

        return MarkdownRenderer(markdown.extensions)
    from .commonmark import CommonMarkRenderer

    return CommonMarkRenderer(markdown.extensions, reserved_ids(config))


def escaper(engine: str) -> Callable[[str], str]:
    """Plain text to Markdown that the engine renders as that text, in one paragraph."""
    if engine == "python-markdown":
        from .pymarkdown import escape_markdown

        return escape_markdown
    from .commonmark_escape import escape_commonmark

    return escape_commonmark


def reserved_ids(config: Config) -> tuple[str, ...]:
    """The ids the site's templates give elements (`main`, `related-title`...): a heading
    in an article must not take one (CommonMark's heading ids count on from them)."""
    if "heading_ids" not in config.markdown.extensions or config.markdown.engine != "commonmark":
        return ()
    found: set[str] = set()
    for folder in theme_dirs(config, "templates"):
        for template in folder.rglob("*"):
            if template.is_file():
                try:
                    found.update(TEMPLATE_ID.findall(template.read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError):
                    continue  # reported by the render stage when a page uses it
    return tuple(sorted(found))


def parse_key(config: Config) -> str:
    """What parsing depends on beyond each file's text: the settings it reads, the ids the
    templates reserve, and the versions of the engine's libraries (the parse cache's key)."""
    settings = tuple((name, getattr(config, name)) for name in PARSE_FIELDS)
    libraries = (*LIBRARIES[config.markdown.engine], *(("nh3",) if config.sanitize_html else ()))
    versions = tuple(f"{name} {getattr(importlib.import_module(name), '__version__', '?')}"
                     for name in libraries)
    return repr((settings, reserved_ids(config), versions))
