"""Raw dated wire text: '| 21 February 2024, Wednesday |', headline, paragraphs, '• AGENCY'."""

from __future__ import annotations

import calendar
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..errors import Problems

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = [name.lower() for name in calendar.day_name]
DATELINE = re.compile(
    r"^\|?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})"
    r"\s*(?:,?\s*(?P<weekday>[A-Za-z]+))?\s*\|?$"
)
BULLET = "\u2022"
HEADLINE_MAX_WORDS = 25
TITLE_WORDS = 10


@dataclass(frozen=True, slots=True)
class WireStory:
    """A wire story as written: its date, headline, paragraphs and agency."""

    date: date
    headline: str
    paragraphs: tuple[str, ...]
    agency: str
    headline_derived: bool = False


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF and CR line ends into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_wire(text: str, path: str, problems: Problems) -> WireStory | None:
    """Parse wire text into a WireStory, reporting every problem to `problems`."""
    lines = normalise_text(text).split("\n")
    lines = _without_control_characters(lines, path, problems)
    blocks = _blocks(lines)
    if not blocks:
        problems.error(path, "the file is empty", None,
                       "start with a date line like '| 21 February 2024, Wednesday |'")
        return None
    (date_line, first), *rest = blocks
    if len(first) > 1:
        rest.insert(0, (date_line + 1, first[1:]))
    published = _parse_dateline(first[0], path, date_line, problems)

    agency = ""
    if rest:
        last_line, last = rest[-1]
        if last[-1].startswith(BULLET):
            agency = last[-1][len(BULLET):].strip()
            rest[-1] = (last_line, last[:-1])
            if not rest[-1][1]:
                rest.pop()
            if not agency:
                problems.warn(path, "the byline bullet names no agency",
                              last_line + len(last) - 1, "write it like '  • AFP'")

    headline_derived = False
    headline = rest.pop(0)[1][0] if rest and _looks_like_headline(rest[0][1]) else ""
    paragraphs = tuple("\n".join(block) for _, block in rest)
    if not headline:
        if not paragraphs:
            problems.error(path, "no headline and no text after the date line", date_line + 1,
                           "add the headline and the story, separated by blank lines")
            return None
        headline = derive_title(paragraphs[0])
        headline_derived = True
        problems.warn(path, f"no headline; using the first words of the text: '{headline}'",
                      rest[0][0], "put the headline on its own line after the date line")
    elif not paragraphs:
        problems.warn(path, "the story has a headline but no text", None)
    if published is None:
        return None
    return WireStory(published, headline, paragraphs, agency, headline_derived)


def render_paragraphs(paragraphs: tuple[str, ...]) -> str:
    """Render plain-text paragraphs as HTML that shows every character as written."""
    return "\n".join(f"<p>{escape_text(p)}</p>" for p in paragraphs)


def escape_text(text: str) -> str:
    """Escape text for HTML; tabs become character references so that no renderer eats them."""
    return html.escape(text, quote=False).replace("\t", "&#9;")


def derive_title(paragraph: str) -> str:
    words = paragraph.split()
    return " ".join(words) if len(words) <= TITLE_WORDS else " ".join(words[:TITLE_WORDS]) + "…"


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Split lines into blocks separated by blank lines, with each block's first line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _parse_dateline(line: str, path: str, number: int, problems: Problems) -> date | None:
    hint = "write it like '| 21 February 2024, Wednesday |'"
    match = DATELINE.match(line)
    month = MONTHS.get(match.group("month").lower()) if match else None
    if not match or month is None:
        problems.error(path, f"the first line '{line}' is not a date", number, hint)
        return None
    day, year = int(match.group("day")), int(match.group("year"))
    try:
        published = date(year, month, day)
    except ValueError:
        problems.error(path, f"{day} {calendar.month_name[month]} {year} does not exist",
                       number, "check the day of the month")
        return None
    weekday = match.group("weekday")
    if weekday:
        actual = calendar.day_name[published.weekday()]
        named = _weekday_number(weekday)
        if named is None:
            problems.warn(path, f"'{weekday}' is not a weekday", number, f"it was a {actual}")
        elif named != published.weekday():
            problems.warn(path, f"{published:%-d %B %Y} was a {actual}, not a "
                          f"{calendar.day_name[named]}", number, "check the date and the weekday")
    return published


def _weekday_number(word: str) -> int | None:
    """Monday is 0; full names and abbreviations of three letters or more ('Wed', 'Thurs')."""
    word = word.lower()
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(WEEKDAYS) if name.startswith(word)), None)


def _looks_like_headline(block: list[str]) -> bool:
    """A headline is one short line that does not end a sentence with a full stop."""
    if len(block) != 1:
        return False
    text = block[0].rstrip("\u201d\"\u2019')")  # closing quotes and brackets
    return len(block[0].split()) <= HEADLINE_MAX_WORDS and not text.endswith(".")


def _without_control_characters(lines: list[str], path: str, problems: Problems) -> list[str]:
    cleaned = []
    for number, line in enumerate(lines, start=1):
        bad = sorted({c for c in line if unicodedata.category(c) == "Cc" and c != "\t"})
        if bad:
            names = ", ".join(f"U+{ord(c):04X}" for c in bad)
            problems.warn(path, f"removed control characters {names}", number,
                          "they cannot be shown in a web page")
            line = "".join(c for c in line if c not in bad)
        cleaned.append(line)
    return cleaned
