"""The newsroom's front-matter keys: authors, the lead image, corrections, withdrawal.

Every reader sets these as plain keys of its metadata (`authors`, `image`, `corrections`,
`status`, `withdrawn_note`, `expires`), so an agency feed's bylines, pictures and
cancellations arrive the same way as a Markdown article's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from ..errors import Problems, did_you_mean, shorten
from ..model import Correction, ImageSpec, Status
from .dates import MOMENT, RFC_2822, read_date
from .text import UNSHOWABLE

Line = Callable[[str], int | None]
IMAGE_KEYS = frozenset({"src", "alt", "caption", "credit"})
PUBLISHED_WORDS = frozenset({"published", "publish"})
DRAFT_WORDS = frozenset({"draft", "hidden", "skip", "private", "pending"})
IMAGE_EXAMPLE = "for example image: {src: photo.jpg, alt: \"...\", credit: \"...\"}"


def has_time(value: Any) -> bool:
    """Whether a date as written carries a time of day (a date alone is not given one)."""
    if isinstance(value, datetime):
        return True
    if isinstance(value, date):
        return False
    if isinstance(value, str):
        text = value.strip()
        match = MOMENT.match(text)
        return bool(match and match["hour"]) or bool(RFC_2822.match(text))
    return False


def read_authors(meta: Mapping[str, Any], path: str, line: Line,
                 problems: Problems) -> tuple[str, ...]:
    """The story's authors, from `authors:` (a list) and `author:` (one name), in order."""
    names: list[str] = []
    for key in ("author", "authors"):
        value = meta.get(key)
        if value is None:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                problems.error(path, f"'{key}' must be a name or a list of names, not "
                               f"{shorten(item)}", line(key),
                               "for example authors: [Jane Doe, John Roe]")
                continue
            name = " ".join(UNSHOWABLE.sub("", str(item)).split())
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    return tuple(names)


def read_image(value: Any, path: str, line: int | None, problems: Problems) -> ImageSpec | None:
    """The lead image: a path or URL, or a mapping {src, alt, caption, credit}."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"src": value}
    if not isinstance(value, dict):
        problems.error(path, f"'image' must be a path, a URL or a mapping, not "
                       f"{shorten(value)}", line, IMAGE_EXAMPLE)
        return None
    for key in value:
        if key not in IMAGE_KEYS:
            problems.warn(path, f"unknown key '{key}' under 'image' is ignored", line,
                          did_you_mean(str(key), IMAGE_KEYS) or "known: alt, caption, credit, src")
    words: dict[str, str] = {}
    for key in ("src", "alt", "caption", "credit"):
        item = value.get(key)
        if item is None:
            continue
        if not isinstance(item, str):
            problems.error(path, f"'{key}' under 'image' must be text, not {shorten(item)}",
                           line, IMAGE_EXAMPLE)
            return None
        words[key] = " ".join(UNSHOWABLE.sub("", item).split())
    src = words.get("src", "")
    if not src:
        problems.error(path, "'image' has no src", line, IMAGE_EXAMPLE)
        return None
    problem = _bad_src(src)
    if problem:
        problems.error(path, f"image {shorten(src, 80)} {problem}", line,
                       "name a file beside the article, a path under static/ starting "
                       "with '/', or an http(s) URL")
        return None
    return ImageSpec(src, words.get("alt"), words.get("caption", ""), words.get("credit", ""))


def _bad_src(src: str) -> str:
    lowered = src.lower()
    if lowered.startswith(("http://", "https://")):
        return ""
    if ":" in src.split("/")[0] or src.startswith("//"):
        return "is neither a path nor an http(s) URL"
    if "\\" in src:
        return "has a backslash"
    return ""


def read_corrections(value: Any, tz: tzinfo, path: str, line: int | None,
                     problems: Problems) -> tuple[Correction, ...]:
    """The dated corrections of a story, oldest first."""
    if value is None:
        return ()
    hint = 'for example corrections: [{date: 2024-03-02, text: "An earlier version ..."}]'
    if not isinstance(value, list):
        problems.error(path, f"'corrections' must be a list, not {shorten(value)}", line, hint)
        return ()
    found: list[Correction] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - {"date", "text"}:
            extra = sorted(set(item) - {"date", "text"}) if isinstance(item, dict) else ()
            problems.error(path, f"correction {number} must have only a date and a text"
                           + (f", not '{extra[0]}'" if extra else ""), line, hint)
            continue
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.error(path, f"correction {number} has no text", line, hint)
            continue
        if item.get("date") is None:
            problems.error(path, f"correction {number} has no date", line, hint)
            continue
        moment = read_date(item["date"], f"correction {number}", tz, path, lambda _: line,
                           problems)
        if moment is not None:
            found.append(Correction(moment, " ".join(UNSHOWABLE.sub("", text).split())))
    return tuple(sorted(found, key=lambda c: c.date))


def read_status(value: Any, path: str, line: int | None,
                problems: Problems) -> tuple[Status, bool]:
    """The story's status, and whether it is a draft: 'status: draft' says so, and so do
    the other tools' words for a post not to publish (Pelican's hidden and skip,
    WordPress's pending and private)."""
    if value is None:
        return "published", False
    word = value.strip().lower() if isinstance(value, str) else None
    if word in PUBLISHED_WORDS:
        return "published", False
    if word in DRAFT_WORDS:
        return "published", True
    if word == "withdrawn":
        return "withdrawn", False
    problems.error(path, f"'status' must be published, withdrawn or draft, not "
                   f"{shorten(value)}", line,
                   "withdraw a story with status: withdrawn and a withdrawn_note")
    return "published", False
