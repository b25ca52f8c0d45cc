"""Rebuilds in a session that cost what changed: an edit to the bodies of a few articles.

After a build, a session (the preview server) keeps what that build planned: the site of
each language, the templates, the pages and batches with the files each one makes. When
the next build finds that only content files changed, and that each still gives the same
articles with the same metadata (so only bodies and word counts differ), that plan still
stands: the items whose files read one of those bodies are partitioned again (and their
pages rendered where they changed), and every other file keeps its entry, without making
the site's indexes, planning or fingerprinting its other pages, or looking at every file
in the output folder (which the session's own last build left as the manifest says).

Anything else (a new file, a retag, a new title or date, a template, a static file, the
configuration, an error) takes the whole way, and so does a build after a failed one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..config.authors import AuthorProfile
from ..digests import stat_signature
from ..errors import Problem
from ..model import Article, Batch, Page, article_key
from ..outputs.languages import relink
from ..readers.listing import Listed
from ..render.environment import ArchiveEnvironment
from ..render.views import Reads
from ..site.editions import Edition
from .fingerprints import Fingerprints
from .manifest import Manifest
from .parsing import ParseResult

# More changed files than this at once (a branch switched, a folder pasted) take the whole
# way: its cost is then no longer what the changes cost.
MOST_CHANGED = 20


@dataclass(slots=True)
class LastBuild:
    """What a session's last build planned, kept for the next one (see the module)."""

    output: Path
    frame: bytes  # the digest of every input but the content files (changes.frame_digest)
    site: bytes  # the digest every page depends on (changes.site_digest: the year too)
    keys: dict[str, bytes]  # every content file, by path: the digest of its text
    parsed: ParseResult
    read: list[Problem]  # what reading the files reported (warnings only)
    early: list[Problem]  # what reading and parsing reported (warnings only)
    editions: tuple[Edition, ...]
    envs: dict[str, ArchiveEnvironment]
    fingerprints: Fingerprints
    owners: dict[str, Page | Batch]  # every page's file, by path: the item that makes it
    origins: dict[str, Batch]  # a site of several languages: the batch each page came from
    copies: dict[str, Path]  # the static files and the files copied beside articles
    beside: frozenset[str]  # the other files of content/, as shown (parsing.settle_agency)
    manifest: Manifest  # what it published
    # What its read stage found: the content files (all of them read: `read` is empty
    # when listed_after takes them), the static files, the other files of content/, and
    # the authors' profiles.
    listed: list[Listed]
    static: dict[str, Path]
    others: list[Path]
    profiles: dict[str, AuthorProfile]
    # Every Article object of the editions, by input file: a new word count is set on each.
    shown: dict[str, list[Article]] = field(default_factory=dict)
    where: dict[str, int] = field(default_factory=dict)  # each file's place in `listed`

    def __post_init__(self) -> None:
        self.where = {item.file: index for index, item in enumerate(self.listed)}
        for edition in self.editions:
            for article in (*edition.site.articles, *edition.site.withdrawn):
                self.shown.setdefault(article.path, []).append(article)


def listed_after(last: LastBuild, output: Path, events: Collection[Path]) -> list[Listed] | None:
    """The last build's listing of content/ with the files a watcher saw change (`events`)
    looked at again, if each is a content file it listed (an edit: no file came or went,
    no template or other input changed) and its reading reported nothing; else None, and
    every file is listed. A change the watcher missed is found by the next build without
    events (`serve` makes one when the editor pauses)."""
    if last.output != output or last.read or len(events) > MOST_CHANGED:
        return None
    listed = list(last.listed)
    for path in events:
        index = last.where.get(str(path))
        signature = stat_signature(path) if index is not None else None
        if index is None or signature is None:
            return None
        listed[index] = Listed(listed[index].file, listed[index].path, signature)
    return listed


def changed_sources(last: LastBuild | None, output: Path, frame: bytes, site: bytes,
                    now: datetime, sources: Sequence[Listed], previous: Manifest | None
                    ) -> list[Listed]:
    """The content files changed since `last`, if nothing else did (the clock included:
    no scheduled story came out, none expired) and a few did; else an empty list (the
    whole way)."""
    if (last is None or last.output != output or last.frame != frame or last.site != site
            or previous is not last.manifest or len(sources) != len(last.keys)
            or previous.valid_until is None or now >= previous.valid_until):
        return []
    changed: list[Listed] = []
    for source in sources:
        key = last.keys.get(source.path)
        if key is None or source.key is None:
            return []
        if key != source.key:
            if source.raw or len(changed) == MOST_CHANGED:  # an agency item merges versions
                return []
            changed.append(source)
    return changed


def reparsed(last: LastBuild, fresh: ParseResult, changed: Collection[str],
             read: Sequence[Problem], found: Sequence[Problem]) -> ParseResult | None:
    """The last build's parse with the `changed` files parsed again (`fresh`, which found
    `found`), if reading found what it found last time, and each of those files gives one
    article, at its path, with the same metadata as before, and no problem now or then;
    else None."""
    old = last.parsed
    if (list(read) != last.read or found or len(fresh.articles) != len(changed)
            or any(problem.path in changed for problem in last.early)):
        return None
    for article in fresh.articles:
        path = article.path
        if path not in changed or old.meta.get(path) != fresh.meta.get(path):
            return None
    new = {article.path: article for article in fresh.articles}
    return ParseResult([new.get(article.path, article) for article in old.articles],
                       old.meta, {**old.files, **fresh.files}, fresh.bodies,
                       len(last.keys) - len(changed) + fresh.from_cache,
                       fresh.cache_warning, fresh.cache)


def take_bodies(last: LastBuild, parsed: ParseResult, changed: Iterable[Article]) -> None:
    """Make the kept site show the new bodies: their word counts on its articles, their
    digests in the fingerprints, and the bodies themselves where templates load them."""
    fingerprints = last.fingerprints
    # A copy: the last manifest holds the dict it had, and the next partition compares.
    fingerprints.readable = dict(fingerprints.readable)
    reads: Reads = last.envs[""].reads
    reads.store = parsed.bodies
    reads.forget()
    for article in changed:
        for shown in last.shown.get(article.path, ()):
            # Articles are frozen for everyone else; a kept site is changed here only.
            object.__setattr__(shown, "words", article.words)
            pictures = last.editions[0].site.media.digests.get(article.path, b"")
            fingerprints.readable[article_key(shown)] = fingerprints.body_digest(
                shown, parsed.files.get(article.path, b"?"), pictures)
    last.parsed = parsed


def reaching(last: LastBuild, outputs: Collection[str]) -> list[Page | Batch]:
    """The items that make `outputs`, each once.

    A site of several languages made its batches when it planned them (each page links
    to its versions in the others), with the word counts of then: those that make
    `outputs` are made again, and their pages keep their links."""
    found: dict[int, Page | Batch] = {}
    again: dict[int, dict[str, Page]] = {}  # the pages of each batch made again, by file
    for output in outputs:
        owner = last.owners.get(output)
        batch = last.origins.get(output)
        if isinstance(owner, Page) and batch is not None:
            pages = again.get(id(batch))
            if pages is None:
                pages = again[id(batch)] = {str(page.output): page for page in batch.make()}
            if output in pages:
                owner = last.owners[output] = relink(owner, pages[output])
        if owner is not None:
            found.setdefault(id(owner), owner)
    return list(found.values())


def outputs_of(last: LastBuild, items: Iterable[Page | Batch]) -> set[str]:
    """The files the last build made from `items`."""
    wanted = {id(item) for item in items}
    return {output for output, item in last.owners.items() if id(item) in wanted}

