"""The look at output/ before a rebuild: what the last build left, looked at again, finds
what walking the whole folder finds, whatever was changed in it by hand."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import disk
from generator.disk import Rescan, Stat, folder_times, rescan_output, scan_output, stat_of

PAGES = [f"{year}/{month:02d}/{slug}/index.html" for year in (2023, 2024)
         for month in (1, 2) for slug in ("harbour", "storm", "vote")]
OTHERS = ["index.html", "feed.xml", "css/site.css", "tags/port/index.html"]


def make_tree(out: Path) -> None:
    for relative in (*PAGES, *OTHERS):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(f"page {relative}")
    # Every folder an hour old, so that any change shows in its time, however fast.
    past = os.stat(out).st_mtime - 3600
    for folder, _, _ in os.walk(out):
        os.utime(folder, (past, past))


def change(out: Path, chance: random.Random) -> str:
    """Change the tree the way a person (or a script) might; say what was done."""
    files = sorted(scan_output(out))
    folders = sorted({f.rpartition("/")[0] for f in files} - {""})
    target = chance.choice(files)
    folder = chance.choice(folders)
    kind = chance.choice(["edit", "remove", "add", "add-deep", "file-to-folder",
                          "folder-to-file", "remove-folder", "same-size-edit"])
    if kind == "edit":
        (out / target).write_text("edited by hand, longer than before")
    elif kind == "same-size-edit":
        text = (out / target).read_text()
        (out / target).write_text(text.upper())
        os.utime(out / target, ns=(0, 1))
    elif kind == "remove":
        (out / target).unlink()
    elif kind == "add":
        (out / folder / "notes.html").write_text("added")
    elif kind == "add-deep":
        (out / folder / "new/deeper").mkdir(parents=True, exist_ok=True)
        (out / folder / "new/deeper/notes.html").write_text("added")
    elif kind == "file-to-folder":
        (out / target).unlink()
        (out / target).mkdir()
        (out / target / "inside.html").write_text("added")
    elif kind == "folder-to-file":
        shutil.rmtree(out / folder)
        (out / folder).write_text("a file now")
    else:
        shutil.rmtree(out / folder)
    on_file = kind in ("edit", "same-size-edit", "remove", "file-to-folder")
    return f"{kind} {target if on_file else folder}"


def changed_tree(tmp_path: Path, seed: int
                 ) -> tuple[Path, dict[str, Stat], dict[str, int], list[str]]:
    """A tree as a build left it (its files and folder times), then changed by hand."""
    out = tmp_path / "output"
    make_tree(out)
    files = scan_output(out)
    folders = folder_times(out, files)
    chance = random.Random(seed)
    return out, files, folders, [change(out, chance) for _ in range(chance.randint(1, 3))]


@pytest.mark.parametrize("seed", range(40))
def test_looking_again_finds_what_walking_finds(tmp_path: Path, seed: int) -> None:
    out, files, folders, done = changed_tree(tmp_path, seed)
    found, times = rescan_output(out, files, folders)
    assert found == scan_output(out), done
    assert times == {folder: os.lstat(out / folder).st_mtime_ns for folder in folders
                     if (out / folder).is_dir() and not (out / folder).is_symlink()}, done


def test_nothing_changed_is_found_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "output"
    make_tree(out)
    files = scan_output(out)
    folders = folder_times(out, files)
    assert "2024" in folders  # a folder holding only folders is looked at too
    assert rescan_output(out, files, folders) == (files, folders)


@pytest.mark.parametrize("seed", range(5))
def test_the_look_taken_by_a_child_process_is_the_look_taken_here(tmp_path: Path,
                                                                 seed: int) -> None:
    """Rescan forks (where the process has no threads; forced here, as the test runner
    has some) and the child's answer is what rescan_output says, changes made by hand
    included; the child is reaped."""
    out, files, folders, done = changed_tree(tmp_path, seed)
    look = Rescan(out, files, folders, background=True)
    assert look.child
    child = look.child
    assert look.result() == rescan_output(out, files, folders), done
    assert look.child == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped already


def test_a_look_no_longer_wanted_is_stopped_and_one_that_failed_is_taken_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "output"
    make_tree(out)
    files = scan_output(out)
    folders = folder_times(out, files)
    unwanted = Rescan(out, files, folders, background=True)
    child = unwanted.child
    unwanted.close()  # the build failed before it needed the look
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
    parent, look = os.getpid(), disk.rescan_output

    def failing_in_the_child(*args: Any) -> Any:
        if os.getpid() != parent:
            raise OSError("the child could not look")
        return look(*args)

    monkeypatch.setattr(disk, "rescan_output", failing_in_the_child)
    failed = Rescan(out, files, folders, background=True)
    (out / "index.html").write_text("edited by hand after the child was started")
    found, _ = failed.result()
    assert found == scan_output(out)
    assert found["index.html"] == stat_of(out / "index.html")
