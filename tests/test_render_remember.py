"""A list item made once per build is the same HTML, and its reads still count for each page."""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from generator.render.remember import Remember
from generator.render.views import Reads


class _Store:
    def body(self, path: str) -> object:
        raise AssertionError("no body is read here")


def _macro(env: Environment, remember: Remember):
    template = env.from_string(
        "{% macro item(name) %}<li>{{ name }}{{ touch(name) }}</li>{% endmacro %}")
    return template.module.item


def test_a_remembered_macro_gives_the_same_html_and_notes_its_reads_on_every_page() -> None:
    reads = Reads(_Store())  # type: ignore[arg-type]
    made: list[str] = []
    env = Environment(autoescape=True)

    def touch(name: str) -> str:
        made.append(name)
        reads.note("g:tag:/" + name)
        return ""

    env.globals["touch"] = touch
    remember = Remember(reads)
    item = _macro(env, remember)

    first = reads.begin()
    html_first = str(remember(item, "kyiv"))
    reads.end()
    second = reads.begin()
    html_second = str(remember(item, "kyiv"))
    reads.end()

    assert html_first == html_second == "<li>kyiv</li>"
    assert made == ["kyiv"]
    assert first == second == {"g:tag:/kyiv"}


def test_a_call_with_an_argument_it_cannot_tell_apart_is_made_every_time() -> None:
    reads = Reads(_Store())  # type: ignore[arg-type]
    made: list[str] = []
    env = Environment(autoescape=True)
    env.globals["touch"] = lambda name: made.append(str(name)) or ""
    remember = Remember(reads)
    item = _macro(env, remember)

    remember(item, ["a"])
    remember(item, ["a"])

    assert made == ["['a']", "['a']"]


def test_html_and_the_same_text_are_remembered_apart() -> None:
    """The site's chrome is passed as HTML (its lang and dir attributes): the HTML and a
    text that reads the same are different arguments, each escaped as it should be."""
    reads = Reads(_Store())  # type: ignore[arg-type]
    env = Environment(autoescape=True)
    remember = Remember(reads)
    wrap = env.from_string(
        "{% macro wrap(attrs) %}<p{{ attrs }}>x</p>{% endmacro %}").module.wrap

    html = str(remember(wrap, Markup(' lang="fr"')))
    text = str(remember(wrap, ' lang="fr"'))
    again = str(remember(wrap, Markup(' lang="fr"')))

    assert html == again == '<p lang="fr">x</p>'
    assert text == "<p lang=&#34;fr&#34;>x</p>"
    assert len(remember.done) == 2
