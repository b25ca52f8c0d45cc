"""Print how many of the CommonMark spec's examples each Markdown engine renders as the spec says.

    python benchmarks/spec_commonmark.py

The examples are tests/fixtures/commonmark/spec.json (CommonMark 0.31.2, 652 examples); the
comparison is tests/test_commonmark_spec.py's: the spec's normalisation on both sides, with
the heading ids of the heading_ids extension taken out ("strict" keeps them in).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import markdown
from commonmark_normalize import normalize_html
from test_commonmark_spec import EXAMPLES, failing_examples

from generator.readers.commonmark import CommonMarkRenderer


def python_markdown(extensions: list[str]) -> Callable[[str], str]:
    """Python-Markdown as the site runs it: one converter, reset before each document."""
    converter = markdown.Markdown(extensions=extensions, output_format="html")
    # As generator/readers/pymarkdown.py's MarkdownRenderer: '=', ':' and '~' escapable too.
    for char in "=:~":
        if char not in converter.ESCAPED_CHARS:
            converter.ESCAPED_CHARS.append(char)

    def render(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return render


def strict_failures(render: Callable[[str], str]) -> list[int]:
    """The failing examples when heading ids count as a difference too."""
    return [int(str(example["example"])) for example in EXAMPLES
            if normalize_html(render(str(example["markdown"])))
            != normalize_html(str(example["html"]))]


def main() -> None:
    total = len(EXAMPLES)
    rows: list[tuple[str, list[int]]] = [
        ("CommonMarkRenderer, default extensions", failing_examples(CommonMarkRenderer().render)),
        ("CommonMarkRenderer, default, strict", strict_failures(CommonMarkRenderer().render)),
        ("CommonMarkRenderer, no extensions",
         failing_examples(CommonMarkRenderer(extensions=()).render)),
        ("Python-Markdown, extra + sane_lists",
         failing_examples(python_markdown(["extra", "sane_lists"]))),
        ("Python-Markdown, no extensions", failing_examples(python_markdown([]))),
    ]
    for name, failing in rows:
        passed = total - len(failing)
        print(f"{name:<40} {passed:3d}/{total} {passed / total:6.1%}")
        if len(failing) <= 60:
            print(f"{'':<40} failing: {failing}")


if __name__ == "__main__":
    main()
