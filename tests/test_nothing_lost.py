"""Killed and concurrent builds: output/ stays whole, and the next build completes it."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from conftest import REPO, article_md, files_of, run_cli, write_tree

from generator.build import BuildOptions, build
from generator.errors import Interrupted, SiteError
from generator.incremental import parse_cache
from generator.incremental.parse_cache import CACHE_DIR
from generator.lock import build_lock

ENV = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1735689600"}
TOML = 'title = "Kill Test Times"\nbase_url = "https://kill.example/"\ntimezone = "UTC"\n'


def big_site(root: Path, count: int) -> Path:
    files: dict[str, str | bytes] = {"site.toml": TOML}
    for n in range(count):
        body = "\n\n".join(f"Paragraph {p} of story {n}, with *some* words." for p in range(6))
        files[f"content/{n // 500}/{n:05d}.md"] = article_md(
            f"Story {n}", f"20{10 + n % 14}-{n % 12 + 1:02d}-{n % 28 + 1:02d}", body,
            tags=f"[T{n % 40}, T{n % 7}]")
    return write_tree(root, files)


def start_build(root: Path, output: Path) -> subprocess.Popen[bytes]:
    # Ctrl-C as a terminal sends it: a suite started in the background by a shell without
    # job control inherits SIGINT ignored, and so would the build (it then never stops).
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(root),
                             "--output", str(output), "-q"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=partial(signal.signal, signal.SIGINT, signal.SIG_DFL))


def check_whole(output: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Every file is whole and is the old or the new build's; nothing both have is lost."""
    now = files_of(output)
    assert ".newsarchive-output" in now
    for path, data in now.items():
        assert data in (before.get(path), after.get(path)), path
    assert set(before) & set(after) <= set(now)


@pytest.mark.slow
def test_a_build_killed_at_random_moments_leaves_output_whole(tmp_path: Path) -> None:
    root = big_site(tmp_path / "site", 2000)
    output, expected = tmp_path / "public", tmp_path / "expected"
    first = time.perf_counter()
    assert start_build(root, output).wait(timeout=300) == 0
    duration = time.perf_counter() - first
    before = files_of(output)
    rng = random.Random(20261125)
    # A few edited stories (files moved into place one by one), then a new site title
    # (every page changes: a whole new folder swapped in).
    edits = [lambda: [(root / f"content/0/{n:05d}.md").write_text(article_md(
                 f"Story {n} revised", "2015-05-05", "New text.", tags="[T1]"))
                 for n in (3, 250, 499)],
             lambda: (root / "site.toml").write_text(TOML.replace("Kill Test", "Killed"))]
    for edit in edits:
        edit()
        assert run_cli("build", "--site", root, "--output", expected, "-q",
                       env={"SOURCE_DATE_EPOCH": "1735689600"}).returncode == 0
        after = files_of(expected)
        for _ in range(4):
            process = start_build(root, output)
            time.sleep(rng.uniform(0.05, duration))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            check_whole(output, before, after)
        assert start_build(root, output).wait(timeout=300) == 0
        assert files_of(output) == after
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        before = after


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "site", {
        "site.toml": TOML, "content/a.md": article_md("First", "2024-01-01")})
    assert run_cli("build", "--site", root).returncode == 0
    old = files_of(root / "output")
    (root / "content/a.md").write_text(article_md("First", "2024-01-01", "Revised text."))
    with build_lock(root / CACHE_DIR):
        process = start_build(root, root / "output")
        assert process.stderr is not None
        line = process.stderr.readline().decode()
        assert line.startswith("Another build of this site is running (pid ")
        assert line.rstrip().endswith("waiting for it to finish...")
        assert process.poll() is None
        assert files_of(root / "output") == old
    assert process.wait(timeout=60) == 0
    assert b"Revised text." in (root / "output/2024/01/01/first/index.html").read_bytes()


# --- issue 16: a build publishes what the files say now, or fails ------------------------


