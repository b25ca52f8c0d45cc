"""[markdown]: CommonMark by default, Python-Markdown on request, and what a build does with
either: the HTML of articles, sanitising, summaries, heading ids and the parse cache."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE_EPOCH, SITE_TOML, article_md, write_tree

from generator.build import BuildOptions, build
from generator.config import Config, Markdown
from generator.errors import Problems
from generator.readers import Source, make_renderer, parse_article, parse_key
from generator.readers.engines import PARSE_FIELDS, reserved_ids

PYTHON_MARKDOWN = '[markdown]\nengine = "python-markdown"\n'
ENGINES = pytest.mark.parametrize("engine_toml", ["", PYTHON_MARKDOWN],
                                  ids=["commonmark", "python-markdown"])
ARTICLE_URL = "output/2024/03/01/harbour-works/index.html"
STORY = """\
The harbour board[^board] met on Tuesday.

## Main

- Dredging
  - north channel
  - south channel
- Lights

1. Close the quay
   ```
   QUAY 2  CLOSED  06:00
   ```
2. Reopen it

- [x] Dredging done
- [ ] Lights fixed

[^board]: Nine members, elected for four years.
"""


def body_of(root: Path, url: str = ARTICLE_URL) -> str:
    """The article's body as its page shows it (followed by its tags, or by nothing)."""
    page = (root / url).read_text(encoding="utf-8")
    rest = page.split('<div class="article-body">', 1)[1]
    return rest.split('</div>\n  <footer class="story-page__footer"', 1)[0].split(
        "</div>\n</article>", 1)[0]


def site_with(make_site: Callable[..., Path], toml: str = "", body: str = STORY) -> Path:
    return make_site({"content/works.md": article_md("Harbour works", "2024-03-01", body)},
                     toml=SITE_TOML + toml)


def test_commonmark_is_the_default_and_nests_lists_indented_by_two_spaces(make_site) -> None:
    root = site_with(make_site)
    build(root)
    body = body_of(root)
    assert ("<ul>\n<li>Dredging\n<ul>\n<li>north channel</li>\n<li>south channel</li>\n"
            "</ul>\n</li>\n<li>Lights</li>\n</ul>") in body
    assert ("<li>Close the quay<pre><code>QUAY 2  CLOSED  06:00\n</code></pre>\n</li>"
            in body)


def test_python_markdown_renders_as_it_always_did(make_site) -> None:
    # Its lists need four spaces to nest, and a fence in a list item is no code block.
    root = site_with(make_site, PYTHON_MARKDOWN)
    build(root)
    body = body_of(root)
    assert "<li>Dredging</li>\n<li>north channel</li>" in body
    assert "<pre>" not in body
    assert '<h2>Main</h2>' in body


def test_a_heading_never_takes_an_id_the_page_around_it_uses(make_site) -> None:
    root = site_with(make_site)
    build(root)
    page = (root / ARTICLE_URL).read_text(encoding="utf-8")
    assert '<h2 id="main-1">Main</h2>' in body_of(root)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(ids)


def test_an_id_the_sites_own_templates_add_is_reserved_too(make_site) -> None:
    root = site_with(make_site, body="## Masthead\n\nText.\n")
    templates = root / "templates"
    theme = Path(__file__).resolve().parents[1] / "generator/theme/templates/_chrome.html"
    write_tree(templates, {"_chrome.html": theme.read_text(encoding="utf-8").replace(
        '<p class="masthead">', '<p class="masthead" id="masthead">')})
    build(root)
    assert body_of(root) == '<h2 id="masthead-1">Masthead</h2>\n<p>Text.</p>\n'
    config = Config(root=root)
    assert {"main", "site-search-q", "related-title", "masthead"} <= set(reserved_ids(config))


@ENGINES
def test_sanitize_html_keeps_task_boxes_and_footnotes_with_either_engine(
        make_site, engine_toml: str) -> None:
    body = ("Ships[^1] came.<script>alert(1)</script>\n\n- [x] done\n\n"
            '<input type="text" name="q" onfocus="alert(2)">\n\n[^1]: Twelve of them.\n')
    root = site_with(make_site, "sanitize_html = true\n" + engine_toml, body)
    build(root)
    html = body_of(root)
    assert "<script" not in html and "alert" not in html and "onfocus" not in html
    assert "Twelve of them." in html
    assert 'href="#fn' in html  # the reference still leads to its note
    if engine_toml:  # Python-Markdown: no task lists; its footnotes are a <div>
        assert '<div class="footnote">' in html
    else:
        assert '<section class="footnotes">' in html
        assert html.count("<input") == 2
        # The task list's boxes as CommonMark writes them, byte for byte.
        assert ('<input class="task-list-item-checkbox" disabled="" type="checkbox" '
                'checked="">') in html
        # The author's text field lost its type and handler, and cannot be typed in.
        assert '<input disabled="">' in html


@ENGINES
def test_summaries_and_text_leave_footnote_marks_out(engine_toml: str) -> None:
    config = Config(root=Path("site"), markdown=Markdown(
        "python-markdown", ("extra",)) if engine_toml else Markdown())
    text = article_md("Harbour works", "2024-03-01",
                      "The board[^1] met.[^2]\n\n[^1]: Nine members.\n\n[^2]: On Tuesday.")
    problems = Problems()
    parsed = parse_article(Source("content/a.md", text), config, make_renderer(config),
                           problems)
    assert problems.items == []
    assert parsed is not None
    assert parsed.article.summary == "The board met."
    assert parsed.body.text == "The board met.\n\nNine members.\n\nOn Tuesday."
    assert parsed.article.words == 7


