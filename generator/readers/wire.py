"""Raw dated wire text: '| 21 February 2024, Wednesday |', headline, paragraphs, '• AGENCY'."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..config import Config
from ..errors import Problems, did_you_mean, quoted
from .engines import Renderer
from .fields import RawArticle
from .source import Source
from .text import normalise_text, strip_unshowable

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = [name.lower() for name in calendar.day_name]
# Wire services write the date line in their own language too. Full month and weekday names
# in French, German, Spanish and Italian are read (with or without accents); English ones
# may also be abbreviated. Every other language is an error that says so.
DATE_LANGUAGES = "English, French, German, Spanish or Italian"
_FOREIGN_MONTHS = (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "januar februar marz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
)
_FOREIGN_WEEKDAYS = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "lunes martes miercoles jueves viernes sabado domingo",
    "lunedi martedi mercoledi giovedi venerdi sabato domenica",
)
for _names in _FOREIGN_MONTHS:
    MONTHS.update({name: number for number, name in enumerate(_names.split(), start=1)})
MONTHS.update({"janner": 1, "setiembre": 9})  # Austrian German, Latin American Spanish
FOREIGN_WEEKDAYS = {name: number for names in _FOREIGN_WEEKDAYS
                    for number, name in enumerate(names.split())}
FOREIGN_WEEKDAYS["sonnabend"] = 5
_WORD = r"[^\W\d_]+"
DATELINE = re.compile(
    rf"^\|?\s*(?P<day>\d{{1,2}})\.?\s+(?P<month>{_WORD})\.?,?\s+(?P<year>\d{{4}})"
    rf"\s*(?:,?\s*(?P<weekday>{_WORD}))?\s*\|?$"
)
BULLET = "\u2022"
# A headline longer than this is read as one all the same, with a warning: it may be the
# first paragraph of a story that has no headline.
HEADLINE_MAX_WORDS = 40
TITLE_WORDS = 10
# How many lines from the top a date line may be for a .txt to be wire text at all.
DATELINE_NEAR_TOP = 5


@dataclass(frozen=True, slots=True)
class WireStory:
    """A wire story as written: its date, headline, paragraphs and agency."""

    date: date
    headline: str
    paragraphs: tuple[str, ...]
    agency: str
    headline_derived: bool = False


def parse_wire(text: str, path: str, problems: Problems,
               headline: bool = True) -> WireStory | None:
    """Parse wire text into a WireStory, reporting every problem to `problems`.

    The one-line block after the date line is the headline, whatever its last character.
    Without `headline` (wire-style Markdown files have none) every block is text. Text
    with no date line near its top is not wire text: left out with a warning.
    """
    lines = strip_unshowable(normalise_text(text), path, problems).split("\n")
    blocks = _blocks(lines)
    if not blocks:
        problems.error(path, "the file is empty", None,
                       "start with a date line like '| 21 February 2024, Wednesday |'")
        return None
    (date_line, first), *rest = blocks
    if not _looks_like_dateline(first[0]) and not _dateline_near_top(lines):
        problems.warn(path, f"no date line near the top: not wire text; left out "
                      f"(it starts {quoted(first[0])})", date_line,
                      "wire text starts with a date line like '| 21 February 2024, Wednesday |'"
                      "; other files belong in static/")
        return None
    published = _parse_dateline(first[0], path, date_line, problems)
    if published is None and not _looks_like_dateline(first[0]):
        # No date line at the top: the file starts with its story, whose other problems
        # are still listed in this run.
        rest.insert(0, (date_line, first))
    elif len(first) > 1:
        rest.insert(0, (date_line + 1, first[1:]))
    agency = _agency(rest, path, problems)
    headline_derived = False
    title = ""
    if headline and rest and len(rest[0][1]) == 1:
        title_line, (title,) = rest.pop(0)
        words = len(title.split())
        if words > HEADLINE_MAX_WORDS:
            problems.warn(path, f"the headline has {words} words: is it the first paragraph?",
                          title_line, "put the headline on its own line after the date line")
    paragraphs = tuple("\n".join(block) for _, block in rest)
    if not title:
        if not paragraphs:
            problems.error(path, "no headline and no text after the date line", date_line + 1,
                           "add the headline and the story, separated by blank lines")
            return None
        title = derive_title(paragraphs[0])
        headline_derived = True
        problems.warn(path, f"no headline; using the first words of the text: {quoted(title)}",
                      rest[0][0], "put the headline on its own line after the date line")
    elif not paragraphs:
        problems.warn(path, "the story has a headline but no text", None)
    if published is None:
        return None
    return WireStory(published, title, paragraphs, agency, headline_derived)


def _agency(rest: list[tuple[int, list[str]]], path: str, problems: Problems) -> str:
    """Take the '  • AGENCY' line off the end of the last block, if it is there."""
    if not rest:
        return ""
    last_line, last = rest[-1]
    if not last[-1].startswith(BULLET):
        return ""
    agency = last[-1][len(BULLET):].strip()
    rest[-1] = (last_line, last[:-1])
    if not rest[-1][1]:
        rest.pop()
    if not agency:
        problems.warn(path, "the byline bullet names no agency", last_line + len(last) - 1,
                      "write it like '  \u2022 AFP'")
    return agency


def starts_with_dateline(text: str) -> bool:
    """Whether normalised text starts (after blank lines) with a wire date line."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return DATELINE.match(first) is not None


