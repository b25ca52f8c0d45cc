"""The neutral record that IPTC ninjs and NewsML-G2 items are both read into."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from urllib.parse import unquote, urlsplit

import nh3


@dataclass(frozen=True, slots=True)
class AgencyImage:
    """An item's lead picture: a file beside the item, a URL, or both."""

    local: str = ""  # a path relative to the item's folder, never absolute, never '..'
    url: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""

    def choose(self, exists: Callable[[str], bool]) -> str:
        """Return the local file when `exists` finds it, else the URL ('' when neither)."""
        if self.local and exists(self.local):
            return self.local
        return self.url


@dataclass(frozen=True, slots=True)
class AgencyItem:
    """One agency news item, whatever standard and version it came in."""

    path: str
    line: int
    guid: str
    headline: str
    format: str  # "ninjs", "newsml" or "nitf"
    version: int | None = None
    first_created: datetime | None = None
    version_created: datetime | None = None
    body_html: str = ""  # always sanitised with nh3
    body_text: str = ""  # set instead of body_html when the agency sent plain text
    summary: str = ""
    authors: tuple[str, ...] = ()
    dateline: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""
    language: str = ""
    embargoed: datetime | None = None
    withdrawn: bool = False
    image: AgencyImage | None = None
    slugline: str = ""
    versions: tuple[str, ...] = ()  # 'path:line' of every file of this item, set by pick_versions

    @property
    def url_name(self) -> str:
        """Return what the article's URL is made from: its slugline, else its headline."""
        return self.slugline or self.headline

    @property
    def date(self) -> datetime | None:
        """Return the publication date: first creation, else this version's date."""
        return self.first_created or self.version_created

    @property
    def updated(self) -> datetime | None:
        """Return this version's date when it is later than the publication date."""
        date, version = self.date, self.version_created
        return version if date and version and version > date else None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Split plain body text into paragraphs: blank lines, else single line breaks."""
        text = self.body_text.strip()
        if not text:
            return ()
        blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
        return tuple(" ".join(block.split()) for block in blocks if block.strip())


# Agency HTML is untrusted whatever sanitize_html says. ammonia's defaults drop script, styles,
# event attributes and javascript: URLs; the tags named here are dropped with their text too,
# so a page title or a NITF media block never leaks into the body as stray words.
_CLEANER = nh3.Cleaner(
    attributes={**nh3.ALLOWED_ATTRIBUTES, "*": {"lang", "dir", "title"}},
    clean_content_tags={"script", "style", "head", "title", "media", "template", "noscript"},
)
_BODY = re.compile(r"<body\b[^>]*>(.*?)(?:</body\s*>|$)", re.IGNORECASE | re.DOTALL)


def sanitize_agency_html(markup: str) -> str:
    """Return agency HTML reduced to safe markup: a whole page's <body> content only."""
    body = _BODY.search(markup)
    return _CLEANER.clean(body.group(1) if body else markup).strip()


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment, whitespace collapsed."""
    return collapse(html.unescape(nh3.clean(markup, tags=set(), clean_content_tags={
        "script", "style", "head", "title"})))


def collapse(text: str) -> str:
    """Collapse runs of whitespace into single spaces and strip the ends."""
    return " ".join(text.split())


def plain_text(value: str) -> str:
    """Return plain text with its lines stripped of XML indentation and blank runs shortened."""
    lines = [line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_datetime(value: str, tz: tzinfo = UTC) -> datetime:
    """Parse an ISO 8601 date or date-time (extended or basic); a bare one is in `tz`."""
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def unique_names(names: Iterable[str]) -> tuple[str, ...]:
    """Return names whitespace-collapsed, blanks dropped, duplicates (any case) dropped."""
    seen: set[str] = set()
    kept: list[str] = []
    for name in names:
        clean = collapse(name)
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            kept.append(clean)
    return tuple(kept)


# 'By', 'Von', 'Par', 'Por', 'Av', 'Af', 'Door': how agencies in the languages they write
# start a byline. Names are split on commas, semicolons, '&', 'and' in those languages, and
# '/', which Nordic agencies put between a reporter and the agency ('Per Ek/TT').
_BY = re.compile(r"^(?:by|von|par|por|av|af|door)\s+", re.IGNORECASE)
_JOIN = re.compile(r"\s*(?:[,;&/]|\b(?:and|und|et|og|och)\b)\s*", re.IGNORECASE)


def split_byline(byline: str, source: str = "") -> tuple[str, ...]:
    """Return the author names in a byline, leaving out the agency when a person is named."""
    names = unique_names(part.strip(" .") for part in _JOIN.split(_BY.sub("", collapse(byline))))
    people = tuple(name for name in names if name.casefold() != source.casefold())
    return people or names


def rendition_rank(name: str) -> int:
    """Rank a rendition for a web page's lead picture: lower is better."""
    lowered = name.casefold()
    if "thumb" in lowered:
        return 3
    if any(word in lowered for word in ("web", "preview", "main", "view", "normal", "base")):
        return 0
    if any(word in lowered for word in ("hires", "highres", "high", "original", "master")):
        return 2
    return 1


