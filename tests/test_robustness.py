"""No content mistake is a crash: whatever a file holds, reading it gives an article or
problems, never an exception (which would reach the user as a traceback)."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.errors import Problems
from generator.sources import Source, parse_article
from generator.sources.markdown import MarkdownRenderer

CONFIG = Config(root=Path("."))
RENDERER = MarkdownRenderer(CONFIG.markdown_extensions)

pieces = st.sampled_from([
    "---\n", "+++\n", "{\n", "}\n", "title: ", "date: ", "tags: ", "slug: ", "draft: ",
    "aliases: ", "updated: ", "2024-02-31", "2024-02-21T10:00:00+01:00", "[a, b]", "{x: 1}",
    '"', "'", ":", "-", "\n", "\n\n", "| 21 February 2024, Wednesday |", "| 31 Feb 2024 |",
    "\u2022 AFP", "title = ", "date = ", '"title": ', "null", "yes", "~", "!!python/object",
    "&anchor", "*alias", "\t", "\ufeff", "\r\n", "<script>", "*x*", "# h", "1. ",
])
texts = st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=texts, suffix=st.sampled_from([".md", ".txt"]))
def test_any_file_gives_an_article_or_problems_never_an_exception(text: str, suffix: str) -> None:
    problems = Problems()
    article = parse_article(Source(f"content/x{suffix}", text), CONFIG, RENDERER, problems)
    assert article is not None or problems.errors
