"""CommonMarkRenderer: Markdown as GitHub, Hugo and Jekyll read it, with the usual extensions."""

from __future__ import annotations

import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt

from generator.readers.commonmark import (
    DEEPEST_BLOCK,
    CommonMarkRenderer,
    NestingTooDeep,
    _GfmLinkify,
    heading_slug,
)

RENDERER = CommonMarkRenderer()


def test_lists_nested_by_two_spaces_nest() -> None:
    text = ("- Harbour\n"
            "  - Ferries\n"
            "    - Morning sailings\n"
            "  - Cargo\n"
            "- Rail\n"
            "\n"
            "1. First\n"
            "   1. Inner\n"
            "2. Second\n")
    assert RENDERER.render(text) == (
        "<ul>\n<li>Harbour\n"
        "<ul>\n<li>Ferries\n<ul>\n<li>Morning sailings</li>\n</ul>\n</li>\n<li>Cargo</li>\n</ul>\n"
        "</li>\n<li>Rail</li>\n</ul>\n"
        "<ol>\n<li>First\n<ol>\n<li>Inner</li>\n</ol>\n</li>\n<li>Second</li>\n</ol>\n")


def test_fenced_code_inside_list_items_stays_code() -> None:
    text = ("- Run the timetable script:\n"
            "  ```sh\n"
            "  ./timetable --port north\n"
            "  ```\n"
            "- Then publish.\n"
            "\n"
            "1. Check the tide table:\n"
            "\n"
            "   ~~~\n"
            "   high: 06:12\n"
            "     low: 12:30\n"
            "   ~~~\n")
    assert RENDERER.render(text) == (
        "<ul>\n<li>Run the timetable script:"
        '<pre><code class="language-sh">./timetable --port north\n</code></pre>\n</li>\n'
        "<li>Then publish.</li>\n</ul>\n"
        "<ol>\n<li>\n<p>Check the tide table:</p>\n"
        "<pre><code>high: 06:12\n  low: 12:30\n</code></pre>\n</li>\n</ol>\n")


def test_text_comes_out_exactly_as_written() -> None:
    # No typographer: quotes, dashes, ellipses and (c) stay as typed.
    text = "\"Fares\" -- 'up' ... (c) (tm) +- 1/2 -> <-"
    assert RENDERER.render(text) == (
        "<p>&quot;Fares&quot; -- 'up' ... (c) (tm) +- 1/2 -&gt; &lt;-</p>\n")


def test_tabs_in_text_are_written_as_references_as_the_wire_reader_writes_them() -> None:
    assert RENDERER.render("Col 1\tCol 2\n\n    a\tb\n") == (
        "<p>Col 1&#9;Col 2</p>\n<pre><code>a\tb\n</code></pre>\n")


def test_raw_html_passes_through_as_commonmark_allows() -> None:
    text = "<details><summary>More</summary>\n\nHidden *text*\n\n</details>\n\nA <kbd>key</kbd>."
    assert RENDERER.render(text) == (
        "<details><summary>More</summary>\n<p>Hidden <em>text</em></p>\n</details>\n"
        "<p>A <kbd>key</kbd>.</p>\n")


def test_gfm_tables_with_alignment_and_strikethrough() -> None:
    text = "| Port | Ships |\n|:-----|------:|\n| North | ~~12~~ 14 |\n"
    assert RENDERER.render(text) == (
        "<table>\n<thead>\n<tr>\n"
        '<th style="text-align:left">Port</th>\n<th style="text-align:right">Ships</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td style="text-align:left">North</td>\n'
        '<td style="text-align:right"><s>12</s> 14</td>\n'
        "</tr>\n</tbody>\n</table>\n")


def test_autolinks_are_links_with_a_scheme_www_links_and_addresses() -> None:
    text = ("See www.example.com, https://example.org/a?b=1 and desk@paper.example.org.\n"
            "Not a bare domain: the deal.It was signed, example.com said.")
    assert RENDERER.render(text) == (
        '<p>See <a href="http://www.example.com">www.example.com</a>, '
        '<a href="https://example.org/a?b=1">https://example.org/a?b=1</a> and '
        '<a href="mailto:desk@paper.example.org">desk@paper.example.org</a>.\n'
        "Not a bare domain: the deal.It was signed, example.com said.</p>\n")


