"""No content mistake is a crash: whatever a file holds, reading it gives an article or
problems, never an exception (which would reach the user as a traceback)."""

import calendar
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import story_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.errors import Problems
from generator.files import decode_text
from generator.readers import Source, make_renderer, parse_article
from generator.readers.text import UNSHOWABLE, has_unshowable, lone_surrogate
from generator.readers.wire import parse_wire

CONFIG = Config(root=Path("."))
RENDERER = make_renderer(CONFIG)

pieces = st.sampled_from([
    "---\n", "+++\n", "{\n", "}\n", "title: ", "date: ", "tags: ", "slug: ", "draft: ",
    "aliases: ", "updated: ", "2024-02-31", "2024-02-21T10:00:00+01:00", "[a, b]", "{x: 1}",
    '"', "'", ":", "-", "\n", "\n\n", "| 21 February 2024, Wednesday |", "| 31 Feb 2024 |",
    "\u2022 AFP", "title = ", "date = ", '"title": ', "null", "yes", "~", "!!python/object",
    "&anchor", "*alias", "\t", "\ufeff", "\r\n", "<script>", "*x*", "# h", "1. ",
])
texts = st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=texts, suffix=st.sampled_from([".md", ".txt"]))
def test_any_file_gives_an_article_or_problems_never_an_exception(text: str, suffix: str) -> None:
    problems = Problems()
    article = parse_article(Source(f"content/x{suffix}", text), CONFIG, RENDERER, problems)
    assert article is not None or problems.items  # never left out without a word


# Bytes as they may sit on disk: text in several encodings, binary headers, stray bytes.
chunks = st.one_of(
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("utf-16")),
    texts.map(lambda t: t.encode("latin-1", "replace")),
    st.binary(max_size=20),
    st.sampled_from([b"\x89PNG\r\n\x1a\n\x00\x00", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\x00",
                     b"%PDF-1.4\n%\xe2\xe3\xcf\xd3", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80"]),
)
raw_bytes = st.lists(chunks, max_size=6).map(b"".join)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=raw_bytes, suffix=st.sampled_from([".md", ".txt"]))
def test_any_bytes_give_an_article_or_problems_never_an_exception(data: bytes,
                                                                   suffix: str) -> None:
    problems = Problems()
    path = f"content/x{suffix}"
    text = decode_text(data, path, problems)
    if text is None:
        assert len(problems.errors) == 1
        return
    article = story_of(parse_article(Source(path, text), CONFIG, RENDERER, problems))
    assert article is not None or problems.items  # never left out without a word
    if article is not None:
        # Whatever the bytes held, nothing a page cannot show reaches its text.
        for value in (article.title, article.summary, article.body_html, *article.tags):
            assert not UNSHOWABLE.search(value), value


@pytest.mark.parametrize("around", ["{}", "ab\n{}\tz", "\u00e9{}", "\U0001f600{}"])
def test_the_quick_checks_agree_with_the_full_search_on_every_character(around: str) -> None:
    """has_unshowable and lone_surrogate answer ASCII and most text without searching it:
    no character slips past them that a page cannot show or a file cannot hold."""
    points = [*range(0x800), *range(0xD700, 0xE100), *range(0xFDC0, 0x10100),
              *(plane * 0x10000 + low for plane in range(1, 17) for low in (0, 0xFFFD,
                                                                          0xFFFE, 0xFFFF))]
    for point in points:
        text = around.format(chr(point))
        assert has_unshowable(text) == bool(UNSHOWABLE.search(text)), hex(point)
        assert (lone_surrogate(text) is not None) == (0xD800 <= point <= 0xDFFF), hex(point)


# The date line's other languages, written as their speakers write them (with accents),
# checked against English: day, month and weekday of any date read back as that date.
MONTHS_BY_LANGUAGE = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
          "novembre dicembre",
    "en": " ".join(calendar.month_name[1:]),
}
WEEKDAYS_BY_LANGUAGE = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "en": " ".join(calendar.day_name),
}


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       language=st.sampled_from(sorted(MONTHS_BY_LANGUAGE)),
       case=st.sampled_from([str.lower, str.title, str.upper]))
def test_a_date_line_in_any_supported_language_reads_as_its_date(
        day: date, language: str, case: Callable[[str], str]) -> None:
    month = MONTHS_BY_LANGUAGE[language].split()[day.month - 1]
    weekday = WEEKDAYS_BY_LANGUAGE[language].split()[day.weekday()]
    line = f"| {day.day} {case(month)} {day.year}, {case(weekday)} |"
    problems = Problems()
    story = parse_wire(f"{line}\n\nHeadline\n\nText.\n", "x.txt", problems)
    assert [str(p) for p in problems.items] == []
    assert story is not None
    assert story.date == day
