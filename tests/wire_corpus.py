"""A wire archive with the quirks of a real one, and a check of every headline and body.

    python tests/wire_corpus.py [--stories 21578] [--seed 11] [--keep DIR] [-j N]

writes a site of wire stories into a temporary folder (or DIR) as an agency archive holds
them: half raw wire text (.txt: date line, headline, paragraphs, '  • AGENCY'), half
Markdown, of which most are the importer's output (front matter) and 383 in 21,578 are
wire text saved as .md with no headline at all. The quirks are those of the archive issue
11 met: headlines ending in a full stop (57 in 10,789), in capitals, long ones; CRLF line
ends, byte-order marks, no final newline, two blank lines between paragraphs, trailing
spaces; weekdays that do not match the date; date lines in French and German; text that
Markdown would read as syntax; and a few plain-text notes that are not wire text at all.
It builds the site with default settings and checks that the build has no error and that
every story's page shows its headline and every paragraph exactly as written.
"""

from __future__ import annotations

import argparse
import calendar
import html
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from corpus import WORDS  # noqa: E402

from generator.build import BuildOptions, BuildResult, build  # noqa: E402
from generator.readers.importers.wire import story_to_markdown  # noqa: E402
from generator.readers.wire import WireStory  # noqa: E402
from generator.slugs import slugify  # noqa: E402

AGENCIES = ["NNA", "Meridian Press", "CWS", "Agence Estuaire", "Northwind"]
FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
GERMAN_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                 "September", "Oktober", "November", "Dezember"]
GERMAN_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
# What Markdown or HTML would take for syntax if a reader interpreted wire text.
TRICKY = ["*not emphasis*", "_nor this_", "<b>bold?</b>", "&amp; sign", "# not a heading",
          "1. not a list", "[not](a link)", "a \\ backslash", "\u201cquoted\u201d",
          "caf\u00e9 \u2013 na\u00efve", "{{ not.liquid }}", "tab\there"]
SITE_TOML = 'title = "Wire Archive"\nbase_url = "https://wire.example/"\ntimezone = "UTC"\n'
EPOCH = "1798761600"  # 2027-01-01: every story is in the past


@dataclass(frozen=True, slots=True)
class Story:
    """What a story must show: its file, headline (None: made from the first words), text."""

    path: str
    headline: str | None
    paragraphs: tuple[str, ...]
    day: date
    agency: str


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), rng.choice(TRICKY))
    return " ".join(words).capitalize() + "."


def _headline(rng: random.Random, number: int, quirky: bool) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 12))] + [str(number)]
    text = " ".join(words).capitalize()
    if quirky:  # the headlines lost before issue 11: a full stop, often in capitals
        text = (text.upper() if rng.random() < 0.5 else text) + "."
    elif rng.random() < 0.01:  # long ones, some over 150 characters
        text += ", " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 18)))
    elif rng.random() < 0.05:
        text = text.replace(" ", ": ", 1)
    return text


def _date_line(rng: random.Random, day: date, wrong_weekday: bool) -> str:
    weekday = day.weekday() if not wrong_weekday else (day.weekday() + 1) % 7
    language = rng.random()
    if language < 0.03:
        return f"| {day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}, {FRENCH_DAYS[weekday]} |"
    if language < 0.06:
        return f"| {day.day}. {GERMAN_MONTHS[day.month - 1]} {day.year}, {GERMAN_DAYS[weekday]} |"
    return f"| {day.day} {calendar.month_name[day.month]} {day.year}, " \
           f"{calendar.day_name[weekday]} |"


def _spoil_bytes(rng: random.Random, text: str) -> bytes:
    """Line ends and encoding quirks: CRLF, a byte-order mark, no final newline, spaces."""
    if rng.random() < 0.05:
        text = text.replace("\n\n", "\n\n\n", 2)  # two blank lines between paragraphs
    if rng.random() < 0.05:
        text = re.sub(r"\.\n", ".  \n", text, count=2)  # trailing spaces
    if rng.random() < 0.03:
        text = text.rstrip("\n")
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if rng.random() < 0.02 else data


