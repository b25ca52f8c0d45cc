"""The site's records: articles and the groups they are browsed by. No I/O here."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from itertools import repeat
from operator import attrgetter
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})

Format = Literal["markdown", "wire"]
Status = Literal["published", "withdrawn"]


class FrozenDict(dict[str, Any]):
    """A read-only dict; unlike MappingProxyType it pickles, so articles cross processes."""

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("this mapping is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]
    __ior__ = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return (FrozenDict, (dict(self),))


Record = TypeVar("Record", bound=type)


def quick_pickle(cls: Record) -> Record:
    """Pickle a frozen dataclass with slots as the tuple of its fields' values, set back
    one by one. What dataclasses gives such a class looks its fields up again for every
    object: loading the 10,000 articles of the parse cache took 0.28 s with it, 0.17 s
    with this. The values are set by a loop that runs in C (`any` over a map of
    object.__setattr__, which returns None): 3.4 µs an article instead of 4.4."""
    names = tuple(item.name for item in fields(cls))
    values, setter, count = attrgetter(*names), object.__setattr__, len(names)
    assert count > 1  # attrgetter of one name gives the value, not a tuple

    def getstate(self: object) -> tuple[Any, ...]:
        return values(self)  # type: ignore[no-any-return]

    def setstate(self: object, state: tuple[Any, ...]) -> None:
        if len(state) != count:
            raise ValueError(f"{cls.__name__} has {count} fields, not {len(state)}")
        any(map(setter, repeat(self, count), names, state))

    cls.__getstate__ = getstate  # type: ignore[method-assign,assignment]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls


def text_direction(language: str) -> str:
    """Return 'rtl' for right-to-left languages (by primary subtag), else 'ltr'."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


@quick_pickle
@dataclass(frozen=True, slots=True)
class ImageSpec:
    """A lead image as the front matter names it: a path (beside the article, or from
    static/ when it starts with '/') or an absolute URL, and its words. `alt` is None
    when not given (a warning), "" when deliberately empty."""

    src: str
    alt: str | None = None
    caption: str = ""
    credit: str = ""


@quick_pickle
@dataclass(frozen=True, slots=True)
class Correction:
    """A dated correction notice of a story."""

    date: datetime
    text: str


@quick_pickle
@dataclass(frozen=True, slots=True)
class AgencyVersion:
    """Which agency item (IPTC ninjs, NewsML-G2) a story is, and which version of it.

    Several files of one `guid` make one article (readers/agency_versions); `first` is the
    item's own date, `embargo` when it may come out, `image_url` the picture's URL when
    the lead image names a file beside the item that may be missing.
    """

    guid: str
    number: int  # -1 when the item gives no version
    created: datetime | None  # this version's date
    first: datetime
    embargo: datetime | None = None
    image_url: str = ""


@quick_pickle
@dataclass(frozen=True, slots=True)
class Article:
    """One published story: everything but its body, which a build keeps on disk (see Body).

    `path` is the input file (relative to the site root, for messages);
    `source` is the news source or agency the story came from;
    `words` is the body's word count (for the reading time and structured data);
    `refs` are the body's relative links and images, with their lines in the file, which
    a build resolves to files beside the article (copied next to its page) or pages.
    `time_given` says whether the source gave a time of day with the date (a date alone
    is midnight in the site's timezone, never shown as a time); `images` are the local
    image sources of the body (as written in its <img src>), for the images stage.
    """

    path: str
    format: Format
    title: str
    date: datetime
    summary: str
    slug: str
    slug_explicit: bool = False
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    source: str = ""
    authors: tuple[str, ...] = ()
    language: str = "en"
    draft: bool = False
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    url: str = ""
    words: int = 0
    refs: tuple[tuple[str, int | None], ...] = ()
    # Set when the file says it is one version of a story told in several languages: its
    # `translation_key:`, or for `story.fr.md` the path without the language ('content/story').
    translation_key: str = ""
    time_given: bool = False
    updated_time_given: bool = False
    image: ImageSpec | None = None
    images: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()  # oldest first
    status: Status = "published"
    withdrawn_note: str = ""
    expires: datetime | None = None
    agency: AgencyVersion | None = None  # an agency item's identity, for its versions

    @property
    def author(self) -> str:
        """The byline as one phrase: 'Jane Doe', 'Jane Doe and John Roe', 'A, B and C'."""
        if len(self.authors) < 3:
            return " and ".join(self.authors)
        return ", ".join(self.authors[:-1]) + " and " + self.authors[-1]

    @property
    def modified(self) -> datetime:
        """The last change readers were told of: the latest correction, or `updated`."""
        latest = self.updated or self.date
        if self.corrections and self.corrections[-1].date > latest:
            return self.corrections[-1].date
        return latest

    def withdrawn_at(self, now: datetime) -> bool:
        """Whether the story is withdrawn at `now`: by its status, or its expiry passed."""
        return self.status == "withdrawn" or (self.expires is not None and self.expires <= now)

    @property
    def dir(self) -> str:
        return text_direction(self.language)

    @property
    def word_count(self) -> int:
        return self.words

    def reading_minutes(self, words_per_minute: int) -> int:
        return max(1, math.ceil(self.words / words_per_minute))

    @property
    def sort_key(self) -> tuple[float, str, str]:
        """Newest first, then by title and path so that equal dates still order stably."""
        return (-self.date.timestamp(), self.title.casefold(), self.path)


