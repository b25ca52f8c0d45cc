"""IPTC ninjs documents (1.x, 2.x and 3.x, one item or a list of them) read as agency items."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from generator.errors import Problems

from .agency import AgencyItem, read_datetime, split_byline, unique_names
from .ninjs_parts import body, first_text, headline, image, items, names, summary

# Keys only ninjs has (any version); a JSON object with a 'uri' or 'guid' and one of these is
# taken for a ninjs item even when it does not name its standard.
_NINJS_KEYS = {"headline", "headlines", "body_html", "body_text", "body_xhtml", "bodies",
               "versioncreated", "versionCreated", "firstcreated", "firstCreated", "pubstatus",
               "pubStatus", "renditions", "associations", "byline", "located", "subject",
               "subjects", "embargoed", "embargoedUntil"}
_TYPES = {"text", "audio", "video", "picture", "graphic", "composite", "component", "event",
          "planning"}
_TEXTS = {"text", "composite"}
_WITHDRAWN = {"canceled", "withheld"}


def sniff_ninjs(data: object) -> bool:
    """Say whether parsed JSON is a ninjs item, or a non-empty list of them."""
    if isinstance(data, list):
        return bool(data) and all(_is_item(entry) for entry in data)
    return _is_item(data)


def _is_item(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    standard = data.get("standard") or data.get("$standard")
    if isinstance(standard, dict) and str(standard.get("name", "")).casefold() == "ninjs":
        return True
    schema = data.get("$schema")
    if isinstance(schema, str) and "ninjs" in schema.casefold():
        return True
    if not isinstance(data.get("uri") or data.get("guid"), str):
        return False
    return bool(_NINJS_KEYS & data.keys()) or data.get("type") in _TYPES


@dataclass(frozen=True, slots=True)
class _Where:
    """One item's place in a JSON file, to give its problems a line."""

    text: str
    start: int

    def line(self, key: str = "") -> int:
        """Return the line of the item's first `key` (of the item itself when none)."""
        found = re.compile(rf'"{re.escape(key)}"\s*:').search(self.text, self.start) \
            if key else None
        return self.text.count("\n", 0, found.start() if found else self.start) + 1


def parse_ninjs(text: str | bytes, path: str, problems: Problems, *,
                tz: tzinfo = UTC) -> list[AgencyItem]:
    """Read a ninjs file into its articles, reporting every problem to `problems`."""
    loaded = load_json(text, path, problems)
    if loaded is None:
        return []
    source, data = loaded
    if not sniff_ninjs(data):
        problems.warn(path, "not a ninjs document; left out", None,
                      "a ninjs item is a JSON object with a 'uri' and a 'headline' (1.x) "
                      "or 'headlines' (2.x, 3.x)")
        return []
    return read_ninjs(source, data, path, problems, tz=tz)


def load_json(text: str | bytes, path: str, problems: Problems) -> tuple[str, object] | None:
    """Decode and parse a JSON file: (its text, its data), or None after reporting why not."""
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode(json.detect_encoding(raw))
        except UnicodeDecodeError as error:
            problems.error(path, f"the file is not UTF-8 text (byte {error.start + 1})",
                           raw.count(b"\n", 0, error.start) + 1, "save it as UTF-8")
            return None
    text = text.lstrip("\ufeff")
    if not text.strip():
        problems.error(path, "the file is empty", None, "a ninjs item is a JSON object")
        return None
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as error:
        problems.error(path, f"malformed JSON: {error.msg} at column {error.colno}",
                       error.lineno, "check the commas, quotes and brackets near there")
    except RecursionError:
        problems.error(path, "malformed JSON: nested too deeply to read", None,
                       "a ninjs item nests a few levels deep; this file is not one")
    return None


def read_ninjs(text: str, data: object, path: str, problems: Problems, *,
               tz: tzinfo = UTC) -> list[AgencyItem]:
    """Read the items of a parsed ninjs document (`text` is its source, for lines)."""
    found = [_read(entry, _Where(text, start), path, problems, tz)
             for entry, start in zip(items(data), _starts(text, data), strict=True)]
    return [item for item in found if item is not None]


