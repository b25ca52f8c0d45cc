"""The manifest's log: what the builds since the manifest file was last written whole
changed in it.

Pickling every entry of a large site again after a one-page edit (20,000 files, 18,000
batches, 37,000 sizes and times at 10,000 articles) was most of what such a build spent
publishing. A build that changed little appends what it changed (the keys it set and
removed in each table, and the head's other fields) to a log beside the file instead;
loading the manifest applies the log to what the file holds. The log begins with the
token of the file it follows: a log beside another file is not applied. Each record is
checked (its length and digest) before it is read: a record cut short by a crash, and
every one after it, are not applied, and the next save writes the file whole.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..digests import digest

MAGIC = b"newsarchive manifest log 1\n"
TOKEN_SIZE = 16
_LENGTH = 8
_DIGEST = 16

# What changed in one table: the keys set (with their values), the keys removed.
TableChanges = tuple[dict[Any, Any], list[Any]]
# One build's record: the head's fields but its tables, then the changes of each table.
Record = tuple[dict[str, Any], dict[str, TableChanges]]

_MISSING = object()


def table_changes(old: Mapping[Any, Any], new: Mapping[Any, Any],
                  pack: Callable[[Any], Any] | None = None) -> TableChanges:
    """What turns `old` into `new`: the keys whose value is new or differs (each value as
    `pack` makes it, for pickling), and the keys `new` no longer has."""
    get, missing = old.get, _MISSING
    changed = {key: value for key, value in new.items()
               if (before := get(key, missing)) is not value and before != value}
    if pack is not None:
        changed = {key: pack(value) for key, value in changed.items()}
    return changed, sorted(old.keys() - new.keys())


def apply_changes(table: dict[Any, Any], changes: TableChanges,
                  unpack: Callable[[Any], Any] | None = None) -> None:
    """Make the changes one record lists in `table` (each value through `unpack`)."""
    changed, removed = changes
    table.update(changed if unpack is None
                 else {key: unpack(value) for key, value in changed.items()})
    for key in removed:
        table.pop(key, None)


def encode(record: Record) -> bytes:
    """A record as the log holds it: its length, its digest, its pickle."""
    data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(_LENGTH, "little") + digest(data) + data


def append(path: Path, token: bytes, record: bytes) -> None:
    """Add an encoded record to the log at `path` (begun with `token` if there is none)."""
    with path.open("ab") as file:
        if file.tell() == 0:
            file.write(MAGIC + token)
        file.write(record)


def read(path: Path, token: bytes) -> tuple[list[Record], bool]:
    """The records of the log that follows the file of `token`, in order, and whether more
    may be appended to it: not if a record was cut short or damaged (those before it are
    returned, the rest are not), nor if the log follows another file (a crash between
    writing the file whole and removing the log before it: no record is returned)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], True
    head = len(MAGIC) + TOKEN_SIZE
    if data[:len(MAGIC)] != MAGIC or data[len(MAGIC):head] != token:
        return [], False
    records: list[Record] = []
    at = head
    while at < len(data):
        length = int.from_bytes(data[at:at + _LENGTH], "little")
        start = at + _LENGTH + _DIGEST
        body = data[start:start + length]
        if len(body) != length or digest(body) != data[at + _LENGTH:start]:
            return records, False
        try:
            records.append(pickle.loads(body))
        except Exception:
            return records, False
        at = start + length
    return records, True
