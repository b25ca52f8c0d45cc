"""Killed and concurrent builds: output/ stays whole, and the next build completes it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, article_md, files_of, run_cli, write_tree

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
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(root),
                             "--output", str(output), "-q"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


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
