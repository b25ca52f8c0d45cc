"""Files beside an article (images, PDFs) copied next to its page, so that its relative
links work: every file of a page bundle (a folder holding index.md), and each file an
article links relatively. A relative link that resolves nowhere is a warning."""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..config import Config
from ..errors import Problems, quoted
from ..files import shown_path
from ..model import Article
from ..readers.leftovers import left_out
from ..readers.refs import tool_link
from ..site.urls import output_path
from ..theme import theme_dirs
from .media_places import is_pipeline_image


@dataclass(slots=True)
class Beside:
    """The files to copy, by output path, and the content files they are."""

    copies: dict[str, Path] = field(default_factory=dict)
    used: set[Path] = field(default_factory=set)


def plan_beside(config: Config, articles: Iterable[Article], others: list[Path],
                outputs: Collection[str], problems: Problems) -> Beside:
    """Plan the copies for every published article; `outputs` are the site's other files
    (pages and static files), which relative links may also reach."""
    content = config.path("content_dir")
    files = {PurePosixPath(f.relative_to(content).as_posix()): f for f in others}
    # The file of each article that may have something beside it: a bundle (an index
    # file) or one with relative links; most have neither (a rebuild plans every article).
    sources = [(a, _source(config, a)) for a in articles
               if a.refs or a.path.rpartition("/")[2].startswith("index")]
    bundles = {source.parent for _, source in sources if _is_bundle(source)}
    in_bundle: dict[PurePosixPath, list[PurePosixPath]] = {}
    for relative in files:
        bundle = _bundle_of(relative, bundles)
        if bundle is not None:
            in_bundle.setdefault(bundle, []).append(relative)
    beside = Beside()
    for article, source in sources:
        bundled = source.parent in bundles and _is_bundle(source)
        if not bundled and not article.refs:
            continue  # most articles: nothing beside them, no relative link
        folder, page = source.parent, output_path(article.url).parent
        if bundled:
            for relative in in_bundle.get(folder, ()):
                _copy(beside, str(page / relative.relative_to(folder)), files[relative],
                      outputs, article, problems)
        for url, line in article.refs:
            if tool_link(url) is not None:
                continue  # another tool's link to a page: tool_links.py follows it
            if is_pipeline_image(urlsplit(url).path):
                continue  # the images stage publishes it, or says why it cannot
            target = _resolve(folder, url)
            file = files.get(target) if target is not None else None
            if file is not None:
                out = _resolve(page, url)
                if out is not None:
                    _copy(beside, str(out), file, outputs, article, problems)
                    continue
            if not _reaches(page, url, outputs, beside):
                problems.warn(article.path, f"local link {quoted(url)} resolves nowhere", line,
                              "put the file beside the article, or link a page of the site")
    return beside


def _source(config: Config, article: Article) -> PurePosixPath:
    """The article's file, relative to the content folder."""
    return PurePosixPath(article.path).relative_to(PurePosixPath(config.content_dir))


def _is_bundle(source: PurePosixPath) -> bool:
    """Whether an article is a page bundle: an index file in a folder of its own."""
    return source.stem == "index" and source.parent != PurePosixPath(".")


def _bundle_of(relative: PurePosixPath, bundles: set[PurePosixPath]) -> PurePosixPath | None:
    """The nearest bundle folder holding a file (a bundle inside a bundle keeps its own)."""
    return next((p for p in relative.parents if p in bundles), None)


def _resolve(folder: PurePosixPath, url: str) -> PurePosixPath | None:
    """A relative URL's path from `folder`, or None if it climbs out of the top."""
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(folder.as_posix(), path))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return PurePosixPath(joined)


def _reaches(page: PurePosixPath, url: str, outputs: Collection[str], beside: Beside) -> bool:
    """Whether a relative URL from a page reaches another page or file of the site."""
    out = _resolve(page, url)
    if out is None:
        return False
    name = out.as_posix()
    return (name in outputs or name in beside.copies or f"{name}/index.html" in outputs
            or (name == "." and "index.html" in outputs))


def _copy(beside: Beside, out: str, file: Path, outputs: Collection[str], article: Article,
          problems: Problems) -> None:
    if is_pipeline_image(file):
        # Never copied as it is (it carries its EXIF and GPS data): the images stage
        # publishes it, without them, where an article shows it.
        if out in outputs:
            beside.used.add(file)
        return
    if out in outputs:
        problems.warn(article.path, f"the file {quoted(file.name)} beside it would replace "
                      f"a page of the site; not copied", None, "rename the file")
        return
    beside.copies.setdefault(out, file)
    beside.used.add(file)


def planned_files(config: Config, pages: Iterable[str]) -> set[str]:
    """Every file the pages (`pages`: where each is written) and the static folders put
    in the output."""
    found = set(pages)
    for folder in theme_dirs(config, "static"):
        found.update(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return found


def count_left_out(config: Config, content: Collection[str], articles: list[Article],
                   others: list[Path], copied: Collection[Path], problems: Problems) -> None:
    """Add one warning counting the files of content/ that are neither articles, nor in
    error, nor copied beside an article, if there are any."""
    done = {a.path for a in articles} | {p.path.split(" (alias ", 1)[0] for p in problems.errors}
    summary = left_out(config.content_dir, [
        *(path for path in content if path not in done),
        *(shown_path(file, config.root) for file in others if file not in copied)])
    if summary is not None:
        problems.items.append(summary)
