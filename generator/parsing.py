"""The parse stage: every content file parsed once, then taken from the cache in .cache/."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from .autotag import apply_autotags
from .cache import ParseCache, digest
from .config import Config
from .errors import Problem, Problems
from .files import read_text
from .model import Article, Bodies, strip_body
from .parallel import map_chunks
from .progress import Progress
from .reading import Listed
from .sources import Source, parse_article
from .sources.markdown import MarkdownRenderer


@dataclasses.dataclass(slots=True)
class Parsed:
    """The articles of a build, with digests of each one's metadata and of its file."""

    articles: list[Article]  # without their bodies: see model.strip_body
    meta: dict[str, bytes]
    bodies: dict[str, bytes]
    store: Bodies
    from_cache: int = 0
    # Why the cache was emptied, when it was: said once, not stored with the build.
    cache_warning: Problem | None = None
    cache: ParseCache | None = None


def parse_sources(sources: Sequence[Listed], config: Config, problems: Problems, jobs: int,
                  cache_dir: Path | None, progress: Progress | None = None,
                  kept: ParseCache | None = None) -> Parsed:
    """Parse (and auto-tag) every source, taking unchanged files from the cache.

    `kept` is the cache object of an earlier build in this process, used again if it is
    for the same configuration and its file has not changed since.
    """
    cache = None
    if cache_dir is not None:
        cache = kept if kept is not None and _reusable(kept, cache_dir, config) else (
            ParseCache(cache_dir, repr(config)))
    results: dict[str, tuple[Article | None, list[Problem], bytes]] = {}
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
    store: Bodies = cache if cache is not None else memory
    by_path = {item.path: item for item in sources}
    # The workers read the files they parse, so that no process holds every text at once.
    for chunk in map_chunks(partial(_parse_chunk, config), misses, jobs, advance):
        for path, key, (article, found, meta) in chunk:
            by_path[path].key = key
            body = (article.body_html, article.text) if article is not None else ("", "")
            stripped = strip_body(article) if article is not None else None
            results[path] = (stripped, found, meta)
            if key is None:  # unreadable now: reported, not cached
                continue
            if cache is not None:
                cache.put(path, key, results[path], body)
            else:
                memory.bodies[path] = body
    if cache is not None:
        cache.save(s.path for s in sources)
    parsed = Parsed([], {}, {}, store, len(sources) - len(misses), cache=cache)
    if cache is not None and cache.warning:
        parsed.cache_warning = Problem(str(cache.file.relative_to(config.root)), cache.warning,
                                       severity="warning")
        cache.warning = None  # said once; a session's next build does not repeat it
    for item in sources:
        article, found, meta = results[item.path]
        problems.extend(found)
        if article is not None:
            parsed.articles.append(article)
            parsed.meta[article.path] = meta
            parsed.bodies[article.path] = item.key or b""
    return parsed


def _reusable(cache: ParseCache, cache_dir: Path, config: Config) -> bool:
    return cache.file.parent == cache_dir and cache.key == repr(config) and cache.current()


class MemoryBodies:
    """Bodies kept in memory, for a build without the cache."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[str, str]] = {}

    def body(self, path: str) -> tuple[str, str]:
        return self.bodies[path]


def _parse_chunk(config: Config, items: Sequence[Listed]
                 ) -> list[tuple[str, bytes | None, tuple[Article | None, list[Problem], bytes]]]:
    renderer = MarkdownRenderer(config.markdown_extensions)
    done: list[tuple[str, bytes | None, tuple[Article | None, list[Problem], bytes]]] = []
    for item in items:
        problems = Problems()
        text = item.text if item.text is not None else read_text(item.file, item.path, problems)
        if text is None:
            done.append((item.path, None, (None, problems.items, b"")))
            continue
        key = digest(text.encode("utf-8"))
        article = parse_article(Source(item.path, text), config, renderer, problems)
        meta = b""
        if article is not None:
            article = apply_autotags(config.autotag, [article])[0]
            # The body, the text and the word count count for the pages that read them.
            meta = digest(pickle.dumps(dataclasses.replace(article, body_html="", text=""),
                                       protocol=pickle.HIGHEST_PROTOCOL))
        done.append((item.path, key, (article, problems.items, meta)))
    return done
