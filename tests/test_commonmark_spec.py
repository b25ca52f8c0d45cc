"""The CommonMark spec's 652 examples, rendered by CommonMarkRenderer as a site configures it.

Each example's HTML is compared with the spec's after the spec's own normalisation
(tests/commonmark_normalize.py). The heading ids that the heading_ids extension adds are
taken out of both sides first: the spec gives headings no attributes, and an id is all that
extension changes. Everything else counts, extensions included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from commonmark_normalize import normalize_html

from generator.readers.commonmark import CommonMarkRenderer

SPEC = Path(__file__).parent / "fixtures" / "commonmark" / "spec.json"
EXAMPLES: list[dict[str, object]] = json.loads(SPEC.read_text(encoding="utf-8"))
HEADING_ID = re.compile(r'(<h[1-6]) id="[^"]*"')
# The examples that the default configuration renders otherwise than the spec, and why.
TAB_AS_REFERENCE = [13, 40]  # a tab in text is written '&#9;', as the wire reader writes it
AUTOLINKED = [602, 608, 611, 612]  # GFM autolinks: a bare URL or address becomes a link


def failing_examples(render: Callable[[str], str], examples: Iterable[dict[str, object]]
                     = EXAMPLES) -> list[int]:
    """Return the numbers of the examples whose normalised HTML differs from the spec's."""
    return [int(str(example["example"])) for example in examples
            if comparable(render(str(example["markdown"])))
            != comparable(str(example["html"]))]


def comparable(html: str) -> str:
    """HTML normalised as the spec normalises it, without the ids heading_ids adds."""
    return HEADING_ID.sub(r"\1", normalize_html(html))


def test_the_spec_holds_every_example_of_commonmark_0_31_2() -> None:
    assert len(EXAMPLES) == 652
    assert [example["example"] for example in EXAMPLES] == list(range(1, 653))


def test_the_default_configuration_renders_at_least_98_percent_of_the_spec() -> None:
    failing = failing_examples(CommonMarkRenderer().render)
    passed = len(EXAMPLES) - len(failing)
    assert passed / len(EXAMPLES) >= 0.98, (
        f"{passed} of {len(EXAMPLES)} examples pass ({passed / len(EXAMPLES):.1%}); "
        f"failing: {failing}")


def test_only_the_known_examples_differ_from_the_spec_and_for_known_reasons() -> None:
    # A new failure (or a fixed one) after an upgrade of markdown-it-py shows here by number.
    assert failing_examples(CommonMarkRenderer().render) == TAB_AS_REFERENCE + AUTOLINKED


def test_without_extensions_only_the_tab_references_differ() -> None:
    assert failing_examples(CommonMarkRenderer(extensions=()).render) == TAB_AS_REFERENCE


def test_heading_ids_are_the_only_attributes_taken_out() -> None:
    # The example headings, with the ids that the comparison ignores.
    html = CommonMarkRenderer().render("# Foo\n\nBar\n===\n\n## Foo\n")
    assert html == '<h1 id="foo">Foo</h1>\n<h1 id="bar">Bar</h1>\n<h2 id="foo-1">Foo</h2>\n'
    assert comparable(html) == "<h1>Foo</h1><h1>Bar</h1><h2>Foo</h2>"
    assert comparable('<h1 class="x">a</h1>') == '<h1 class="x">a</h1>'


@pytest.mark.parametrize(("html", "normalised"), [
    # Whitespace: runs become one space; none is kept next to block tags; <pre> keeps all.
    ("<p>a  \t b</p>", "<p>a b</p>"),
    ("\n\t<p>\n\t\ta  b\t\t</p>\n\t", "<p>a b</p>"),
    ("<em>a  b</em> ", "<em>a b</em> "),
    ("<pre><code>a  \n  b\n</code></pre>\n", "<pre><code>a  \n  b\n</code></pre>"),
    ("<p>a<br />\nb</p>", "<p>a<br>b</p>"),
    # Tags: self-closing ones open, attributes sorted, values quoted and escaped.
    ("<hr />", "<hr>"),
    ('<a title="bar" HREF="foo">x</a>', '<a href="foo" title="bar">x</a>'),
    ("<input disabled type=checkbox>", '<input disabled type="checkbox">'),
    ("<img alt='a \"b\" &amp; c'>", '<img alt="a &quot;b&quot; &amp; c">'),
    # References: characters, except the four that HTML needs escaped; unknown ones kept.
    ("&forall;&amp;&gt;&lt;&quot;&#35;&#x41;&#X42;", "\u2200&amp;&gt;&lt;&quot;#AB"),
    ("&nosuch; &#9999999999;", "&nosuch; &#9999999999;"),
    ('"raw" text', '"raw" text'),
    # Comments, declarations, processing instructions and CDATA pass through.
    ("<!-- a  b --><!DOCTYPE html><?php x ?><![CDATA[ a  <b> ]]>",
     "<!-- a  b --><!DOCTYPE html><?php x ?><![CDATA[ a  <b> ]]>"),
])
def test_the_normaliser_applies_the_spec_rules(html: str, normalised: str) -> None:
    assert normalize_html(html) == normalised
