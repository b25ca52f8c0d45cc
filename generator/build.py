"""build(): the stages of a build, in order, from site.toml to output/.

A build reads every content file, takes unchanged ones from the parse cache, plans every
page, and renders only the pages whose fingerprint differs from what the ledger of the
last build says the file on disk was made from. When no input changed at all, it stops
after reading.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from .config import CONFIG_NAME, Config, load_config
from .errors import Problem, Problems, SiteError
from .i18n import check_catalogues, translator_for
from .incremental.changes import inputs_digest, site_digest, valid_until
from .incremental.fingerprints import Fingerprints
from .incremental.ledger import BuildMemory, Ledger
from .incremental.manifest import Manifest
from .incremental.parse_cache import CACHE_DIR
from .incremental.parsing import parse_sources
from .lock import build_lock
from .output import SEARCH_FOLDER, check_output_dir
from .outputs.planner import plan_pages
from .outputs.search import search_indexer
from .parallel import default_jobs
from .progress import Progress
from .readers.listing import list_sources, read_changed, signatures
from .render.environment import load_environments
from .render.pages import render_pages
from .render.views import Reads
from .site.editions import make_editions
from .site.selection import Selection

__all__ = ["BuildMemory", "BuildOptions", "BuildResult", "build", "build_time"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line asked for."""

    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    strict: bool = False
    jobs: int | None = None  # processes for parsing and rendering; None: one per core
    incremental: bool = True  # False: parse, render and write everything again
    progress: Progress | None = None  # a display for long builds
    notify: Callable[[str], None] | None = None  # told when the build waits for another

    @property
    def selection(self) -> Selection:
        return Selection(drafts=self.drafts, future=self.future)


@dataclass(slots=True)
class BuildResult:
    """What a successful build did, for the summary line."""

    articles: int
    pages: int
    files: int
    output: Path
    warnings: list[Problem]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    # Output files written or deleted, relative to the output folder.
    changed: list[PurePosixPath] = field(default_factory=list)
    rendered: int = 0  # pages rendered (the others were unchanged)
    parsed: int = 0  # content files parsed (the others came from the cache)
    up_to_date: bool = False  # no input changed since the last build: nothing was done


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def build(root: Path, options: BuildOptions | None = None,
          publish_lock: AbstractContextManager[object] | None = None,
          memory: BuildMemory | None = None) -> BuildResult:
    """Build the site at `root`; raise SiteError listing every problem, writing nothing.

    `publish_lock` is held while files in the output folder change (the preview server
    holds it to read them); `memory` carries state from the last build in this process.
    """
    # A build makes hundreds of thousands of objects and almost no reference cycles: the
    # cycle collector would only walk them again and again (and, in forked workers, copy
    # the memory pages it touches). It runs once at the end instead.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(root, options or BuildOptions(), publish_lock, memory or BuildMemory())
    finally:
        if collecting:
            gc.enable()


def _build(root: Path, options: BuildOptions, publish_lock: AbstractContextManager[object] | None,
           memory: BuildMemory) -> BuildResult:
    clock = Clock()
    problems = Problems()
    config = load_config(root, options.base_url)
    output = output_folder(config, options)
    index_search = search_indexer(config)  # fails now if search is on and Pagefind is missing
    now, selection, jobs = build_time(), options.selection, options.jobs or default_jobs()
    cache_dir = config.root / CACHE_DIR
    with build_lock(cache_dir, options.notify):
        ledger = Ledger.open(cache_dir, output, options.incremental, memory)
        with clock.stage("read"):
            known = ledger.previous.sources if ledger.previous is not None else {}
            sources = read_changed(list_sources(config, problems), known, problems)
            inputs = inputs_digest(config, selection, sources)
        if ledger.up_to_date(inputs, now) and not problems.items:
            return up_to_date(ledger, output, options, clock)
        with clock.stage("parse"):
            parsed = parse_sources(sources, config, problems, jobs,
                                   cache_dir if options.incremental else None,
                                   options.progress, memory.cache)
            memory.cache = parsed.cache
            records = signatures(sources, clock.wall_start)
        with clock.stage("index"):
            editions = make_editions(config, parsed.articles, selection, now, problems)
            sites = [edition.site for edition in editions]
        with clock.stage("plan"):
            pages = plan_pages(config, editions, problems)
        with clock.stage("render"):
            envs = load_environments(editions, Reads(parsed.bodies))
            check_catalogues([e.config for e in editions], envs[""], problems)
        stop_on_problems(problems, options.strict)
        with clock.stage("render"):
            # What each language's pages are translated with: its catalogue files.
            words = {e.language: translator_for(e.config).catalogue.digest for e in editions}
            words[""] = words[editions[0].language]
            todo = ledger.partition(pages, Fingerprints(
                sites, parsed.meta, parsed.files, envs[""],
                site_digest(config, selection, now), words))
        with ledger.begin() as transaction:
            with clock.stage("render"):
                advance = options.progress.stage("render", len(todo)) if options.progress else None
                rendered = render_pages(envs, todo, transaction.folder, problems, jobs, advance)
                stop_on_problems(problems, options.strict)
                ledger.record(rendered)
                ledger.copy_static(config, problems)
                stop_on_problems(problems, options.strict)
            with clock.stage("write"):
                folder = transaction.finish(ledger.gone, whole=index_search is not None)
            if index_search is not None and folder is not None:
                with clock.stage("search"):
                    index_search(folder, folder / SEARCH_FOLDER)
            with clock.stage("write"):
                ledger.publish(Manifest(str(output), ledger.entries, inputs,
                                        valid_until(config, parsed.articles, sites, now,
                                                    selection),
                                        warnings=problems.warnings,
                                        articles=sum(len(s.articles) for s in sites),
                                        pages=len(pages), sources=records), publish_lock)
    warnings = [parsed.cache_warning, *problems.warnings] if parsed.cache_warning else (
        problems.warnings)
    return BuildResult(sum(len(s.articles) for s in sites), len(pages), len(ledger.entries),
                       output, warnings,
                       clock.seconds(), clock.timings,
                       [PurePosixPath(p) for p in ledger.changed], len(rendered),
                       len(sources) - parsed.from_cache)


def output_folder(config: Config, options: BuildOptions) -> Path:
    """The output folder, checked to be one a build may replace."""
    output = (options.output or config.path("output_dir")).resolve()
    check_output_dir(output, [config.path("content_dir"), config.path("templates_dir"),
                              config.path("static_dir"), config.path("locales_dir"),
                              config.root / CONFIG_NAME])
    return output


def up_to_date(ledger: Ledger, output: Path, options: BuildOptions, clock: Clock) -> BuildResult:
    """The result of a build that found nothing changed: the last build's, as it stands."""
    previous = ledger.previous
    assert previous is not None
    stop_on_problems(Problems(previous.warnings), options.strict)
    return BuildResult(previous.articles, previous.pages, len(previous.files), output,
                       previous.warnings, clock.seconds(), clock.timings, up_to_date=True)


def stop_on_problems(problems: Problems, strict: bool) -> None:
    """Raise SiteError if there are errors, or warnings under --strict."""
    if problems.errors or (strict and problems.warnings):
        raise SiteError(problems.items)


class Clock:
    """The time a build has taken, in all and by stage."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.wall_start = time.time()
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time what the block does, adding to what the stage took before."""
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def seconds(self) -> float:
        return time.perf_counter() - self.started
