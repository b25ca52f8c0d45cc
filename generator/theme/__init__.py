"""The default theme: templates/, static/ and locales/ (the catalogues of its strings)
shipped inside the package.

A site's own templates/, static/ and locales/ hold only what it changes; every file it
leaves out comes from here.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config

DEFAULT_THEME = Path(__file__).resolve().parent
KINDS = ("templates", "static", "locales")


def theme_dirs(config: Config, kind: str) -> list[Path]:
    """The site's own folder of `kind` ('templates', 'static' or 'locales') first, then the
    theme's."""
    own = config.path(f"{kind}_dir")
    default = DEFAULT_THEME / kind
    dirs = [own] if own.is_dir() else []
    if default.resolve() != own.resolve():
        dirs.append(default)
    return dirs
