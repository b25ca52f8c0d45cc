"""Write imported posts and their files: the same bytes twice is no change, never a clash."""

from __future__ import annotations

import filecmp
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...errors import Problem, Problems
from ...files import write_atomically
from .media import MediaFolder
from .posts import Attachment, ImportedPost, post_to_markdown, target_name


@dataclass(slots=True)
class WriteReport:
    """What a run wrote, found already there, refused, and the attachments left to fetch."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    listed: list[tuple[Path, Attachment]] = field(default_factory=list)  # (post file, file)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """Return the closing line: a second run of the same import says it wrote nothing."""
        if not self.written and not self.refused:
            return f"Nothing written: all {len(self.unchanged)} file(s) are already up to date."
        return (f"Wrote {len(self.written)} file(s), {len(self.unchanged)} unchanged, "
                f"refused {len(self.refused)}.")


def write_posts(posts: Iterable[ImportedPost], to: Path, *, force: bool = False,
                media: Path | None = None, taken: set[str] | None = None) -> WriteReport:
    """Write each post under `to` as YYYY/YYYY-MM-DD-slug.md, its uploads beside it.

    `taken` holds the names used so far in this run (lower case), when one run imports
    several files. Without `media` the post's attachments are listed, not copied.
    """
    report, problems = WriteReport(), Problems()
    names = set() if taken is None else taken
    folder = MediaFolder(media) if media is not None else None
    copied: set[Path] = set()
    for post in posts:
        target = to / target_name(post, names)
        if folder is None:
            report.listed.extend((target, attachment) for attachment in post.attachments)
            copies: dict[Path, Path] = {}
        else:
            localised = folder.localise(post.body_html, post.attachments, target.parent)
            post, copies = replace(post, body_html=localised.body), localised.copies
            if localised.missing:
                problems.warn(post.source, f"{len(localised.missing)} upload(s) of "
                              f"'{post.title}' are not in {media}, first "
                              f"{localised.missing[0]}", post.line,
                              "their URLs are kept: copy the files into that folder and "
                              "import again")
        text = post_to_markdown(post).encode("utf-8")
        _put(target, text, force, report, problems)
        for destination, source in copies.items():
            if destination in copied:  # one image in two posts of the same year
                continue
            copied.add(destination)
            _put(destination, source, force, report, problems)
    report.problems = problems.items
    return report


def _put(target: Path, content: bytes | Path, force: bool, report: WriteReport,
         problems: Problems) -> None:
    """Write `content` (bytes, or a file to copy) to `target` unless it is there already.

    A different file already at `target` is replaced only with force.
    """
    def same(old: Path) -> bool:
        if isinstance(content, bytes):
            return old.read_bytes() == content
        return filecmp.cmp(old, content, shallow=False)

    try:
        if target.is_file() and same(target):
            report.unchanged.append(target)
            return
        if target.exists() and not force:
            report.refused.append((target, "it exists and differs (use --force to overwrite)"))
            return
        write_atomically(target, content)
    except OSError as exc:
        problems.error(target, f"cannot be written: {exc.strerror}",
                       hint="check the folder's permissions and free space")
        report.refused.append((target, "it could not be written"))
        return
    report.written.append(target)
