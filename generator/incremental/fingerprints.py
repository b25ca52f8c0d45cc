"""Fingerprints of what each page is made from, so a rebuild renders only changed pages.

A page's fingerprint is a digest of its template (with every template it extends,
includes or imports), the site-wide inputs (configuration, generator version, the build
year) and its context, walked value by value. An article in a context counts by its
metadata (title, date, summary, tags, URL, ...), a tag, source or period by its identity;
what a page reads beyond that, an article's body or a group's list of articles, is
recorded while the page is made (render.views.Reads) and counted in the next build's
fingerprint. So a body edit re-renders the pages that showed that body, and a retag
re-renders the pages that listed that tag's articles, and no others.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.meta

from ..digests import code_version, digest, digest_parts
from ..files import write_atomically
from ..model import (
    ARTICLE_READ,
    Article,
    Batch,
    Group,
    Page,
    Period,
    Site,
    article_key,
    group_key,
    related_key,
)
from ..outputs.html import JsonLd, Pager

Out = Callable[[bytes], None]
# What a batch read (BatchRecord's `keys` and `groups`): the keys in `readable` of its
# Batch.reads and of the articles its inputs hold (None: not known), and the groups they
# hold, as the walk writes them.
BatchReads = tuple[tuple[str, ...] | None, tuple[bytes, ...]]
# Set (the tests set it), what a rebuild keeps unexamined is examined all the same and
# checked to be what it was (batches.py; add_groups).
CHECK_BATCHES = "NEWSARCHIVE_CHECK_BATCHES"
NONE = b"NoneType:None;"


class Unhashable(Exception):
    """A context value the walk does not know; the page is then rendered every time."""


class Fingerprints:
    """Digests for one build: per article, per group, per template, per page."""

    def __init__(self, sites: Sequence[Site], meta: Mapping[str, bytes],
                 bodies: Mapping[str, bytes], env: jinja2.Environment, global_digest: bytes,
                 editions: Mapping[str, bytes] | None = None,
                 templates: Path | None = None) -> None:
        # meta: article path -> digest of what parsing gave (without the body), bodies:
        # path -> digest of the file; the URL and tags are settled later, so added here.
        # sites: one per language; editions: language -> digest of what its pages are
        # translated with (catalogues, CLDR data), by Page.edition; templates: the cache
        # file of what each template names (TemplateDigests' store).
        self.meta: dict[str, bytes] = {}
        # What a page may read while it is made, by its key in render.views.
        self.readable: dict[str, bytes] = {}
        self.editions = dict(editions or {})
        # What every batch's fingerprint begins with but its key (of_batch).
        self._batch_head = [global_digest, b"batch\0"]
        self._batch_words = [words for _, words in sorted(self.editions.items())]
        keys: dict[str, str] = {}  # article path -> the key of its body in `readable`
        for site in sites:
            pictures = site.media.digests
            for article in (*site.articles, *site.withdrawn):
                base = meta.get(article.path, b"?")
                self.meta[article.path] = digest_parts(base, article.url.encode(),
                                                       "\0".join(article.tags).encode())
                key = keys[article.path] = article_key(article)
                self.readable[key] = self.body_digest(
                    article, bodies.get(article.path, b"?"), pictures.get(article.path, b""))
        self._sites = sites
        # The groups' lists are added by add_groups, once plan_digest has said whether they
        # are the last build's.
        self._lists: list[Group | Period] = []
        for site in sites:
            self._lists += [*site.tags, *site.sources, *site.authors, *site.years,
                             *site.months, *site.days]
        self.templates = TemplateDigests(env, templates)
        self.global_digest = global_digest
        # Which articles each site lists, in order, and which it withdrew (plan_digest).
        self._placed = [b"\0".join(a.path.encode() for a in site.articles) + b"\1"
                        + b"\0".join(a.path.encode() for a in site.withdrawn) for site in sites]
        # What the walk writes for an article, a group or a context key, made once.
        self._articles = {path: b"A" + value for path, value in self.meta.items()}
        # The key in `readable` of the article each of those stands for (a batch's reads).
        self._article_keys = {self._articles[path]: key for path, key in keys.items()}
        self._identities: frozenset[bytes] | None = None
        self._groups: dict[int, bytes] = {}
        self._keys: dict[str, bytes] = {}

    def body_digest(self, article: Article, file: bytes, pictures: bytes) -> bytes:
        """What a page that shows the article's body reads: the article's metadata, the
        digest of its file, and that of what its images are published as."""
        return digest_parts(self.meta[article.path], file, pictures)

    def plan_digest(self, frame: bytes) -> bytes:
        """A digest of everything fingerprints stand on but the articles' bodies: `frame`
        (every input but the content files: changes.frame_digest), the site-wide inputs,
        the catalogues, each article's metadata (with its URL and tags), and which articles
        each site lists, in which order. The groups follow from these (make_site), and so
        does every group's list. Two builds that have the same give each page the same
        fingerprint, but for the words of the articles whose bodies changed, which only the
        pages that read those bodies show (the batches of article pages read their own).
        See batches.Partitioner's `settled`."""
        pairs = [*sorted(self.editions.items()), *sorted(self.meta.items())]
        return digest_parts(frame, self.global_digest, *self._placed,
                            *(key.encode() + b"=" + value for key, value in pairs))

    def structure_digest(self, frame: bytes) -> bytes:
        """What a batch's gathering reads of the site besides the articles and groups its
        inputs hold and the lists its Batch.reads name: `frame`, the site-wide inputs and
        the catalogues (as plan_digest), which articles each site lists in which order, and
        its periods (a period's neighbours are in its pages). A rebuild with the last
        build's keeps a batch none of whose reads changed (batches.Partitioner, `reach`):
        after a retag, the pages of the groups it left and joined, not every page."""
        periods = [self._group(period) for site in self._sites
                   for period in (*site.years, *site.months, *site.days)]
        return digest_parts(frame, self.global_digest, *self._placed, b"\1periods",
                            *periods, *(key.encode() + b"=" + value
                                        for key, value in sorted(self.editions.items())))

    @property
    def identities(self) -> frozenset[bytes]:
        """What the walk writes for each group of the sites (its kind, URL and name)."""
        if self._identities is None:
            self._identities = frozenset(map(self._group, self._lists))
        return self._identities

    def add_groups(self, settled: Mapping[str, bytes] | None = None) -> None:
        """Add what a page reads of each group (its list counts its articles' metadata; a
        body read through it is recorded on its own), and which articles each article's
        related list names (related_key; a batch's reads). `settled`: the last build's
        `readable`, when plan_digest is its own: every group's list is then what it was."""
        readable = self.readable
        if settled is not None:
            readable.update((key, value) for key, value in settled.items()
                            if not key.startswith(ARTICLE_READ))
            if not os.environ.get(CHECK_BATCHES):
                return
        meta = self.meta
        for group in self._lists:
            key, value = group_key(group), digest_parts(*(meta[a.path] for a in group.articles))
            if settled is not None and readable.get(key) != value:
                raise AssertionError(f"the list of {key} is not the last build's, though "
                                     "plan_digest is: it misses something groups follow from")
            readable[key] = value
        for site in self._sites:
            for article in site.articles:
                related = site.related.get(article.url)
                if related is not None:
                    key, value = related_key(article), digest(
                        "\0".join(other.path for other in related).encode())
                    if settled is not None and readable.get(key) != value:
                        raise AssertionError(f"{key} is not the last build's, though "
                                             "plan_digest is")
                    readable[key] = value

    def of_reads(self, reads: Iterable[str]) -> bytes:
        """The digest of what a page read while it was made, as it stands now."""
        return digest_parts(*(k.encode() + b"=" + self.readable.get(k, b"gone")
                              for k in sorted(reads)))

    def of_page(self, page: Page) -> bytes | None:
        """The digest of the page's template, context and the site-wide inputs; None when
        the context holds something that cannot be fingerprinted."""
        # A template translates with its language's catalogue; a feed's words are in its
        # context already.
        parts = [self.global_digest, f"{page.url}\0{page.output}\0{page.template}\0".encode()]
        if page.template:
            parts += [self.templates.closure(page.template), self.editions.get(page.edition, b"")]
        try:
            self.walk(page.context, parts.append)
        except Unhashable:
            return None
        return digest(b"".join(parts))

    def of_batch(self, batch: Batch) -> bytes | None:
        """The digest of a batch's key, its inputs and the site-wide inputs; None when the
        inputs hold something that cannot be fingerprinted."""
        parts = self._batch_parts(batch)
        return digest(b"".join(parts)) if parts is not None else None

    def of_batch_reads(self, batch: Batch) -> tuple[bytes | None, BatchReads]:
        """of_batch, and what the batch read: with Batch.reads, its keys, those of the
        articles its inputs hold, and the groups they hold (as the walk writes them)."""
        parts = self._batch_parts(batch)
        if parts is None:
            return None, (None, ())
        fingerprint = digest(b"".join(parts))
        if batch.reads is None:
            return fingerprint, (None, ())
        # The walk writes an article or a group as the same bytes every time: the parts
        # that are such bytes name what the inputs hold, found without a call each.
        keys = self._article_keys
        return fingerprint, ((*batch.reads, *sorted(map(keys.__getitem__, keys.keys() & parts))),
                             tuple(sorted(self.identities.intersection(parts))))

    def _batch_parts(self, batch: Batch) -> list[bytes] | None:
        # A batch's pages translate with their language's catalogue: only a site of one
        # language plans batches, so its one catalogue counts.
        parts = [*self._batch_head, batch.key.encode(), *self._batch_words]
        try:
            self.walk(batch.inputs, parts.append)
        except Unhashable:
            return None
        return parts

    def walk(self, value: Any, out: Out) -> None:
        """Write the bytes that stand for `value` to `out`; raise Unhashable if unknown."""
        kind = type(value)
        if kind is str:
            out(b"s%d:" % len(value))
            out(value.encode())
        elif kind is Article:
            out(self._articles.get(value.path, b"A?"))
        elif kind is tuple or kind is list:
            out(b"[")
            articles, groups = self._articles, self._groups
            # Lists of articles and of groups, and a batch's inputs (a tuple of articles,
            # groups, strings and numbers), are most of what is walked: no call for those.
            for item in value:
                inner = type(item)
                if inner is Article:
                    out(articles.get(item.path, b"A?"))
                elif inner is Group or inner is Period:
                    known = groups.get(id(item))
                    out(known if known is not None else self._group(item))
                elif inner is str:
                    out(b"s%d:" % len(item))
                    out(item.encode())
                elif item is None:
                    out(NONE)
                elif inner is int:
                    out(b"int:%d;" % item)
                else:
                    self.walk(item, out)
            out(b"]")
        elif kind is bytes:
            out(b"b%d:" % len(value))
            out(value)
        elif value is None:
            out(NONE)
        elif kind is bool or kind is int or kind is float:
            out(f"{kind.__name__}:{value!r};".encode())
        elif kind is Group or kind is Period:
            out(self._group(value))
        elif kind in WALKERS:
            WALKERS[kind](self, value, out)
        else:
            how = _KINDS.get(kind)
            if how is None:
                how = _KINDS[kind] = _kind_of(kind)
            self._walk_other(how, value, out)

    def _group(self, group: Group | Period) -> bytes:
        known = self._groups.get(id(group))
        if known is None:  # the groups live as long as the site: their ids are stable
            known = self._groups[id(group)] = (
                f"G{group.kind}:{group.url}:{getattr(group, 'name', '')};".encode())
        return known

    def _walk_other(self, how: str | tuple[str, ...], value: Any, out: Out) -> None:
        if how == "mapping":
            out(b"{")
            for key, item in value.items():
                if type(key) is str:
                    name = self._keys.get(key)
                    if name is None:
                        name = self._keys[key] = b"k%d:%s" % (len(key), key.encode())
                    out(name)
                else:
                    self.walk(key, out)
                self.walk(item, out)
            out(b"}")
        elif how == "str":  # Markup
            self.walk(str(value), out)
        elif how == "time":
            out(b"t" + value.isoformat().encode())
        elif how == "path":
            out(b"p" + str(value).encode())
        elif how == "sequence":
            self.walk(list(value), out)
        elif isinstance(how, tuple):  # a dataclass: its name, then its fields in order
            out(type(value).__name__.encode())
            self.walk([getattr(value, name) for name in how], out)
        else:
            raise Unhashable(type(value).__name__)


