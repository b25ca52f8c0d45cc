"""Time Markdown engines on the same 10,000 article bodies, one process, in one run.

    python benchmarks/bench_commonmark.py [--articles 10000] [--repeat 3] [--seed 2024]
                                          [--each-extension]

Two sets of bodies, both deterministic:

- "benchmark": the Markdown articles of benchmarks/corpus.py (400-900 words in paragraphs,
  a few subheadings, bold words, links and short lists), as the build benchmark writes them;
- "rich": the same kind of copy using what the CommonMark extensions add: two-space nested
  lists, fenced code in list items, tables, footnotes, definition lists, task lists, quotes,
  bare URLs and addresses.

Each engine renders every body once per round, reusing one converter as a build does. The
engines take turns within each round, so that the load of other processes falls on all of
them alike, and the time is this process's CPU time; the best of `--repeat` rounds is
printed, with the speed relative to Python-Markdown's. `--each-extension` adds a row for the
default configuration less each extension in turn, which shows what each one costs.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import markdown
from corpus import WORDS, article
from markdown_it import MarkdownIt

from generator.readers.commonmark import EXTENSIONS, CommonMarkRenderer


def benchmark_bodies(count: int, seed: int) -> list[str]:
    """The corpus's Markdown bodies (no wire text: that never reaches a Markdown engine)."""
    return ["\n\n".join(article(number, seed, wire_share=0.0).blocks)
            for number in range(count)]


def rich_bodies(count: int, seed: int) -> list[str]:
    return [_rich_body(random.Random(f"rich-{seed}-{number}")) for number in range(count)]


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=4)
    text = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
    return (text.replace(f" {words[0]} ", f" **{words[0]}** ", 1)
            .replace(f" {words[1]} ", f" *{words[1]}* ", 1)
            .replace(f" {words[2]} ", f" [{words[2]}](https://example.org/{words[2]}/) ", 1)
            .replace(f" {words[3]} ", f" `{words[3]}` ", 1))


def _rich_body(rng: random.Random) -> str:
    """One body of about 600 words that uses each extension now and then."""
    blocks: list[str] = []
    notes: list[str] = []
    while sum(len(block.split()) for block in blocks) < rng.randint(400, 900):
        roll = rng.random()
        if roll < 0.08:
            blocks.append("## " + _sentence(rng, 3, 6).rstrip("."))
        elif roll < 0.14:
            blocks.append("- " + _sentence(rng) + "\n  - " + _sentence(rng) + "\n    - "
                          + _sentence(rng, 3, 6) + "\n  - " + _sentence(rng) + "\n- "
                          + _sentence(rng))
        elif roll < 0.18:
            blocks.append("1. " + _sentence(rng) + "\n   ```sh\n   ./run --"
                          + rng.choice(WORDS) + "\n   ```\n2. " + _sentence(rng))
        elif roll < 0.22:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | "
                             f"{rng.choice(WORDS)} |" for _ in range(rng.randint(2, 6)))
            blocks.append("| Item | Count | Note |\n|:-----|------:|:----:|\n" + rows)
        elif roll < 0.25:
            blocks.append("> " + _sentence(rng) + "\n> " + _sentence(rng))
        elif roll < 0.27:
            blocks.append(rng.choice(WORDS).capitalize() + "\n: " + _sentence(rng))
        elif roll < 0.29:
            blocks.append("- [x] " + _sentence(rng, 3, 6) + "\n- [ ] " + _sentence(rng, 3, 6))
        else:
            text = _paragraph(rng)
            if rng.random() < 0.15:
                notes.append(f"[^{len(notes) + 1}]: " + _sentence(rng))
                text += f"[^{len(notes)}]"
            if rng.random() < 0.1:
                text += (f" See www.{rng.choice(WORDS)}.example.com or write to "
                         f"{rng.choice(WORDS)}@example.org.")
            blocks.append(text)
    return "\n\n".join(blocks + notes)


def _python_markdown() -> Callable[[str], str]:
    converter = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")

    def render(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return render


def engines(each_extension: bool) -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {
        "Python-Markdown (extra, sane_lists)": _python_markdown(),
        "markdown-it-py, bare CommonMark": MarkdownIt("commonmark").render,
        "CommonMarkRenderer, no extensions": CommonMarkRenderer(extensions=()).render,
        "CommonMarkRenderer, default": CommonMarkRenderer().render,
    }
    if each_extension:
        for left_out in EXTENSIONS:
            kept = [name for name in EXTENSIONS if name != left_out]
            found[f"  default without {left_out}"] = CommonMarkRenderer(extensions=kept).render
    return found


def best_times(renderers: dict[str, Callable[[str], str]], bodies: list[str],
               repeat: int) -> dict[str, float]:
    """The least CPU time each renderer took over every body, in `repeat` rounds of turns."""
    best = dict.fromkeys(renderers, float("inf"))
    for _ in range(repeat):
        for name, render in renderers.items():
            started = time.process_time()
            for body in bodies:
                render(body)
            best[name] = min(best[name], time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--each-extension", action="store_true")
    args = parser.parse_args()
    renderers = engines(args.each_extension)
    for name, bodies in (("benchmark", benchmark_bodies(args.articles, args.seed)),
                         ("rich", rich_bodies(args.articles, args.seed))):
        megabytes = sum(len(body.encode()) for body in bodies) / 1e6
        print(f"\n{name} bodies: {len(bodies)}, {megabytes:.1f} MB of Markdown, "
              f"best of {args.repeat} rounds, CPU seconds", flush=True)
        times = best_times(renderers, bodies, args.repeat)
        baseline = next(iter(times.values()))
        for engine, seconds in times.items():
            print(f"  {engine:<40} {seconds:7.2f} s  {len(bodies) / seconds:7.0f} bodies/s"
                  f"  {baseline / seconds:5.2f}x Python-Markdown's speed", flush=True)


if __name__ == "__main__":
    main()
