"""Template errors in a newcomer's words, at the template's line."""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2

from ..config import Config
from ..errors import did_you_mean
from ..model import Article, Group, Page, Period
from ..outputs.html import Pager

# What templates call the objects Jinja names by their class in its messages.
_NAMES = {f"{kind.__module__}.{kind.__qualname__}": (name, kind) for name, kind in (
    ("site", Config), ("the article", Article), ("the group", Group), ("the period", Period),
    ("page", Page), ("the pager", Pager))}
_NO_ATTRIBUTE = re.compile(r"^'([\w.]+) object' has no attribute '(\w+)'$")
_UNDEFINED = re.compile(r"^'(\w+)' is undefined$")
_NO_FILTER = re.compile(r"^No (filter|test) named '(\w+)'\.?$")


def undefined_message(env: jinja2.Environment, page: Page, text: str) -> tuple[str, str]:
    """A newcomer's wording for an undefined name or attribute, with a 'did you mean'."""
    if found := _NO_ATTRIBUTE.match(text):
        name, kind = _NAMES.get(found[1], (found[1].rsplit(".", 1)[-1], None))
        fields = [n for n in dir(kind) if not n.startswith("_")] if kind else []
        return f"{name} has no attribute '{found[2]}'", did_you_mean(found[2], fields)
    if found := _UNDEFINED.match(text):
        names = [*page.context, *env.globals, "page"]
        return f"'{found[1]}' is not defined", did_you_mean(found[1], names)
    return text, ""


def syntax_message(env: jinja2.Environment, text: str) -> tuple[str, str]:
    """The syntax error, with a 'did you mean' for an unknown filter or test."""
    if found := _NO_FILTER.match(text):
        known = env.filters if found[1] == "filter" else env.tests
        return f"no {found[1]} named '{found[2]}'", did_you_mean(found[2], known)
    return text, ""


def template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """Find the innermost template frame in a traceback (Jinja rewrites them to templates)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return template_path(frame.filename, None), frame.lineno
    return f"templates/{fallback}", None


def template_path(filename: str | None, name: str | None) -> str:
    if filename:
        path = Path(filename)
        for parent in path.parents:
            if parent.name == "templates":
                return f"templates/{path.relative_to(parent).as_posix()}"
        return path.as_posix()
    return f"templates/{name}"
