"""Rebuilds: the parse cache, the dependency map, and output equal to a clean build."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from conftest import article_md, files_of, jpeg_bytes, run_cli

from generator import parallel
from generator.build import BuildMemory, BuildOptions, BuildResult, build
from generator.errors import SiteError
from generator.incremental.manifest import mark_pending
from generator.incremental.parse_cache import CACHE_DIR, SNAPSHOT_NAME, read_snapshot
from generator.readers import listing as reading
from generator.theme import DEFAULT_THEME as THEME

TOML = """title = "Test Times"
base_url = "https://test.example/"
timezone = "UTC"
per_page = 3
related_articles = 2
"""

AGENCY = Path(__file__).parent / "fixtures" / "agency"
WIRE = ("| 21 February 2024, Wednesday |\n\nDocks reopen after storm\n\n"
        "The port opened at dawn.\n\n  • Harbour Wire\n")


def initial_files() -> dict[str, str]:
    files = {
        f"content/story-{n}.md": article_md(
            f"Story {n}", f"2024-0{1 + n % 3}-{10 + n}", f"Paragraph of story {n}.",
            tags=f"[{['Port', 'Rail', 'Budget'][n % 3]}, City]", source="Meridian Press")
        for n in range(8)
    }
    files["content/wire.txt"] = WIRE
    return files


@pytest.fixture
def env(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01


@pytest.fixture(params=[1, 2], ids=["1 process", "2 processes"])
def jobs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Processes for parsing and rendering. With 2, even these small sites are split
    between forked workers, whose recorded reads must reach the next build."""
    if request.param > 1:
        monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    return int(request.param)