def test_task_lists() -> None:
    assert RENDERER.render("- [x] Book the ferry\n- [ ] Pack\n") == (
        '<ul class="contains-task-list">\n'
        '<li class="task-list-item"><input class="task-list-item-checkbox" disabled=""'
        ' type="checkbox" checked=""> Book the ferry</li>\n'
        '<li class="task-list-item"><input class="task-list-item-checkbox" disabled=""'
        ' type="checkbox"> Pack</li>\n</ul>\n')


def test_definition_lists() -> None:
    assert RENDERER.render("Quay\n: A landing place for ships.\n") == (
        "<dl>\n<dt>Quay</dt>\n<dd>A landing place for ships.</dd>\n</dl>\n")


def test_footnotes_have_unique_ids_and_links_back_to_every_reference() -> None:
    text = "Fares rose[^fares] twice[^fares], tolls[^2] once.\n\n[^fares]: By 3%.\n[^2]: In May.\n"
    assert RENDERER.render(text) == (
        '<p>Fares rose<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>'
        ' twice<sup class="footnote-ref"><a href="#fn1" id="fnref1:1">[1:1]</a></sup>,'
        ' tolls<sup class="footnote-ref"><a href="#fn2" id="fnref2">[2]</a></sup> once.</p>\n'
        '<hr class="footnotes-sep">\n<section class="footnotes">\n<ol class="footnotes-list">\n'
        '<li id="fn1" class="footnote-item"><p>By 3%.'
        ' <a href="#fnref1" class="footnote-backref">\u21a9\ufe0e</a>'
        ' <a href="#fnref1:1" class="footnote-backref">\u21a9\ufe0e</a></p>\n</li>\n'
        '<li id="fn2" class="footnote-item"><p>In May.'
        ' <a href="#fnref2" class="footnote-backref">\u21a9\ufe0e</a></p>\n</li>\n'
        "</ol>\n</section>\n")


def test_inline_footnotes_are_not_read() -> None:
    assert RENDERER.render("Index 2^[3] rose.") == "<p>Index 2^[3] rose.</p>\n"


def test_every_heading_gets_an_id_unique_in_the_page() -> None:
    renderer = CommonMarkRenderer(reserved_ids=["main", "related-title"])
    text = ("# Port news\n\n## Port news\n\n## Main\n\n## FN1\n\n## !!!\n\n## ???\n\n"
            '<div id="schedule">raw</div>\n\n## Schedule\n\n## Café *crème* `v2`\n'
            "Related title\n---\n")
    ids = re.findall(r'<h[1-6] id="([^"]*)"', renderer.render(text))
    assert ids == ["port-news", "port-news-1", "main-1", "fn1-1", "section", "section-1",
                   "schedule-1", "café-crème-v2", "related-title-1"]


def test_heading_slugs_follow_github() -> None:
    assert heading_slug("Hello, World!") == "hello-world"
    assert heading_slug("C++ & Rust_2") == "c--rust_2"
    assert heading_slug("Ελλάδα: 2024") == "ελλάδα-2024"
    assert heading_slug("हिन्दी समाचार") == "हिन्दी-समाचार"  # vowel signs (marks) stay
    assert heading_slug("...") == "section"


def test_one_renderer_renders_many_documents_independently() -> None:
    first = "# News\n\nA[^1]\n\n[^1]: One.\n"
    again = RENDERER.render(first)
    RENDERER.render("# News\n\n# News\n\nB[^x] C[^y]\n\n[^x]: X.\n[^y]: Y.\n")
    assert RENDERER.render(first) == again
    assert '<h1 id="news">' in again and 'id="fn1"' in again


def _render_in_child(text: str) -> str:
    return RENDERER.render(text)