def small_site(root: Path) -> Path:
    return write_tree(root, {
        "site.toml": TOML,
        "content/a.md": article_md("Harbour", "2024-01-01", "Old text.", tags="[Port]"),
        "content/b.md": article_md("Ferry", "2024-01-02", "Ferry text.", tags="[Port]")})


def published(root: Path, output: Path | None = None) -> str:
    """The article page and the tag feed of the harbour story, as one text."""
    out = output or root / "output"
    return ((out / "2024/01/01/harbour/index.html").read_text(encoding="utf-8")
            + (out / "tags/port/feed.xml").read_text(encoding="utf-8"))


def same_as_clean_build(root: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(root, BuildOptions(output=clean, incremental=False, jobs=1))
    assert files_of(root / "output") == files_of(clean)


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")


def test_a_cache_that_cannot_be_saved_never_publishes_old_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: None) -> None:
    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text.",
                                                  tags="[Port]"))

    def full_disk(new: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(parse_cache, "_rows", full_disk)
        result = build(root, BuildOptions(jobs=1))
    assert [str(w) for w in result.warnings] == [
        ".cache/articles.sqlite: warning: the cache could not be saved (database or disk is "
        "full); the pages show the files as they are, and a later build saves it"]
    assert "New text." in published(root) and "Old text." not in published(root)
    again = build(root, BuildOptions(jobs=1))  # the space is free again
    assert again.up_to_date and "New text." in published(root)
    (root / "content/b.md").write_text(article_md("Ferry", "2024-01-02", "Later.", tags="[Port]"))
    build(root, BuildOptions(jobs=1))
    assert "New text." in published(root)
    same_as_clean_build(root, tmp_path)


@pytest.mark.parametrize(("lock", "warning"), [
    ("EXCLUSIVE", "the cache cannot be used now (database is locked); every file was parsed "
                  "without it"),
    ("IMMEDIATE", "the cache could not be saved (database is locked); the pages show the "
                  "files as they are, and a later build saves it"),
], ids=["exclusive-lock", "write-lock"])
def test_a_cache_locked_by_another_program_never_publishes_old_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: None, lock: str,
        warning: str) -> None:
    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text.",
                                                  tags="[Port]"))
    monkeypatch.setattr(parse_cache, "LOCK_TIMEOUT", 0.2)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         f"db.execute('BEGIN {lock}')\nprint('locked', flush=True)\nsys.stdin.read()\n",
         str(root / CACHE_DIR / "articles.sqlite")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = build(root, BuildOptions(jobs=1))
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert [str(w) for w in result.warnings] == [f".cache/articles.sqlite: warning: {warning}"]
    assert "New text." in published(root) and "Old text." not in published(root)
    assert (root / CACHE_DIR / "articles.sqlite").stat().st_size > 0  # left alone, not emptied
    again = build(root, BuildOptions(jobs=1))
    assert again.up_to_date and again.warnings == [] and "New text." in published(root)
    same_as_clean_build(root, tmp_path)


def test_output_naming_a_file_is_an_error(tmp_path: Path) -> None:
    root = small_site(tmp_path / "site")
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("build", "--site", root, "--output", tmp_path / "notes.txt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'notes.txt'}: is a file, not a folder (give --output a folder's name: "
        "the build writes a whole site there)",
        "Failed: 1 error(s), 0 warning(s); nothing was written."]
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "site"]


def remove_year(out: Path) -> None:
    shutil.rmtree(out / "2024")


def add_below(out: Path) -> None:
    """Files added in a folder that holds only folders, and in a new folder of folders."""
    (out / "2024/01/notes.html").write_text("added by hand")
    (out / "2024/01/extra/more").mkdir(parents=True)
    (out / "2024/01/extra/more/notes.html").write_text("added by hand")


def page_to_folder(out: Path) -> None:
    page = out / "2024/01/01/harbour/index.html"
    page.unlink()
    (page / "inside").mkdir(parents=True)
    (page / "inside/notes.html").write_text("added by hand")


def folder_to_file(out: Path) -> None:
    shutil.rmtree(out / "2024/01/01")
    (out / "2024/01/01").write_text("added by hand")


