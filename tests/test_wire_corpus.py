"""A wire archive with a real archive's quirks builds with every headline and body exact.

tests/wire_corpus.py writes it (see there for the quirks) and checks the built pages; the
quick test builds 400 stories, the slow one as many as the archive issue 11 met (21,578).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from wire_corpus import EPOCH, check, expected_warnings, warnings_by_kind, write_corpus

from generator.build import BuildOptions, build


def build_and_check(root: Path, count: int, monkeypatch: pytest.MonkeyPatch,
                    jobs: int | None) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    stories, wrong_weekdays, notes = write_corpus(root, count)
    assert sum(s.headline is not None and s.headline.endswith(".") for s in stories) >= 1
    result = build(root, BuildOptions(jobs=jobs))
    assert result.errors == []
    assert result.articles == count
    assert warnings_by_kind(result) == expected_warnings(stories, wrong_weekdays, notes)
    assert check(root, stories, result) == []


def test_a_small_wire_archive_keeps_every_headline_and_body(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_and_check(tmp_path, 400, monkeypatch, jobs=1)


@pytest.mark.slow
def test_a_wire_archive_of_21578_stories_keeps_every_headline_and_body(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_and_check(tmp_path, 21_578, monkeypatch, jobs=None)
