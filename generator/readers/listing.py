"""The read stage: list the content files, and read only those that may have changed.

A file whose inode, size and modification time are those the last build recorded is not
read again: the digest of its bytes is taken from that record (as git does for its index).
A file changed less than two seconds before a build is not recorded, so that a change
within the file system's time resolution is never missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..digests import Signature, digest
from ..errors import Problems
from ..files import list_file_signatures, read_bytes, read_text, shown_path
from .registry import is_agency_file, is_content_file, is_ignored
from .source import Source

RACY_SECONDS = 2.0


@dataclass(slots=True)
class Listed:
    """A content file: `path` as messages show it, its `key` (the digest of its text) once
    known, and its text once read."""

    file: str  # its path (a string: a million are listed, and few read)
    path: str
    signature: Signature | None
    key: bytes | None = None
    text: str | None = None
    data: bytes | None = None  # an agency file's bytes, once read (see `raw`)

    @property
    def raw(self) -> bool:
        """Whether the file is read as bytes: XML says its own encoding."""
        return is_agency_file(self.path)

    def read(self, problems: Problems) -> bool:
        """Read the text, or the bytes of a `raw` file (and set the key), if not read yet;
        False if it cannot be read."""
        if self.raw:
            if self.data is None:
                self.data = read_bytes(Path(self.file), self.path, problems)
                if self.data is None:
                    return False
                self.key = digest(self.data)
            return True
        if self.text is None:
            self.text = read_text(Path(self.file), self.path, problems)
            if self.text is None:
                return False
            self.key = digest(self.text.encode("utf-8"))
        return True


def list_sources(config: Config, problems: Problems,
                 refused: Mapping[Path, str] | None = None,
                 others: list[Path] | None = None) -> list[Listed]:
    """Every content file under content_dir, sorted by path, with its signature; a link
    into a `refused` path is not followed (files.list_files); the other files there
    (images beside articles, other tools' files) go into `others`."""
    content = config.path("content_dir")
    if not content.is_dir():
        problems.error(config.content_dir, "the content folder does not exist",
                       hint="create it, or set content_dir in site.toml")
        return []
    listed = []
    folder = shown_path(content, config.root)  # as messages show the folder
    shown = "" if folder == "." else folder + "/"
    for relative, file, signature in list_file_signatures(content, config.root, problems,
                                                          refused=refused):
        if is_content_file(relative) and (not is_agency_file(relative)
                                          or _is_agency_item(Path(file))):
            listed.append(Listed(file, shown + relative, signature))
        elif others is not None and not is_ignored(relative):
            others.append(Path(file))
    return listed


def read_sources(config: Config, problems: Problems) -> list[Source]:
    """Read every content file under content_dir, sorted by path, as a build lists them."""
    return [Source(item.path, item.text) for item in list_sources(config, problems)
            if item.read(problems) and item.text is not None]


def read_changed(listed: list[Listed], known: Mapping[str, tuple[Signature, bytes]],
                 problems: Problems) -> list[Listed]:
    """Give every file its key, reading those not `known` as they are; leave out (and
    report) files that cannot be read."""
    kept = []
    for item in listed:
        record = known.get(item.path)
        if record is not None and item.signature is not None and record[0] == item.signature:
            item.key = record[1]
            kept.append(item)
        elif item.read(problems):
            # The key is what counts; a worker reads the file to parse it.
            item.text = item.data = None
            kept.append(item)
    return kept


def signatures(listed: Iterable[Listed], started: float) -> dict[str, tuple[Signature, bytes]]:
    """The records for the next build: files not changed just before this one started."""
    limit = int((started - RACY_SECONDS) * 1e9)
    return {item.path: (item.signature, item.key) for item in listed
            if item.signature is not None and item.key is not None
            and item.signature[2] < limit}


def _is_agency_item(file: Path) -> bool:
    """Whether an .xml or .json file is an agency item (its reader is imported only for
    a site that has such files)."""
    from .agency_sniff import is_agency_item

    return is_agency_item(file)