def edit_by_hand(out: Path) -> None:
    page = out / "2024/01/01/harbour/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Old text.", "Odd text."))


@pytest.mark.parametrize("change", [
    remove_year,
    lambda out: (out / "index.html").unlink(),
    lambda out: (out / "notes.html").write_text("added by hand"),
    edit_by_hand,  # the same size: the time tells
    lambda out: (out / "css/site.css").write_text("body {}"),
    add_below,
    page_to_folder,
    folder_to_file,
], ids=["folder-removed", "index-removed", "file-added", "page-edited", "static-edited",
        "added-below", "page-to-folder", "folder-to-file"])
def test_up_to_date_looks_at_the_output_folder(tmp_path: Path, epoch: None,
                                               change: Callable[[Path], object]) -> None:
    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    assert build(root, BuildOptions(jobs=1)).up_to_date
    change(root / "output")
    result = build(root, BuildOptions(jobs=1))
    assert not result.up_to_date and result.changed
    same_as_clean_build(root, tmp_path)
    assert build(root, BuildOptions(jobs=1)).up_to_date


def test_a_full_disk_stops_the_build_and_leaves_output_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: None) -> None:
    import generator.render.pages as pages

    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    before = files_of(root / "output")
    (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text."))
    write = pages.write_file

    def full_disk(folder: Path, relative: object, data: bytes) -> None:
        if str(relative).endswith("harbour/index.html"):
            raise OSError(errno.ENOSPC, "No space left on device", str(folder / str(relative)))
        write(folder, relative, data)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(pages, "write_file", full_disk)
        with pytest.raises(SiteError) as error:
            build(root, BuildOptions(jobs=1))
    assert [str(p) for p in error.value.problems] == [
        "output/2024/01/01/harbour/index.html: cannot be written: the disk is full "
        "(free some space on the disk, then build again)"]
    assert not error.value.output_changed
    assert files_of(root / "output") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == []
    build(root, BuildOptions(jobs=1))
    assert "New text." in published(root)
    same_as_clean_build(root, tmp_path)


@pytest.mark.parametrize(("damage", "warning"), [
    (lambda cache: (shutil.rmtree(cache), cache.write_text("a file")),
     ".cache: warning: was a file, not the build's cache folder; replaced by a new cache "
     "folder"),
    (lambda cache: ((cache / "articles.sqlite").unlink(), (cache / "articles.sqlite").mkdir()),
     ".cache/articles.sqlite: warning: the cache was unreadable (it is a folder) and is "
     "rebuilt"),
    (lambda cache: ((cache / "build.lock").unlink(), (cache / "build.lock/x").mkdir(
        parents=True)),
     ".cache/build.lock: warning: was a folder, not the build's lock file; replaced"),
], ids=["cache-a-file", "database-a-folder", "lock-a-folder"])
def test_a_cache_in_the_way_is_rebuilt_with_a_warning(
        tmp_path: Path, epoch: None, damage: Callable[[Path], object], warning: str) -> None:
    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    damage(root / CACHE_DIR)
    (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text.",
                                                  tags="[Port]"))
    result = run_cli("build", "--site", root, env={"SOURCE_DATE_EPOCH": "1735689600"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [warning]
    assert "New text." in published(root)
    again = run_cli("build", "--site", root, env={"SOURCE_DATE_EPOCH": "1735689600"})
    assert again.stderr == "" and again.stdout.startswith("Up to date")


def test_ctrl_c_says_output_is_unchanged(tmp_path: Path) -> None:
    root = small_site(tmp_path / "site")
    assert run_cli("build", "--site", root).returncode == 0
    before = files_of(root / "output")
    (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text."))
    with build_lock(root / CACHE_DIR):  # the build waits here: Ctrl-C comes before any write
        process = start_build(root, root / "output")
        assert process.stderr is not None
        assert process.stderr.readline().decode().startswith("Another build of this site")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 130
    assert process.stderr.read().decode() == "Interrupted; output/ is unchanged.\n"
    assert files_of(root / "output") == before


def test_ctrl_c_while_files_move_into_place_says_so_and_the_next_build_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: None) -> None:
    import generator.output

    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text."))

    def interrupted(output: Path, gone: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(generator.output, "remove_files", interrupted)
        with pytest.raises(Interrupted) as stopped:
            build(root, BuildOptions(jobs=1))
    assert stopped.value.output_changed
    build(root, BuildOptions(jobs=1))
    same_as_clean_build(root, tmp_path)


# --- real mounts: a small file system in a namespace of our own (unshare -rm) --------------


def can_mount() -> bool:
    try:
        return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                               "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_mounts = pytest.mark.skipif(not can_mount(), reason="needs user and mount namespaces "
                                  "(unshare -rm) to mount a small file system")


def in_namespace(script: str, root: Path) -> list[str]:
    """Run a shell script as root of a user and mount namespace of its own (its mounts
    vanish with it); `build` in it builds the site at `root`. Return its output lines."""
    build_command = f"{sys.executable} -m generator build --site {root}"
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         f"build() {{ {build_command} \"$@\" 2>&1 | grep -v '^Built'; }}\n{script}"],
        capture_output=True, text=True, timeout=300, env=ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


LISTING = "(cd {out} && find . -type f | sort | xargs md5sum | md5sum)"


@needs_mounts
@pytest.mark.parametrize("mount", [
    "mount -t tmpfs -o size=4m tmpfs {out}",  # a volume: another file system
    "mount --bind {tmp}/volume {out}",  # a bind mount on the same file system
], ids=["tmpfs", "bind"])
def test_an_output_folder_that_is_a_mount_point_is_updated_file_by_file(
        tmp_path: Path, mount: str) -> None:
    root = small_site(tmp_path / "site")
    (root / "output").mkdir()
    (tmp_path / "volume").mkdir()
    out = root / "output"
    lines = in_namespace(f"""
        {mount.format(out=out, tmp=tmp_path)}
        build
        sed -i 's/Old text/New text/' {root}/content/a.md
        build; grep -q 'New text' {out}/2024/01/01/harbour/index.html && echo new
        sed -i 's/Kill Test Times/Mounted Times/' {root}/site.toml
        build; grep -q 'Mounted Times' {out}/index.html && echo renamed
        build --output {tmp_path}/clean
        {LISTING.format(out=out)}; {LISTING.format(out=tmp_path / 'clean')}
        ls -A {out} | grep -c newsarchive-output.staging || true
        ls -A {root} {tmp_path} | grep -c '^\\.output\\.' || true
        build""", root)
    assert lines[:2] == ["new", "renamed"]
    assert lines[2] == lines[3]  # the same files as a clean build of a folder of its own
    assert lines[4:6] == ["0", "0"]  # no staging folder left inside or beside
    assert lines[6].startswith("Up to date")


@needs_mounts
def test_a_full_disk_or_a_read_only_mount_leaves_output_as_it_was(tmp_path: Path) -> None:
    root = small_site(tmp_path / "site")
    out = root / "output"
    out.mkdir()
    lines = in_namespace(f"""
        mount -t tmpfs -o size=4m tmpfs {out}
        build
        {LISTING.format(out=out)}
        printf -- '---\\ntitle: Long\\ndate: 2024-02-01\\n---\\n' > {root}/content/long.md
        head -c 4000000 /dev/urandom | base64 >> {root}/content/long.md
        build; {LISTING.format(out=out)}
        rm {root}/content/long.md
        mount -o remount,ro {out}
        sed -i 's/Old text/New text/' {root}/content/a.md
        build; {LISTING.format(out=out)}""", root)
    assert lines[1:3] == [
        "output: cannot be written: the disk is full (free some space on the disk, then build "
        "again)", "Failed: 1 error(s), 0 warning(s); nothing was written."]
    assert lines[4:6] == [
        "output: cannot be written: the file system is read-only (mount it read-write, or "
        "choose another folder with --output)",
        "Failed: 1 error(s), 0 warning(s); nothing was written."]
    assert lines[0] == lines[3] == lines[6]  # output/ as it was


@needs_mounts
def test_a_read_only_site_folder_is_one_clear_error(tmp_path: Path) -> None:
    root = small_site(tmp_path / "site")
    lines = in_namespace(f"""
        mount --bind {root} {root}; mount -o remount,ro,bind {root}
        build --output {tmp_path}/public""", root)
    assert lines == [
        ".cache: cannot be made: Read-only file system (a build keeps its cache there: make "
        "the site folder writable)", "Failed: 1 error(s), 0 warning(s); nothing was written."]


def test_when_output_cannot_be_swapped_it_is_filled_file_by_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: None) -> None:
    """As on a mount point, where the kernel refuses to move the folder (EBUSY) or to
    rename a file into it from elsewhere (EXDEV); needs no mount (see the tests above)."""
    import generator.placing as placing

    root = small_site(tmp_path / "site")
    build(root, BuildOptions(jobs=1))
    out = root / "output"
    replace = os.replace

    def exchange(a: Path, b: Path) -> bool:
        raise OSError(errno.EBUSY, "Device or resource busy", str(b))

    def across(source: object, target: object) -> None:
        if out in Path(str(target)).parents and out not in Path(str(source)).parents:
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))
        replace(source, target)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(placing, "_exchange", exchange)
        patch.setattr(placing.os, "replace", across)
        patch.setattr(Path, "rename", lambda self, target: exchange(self, target))
        (root / "content/a.md").write_text(article_md("Harbour", "2024-01-01", "New text.",
                                                      tags="[Port]"))
        build(root, BuildOptions(jobs=1))  # a few files: moved into place
        (root / "site.toml").write_text(TOML.replace("Kill Test", "Swapped"))
        build(root, BuildOptions(jobs=1, incremental=False))  # a whole new folder
    assert "New text." in published(root)
    same_as_clean_build(root, tmp_path)
    assert [p.name for p in out.iterdir() if p.name.startswith(".newsarchive-output.")] == []
    assert [p.name for p in root.iterdir() if p.name.startswith(".output.")] == []


