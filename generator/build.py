"""build(): the stages of a build, in order, from site.toml to output/.

A build reads every content file, takes unchanged ones from the parse cache, plans every
page, and renders only the pages whose fingerprint differs from what the ledger of the
last build says the file on disk was made from. When no input changed at all, it stops
after reading.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .config import CONFIG_NAME, Config, load_authors, load_config
from .config.authors import AuthorProfile
from .errors import Interrupted, Problem, Problems, SiteError, shorten
from .incremental.changes import frame_digest, inputs_digest, list_static
from .incremental.ledger import BuildMemory, Ledger
from .incremental.parse_cache import CACHE_DIR, CACHE_FILE
from .indexing import CatchUp, catch_up, mark_stale, put_index, search_current, search_now
from .lock import build_lock, cache_folder
from .output import check_output_dir, os_problem
from .outputs.keep_going import article_of
from .outputs.search import Indexer, search_indexer
from .progress import Progress
from .readers.listing import Listed, list_sources, read_changed
from .site.selection import Selection

if TYPE_CHECKING:
    from .incremental.batches import Partition
    from .incremental.fingerprints import Fingerprints
    from .incremental.hot import LastBuild
    from .incremental.manifest import BatchRecord, Manifest
    from .incremental.parsing import ParseResult
    from .model import Batch, Page
    from .render.environment import ArchiveEnvironment
    from .site.editions import Edition

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
    keep_going: bool = False  # publish the articles without errors, and list every error
    progress: Progress | None = None  # a display for long builds
    notify: Callable[[str], None] | None = None  # told when the build waits for another
    # serve: publish the pages without waiting for the search index, which
    # BuildResult.search_later then brings up to date (`serve` runs it when the editor pauses)
    search_later: bool = False
    # The process ends after this build (the command line): what the build made is left
    # for the end of the process to free at once, instead of object by object as the build
    # returns (0.1-0.25 s of an edit at 10,000 articles).
    ending: bool = False

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
    # Under keep_going: the errors of the articles left out (the site has errors).
    errors: list[Problem] = field(default_factory=list)
    withdrawn: int = 0  # stories withdrawn or expired: a notice stands at their URLs
    # With BuildOptions.search_later: brings the search index up to the published pages.
    search_later: CatchUp | None = field(default=None, compare=False)
    # The read stage looked only at the files a watcher named (build's `events`): a change
    # it did not see is found by the next build without them.
    from_events: bool = False


# The builds of a process that ends after them (BuildOptions.ending), never freed.
_UNTIL_EXIT: list[Run] = []
# The last second a build may say it is: the year 9999 would overflow the year after it.
MAX_EPOCH = int(datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())
EPOCH_HINT = "set it to whole seconds since 1970-01-01 UTC, like 1735689600, or unset it"


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(UTC)
    if not re.fullmatch(r"[0-9]+", epoch.strip()):
        raise SiteError([Problem("SOURCE_DATE_EPOCH", f"{shorten(epoch)} is not a whole "
                                 "number of seconds", hint=EPOCH_HINT)])
    seconds = int(epoch)
    if seconds > MAX_EPOCH:
        raise SiteError([Problem("SOURCE_DATE_EPOCH", f"{seconds} is past the year 9998 "
                                 f"(at most {MAX_EPOCH})", hint=EPOCH_HINT)])
    return datetime.fromtimestamp(seconds, tz=UTC)


def build(root: Path, options: BuildOptions | None = None,
          publish_lock: AbstractContextManager[object] | None = None,
          memory: BuildMemory | None = None,
          events: Collection[Path] | None = None) -> BuildResult:
    """Build the site at `root`; raise SiteError listing every problem, writing nothing.

    `publish_lock` is held while files in the output folder change (the preview server
    holds it to read them); `memory` carries state from the last build in this process.
    `events`: the files a watcher saw change since then (see hot.listed_after): where
    they are edits of content files, only they are looked at again.
    Ctrl-C raises Interrupted, which says whether output/ had begun to change.
    """
    # A build makes hundreds of thousands of objects and almost no reference cycles: the
    # cycle collector would only walk them again and again (and, in forked workers, copy
    # the memory pages it touches). It runs once at the end instead.
    collecting = gc.isenabled()
    gc.disable()
    run = Run(root, options or BuildOptions(), publish_lock, memory or BuildMemory(), events)
    if run.options.ending:
        _UNTIL_EXIT.append(run)
    try:
        result = run.build()
        result.from_events = run.from_events
        return result
    except KeyboardInterrupt:
        raise Interrupted(run.publishing) from None
    except OSError as exc:  # a full disk, a read-only folder: the system said no
        error = SiteError([os_problem(exc, run.root.resolve(), run.output)])
        error.output_changed = run.publishing
        raise error from exc
    finally:
        for ledger in run.ledgers:
            ledger.close()
        if collecting:
            gc.enable()


@dataclass(slots=True)
class Run:
    """One build: the stages in order, and how far it got (for the message if it stops)."""

    root: Path
    options: BuildOptions
    publish_lock: AbstractContextManager[object] | None
    memory: BuildMemory
    events: Collection[Path] | None = None
    output: Path | None = None
    from_events: bool = False  # the read stage looked only at the files of `events`
    ledger: Ledger | None = None
    ledgers: list[Ledger] = field(default_factory=list)  # every one opened (closed at the end)
    kept: tuple[object, ...] = ()  # what make() made, with BuildOptions.ending

    @property
    def publishing(self) -> bool:
        """Whether files in output/ had begun to change."""
        return self.ledger is not None and self.ledger.publishing

    def build(self) -> BuildResult:
        """Read everything; stop there if nothing changed, else make what changed."""
        options, clock, problems = self.options, Clock(), Problems()
        config = load_config(self.root, options.base_url)
        self.output = output = output_folder(config, options)
        index_search = search_indexer(config)  # fails now if search is on and Pagefind is missing
        now, selection = build_time(), options.selection
        cache_dir = config.root / CACHE_DIR
        notes = cache_folder(cache_dir)  # said once, not kept with the build's warnings
        refused = {cache_dir.resolve(): "the build's cache (.cache/)",
                   output: "the output folder",
                   (config.root / CONFIG_NAME).resolve(): "the site's configuration (site.toml)"}
        with build_lock(cache_dir, options.notify):
            self.ledger = ledger = Ledger.open(cache_dir, output, options.incremental,
                                               self.memory)
            self.ledgers.append(ledger)
            with clock.stage("read"):
                known = ledger.previous.sources if ledger.previous is not None else {}
                last, listed = self.memory.last, None
                if last is not None and self.events:
                    from .incremental.hot import listed_after
                    listed = listed_after(last, output, self.events)
                self.from_events = listed is not None
                if last is not None and listed is not None:  # only the events' files
                    sources = read_changed(listed, known, problems)
                    static, others, frame = last.static, last.others, last.frame
                    inputs = inputs_digest(frame, sources)
                    profiles = last.profiles
                else:
                    others = []  # files in content/ that are no article
                    listed = list_sources(config, problems, refused, others)
                    # With no record of the output and no parse cache, every file is parsed:
                    # the workers read them and give their keys (a cold build of 10,000
                    # read them all here first, 0.25-0.6 s, to find nothing to compare).
                    unread = ledger.previous is None and not (
                        options.incremental and (cache_dir / CACHE_FILE).exists())
                    sources = listed if unread else read_changed(listed, known, problems)
                    static = list_static(config, problems, refused)
                    frame = frame_digest(config, selection, static, others)
                    # Unread: known once they are parsed (publish), compared to nothing.
                    inputs = b"" if unread else inputs_digest(frame, sources)
                    profiles = load_authors(config.root, problems)
            searched = index_search is None or search_current(output)
            if ledger.up_to_date(inputs, now, problems) and searched:
                return up_to_date(ledger, output, options, clock, notes)
            ledger.complete()
            # The content files, as problems name them: those read, and those the listing
            # could not take (a name that is not UTF-8), which --keep-going leaves out too.
            content = frozenset([*(item.path for item in listed),
                                 *(p.path for p in problems.errors
                                   if p.path.startswith(config.content_dir + "/"))])
            read = Inputs(sources, static, inputs, now, others, content, profiles, frame)
            last, self.memory.last = self.memory.last, None
            if last is not None and (index_search is None or options.search_later):
                from .incremental.changes import site_digest
                from .incremental.hot import changed_sources
                changed = changed_sources(last, output, frame,
                                          site_digest(config, selection, now), now, sources,
                                          ledger.previous)
                if changed:
                    result = self.remake(config, clock, problems, read, last, changed,
                                         index_search, searched, notes)
                    if result is not None:
                        return result
            return self.make(config, clock, problems, read, index_search, searched, notes)

    def make(self, config: Config, clock: Clock, problems: Problems, inputs: Inputs,
             index_search: Indexer | None, searched: bool,
             notes: list[Problem]) -> BuildResult:
        """Parse, plan, render and publish what changed."""
        # The stages that make pages are imported here: a build that finds nothing changed
        # stops before them, and starts in half the time without them (Markdown, Jinja).
        from .files import shown_path
        from .i18n import check_catalogues
        from .incremental.changes import site_digest, valid_until
        from .incremental.hot import LastBuild
        from .incremental.parsing import parse_sources, settle_agency
        from .incremental.related_cache import RelatedCache
        from .outputs.beside import count_left_out, plan_beside, planned_files
        from .outputs.media import prepare_media
        from .parallel import default_jobs
        from .site.editions import make_editions, whole_site, with_media
        from .site.related import related_articles

        options, memory = self.options, self.memory
        assert self.output is not None
        selection, sources, now = options.selection, inputs.sources, inputs.now
        profiles, jobs = inputs.profiles, options.jobs or default_jobs()
        read = list(problems.items)
        with clock.stage("parse"):
            parsed = parse_sources(sources, config, problems, jobs,
                                   config.root / CACHE_DIR if options.incremental else None,
                                   options.progress, memory.cache)
            memory.cache = parsed.cache
            beside_files = {shown_path(file, config.root) for file in inputs.others}
            absorbed = settle_agency(parsed, beside_files.__contains__)
            early = list(problems.items)
        if parsed.cache_warning:
            notes.append(parsed.cache_warning)
        with clock.stage("index"):
            ranked = RelatedCache(config.root / CACHE_DIR) if options.incremental else None
            editions = make_editions(config, parsed.articles, selection, now, problems,
                                     profiles, ranked or related_articles)
            if ranked is not None:
                ranked.save()
        with clock.stage("images"):
            media, used_images = prepare_media(config, whole_site(editions), problems, jobs,
                                               config.root / CACHE_DIR, inputs.others)
            editions = with_media(editions, media)
            # A static image a page shows is published by the images stage in its place,
            # without its metadata: it is not copied as it is.
            shown = {str(page.output) for page in media.files}
            static = {relative: file for relative, file in inputs.static.items()
                      if relative not in shown}
        with clock.stage("plan"):
            editions, plan, fingerprints, envs = self.plan(config, editions, parsed, inputs,
                                                           static, problems)
            articles = [a for edition in editions for a in edition.site.articles]
            beside = plan_beside(config, articles, inputs.others,
                                 planned_files(config, plan.outputs), problems)
            count_left_out(config, inputs.content, [*parsed.articles, *absorbed],
                           inputs.others,
                           beside.used | media.sources, problems)
        with clock.stage("render"):
            check_catalogues([e.config for e in editions], envs[""], problems)
        stop_on_problems(problems, options.strict, inputs.content, options.keep_going)
        sites = [edition.site for edition in editions]
        copies = {**static, **beside.copies}  # a file beside an article wins over a static one
        result, manifest = self.publish(config, clock, problems, inputs, index_search,
                                        searched, notes, Made(
            envs, plan.todo, copies, valid_until(config, parsed.articles, sites, now,
                                                 selection),
            len(articles), plan.count, plan.records, fingerprints.readable,
            sum(len(site.withdrawn) for site in sites), len(sources) - parsed.from_cache,
            used_images, plan.plan_digest, plan.structure))
        if (memory.keep_plan and plan.owners is not None
                and not problems.errors and memory.manifest is manifest):
            memory.last = LastBuild(
                self.output, inputs.frame, site_digest(config, selection, now),
                {source.path: source.key or b"" for source in sources}, parsed, read, early,
                editions, envs, fingerprints, plan.owners, plan.origins, copies,
                frozenset(beside_files), manifest, listed=sources, static=inputs.static,
                others=inputs.others, profiles=profiles)
        if options.ending:
            self.kept = (inputs, parsed, editions, media, plan, fingerprints, envs, manifest)
        return result

    def remake(self, config: Config, clock: Clock, problems: Problems, inputs: Inputs,
               last: LastBuild, changed: list[Listed], index_search: Indexer | None,
               searched: bool, notes: list[Problem]) -> BuildResult | None:
        """Make again the pages that read the bodies of the `changed` content files,
        keeping the last build's plan (incremental/hot.py); None when it does not stand."""
        from .incremental.batches import reread
        from .incremental.hot import outputs_of, reaching, reparsed, take_bodies
        from .incremental.parsing import parse_sources
        from .parallel import default_jobs

        options, memory, ledger = self.options, self.memory, self.ledger
        assert ledger is not None and ledger.previous is not None
        previous, jobs = ledger.previous, options.jobs or default_jobs()
        met = Problems()  # by parsing the changed files again
        with clock.stage("parse"):
            fresh = parse_sources(changed, config, met, jobs, config.root / CACHE_DIR,
                                  options.progress, memory.cache, listed=inputs.sources)
            memory.cache = fresh.cache
            parsed = reparsed(last, fresh, {source.path for source in changed},
                              problems.items, met.items)
        if fresh.cache_warning:  # said once: the whole way parses from an empty cache
            notes.append(fresh.cache_warning)
            return None
        if parsed is None:
            return None
        # What the last build found (its stages found the same now: they read what it
        # read but bodies), for the summary, --strict and the next up-to-date build.
        found = Problems(list(previous.warnings))
        with clock.stage("plan"):
            take_bodies(last, parsed, fresh.articles)
            stale = reread(last.fingerprints, previous)
            items = reaching(last, stale)
            plan = ledger.repartition(items, last.fingerprints, outputs_of(last, items),
                                      stale).result
        try:
            result, manifest = self.publish(config, clock, found, inputs, index_search,
                                            searched, notes, Made(
                last.envs, plan.todo, last.copies, previous.valid_until, previous.articles,
                previous.pages, {**previous.batches, **plan.records},
                last.fingerprints.readable, previous.withdrawn,
                len(inputs.sources) - parsed.from_cache, None, previous.plan_digest,
                previous.structure, hot=True))
        except NotHot:
            self.ledger = Ledger.open(ledger.cache_dir, ledger.output, True, memory)
            self.ledgers.append(self.ledger)
            return None
        if memory.manifest is manifest:
            last.keys = {source.path: source.key or b"" for source in inputs.sources}
            last.listed = inputs.sources  # the same files, in the same order
            last.manifest = manifest
            memory.last = last
        return result

    def publish(self, config: Config, clock: Clock, problems: Problems, inputs: Inputs,
                index_search: Indexer | None, searched: bool, notes: list[Problem],
                made: Made) -> tuple[BuildResult, Manifest]:
        """Render the pages to make, copy the static files, and publish the new output
        folder with its manifest (and the search index, unless it comes later)."""
        from .incremental.manifest import Manifest
        from .outputs.images_cache import ImageCache
        from .outputs.media import IMAGES_DIR
        from .parallel import default_jobs
        from .readers.listing import signatures
        from .render.environment import preload
        from .render.pages import render_pages

        options, ledger, envs, todo = self.options, self.ledger, made.envs, made.todo
        assert ledger is not None and self.output is not None
        jobs = options.jobs or default_jobs()
        for env in {id(env): env for env in envs.values()}.values():
            preload(env, {page.template for page, _ in todo if page.template})
        with ledger.begin() as transaction:
            with clock.stage("render"):
                advance = options.progress.stage("render", len(todo)) if options.progress else None
                before = len(problems.items)
                rendered = render_pages(envs, todo, transaction.folder, problems, jobs, advance)
                if made.hot and len(problems.items) > before:
                    raise NotHot  # the whole way says it as it always does
                stop_on_problems(problems, options.strict, inputs.content, options.keep_going)
                ledger.record(rendered)
                ledger.copy_static(made.copies)
                stop_on_problems(problems, options.strict, inputs.content, options.keep_going)
            # The index is made now from the new site, before its pages reach output/ (an
            # index that fails leaves output/ as it was), or after them (search_later).
            now_search, later_search = ((None, index_search) if self.options.search_later
                                        else (index_search, None))
            with clock.stage("write"):
                folder = transaction.finish(ledger.gone)
            index = None  # an index made beside output/, put in place once its pages are
            if now_search is not None and (folder is not None or transaction.changes
                                           or not searched):
                with clock.stage("search"):
                    index = search_now(now_search, transaction, folder, ledger.gone)
            with clock.stage("write"):
                # Files the workers read (unread above) have their keys now; those they
                # could not read are left out, as read_changed leaves them out.
                digest = inputs.digest or inputs_digest(
                    inputs.frame, [source for source in inputs.sources if source.key])
                manifest = Manifest(str(self.output), ledger.entries, digest,
                                    made.valid_until, warnings=problems.items,
                                    articles=made.articles, pages=made.pages,
                                    sources=signatures(inputs.sources, clock.wall_start),
                                    batches=made.batches, readable=made.readable,
                                    withdrawn=made.withdrawn, plan_digest=made.plan_digest,
                                    structure=made.structure)
                if index is not None or (later_search is not None and ledger.changed):
                    mark_stale(self.output)  # until the new index is in place
                try:
                    notes += ledger.publish(manifest, self.publish_lock)
                except BaseException:
                    if index is not None:
                        shutil.rmtree(index, ignore_errors=True)
                    raise
                if index is not None:
                    put_index(index, self.output, self.publish_lock)
            if made.used_images is not None:
                ImageCache(config.root / CACHE_DIR / IMAGES_DIR).prune(made.used_images)
        later = None
        if later_search is not None and not search_current(self.output):
            later = partial(catch_up, later_search, self.output, lock=self.publish_lock)
        return BuildResult(made.articles, made.pages, len(ledger.entries), self.output,
                           [*notes, *problems.warnings], clock.seconds(), clock.timings,
                           [PurePosixPath(p) for p in ledger.changed], len(rendered),
                           made.parsed, errors=problems.errors,
                           withdrawn=made.withdrawn, search_later=later), manifest

    def plan(self, config: Config, editions: tuple[Edition, ...], parsed: ParseResult,
             inputs: Inputs, static: Mapping[str, Path], problems: Problems
             ) -> tuple[tuple[Edition, ...], Partition, Fingerprints,
                        dict[str, ArchiveEnvironment]]:
        """Plan the pages and split them into those to render and those that stand; with
        --keep-going, without the articles that have errors, when there are. `static`: the
        static files copied as they are."""
        from .i18n import translator_for
        from .incremental.changes import site_digest, static_origins
        from .incremental.fingerprints import REFERENCES_FILE, Fingerprints
        from .outputs.keep_going import leave_out_broken
        from .outputs.media import rewrite_body
        from .outputs.planner import check_collisions, plan_items
        from .outputs.sitemaps import plan_sitemaps
        from .render.environment import load_environments
        from .render.views import Reads

        assert self.ledger is not None
        selection, now = self.options.selection, inputs.now
        media = editions[0].site.media
        reads = Reads(parsed.bodies, partial(rewrite_body, media))
        compiled = config.root / CACHE_DIR / "templates"
        # What each language's pages are translated with: its catalogue files.
        words = {e.language: translator_for(e.config).catalogue.digest for e in editions}
        words[""] = words[editions[0].language]
        envs = load_environments(editions, reads, compiled)
        references = (config.root / CACHE_DIR / REFERENCES_FILE if self.options.incremental
                      else None)
        found = problems
        while True:
            fingerprints = Fingerprints([e.site for e in editions], parsed.meta, parsed.files,
                                        envs[""], site_digest(config, selection, now), words,
                                        references)
            keep, previous = self.memory.keep_plan, self.ledger.previous
            origins: dict[str, Batch] = {}
            plan_digest = fingerprints.plan_digest(inputs.frame)
            # Nothing but bodies changed since the last build: every page is where it was.
            current = (previous is not None and previous.valid_until is not None
                       and now < previous.valid_until)
            settled = current and previous is not None and previous.plan_digest == plan_digest
            # Else, when articles' metadata changed but not the site's frame, the batches
            # none of whose reads changed stand (batches.Partitioner's `reach`).
            structure = fingerprints.structure_digest(inputs.frame)
            reach = current and previous is not None and previous.structure == structure
            fingerprints.add_groups(previous.readable if settled and previous else None)
            split = self.ledger.partition(
                plan_items(editions, origins if keep else None), fingerprints, owners=keep,
                settled=settled, reach=reach)
            plan = split.result
            plan.origins, plan.plan_digest, plan.structure = origins, plan_digest, structure
            for item in plan_sitemaps(config, editions, [*plan.pages, *plan.kept_pages]):
                split.add(item)
            # The last build published these pages, so their names did not clash (a clash
            # fails a build; --keep-going leaves its articles out, and so is checked).
            if not settled or self.options.keep_going:
                check_collisions(plan.pages, found, static_origins(config, static),
                                 {a.path for e in editions for a in e.site.articles},
                                 plan.kept_pages)
            fewer = (leave_out_broken(config, parsed.articles, editions, selection, now,
                                      inputs.content, problems)
                     if self.options.keep_going and found is problems else None)
            if fewer is None:
                fingerprints.templates.save()
                return editions, plan, fingerprints, envs
            # Planned again without them; what they did wrong is listed already.
            editions, found = fewer, Problems()
            envs = load_environments(editions, reads, compiled)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the read stage found: the content files, the static files, a digest of all."""

    sources: list[Listed]
    static: dict[str, Path]
    digest: bytes
    now: datetime
    others: list[Path]  # the other files in content/: beside articles, or left out
    content: frozenset[str]  # the content files' paths, as problems name them
    profiles: dict[str, AuthorProfile]  # authors.toml, by casefolded name
    frame: bytes  # the digest of every input but the content files


@dataclass(slots=True)
class Made:
    """What the stages before rendering settled, for rendering and publishing."""

    envs: dict[str, ArchiveEnvironment]
    todo: list[tuple[Page, bytes | None]]  # the pages to render (see Partition)
    copies: dict[str, Path]  # the static files, and the files copied beside articles
    valid_until: datetime | None
    articles: int
    pages: int
    batches: dict[str, BatchRecord]
    readable: dict[str, bytes]
    withdrawn: int
    parsed: int  # content files parsed (not from the cache)
    used_images: list[Path] | None  # the image cache's entries to keep (None: keep all)
    plan_digest: bytes  # Fingerprints.plan_digest
    structure: bytes  # Fingerprints.structure_digest
    hot: bool = False  # a remake: a page that reports a problem sends the build the whole way


class NotHot(Exception):
    """A remake found what only the whole way handles (see Run.remake)."""


def output_folder(config: Config, options: BuildOptions) -> Path:
    """The output folder, checked to be one a build may replace."""
    output = (options.output or config.path("output_dir")).resolve()
    check_output_dir(output, [config.path("content_dir"), config.path("templates_dir"),
                              config.path("static_dir"), config.path("locales_dir"),
                              config.root / CONFIG_NAME])
    return output


def up_to_date(ledger: Ledger, output: Path, options: BuildOptions, clock: Clock,
               notes: list[Problem]) -> BuildResult:
    """The result of a build that found nothing changed: the last build's, as it stands."""
    previous = ledger.previous
    assert previous is not None
    found = Problems([*notes, *previous.warnings])
    stop_on_problems(found, options.strict, {article_of(p.path) for p in found.errors},
                     options.keep_going)
    return BuildResult(previous.articles, previous.pages, previous.file_count(), output,
                       found.warnings, clock.seconds(), clock.timings, up_to_date=True,
                       errors=found.errors, withdrawn=previous.withdrawn)


def stop_on_problems(problems: Problems, strict: bool, content: Collection[str] = (),
                     keep_going: bool = False) -> None:
    """Raise SiteError if there are errors, or warnings under --strict; with `keep_going`,
    errors in `content` files (whose articles are left out) do not stop the build."""
    errors = problems.errors
    in_articles = [p for p in errors if article_of(p.path, content) in content]
    if len(in_articles) < len(errors) or (errors and not keep_going) or (
            strict and problems.warnings):
        raise SiteError(problems.items,
                        articles_only=bool(errors) and len(in_articles) == len(errors))


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
