"""Other tools' template syntax left in a body: found (outside code) to be named in one
warning per file. It is never run: what the author wrote stays text."""

from __future__ import annotations

import re

from ..errors import Problems, quoted

# What Liquid (Jekyll), Hugo, Zola (Tera) and WordPress write in a body and render
# themselves, up to its closing delimiter when that is on the same line. It is looked for
# once their link tags are links (readers/link_tags.py), and Pelican's and Zola's links
# are followed (readers/refs.py): neither is here.
SYNTAX = re.compile(
    r"(?<!\\)(?:"                         # what a backslash escapes is text (as import writes)
    r"\{\{[<%].*?(?:[>%]\}\}|$)"          # Hugo shortcodes {{< x >}} and {{% x %}}
    r"|\{\{.*?(?:\}\}|$)"                 # Liquid and Tera output {{ site.x }}, {{ f() }}
    r"|\{%.*?(?:%\}|$)"                   # Liquid and Tera tags {% include %}, {% f() %}
    r"|\[/?(?:caption|gallery|embed|audio|video|playlist)\b[^\]\n]*\](?!\()"  # WordPress
    r")",
    re.M)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+).+?\1")


def find_template_syntax(body: str, first_line: int) -> tuple[str, int] | None:
    """The first piece of another tool's template syntax in a Markdown body, outside
    fenced code and code spans, with its line (the body starts on `first_line`)."""
    fence = ""
    for number, line in enumerate(body.split("\n"), start=first_line):
        opening = FENCE.match(line)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening[1]
            continue
        if "{" not in line and "[" not in line:
            continue
        found = SYNTAX.search(CODE_SPAN.sub(lambda m: " " * len(m[0]), line))
        if found:
            return found[0], number
    return None


def warn_template_syntax(body: str, first_line: int, path: str, problems: Problems) -> None:
    """One warning naming the first piece of other tools' template syntax in the body."""
    found = find_template_syntax(body, first_line)
    if found is not None:
        problems.warn(path, f"template syntax of another tool is left as text: "
                      f"{quoted(found[0])}", found[1],
                      "it is not run here: write it as Markdown or HTML, or remove it")
