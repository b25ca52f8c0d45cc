"""A large synthetic archive with mess added, and what a build says about it.

    python tests/messy_corpus.py [--articles 21000] [--each 40] [--keep DIR] [-j N]

writes benchmarks/synthetic.py's archive into a temporary folder, spoils `--each` files in
each of the ways real archives are spoiled (duplicates, no headline, odd dates, control
characters, Latin-1, empty and binary files...), builds it, and prints the problems by kind
with the build's time; then builds it again without the files that have errors, to time
the whole pipeline over the warnings. tests/test_bad_input.py runs a small one and checks
that every kind of mess is reported exactly as often as it was made.
"""

from __future__ import annotations

import argparse
import calendar
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from synthetic import write_site  # noqa: E402

from generator.build import BuildOptions, build  # noqa: E402
from generator.errors import Problem, SiteError  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"

# The kinds of problem a build reports, by the start of their message (after the path).
KINDS: list[tuple[str, re.Pattern[str]]] = [(label, re.compile(pattern)) for label, pattern in [
    ("error: not UTF-8", r"is not UTF-8: "),
    ("error: binary file", r"is a binary file"),
    ("error: empty file", r"the file is empty"),
    ("error: date does not exist", r"date '.*' does not exist"),
    ("error: date is not a date", r"date '.*' is not a date"),
    ("error: impossible UTC offset", r"date '.*' has an impossible UTC offset"),
    ("warning: no date, a page", r"warning: no date: a page, not an article"),
    ("warning: files left out, one line", r"warning: \d+ file\(s\) are not articles"),
    ("error: invalid YAML", r"front matter is not valid YAML"),
    ("error: tag without letters", r"tag '.*' has no letters"),
    ("error: two articles claim one slug", r"slug '.*' gives .*, which .* also claims"),
    ("warning: same-day slug numbered", r"warning: another article on the same day"),
    ("warning: no headline", r"warning: no headline"),
    ("warning: weekday does not match", r"warning: .* was a \w+day, not a"),
    ("warning: control characters removed", r"warning: removed (control )?characters"),
]]


def kind_of(problem: Problem) -> str:
    text = str(problem).split(": ", 1)[1]
    return next((label for label, pattern in KINDS if pattern.match(text)),
                f"other: {text[:70]}")


def next_weekday(name: str) -> str:
    days = list(calendar.day_name)
    return days[(days.index(name) + 1) % 7]


