"""`import`: raw wire text to Markdown with front matter, rendering to the same page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...errors import Problem, Problems
from ...files import read_text, write_atomically
from ...slugs import slugify
from ..engines import escaper
from ..registry import is_content_file
from ..wire import WireStory, parse_wire


@dataclass(slots=True)
class ImportReport:
    """What an import of wire text wrote, found already there, refused, and its problems."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def story_to_markdown(story: WireStory, engine: str = "commonmark") -> str:
    """Return the Markdown file for a wire story: YAML front matter, then the body escaped
    for the site's Markdown engine (it renders as the wire text does)."""
    meta: dict[str, object] = {"title": story.headline, "date": story.date}
    if story.agency:
        meta["source"] = story.agency
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    escape = escaper(engine)
    body = "\n\n".join(escape(p) for p in story.paragraphs)
    return f"---\n{front}---\n\n{body}\n"


def target_name(story: WireStory) -> str:
    slug = slugify(story.headline) or "article"
    return f"{story.date:%Y}/{story.date:%Y-%m-%d}-{slug}.md"


def import_files(paths: list[Path], to: Path, *, force: bool = False,
                 engine: str = "commonmark") -> ImportReport:
    """Convert every wire text file among `paths` (files or folders) into `to`, escaped
    for the Markdown `engine` of the site that will build them."""
    report = ImportReport()
    problems = Problems()
    # --force may replace what an earlier run wrote, never what this run just wrote from
    # another source (two stories with the same date and headline).
    written_from: dict[Path, Path] = {}
    for source in _wire_files(paths, report):
        text = read_text(source, str(source), problems)  # parse_wire normalises line ends
        if text is None:
            report.refused.append((source, "it has errors (listed below)"))
            continue
        story = parse_wire(text, str(source), problems)
        if story is None:
            report.refused.append((source, "it has errors (listed below)"))
            continue
        target = to / target_name(story)
        if target in written_from:
            report.refused.append((source, f"{target} was just written from "
                                           f"{written_from[target]}"))
            continue
        if put_markdown(source, target, story_to_markdown(story, engine), force, report,
                        problems):
            written_from[target] = source
    report.problems = sorted(problems.items, key=lambda p: p.sort_key)
    return report


def put_markdown(source: Path, target: Path, text: str, force: bool, report: ImportReport,
                 problems: Problems, then: Callable[[], None] | None = None) -> bool:
    """Write `text` to `target` (and run `then`, which writes what goes beside it) unless
    the same text is there already; a different file is replaced only with `force`.
    Return whether `target` now holds the text, recording what happened in `report`."""
    if target.is_file() and target.read_bytes() == text.encode("utf-8"):
        report.unchanged.append(target)  # imported before: a second run is no change
        return True
    if target.exists() and not force:
        report.refused.append((source, f"{target} exists (use --force to overwrite)"))
        return False
    try:
        write_atomically(target, text)
        if then is not None:
            then()
    except OSError as exc:
        problems.error(target, f"cannot be written: {exc.strerror}",
                       hint="check the folder's permissions and free space")
        report.refused.append((source, f"{target} could not be written"))
        return False
    report.written.append(target)
    return True


def _wire_files(paths: list[Path], report: ImportReport) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt")
                                if p.is_file() and is_content_file(p.relative_to(path))))
        elif path.is_file():
            files.append(path)
        else:
            report.refused.append((path, "no such file or folder"))
    return files