def _looks_like_dateline(line: str) -> bool:
    """Whether a first line is meant as a date line, even a wrong one: '|' or a digit."""
    return line.startswith("|") or line[:1].isdigit()


def _dateline_near_top(lines: list[str]) -> bool:
    """Whether a date line is among the first non-blank lines."""
    near = [line.strip() for line in lines if line.strip()][:DATELINE_NEAR_TOP]
    return any(DATELINE.match(line) for line in near)


def read_wire(source: Source, config: Config, renderer: Renderer,
              problems: Problems) -> RawArticle | None:
    """Read wire text: its date line is the date (a day with no time of day, which the
    pages do not invent: it is midnight in the site's timezone)."""
    story = parse_wire(source.text, source.path, problems)
    if story is None:
        return None
    meta: dict[str, object] = {"title": story.headline, "date": story.date}
    if story.agency:
        meta["source"] = story.agency
    # Written as the site's Markdown engine writes text, so that the story imported as
    # Markdown (import, escaped for that engine) renders to the same bytes.
    return RawArticle(source.path, "wire", meta, renderer.paragraphs(story.paragraphs),
                      "\n\n".join(story.paragraphs), source.name)


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
    if not match:
        problems.error(path, f"the first line {quoted(line)} is not a date", number, hint)
        return None
    word = match.group("month")
    month = MONTHS.get(_folded(word))
    if month is None:
        english = [name for name in calendar.month_name if name]
        problems.error(path, f"{quoted(word)} in the date line is not a month", number,
                       did_you_mean(word.capitalize(), english)
                       or f"write the month in {DATE_LANGUAGES}, like 'February'")
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
            problems.warn(path, f"{quoted(weekday)} is not a weekday", number, f"it was a {actual}")
        elif named != published.weekday():
            problems.warn(path, f"{published:%-d %B %Y} was a {actual}, not a "
                          f"{calendar.day_name[named]}", number, "check the date and the weekday")
    return published


def _weekday_number(word: str) -> int | None:
    """Monday is 0; English names and abbreviations of three letters or more ('Wed',
    'Thurs'), and the full names in the other languages of DATE_LANGUAGES."""
    word = _folded(word)
    if word in FOREIGN_WEEKDAYS:
        return FOREIGN_WEEKDAYS[word]
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(WEEKDAYS) if name.startswith(word)), None)


def _folded(word: str) -> str:
    """Lower case without accents: 'Février' and 'fevrier' are one month, 'März' is 'marz'."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