def test_many_changes_to_a_large_site_move_in_place_and_most_of_it_swaps(
        tmp_path: Path) -> None:
    """Assembling a new folder costs what the site holds (hard links to every file, then
    removing the old tree: 50 s at 100,000 articles), so 600 changed files of 3,000 are
    moved into place; 2,000 of 3,000 make a new folder that replaces output/ in one step."""
    from generator import output as writer

    out = tmp_path / "output"
    names = [f"a/{n // 100}/{n}.html" for n in range(3000)]
    for name in names:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("old")
    (out / writer.MARKER).write_bytes(b"")

    def rebuild(changed: list[str]) -> int:
        folder = out.stat().st_ino
        before = {name: (out / name).read_text() for name in names}
        with writer.begin(out, clean=False, existing=[*names, writer.MARKER]) as change:
            for name in changed:
                (change.folder / name).parent.mkdir(parents=True, exist_ok=True)
                (change.folder / name).write_text("new")
                change.note(name, existed=True)
            change.finish(gone=[])
            change.commit()
        after = {name: (out / name).read_text() for name in names}
        assert after == {**before, **dict.fromkeys(changed, "new")}
        return out.stat().st_ino - folder

    assert rebuild(names[:600]) == 0  # the same folder: files renamed into it
    assert rebuild(names[1000:]) != 0  # a new folder swapped in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_site_folder_where_the_cache_cannot_be_made_is_one_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a read-only site folder (see the mount test above for a real one; the tests
    may run as root, whom no permission stops)."""
    root = small_site(tmp_path / "site")
    make_folder = Path.mkdir

    def read_only(path: Path, *args: object, **kwargs: object) -> None:
        if path.name == CACHE_DIR:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        make_folder(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(SiteError) as error:
        build(root, BuildOptions(output=tmp_path / "public", jobs=1))
    assert [str(p) for p in error.value.problems] == [
        ".cache: cannot be made: Read-only file system (a build keeps its cache there: make "
        "the site folder writable)"]
    assert not (tmp_path / "public").exists()
