"""Front matter: YAML (---), TOML (+++) or JSON at the top of a Markdown file."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from ..config import toml_error
from ..errors import Problems, quoted


class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that an impossible date (2024-02-31) stays text, and that
    it notes every key given twice in one mapping (`duplicates`: key, line).

    PyYAML raises a bare ValueError for it, with no line; as text it reaches the date
    check, which reports it with the key's line like any other bad date.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark.line + 1))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


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

    def load(self, fm: str, **kwargs: Any) -> Any:
        loader = _YamlLoader(fm)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        kwargs.get("duplicates", []).extend(loader.duplicates)
        return data


class JsonHandler(JSONHandler):
    """JSON front matter: '{' and '}' on lines of their own, or an object on one line
    before the body; a key given twice is noted (`duplicates`: key, line)."""

    def detect(self, text: str) -> bool:
        return text.startswith("{")

    def split(self, text: str) -> tuple[str, str]:
        if self.FM_BOUNDARY.match(text):  # type: ignore[union-attr]
            return super().split(text)
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:  # loading the first line reports where it fails
            end = len(text.split("\n", 1)[0])
        return text[:end], text[end:]

    def load(self, fm: str, **kwargs: Any) -> Any:
        found: list[tuple[str, int]] = kwargs.get("duplicates", [])

        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            keys = [key for key, _ in items]
            for key in sorted({key for key in keys if keys.count(key) > 1}):
                marks = list(re.finditer(rf'"{re.escape(key)}"\s*:', fm))
                found.append((key, fm.count("\n", 0, marks[-1].start()) + 1 if marks else 1))
            return dict(items)

        return json.loads(fm, object_pairs_hook=pairs)


class TomlHandler(BaseHandler):
    """TOML front matter read with the standard library's tomllib (TOML 1.0)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        raise NotImplementedError("the importer writes YAML front matter")


HANDLERS: list[BaseHandler] = [YamlHandler(), JsonHandler(), TomlHandler()]
LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class Split:
    """A Markdown file split: its front matter (None if it has none), its body, the line
    of each top-level key, and the line the body starts on."""

    meta: dict[str, Any] | None
    body: str
    lines: dict[str, int]
    body_line: int


def split_front_matter(text: str, path: str, problems: Problems) -> Split | None:
    """Split normalised text into front matter and body; None after reporting an error.

    Blank lines before the opening delimiter are skipped, as Hugo skips them.
    """
    if not text.strip():
        problems.error(path, "the file is empty", None,
                       "start it with front matter: '---', 'title: ...', 'date: ...', '---'")
        return None
    blank = LEADING_BLANK_LINES.match(text)
    stripped = text[blank.end():] if blank else text
    lead = text.count("\n", 0, len(text) - len(stripped))
    handler = frontmatter.detect_format(stripped, HANDLERS)
    if handler is None:
        body = text.strip("\n")
        return Split(None, body, {}, _line_of(text, body))
    try:
        fm, body = handler.split(stripped)
    except ValueError:
        problems.error(path, f"front matter opened with {quoted(stripped.splitlines()[0])} "
                       "is not closed", lead + 1,
                       f"close it with a line '{handler.END_DELIMITER or '}'}'")
        return None
    # Every handler's split keeps the newline after the opening delimiter (or the '{'
    # itself), so line N of `fm` is line N of the file after the blank lines.
    duplicates: list[tuple[str, int]] = []
    data = _load(handler, fm, path, problems, lead, duplicates)
    if data is _FAILED:
        return None
    for key, line in duplicates:
        problems.warn(path, f"'{key}' is given more than once; the last one is used",
                      line + lead, "remove the others")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.error(path, "front matter must be a set of 'key: value' lines", lead + 1)
        return None
    lines = {key: number + lead for key, number in _key_lines(fm).items()}
    # Blank lines at the end stay: in CommonMark a code fence left open runs to the end of
    # the document, blank lines and the last line end included.
    body = body.lstrip("\n")
    return Split({str(k): v for k, v in data.items()}, body, lines,
                 _line_of(text, body.rstrip("\n")))


def _line_of(text: str, body: str) -> int:
    """The line of `text` that `body`, a part of its end, starts on."""
    end = len(text.rstrip("\n"))
    return text.count("\n", 0, end - len(body)) + 1


_FAILED = object()


def _load(handler: BaseHandler, fm: str, path: str, problems: Problems, lead: int,
          duplicates: list[tuple[str, int]]) -> Any:
    """Load the front matter block, or report the error on its line of the file (after
    `lead` blank lines); note each key given twice in `duplicates`."""
    # The line the block's last text is on: where an error 'at the end' is to be fixed.
    last_line = len(fm.rstrip().split("\n")) + lead
    try:
        # Our handlers take `duplicates` (each is one of HANDLERS).
        return handler.load(fm, duplicates=duplicates)  # type: ignore[call-arg]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = min(mark.line + 1 + lead, last_line) if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        hint = _yaml_hint(exc, fm)
        if "could not determine a constructor" in problem:
            problem = "tags such as '!!python/object' are not allowed"
            hint = "remove the '!!' tag"
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and start.line + 1 + lead != line:
            problem += f", {context} that starts on line {start.line + 1 + lead}"
        problems.error(path, f"front matter is not valid YAML: {problem}", line, hint)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        problems.error(path, f"front matter is not valid TOML: {message}",
                       line + lead if line else last_line)
    except json.JSONDecodeError as exc:
        problems.error(path, f"front matter is not valid JSON: {exc.msg}", exc.lineno + lead)
    except RecursionError:
        problems.error(path, "front matter is nested too deeply to read", lead + 1)
    return _FAILED


QUOTE_HINT = ("a value in quotes ends at the same quote mark: put it in the other kind, "
              "like 'Council says \"no\"', or double a ' inside '...'")
COLON_HINT = "quote values that contain ':' or start with a special character"


def _yaml_hint(exc: yaml.YAMLError, fm: str) -> str:
    """The hint for a YAML error: about quote marks when the line's value is quoted."""
    problem = getattr(exc, "problem", None) or ""
    if "escape character" in problem:
        return "in \"...\" a backslash starts an escape: use '...' or write \\\\"
    marks = [getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)]
    lines = fm.split("\n")
    for mark in marks:
        if mark is None or mark.line >= len(lines):
            continue
        value = lines[mark.line].partition(":")[2].strip()
        if value[:1] in ("'", '"') and (len(value) < 2 or value.count(value[0]) != 2
                                        or value[-1] != value[0]):
            return QUOTE_HINT
    return COLON_HINT


def _key_lines(fm: str) -> dict[str, int]:
    """Find the line of each top-level key (YAML 'key:', TOML 'key =', JSON '"key":')."""
    found: dict[str, int] = {}
    key = re.compile(r"""^\s{0,4}["']?([A-Za-z_][\w-]*)["']?\s*[:=]""")
    for number, line in enumerate(fm.split("\n"), start=1):
        match = key.match(line)
        if match:
            found.setdefault(match.group(1), number)
    return found
