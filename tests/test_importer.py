"""`import`: raw wire text becomes Markdown that builds to exactly the same article."""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
import tempfile
import types
from datetime import date
from pathlib import Path

import pytest
from conftest import Story, story_of
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import generator.files
from generator.config import Config, Markdown, load_config
from generator.errors import Problems
from generator.incremental.parsing import parse_sources, parsed_articles
from generator.readers import Source, make_renderer, parse_article
from generator.readers.engines import escaper
from generator.readers.importers.wire import import_files, story_to_markdown, target_name
from generator.readers.listing import list_sources
from generator.readers.text import UNSHOWABLE
from generator.readers.wire import WireStory, parse_wire

REPO = Path(__file__).resolve().parents[1]
CONFIG = Config(root=Path("site"), timezone="Europe/Paris")
# The same site written for Python-Markdown: the importer escapes for the site's engine.
PYMD_CONFIG = Config(root=Path("site"), timezone="Europe/Paris",
                     markdown=Markdown("python-markdown", ("extra", "sane_lists")))
CONFIGS = {"commonmark": CONFIG, "python-markdown": PYMD_CONFIG}
RENDERERS = {engine: make_renderer(config) for engine, config in CONFIGS.items()}
ENGINES = pytest.mark.parametrize("engine", list(CONFIGS))
DATE_LINE = "| 21 February 2024, Wednesday |"
STORY = (
    f"{DATE_LINE}\n\n"
    "Port reopens: ships *return*\n\n"
    "# 1 ship came in at 6am & left at <7pm>.\n\n"
    "1. The harbour master said: \"_All_ clear\".\n"
    "- Ferries run again.\n\n"
    "  \u2022 AFP\n"
)
STORY_NAME = "2024/2024-02-21-port-reopens-ships-return.md"


def build(path: str, text: str, engine: str = "commonmark") -> tuple[Story | None, list[str]]:
    """Parse a .txt or .md file as a build does; return the article and problems as text."""
    problems = Problems()
    article = story_of(parse_article(Source(path, text), CONFIGS[engine], RENDERERS[engine],
                                     problems))
    return article, [str(p) for p in problems.items]


def imported(text: str, engine: str = "commonmark") -> str:
    """Return the Markdown file the importer writes for wire text."""
    story = parse_wire(text, "story.txt", Problems())
    assert story is not None
    return story_to_markdown(story, engine)


def same_story(a: Story, b: Story) -> tuple[object, ...]:
    return (a.title, a.date, a.source, a.body_html, a.slug, a.summary, a.word_count)


def paragraph_texts(body_html: str) -> list[str]:
    """Return the text of each <p> with tags stripped and references resolved."""
    return [html.unescape(re.sub(r"<[^>]*>", "", inner))
            for inner in re.findall(r"<p>(.*?)</p>", body_html, flags=re.S)]


def run_import(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", "import", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, env=environment,
                          timeout=120)


# Pieces that Markdown would read as syntax if the importer did not escape them.
SPECIAL = st.sampled_from([
    *"\\`*_{}[]()#+-.!<>&|:=~ 1\t\"'", "1. ", "2) ", "- ", "+ ", "* ", "# ", "## ", "> ",
    "&amp;", "&#9;", "&copy", "<script>", "</p>", "<!--", "---", "***", "___", "===", "    ",
    "*[A]: b", "[^1]", "[^1]: note", "[a]: http://x.org", "{: .x}", "{#id}", "~~~", "```",
    "  ", "http://x.org", "<http://a.b>", "![i](j)", ": definition", "| a | b |", "\u00a0",
    "\u2028", "\u2022", "\u201c", "...", "--", "<div>", "markdown=\"1\"",
])
CHARACTER = st.characters(blacklist_categories=("Cc", "Cs"))
# A line as the wire reader keeps it: stripped, not empty, no control character but tab.
LINE = (st.lists(st.one_of(CHARACTER, SPECIAL), min_size=1, max_size=12)
        .map("".join).map(str.strip).filter(bool))
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4).map("\n".join)


