"""date_format and time_format: a CLDR pattern, a CLDR length (short, medium, long, full), or
a strftime pattern of old, turned into the CLDR pattern that prints the same in English."""

from __future__ import annotations

import re
from functools import lru_cache

LENGTHS = ("short", "medium", "long", "full")
# The CLDR date fields Babel formats (https://unicode.org/reports/tr35/tr35-dates.html).
CLDR_FIELDS = frozenset("GyYuQqMLwWdDFEecabBhHKkmsSAzZOvVXx")
# strftime directives and the CLDR fields that print the same thing.
STRFTIME = {
    "d": "dd", "-d": "d", "e": "d", "m": "MM", "-m": "M", "B": "MMMM", "b": "MMM", "h": "MMM",
    "Y": "y", "y": "yy", "A": "EEEE", "a": "EEE", "H": "HH", "-H": "H", "I": "hh", "-I": "h",
    "M": "mm", "-M": "m", "S": "ss", "-S": "s", "p": "a", "j": "DDD", "-j": "D", "Z": "z",
    "z": "xx",
}
_DIRECTIVE = re.compile(r"%(-?.)")
# A pattern to suggest, by setting.
_EXAMPLE = {"date_format": "d MMMM y", "time_format": "HH:mm"}


class DateFormatError(ValueError):
    """A date_format that cannot be used, with the reason in the user's words."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@lru_cache(maxsize=256)
def cldr_pattern(value: str, key: str = "date_format") -> str:
    """The CLDR pattern (or length name) that `value` stands for; raise DateFormatError,
    naming the setting `key`, if it is neither a length, a CLDR pattern nor a strftime
    pattern with a CLDR equivalent."""
    if value in LENGTHS:
        return value
    if "%" in value:
        return _from_strftime(value, key)
    _check_cldr(value, key)
    return value


def _from_strftime(value: str, key: str) -> str:
    parts: list[str] = []
    position = 0
    for found in _DIRECTIVE.finditer(value):
        parts.append(_literal(value[position:found.start()]))
        directive = found[1]
        if directive == "%":
            parts.append("%")
        elif directive in STRFTIME:
            parts.append(STRFTIME[directive])
        else:
            raise DateFormatError(
                f"'%{directive}' in {key} '{value}' has no CLDR equivalent",
                f"write a CLDR pattern such as '{_EXAMPLE[key]}', or short, medium or long")
        position = found.end()
    if value.endswith("%") and not value.endswith("%%"):
        raise DateFormatError(f"{key} '{value}' ends with a lone '%'",
                              f"write a CLDR pattern such as '{_EXAMPLE[key]}'")
    parts.append(_literal(value[position:]))
    return "".join(parts)


def _literal(text: str) -> str:
    """Text a CLDR pattern prints as it stands: letters quoted, quotes doubled."""
    if not text:
        return ""
    if re.search(r"[A-Za-z']", text):
        return "'" + text.replace("'", "''") + "'"
    return text


def _check_cldr(value: str, key: str) -> None:
    if value.count("'") % 2:
        raise DateFormatError(f"{key} '{value}' has an unclosed quote",
                              "quote words in pairs, like \"'le' d MMMM y\"")
    # Outside quotes every ASCII letter is a field (Babel would print others as they stand).
    unquoted = "".join(value.split("'")[::2])
    for letter in unquoted:
        if letter.isascii() and letter.isalpha() and letter not in CLDR_FIELDS:
            raise DateFormatError(
                f"'{letter}' in {key} '{value}' is no CLDR date field",
                "put words in single quotes, like \"'Published' d MMMM y\"; fields are "
                "d (day), MMMM (month), y (year), EEEE (weekday), HH:mm (time)")
