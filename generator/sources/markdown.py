"""Markdown with YAML (---), TOML (+++) or JSON front matter."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import frontmatter
import markdown
import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from ..errors import Problems
from .wire import normalise_text


class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that an impossible date (2024-02-31) stays text.

    PyYAML raises a bare ValueError for it, with no line; as text it reaches the date
    check, which reports it with the key's line like any other bad date.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class YamlHandler(YAMLHandler):
    """YAML front matter whose opening '---' keeps the blank lines after it."""

    # The library's '^-{3,}\s*$' lets \s* run over newlines, so a blank line after the
    # opening '---' was eaten and every reported line number was one too small.
    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_YamlLoader)


class TomlHandler(BaseHandler):
    """TOML front matter read with the standard library's tomllib (TOML 1.0)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        raise NotImplementedError("the importer writes YAML front matter")


HANDLERS: list[BaseHandler] = [YamlHandler(), JSONHandler(), TomlHandler()]


class MarkdownRenderer:
    """One reusable Markdown converter; `=`, `:` and `~` join the backslash-escapable characters."""

    def __init__(self, extensions: tuple[str, ...]) -> None:
        self._md = markdown.Markdown(extensions=list(extensions), output_format="html")
        # Without these a line of '=' under a paragraph would become a heading, one starting
        # with ':' a definition and '~~~' a code fence, and the importer could not write
        # such wire text losslessly.
        for char in "=:~":
            if char not in self._md.ESCAPED_CHARS:
                self._md.ESCAPED_CHARS.append(char)

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


def split_front_matter(text: str, path: str, problems: Problems
                       ) -> tuple[dict[str, Any], str, dict[str, int]] | None:
    """Return (metadata, body, key line numbers), or None after reporting the error."""
    text = normalise_text(text)
    handler = frontmatter.detect_format(text, HANDLERS)
    if handler is None:
        problems.error(path, "no front matter found", 1,
                       "start the file with '---', then 'title:' and 'date:', then '---'")
        return None
    try:
        fm, body = handler.split(text)
    except ValueError:
        problems.error(path, f"front matter opened with '{text.splitlines()[0]}' is not closed",
                       1, f"close it with a line '{handler.END_DELIMITER or '}'}'")
        return None
    # Every handler's split keeps the newline after the opening delimiter (or the '{'
    # itself), so line N of `fm` is line N of the file.
    try:
        data = handler.load(fm)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        problems.error(path, f"front matter is not valid YAML: {problem}", line,
                       "quote values that contain ':' or start with a special character")
        return None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        problems.error(path, f"front matter is not valid TOML: {message}", line)
        return None
    except json.JSONDecodeError as exc:
        problems.error(path, f"front matter is not valid JSON: {exc.msg}", exc.lineno)
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(path, "front matter must be a set of 'key: value' lines", 1)
        return None
    lines = _key_lines(fm)
    return {str(k): v for k, v in data.items()}, body.strip("\n"), lines


def _key_lines(fm: str) -> dict[str, int]:
    """Find the line of each top-level key (YAML 'key:', TOML 'key =', JSON '"key":')."""
    found: dict[str, int] = {}
    key = re.compile(r"""^\s{0,4}["']?([A-Za-z_][\w-]*)["']?\s*[:=]""")
    for number, line in enumerate(fm.split("\n"), start=1):
        match = key.match(line)
        if match:
            found.setdefault(match.group(1), number)
    return found
