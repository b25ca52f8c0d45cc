"""One content file as read: its path relative to the site root, and its text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True, slots=True)
class Source:
    """One content file as read: its path relative to the site root, and its text."""

    path: str
    text: str

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name
