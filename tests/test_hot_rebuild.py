"""A session's rebuild after body edits keeps the last build's plan (incremental/hot.py):
it writes the files a build made the whole way writes, and the site is what a clean
build makes; anything more than a body edit takes the whole way."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_EPOCH, REPO, article_md, files_of

from generator.build import BuildMemory, BuildOptions, build
from generator.errors import SiteError
from generator.incremental.manifest import file_signature, load_manifest
from generator.incremental.parse_cache import CACHE_DIR
from generator.session import Session

TRAM = "content/2024/2024-03-14-tram-line-4-opens.md"
TRAM_FR = "content/2024/2024-03-14-tram-line-4-opens.fr.md"
STORM = "content/2024/2024-02-21-storm-closes-coastal-rail.txt"
CHIPS = "content/2024/2024-01-25-chip-plant-expansion.md"
CHIPS_PAGE = "2024/01/25/chip-plant-expansion-to-add-400-jobs-in-lindenhall/index.html"
TRAM_PAGE = "2024/03/14/tram-line-4-opens-to-passengers-in-port-averly/index.html"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)


def example_copy(target: Path) -> Path:
    """The example archive (both languages), without its search index (Pagefind)."""
    target.mkdir(parents=True)
    for name in ("content", "templates", "static", "locales"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "authors.toml", target / "authors.toml")
    toml = (REPO / "site.toml").read_text(encoding="utf-8")
    assert "[search]\nenabled = true" in toml
    (target / "site.toml").write_text(toml.replace("[search]\nenabled = true",
                                                   "[search]\nenabled = false"),
                                      encoding="utf-8")
    return target


def append(relative: str, text: str) -> Callable[[Path], None]:
    """An edit that adds a paragraph at the end of an article's body."""
    def edit(root: Path) -> None:
        path = root / relative
        body = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":  # wire text ends with its source line
            head, _, source = body.rstrip("\n").rpartition("\n\n")
            path.write_text(f"{head}\n\n{text}\n\n{source}\n", encoding="utf-8")
        else:
            path.write_text(body.rstrip("\n") + f"\n\n{text}\n", encoding="utf-8")
    return edit