def spoil(root: Path, each: int, seed: int = 11) -> Counter[str]:
    """Spoil `each` files of the archive in every way; return the problems expected."""
    rng = random.Random(seed)
    files = sorted((root / "content").rglob("*.*"))
    markdown = [f for f in files if f.suffix == ".md"]
    wire = [f for f in files if f.suffix == ".txt"]
    rng.shuffle(markdown)
    rng.shuffle(wire)
    expected: Counter[str] = Counter()

    def take(pool: list[Path], count: int) -> list[Path]:
        taken, pool[:] = pool[:count], pool[count:]
        return taken

    def text(file: Path) -> str:
        return file.read_text(encoding="utf-8")

    def replace_line(file: Path, prefix: str, line: str) -> None:
        lines = text(file).split("\n")
        index = next(i for i, old in enumerate(lines) if old.startswith(prefix))
        lines[index] = line
        file.write_text("\n".join(lines), encoding="utf-8")

    spoilers: list[tuple[str, list[Path], Callable[[Path], None]]] = [
        ("error: not UTF-8", take(markdown, each), lambda f: f.write_bytes(
            text(f).replace('title: "', 'title: "Caf\u00e9 ', 1).encode("latin-1", "replace"))),
        ("error: binary file", take(markdown, each), lambda f: f.write_bytes(PNG)),
        ("error: empty file", take(wire, each), lambda f: f.write_bytes(b"")),
        ("error: date does not exist", take(markdown, each),
         lambda f: replace_line(f, "date:", "date: 2023-02-29")),
        ("error: date is not a date", take(markdown, each),
         lambda f: replace_line(f, "date:", "date: 21/02/2024")),
        ("error: impossible UTC offset", take(markdown, each),
         lambda f: replace_line(f, "date:", "date: 2024-02-21T10:00:00+25:00")),
        ("warning: no date, a page", take(markdown, each),
         lambda f: replace_line(f, "date:", "")),
        ("error: invalid YAML", take(markdown, each),
         lambda f: replace_line(f, "title:", "title: Harbour: a story: told twice")),
        ("error: tag without letters", take(markdown, each),
         lambda f: replace_line(f, "tags:", 'tags: ["!!!"]')),
        # The headline dropped and the first paragraph broken over two lines: a one-line
        # block after the date line would be taken for the headline.
        ("warning: no headline", take(wire, each), lambda f: f.write_text(re.sub(
            r"(\n\n[^\n]+?\.) ", r"\1\n",
            re.sub(r"\n\n[^\n]+\n\n", "\n\n", text(f), count=1), count=1), encoding="utf-8")),
        ("warning: weekday does not match", take(wire, each), lambda f: f.write_text(
            re.sub(r", (\w+day) \|", lambda m: f", {next_weekday(m[1])} |", text(f), count=1),
            encoding="utf-8")),
        ("warning: control characters removed", take(markdown, each), lambda f: f.write_text(
            text(f).replace(". ", ".\x07 ", 1), encoding="utf-8")),
    ]
    for kind, chosen, change in spoilers:
        for file in chosen:
            change(file)
        expected[kind] += len(chosen)
    expected["warning: files left out, one line"] += 1  # the pages without a date
    # Duplicates: the same story saved twice; the copy's URL gets -2 and a warning.
    for file in take(markdown, each):
        copy = file.with_name(f"{file.stem}-copy{file.suffix}")
        copy.write_bytes(file.read_bytes())
        expected["warning: same-day slug numbered"] += 1
    # The same explicit slug in two files: an error for each.
    for file in take(markdown, each):
        replace_line(file, "title:", 'title: "Duplicate"\nslug: duplicate')
        copy = file.with_name(f"{file.stem}-again{file.suffix}")
        copy.write_bytes(file.read_bytes())
        expected["error: two articles claim one slug"] += 2
    return expected


# The synthetic archive runs twenty years from 2015, into the future: build as of 2040,
# so that every article is published and checked.
EPOCH = "2208988800"  # 2040-01-01


def report(root: Path, jobs: int | None) -> tuple[Counter[str], float, list[Problem]]:
    """Build the archive; return the problems by kind, the seconds, and the problems."""
    started = time.perf_counter()
    try:
        result = build(root, BuildOptions(output=root / "output", jobs=jobs))
        problems = list(result.warnings)
    except SiteError as error:
        problems = list(error.problems)
    seconds = time.perf_counter() - started
    return Counter(kind_of(p) for p in problems), seconds, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=21_000)
    parser.add_argument("--each", type=int, default=40, help="files spoiled in each way")
    parser.add_argument("--keep", type=Path, help="write the archive here and keep it")
    parser.add_argument("-j", "--jobs", type=int, help="build processes (default: per core)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch) / "site"
        started = time.perf_counter()
        write_site(root, args.articles)
        expected = spoil(root, args.each)
        files = sum(1 for _ in (root / "content").rglob("*.*"))
        print(f"{files} files written and spoiled in {time.perf_counter() - started:.1f} s "
              f"-> {root}")
        found, seconds, problems = report(root, args.jobs)
        print(f"\nBuild with every file: {sum(found.values())} problems in {seconds:.1f} s "
              "(it stops before rendering: errors)")
        print(f"{'kind':<40} {'found':>6} {'made':>6}")
        for kind in sorted(set(found) | set(expected)):
            print(f"{kind:<40} {found[kind]:>6} {expected[kind]:>6}")
        broken = {p.path for p in problems if p.severity == "error"}
        for path in broken:
            (root / path).unlink(missing_ok=True)
        clean, seconds, _ = report(root, args.jobs)
        print(f"\nBuild without the {len(broken)} files with errors: "
              f"{sum(clean.values())} warnings in {seconds:.1f} s (a whole build)")


if __name__ == "__main__":
    main()
