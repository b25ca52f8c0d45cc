"""The parse stage: every content file parsed once, then taken from the cache in .cache/."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..config import Config
from ..digests import digest
from ..errors import Problem, Problems
from ..files import read_text
from ..model import Article, Bodies, Body, Parsed
from ..parallel import map_chunks
from ..progress import Progress
from ..readers import MarkdownRenderer, Source, parse_article
from ..readers.autotag import apply_autotags
from ..readers.listing import Listed
from .parse_cache import CachedParse, ParseCache

# What a parse worker sends back for one file: its path, the digest of its text (None
# when it could not be read), what the cache keeps of it, and its body.
WorkerResult = tuple[str, bytes | None, CachedParse, Body]


@dataclass(slots=True)
class ParseResult:
    """The articles of a build, with digests of each one's metadata and of its file, and
    where their bodies are."""

    articles: list[Article]
    meta: dict[str, bytes]
    files: dict[str, bytes]
    bodies: Bodies
    from_cache: int = 0
    # Why the cache was emptied, when it was: said once, not stored with the build.
    cache_warning: Problem | None = None
    cache: ParseCache | None = None


@dataclass(slots=True)
class MemoryBodies:
    """Bodies kept in memory, for a build without the cache."""

    bodies: dict[str, Body] = field(default_factory=dict)

    def body(self, path: str) -> Body:
        return self.bodies[path]


def parse_sources(sources: Sequence[Listed], config: Config, problems: Problems, jobs: int,
                  cache_dir: Path | None, progress: Progress | None = None,
                  kept: ParseCache | None = None) -> ParseResult:
    """Parse (and auto-tag) every source, taking unchanged files from the cache.

    `kept` is the cache object of an earlier build in this process, used again if it is
    for the same configuration and its file has not changed since.
    """
    cache = None
    if cache_dir is not None:
        cache = kept if kept is not None and _reusable(kept, cache_dir, config) else (
            ParseCache(cache_dir, repr(config)))
    results: dict[str, CachedParse] = {}
    misses: list[Listed] = []
    for item in sources:
        hit = (cache.get(item.path, item.key) if cache is not None and item.key is not None
               else None)
        if hit is not None:
            results[item.path] = hit
        else:
            misses.append(item)
    advance = progress.stage("parse", len(misses)) if progress and misses else None
    memory = MemoryBodies()
    by_path = {item.path: item for item in sources}
    # The workers read the files they parse, so that no process holds every text at once.
    for chunk in map_chunks(partial(_parse_chunk, config), misses, jobs, advance):
        for path, key, cached, body in chunk:
            by_path[path].key = key
            results[path] = cached
            if key is None:  # unreadable now: reported, not cached
                continue
            if cache is not None:
                cache.put(path, key, cached, body)
            else:
                memory.bodies[path] = body
    if cache is not None:
        cache.save(s.path for s in sources)
    parsed = ParseResult([], {}, {}, cache if cache is not None else memory,
                         len(sources) - len(misses), cache=cache)
    if cache is not None and cache.warning:
        parsed.cache_warning = Problem(cache.shown, cache.warning, severity="warning")
        cache.warning = None  # said once; a session's next build does not repeat it
    for item in sources:
        article, found, meta = results[item.path]
        problems.extend(found)
        if article is not None:
            parsed.articles.append(article)
            parsed.meta[article.path] = meta
            parsed.files[article.path] = item.key or b""
    return parsed


def _reusable(cache: ParseCache, cache_dir: Path, config: Config) -> bool:
    return cache.file.parent == cache_dir and cache.key == repr(config) and cache.current()


def _parse_chunk(config: Config, items: Sequence[Listed]) -> list[WorkerResult]:
    renderer = MarkdownRenderer(config.markdown_extensions)
    done: list[WorkerResult] = []
    for item in items:
        problems = Problems()
        text = item.text if item.text is not None else read_text(item.file, item.path, problems)
        if text is None:
            done.append((item.path, None, (None, problems.items, b""), Body("", "")))
            continue
        key = digest(text.encode("utf-8"))
        parsed = parse_article(Source(item.path, text), config, renderer, problems)
        if parsed is None:
            done.append((item.path, key, (None, problems.items, b""), Body("", "")))
            continue
        article, body = apply_autotags(config.autotag, [parsed])[0]
        done.append((item.path, key, (article, problems.items, meta_digest(article)), body))
    return done


def meta_digest(article: Article) -> bytes:
    """The digest of what list pages show of an article: everything but what comes from
    its body (its word count counts for the pages that read it, see render.views)."""
    return digest(pickle.dumps(dataclasses.replace(article, words=0),
                               protocol=pickle.HIGHEST_PROTOCOL))


def parsed_articles(result: ParseResult) -> list[Parsed]:
    """Every article of a parse with its body (for commands that read them all)."""
    return [Parsed(article, result.bodies.body(article.path)) for article in result.articles]
