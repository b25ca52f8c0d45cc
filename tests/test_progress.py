"""The progress line: on a terminal it counts parsed and rendered items; elsewhere, silence."""

from __future__ import annotations

import io

from conftest import article_md

from generator.build import BuildOptions, build
from generator.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_parse_and_render_counts_then_a_clean_line(make_site) -> None:
    root = make_site({f"content/{n:03d}.md": article_md(f"Story {n}", "2024-01-01")
                      for n in range(450)})
    terminal = Terminal()
    progress = Progress(terminal, interval=0)
    result = build(root, BuildOptions(jobs=2, progress=progress))
    progress.clear()
    shown = [line.split() for line in terminal.getvalue().split("\r") if line.strip()]
    assert shown[0][0] == "parse" and shown[0][1:] != ["450", "/", "450"]
    assert ["parse", "450", "/", "450"] in shown
    assert ["render", f"{result.pages:,}", "/", f"{result.pages:,}"] == shown[-1]
    assert terminal.getvalue().endswith("\r")  # the line is wiped at the end


def test_a_pipe_sees_nothing(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01")})
    pipe = io.StringIO()
    progress = Progress(pipe, interval=0)
    build(root, BuildOptions(progress=progress))
    progress.clear()
    assert pipe.getvalue() == ""