def write_corpus(root: Path, stories: int, seed: int = 11) -> tuple[list[Story], int, int]:
    """Write the site; return the stories, the weekdays made wrong and the notes written."""
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    untitled = round(stories * 383 / 21_578)
    txt = stories // 2
    quirky = set(rng.sample(range(txt), max(1, round(txt * 57 / 10_789))))
    written: list[Story] = []
    wrong_weekdays = 0
    for number in range(stories):
        day = date(2015, 1, 1) + timedelta(days=number * 3653 // max(stories, 1))
        paragraphs = tuple(" ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
                           for _ in range(rng.randint(2, 9)))
        agency = rng.choice(AGENCIES)
        name = f"{number:05d}_{rng.getrandbits(64):016x}"
        folder = content / f"{day:%Y}"
        folder.mkdir(exist_ok=True)
        wrong = rng.random() < 0.01
        if number < txt:
            headline = _headline(rng, number, number in quirky)
            wrong_weekdays += wrong
            text = (f"{_date_line(rng, day, wrong)}\n\n{headline}\n\n" + "\n\n".join(paragraphs)
                    + f"\n\n\n  \u2022 {agency}\n")
            (folder / f"{name}.txt").write_bytes(_spoil_bytes(rng, text))
            written.append(Story(f"content/{day:%Y}/{name}.txt", headline, paragraphs, day,
                                 agency))
        elif number < txt + untitled:
            wrong_weekdays += wrong
            byline = f"\n\n\n  \u2022 {agency}\n" if rng.random() < 0.7 else "\n"
            text = f"{_date_line(rng, day, wrong)}\n\n" + "\n\n".join(paragraphs) + byline
            (folder / f"{name}.md").write_bytes(_spoil_bytes(rng, text))
            written.append(Story(f"content/{day:%Y}/{name}.md", None, paragraphs, day,
                                 agency if "\u2022" in byline else ""))
        else:
            headline = _headline(rng, number, False)
            story = WireStory(day, headline, paragraphs, agency)
            (folder / f"{name}.md").write_text(story_to_markdown(story), encoding="utf-8")
            written.append(Story(f"content/{day:%Y}/{name}.md", headline, paragraphs, day,
                                 agency))
    notes = max(1, stories // 2000)
    for number in range(notes):  # desk notes saved among the stories: not wire text
        (content / f"notes-{number}.txt").write_text(
            f"Desk notes {number}\n\n- call the rail union back\n", encoding="utf-8")
    return written, wrong_weekdays, notes


H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def expected_warnings(stories: list[Story], wrong_weekdays: int, notes: int) -> dict[str, int]:
    """The warnings a build must give, by kind, and no others."""
    return {"weekday": wrong_weekdays, "no headline": sum(s.headline is None for s in stories),
            "not wire text": notes, "left out": 1}


def warnings_by_kind(result: BuildResult) -> dict[str, int]:
    kinds = {"weekday": " was a ", "no headline": "no headline; using the first words",
             "not wire text": "not wire text; left out", "left out": "are not articles"}
    counts = dict.fromkeys(kinds, 0)
    for problem in result.warnings:
        kind = next((k for k, text in kinds.items() if text in problem.message), str(problem))
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def check(root: Path, stories: list[Story], result: BuildResult) -> list[str]:
    """Every difference between what the stories say and what the built pages show."""
    from generator.readers.commonmark import CommonMarkRenderer
    from generator.readers.wire import derive_title

    found: list[str] = [str(p) for p in result.errors]
    pages = {}
    for page in (root / "output").glob("*/*/*/*/index.html"):
        pages[page.parent.relative_to(root / "output").as_posix()] = page
    renderer = CommonMarkRenderer()
    for story in stories:
        title = story.headline if story.headline is not None else derive_title(
            story.paragraphs[0])
        key = f"{story.day:%Y/%m/%d}/{slugify(title) or 'article'}"
        page = pages.get(key)
        if page is None:
            found.append(f"{story.path}: no page at {key}/")
            continue
        text = page.read_text(encoding="utf-8")
        shown = H1.search(text)
        if shown is None or html.unescape(shown[1]).strip() != title:
            found.append(f"{story.path}: headline {shown[1] if shown else None!r} "
                         f"is not {title!r}")
        body = [p for p in PARAGRAPH.findall(text)]
        # As the site's engine (CommonMark, the default) writes text.
        expected = [renderer.paragraphs([p])[3:-5] for p in story.paragraphs]
        start = next((i for i, p in enumerate(body) if p == expected[0]), None)
        if start is None or body[start:start + len(expected)] != expected:
            found.append(f"{story.path}: the body is not the {len(expected)} paragraphs")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=21_578)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="write the archive here and keep it")
    parser.add_argument("-j", "--jobs", type=int, help="build processes (default: per core)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch) / "site"
        started = time.perf_counter()
        stories, wrong, notes = write_corpus(root, args.stories, args.seed)
        print(f"{len(stories)} stories and {notes} notes written in "
              f"{time.perf_counter() - started:.1f} s -> {root}")
        started = time.perf_counter()
        result = build(root, BuildOptions(jobs=args.jobs))
        print(f"built {result.articles} articles, {result.pages} pages in "
              f"{time.perf_counter() - started:.1f} s: {len(result.errors)} errors, "
              f"{len(result.warnings)} warnings ({wrong} weekdays made wrong, "
              f"{sum(s.headline is None for s in stories)} stories without a headline, "
              f"{notes} notes)")
        if warnings_by_kind(result) != expected_warnings(stories, wrong, notes):
            print(f"warnings: {warnings_by_kind(result)}, expected "
                  f"{expected_warnings(stories, wrong, notes)}")
            sys.exit(1)
        started = time.perf_counter()
        found = check(root, stories, result)
        print(f"checked every headline and body in {time.perf_counter() - started:.1f} s: "
              f"{len(found)} differences")
        for line in found[:20]:
            print("  " + line)
        sys.exit(1 if found or result.errors else 0)


if __name__ == "__main__":
    main()