def _starts(text: str, data: object) -> list[int]:
    """Return where each item of the file starts: the object, or each element of the list."""
    if not isinstance(data, list):
        return [len(text) - len(text.lstrip())]
    decoder, starts = json.JSONDecoder(), []
    index = text.index("[") + 1
    for _ in data:
        while text[index] in " \t\r\n,":
            index += 1
        starts.append(index)
        index = decoder.raw_decode(text, index)[1]
    return starts


def _read(data: dict[str, Any], where: _Where, path: str, problems: Problems,
          tz: tzinfo) -> AgencyItem | None:
    """Read one ninjs item; None (with a problem) when it cannot be an article."""
    guid = first_text(data, "uri", "guid")
    kind = first_text(data, "type") or "text"
    if kind not in _TEXTS:
        hint = ("its picture becomes a lead image when a text item carries it in 'associations'"
                if kind in ("picture", "graphic") else "")
        problems.warn(path, f"{kind} item '{guid}' left out: only text items become articles",
                      where.line(), hint)
        return None

    def when(*keys: str) -> datetime | None:
        for key in keys:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                try:
                    return read_datetime(value, tz)
                except ValueError:
                    problems.error(path, f"'{key}' is not a date and time: '{value}'",
                                   where.line(key), "write it like 2024-03-01T09:30:00Z")
        return None

    title = headline(data)
    first = when("firstcreated", "firstCreated")
    version_created = when("versioncreated", "versionCreated")
    if not guid:
        problems.error(path, "the item has no 'uri'", where.line(), "add the agency's 'uri'")
    if not title:
        problems.error(path, f"item '{guid}' has no headline", where.line(),
                       "add 'headline' (ninjs 1.x) or 'headlines' (2.x, 3.x)")
    if first is None and version_created is None:
        problems.error(path, f"item '{guid}' has no date", where.line(),
                       "add 'versioncreated' (ninjs 1.x, 2.x) or 'versionCreated' (3.x)")
    if not guid or not title or (first is None and version_created is None):
        return None
    source = _source(data)
    html, text = body(data)
    return AgencyItem(
        path=path, line=where.line(), guid=guid, headline=title, format="ninjs",
        version=_version(data, guid, where, path, problems),
        first_created=first, version_created=version_created,
        body_html=html, body_text=text, summary=summary(data),
        authors=split_byline(first_text(data, "by", "byline"), source),
        dateline=first_text(data, "located"),
        tags=unique_names([*names(data, "subject", "subjects"), *_keywords(data)]),
        source=source, language=first_text(data, "language"),
        embargoed=when("embargoed", "embargoedUntil", "embargoeduntil"),
        withdrawn=first_text(data, "pubstatus", "pubStatus").casefold() in _WITHDRAWN,
        image=image(data), slugline=first_text(data, "slugline"))


def _version(data: dict[str, Any], guid: str, where: _Where, path: str,
             problems: Problems) -> int | None:
    value = data.get("version")
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    problems.warn(path, f"item '{guid}' has version '{value}', which is not a whole number; "
                  "read as unversioned", where.line("version"))
    return None


def _source(data: dict[str, Any]) -> str:
    """Return the provider's name, else the copyright holder, else the first info source."""
    provider = data.get("provider")
    named = first_text(provider, "name") if isinstance(provider, dict) else ""
    sources = names(data, "infosource", "infosources", "infoSources")
    return (first_text(data, "provider") or named
            or first_text(data, "copyrightholder", "copyrightHolder")
            or (sources[0] if sources else ""))


def _keywords(data: dict[str, Any]) -> list[str]:
    value = data.get("keywords")
    if isinstance(value, str):
        return value.split(",")
    return [entry for entry in value if isinstance(entry, str)] if isinstance(value, list) else []