def rebuild_and_compare(root: Path, tmp: Path, jobs: int = 1,
                        memory: BuildMemory | None = None) -> BuildResult:
    """Build `root` incrementally (in a session, with `memory`), then clean into another
    folder: the files must match."""
    result = build(root, BuildOptions(jobs=jobs), memory=memory)
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(root, BuildOptions(output=clean, incremental=False, jobs=jobs))
    assert files_of(root / "output") == files_of(clean)
    return result


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("add an article", lambda r: (r / "content/new.md").write_text(
        article_md("Brand new", "2024-03-30", "Fresh text.", tags="[Port]"))),
    ("edit a body", lambda r: (r / "content/story-2.md").write_text(
        article_md("Story 2", "2024-03-12", "A rewritten paragraph.", tags="[Budget, City]",
                   source="Meridian Press"))),
    ("retag", lambda r: (r / "content/story-3.md").write_text(
        article_md("Story 3", "2024-01-13", "Paragraph of story 3.", tags="[Rail]",
                   source="Meridian Press"))),
    ("redate", lambda r: (r / "content/story-4.md").write_text(
        article_md("Story 4", "2023-11-02", "Paragraph of story 4.", tags="[Rail, City]",
                   source="Meridian Press"))),
    ("retitle", lambda r: (r / "content/story-5.md").write_text(
        article_md("Story five, renamed", "2024-03-15", "Paragraph of story 5.",
                   tags="[Budget, City]", source="Meridian Press"))),
    ("rename a file", lambda r: (r / "content/story-6.md").rename(r / "content/moved.md")),
    ("delete an article", lambda r: (r / "content/story-7.md").unlink()),
    ("edit wire text", lambda r: (r / "content/wire.txt").write_text(
        WIRE.replace("at dawn", "at noon"))),
    ("add a lead image, a body image and two authors", lambda r: (
        (r / "content/port.jpg").write_bytes(jpeg_bytes(900, 600)),
        (r / "content/crane.jpg").write_bytes(jpeg_bytes(500, 400, shade=60)),
        (r / "content/story-0.md").write_text(article_md(
            "Story 0", "2024-01-10T08:30:00+01:00", "Paragraph.\n\n![Crane](crane.jpg)",
            tags="[Port, City]", image="port.jpg", authors="[Ann Writer, Bo Reporter]")))),
    ("a paragraph under the images", lambda r: _append(r / "content/story-0.md",
                                                       "The crane is to be repainted.")),
    ("add authors.toml", lambda r: (r / "authors.toml").write_text(
        '["Ann Writer"]\nbio = "Harbour desk."\nsame_as = ["https://ann.example/"]\n')),
    ("change authors.toml", lambda r: (r / "authors.toml").write_text(
        '["Ann Writer"]\nbio = "City desk."\nurl = "https://ann.example/"\n')),
    ("replace an image", lambda r: (r / "content/crane.jpg").write_bytes(
        jpeg_bytes(640, 400, shade=120))),
    ("add a correction", lambda r: (r / "content/story-1.md").write_text(
        "---\ntitle: Story 1\ndate: 2024-02-11\ntags: [Rail, City]\nsource: Meridian Press\n"
        "corrections: [{date: 2024-02-12, text: The line has 14 stops.}]\n---\n\n"
        "Paragraph of story 1.\n")),
    ("a paragraph in the corrected story", lambda r: _append(r / "content/story-1.md",
                                                             "Trams run every ten minutes.")),
    ("withdraw a story", lambda r: (r / "content/story-2.md").write_text(
        "---\ntitle: Story 2\ndate: 2024-03-12\ntags: [Budget, City]\nstatus: withdrawn\n"
        "withdrawn_note: Withdrawn for legal reasons.\n---\n\nA rewritten paragraph.\n")),
    ("a paragraph in the withdrawn story", lambda r: _append(r / "content/story-2.md",
                                                             "A second paragraph.")),
    ("a paragraph in another story", lambda r: _append(r / "content/story-3.md",
                                                       "A second paragraph, longer.")),
    ("add a template", lambda r: _write(r / "templates/article.html", (
        THEME / "templates/article.html").read_text().replace(
            '<div class="article-body">', '<p class="kicker">Archive copy</p>\n'
            '<div class="article-body">'))),
    ("edit a template", lambda r: _write(r / "templates/article.html", (
        r / "templates/article.html").read_text().replace("Archive copy", "Archived"))),
    ("remove a template", lambda r: (r / "templates/article.html").unlink()),
    ("add a stylesheet", lambda r: _write(r / "static/css/extra.css", "body{color:red}\n")),
    ("add an agency item", lambda r: _copy("g2-message.xml", r / "content/wire/msg.xml")),
    ("add a version of an agency item", lambda r: (
        _copy("ninjs2-version1.json", r / "content/wire/v1.json"),
        _copy("ninjs2-version2.json", r / "content/wire/v2.json"))),
    ("add the picture an agency item names", lambda r: (
        r / "content/wire/marathon-web.jpg").write_bytes(jpeg_bytes(700, 500))),
    ("remove the newer version", lambda r: (r / "content/wire/v2.json").unlink()),
    # Metadata edits that leave the site's order and its periods as they were: a rebuild
    # keeps the batches that read none of it (Batch.reads), checked as it goes.
    ("add a story on a story's day", lambda r: (r / "content/late.md").write_text(
        article_md("Zeta late", "2024-01-13T18:00:00Z", "Late news.", tags="[Port]"))),
    ("move it to another story's day, in the same place", lambda r: (
        r / "content/late.md").write_text(
        article_md("Zeta late", "2024-01-16", "Late news.", tags="[Port]"))),
    ("spell a tag otherwise", lambda r: (r / "content/story-5.md").write_text(
        article_md("Story five, renamed", "2024-03-15", "Paragraph of story 5.",
                   tags="[BUDGET, city]", source="Meridian Press"))),
    ("give a story a source", lambda r: (r / "content/late.md").write_text(
        article_md("Zeta late", "2024-01-16", "Late news.", tags="[Port, Rail]",
                   source="Harbour Wire"))),
    ("change site.toml", lambda r: (r / "site.toml").write_text(
        TOML.replace("Test Times", "Test Gazette"))),
    ("nothing", lambda r: None),
]


