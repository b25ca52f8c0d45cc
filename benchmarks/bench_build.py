"""Time full builds of synthetic archives and print ratios against a baseline, in one run.

    python benchmarks/bench_build.py [--articles 10000] [--small 1000]

The baseline is the bare cost of the same I/O: reading every content file and writing as
many bytes as the build wrote, into as many files. Ratios say how many times that the
build costs, how the cost grows from the small site to the large one, and what the
process pool gains over a single process on the large one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_site

from generator.build import BuildOptions, build
from generator.parallel import default_jobs


def io_baseline(root: Path, output: Path, target: Path) -> float:
    """Read every source, then write the same bytes the build wrote, file for file."""
    started = time.perf_counter()
    for path in sorted((root / "content").rglob("*")):
        if path.is_file():
            path.read_bytes()
    for path in output.rglob("*"):
        if path.is_file():
            copy = target / path.relative_to(output)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(path.read_bytes())
    return time.perf_counter() - started


def measure(count: int, work: Path, wire_share: float) -> dict[str, float]:
    root = write_site(work / f"site-{count}", count, wire_share=wire_share)
    output = work / f"out-{count}"
    result = build(root, BuildOptions(output=output))
    baseline = io_baseline(root, output, work / f"copy-{count}")
    print(f"{count:>6} articles: build {result.seconds:7.2f} s, {result.pages} pages, "
          f"{result.files} files; io baseline {baseline:5.2f} s; "
          f"ratio {result.seconds / baseline:5.1f}x")
    print("        stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()))
    return {"seconds": result.seconds, "baseline": baseline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--wire-share", type=float, default=0.1,
                        help="fraction of articles written as raw wire text (default 0.1)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        small = measure(args.small, work, args.wire_share)
        large = measure(args.articles, work, args.wire_share)
        growth = large["seconds"] / small["seconds"]
        print(f"scaling: {args.articles / args.small:.0f}x the articles took {growth:.1f}x "
              f"the time (linear would be {args.articles / args.small:.0f}x)")
        root = work / f"site-{args.articles}"
        single = build(root, BuildOptions(output=work / "single", jobs=1)).seconds
        print(f"one process: {single:.2f} s; all {default_jobs()} cores are "
              f"{single / large['seconds']:.2f}x as fast")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
