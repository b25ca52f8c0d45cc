"""Page fingerprints: every value a page's context can hold changes the fingerprint when it
changes, and a value the walk does not know makes the page render every time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any, NamedTuple

import jinja2
import pytest
from markupsafe import Markup

from generator.incremental.fingerprints import Fingerprints
from generator.model import Page


@dataclass(frozen=True)
class Credit:
    name: str
    year: int


class Point(NamedTuple):
    x: int
    y: int


def fingerprint(value: Any) -> bytes | None:
    fingerprints = Fingerprints([], {}, {}, jinja2.Environment(), b"site")
    page = Page("/a/", PurePosixPath("a/index.html"), "", {"value": value})
    return fingerprints.of_page(page)


# Pairs that differ in one thing a reader would see on the page.
DIFFERENT = [
    ("text", "Harbour", "Harbor"),
    ("markup", Markup("<b>Harbour</b>"), Markup("<i>Harbour</i>")),
    ("number", 3, 4),
    ("flag", True, False),
    ("none or zero", None, 0),
    ("date", date(2024, 2, 21), date(2024, 2, 22)),
    ("moment", datetime(2024, 2, 21, 9, tzinfo=UTC), datetime(2024, 2, 21, 10, tzinfo=UTC)),
    ("path", PurePosixPath("a/b"), PurePosixPath("a/c")),
    ("list order", ["a", "b"], ["b", "a"]),
    ("named tuple", Point(1, 2), Point(2, 1)),
    ("dataclass field", Credit("Ana", 2023), Credit("Ana", 2024)),
    ("dataclass in a list", [Credit("Ana", 2023)], [Credit("Bo", 2023)]),
    ("mapping value", {"a": 1}, {"a": 2}),
    ("mapping key", {"a": 1}, {"b": 1}),
    ("number keys", {1: "x"}, {2: "x"}),
]


@pytest.mark.parametrize(("first", "second"), [(a, b) for _, a, b in DIFFERENT],
                         ids=[name for name, _, _ in DIFFERENT])
def test_a_changed_value_changes_the_fingerprint(first: Any, second: Any) -> None:
    assert fingerprint(first) is not None
    assert fingerprint(first) == fingerprint(first)
    assert fingerprint(first) != fingerprint(second)


def test_a_value_the_walk_does_not_know_makes_the_page_render_every_time() -> None:
    assert fingerprint(object()) is None
    assert fingerprint([1, {"deep": [object()]}]) is None
    assert fingerprint(Credit) is None  # the class, not one of its values
