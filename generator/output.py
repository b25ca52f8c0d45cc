"""The one writer: pages and static files into a fresh folder, then swapped in for output/."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from .errors import Problem, SiteError

# Written into every output folder we build, so that we never replace a folder we did not.
MARKER = ".newsarchive-output"


def check_output_dir(output: Path, protected: list[Path]) -> None:
    """Refuse an output folder that holds the site's sources or that we did not build."""
    output = output.resolve()
    for path in protected:
        path = path.resolve()
        if output == path or output in path.parents or path in output.parents:
            raise SiteError([Problem(str(output), f"the output folder overlaps {path}",
                                     hint="choose an output folder of its own, like 'output'")])
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise SiteError([Problem(str(output), "the output folder exists, holds files and was "
                                 "not built by this generator", hint="empty it or choose "
                                 "another --output; it is replaced on every build")])


def write_site(rendered: Mapping[PurePosixPath, bytes], static_dirs: list[Path],
               output: Path, finish: Callable[[Path], None] | None = None) -> int:
    """Write static files and pages to a new folder, then swap it in for `output`.

    `finish` works on the new folder before the swap (the search index); if it raises,
    the new folder is removed. Returns the number of files written. The previous output
    stays whole until the swap.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        count = copy_static(static_dirs, fresh)
        for relative, data in rendered.items():
            target = fresh / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (fresh / MARKER).write_bytes(b"")
        if finish is not None:
            finish(fresh)
        os.chmod(fresh, 0o755)
        swap(fresh, output)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return count + len(rendered)


def copy_static(static_dirs: list[Path], target: Path) -> int:
    """Copy static files; a file in an earlier folder wins over the same path in a later one."""
    copied: set[PurePosixPath] = set()
    for folder in static_dirs:
        for file in sorted(folder.rglob("*")):
            relative = PurePosixPath(file.relative_to(folder).as_posix())
            if not file.is_file() or relative in copied or relative.name.startswith("."):
                continue
            copied.add(relative)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target / relative)
    return len(copied)


def swap(fresh: Path, output: Path) -> None:
    """Put `fresh` where `output` is; the old folder is removed only after the rename."""
    if not output.exists():
        fresh.rename(output)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    try:
        fresh.rename(output)
    except BaseException:
        old.rename(output)
        raise
    shutil.rmtree(old, ignore_errors=True)