def _copy(fixture: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(AGENCY / fixture, path)


def _append(path: Path, paragraph: str) -> None:
    """Add a paragraph at the end of a body: only the body changes, not the summary."""
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{paragraph}\n",
                    encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_every_rebuild_writes_the_bytes_of_a_clean_build(make_site, tmp_path: Path,
                                                         env: None, jobs: int) -> None:
    """Every edit, built as the command line builds."""
    check_every_rebuild(make_site(initial_files(), TOML), tmp_path, jobs, None)


@pytest.mark.slow
def test_every_rebuild_in_a_session_writes_the_bytes_of_a_clean_build(
        make_site, tmp_path: Path, env: None) -> None:
    """Every edit, built in a session (serve), which keeps the last build's plan where
    only bodies changed (incremental/hot.py). One process: a remake renders a few pages,
    and forked workers see what the parent holds."""
    check_every_rebuild(make_site(initial_files(), TOML), tmp_path, 1,
                        BuildMemory(keep_plan=True))


def check_every_rebuild(root: Path, tmp: Path, jobs: int, memory: BuildMemory | None) -> None:
    first = rebuild_and_compare(root, tmp, jobs, memory)
    total = first.pages
    for name, edit in EDITS:
        edit(root)
        result = rebuild_and_compare(root, tmp, jobs, memory)
        assert result.rendered < total or name == "change site.toml", name
        if memory is not None and name.startswith("a paragraph"):
            assert "index" not in result.timings, f"{name}: not a remake of the last plan"


BUNDLE = "content/bundle/index.md"
KEEP_GOING_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("break a date", lambda r: (r / "content/story-2.md").write_text(
        "---\ntitle: Story 2\ndate: 2024-02-31\n---\nBroken.\n")),
    ("two articles claim one slug", lambda r: [(r / f"content/story-{n}.md").write_text(
        article_md("Same", "2024-01-20", f"Story {n}.", slug="same")) for n in (3, 4)]),
    ("fix the date", lambda r: (r / "content/story-2.md").write_text(
        article_md("Story 2", "2024-03-12", "Fixed.", tags="[Budget]"))),
    ("add a page bundle", lambda r: [_write(r / BUNDLE, article_md(
        "Bundle", "2024-02-02", "![map](map.png) and [the report](report.pdf)")),
        (r / "content/bundle/map.png").write_bytes(b"png one")]),
    ("change a file of the bundle", lambda r: (r / "content/bundle/map.png").write_bytes(
        b"png two, longer")),
    ("remove a file of the bundle", lambda r: (r / "content/bundle/map.png").unlink()),
    ("fix the slugs", lambda r: (r / "content/story-4.md").write_text(
        article_md("Other", "2024-01-20", "Story 4.", slug="other"))),
    ("nothing", lambda r: None),
]


@pytest.mark.slow
def test_every_keep_going_rebuild_writes_the_bytes_of_a_clean_one(make_site, tmp_path: Path,
                                                                 env: None) -> None:
    root = make_site(initial_files(), TOML)
    build(root, BuildOptions(keep_going=True, jobs=1))
    for name, edit in KEEP_GOING_EDITS:
        edit(root)
        result = build(root, BuildOptions(keep_going=True, jobs=1))
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        again = build(root, BuildOptions(output=clean, incremental=False, keep_going=True,
                                         jobs=1))
        assert files_of(root / "output") == files_of(clean), name
        assert [str(p) for p in result.errors] == [str(p) for p in again.errors], name


def test_the_site_named_by_another_path_renders_nothing_again(make_site, env: None,
                                                               monkeypatch) -> None:
    root = make_site(initial_files(), TOML)
    first = build(root, BuildOptions())
    assert first.rendered == first.pages > 0
    monkeypatch.chdir(root)
    again = build(Path("."), BuildOptions())  # `--site .` after `--site /the/folder`
    assert again.rendered == 0 and not again.changed
    (root / "static/css").mkdir(parents=True)
    (root / "static/css/extra.css").write_text("p { margin: 0; }\n")
    assert [str(p) for p in build(Path("."), BuildOptions()).changed] == ["css/extra.css"]
    assert build(root, BuildOptions()).changed == []  # the static file is not copied again


def test_a_body_edit_renders_only_the_pages_that_show_that_body(make_site, env: None,
                                                                jobs: int) -> None:
    root = make_site(initial_files(), TOML + "summary_words = 3\n")
    first = build(root, BuildOptions(jobs=jobs))
    assert first.parsed == 9 and first.rendered == first.pages
    # Past the summary's three words, so that the summary (shown in listings) stays.
    (root / "content/story-1.md").write_text(article_md(
        "Story 1", "2024-02-11", "Paragraph of story one, changed.", tags="[Rail, City]",
        source="Meridian Press"))
    again = build(root, BuildOptions(jobs=jobs))
    assert again.parsed == 1
    # Its page, and the feeds that carry its full text; no listing shows a body.
    assert [str(p) for p in again.changed] == [
        "2024/02/11/story-1/index.html", "feed.json", "feed.xml", "rss.xml",
        "sources/meridian-press/feed.json", "sources/meridian-press/feed.xml",
        "tags/city/feed.json", "tags/city/feed.xml", "tags/rail/feed.json",
        "tags/rail/feed.xml"]


