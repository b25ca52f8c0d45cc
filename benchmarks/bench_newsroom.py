"""What each of the newsroom's page kinds costs a build: authors, corrections, JSON feeds,
"on this day", withdrawn notices, on the benchmark corpus.

    python benchmarks/bench_newsroom.py [--articles 10000] [--runs 3]

The corpus (benchmarks/corpus.py) gets an author or two on each Markdown story (from 200
names), a correction on one story in a hundred and a withdrawal on one in a thousand. Each
build is a clean one with a warm parse cache (so that what differs is planning and
rendering); it is timed with every kind of page, then with one kind left out at a time
(its planner taken out of outputs.planner.PLANNERS), and the difference is that kind's
cost. Medians of --runs builds; the page counts say how many files each kind writes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from generator.build import BuildOptions, build
from generator.outputs import planner

FEATURES = {
    "author pages": ("author_pages",),
    "corrections page and feed": ("correction_pages",),
    "JSON feeds": ("plan_json_feeds",),
    "on this day (367 pages)": ("on_this_day_pages",),
}


def add_newsroom(root: Path, seed: int = 13) -> None:
    """Give the corpus's Markdown stories authors, some corrections and withdrawals."""
    rng = random.Random(seed)
    names = [f"Reporter {n:03d}" for n in range(200)]
    for number, path in enumerate(sorted((root / "content").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        extra = f"authors: [{', '.join(rng.sample(names, rng.choice((1, 1, 1, 2))))}]\n"
        if number % 100 == 7:
            date = re.search(r"^date: (\S+)", text, re.M)
            assert date is not None
            extra += f"corrections: [{{date: {date.group(1)}, text: A figure was wrong.}}]\n"
        if number % 1000 == 3:
            extra += "status: withdrawn\nwithdrawn_note: Withdrawn for legal reasons.\n"
        path.write_text(text.replace("\n---\n", "\n" + extra + "---\n", 1), encoding="utf-8")


def timed_build(root: Path, output: Path, leave_out: tuple[str, ...]) -> tuple[float, int]:
    kept = planner.PLANNERS
    if leave_out:
        planner.PLANNERS = tuple(p for p in kept if p.__name__ not in leave_out)
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    try:
        result = build(root, BuildOptions(output=output))
    finally:
        planner.PLANNERS = kept
    return time.perf_counter() - started, result.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        root = corpus.write_corpus(work, args.articles, systems=("ours",))["ours"]
        add_newsroom(root)
        output = work / "output"
        build(root, BuildOptions(output=output))  # warms the parse cache
        cases = {"everything": (), **{name: names for name, names in FEATURES.items()}}
        results: dict[str, list[tuple[float, int]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, leave_out in cases.items():
                results[name].append(timed_build(root, output, leave_out))
        whole = statistics.median(s for s, _ in results["everything"])
        pages = results["everything"][0][1]
        print(f"{args.articles} articles, clean build with a warm parse cache, median of "
              f"{args.runs}: {whole:.2f} s, {pages} pages")
        for name in FEATURES:
            seconds = statistics.median(s for s, _ in results[name])
            fewer = pages - results[name][0][1]
            print(f"  {name:32} {whole - seconds:+6.2f} s  {fewer:6} pages  "
                  f"({1000 * (whole - seconds) / max(fewer, 1):5.2f} ms/page)")


if __name__ == "__main__":
    main()
