"""Markdown read as CommonMark (markdown-it-py), with the extensions the rest of the web uses.

GFM tables, strikethrough, autolinks and task lists; footnotes and definition lists
(mdit-py-plugins); ids on headings. Text comes out as written: no typographer, no smart
quotes. Raw HTML passes through as CommonMark allows it; sanitising is the caller's option.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..config.markdown import COMMONMARK_EXTENSIONS

__all__ = ["EXTENSIONS", "CommonMarkRenderer", "NestingTooDeep", "heading_slug"]

# Every extension, all on by default; CommonMarkRenderer(extensions=()) is plain CommonMark.
EXTENSIONS = COMMONMARK_EXTENSIONS
# markdown-it's own limit on nesting (its "default" preset's). Where blocks reach it, markdown-it
# drops the rest of the document without a word. The guard raises two levels before, as a
# block opens at most two (a list and its item, a definition list and its definition).
MAX_NESTING = 100
DEEPEST_BLOCK = MAX_NESTING - 2
# What that allows: a quote is one level, a list item two (the list and the item).
MAX_QUOTES = DEEPEST_BLOCK - 1
MAX_LISTS = (DEEPEST_BLOCK - 1) // 2
TAB, TAB_REFERENCE = "\t", "&#9;"
# The ids the footnotes extension writes (fn1, fnref1, fnref1:2): never a heading's.
FOOTNOTE_ID = re.compile(r"fn(?:ref)?\d+(?::\d+)?")
# An id attribute in raw HTML: a heading must not take it.
RAW_ID = re.compile(r"""\bid\s*=\s*["']?([^\s"'>]+)""", re.IGNORECASE)
WWW = re.compile(r"www\.", re.IGNORECASE)
WORD = re.compile(r"\S+")
# A document with one link of each kind linkify-it reads.
WARM_UP = "www.example.com http://example.com //example.com mailto:a@example.com a@example.com"


class NestingTooDeep(RecursionError):
    """Raised for blocks nested deeper than the renderer reads.

    A RecursionError, so that callers which guard against Python's recursion limit (as
    renderers nest one call per level) report it as the same mistake.
    """


class CommonMarkRenderer:
    """One reusable CommonMark converter: build it once, render many documents.

    `reserved_ids` are ids the page around the document already uses (a template's "main"):
    a heading called "Main" then gets "main-1". Rendering keeps no state between documents,
    so a renderer built before a fork works in every worker (one thread at a time).
    """

    def __init__(self, extensions: Iterable[str] = EXTENSIONS,
                 reserved_ids: Iterable[str] = ()) -> None:
        chosen = frozenset(extensions)
        unknown = sorted(chosen.difference(EXTENSIONS))
        if unknown:
            raise ValueError(f"unknown CommonMark extensions: {', '.join(unknown)} "
                             f"(known: {', '.join(EXTENSIONS)})")
        self._md = _markdown_it(chosen, frozenset(reserved_ids))

    nesting_hint = f"at most {MAX_QUOTES} levels of quotes or {MAX_LISTS} of lists"

    def warm_up(self) -> None:
        """Compile now what is compiled on first use: linkify-it's patterns, 40-100 ms of
        them. Called before workers fork, so that each finds them compiled; a build that
        parses one edited file here pays them only if that file holds a link."""
        self._md.render(WARM_UP)

    def render(self, text: str) -> str:
        """Return the HTML of a Markdown document."""
        return str(self._md.render(text))

    def paragraphs(self, paragraphs: Sequence[str]) -> str:
        """Plain-text paragraphs as HTML, as this renderer renders their escape_commonmark:
        `"` as `&quot;`, tabs as references, and a newline after every block, the last too."""
        return "".join(f"<p>{escapeHtml(p).replace(TAB, TAB_REFERENCE)}</p>\n"
                       for p in paragraphs)


def _markdown_it(extensions: frozenset[str], reserved_ids: frozenset[str]) -> MarkdownIt:
    """Build the configured parser and renderer."""
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "xhtmlOut": False,
                                   "typographer": False})
    md.block.ruler.before("table", "nesting_guard", _nesting_guard)
    md.add_render_rule("text", _render_text)
    if "tables" in extensions:
        md.enable("table")
    if "strikethrough" in extensions:
        md.enable("strikethrough")
    if "autolinks" in extensions:
        md.linkify = _GfmLinkify()
        md.options["linkify"] = True
        md.enable("linkify")
    if "tasklists" in extensions:
        md.options["tasklists"] = True  # markdown-it-py's own task lists (4.1 and later)
    if "footnotes" in extensions:
        # Only [^label] references, as GitHub and Python-Markdown read them: Pandoc's inline
        # ^[note] would turn a caret before a bracket in plain text into a footnote.
        md.use(footnote_plugin, inline=False)
    if "deflists" in extensions:
        md.use(deflist_plugin)
    if "heading_ids" in extensions:
        md.core.ruler.push("heading_ids", _heading_ids(reserved_ids))
    return md