@pytest.mark.slow
@ENGINES
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_importer_markdown_renders_the_same_html_and_text_as_the_raw_reader(
        engine: str, paragraphs: list[str]) -> None:
    # A last line starting with a bullet is the agency byline, not text.
    assume(not paragraphs[-1].split("\n")[-1].startswith("\u2022"))
    wire = f"{DATE_LINE}\n\nHeadline\n\n" + "\n\n".join(paragraphs) + "\n"
    raw, raw_problems = build("content/story.txt", wire, engine)
    markdown = imported(wire, engine)
    converted, md_problems = build("content/story.md", markdown, engine)
    assert raw_problems == []
    assert md_problems == []
    assert raw is not None
    assert converted is not None
    assert converted.body_html == raw.body_html, markdown
    # CommonMark writes '"' as a reference and ends every block with a newline;
    # Python-Markdown writes '"' as it is and no newline after the last block.
    quote = engine == "commonmark"
    assert converted.body_html == "\n".join(
        "<p>" + html.escape(p, quote=quote).replace("&#x27;", "'").replace("\t", "&#9;")
        + "</p>" for p in paragraphs) + ("\n" if quote else "")
    assert paragraph_texts(raw.body_html) == paragraphs
    assert paragraph_texts(converted.body_html) == paragraphs


@ENGINES
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PARAGRAPH, min_size=1, max_size=3))
def test_escaped_markdown_renders_as_the_escaped_text(engine: str,
                                                      paragraphs: list[str]) -> None:
    body = "\n\n".join(escaper(engine)(p) for p in paragraphs)
    renderer = RENDERERS[engine]
    assert renderer.render(body) == renderer.paragraphs(paragraphs)


ANY_TEXT = st.lists(
    st.one_of(st.characters(blacklist_categories=("Cs",)), SPECIAL,
              st.sampled_from(["\n", "\n\n", "\r\n", "\ufeff", "yes", "null", "~", "2024",
                               "@", "%", "!!", "'", "\"", "#", "\u2022 AFP", "\x85"])),
    max_size=30,
).map("".join)


@ENGINES
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(ANY_TEXT, ANY_TEXT)
@example("0", "{%").via("found by Hypothesis: the import's escaped brace is text")
@example("0", "[x](@/a.md)").via("a Zola link in wire text is text")
def test_any_wire_text_that_builds_imports_to_the_same_article(engine: str, head: str,
                                                               body: str) -> None:
    wire = f"{DATE_LINE}\n\n{head}\n\n{body}"
    raw, _ = build("content/story.txt", wire, engine)
    assume(raw is not None)
    assert raw is not None
    converted, problems = build("content/story.md", imported(wire, engine), engine)
    assert problems == []
    assert converted is not None
    assert same_story(converted, raw) == same_story(raw, raw)


@pytest.mark.parametrize(("engine", "quote"), [("commonmark", "&quot;"),
                                               ("python-markdown", '"')])
def test_imported_story_builds_to_the_same_article(engine: str, quote: str) -> None:
    raw, raw_problems = build("content/story.txt", STORY, engine)
    converted, md_problems = build("content/story.md", imported(STORY, engine), engine)
    assert raw_problems == md_problems == []
    assert raw is not None
    assert converted is not None
    assert same_story(converted, raw) == same_story(raw, raw)
    assert converted.body_html == (
        "<p># 1 ship came in at 6am &amp; left at &lt;7pm&gt;.</p>\n"
        f"<p>1. The harbour master said: {quote}_All_ clear{quote}.\n- Ferries run again.</p>"
        + ("\n" if engine == "commonmark" else "")
    )


@pytest.mark.parametrize(("engine", "first_line"), [
    ("commonmark", "\\# 1 ship came in at 6am \\& left at \\<7pm>."),
    ("python-markdown", "\\# 1 ship came in at 6am &amp; left at &lt;7pm\\>."),
])
def test_imported_file_has_yaml_front_matter_and_a_body_escaped_for_the_engine(
        engine: str, first_line: str) -> None:
    assert imported(STORY, engine) == (
        "---\n"
        "title: 'Port reopens: ships *return*'\n"
        "date: 2024-02-21\n"
        "source: AFP\n"
        "---\n"
        "\n"
        f"{first_line}\n"
        "\n"
        "1\\. The harbour master said: \"\\_All\\_ clear\".\n"
        "\\- Ferries run again.\n"
    )


def test_story_without_agency_has_no_source_key() -> None:
    markdown = story_to_markdown(WireStory(date(2024, 2, 21), "Headline", ("Text.",), ""))
    assert markdown == "---\ntitle: Headline\ndate: 2024-02-21\n---\n\nText.\n"


