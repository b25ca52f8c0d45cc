"""Pagefind's index written the same for the same site.

Pagefind (1.5) writes each filter's values, and the list of filters in a language's
pf_meta, in the order of a randomly seeded hash map: two builds of one site give filter
files of other bytes and names, a pf_meta that names them (so of another name too) and a
pagefind-entry.json that names the pf_meta. The words, fragments and scripts are stable.
`steady_order` puts the values and the filters in order of their names and names the
files by what they hold, so that the same site gives the same index, byte for byte.

The files are gzipped "pagefind_dcd" + CBOR; a file that is not what this expects (another
Pagefind version's format) leaves the whole index as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from ..files import write_atomically

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class Unexpected(Exception):
    """A file of the index is not in the format this module knows."""


@dataclass(frozen=True, slots=True)
class Rewrite:
    old: Path
    new: Path
    data: bytes


def steady_order(index: Path) -> bool:
    """Rewrite the Pagefind index in `index` in a stable order; False (changing nothing)
    when a file is not in the format expected."""
    entry_file = index / ENTRY
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        rewrites: list[Rewrite] = []
        for info in entry["languages"].values():
            info["hash"], files = _language(index, info["hash"])
            rewrites += files
        # The languages in order too: a page of a language without an index searches the
        # one of most pages, the first of those on a tie.
        entry["languages"] = dict(sorted(entry["languages"].items()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, cbor2.CBORError,
            Unexpected):
        return False
    for rewrite in rewrites:
        if rewrite.new != rewrite.old:
            write_atomically(rewrite.new, rewrite.data)
            rewrite.old.unlink()
    # As Pagefind writes it: no spaces, the characters as they are.
    write_atomically(entry_file, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return True


def _language(index: Path, meta_hash: str) -> tuple[str, list[Rewrite]]:
    """The new name of a language's pf_meta, and the files to write for it."""
    meta_file = index / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_file)
    if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
        raise Unexpected(meta_file.name)
    rewrites: list[Rewrite] = []
    filters: list[list[str]] = []
    for item in meta[3]:
        name, old = _pair(item)
        filter_file = index / "filter" / f"{old}.pf_filter"
        content = _read(filter_file)
        if not (isinstance(content, list) and len(content) == 2 and content[0] == name
                and isinstance(content[1], list)):
            raise Unexpected(filter_file.name)
        values = sorted(content[1], key=lambda value: _pair(value)[0])
        data = _pack([name, values])
        new = _renamed(old, data, 7)
        rewrites.append(Rewrite(filter_file, filter_file.with_name(f"{new}.pf_filter"), data))
        filters.append([name, new])
    meta[3] = sorted(filters)
    data = _pack(meta)
    new_meta = _renamed(meta_hash, data, 10)
    rewrites.append(Rewrite(meta_file, meta_file.with_name(f"pagefind.{new_meta}.pf_meta"),
                            data))
    return new_meta, rewrites


def _pair(item: Any) -> tuple[str, Any]:
    if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
        raise Unexpected(repr(item)[:80])
    return item[0], item[1]


def _read(file: Path) -> Any:
    raw = gzip.decompress(file.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise Unexpected(file.name)
    body = raw[len(SIGNATURE):]
    value = cbor2.loads(body)
    if cbor2.dumps(value) != body:  # written back, it would not be what Pagefind wrote
        raise Unexpected(file.name)
    return value


def _pack(value: Any) -> bytes:
    # Pagefind's own gzip header: no time, the best compression.
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _renamed(old: str, data: bytes, length: int) -> str:
    """A name like Pagefind's (language, underscore, hex), from what the file holds."""
    language = old.rpartition("_")[0]
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"