def image_target(href: str) -> tuple[str, str] | None:
    """Classify a rendition href as ('local', relative path) or ('url', URL); None if unsafe."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.netloc:
        return ("url", href)
    if parts.scheme == "file" and parts.path.startswith("/./"):
        # IPTC's own examples write a file beside the item as file:///./name.jpg.
        relative = parts.path[3:]
    elif parts.scheme or parts.netloc or href.startswith(("/", "\\")):
        return None  # another scheme, or an absolute path: never read files outside the site
    else:
        relative = parts.path
    normal = posixpath.normpath(unquote(relative).strip().replace("\\", "/"))
    if normal in ("", ".") or normal.startswith(("../", "/")) or normal == "..":
        return None
    return ("local", normal)


def image_from(hrefs: Iterable[tuple[str, str]], alt: str = "", caption: str = "",
               credit: str = "") -> AgencyImage | None:
    """Build an image from (rendition name, href) pairs, keeping the best local and URL."""
    best: dict[str, tuple[int, int, str]] = {}
    for order, (name, href) in enumerate(hrefs):
        target = image_target(href)
        if target is None:
            continue
        kind, where = target
        candidate = (rendition_rank(name), order, where)
        if kind not in best or candidate < best[kind]:
            best[kind] = candidate
    if not best:
        return None
    return AgencyImage(best["local"][2] if "local" in best else "",
                       best["url"][2] if "url" in best else "",
                       collapse(alt), collapse(caption), collapse(credit))


def pick_versions(items: Iterable[AgencyItem]) -> list[AgencyItem]:
    """Merge the versions of each guid into one item: the highest version, dated from the first."""
    groups: dict[str, list[AgencyItem]] = {}
    for item in items:
        groups.setdefault(item.guid, []).append(item)
    merged: list[AgencyItem] = []
    for versions in groups.values():
        ordered = sorted(versions, key=_version_key)
        winner = ordered[-1]
        created = [moment for item in ordered
                   if (moment := item.first_created or item.version_created) is not None]
        # The URL must not move when a correction changes the headline: the earliest version
        # names it (pick_versions sees every version, so a later file never renames it).
        merged.append(replace(
            winner,
            first_created=min(created) if created else None,
            slugline=ordered[0].url_name,
            versions=tuple(sorted(f"{item.path}:{item.line}" for item in ordered)),
        ))
    # Input order is the order files were listed; sorting makes the result independent of it.
    return sorted(merged, key=lambda item: (item.path, item.line))


def _version_key(item: AgencyItem) -> tuple[int, datetime, str, int]:
    """Order versions: number, then version date, then file, so ties resolve the same way."""
    floor = datetime.min.replace(tzinfo=UTC)
    return (item.version if item.version is not None else -1,
            item.version_created or floor, item.path, item.line)
