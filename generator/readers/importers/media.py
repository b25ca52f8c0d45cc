"""Files of the old site's uploads folder: found locally, named beside the post, linked."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .posts import Attachment

# URLs in the attributes that point at files; srcset holds several.
URL_ATTRIBUTE = re.compile(r"""(\b(?:src|href|data-src|srcset)\s*=\s*)(["'])(.*?)\2""",
                           re.I | re.S)
SRCSET_ITEM = re.compile(r"(\S+)(\s+[^,]+)?")


def upload_path(url: str) -> PurePosixPath | None:
    """Return the part of an uploads URL after '/uploads/' ('2024/03/a.jpg'), or None."""
    path = unquote(urlsplit(html.unescape(url)).path)
    if "/uploads/" not in path:
        return None
    parts = path.split("/uploads/", 1)[1].split("/")
    # Only plain names: '..' or a leading '/' would copy files from outside the folder the
    # user gave (PurePosixPath would quietly read '//etc' as the root).
    if any(part in ("", ".", "..") for part in parts):
        return None
    return PurePosixPath(*parts)


@dataclass(slots=True)
class Localised:
    """A body with its uploads linked by local name, and the files to copy for it."""

    body: str
    copies: dict[Path, Path] = field(default_factory=dict)  # destination -> source
    missing: list[str] = field(default_factory=list)  # URLs with no file in the folder


class MediaFolder:
    """A local copy of the uploads tree, and the names its files get beside the posts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # (folder, lower-case name) -> source: two files called 'photo.jpg' from different
        # months may land in one year's folder, so the second is named 'photo-2.jpg'.
        self.names: dict[tuple[Path, str], Path] = {}

    def local_name(self, url: str, folder: Path) -> tuple[str, Path] | None:
        """Return the file name beside the post and the source file for a URL, or None."""
        relative = upload_path(url)
        if relative is None:
            return None
        source = self.root.joinpath(*relative.parts)
        if not source.is_file():
            return None
        name, number = relative.name, 1
        while self.names.setdefault((folder, name.lower()), source) != source:
            number += 1
            name = f"{relative.stem}-{number}{relative.suffix}"
        return name, source

    def localise(self, body: str, attachments: tuple[Attachment, ...],
                 folder: Path) -> Localised:
        """Point the body's uploads URLs at files beside the post, and list what to copy."""
        result = Localised(body)

        def local(url: str) -> str:
            found = self.local_name(url, folder)
            if found is None:
                if upload_path(url) is not None and url not in result.missing:
                    result.missing.append(url)
                return url
            name, source = found
            result.copies[folder / name] = source
            return html.escape(name)

        def attribute(match: re.Match[str]) -> str:
            value = match[3]
            if match[1].strip().lower().startswith("srcset"):
                value = ", ".join(SRCSET_ITEM.sub(lambda m: local(m[1]) + (m[2] or ""),
                                                  item.strip(), count=1)
                                  for item in value.split(","))
            else:
                value = local(value)
            return f"{match[1]}{match[2]}{value}{match[2]}"

        result.body = URL_ATTRIBUTE.sub(attribute, body)
        for attachment in attachments:  # the post's files, linked in the body or not
            local(attachment.url)
        return result
