"""build(): the stages of a build, in order, from site.toml to output/.

A build reads every content file, takes unchanged ones from the parse cache, plans every
page, and renders only the pages whose fingerprint (fingerprint.py) differs from what the
manifest of the last build (manifest.py) says the file on disk was made from. When no input
changed at all, it stops after reading.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path, PurePosixPath

from .cache import CACHE_DIR, ParseCache
from .changes import copy_static, global_digest, inputs_digest, sort_pages, valid_until
from .config import CONFIG_NAME, load_config
from .errors import Problem, Problems, SiteError
from .fingerprint import Fingerprints
from .indexes import check_scheduled, make_site, select_articles
from .lock import build_lock
from .manifest import (
    Entry,
    Manifest,
    file_signature,
    forget_manifest,
    load_manifest,
    mark_pending,
    save_manifest,
)
from .output import MARKER, Transaction, begin, check_output_dir, scan_output
from .pages import plan_pages
from .parallel import default_jobs
from .parsing import parse_sources
from .progress import Progress
from .reading import list_sources, read_changed, signatures
from .render import load_templates, render_pages
from .search import search_indexer


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


@dataclass(slots=True)
class BuildMemory:
    """What a session of builds in one process (the preview server) keeps between them, so
    that a rebuild need not load it from .cache/ again; each is checked to be current."""

    cache: ParseCache | None = None
    manifest: Manifest | None = None
    manifest_file: tuple[int, int, int] | None = None


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
        return _build(root, options, publish_lock, memory or BuildMemory())
    finally:
        if collecting:
            gc.enable()


def _build(root: Path, options: BuildOptions | None,
           publish_lock: AbstractContextManager[object] | None,
           memory: BuildMemory) -> BuildResult:
    options = options or BuildOptions()
    started, wall_start = time.perf_counter(), time.time()
    timings: dict[str, float] = {}
    stage = partial(_timed, timings)
    problems = Problems()
    config = load_config(root, options.base_url)
    output = (options.output or config.path("output_dir")).resolve()
    check_output_dir(output, [config.path("content_dir"), config.path("templates_dir"),
                              config.path("static_dir"), root / CONFIG_NAME])
    index_search = search_indexer(config)  # fails now if search is on and Pagefind is missing
    now = build_time()
    jobs = options.jobs or default_jobs()
    cache_dir = config.root / CACHE_DIR

    with build_lock(cache_dir):
        previous = None
        if options.incremental:
            signature = file_signature(cache_dir, output)
            reuse = memory.manifest is not None and memory.manifest.output == str(output)
            previous = (memory.manifest if reuse and signature == memory.manifest_file
                        else load_manifest(cache_dir, output))
        if previous is not None and not (output / MARKER).exists():
            previous = None
        with stage("read"):
            sources = read_changed(list_sources(config, problems),
                                   previous.sources if previous is not None else {}, problems)
            inputs = inputs_digest(config, options, sources)
        if (previous is not None and previous.inputs == inputs and not problems.items
                and previous.valid_until is not None and now < previous.valid_until):
            stop_on_problems(Problems(previous.warnings), options.strict)
            return BuildResult(previous.articles, previous.pages, len(previous.files), output,
                               previous.warnings, time.perf_counter() - started, timings,
                               up_to_date=True)
        with stage("parse"):
            parsed = parse_sources(sources, config, problems, jobs,
                                   cache_dir if options.incremental else None, options.progress,
                                   memory.cache)
            memory.cache = parsed.cache
            parsed_count = len(sources) - parsed.from_cache
            known = signatures(sources, wall_start)
            del sources  # the texts of the files read: not needed past this point
        with stage("index"):
            published = select_articles(parsed.articles, now, drafts=options.drafts,
                                        future=options.future)
            site = dataclasses.replace(make_site(config, published, now, problems),
                                       bodies=parsed.store)
            if not options.future:
                scheduled = [a for a in parsed.articles
                             if a.date > now and (options.drafts or not a.draft)]
                if scheduled:
                    check_scheduled(config, published, scheduled, problems)
        with stage("plan"):
            pages = plan_pages(config, site, problems)
        stop_on_problems(problems, options.strict)
        with stage("render"):
            env = load_templates(config, site)
            fingerprints = Fingerprints(site, parsed.meta, parsed.bodies, env,
                                        global_digest(config, options, now))
            on_disk = scan_output(output)
            clean = previous is None
            todo, entries, statics = sort_pages(pages, fingerprints, previous, on_disk)
            transaction = begin(output, clean, on_disk)
            try:
                advance = options.progress.stage("render", len(todo)) if options.progress else None
                rendered = render_pages(env, todo, transaction.folder, problems, jobs, advance)
                stop_on_problems(problems, options.strict)
                for done in rendered:
                    key = str(done.output)
                    entries[key] = Entry(done.digest, done.size, statics[key],
                                         fingerprints.of_reads(done.reads), done.reads)
                    if done.written:
                        transaction.note(key, key in on_disk)
                copy_static(config, transaction, entries, previous, on_disk, problems)
                stop_on_problems(problems, options.strict)
            except BaseException:
                transaction.abort()
                raise
        with stage("write"):
            gone = sorted(set(on_disk) - set(entries)) if not clean else []
            manifest = Manifest(str(output), entries, inputs,
                                valid_until(config, parsed.articles, site, now, options),
                                warnings=problems.warnings, articles=len(site.articles),
                                pages=len(pages), sources=known)
            memory.manifest = None
            publish(transaction, gone, manifest, previous, cache_dir, index_search,
                    publish_lock, stage)
            memory.manifest, memory.manifest_file = manifest, file_signature(cache_dir, output)
    # The search index is built inside the write stage; show the two apart.
    timings["write"] -= timings.get("search", 0.0)
    changed = [PurePosixPath(p) for p in sorted({*transaction.new, *transaction.changed, *gone})]
    warnings = [parsed.cache_warning, *problems.warnings] if parsed.cache_warning else (
        problems.warnings)
    return BuildResult(len(site.articles), len(pages), len(entries), output, warnings,
                       time.perf_counter() - started, timings, changed, len(rendered),
                       parsed_count)


def publish(transaction: Transaction, gone: list[str], manifest: Manifest,
            previous: Manifest | None, cache_dir: Path,
            index_search: Callable[[Path, Path], None] | None,
            lock: AbstractContextManager[object] | None,
            stage: Callable[[str], AbstractContextManager[None]]) -> None:
    """Move the new files into place, then record the manifest of what is there now.

    Until the files are in place, the files about to change are marked pending, so that
    a build killed in between makes them again.
    """
    if previous is None:
        forget_manifest(cache_dir, Path(manifest.output))
    else:
        mark_pending(cache_dir, Path(manifest.output),
                     {*transaction.new, *transaction.changed, *gone})
    index = None
    if index_search is not None:
        search = index_search

        def index(site: Path, into: Path) -> None:
            with stage("search"):
                search(site, into)
    try:
        transaction.commit(gone, index, lock)
    except BaseException:
        forget_manifest(cache_dir, Path(manifest.output))
        raise
    save_manifest(cache_dir, manifest)


def stop_on_problems(problems: Problems, strict: bool) -> None:
    """Raise SiteError if there are errors, or warnings under --strict."""
    if problems.errors or (strict and problems.warnings):
        raise SiteError(problems.items)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
