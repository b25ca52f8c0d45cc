"""The watcher with real watchdog observers on a temporary site: one save, one batch."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.serve.watch import Watcher

FIRST = 5.0  # seconds to wait for a batch that must come
SETTLE = 0.4  # seconds without a further batch (the quiet period is 0.15 s)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for folder in ("content/2024", "templates", "output"):
        (root / folder).mkdir(parents=True)
    (root / "site.toml").write_text('title = "T"\n')
    (root / "content/2024/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\nA\n")
    return root.resolve()


@pytest.fixture
def watch(site: Path) -> Iterator[Callable[..., Watcher]]:
    started: list[Watcher] = []

    def start(poll: bool = False, folders: tuple[str, ...] = ("content", "templates"),
              ) -> Watcher:
        watcher = Watcher(site, "site.toml", [site / f for f in folders], site / "output",
                          poll=poll)
        watcher.start()
        started.append(watcher)
        return watcher

    yield start
    for watcher in started:
        watcher.stop()


def batches(watcher: Watcher, first: float = FIRST) -> list[set[Path]]:
    """Every batch until none comes for SETTLE seconds (waiting up to `first` for one)."""
    found: list[set[Path]] = []
    batch = watcher.next_batch(first)
    while batch is not None:
        found.append(batch)
        batch = watcher.next_batch(SETTLE)
    return found


def test_an_atomic_replace_is_one_change_to_the_file(site: Path, watch) -> None:
    watcher = watch()
    temporary = site / "content/2024/a.md.tmp"
    temporary.write_text("---\ntitle: A2\ndate: 2024-01-01\n---\nA\n")
    os.replace(temporary, site / "content/2024/a.md")
    assert batches(watcher) == [{site / "content/2024/a.md"}]


def test_a_save_in_place_is_seen_as_done_and_built_sooner(site: Path, watch) -> None:
    """Most editors save in place (open, write, close): the observer says when the file is
    closed, and the batch waits only SETTLED, not the whole quiet period."""
    from generator.serve.watch import Debouncer

    seen: list[tuple[Path, bool]] = []

    class Recording(Debouncer):
        def add(self, path: Path, created: bool = False, done: bool = False) -> None:
            seen.append((path, done))
            super().add(path, created, done)

    watcher = Watcher(site, "site.toml", [site / "content"], site / "output",
                      debouncer=Recording())
    watcher.start()
    try:
        story = site / "content/2024/a.md"
        story.write_text("---\ntitle: A4\ndate: 2024-01-01\n---\nA, saved in place.\n")
        assert batches(watcher) == [{story}]
    finally:
        watcher.stop()
    assert seen[-1] == (story, True), seen


def test_a_vim_style_save_is_one_change_to_the_file(site: Path, watch) -> None:
    watcher = watch()
    folder = site / "content/2024"
    (folder / ".a.md.swp").write_bytes(b"swap")
    (folder / "4913").write_bytes(b"")  # vim checks it may create files here
    (folder / "4913").unlink()
    os.rename(folder / "a.md", folder / "a.md~")  # the backup
    (folder / "a.md").write_text("---\ntitle: A3\ndate: 2024-01-01\n---\nA\n")
    (folder / "a.md~").unlink()
    (folder / ".a.md.swp").write_bytes(b"swap, updated")
    (folder / ".a.md.swp").unlink()
    assert batches(watcher) == [{folder / "a.md"}]


def test_a_burst_of_40_files_is_one_batch(site: Path, watch) -> None:
    watcher = watch()
    written = set()
    for number in range(40):
        path = site / f"content/2024/n{number:02}.md"
        path.write_text(f"---\ntitle: N{number}\ndate: 2024-01-02\n---\nN\n")
        written.add(path)
    assert batches(watcher) == [written]


def test_a_git_checkout_is_one_batch(site: Path, watch) -> None:
    watcher = watch()
    new = site / "content/2025"
    new.mkdir()
    for number in range(15):
        (new / f"b{number}.md").write_text("---\ntitle: B\ndate: 2025-01-01\n---\nB\n")
    (site / "content/2024/a.md").unlink()
    (site / "templates/article.html").write_text("{% extends 'base.html' %}")
    found = batches(watcher)
    assert len(found) == 1
    assert {site / "content/2024/a.md", site / "templates/article.html", new,
            new / "b0.md", new / "b14.md"} <= found[0]


def test_deleting_and_renaming_are_seen_with_both_names(site: Path, watch) -> None:
    watcher = watch()
    (site / "content/2024/a.md").rename(site / "content/2024/b.md")
    assert batches(watcher) == [{site / "content/2024/a.md", site / "content/2024/b.md"}]
    (site / "content/2024/b.md").unlink()
    assert batches(watcher) == [{site / "content/2024/b.md"}]


def test_a_renamed_folder_is_seen(site: Path, watch) -> None:
    watcher = watch()
    (site / "content/2024").rename(site / "content/archive-2024")
    found = batches(watcher)
    assert len(found) == 1
    assert {site / "content/2024", site / "content/archive-2024"} <= found[0]


def test_every_atomic_save_of_site_toml_is_seen(site: Path, watch) -> None:
    watcher = watch()
    for title in ("One", "Two"):  # the second save is the one editors' renames lose
        temporary = site / "site.toml.tmp"
        temporary.write_text(f'title = "{title}"\n')
        os.replace(temporary, site / "site.toml")
        assert batches(watcher) == [{site / "site.toml"}]


def test_the_output_folder_and_other_files_of_the_site_folder_are_not_watched(
        site: Path, watch) -> None:
    watcher = watch()
    (site / "output/index.html").write_text("built")
    fresh = site / ".output.new-1234"
    fresh.mkdir()
    (fresh / "index.html").write_text("built")
    shutil.rmtree(site / "output")
    fresh.rename(site / "output")
    (site / "notes.txt").write_text("not a source")
    assert batches(watcher, first=SETTLE) == []


def test_an_output_folder_inside_a_watched_folder_is_still_ignored(site: Path,
                                                                   tmp_path: Path) -> None:
    inside = site / "content/output"
    inside.mkdir()
    watcher = Watcher(site, "site.toml", [site / "content"], inside)
    watcher.start()
    try:
        (inside / "index.html").write_text("built")
        assert batches(watcher, first=SETTLE) == []
    finally:
        watcher.stop()


def test_a_file_that_comes_and_goes_is_no_change(site: Path, watch) -> None:
    watcher = watch()
    scratch = site / "content/2024/untitled-1234"
    scratch.write_text("scratch")
    scratch.unlink()
    assert batches(watcher, first=SETTLE) == []


def test_reading_the_sources_is_no_change(site: Path, watch) -> None:
    watcher = watch()
    (site / "content/2024/a.md").read_text()  # as every build does
    assert batches(watcher, first=SETTLE) == []


def test_a_watched_folder_made_after_the_start_is_seen_and_then_watched(site: Path,
                                                                        watch) -> None:
    shutil.rmtree(site / "templates")
    watcher = watch()
    assert watcher.watched == [site / "content"]
    (site / "templates").mkdir()
    assert batches(watcher) == [{site / "templates"}]
    watcher.refresh([site / "content", site / "templates"])  # as the preview does
    (site / "templates/base.html").write_text("<html></html>")
    assert batches(watcher) == [{site / "templates/base.html"}]


def test_a_watched_folder_removed_and_made_again_is_watched_again(site: Path,
                                                                 watch) -> None:
    watcher = watch()
    shutil.rmtree(site / "templates")
    (site / "templates").mkdir()
    (site / "templates/base.html").write_text("<html></html>")
    found = batches(watcher)  # the folder itself changed: the build looks at all of it
    assert len(found) == 1 and site / "templates" in found[0]
    watcher.refresh([site / "content", site / "templates"])  # as the preview does
    (site / "templates/base.html").write_text("<html>changed</html>")
    assert batches(watcher) == [{site / "templates/base.html"}]


def test_polling_sees_saves_too(site: Path, watch) -> None:
    watcher = watch(poll=True)
    (site / "content/2024/a.md").write_text("---\ntitle: P\ndate: 2024-01-01\n---\nLonger\n")
    (site / "content/2024/c.md").write_text("---\ntitle: C\ndate: 2024-01-01\n---\nC\n")
    assert batches(watcher) == [{site / "content/2024/a.md", site / "content/2024/c.md"}]