@pytest.mark.skipif(sys.platform == "win32", reason="fork is POSIX only")
def test_a_renderer_built_before_a_fork_renders_in_the_workers() -> None:
    texts = [f"# Story {n}\n\nSee www.example.com[^1].\n\n[^1]: Note {n}.\n" for n in range(8)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        rendered = list(pool.map(_render_in_child, texts))
    assert rendered == [RENDERER.render(text) for text in texts]


@pytest.mark.parametrize("text", [
    ">" * 600 + " Deep quote\n",
    "".join("  " * level + "- Deep list\n" for level in range(600)),
    "".join("   " * level + "1. Deep list\n" for level in range(600)),
    "".join("  " * level + "Term\n" + "  " * level + ": Deep definition\n\n"
            for level in range(600)),
    "Note[^1]\n\n[^1]: " + "> " * 600 + "Deep quote in a footnote\n",
])
def test_600_levels_of_nesting_are_refused_with_a_recursion_error_not_cut(text: str) -> None:
    # markdown-it would drop what lies past its nesting limit without a word; the renderer
    # raises instead (a RecursionError, which the caller already reports as too deep).
    with pytest.raises(NestingTooDeep, match=f"^blocks nested {DEEPEST_BLOCK} levels deep "):
        RENDERER.render(text)
    assert issubclass(NestingTooDeep, RecursionError)


def test_nesting_below_the_limit_renders_every_level() -> None:
    quotes = RENDERER.render(">" * (DEEPEST_BLOCK - 1) + " Deepest quote\n")
    assert quotes.count("<blockquote>") == DEEPEST_BLOCK - 1
    assert "<p>Deepest quote</p>" in quotes
    # A list item counts two levels: the list and the item.
    deepest_list = (DEEPEST_BLOCK - 1) // 2
    lists = RENDERER.render("".join("  " * level + f"- Item {level}\n"
                                    for level in range(deepest_list)))
    assert lists.count("<ul>") == deepest_list
    assert f"<li>Item {deepest_list - 1}</li>" in lists


def test_deeply_nested_inline_syntax_renders_without_recursion() -> None:
    text = "[" * 5000 + "x" + "]" * 5000 + "(u) " + "*" * 5000 + "y" + "*" * 5000
    assert RENDERER.render(text).count("x") == 1


def test_unknown_extensions_are_named() -> None:
    with pytest.raises(ValueError, match=r"^unknown CommonMark extensions: smartypants, toc "
                                         r"\(known: tables, strikethrough, autolinks, "
                                         r"tasklists, footnotes, deflists, heading_ids\)$"):
        CommonMarkRenderer(extensions=["tables", "toc", "smartypants"])


def test_without_extensions_it_is_plain_commonmark() -> None:
    # Even '[^1]: n' is what CommonMark makes of it: a link reference definition.
    text = "# T\n\n| a |\n|---|\n\n~~x~~ www.example.com [^1] - [x]\n\nT\n: d\n\n[^1]: n\n"
    assert CommonMarkRenderer(extensions=()).render(text) == (
        "<h1>T</h1>\n<p>| a |\n|---|</p>\n"
        '<p>~~x~~ www.example.com <a href="n">^1</a> - [x]</p>\n<p>T\n: d</p>\n')


def test_many_headings_of_one_name_get_numbered_ids_in_order() -> None:
    text = "## Update 1\n\n" + "## Update\n\n" * 3000
    ids = re.findall(r'<h2 id="([^"]*)"', RENDERER.render(text))
    assert ids == ["update-1", "update", "update-2", *(f"update-{n}" for n in range(3, 3001))]


# Pieces of text around which linkify-it draws the edges of links differently.
LINK_PIECES = st.sampled_from([
    "www.", "WWW.", "http://", "https://", "ftp://", "mailto:", "//", "@", "a@b.com",
    "example", "localhost", ".com", ".org", ".it", ".рф", "xn--p1ai", ":8080", "/", "?", "#",
    "(", ")", "[", "]", "{", "}", "'", '"', ",", ".", "..", ";", "!", "-", "---", "_", ":",
    "<", ">", "|", "\uff5c", "$", "+", "=", "^", "`", "*", "~", "&", "%20", " ", "  ", "\n",
    "\t", "\u00a0", "\u3000", "\u2028", "\x01", "\x85", "1", "127.0.0.1", "news", "é",
    "x,a@b.com", "a;b@c.it", "(a@b.com)", "www.a.com,", "http://a.b/c,d", "//a.b/(c)",
])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINK_PIECES, max_size=30).map("".join))
def test_autolinks_are_linkify_its_links_over_the_whole_text_less_bare_domains(
        text: str) -> None:
    # The renderer searches word by word, and only words that may hold a link; the links
    # must be those linkify-it finds in the whole text, less those without scheme or www.
    whole = [(link.index, link.last_index, link.schema, link.url, link.text)
             for link in LinkifyIt().match(text) or ()
             if link.schema or link.raw[:4].lower() == "www."]
    ours = [(link.index, link.last_index, link.schema, link.url, link.text)
            for link in _GfmLinkify().match(text) or ()]
    assert ours == whole
