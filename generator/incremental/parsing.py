"""The parse stage: every content file parsed once, then taken from the cache in .cache/."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..config import Config
from ..digests import digest
from ..errors import Problem, Problems
from ..files import read_bytes, read_text
from ..model import Article, Bodies, Body, Parsed
from ..parallel import forks, iter_chunks
from ..progress import Progress
from ..readers import Renderer, Source, make_renderer, parse_article, parse_key
from ..readers.agency_versions import merge_versions
from ..readers.autotag import apply_autotags
from ..readers.listing import Listed
from .parse_cache import CachedParse, Packed, ParseCache, pack, unpack_bodies

# Files a parse worker takes at a time: their bodies come back together, and are stored
# before the next chunk's arrive, so that no process holds every body of a cold build.
PARSE_CHUNK = 500
# What a parse worker sends back for one file: its path, the digest of its text (None
# when it could not be read), and what the cache keeps of it with its articles' bodies,
# packed as the cache stores them.
WorkerResult = tuple[str, bytes | None, Packed]


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
                  kept: ParseCache | None = None,
                  listed: Sequence[Listed] | None = None) -> ParseResult:
    """Parse (and auto-tag) every source, taking unchanged files from the cache.

    `kept` is the cache object of an earlier build in this process, used again if it is
    for the same configuration and its file has not changed since. `listed` is every
    content file when `sources` are only some of them (the cache keeps the others).
    """
    cache = None
    if cache_dir is not None:
        # Keyed on what parsing reads, not the whole configuration: a new site title
        # parses nothing again.
        key = parse_key(config)
        cache = kept if kept is not None and _reusable(kept, cache_dir, key) else (
            ParseCache(cache_dir, key))
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
    # The workers read the files they parse, so that no process holds every text at once;
    # the renderer is made once, and warmed up, before they fork.
    renderer = make_renderer(config) if misses else None
    if renderer is not None and forks(len(misses), jobs):
        renderer.warm_up()
    with closing(iter_chunks(partial(_parse_chunk, config, renderer), misses, jobs, advance,
                             max_chunk=PARSE_CHUNK)) as chunks:
        for chunk in chunks:
            for path, key, packed in chunk:
                by_path[path].key = key
                results[path] = cached = pickle.loads(packed.data)
                if key is None:  # unreadable now: reported, not cached
                    continue
                if cache is not None:
                    cache.put(path, key, cached, packed)
                else:
                    memory.bodies.update(zip((a.path for a in cached[0]),
                                             unpack_bodies(packed), strict=True))
    if cache is not None:
        cache.save(s.path for s in (sources if listed is None else listed))
    parsed = ParseResult([], {}, {}, cache if cache is not None else memory,
                         len(sources) - len(misses), cache=cache)
    if cache is not None and cache.warning:
        parsed.cache_warning = Problem(cache.shown, cache.warning, severity="warning")
        cache.warning = None  # said once; a session's next build does not repeat it
    for item in sources:
        articles, found, metas = results[item.path]
        problems.extend(found)
        for article, meta in zip(articles, metas, strict=True):
            parsed.articles.append(article)
            parsed.meta[article.path] = meta
            parsed.files[article.path] = item.key or b""
    return parsed


def _reusable(cache: ParseCache, cache_dir: Path, key: str) -> bool:
    return cache.file.parent == cache_dir and cache.key == key and cache.current()


def _parse_chunk(config: Config, renderer: Renderer | None,
                 items: Sequence[Listed]) -> list[WorkerResult]:
    if renderer is None:  # nothing to parse (the stage maps over no files)
        return []
    done: list[WorkerResult] = []
    for item in items:
        problems = Problems()
        key, found = _parse_one(item, config, renderer, problems)
        if key is None or not found:
            done.append((item.path, key, pack(((), problems.items, ()), ())))
            continue
        tagged = apply_autotags(config.autotag, found)
        done.append((item.path, key, pack(
            (tuple(article for article, _ in tagged), problems.items,
             tuple(meta_digest(article) for article, _ in tagged)),
            tuple(body for _, body in tagged))))
    return done


def _parse_one(item: Listed, config: Config, renderer: Renderer,
               problems: Problems) -> tuple[bytes | None, list[Parsed]]:
    """Read and parse one file: the digest of what was read (None: unreadable), its articles."""
    if item.raw:  # an agency file: XML says its own encoding
        data = item.data if item.data is not None else read_bytes(Path(item.file), item.path,
                                                                  problems)
        if data is None:
            return None, []
        from ..readers.agency_files import read_agency_file  # only sites with agency files

        return digest(data), read_agency_file(data, item.path, config, renderer, problems)
    text = (item.text if item.text is not None
            else read_text(Path(item.file), item.path, problems))
    if text is None:
        return None, []
    parsed = parse_article(Source(item.path, text), config, renderer, problems)
    return digest(text.encode("utf-8")), [parsed] if parsed is not None else []


def settle_agency(parsed: ParseResult, present: Callable[[str], bool]) -> list[Article]:
    """Make the versions of each agency item one article, on every build (cached files
    too); return the versions left behind, whose files are read, not left out."""
    parsed.articles, absorbed = merge_versions(parsed.articles, present)
    for article in parsed.articles:
        if article.agency is not None:
            parsed.meta[article.path] = meta_digest(article)
    return absorbed


def meta_digest(article: Article) -> bytes:
    """The digest of what list pages show of an article: everything but what comes from
    its body (its word count counts for the pages that read it, see render.views)."""
    return digest(pickle.dumps(dataclasses.replace(article, words=0),
                               protocol=pickle.HIGHEST_PROTOCOL))


def parsed_articles(result: ParseResult) -> list[Parsed]:
    """Every article of a parse with its body (for commands that read them all)."""
    return [Parsed(article, result.bodies.body(article.path)) for article in result.articles]