# How a value of each type met outside the walk's fast paths is walked, found once per type.
_KINDS: dict[type, str | tuple[str, ...]] = {}


def _kind_of(kind: type) -> str | tuple[str, ...]:
    """Classify a type the way the walk treats its values: a mapping, a str subclass
    (Markup), a date or time, a path, another sequence, a dataclass (by its fields'
    names), or "unknown"."""
    if issubclass(kind, Mapping):
        return "mapping"
    if issubclass(kind, str):
        return "str"
    if issubclass(kind, (datetime, date)):
        return "time"
    if issubclass(kind, PurePath):
        return "path"
    if issubclass(kind, (list, tuple)):
        return "sequence"
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return tuple(f.name for f in dataclasses.fields(kind))
    return "unknown"


# The templates each template names, by the digest of its file and text: parsing them
# again for every build is most of a small site's rebuild under `serve` (0.1 s of 0.5 s),
# and 0.05-0.1 s of a command's rebuild after an edit (kept in the build's cache for it).
_REFERENCES: dict[bytes, tuple[str | None, ...]] = {}
MAX_REFERENCES = 1024
REFERENCES_FILE = "template-references.pickle"
_stores_read: set[Path] = set()  # the cache files whose references _REFERENCES holds


class TemplateDigests:
    """The digest of a template together with every template it pulls in.

    `store`: a file of the build's cache that keeps the templates each template names
    from one build to the next (save() writes it when a template was parsed)."""

    def __init__(self, env: jinja2.Environment, store: Path | None = None) -> None:
        self.env = env
        self.store = store
        self._own: dict[str, tuple[bytes, tuple[str | None, ...]]] = {}
        self._closure: dict[str, bytes] = {}
        self._parsed = False  # a template was parsed: the store misses its references

    def _references(self, own: bytes, source: str) -> tuple[str | None, ...]:
        refs = _REFERENCES.get(own)
        if refs is None and self.store is not None and self.store not in _stores_read:
            _stores_read.add(self.store)
            _REFERENCES.update(_read_store(self.store))
            refs = _REFERENCES.get(own)
        if refs is None:
            try:
                refs = tuple(jinja2.meta.find_referenced_templates(self.env.parse(source)))
            except jinja2.TemplateSyntaxError:
                refs = ()
            if len(_REFERENCES) >= MAX_REFERENCES:
                _REFERENCES.clear()
            _REFERENCES[own] = refs
            self._parsed = True
        return refs

    def save(self) -> None:
        """Keep what the templates name in the store, if a template was parsed: a cache
        that cannot be written is only slower."""
        if self.store is not None and self._parsed:
            with suppress(OSError):
                write_atomically(self.store, pickle.dumps(
                    (_store_version(), _REFERENCES), protocol=pickle.HIGHEST_PROTOCOL))
            self._parsed = False

    def _load(self, name: str) -> tuple[bytes, tuple[str | None, ...]]:
        if name not in self._own:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                self._own[name] = (b"missing", ())
                return self._own[name]
            where = str(Path(filename).resolve()) if filename else name
            own = digest_parts(where.encode(), source.encode())
            self._own[name] = (own, self._references(own, source))
        return self._own[name]

    def closure(self, name: str) -> bytes:
        if name not in self._closure:
            seen: dict[str, bytes] = {}
            todo = [name]
            dynamic = False
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                own, refs = self._load(current)
                seen[current] = own
                dynamic |= None in refs
                todo.extend(r for r in refs if r is not None)
            if dynamic:  # a template chosen at render time: count every template
                for other in self.env.list_templates():
                    seen.setdefault(other, self._load(other)[0])
            self._closure[name] = digest_parts(*(k.encode() + v for k, v in sorted(seen.items())))
        return self._closure[name]


