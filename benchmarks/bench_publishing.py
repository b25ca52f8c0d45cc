"""Time the publishing features at scale: one synthetic archive built bare and with all of them.

    python benchmarks/bench_publishing.py [--articles 10000]

The baseline build has search off, no auto-tagging rules and no related articles;
the full build turns on Pagefind search, twenty auto-tag rules and five related
articles per page. Feeds and sitemaps are part of every build. Prints both times,
their stages, and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import SITE_TOML, TAGS, WORDS, write_site

from generator.build import BuildOptions, build

BARE = SITE_TOML + "related_articles = 0\n"
FULL = SITE_TOML + "related_articles = 5\n\n[search]\nenabled = true\n\n[autotag]\n" + "".join(
    f'"{tag} desk" = ["{word}", "{word.capitalize()}"]\n'
    for tag, word in zip(TAGS, WORDS, strict=False))


def timed(root: Path, toml: str, output: Path, label: str) -> float:
    (root / "site.toml").write_text(toml, encoding="utf-8")
    result = build(root, BuildOptions(output=output))
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"{label:>5}: {result.seconds:6.2f} s, {result.pages} pages  ({stages})")
    return result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-publishing-"))
    try:
        root = write_site(work / "site", args.articles)
        bare = timed(root, BARE, work / "bare", "bare")
        full = timed(root, FULL, work / "full", "full")
        print(f"{args.articles} articles: all publishing features cost {full / bare:.2f}x "
              f"the bare build (+{full - bare:.1f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