def replace_in(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


# (what, the edit, whether the plan stands)
EDITS: list[tuple[str, Callable[[Path], None], bool]] = [
    ("a paragraph added (more words)", append(TRAM, "Trams will also run all night on "
                                               "Saturdays from the first weekend of May."),
     True),
    ("one word changed", replace_in(TRAM, "nineteen", "twenty-one"), True),
    ("the French version", append(TRAM_FR, "Une ligne 5, vers l'aéroport, est à l'étude."),
     True),
    ("two articles at once", lambda root: (
        append(CHIPS, "The plant's first wafers are expected next spring.")(root),
        replace_in(TRAM, "six minutes at peak", "five minutes at peak")(root)), True),
    ("wire text", append(STORM, "Buses will run until at least the end of the month."),
     True),
    ("a new title", replace_in(TRAM, '"Tram line 4 opens to passengers in Port Averly"',
                               '"Tram line 4 opens in Port Averly"'), False),
    ("a body edit after the whole way", append(TRAM, "The mayor rode the last tram."),
     True),
    ("a tag removed", replace_in(TRAM, '"Transport", "climate", ', '"Transport", '), False),
    ("a new summary", replace_in(CHIPS, "\n\n", "\n\nA first paragraph, new.\n\n"), None),
]


@pytest.mark.slow
def test_body_edits_write_what_the_whole_way_writes(tmp_path: Path, env: None) -> None:
    """The same edits in a session and in builds of their own (each the whole way, as
    the command line builds) change the same files and leave the same site, which is what
    a clean build makes (checked at the end, and after every kind of edit for builds of
    their own in test_incremental.py); the session skips indexing and planning where only
    bodies changed."""
    hot, cold = example_copy(tmp_path / "hot"), example_copy(tmp_path / "cold")
    memory = BuildMemory(keep_plan=True)
    options = BuildOptions(jobs=1, keep_going=True)
    build(hot, options, memory=memory)
    build(cold, options)
    for what, edit, stands in EDITS:
        edit(hot)
        edit(cold)
        kept = build(hot, options, memory=memory)
        whole = build(cold, options)
        assert kept.changed == whole.changed, what
        assert kept.rendered == whole.rendered, what
        assert kept.changed, what
        if stands is not None:
            assert ("index" not in kept.timings) is stands, (what, kept.timings)
        assert files_of(hot / "output") == files_of(cold / "output"), what
    clean = tmp_path / "clean"
    build(hot, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(hot / "output") == files_of(clean)


def test_a_body_edit_renders_only_the_pages_that_show_it(
        tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """...and plans none of the site again, though the site has two languages (each
    page linked to its versions in the other): the edited story's pages are made again."""
    from generator.outputs import planner

    root = example_copy(tmp_path / "site")
    memory = BuildMemory(keep_plan=True)
    first = build(root, BuildOptions(jobs=1), memory=memory)
    planned: list[str] = []

    def counted(plan: planner.Planner) -> planner.Planner:
        def run(*args: Any) -> Any:
            planned.append(plan.__name__)
            return plan(*args)
        return run

    monkeypatch.setattr(planner, "PLANNERS", tuple(map(counted, planner.PLANNERS)))
    append(CHIPS, "The plant's first wafers are expected next spring.")(root)
    result = build(root, BuildOptions(jobs=1), memory=memory)
    assert "index" not in result.timings and "plan" in result.timings
    assert planned == []
    # The story's page, and the lists that show its body (feeds): a handful of the site's.
    assert 1 <= result.rendered <= 12 < first.pages
    page = (root / "output" / CHIPS_PAGE).read_text(encoding="utf-8")
    assert "first wafers are expected next spring" in page


def test_a_process_that_exits_waits_for_a_save_under_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` stopped by Ctrl-C saves without waiting for a build (Session.save(wait=
    False)), but a save the build thread has begun is waited for: killed half-way with
    the process, it left no record (a temporary file in .cache/), and the next build from
    the command line made every page again."""
    session = Session(tmp_path)
    begun, finish = threading.Event(), threading.Event()
    steps: list[str] = []

    def slow_save(memory: BuildMemory) -> list[object]:
        steps.append("begun")
        begun.set()
        finish.wait(10)
        steps.append("saved")
        return []

    monkeypatch.setattr(BuildMemory, "save_unsaved", slow_save)
    saving = threading.Thread(target=session.save)  # the build thread, after a pause
    saving.start()
    assert begun.wait(10)
    threading.Timer(0.3, finish.set).start()
    assert session.save(wait=False) == []  # the main thread, exiting
    assert steps == ["begun", "saved"]
    saving.join(10)


def test_a_session_saves_its_record_when_asked(tmp_path: Path, env: None) -> None:
    """A session's build leaves the manifest in .cache/ to be saved later (serve saves
    it when the editor pauses); a build in another process meanwhile still makes the
    site right, and the session then takes the whole way from what that build saved."""
    root = example_copy(tmp_path / "site")
    session = Session(root, BuildOptions(jobs=1))
    assert session.rebuild().ok
    assert session.unsaved
    output = root / "output"
    assert load_manifest(root / CACHE_DIR, output.resolve()) is None
    assert session.save() == []
    assert not session.unsaved
    saved = load_manifest(root / CACHE_DIR, output.resolve())
    assert saved is not None and saved.pages > 100

    append(TRAM, "Trams will also run all night on Saturdays.")(root)
    assert session.rebuild().ok and session.unsaved
    # Another process builds now, from the manifest saved before the edit.
    append(CHIPS, "The plant's first wafers are expected next spring.")(root)
    other = build(root, BuildOptions(jobs=1))
    assert other.changed
    signature = file_signature(root / CACHE_DIR, output.resolve())
    assert session.save() == []  # not over the other build's newer record
    assert file_signature(root / CACHE_DIR, output.resolve()) == signature
    clean = tmp_path / "clean"
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(output) == files_of(clean)

    replace_in(TRAM, "nineteen", "twenty-one")(root)
    outcome = session.rebuild()
    assert outcome.ok and outcome.changed
    shutil.rmtree(clean)
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(output) == files_of(clean)


def test_a_session_build_after_events_looks_only_at_their_files(tmp_path: Path,
                                                               env: None) -> None:
    """The preview server passes the files its watcher saw change: where they are edits
    of content files, only they are looked at again (a build of 10,000 articles lists
    none of the others); a rebuild without them looks at every file, and finds a change
    whose event was lost. A new file takes the whole listing."""
    root = example_copy(tmp_path / "site")
    session = Session(root, BuildOptions(jobs=1))
    assert session.rebuild().ok
    append(TRAM, "Trams will also run all night on Saturdays.")(root)
    append(CHIPS, "The plant's first wafers are expected next spring.")(root)
    outcome = session.rebuild([root / TRAM])  # the event of the second edit was lost
    assert outcome.ok and outcome.from_events
    output = root / "output"
    assert "all night on Saturdays" in (output / TRAM_PAGE).read_text(encoding="utf-8")
    assert "first wafers" not in (output / CHIPS_PAGE).read_text(encoding="utf-8")
    outcome = session.rebuild()
    assert outcome.ok and not outcome.from_events
    assert "first wafers" in (output / CHIPS_PAGE).read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(output) == files_of(clean)

    new = root / "content/2024/2024-05-02-ferry-timetable.md"
    new.write_text(article_md("New ferry timetable", "2024-05-02", "Ferries run hourly."),
                   encoding="utf-8")
    outcome = session.rebuild([new])
    assert outcome.ok and not outcome.from_events
    assert (output / "2024/05/02/new-ferry-timetable/index.html").is_file()


def test_preview_saves_the_record_once_quiet(start_preview: Callable[..., object],
                                             tmp_path: Path) -> None:
    from generator.serve import Preview

    preview = start_preview({"content/a.md": article_md("A story", "2024-05-01",
                                                       "First text.")})
    assert isinstance(preview, Preview)
    root = preview.session.root
    deadline = time.monotonic() + 10
    while preview.session.unsaved and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not preview.session.unsaved, "the manifest was not saved within 10 s"
    assert load_manifest(root / CACHE_DIR, preview.output) is not None


def test_a_page_that_fails_sends_the_build_the_whole_way(tmp_path: Path, env: None) -> None:
    """A template error met while remaking a page (here: on one story once it has more
    words) fails the build as a build the whole way fails, leaving output/ as it was;
    undoing the edit builds again."""
    hot, cold = example_copy(tmp_path / "hot"), example_copy(tmp_path / "cold")
    memory = BuildMemory(keep_plan=True)
    options = BuildOptions(jobs=1, keep_going=True)
    build(hot, options, memory=memory)
    found = re.search(r'"wordCount": ?(\d+)', (hot / "output" / CHIPS_PAGE).read_text())
    assert found, "the story's structured data gives its word count"
    theme = (REPO / "generator/theme/templates/article.html").read_text(encoding="utf-8")
    tag = "{% block page_title %}"
    assert tag in theme
    failing = theme.replace(tag, tag + "{{ 1 // 0 if article.path.endswith("
                            f"'chip-plant-expansion.md') and article.words > {found[1]} }}}}",
                            1)
    original = (hot / CHIPS).read_text(encoding="utf-8")
    for root in (hot, cold):
        (root / "templates/article.html").write_text(failing, encoding="utf-8")
    build(hot, options, memory=memory)
    build(cold, options)
    before = files_of(hot / "output")
    for root in (hot, cold):
        append(CHIPS, "The plant's first wafers are expected next spring.")(root)
    failures = []
    for root, kept in ((hot, memory), (cold, BuildMemory())):
        with pytest.raises(SiteError) as failed:
            build(root, options, memory=kept)
        failures.append([str(problem) for problem in failed.value.problems])
    assert failures[0] == failures[1]
    assert any("ZeroDivisionError" in line and "chip-plant" in line for line in failures[0])
    assert files_of(hot / "output") == before
    for root in (hot, cold):
        (root / CHIPS).write_text(original, encoding="utf-8")
    assert build(hot, options, memory=memory).changed == build(cold, options).changed
    assert files_of(hot / "output") == files_of(cold / "output")


def test_a_story_that_comes_out_meanwhile_takes_the_whole_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body edit after a scheduled story's time has come publishes that story too."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Test Times"\nbase_url = "https://t.example/"\n'
                                    'timezone = "UTC"\n', encoding="utf-8")
    (root / "content/now.md").write_text(article_md("Out now", "2025-01-01T08:00:00Z",
                                                    "First text.", summary="Now."),
                                         encoding="utf-8")
    (root / "content/later.md").write_text(article_md("Out at ten", "2025-01-01T10:00:00Z",
                                                      "Scheduled text."), encoding="utf-8")
    memory = BuildMemory(keep_plan=True)
    ten = 1735725600  # 2025-01-01 10:00 UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(ten - 3600))
    build(root, BuildOptions(jobs=1), memory=memory)
    assert not (root / "output/2025/01/01/out-at-ten/index.html").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(ten + 60))
    (root / "content/now.md").write_text(article_md("Out now", "2025-01-01T08:00:00Z",
                                                    "Second text.", summary="Now."),
                                         encoding="utf-8")
    result = build(root, BuildOptions(jobs=1), memory=memory)
    assert "index" in result.timings
    assert (root / "output/2025/01/01/out-at-ten/index.html").exists()
    clean = tmp_path / "clean"
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(root / "output") == files_of(clean)


def test_lists_that_show_word_counts_show_the_new_ones(tmp_path: Path, env: None) -> None:
    """A site's list item that shows each story's word count (through `remember`, which
    makes an item once) shows the new count after a body edit, in every list."""
    root = tmp_path / "site"
    (root / "templates").mkdir(parents=True)
    macros = (REPO / "generator/theme/templates/_macros.html").read_text(encoding="utf-8")
    meta = '<p class="story__meta"'
    assert macros.count(meta) == 1
    (root / "templates/_macros.html").write_text(
        macros.replace(meta, '<p class="words">{{ article.word_count }} words</p>\n' + meta),
        encoding="utf-8")
    (root / "site.toml").write_text('title = "Test Times"\nbase_url = "https://t.example/"\n'
                                    'timezone = "UTC"\n', encoding="utf-8")
    (root / "content").mkdir()
    for n in range(4):
        (root / f"content/s{n}.md").write_text(article_md(
            f"Story {n}", f"2024-05-0{n + 1}", f"Story {n} begins.", tags="[Port]"),
            encoding="utf-8")
    memory = BuildMemory(keep_plan=True)
    build(root, BuildOptions(jobs=1), memory=memory)
    home = (root / "output/index.html").read_text(encoding="utf-8")
    assert home.count('<p class="words">3 words</p>') == 4
    append("content/s2.md", "Two more words, then three more.")(root)
    result = build(root, BuildOptions(jobs=1), memory=memory)
    assert "index" not in result.timings
    home = (root / "output/index.html").read_text(encoding="utf-8")
    assert home.count('<p class="words">3 words</p>') == 3
    assert home.count('<p class="words">9 words</p>') == 1
    clean = tmp_path / "clean"
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(root / "output") == files_of(clean)


def test_a_remake_reports_the_warnings_of_the_whole_way(tmp_path: Path, env: None) -> None:
    """Warnings found after parsing (here: two stories of one day with one slug) are
    reported by a session's remake as by a build the whole way, and kept for the next
    build: `--strict` still fails when nothing changed since."""
    sites = []
    for name in ("hot", "cold"):
        root = tmp_path / name
        (root / "content").mkdir(parents=True)
        (root / "site.toml").write_text('title = "T"\nbase_url = "https://t.example/"\n'
                                        'timezone = "UTC"\n', encoding="utf-8")
        for n in (1, 2):
            (root / f"content/s{n}.md").write_text(article_md(
                "Harbour news", f"2024-05-01T0{n}:00:00Z", f"Story {n}."), encoding="utf-8")
        sites.append(root)
    hot, cold = sites
    memory = BuildMemory(keep_plan=True)
    first = build(hot, BuildOptions(jobs=1), memory=memory)
    assert any("same day has the slug" in p.message for p in first.warnings)
    for root in sites:
        append("content/s1.md", "A second paragraph.")(root)
    kept, whole = build(hot, BuildOptions(jobs=1), memory=memory), build(cold, BuildOptions(jobs=1))
    assert "index" not in kept.timings
    assert [str(p) for p in kept.warnings] == [str(p) for p in whole.warnings] != []
    with pytest.raises(SiteError):
        build(hot, BuildOptions(jobs=1, strict=True))
