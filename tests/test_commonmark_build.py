"""The CommonMark spec through a whole build: one article per example, with the site's
default configuration, each page's body compared with the spec's HTML after the spec's own
normalisation (heading ids taken out, as in test_commonmark_spec.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SITE_TOML, write_tree
from test_commonmark_spec import AUTOLINKED, EXAMPLES, TAB_AS_REFERENCE, comparable

from generator.build import BuildOptions, build

# What the body of an article page ends with when the article has no tags.
BODY_START = '<div class="article-body">'
BODY_END = "</div>\n</article>"


def article(number: int, markdown: str) -> str:
    return (f'---\ntitle: "Example {number}"\ndate: 2024-03-01\nslug: example-{number}\n---\n'
            f"\n{markdown}")


def body(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html.split(BODY_START, 1)[1].rsplit(BODY_END, 1)[0]


@pytest.fixture(scope="module")
def spec_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("spec"), {
        "site.toml": SITE_TOML + "related_articles = 0\n",
        **{f"content/{example['example']:03}.md": article(int(str(example["example"])),
                                                          str(example["markdown"]))
           for example in EXAMPLES},
    })
    build(root, BuildOptions())
    return root / "output"


def failing(output: Path) -> list[int]:
    found = []
    for example in EXAMPLES:
        number = int(str(example["example"]))
        page = output / f"2024/03/01/example-{number}/index.html"
        if comparable(body(page)) != comparable(str(example["html"])):
            found.append(number)
    return found


@pytest.mark.slow
def test_the_whole_spec_through_a_build_passes_at_least_98_percent(spec_site: Path) -> None:
    failed = failing(spec_site)
    passed = len(EXAMPLES) - len(failed)
    print(f"CommonMark 0.31.2 through a build: {passed} of {len(EXAMPLES)} examples "
          f"({passed / len(EXAMPLES):.1%}); differ: {failed}")
    assert passed / len(EXAMPLES) >= 0.98, failed
    # The same examples as the renderer alone, for the same reasons: a build adds nothing.
    assert failed == TAB_AS_REFERENCE + AUTOLINKED