class Body(NamedTuple):
    """An article's body: its HTML, and its readable text (for summaries, feeds, search)."""

    html: str
    text: str


class Parsed(NamedTuple):
    """What a reader makes of one content file: the article and its body."""

    article: Article
    body: Body


class Bodies(Protocol):
    """Where the bodies of a build's articles are kept (the parse cache, or memory)."""

    def body(self, path: str) -> Body: ...


@dataclass(frozen=True, slots=True)
class Group:
    """Articles sharing a tag or a source; `kind` says which."""

    kind: Literal["tag", "source", "author"]
    name: str
    slug: str
    url: str
    articles: tuple[Article, ...]

    @property
    def feed_url(self) -> str:
        return self.url + "feed.xml"

    @property
    def json_feed_url(self) -> str:
        return self.url + "feed.json"


@dataclass(frozen=True, slots=True)
class Period:
    """A year, month or day with the articles published in it, newest first."""

    kind: Literal["year", "month", "day"]
    year: int
    month: int
    day: int
    url: str
    articles: tuple[Article, ...]

    @property
    def start(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class AuthorProfile:
    """What authors.toml says of one author: shown on their page and in structured data."""

    name: str
    bio: str = ""
    url: str = ""
    image: str = ""  # a path under static/ ('/images/jane.jpg') or an absolute URL
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Media:
    """What the images stage (outputs/media.py) made of the site's pictures. The values are
    that module's records; `files` are the pages that publish the encoded images."""

    lead: Mapping[str, Any] = field(default_factory=dict)  # article URL -> LeadImage
    portraits: Mapping[str, Any] = field(default_factory=dict)  # author key -> LeadImage
    enclosures: Mapping[str, Any] = field(default_factory=dict)  # article URL -> Enclosure
    # Article path -> {src as written: (ImagePlan, the image's URL from the site root)}.
    body: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Article path -> digest of what its body's images are published as, and where its
    # other tools' links lead (for rebuilds).
    digests: Mapping[str, bytes] = field(default_factory=dict)
    files: tuple[Page, ...] = ()
    sources: frozenset[Path] = frozenset()  # the image files it took (not left out)
    # Article path -> {another tool's link as the body holds it: its URL} (tool_links.py).
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Site:
    """The whole archive, grouped every way it is browsed.

    `articles` are the stories the build publishes; `withdrawn` those it keeps only a
    notice of (withdrawn or expired), out of every list, feed and sitemap.
    """

    articles: tuple[Article, ...]
    tags: tuple[Group, ...]
    sources: tuple[Group, ...]
    years: tuple[Period, ...]
    months: tuple[Period, ...]
    days: tuple[Period, ...]
    build_time: datetime
    # Keyed by the casefolded name, so an article's tag as written finds its group.
    tag_by_key: Mapping[str, Group] = field(default_factory=lambda: MappingProxyType({}))
    source_by_key: Mapping[str, Group] = field(default_factory=lambda: MappingProxyType({}))
    # Keyed by article URL.
    related: Mapping[str, tuple[Article, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    authors: tuple[Group, ...] = ()
    author_by_key: Mapping[str, Group] = field(default_factory=lambda: MappingProxyType({}))
    # authors.toml, by casefolded name.
    profiles: Mapping[str, AuthorProfile] = field(default_factory=lambda: MappingProxyType({}))
    withdrawn: tuple[Article, ...] = ()
    media: Media = field(default_factory=Media)
    # tags_of by the tags as written: planning asks 30,000 times at 10,000 articles.
    _tag_groups: dict[tuple[str, ...], tuple[Group, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def tags_of(self, article: Article) -> tuple[Group, ...]:
        known = self._tag_groups.get(article.tags)
        if known is None:
            # A tag left out for an error (no letters for a slug) is reported, not a crash.
            groups = (self.tag_by_key.get(t.casefold()) for t in article.tags)
            known = self._tag_groups[article.tags] = tuple(g for g in groups if g is not None)
        return known

    def source_of(self, article: Article) -> Group | None:
        return self.source_by_key.get(article.source.casefold()) if article.source else None

    def authors_of(self, article: Article) -> tuple[Group, ...]:
        groups = (self.author_by_key.get(a.casefold()) for a in article.authors)
        return tuple(g for g in groups if g is not None)

    def profile_of(self, name: str) -> AuthorProfile | None:
        return self.profiles.get(name.casefold())


@dataclass(frozen=True, slots=True)
class Page:
    """One file of the built site: `url` is the link, `output` the file under output/.

    A page is rendered from `template` with `context`, or is `body` as it stands (sitemaps,
    redirects), or is made by `produce` when it must be made again (feeds: `context` then
    holds everything `produce` uses but the bodies, which it reads through the `BodyReader`
    it is given, as templates do). `lastmod` and `sitemap` say how it appears in
    sitemap.xml.

    On a site of several languages, `edition` is the language whose pages it is among (its
    words are in that language) and `key` names what it stands for in every language
    ('home', 'tag:harbour', a story's translation key), so that the versions of one page
    link each other; `alternates` are those versions (hreflang, URL), itself included.
    """

    url: str
    output: PurePosixPath
    template: str
    context: dict[str, Any] = field(hash=False, default_factory=dict)
    origin: str = ""
    body: bytes | None = None
    lastmod: datetime | None = None
    sitemap: bool = True
    produce: Callable[[BodyReader], bytes] | None = field(default=None, compare=False)
    edition: str = ""
    key: str = ""
    alternates: tuple[tuple[str, str], ...] = ()


class PageRecord(NamedTuple):
    """What a build keeps of a page it need not make again: where it is written, its URL,
    where it comes from (for messages) and how it appears in sitemap.xml (its last change
    as ISO 8601 text, '' for none: a manifest loads a hundred thousand of them faster)."""

    output: str
    url: str
    origin: str
    modified: str
    sitemap: bool

    @property
    def lastmod(self) -> datetime | None:
        return datetime.fromisoformat(self.modified) if self.modified else None

    @classmethod
    def of(cls, page: Page) -> PageRecord:
        modified = page.lastmod.isoformat() if page.lastmod is not None else ""
        return cls(str(page.output), page.url, page.origin, modified, page.sitemap)


ARTICLE_READ = "a:"  # how the key of a read of an article's body begins


def article_key(article: Article) -> str:
    """The key under which a read of an article's body is recorded (render.views.Reads)."""
    return ARTICLE_READ + article.path


def group_key(group: Group | Period) -> str:
    """The key under which a read of a group's list of articles is recorded."""
    return f"g:{group.kind}:{group.url}"


def related_key(article: Article) -> str:
    """The key of an article's list of related articles (a batch reads it: Batch.reads)."""
    return "r:" + article.url


@dataclass(slots=True, eq=False)
class Batch:
    """Pages a planner makes together from a few inputs, made only when they are needed.

    `produce(*inputs)` makes the pages, and must depend on nothing but the inputs and what
    every page depends on (the configuration, the generator, the build year): a rebuild
    that finds the inputs as the last build left them keeps the batch's files without
    making its pages. `key` names the batch from one build to the next. The inputs are
    gathered when first asked for (`gather`): a rebuild that keeps a batch by its key alone
    (batches.Partitioner.settle: nothing it read changed) never gathers them.

    `reads`, when not None, says that `gather` reads nothing of the site but its frame (the
    order of its articles, its periods: Fingerprints.structure_digest), the articles and
    groups its inputs hold, and the lists these keys name (model.group_key, related_key):
    a rebuild whose frame is the last build's keeps such a batch when none of them changed
    (batches.Partitioner, `reach`). None: what gather reads is not known (a list sorted by
    something else than the site's order, a digest of other pages), and the batch is
    gathered and fingerprinted in every rebuild.
    """

    key: str
    gather: Callable[[], tuple[Any, ...]]
    produce: Callable[..., list[Page]]
    reads: tuple[str, ...] | None = None
    _inputs: tuple[Any, ...] | None = field(default=None, init=False, repr=False)

    @property
    def inputs(self) -> tuple[Any, ...]:
        if self._inputs is None:
            self._inputs = self.gather()
        return self._inputs

    def make(self) -> list[Page]:
        return self.produce(*self.inputs)


class BodyReader(Protocol):
    """How a page reads article bodies while it is made: the build passes one in, which
    loads each body when asked and records the read (for incremental rebuilds).

    `generation` changes when bodies may have changed (a session's rebuild keeps its plan:
    incremental/hot.py): what was made from bodies before is then made again."""

    generation: int

    def body(self, article: Article) -> Body: ...

    def noted(self, article: Article) -> None:
        """Record a read of the article's body without loading it (what was made from it
        is kept, for this `generation`)."""