def test_a_body_edit_fingerprints_only_the_pages_that_read_that_body(
        make_site, tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """When nothing but bodies changed (Fingerprints.plan_digest is the last build's),
    every page and batch that read none of them keeps its file without being
    fingerprinted again; a retag fingerprints only the batches that read the article or
    the lists it left and joined (Batch.reads). The site built is a clean one."""
    from generator.incremental.batches import CHECK_BATCHES
    from generator.incremental.fingerprints import BatchReads, Fingerprints

    monkeypatch.delenv(CHECK_BATCHES)  # which fingerprints every kept item to check it
    counted: dict[str, int] = {"batch": 0, "page": 0}
    of_batch, of_page = Fingerprints.of_batch_reads, Fingerprints.of_page

    def counting_batch(self: Fingerprints, batch: object) -> tuple[bytes | None, BatchReads]:
        counted["batch"] += 1
        return of_batch(self, batch)  # type: ignore[arg-type]

    def counting_page(self: Fingerprints, page: object) -> bytes | None:
        counted["page"] += 1
        return of_page(self, page)  # type: ignore[arg-type]

    monkeypatch.setattr(Fingerprints, "of_batch_reads", counting_batch)
    monkeypatch.setattr(Fingerprints, "of_page", counting_page)
    root = make_site(initial_files(), TOML)
    first = build(root)
    everything = dict(counted)
    assert everything["batch"] > 30 and everything["page"] > 10
    _append(root / "content/story-1.md", "A second paragraph.")
    counted.update(batch=0, page=0)
    again = build(root)
    # The article's batch and the nine feeds carrying it (a batch each), and their pages
    # (the article's shows a new word count).
    assert again.rendered == 10 and again.pages == first.pages
    assert counted == {"batch": 10, "page": 10}
    build(root, BuildOptions(output=tmp_path / "clean", incremental=False))
    assert files_of(root / "output") == files_of(tmp_path / "clean")
    (root / "content/story-1.md").write_text(article_md(
        "Story 1", "2024-02-11", "Paragraph of story 1.", tags="[Port, City]",
        source="Meridian Press"))
    counted.update(batch=0, page=0)
    build(root)  # a retag
    # The article's batch, its neighbours', the lists and feeds of its old and new tags,
    # its source, its periods', the home page and site feeds it is on, its day's page of
    # "on this day", the corrections page and its feed and the sitemap (which read what
    # they do not say), and a tag's new page: not the others.
    assert 0 < counted["batch"] < everything["batch"] // 2
    build(root, BuildOptions(output=tmp_path / "clean", incremental=False))
    assert files_of(root / "output") == files_of(tmp_path / "clean")


def test_a_body_edit_after_the_clock_moved_the_site_is_not_taken_as_settled(
        make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A story leaves the news sitemap two days after it came out: a body edit made
    later rebuilds the sitemap too, though no metadata changed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01 00:00 UTC
    root = make_site({**initial_files(),
                      "content/fresh.md": article_md("Fresh", "2024-12-31T12:00:00Z")}, TOML)
    build(root)
    assert "Fresh" in (root / "output/news-sitemap.xml").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735948800")  # 2025-01-04
    _append(root / "content/fresh.md", "An update.")
    again = rebuild_and_compare(root, tmp_path)
    assert "news-sitemap.xml" in {str(p) for p in again.changed}
    assert "Fresh" not in (root / "output/news-sitemap.xml").read_text()


def test_a_retag_renders_the_listings_of_both_tags(make_site, env: None, jobs: int) -> None:
    root = make_site(initial_files(), TOML)
    build(root, BuildOptions(jobs=jobs))
    (root / "content/story-1.md").write_text(article_md(
        "Story 1", "2024-02-11", "Paragraph of story 1.", tags="[Port, City]",
        source="Meridian Press"))
    again = build(root, BuildOptions(jobs=jobs))
    changed = {str(p) for p in again.changed}
    assert {"tags/rail/index.html", "tags/port/index.html",
            "2024/02/11/story-1/index.html"} <= changed
    assert "tags/budget/index.html" not in changed


def test_nothing_changed_means_nothing_is_done(make_site, env: None) -> None:
    root = make_site(initial_files(), TOML)
    build(root)
    before = {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")}
    again = build(root)
    assert again.up_to_date and again.changed == []
    assert {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")} == before


def test_a_build_that_finds_nothing_changed_loads_no_entry_of_the_manifest(
        make_site, tmp_path: Path, env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest file holds its head (what the up-to-date check compares) before its
    entries, which only a build that makes something loads; entries that cannot be read
    make the next build make everything again, as no manifest would."""
    from generator.incremental.manifest import Manifest, load_manifest, manifest_file

    root = make_site(initial_files(), TOML)
    first = build(root)

    def refuse(self: Manifest) -> bool:
        raise AssertionError("the entries were loaded")

    with monkeypatch.context() as patched:
        patched.setattr(Manifest, "complete", refuse)
        again = build(root)
    assert again.up_to_date and again.files == first.files and again.pages == first.pages
    output = (root / "output").resolve()
    head = load_manifest(root / CACHE_DIR, output, whole=False)
    whole = load_manifest(root / CACHE_DIR, output)
    assert head is not None and whole is not None and head.rest is not None
    assert head.files == {} and head.file_count() == len(whole.files) == first.files
    offset = head.rest[1]
    assert head.complete() and head == whole
    saved = manifest_file(root / CACHE_DIR, output)
    saved.write_bytes(saved.read_bytes()[:offset + 40])  # the entries cut short
    assert load_manifest(root / CACHE_DIR, output) is None
    _append(root / "content/story-1.md", "A second paragraph.")
    third = build(root)
    assert third.rendered == first.pages and not third.warnings
    build(root, BuildOptions(output=tmp_path / "clean", incremental=False))
    assert files_of(root / "output") == files_of(tmp_path / "clean")


def test_a_scheduled_article_comes_out_without_any_edit(make_site, monkeypatch) -> None:
    files = initial_files()
    files["content/later.md"] = article_md("Embargoed", "2025-06-01")
    root = make_site(files, TOML)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    build(root)
    assert not (root / "output/2025/06/01").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")  # 2025-07-01
    again = build(root)
    assert not again.up_to_date
    assert (root / "output/2025/06/01/embargoed/index.html").exists()


def test_files_that_are_not_the_generators_are_removed(make_site, env: None) -> None:
    root = make_site(initial_files(), TOML)
    build(root)
    (root / "output/CNAME").write_text("news.example\n")
    (root / "content/story-0.md").write_text(article_md("Story 0", "2024-01-10", "Changed."))
    build(root)
    assert not (root / "output/CNAME").exists()


def test_a_deleted_output_file_is_written_again(make_site, env: None) -> None:
    root = make_site(initial_files(), TOML)
    build(root)
    page = root / "output/tags/city/index.html"
    text = page.read_bytes()
    page.unlink()
    (root / "content/story-0.md").write_text(article_md(
        "Story 0", "2024-01-10", "Changed.", tags="[Port, City]", source="Meridian Press"))
    build(root)
    assert page.read_bytes() == text


@pytest.mark.parametrize("damage", ["garbage", "truncated", "altered row"])
def test_a_corrupt_cache_is_rebuilt_not_trusted(make_site, env: None, damage: str) -> None:
    root = make_site(initial_files(), TOML)
    build(root)
    database = root / CACHE_DIR / "articles.sqlite"
    if damage == "garbage":
        database.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        database.write_bytes(database.read_bytes()[:3000])
    else:  # one stored article's bytes changed behind the cache's back
        with closing(sqlite3.connect(database)) as db:
            db.execute("UPDATE parsed SET data = substr(data, 1, 40) || x'00' || "
                       "substr(data, 42) WHERE path = 'content/story-3.md'")
            db.commit()
        (root / CACHE_DIR / SNAPSHOT_NAME).unlink()  # so that the row is read
    (root / "content/story-0.md").write_text(article_md("Story 0", "2024-01-10", "Changed."))
    result = build(root)
    assert result.parsed == 9
    assert [p.path for p in result.warnings] == [".cache/articles.sqlite"]
    assert result.warnings[0].message.startswith("the cache was unreadable")
    again = build(root)
    assert again.up_to_date and again.warnings == []


def test_the_cache_s_snapshot_serves_only_entries_as_they_are_and_is_never_trusted_damaged(
        make_site, tmp_path: Path, env: None) -> None:
    """The snapshot of the parse cache gives an entry only while its file is as it was
    then; an edited file's entry comes from its row, however many builds later. A
    damaged snapshot is not used (nor said: the rows are all there) and is written again."""
    root = make_site(initial_files(), TOML)
    build(root)
    snapshot = root / CACHE_DIR / SNAPSHOT_NAME
    fingerprint, _ = pickle.loads(snapshot.read_bytes())  # the first pickle: its head
    assert len(read_snapshot(snapshot, fingerprint) or {}) == 9
    made = snapshot.read_bytes()
    (root / "content/story-4.md").write_text(article_md(
        "Story 4 retitled after the snapshot", "2024-02-14", "Paragraph of story 4.",
        tags="[Rail, City]", source="Meridian Press", slug="story-4"))
    build(root)
    assert snapshot.read_bytes() == made  # one entry of nine is not enough to make it again
    (root / "site.toml").write_text(TOML.replace('title = "', 'title = "The '))
    result = build(root)  # every page again, every article from the cache
    assert result.parsed == 0 and result.rendered > 400
    page = root / "output/2024/02/14/story-4/index.html"
    assert "Story 4 retitled after the snapshot" in page.read_text()
    damaged = bytearray(made)
    damaged[len(made) // 2] ^= 0xFF
    snapshot.write_bytes(bytes(damaged))
    _append(root / "content/story-4.md", "Another paragraph.")
    result = build(root)
    assert result.parsed == 1 and result.warnings == []
    assert "Another paragraph." in page.read_text()
    assert len(read_snapshot(snapshot, fingerprint) or {}) == 9
    build(root, BuildOptions(output=tmp_path / "clean", incremental=False))
    assert files_of(root / "output") == files_of(tmp_path / "clean")


def test_a_damaged_stored_body_is_an_error_then_parsed_again(make_site, env: None) -> None:
    """A body is checked when a page reads it from the cache: a later build, which reads
    the body it stored in an earlier one, finds the damage, publishes nothing, and the
    next build parses the files again."""
    root = make_site(initial_files(), TOML)
    build(root)
    before = files_of(root / "output")
    with closing(sqlite3.connect(root / CACHE_DIR / "articles.sqlite")) as db:
        where = ("content/story-3.md",)
        [(body,)] = db.execute("SELECT body FROM parsed WHERE path = ?", where).fetchall()
        body = body.replace(b"Paragraph", b"Paragraqh", 1)  # a pickle still, another text
        db.execute("UPDATE parsed SET body = ? WHERE path = ?", (body, *where))
        db.commit()
    (root / "site.toml").write_text(TOML.replace('title = "', 'title = "The '))
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        ".cache/articles.sqlite: the stored text of content/story-3.md is damaged (build "
        "again: the cache is rebuilt)"]
    assert files_of(root / "output") == before
    result = build(root)
    assert result.parsed == 9 and result.warnings[0].path == ".cache/articles.sqlite"
    assert "The " in (root / "output/index.html").read_text(encoding="utf-8")


def test_a_cache_of_another_configuration_is_not_used(make_site, env: None) -> None:
    root = make_site(initial_files(), TOML)
    build(root)
    (root / "site.toml").write_text(TOML + 'summary_words = 3\n')
    assert build(root).parsed == 9


def test_what_a_custom_template_reads_is_followed(make_site, tmp_path: Path, env: None,
                                                  jobs: int) -> None:
    """A listing that prints bodies, an article page that counts its tag's articles."""
    root = make_site(initial_files(), TOML)
    _write(root / "templates/group.html", (THEME / "templates/group.html").read_text().replace(
        "{% block content %}", "{% block content %}{% for a in articles %}"
        "<div class=full>{{ a.body_html|safe }}</div>{% endfor %}", 1))
    _write(root / "templates/article.html", (THEME / "templates/article.html").read_text(
        ).replace('<div class="article-body">', "{% for g in tags %}<p>{{ g.name }}: "
                  "{{ g.articles|length }}</p>{% endfor %}\n<div class=\"article-body\">"))
    rebuild_and_compare(root, tmp_path, jobs)
    (root / "content/story-1.md").write_text(article_md(
        "Story 1", "2024-02-11", "Only the body changed.", tags="[Rail, City]",
        source="Meridian Press"))
    result = rebuild_and_compare(root, tmp_path, jobs)
    assert "tags/rail/index.html" in {str(p) for p in result.changed}
    (root / "content/new.md").write_text(article_md("Added", "2024-03-01", tags="[Port]"))
    result = rebuild_and_compare(root, tmp_path, jobs)
    # Every page of a Port story counts one more Port story now; a Rail story's does not.
    changed = {str(p) for p in result.changed}
    assert {f"2024/01/{day}/story-{n}/index.html" for n, day in ((0, 10), (3, 13), (6, 16))
            } <= changed
    assert "2024/02/14/story-4/index.html" not in changed


def test_a_session_keeps_its_cache_and_notices_another_build(make_site, tmp_path: Path,
                                                             env: None) -> None:
    root = make_site(initial_files(), TOML)
    memory = BuildMemory()
    build(root, BuildOptions(jobs=1), memory=memory)
    kept = memory.cache
    (root / "content/story-1.md").write_text(article_md("Story 1", "2024-02-11", "Edit one."))
    assert build(root, BuildOptions(jobs=1), memory=memory).parsed == 1
    assert memory.cache is kept  # not loaded again
    # Another process builds in between: the session must not trust what it remembers.
    (root / "content/story-2.md").write_text(article_md("Story 2", "2024-03-12", "Edit two."))
    assert run_cli("build", "--site", root, "-q",
                   env={"SOURCE_DATE_EPOCH": "1735689600"}).returncode == 0
    (root / "content/story-2.md").write_text(article_md("Story 2", "2024-03-12", "Edit three."))
    build(root, BuildOptions(jobs=1), memory=memory)
    assert memory.cache is not kept
    clean = tmp_path / "clean"
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(root / "output") == files_of(clean)


def test_static_files_are_copied_and_hidden_ones_only_from_well_known(make_site,
                                                                     env: None) -> None:
    files = {**initial_files(), "static/CNAME": "news.example\n",
             "static/.well-known/security.txt": "Contact: x\n", "static/.DS_Store": "junk",
             "static/css/.site.css.swp": "junk"}
    root = make_site(files, TOML)
    build(root)
    out = root / "output"
    assert (out / "CNAME").read_text() == "news.example\n"
    assert (out / ".well-known/security.txt").is_file()
    assert not (out / ".DS_Store").exists() and not (out / "css/.site.css.swp").exists()
    (root / "static/CNAME").write_text("archive.example\n")
    assert [str(p) for p in build(root).changed] == ["CNAME"]
    assert (out / "CNAME").read_text() == "archive.example\n"


def test_files_a_stopped_build_was_changing_are_made_again(make_site, env: None) -> None:
    """A build stopped while moving files into place: an edit undone, then a build."""
    root = make_site(initial_files(), TOML)
    build(root)
    page = root / "output/tags/city/index.html"
    original = page.read_bytes()
    # What a killed build leaves: the new version of a page in place, and it marked.
    mark_pending(root / CACHE_DIR, (root / "output").resolve(), {"tags/city/index.html"})
    page.write_bytes(original.replace(b"Test Times", b"Test Timez"))  # the same size
    assert page.read_bytes() != original
    again = build(root)
    assert not again.up_to_date
    assert page.read_bytes() == original


def _age(root: Path) -> None:
    """Make every content file look saved long ago, as most files of an archive are."""
    for file in (root / "content").rglob("*"):
        os.utime(file, (1_600_000_000, 1_600_000_000))


def test_a_rebuild_reads_only_the_files_whose_size_or_time_changed(
        make_site, env: None, monkeypatch) -> None:
    root = make_site(initial_files(), TOML)
    _age(root)
    reads: list[str] = []
    original = reading.read_text
    monkeypatch.setattr(reading, "read_text",
                        lambda file, shown, problems: reads.append(shown) or original(
                            file, shown, problems))
    # A cold build (no record, no parse cache) leaves the reading to the parse workers:
    # the listing reads nothing that nothing could be compared with.
    build(root)
    assert reads == []
    (root / "content/story-4.md").write_text(article_md("Story 4", "2024-02-14", "Changed."))
    build(root)
    assert reads == ["content/story-4.md"]
    # Without the output's record but with the parse cache, every file is read to find
    # its entry in the cache (its digest is the cache's key).
    shutil.rmtree(root / "output")
    reads.clear()
    assert build(root).parsed == 0
    assert len(reads) == 9


def test_a_file_changed_just_before_a_build_is_read_again(make_site, env: None) -> None:
    root = make_site(initial_files(), TOML)
    _age(root)
    story = root / "content/story-4.md"
    story.write_text(article_md("Story 4", "2024-02-14", "First words."))  # saved just now
    build(root)
    stat = story.stat()
    # Changed again within the file system's time resolution: same size, same time.
    story.write_text(article_md("Story 4", "2024-02-14", "Other words."))
    os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert story.stat().st_size == stat.st_size
    build(root)
    page = (root / "output/2024/02/14/story-4/index.html").read_text()
    assert "Other words." in page


def test_a_scheduled_article_is_checked_before_it_comes_out(make_site, env: None) -> None:
    files = {**initial_files(),
             "content/taken.md": article_md("Taken", "2024-06-01", slug="taken"),
             "content/later.md": article_md("Later", "2025-06-01", slug="taken"),
             "content/tagged.md": article_md("Tagged", "2025-07-01", tags='["!!!"]')}
    root = make_site(files, TOML + '[permalinks]\narticle = "/news/{slug}/"\n')
    result = build(root)
    assert [str(p) for p in result.warnings] == [
        "content/later.md: warning: slug 'taken' gives /news/taken/, which content/taken.md "
        "also claims (once it comes out on 2025-06-01) (give each article a different "
        "'slug:')",
        "content/tagged.md: warning: tag '!!!' has no letters or digits to make a URL from "
        "(once it comes out on 2025-07-01) (rename the tag)"]
    assert (root / "output/news/taken/index.html").exists()


# --- sites in several languages -----------------------------------------------------------

MULTI_TOML = TOML + '\n[languages.fr]\ntitle = "Le Test"\n'
FRENCH_PO = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Latest news"\n'
             'msgstr "{}"\n')

LANGUAGE_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("add a translation", lambda r: _write(r / "content/story-1.fr.md", article_md(
        "Histoire 1", "2024-02-11", "Paragraphe.", tags="[Rail]"))),
    ("add a site catalogue", lambda r: _write(
        r / "locales/fr/LC_MESSAGES/messages.po", FRENCH_PO.format("À la une"))),
    ("edit the site catalogue", lambda r: _write(
        r / "locales/fr/LC_MESSAGES/messages.po", FRENCH_PO.format("En bref"))),
    ("link by translation_key", lambda r: _write(r / "content/budget-fr.md", article_md(
        "Le budget", "2024-03-12", "Texte.", language="fr", translation_key="budget"))),
    ("give the English story the key", lambda r: _write(r / "content/story-2.md", article_md(
        "Story 2", "2024-03-12", "Paragraph of story 2.", tags="[Budget, City]",
        source="Meridian Press", translation_key="budget"))),
    ("change the French title", lambda r: (r / "site.toml").write_text(
        MULTI_TOML.replace("Le Test", "Le Nouveau Test"))),
    ("remove the site catalogue", lambda r: shutil.rmtree(r / "locales")),
    ("remove a translation", lambda r: (r / "content/story-1.fr.md").unlink()),
    ("declare a third language", lambda r: (r / "site.toml").write_text(
        MULTI_TOML + '\n[languages.de]\ntitle = "Die Probe"\n')),
]


@pytest.mark.slow
def test_every_rebuild_of_a_site_in_two_languages_writes_a_clean_builds_bytes(
        make_site, tmp_path: Path, env: None, jobs: int) -> None:
    root = make_site(initial_files(), MULTI_TOML)
    rebuild_and_compare(root, tmp_path, jobs)
    for name, edit in LANGUAGE_EDITS:
        edit(root)
        result = rebuild_and_compare(root, tmp_path, jobs)
        assert result.rendered > 0, name


def test_a_catalogue_edit_renders_only_the_pages_of_its_language(make_site, env: None) -> None:
    files = {**initial_files(), "content/story-1.fr.md": article_md(
        "Histoire 1", "2024-02-11", "Paragraphe.", tags="[Rail]"),
        "locales/fr/LC_MESSAGES/messages.po": FRENCH_PO.format("À la une")}
    root = make_site(files, MULTI_TOML)
    first = build(root)
    _write(root / "locales/fr/LC_MESSAGES/messages.po", FRENCH_PO.format("En bref"))
    again = build(root)
    # Every French page may show the string (the theme's base.html is on all of them)...
    assert again.rendered == len([p for p in (root / "output/fr").rglob("*.html")])
    assert again.rendered < first.rendered / 2  # no English page: they are the most
    # ...but only the home page does.
    assert [str(p) for p in again.changed] == ["fr/index.html"]
    assert ">En bref</h1>" in (root / "output/fr/index.html").read_text(encoding="utf-8")
