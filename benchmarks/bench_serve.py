"""Time save-to-new-text with `serve`: edit an article, wait until the open page shows it.

    python benchmarks/bench_serve.py                    # a copy of the example site
    python benchmarks/bench_serve.py --articles 10000   # a synthetic archive
    python benchmarks/bench_serve.py --articles 10000 --search   # ... with [search] on
    python benchmarks/bench_serve.py --edits 9 --poll

Starts `python -m generator serve` in a subprocess on a copy of the site, opens one article
in Chromium (headless, through Playwright), then edits that article's file several times.
Each time is from just before the file is written to the moment the new sentence is
visible in the page, which reloads by itself: debounce, build, event, reload, render.
Prints every time, the median, and the build's own share as the server reported it.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from markupsafe import escape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from synthetic import write_site  # noqa: E402

ARTICLE_FILE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
# title: X (YAML), title = "X" (TOML), "title": "X", (JSON)
TITLE = re.compile(r'^\s*"?title"?\s*[:=]\s*"?(.*?)"?,?\s*$', re.MULTILINE)
EXAMPLE_ARTICLE = "content/2024/2024-03-14-tram-line-4-opens.md"
# In every document the page loads: the wall-clock time (ms) of its first frame.
SHOWN_AT = """addEventListener("DOMContentLoaded", () => requestAnimationFrame(() => {
    window.benchShownAt = performance.timeOrigin + performance.now();
}));"""


class Server:
    """`python -m generator serve` in a subprocess, its output lines in a queue."""

    def __init__(self, site: Path, poll: bool) -> None:
        command = [sys.executable, "-m", "generator", "serve", "--site", str(site),
                   "--port", "0", *(["--poll"] if poll else [])]
        environment = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=environment)
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str, timeout: float) -> re.Match[str]:
        """Wait for an output line matching `pattern`; fail with the server's last words."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise SystemExit(f"serve printed no {pattern!r} in {timeout} s") from None
            if "failed" in line or "Cannot serve" in line or "Traceback" in line:
                raise SystemExit(f"serve: {line}")
            found = re.search(pattern, line)
            if found:
                return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def copy_example(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(REPO / "site.toml", target / "site.toml")
    for folder in ("content", "templates", "static"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)
    return target


def article_url(site: Path, source: Path) -> str:
    """The URL of the page built from `source`, found by its title among built articles."""
    title = TITLE.search(source.read_text(encoding="utf-8"))
    assert title, f"{source} has no title line"
    needle = f"<title>{escape(title.group(1))} ·".encode()
    output = site / "output"
    for page in output.rglob("index.html"):
        relative = page.relative_to(output).as_posix()
        if ARTICLE_FILE.match(relative) and needle in page.read_bytes():
            return "/" + relative.removesuffix("index.html")
    raise SystemExit(f"no built article is titled {title.group(1)!r}")


def pick_source(site: Path, synthetic: bool) -> Path:
    if not synthetic:
        return site / EXAMPLE_ARTICLE
    markdown = sorted((site / "content").rglob("*.md"))
    return markdown[len(markdown) // 2]


def measure(site: Path, source: Path, edits: int, poll: bool, first_build: float) -> None:
    from playwright.sync_api import sync_playwright

    server = Server(site, poll)
    try:
        url = server.expect(r" at (http://\S+) ", 30).group(1)
        started = time.perf_counter()
        server.expect(r"^Built in ", first_build)
        print(f"first build: {time.perf_counter() - started:.2f} s")
        path = article_url(site, source)
        original = source.read_text(encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(SHOWN_AT)
            page.goto(url.rstrip("/") + path, wait_until="load")
            times: list[float] = []
            builds: list[float] = []
            for number in range(1, edits + 1):
                sentence = f"Benchmark edit number {number} at {time.time_ns()}."
                started = time.time()
                source.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
                # Playwright polls slowly after a navigation; the page's own clock says when
                # the reloaded document was first ready to paint.
                page.get_by_text(sentence).wait_for(state="visible", timeout=600_000)
                page.wait_for_function("() => window.benchShownAt !== undefined")
                times.append(page.evaluate("() => window.benchShownAt") / 1000 - started)
                build = server.expect(r"^Rebuilt after .* in ([\d.]+) s", 600)
                builds.append(float(build.group(1)))
                print(f"edit {number}: new text visible after {times[-1]:.3f} s "
                      f"(build {builds[-1]:.2f} s)")
            browser.close()
        source.write_text(original, encoding="utf-8")
        print(f"median save-to-new-text: {statistics.median(times):.3f} s over {edits} edits "
              f"(median build {statistics.median(builds):.2f} s); {path}")
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=0,
                        help="a synthetic archive of N articles (default: the example site)")
    parser.add_argument("--edits", type=int, default=5, help="how many edits (default: 5)")
    parser.add_argument("--poll", action="store_true", help="serve --poll")
    parser.add_argument("--search", action="store_true",
                        help="turn [search] on in the synthetic archive (the example has it)")
    parser.add_argument("--first-build-timeout", type=float, default=1800, metavar="S")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as work:
        if args.articles:
            site = write_site(Path(work) / "site", args.articles)
            if args.search:
                with (site / "site.toml").open("a", encoding="utf-8") as toml:
                    toml.write("\n[search]\nenabled = true\n")
            print(f"synthetic site: {args.articles} articles"
                  f"{', search on' if args.search else ''}")
        else:
            site = copy_example(Path(work) / "site")
            print("example site (a copy)")
        source = pick_source(site, synthetic=bool(args.articles))
        measure(site, source, args.edits, args.poll, args.first_build_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