def _nesting_guard(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Raise NestingTooDeep where markdown-it would silently stop reading; match nothing."""
    if state.level >= DEEPEST_BLOCK:
        raise NestingTooDeep(f"blocks nested {DEEPEST_BLOCK} levels deep "
                             "(a list item counts two: the list and the item)")
    return False


def _render_text(self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    """Escape text as markdown-it does, with tabs as `&#9;`, as the wire reader writes them."""
    # The same character either way; written as a reference, an imported wire story renders
    # to the same bytes as the wire text it came from, under either Markdown engine.
    return escapeHtml(tokens[idx].content).replace(TAB, TAB_REFERENCE)


class _GfmLinkify(LinkifyIt):  # type: ignore[misc]
    """linkify-it as GFM autolinks: a link without a scheme must start with 'www.'."""

    # linkify-it's regular expressions test whole Unicode classes at every character: on all
    # text they cost five times the parsing. No link holds whitespace, and whitespace ends
    # or starts one as the ends of the text do, so each word that might hold a link ('//',
    # '@' or 'www.') is searched alone, and nothing else is.
    def match(self, text: str) -> list[Any] | None:
        found = []
        for word in WORD.finditer(text):
            if not _might_link(word.group()):
                continue
            for link in super().match(word.group()) or ():
                # linkify-it alone also links bare domains such as "deal.It" (Italy's),
                # which a missing space after a full stop makes in news copy; GitHub and
                # Hugo link only www.
                if link.schema or link.raw[:4].lower() == "www.":
                    link.index += word.start()
                    link.last_index += word.start()
                    found.append(link)
        return found or None

    def pretest(self, text: str) -> bool:
        return _might_link(text)

    def test(self, text: str) -> bool:
        return _might_link(text)


def _might_link(text: str) -> bool:
    """Whether `text` has what every autolink has: '//', '@' or 'www.' in any case."""
    return ("//" in text or "@" in text
            or (("w." in text or "W." in text) and WWW.search(text) is not None))


def _heading_ids(reserved: frozenset[str]) -> Callable[[StateCore], None]:
    """Return a core rule that gives every heading a slug id, unique in its page."""

    def rule(state: StateCore) -> None:
        taken = set(reserved)
        if "<" in state.src:  # raw HTML, which may give an element an id
            taken.update(match.group(1) for match in RAW_ID.finditer(state.src))
        suffixes: dict[str, int] = {}
        for index, token in enumerate(state.tokens):
            if token.type == "heading_open" and not token.attrGet("id"):
                slug = heading_slug(_plain_text(state.tokens[index + 1]))
                token.attrSet("id", _unique(slug, taken, suffixes))

    return rule


def heading_slug(title: str) -> str:
    """Return GitHub's slug for a heading: lower case, spaces to '-', punctuation dropped."""
    kept = []
    for char in title.lower():
        if char == " ":
            kept.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LNM":
            kept.append(char)
    # An empty id is invalid HTML; a heading of punctuation alone still needs a name.
    return "".join(kept) or "section"


def _plain_text(inline: Token) -> str:
    """Return the text of an inline token: its text and code, without markup."""
    return "".join(child.content for child in inline.children or ()
                   if child.type in ("text", "text_special", "code_inline"))


def _unique(slug: str, taken: set[str], suffixes: dict[str, int]) -> str:
    """Return `slug`, or `slug-1`, `slug-2`... whichever is free, and take it."""
    # Counting on from the last suffix given to the same slug keeps a page of a thousand
    # headings called "Update" linear.
    number = suffixes.get(slug, 0)
    candidate = f"{slug}-{number}" if number else slug
    while candidate in taken or FOOTNOTE_ID.fullmatch(candidate):
        number += 1
        candidate = f"{slug}-{number}"
    suffixes[slug] = number
    taken.add(candidate)
    return candidate