def test_derived_title_is_written_as_the_title() -> None:
    # A block of two lines after the date line is no headline: the title is made of it.
    wire = f"{DATE_LINE}\n\nThe port reopened on Monday.\nShips sailed.\n\nMore.\n"
    raw, raw_problems = build("content/story.txt", wire)
    converted, md_problems = build("content/story.md", imported(wire))
    assert raw_problems == [
        "content/story.txt:3: warning: no headline; using the first words of the text: "
        "'The port reopened on Monday. Ships sailed.' (put the headline on its own line after "
        "the date line)"
    ]
    assert md_problems == []
    assert raw is not None
    assert converted is not None
    assert converted.title == raw.title == "The port reopened on Monday. Ships sailed."
    assert converted.body_html == raw.body_html


@pytest.mark.parametrize("title", ["2024", "yes", "null", "~", "@home", "- dash", "'quoted'",
                                   "\"double\"", "a: b", "# hash", "% per", "!tag", "&anchor",
                                   "[list]", "{map}", "caf\u00e9 \u0627\u0644\u0639\u0631\u0628"])
def test_titles_that_mean_something_in_yaml_stay_text(title: str) -> None:
    wire = f"{DATE_LINE}\n\n{title}\n\nText\n"
    raw, _ = build("content/story.txt", wire)
    converted, problems = build("content/story.md", imported(wire))
    assert problems == []
    assert raw is not None
    assert converted is not None
    assert converted.title == raw.title == title


def test_target_name_is_year_folder_and_dated_slug() -> None:
    story = WireStory(date(2024, 2, 21), "NATO: Ukraine is still inflicting heavy losses",
                      (), "")
    assert target_name(story) == "2024/2024-02-21-nato-ukraine-is-still-inflicting-heavy-losses.md"


def test_headline_without_letters_gets_a_plain_name() -> None:
    story = WireStory(date(2024, 2, 21), "!!!", (), "")
    assert target_name(story) == "2024/2024-02-21-article.md"


def test_import_writes_each_story_under_its_target_name(tmp_path: Path) -> None:
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire/a.txt").write_text(STORY, encoding="utf-8")
    report = import_files([tmp_path / "wire/a.txt"], tmp_path / "content")
    target = tmp_path / "content" / STORY_NAME
    assert report.written == [target]
    assert report.refused == []
    assert report.problems == []
    assert target.read_text(encoding="utf-8") == imported(STORY)


def test_import_of_a_folder_takes_every_txt_file_in_it(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    (wire / "deeper").mkdir(parents=True)
    (wire / "a.txt").write_text(STORY, encoding="utf-8")
    (wire / "deeper/b.txt").write_text(f"{DATE_LINE}\n\nSecond story\n\nText.\n",
                                       encoding="utf-8")
    (wire / "notes.md").write_text("not wire text", encoding="utf-8")
    (wire / ".a.txt.swp.txt").write_text(STORY, encoding="utf-8")  # editors' and hidden files
    (wire / "a.txt~").write_text(STORY, encoding="utf-8")
    report = import_files([wire], tmp_path / "content")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in report.written) == [
        f"content/{STORY_NAME}", "content/2024/2024-02-21-second-story.md"]
    assert report.refused == []


