"""Problems found in a site: collected during a build, reported together at the edge."""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where it is, what it is, how to fix it."""

    path: str
    message: str
    line: int | None = None
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        # A file name may hold a line end (or bytes that are not UTF-8): quoted, it can
        # never forge a second line of the report or garble the terminal.
        path = self.path if self.path.isprintable() else quoted_name(self.path)
        where = f"{path}:{self.line}" if self.line else path
        label = "" if self.severity == "error" else "warning: "
        hint = f" ({escaped(self.hint)})" if self.hint else ""
        return f"{where}: {label}{escaped(self.message)}{hint}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)


class SiteError(Exception):
    """The site cannot be built; carries every problem found. `articles_only`: every error
    is in an article, so that a build that keeps going would publish the others."""

    def __init__(self, problems: Iterable[Problem], articles_only: bool = False) -> None:
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        # True when the build stopped after files in the output folder began to change.
        self.output_changed = False
        self.articles_only = articles_only
        super().__init__("\n".join(str(p) for p in self.problems))


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a build; `output_changed` says whether it had begun to change the
    output folder (else the folder is as the build found it)."""

    def __init__(self, output_changed: bool) -> None:
        super().__init__()
        self.output_changed = output_changed


@dataclass(slots=True)
class Problems:
    """A collector that stages append to instead of raising one problem at a time."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, message: str, line: int | None = None,
              hint: str = "") -> None:
        self.items.append(Problem(str(path), message, line, hint, "error"))

    def warn(self, path: str | Path, message: str, line: int | None = None,
             hint: str = "") -> None:
        self.items.append(Problem(str(path), message, line, hint, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SiteError(self.errors)


def escaped(text: str) -> str:
    """`text` with every character that does not show as itself (a control, format or
    separator character) written as an escape (\\n, \\x07, \\u200b), and a byte of a
    file name that is not UTF-8 as \\xNN; the plain space stays."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if not c.isprintable() else c for c in text)


def quoted_name(text: str) -> str:
    """`text` in single quotes, escaped as by `escaped` (for a file name that needs it)."""
    return "'" + escaped(text.replace("\\", "\\\\").replace("'", "\\'")) + "'"


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    if char == " ":
        return char
    return char.encode("unicode_escape").decode("ascii")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return a 'did you mean' hint for a misspelt key, or an empty string.

    Only a close match earns a hint: at 0.6, 'path' was taken for 'author'.
    """
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.7)
    return f"did you mean '{close[0]}'?" if close else ""


def quoted(value: Any, width: int = 60) -> str:
    """Input quoted in a message: a string in single quotes, cut to about `width`
    characters on one line; any other value as shorten() shows it."""
    if not isinstance(value, str):
        return shorten(value, width)
    text = " ".join(value.split()) if "\n" in value or "\r" in value else value
    return f"'{text}'" if len(text) <= width else f"'{text[:width - 1]}…'"


def shorten(value: Any, width: int = 60) -> str:
    """repr() of a value, cut to `width` characters, for quoting input in a message."""
    text = reprlib.repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"
