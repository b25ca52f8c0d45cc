"""`remember(macro, ...)`: a macro's HTML made once per build and process, then reused.

An article appears in a dozen lists (the home page, its tags, its source, its day, month
and year): its list item is the same HTML in each. A macro imported without the caller's
context (Jinja's default for `{% import %}`) sees only its arguments and the build's
globals, so its HTML for the same arguments is the same all through a build; templates
call `remember(m.article_item, article)` to make it once. What the macro read (a body, a
group's list) is recorded again each time its HTML is reused, so that rebuilds still know
which pages read what.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from markupsafe import Markup

from ..model import Article
from .views import Reads

# HTML kept per process; past this many the memory is given back and the count starts
# again (a worker meets an article's lists one after another, then no more).
LIMIT = 50_000


class Remember:
    """The `remember` global of one build's environment."""

    def __init__(self, reads: Reads) -> None:
        self.reads = reads
        self.done: dict[Hashable, tuple[Any, frozenset[str]]] = {}
        self.generation = reads.generation

    def __call__(self, macro: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        key = _key(macro, args, kwargs)
        if key is None:
            return macro(*args, **kwargs)
        if self.generation != self.reads.generation:  # bodies changed: word counts too
            self.done.clear()
            self.generation = self.reads.generation
        known = self.done.get(key)
        if known is not None:
            html, read = known
            for name in read:
                self.reads.note(name)
            return html
        outer = self.reads.current
        if outer is not None:
            self.reads.current = set()
        try:
            html = macro(*args, **kwargs)
        finally:
            inner, self.reads.current = self.reads.current, outer
        if outer is not None and inner:
            outer |= inner
        if len(self.done) >= LIMIT:
            self.done.clear()
        self.done[key] = (html, frozenset(inner or ()))
        return html


def _key(macro: Callable[..., Any], args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> Hashable | None:
    """What a call is known by: the macro's code and its arguments (an article by its
    file, HTML apart from text); None when the call cannot be told apart from another
    one (a `caller` block, an argument of another kind)."""
    function = getattr(macro, "_func", None)
    if function is None or "caller" in kwargs or getattr(macro, "caller", False):
        return None
    values: list[Hashable] = []
    for value in (*args, *(kwargs[name] for name in sorted(kwargs))):
        if type(value) is Article:
            values.append(("article", value.path))
        elif value is None or type(value) in (str, int, bool, float):
            values.append(value)
        elif type(value) is Markup:  # HTML made by a template: not the text it equals
            values.append(("markup", str(value)))
        else:
            return None
    return (function.__code__, tuple(sorted(kwargs)), tuple(values))
