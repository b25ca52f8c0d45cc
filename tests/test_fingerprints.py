"""Page fingerprints: every value a page's context can hold changes the fingerprint when it
changes, and a value the walk does not know makes the page render every time."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

import jinja2
import pytest
from markupsafe import Markup

from generator.incremental import fingerprints
from generator.incremental.fingerprints import Fingerprints, TemplateDigests
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


def templates_at(folder: Path) -> jinja2.Environment:
    folder.mkdir()
    (folder / "page.html").write_text('{% extends "base.html" %}{% block b %}x{% endblock %}')
    (folder / "base.html").write_text('<p>{% block b %}{% endblock %}{% include "part.html" %}')
    (folder / "part.html").write_text("part")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder))


@pytest.fixture
def new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process has in memory of templates read before: nothing."""
    monkeypatch.setattr(fingerprints, "_REFERENCES", {})
    monkeypatch.setattr(fingerprints, "_stores_read", set())


def counting_parses(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []

    def parse(source: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(source)
        return jinja2.Environment.parse(env, source, *args, **kwargs)

    monkeypatch.setattr(env, "parse", parse)
    return parsed


@pytest.mark.usefixtures("new_process")
def test_what_each_template_names_is_kept_for_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env, store = templates_at(tmp_path / "templates"), tmp_path / "cache" / "refs.pickle"
    first = TemplateDigests(env, store)
    before = first.closure("page.html")
    first.save()
    monkeypatch.setattr(fingerprints, "_REFERENCES", {})
    monkeypatch.setattr(fingerprints, "_stores_read", set())
    parsed = counting_parses(env, monkeypatch)
    assert TemplateDigests(env, store).closure("page.html") == before
    assert parsed == []  # read from the store, not parsed again
    # An include edited to pull in another template: that one counts from then on.
    (tmp_path / "templates" / "part.html").write_text('{% include "more.html" %}')
    (tmp_path / "templates" / "more.html").write_text("more")
    edited = TemplateDigests(env, store).closure("page.html")
    (tmp_path / "templates" / "more.html").write_text("more, edited")
    assert TemplateDigests(env, store).closure("page.html") not in (before, edited)
    assert parsed == ['{% include "more.html" %}', "more", "more, edited"]


@pytest.mark.usefixtures("new_process")
@pytest.mark.parametrize("kept", [b"not a pickle", None], ids=["damaged", "other version"])
def test_a_store_that_cannot_be_trusted_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: bytes | None) -> None:
    env, store = templates_at(tmp_path / "templates"), tmp_path / "refs.pickle"
    expected = TemplateDigests(env).closure("page.html")
    monkeypatch.setattr(fingerprints, "_REFERENCES", {})
    if kept is None:  # written by another version, saying page.html names nothing
        own = TemplateDigests(env)._load("page.html")[0]
        kept = pickle.dumps((("another", jinja2.__version__), {own: ()}))
    store.write_bytes(kept)
    digests = TemplateDigests(env, store)
    assert digests.closure("page.html") == expected
    digests.save()  # written again, whole and of this version
    monkeypatch.setattr(fingerprints, "_REFERENCES", {})
    monkeypatch.setattr(fingerprints, "_stores_read", set())
    parsed = counting_parses(env, monkeypatch)
    assert TemplateDigests(env, store).closure("page.html") == expected
    assert parsed == []
