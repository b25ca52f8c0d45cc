"""Where an image an article names is, and where its published variants go.

- A path relative to the article file ('photo.jpg', 'pictures/photo.jpg') is the file
  beside the article; its variants are published next to the article's page at the same
  relative path ('/2024/03/14/story/photo.jpg'), so that the body's relative links work.
  It may not climb out of the article's folder ('../photo.jpg').
- A path from the site root ('/images/photo.jpg') is the file under static/ (the site's,
  then the theme's); its variants are published at that URL, in place of the file.

Page bundles (files beside an article copied next to its page) must leave the files
`is_pipeline_image` accepts to this stage: they are published as variants, never as they
are (the source keeps its EXIF and GPS data).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..config import Config
from ..errors import Problem, Severity
from ..readers.pictures import IMAGE_SUFFIXES, local_image_path
from ..theme import theme_dirs

# What the pipeline publishes as variants (images_plan.SUFFIXES, and GIF as PNG).


def is_pipeline_image(path: PurePosixPath | Path | str) -> bool:
    """Whether a file is published by the images stage (as variants) when a page uses it."""
    return PurePosixPath(str(path)).suffix.lower() in IMAGE_SUFFIXES


def is_remote(src: str) -> bool:
    return src.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Placed:
    """One image file and the folder of the output its variants are published in."""

    file: Path
    name: str  # the file as messages name it, relative to the site
    folder: str  # the folder's URL path, not percent-encoded, ending in '/'

    @property
    def folder_url(self) -> str:
        return quote(self.folder)

    @property
    def output(self) -> PurePosixPath:
        return PurePosixPath(self.folder.lstrip("/"))


class Places:
    """Finds the files of a site's images (see the module's docstring)."""

    def __init__(self, config: Config) -> None:
        self.root = config.root
        # From the site root: static/, then content/ (a Jekyll site's /assets/ are there).
        self.statics = [*theme_dirs(config, "static"), config.path("content_dir")]

    def place(self, src: str, where: str, page_url: str,
              missing: Severity = "error") -> Placed | Problem | None:
        """Return the file `src` names in the article at `where` (whose page is at
        `page_url`), a Problem, or None for a remote or data URL. A path that may not be
        used is an error; a file that is not there is a problem of severity `missing`."""
        path = local_image_path(src)
        if path is None:
            return None
        parts = [p for p in path.split("/") if p]
        if path.startswith("/"):
            if not parts or any(p in (".", "..") for p in parts):
                return Problem(where, f"image '{src}' is not a file under static/",
                               hint="write the path from the site root, "
                               "like /images/photo.jpg")
            for static in self.statics:
                candidate = static.joinpath(*parts)
                if candidate.is_file():
                    return Placed(candidate, _shown(candidate, self.root),
                                  "/" + "".join(p + "/" for p in parts[:-1]))
            return Problem(where, f"image '{src}' not found under static/", severity=missing,
                           hint=f"put it at static/{'/'.join(parts)}, or correct the path")
        relative = posixpath.normpath(path)
        if relative.startswith("../") or relative in ("..", ".") or path.endswith("/"):
            return Problem(where, f"image '{src}' is outside the article's folder",
                           hint="put the picture beside the article, or "
                           "under static/ and write its path from the site root (/images/...)")
        base = PurePosixPath(where).parent
        file = self.root / base / relative
        if not file.is_file():
            return Problem(where, f"image '{src}' not found (looked for {base / relative})",
                           severity=missing, hint="check the file name and its folder")
        below = posixpath.dirname(relative)
        return Placed(file, str(base / relative), page_url + (below + "/" if below else ""))


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