@ENGINES
def test_wire_text_builds_the_same_story_with_either_engine(make_site, engine_toml) -> None:
    wire = "| 1 March 2024 |\n\nHarbour works\n\nShips *wait* & \"queue\"\tat <sea>.\n"
    root = make_site({"content/works.txt": wire}, toml=SITE_TOML + engine_toml)
    build(root)
    quote = '"' if engine_toml else "&quot;"
    assert body_of(root) == (f"<p>Ships *wait* &amp; {quote}queue{quote}&#9;at "
                             f"&lt;sea&gt;.</p>{'' if engine_toml else chr(10)}")


def parsed_count(root: Path) -> int:
    return build(root, BuildOptions(jobs=1)).parsed


def test_a_new_site_title_parses_no_article_again(make_site) -> None:
    root = site_with(make_site)
    (root / "content/b.md").write_text(article_md("Second", "2024-03-02"), encoding="utf-8")
    assert parsed_count(root) == 2
    (root / "site.toml").write_text(SITE_TOML.replace("Test Times", "The Other Times")
                                    + "per_page = 3\n", encoding="utf-8")
    result = build(root, BuildOptions(jobs=1))
    assert (result.parsed, result.up_to_date) == (0, False)
    assert "The Other Times" in (root / ARTICLE_URL).read_text(encoding="utf-8")


@pytest.mark.parametrize("change", [
    "summary_words = 5\n", 'timezone = "Europe/Paris"\n', PYTHON_MARKDOWN,
    '[markdown]\nextensions = ["tables"]\n', "sanitize_html = true\n",
    'language = "fr"\n', '[autotag]\nHarbour = ["harbour"]\n',
])
def test_a_setting_parsing_reads_parses_every_article_again(make_site, change: str) -> None:
    root = site_with(make_site)
    assert parsed_count(root) == 1
    toml = SITE_TOML.replace('timezone = "UTC"\n', "") if "timezone" in change else SITE_TOML
    (root / "site.toml").write_text(toml + change, encoding="utf-8")
    assert parsed_count(root) == 1


def test_a_template_that_reserves_a_new_id_parses_again(make_site) -> None:
    root = site_with(make_site)
    assert parsed_count(root) == 1
    write_tree(root, {"templates/404.html": '{% extends "base.html" %}'
                      '{% block content %}<p id="lost">Lost.</p>{% endblock %}'})
    assert parsed_count(root) == 1
    write_tree(root, {"templates/404.html": '{% extends "base.html" %}'
                      '{% block content %}<p id="lost">Gone.</p>{% endblock %}'})
    assert parsed_count(root) == 0


class Recording(Config):
    """A Config that notes the name of every field read from it."""

    __slots__ = ()
    read: set[str] = set()  # noqa: RUF012 - shared on purpose: slots leave no room

    def __getattribute__(self, name: str) -> object:
        if not name.startswith("_"):
            Recording.read.add(name)
        return super().__getattribute__(name)


@ENGINES
def test_parsing_reads_no_setting_the_parse_cache_is_not_keyed_on(engine_toml: str) -> None:
    # If a reader starts to read another setting, it must join PARSE_FIELDS, or a change to
    # it would leave articles parsed with the old value in the cache.
    markdown = Markdown("python-markdown", ("extra",)) if engine_toml else Markdown()
    config = Recording(root=Path("site"), markdown=markdown, sanitize_html=True)
    renderer = make_renderer(config)
    Recording.read.clear()
    files = {
        "content/a.md": article_md("A", "2024-03-01", STORY, tags="[x]"),
        "content/2024-03-02-b.md": "---\ntitle: B\n---\n\nText.\n",
        "content/c.txt": "| 1 March 2024 |\n\nHeadline\n\nText.\n\n  \u2022 AFP\n",
    }
    for path, text in files.items():
        assert parse_article(Source(path, text), config, renderer, Problems()) is not None
    # 'tz' is the timezone's zone.
    assert Recording.read <= {*PARSE_FIELDS, "tz"}, Recording.read
    assert parse_key(config) != parse_key(Config(root=Path("site")))


def test_the_parse_key_leaves_out_what_parsing_does_not_read(tmp_path: Path) -> None:
    assert parse_key(Config(root=tmp_path)) == parse_key(
        Config(root=tmp_path, title="Other", per_page=3, base_url="https://x.example/"))


@pytest.mark.slow
@ENGINES
def test_the_example_site_builds_without_warnings_with_either_engine(
        tmp_path: Path, engine_toml: str) -> None:
    repo = Path(__file__).resolve().parents[1]
    root = tmp_path / "example"
    shutil.copytree(repo / "content", root / "content")
    shutil.copytree(repo / "static", root / "static")
    shutil.copytree(repo / "templates", root / "templates")
    shutil.copytree(repo / "locales", root / "locales")  # the site's own French words
    shutil.copy2(repo / "authors.toml", root / "authors.toml")
    toml = (repo / "site.toml").read_text(encoding="utf-8").replace(
        "enabled = true", "enabled = false")  # search is not what this test is about
    (root / "site.toml").write_text(toml + "\n" + engine_toml, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)
        result = build(root, BuildOptions())
    assert [str(w) for w in result.warnings] == []
    html = body_of(root, "output/2025/05/20/harbour-board-publishes-its-dredging-plan-for-the-"
                         "summer/index.html")
    # Tables, definitions and footnotes, whichever engine.
    assert re.search(r'<td style="text-align: ?center;?">7 July</td>', html)
    assert "<dt>Silt</dt>" in html
    assert "The board's survey of March 2025" in html
    if not engine_toml:  # only CommonMark strikes through, ticks boxes and nests by 2
        assert "<s>4 August</s>" in html
        assert html.count('type="checkbox"') == 4
        assert "is closed\n<ul>\n<li>the first boat" in html