def test_import_never_overwrites_without_force(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(STORY, encoding="utf-8")
    target = tmp_path / "content" / STORY_NAME
    target.parent.mkdir(parents=True)
    target.write_text("edited by hand", encoding="utf-8")
    report = import_files([source], tmp_path / "content")
    assert report.written == []
    assert report.refused == [(source, f"{target} exists (use --force to overwrite)")]
    assert target.read_text(encoding="utf-8") == "edited by hand"


def test_import_with_force_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(STORY, encoding="utf-8")
    target = tmp_path / "content" / STORY_NAME
    target.parent.mkdir(parents=True)
    target.write_text("edited by hand", encoding="utf-8")
    report = import_files([source], tmp_path / "content", force=True)
    assert report.written == [target]
    assert report.refused == []
    assert target.read_text(encoding="utf-8") == imported(STORY)


def test_force_never_overwrites_a_story_written_in_the_same_run(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(f"{DATE_LINE}\n\nSame headline\n\nFirst story.\n", encoding="utf-8")
    second.write_text(f"{DATE_LINE}\n\nSame headline\n\nSecond story.\n", encoding="utf-8")
    report = import_files([first, second], tmp_path / "content", force=True)
    target = tmp_path / "content/2024/2024-02-21-same-headline.md"
    assert report.written == [target]
    assert report.refused == [(second, f"{target} was just written from {first}")]
    assert "First story." in target.read_text(encoding="utf-8")


def test_import_refuses_a_story_with_errors_and_lists_them(tmp_path: Path) -> None:
    source = tmp_path / "bad.txt"
    source.write_text("| 31 February 2024 |\n\nHeadline\n\nText.\n", encoding="utf-8")
    report = import_files([source], tmp_path / "content")
    assert report.written == []
    assert report.refused == [(source, "it has errors (listed below)")]
    assert [str(p) for p in report.problems] == [
        f"{source}:1: 31 February 2024 does not exist (check the day of the month)"]
    assert not (tmp_path / "content").exists()


def test_import_writes_a_story_with_warnings_and_lists_them(tmp_path: Path) -> None:
    source = tmp_path / "odd.txt"
    source.write_text("| 21 February 2024, Friday |\n\nHeadline\n\nText.\n", encoding="utf-8")
    report = import_files([source], tmp_path / "content")
    assert report.written == [tmp_path / "content/2024/2024-02-21-headline.md"]
    assert [str(p) for p in report.problems] == [
        f"{source}:1: warning: 21 February 2024 was a Wednesday, not a Friday "
        "(check the date and the weekday)"]


def test_import_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes(f"{DATE_LINE}\n\nCaf\u00e9\n\nText.\n".encode("latin-1"))
    report = import_files([source], tmp_path / "content")
    assert report.written == []
    assert report.refused == [(source, "it has errors (listed below)")]
    assert [str(p) for p in report.problems] == [
        f"{source}:3: is not UTF-8: byte 0xE9 at offset 36 (column 4) cannot be decoded "
        "(save the file as UTF-8)"]


def test_import_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    report = import_files([tmp_path / "missing.txt"], tmp_path / "content")
    assert report.refused == [(tmp_path / "missing.txt", "no such file or folder")]


def test_cli_import_writes_into_content_by_default(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    result = run_import("a.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"wrote content/{STORY_NAME}\n"
                             "Imported 1 file(s), refused 0.\n")
    assert result.stderr == ""
    assert (tmp_path / "content" / STORY_NAME).read_text(encoding="utf-8") == imported(STORY)


def test_cli_import_writes_where_to_says(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    result = run_import("a.txt", "--to", "site/content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"wrote site/content/{STORY_NAME}"
    assert (tmp_path / "site/content" / STORY_NAME).is_file()
    assert not (tmp_path / "content").exists()


def test_a_second_import_of_the_same_wire_text_writes_nothing_and_says_so(
        tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    assert run_import("a.txt", cwd=tmp_path).returncode == 0
    again = run_import("a.txt", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout == "Nothing written: all 1 file(s) are already up to date.\n"


def test_cli_import_refuses_to_overwrite_and_exits_1_then_force_overwrites(
        tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    target = tmp_path / "content" / STORY_NAME
    assert run_import("a.txt", cwd=tmp_path).returncode == 0
    target.write_text("edited by hand", encoding="utf-8")

    refused = run_import("a.txt", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stdout == "Imported 0 file(s), refused 1.\n"
    assert refused.stderr == (f"refused a.txt: content/{STORY_NAME} exists "
                              "(use --force to overwrite)\n")
    assert target.read_text(encoding="utf-8") == "edited by hand"

    forced = run_import("a.txt", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout == f"wrote content/{STORY_NAME}\nImported 1 file(s), refused 0.\n"
    assert target.read_text(encoding="utf-8") == imported(STORY)


def test_cli_import_lists_errors_and_still_writes_the_good_files(tmp_path: Path) -> None:
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire/a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "wire/b.txt").write_text("| 31 February 2024 |\n\nHeadline\n\nText.\n",
                                         encoding="utf-8")
    result = run_import("wire", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == f"wrote content/{STORY_NAME}\nImported 1 file(s), refused 1.\n"
    assert result.stderr.splitlines() == [
        "refused wire/b.txt: it has errors (listed below)",
        "wire/b.txt:1: 31 February 2024 does not exist (check the day of the month)",
    ]


def test_cli_import_without_sources_is_a_usage_error(tmp_path: Path) -> None:
    result = run_import(cwd=tmp_path)
    assert result.returncode == 2
    assert "the following arguments are required: SRC" in result.stderr
    assert not (tmp_path / "content").exists()


def test_cli_import_of_a_missing_path_exits_1(tmp_path: Path) -> None:
    result = run_import("nothing.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "refused nothing.txt: no such file or folder\n"



# Characters a wire file may hold that no page can show: removed, and reported.
UNSHOWN = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f",
                           "\ufffe", "\ufdd0", "\U0001ffff"])
MESSY_LINE = (st.lists(st.one_of(CHARACTER, SPECIAL, UNSHOWN), min_size=1, max_size=12)
              .map("".join))


def shown(line: str) -> str:
    """A line as a reader keeps it: unshowable characters out, then stripped."""
    return UNSHOWABLE.sub("", line).strip()


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.lists(MESSY_LINE, min_size=1, max_size=3), min_size=1, max_size=3),
       st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_wire_file_imported_then_built_gives_back_its_paragraphs(
        blocks: list[list[str]], newline: str) -> None:
    # What a reader keeps: lines without unshowable characters, stripped; a line left
    # blank ends a paragraph.
    text = "\n".join(shown(line) for block in blocks for line in (*block, "")).strip("\n")
    paragraphs = [p for p in re.split(r"\n{2,}", text) if p]
    assume(paragraphs and not paragraphs[-1].split("\n")[-1].startswith("\u2022"))
    wire = newline.join([DATE_LINE, "", "Headline", "", *(
        line for block in blocks for line in (*block, ""))])
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "site.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")
        (site / "wire").mkdir()
        (site / "wire/story.txt").write_bytes(wire.encode("utf-8"))
        report = import_files([site / "wire"], site / "content")
        assert report.refused == []
        assert [p.severity for p in report.problems] == ["warning"] * len(report.problems)
        (site / "content/raw.txt").write_bytes(wire.encode("utf-8"))
        problems = Problems()
        config = load_config(site)
        articles = [Story(p) for p in parsed_articles(parse_sources(
            list_sources(config, problems), config, problems, jobs=1, cache_dir=None))]
        assert problems.errors == []
        assert len(articles) == 2
        for article in articles:
            assert paragraph_texts(article.body_html) == paragraphs, article.path
        assert articles[0].body_html == articles[1].body_html


def test_a_failed_import_write_leaves_no_file_and_keeps_the_old_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.txt"
    source.write_text(STORY, encoding="utf-8")
    target = tmp_path / "content" / STORY_NAME
    target.parent.mkdir(parents=True)
    target.write_text("edited by hand", encoding="utf-8")

    class HalfWritten:
        """A file that takes half of what is written, then finds the disk full."""

        def __init__(self, file: io.TextIOWrapper) -> None:
            self.file = file

        def __enter__(self) -> HalfWritten:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            self.file.write(text[: len(text) // 2])
            self.file.flush()
            raise OSError(28, "No space left on device")

    real_fdopen = os.fdopen
    monkeypatch.setattr(generator.files, "os", types.SimpleNamespace(
        fdopen=lambda *args, **kwargs: HalfWritten(real_fdopen(*args, **kwargs)),
        chmod=os.chmod, replace=os.replace, umask=os.umask))
    report = import_files([source], tmp_path / "content", force=True)
    assert report.written == []
    assert report.refused == [(source, f"{target} could not be written")]
    assert [str(p) for p in report.problems] == [
        f"{target}: cannot be written: No space left on device "
        "(check the folder's permissions and free space)"]
    assert target.read_text(encoding="utf-8") == "edited by hand"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_an_imported_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(STORY, encoding="utf-8")
    umask = os.umask(0o022)
    try:
        report = import_files([source], tmp_path / "content")
    finally:
        os.umask(umask)
    assert report.written[0].stat().st_mode & 0o777 == 0o644


def test_cli_import_escapes_for_the_engine_of_the_site_it_writes_into(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/site.toml").write_text('[markdown]\nengine = "python-markdown"\n',
                                             encoding="utf-8")
    result = run_import("a.txt", "--site", "site", "--to", "site/content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "site/content" / STORY_NAME).read_text(encoding="utf-8")
    assert written == imported(STORY, "python-markdown") != imported(STORY)
