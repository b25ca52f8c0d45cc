"""build(): the stages of a build, in order, from site.toml to output/."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path, PurePosixPath

from .autotag import apply_autotags
from .config import CONFIG_NAME, load_config
from .errors import Problem, Problems, SiteError
from .indexes import make_site, select_articles
from .output import check_output_dir, write_site
from .pages import plan_pages
from .parallel import default_jobs
from .render import load_templates, render_pages, theme_dirs
from .search import search_indexer
from .sources import parse_articles, read_sources


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line asked for."""

    output: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    strict: bool = False
    jobs: int | None = None  # processes for parsing and rendering; None: one per core


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


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def build(root: Path, options: BuildOptions = BuildOptions(),
          publish_lock: AbstractContextManager[object] | None = None) -> BuildResult:
    """Build the site at `root`; raise SiteError listing every problem, writing nothing."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    stage = partial(_timed, timings)
    problems = Problems()
    config = load_config(root, options.base_url)
    output = options.output or config.path("output_dir")
    check_output_dir(output, [config.path("content_dir"), config.path("templates_dir"),
                              config.path("static_dir"), root / CONFIG_NAME])
    index_search = search_indexer(config)  # fails now if search is on and Pagefind is missing
    now = build_time()
    jobs = options.jobs or default_jobs()

    with stage("read"):
        sources = read_sources(config, problems)
    with stage("parse"):
        articles = parse_articles(sources, config, problems, jobs)
        articles = apply_autotags(config.autotag, articles)
    with stage("index"):
        published = select_articles(articles, now, drafts=options.drafts, future=options.future)
        site = make_site(config, published, now, problems)
    with stage("plan"):
        pages = plan_pages(config, site, problems)
    stop_on_problems(problems, options.strict)
    with stage("render"):
        rendered = render_pages(load_templates(config, site), pages, problems, jobs)
    stop_on_problems(problems, options.strict)
    finish = None
    if index_search is not None:
        def finish(folder: Path) -> None:
            with stage("search"):
                index_search(folder)
    with stage("write"), publish_lock or nullcontext():
        files = write_site(rendered, theme_dirs(config, "static"), output, finish=finish)
    # The search index is built inside the write stage; show the two apart.
    timings["write"] -= timings.get("search", 0.0)
    return BuildResult(len(site.articles), len(pages), files, output, problems.warnings,
                       time.perf_counter() - started, timings, sorted(rendered))


def stop_on_problems(problems: Problems, strict: bool) -> None:
    """Raise SiteError if there are errors, or warnings under --strict."""
    if problems.errors or (strict and problems.warnings):
        raise SiteError(problems.items)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
