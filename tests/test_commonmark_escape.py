"""escape_commonmark: wire text written as CommonMark renders to the wire reader's own HTML."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.readers.commonmark import CommonMarkRenderer
from generator.readers.commonmark_escape import escape_commonmark

RENDERER = CommonMarkRenderer()
PLAIN = CommonMarkRenderer(extensions=())


def wire_html(*paragraphs: str) -> str:
    """The wire reader's HTML under CommonMark."""
    return RENDERER.paragraphs(paragraphs)


# Pieces that CommonMark, or one of the extensions, would read as syntax unescaped.
SYNTAX = st.sampled_from([
    *"\\`*_{}[]()#+-.!<>&|:=~^$@/ 1\t\"'", "1. ", "2) ", "123456789. ", "- ", "+ ", "* ",
    "# ", "###### ", "> ", ">> ", "&amp;", "&#9;", "&#x41;", "&copy;", "&copy", "<script>",
    "</p>", "<!--", "<?", "<![CDATA[", "<div>", "<http://a.b>", "<a@b.cd>", "---", "***",
    "___", "===", "- - -", "    ", "  ", "\\\n", "  \n", "~~~", "```", "~~gone~~", "`code`",
    "*em*", "__strong__", "[a](b)", "![i](j)", "[a]: http://x.org", "[^1]", "[^1]: note",
    "[ ] ", "[x] ", "- [x] ", ": definition", "~ definition", "| a | b |", "|---|---|",
    ":-", "-:", "|:-:|", "| a |\n|---|", "a\n---", "a\n: b", "\u00a0", "\u2028", "\u3000",
    "\u2022", "\u201c", "...",
])
# What autolinks (linkify-it) read as links, and look-alikes: schemes in any case, a long s
# (U+017F) for 's' and the Kelvin sign for 'k' (which case-insensitive matching equates),
# bare hosts, ports, IP addresses, top-level domains of two letters and in Cyrillic, punycode.
LINKS = st.sampled_from([
    "http://", "https://", "HTTPS://", "http\u017f://", "ftp://", "mailto:", "MAILTO:", "//",
    "www.", "WWW.", "localhost", "intranet", "example", ".com", ".org", ".it", ".рф",
    ".xn--p1ai", ".\u212az", "news@", "@", ":8080", "/path?q=1#top", "127.0.0.1", "[::1]",
    "www.example.com", "http://localhost/", "mailto:desk@localhost", "deal.It",
    "news.example.co.uk", "desk@paper.example.org", " //localhost/", " //news.example.org",
    "desk@127.0.0.1", "@10.0.0.2",
])
CHARACTER = st.characters(blacklist_categories=("Cc", "Cs"))
# A wire paragraph may hold any character but the controls (the reader removes them, except
# tab and newline); here also empty lines and spaces at either end, which it never keeps.
TEXT = (st.lists(st.one_of(CHARACTER, SYNTAX, LINKS, st.just("\n")), min_size=1, max_size=40)
        .map("".join))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_escaped_text_renders_as_the_wire_reader_renders_it(text: str) -> None:
    assert RENDERER.render(escape_commonmark(text)) == wire_html(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_escaped_text_renders_as_the_wire_reader_renders_it_with_fewer_extensions(
        text: str) -> None:
    assert PLAIN.render(escape_commonmark(text)) == wire_html(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_escaped_paragraphs_separated_by_blank_lines_render_as_a_wire_story(
        paragraphs: list[str]) -> None:
    body = "\n\n".join(escape_commonmark(p) for p in paragraphs)
    assert RENDERER.render(body) == wire_html(*paragraphs)


@pytest.mark.parametrize(("text", "unescaped"), [
    ("# Port reopens", "<h1"),
    ("1. The first ship", "<ol>"),
    ("7) The seventh", "<ol start=\"7\">"),
    ("- Ferries run", "<ul>"),
    ("+ Trams run", "<ul>"),
    ("> Quoted", "<blockquote>"),
    ("Harbour\n===", "<h1"),
    ("Harbour\n---", "<h2"),
    ("***", "<hr>"),
    ("~~~\ncode\n~~~", "<pre>"),
    ("```\ncode\n```", "<pre>"),
    ("\tindented", "<pre>"),
    ("    indented", "<pre>"),
    ("| a | b |\n|---|--:|", "<table>"),
    ("Term\n: definition", "<dl>"),
    ("Term\n~ definition", "<dl>"),
    ("- [x] done", "checkbox"),
    ("Note[^1]\n\n[^1]: the note", "footnote"),
    ("[link]: http://x.org\n\n[link]", "<a href"),
    ("*big* and __bold__", "<em>"),
    ("~~gone~~", "<s>"),
    ("`code`", "<code>"),
    ("<b>raw</b>", "<b>"),
    ("<div>\nblock\n</div>", "<div>"),
    ("<http://example.org>", "<a href"),
    ("AT&amp;T", "AT&amp;T</p>"),
    ("line  \nbreak", "<br>"),
    ("line\\\nbreak", "<br>"),
    ("see www.example.com", "<a href"),
    ("see http://localhost:8080/path", "<a href"),
    ("see HTTPS://example.org", "<a href"),
    ("write to desk@paper.example.org", "<a href"),
    ("write to mailto:desk@localhost", "<a href"),
    ("write to desk@127.0.0.1", "<a href"),
    ("see //localhost/news", "<a href"),
    ("see http://127.0.0.1/", "<a href"),
])
def test_each_kind_of_syntax_is_read_unescaped_and_kept_as_text_escaped(
        text: str, unescaped: str) -> None:
    # Each case must be syntax when written as it is: otherwise it would test nothing.
    assert unescaped in RENDERER.render(text)
    assert RENDERER.render(escape_commonmark(text)) == wire_html(text)


def test_ordinary_copy_stays_readable() -> None:
    text = ("The council voted 12-3 on Tuesday, and the ferry's fares rise 3.5% in May.\n"
            "\"It is a fair deal,\" the mayor said (at 10:30) of the plan for the U.S. port.")
    assert escape_commonmark(text) == text.replace("U.S.", "U\\.S.")


def test_text_without_a_character_gives_no_paragraph() -> None:
    assert escape_commonmark("") == ""
    assert RENDERER.render(escape_commonmark("")) == ""


def test_the_wire_html_is_the_text_escaped() -> None:
    # What the properties above compare with, spelt out once.
    text = 'A & B say "<no>"\tthen\nmore'
    assert wire_html(text) == (
        "<p>" + html.escape(text, quote=True).replace("&#x27;", "'").replace("\t", "&#9;")
        + "</p>\n")