def _store_version() -> tuple[str, str]:
    # The references are the parser's reading of the text: Jinja's and the generator's
    # versions (the environment's options are the generator's) key the store.
    return code_version(), jinja2.__version__


def _read_store(store: Path) -> dict[bytes, tuple[str | None, ...]]:
    """The references a store keeps, if it is whole and of these versions; else none."""
    try:
        version, references = pickle.loads(store.read_bytes())
    except Exception:  # missing, cut short, of another format: parsed again
        return {}
    if version != _store_version() or not isinstance(references, dict):
        return {}
    return references


def _walk_json_ld(fingerprints: Fingerprints, value: JsonLd, out: Out) -> None:
    # What news_article_json_ld prints: the article's metadata, its word count, its
    # authors' pages and profiles, and its lead image.
    fingerprints.walk(("json-ld", value.article, value.article.words, list(value.bylines),
                       value.lead), out)


def _walk_pager(fingerprints: Fingerprints, value: Pager, out: Out) -> None:
    # The other URLs follow from the first, the count and site.toml.
    fingerprints.walk((value.number, value.count, value.urls[0], value.total_items), out)


# Context values of the page planner's own types, walked by what they show.
WALKERS: dict[type, Callable[[Fingerprints, Any, Out], None]] = {
    JsonLd: _walk_json_ld,
    Pager: _walk_pager,
}
