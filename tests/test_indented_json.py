"""JSON laid out with an indent (JSON Feed, JSON-LD): the same text as json.dumps writes,
and no garbage left for the cycle collector a build turns off."""

from __future__ import annotations

import gc
import json

import pytest
from conftest import article_md
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from generator.build import build
from generator.outputs.indented_json import indented_json

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text() | st.text().map(Markup))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.tuples(inner, inner) | st.dictionaries(st.text(), inner, max_size=4),
                      max_leaves=30)


@given(values, st.integers(min_value=0, max_value=3))
def test_the_text_is_what_json_dumps_writes(value: object, indent: int) -> None:
    assert indented_json(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_what_json_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError):
        indented_json({"a": {1, 2}}, 1)
    with pytest.raises(TypeError):
        indented_json({1: "a"}, 1)


def test_no_garbage_is_left_behind() -> None:
    item = {"title": "Storm", "tags": ["a", "b"], "authors": [{"name": "Zoë"}], "n": 1.5}
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        for _ in range(100):
            indented_json(item, 1)
        assert gc.collect() == 0
        for _ in range(100):
            json.dumps(item, ensure_ascii=False, indent=1)
        assert gc.collect() > 0  # what json.dumps leaves, which the test above would see
    finally:
        if was:
            gc.enable()


def test_json_feeds_read_back_as_json_dumps_lays_them_out(make_site) -> None:
    root = make_site({
        "content/a.md": article_md("Budget passes", "2024-02-20", 'A "quoted" & <b>bold</b> '
                                   "text\u2028with a line separator.", tags="[Economy, Zoë]",
                                   author='"Ann Writer"'),
        "content/b.md": article_md("Storm", "2024-02-21", "Rain.", tags="[Economy]"),
    }, 'title = "Test Times"\nbase_url = "https://test.example/"\n')
    build(root)
    feeds = sorted((root / "output").rglob("feed.json"))
    assert len(feeds) >= 4  # the site's, two tags', the author's
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False, indent=1) + "\n", feed
    site = json.loads((root / "output/feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in site["items"]] == ["Storm", "Budget passes"]
    assert "\u2028" in site["items"][1]["content_html"]
