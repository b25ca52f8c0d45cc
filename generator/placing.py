"""Putting a build's files in place of output/: the folders swapped in one step where the
system can, else file by file, every file whole at every moment.

A folder that is a mount point (a Docker volume) cannot be renamed or exchanged (EBUSY),
and no file can be renamed into it from another file system (EXDEV). Then the new files
are first copied into a staging folder inside it (where a full disk stops the build with
output/ unchanged), and only then renamed into place one by one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import cache, partial
from pathlib import Path

from .files import making_folders
from .site.urls import MARKER

# The staging folder a build makes inside the output folder when it must (a mount point).
INSIDE_PREFIX = f"{MARKER}.staging-"
# What a rename or an exchange says when the folders cannot take part in one.
CANNOT_SWAP = (errno.EBUSY, errno.EXDEV)


def mounted(output: Path) -> bool:
    """Whether `output` is a mount point: its staging must happen inside it."""
    return output.is_dir() and os.path.ismount(output)


def staging_parent(output: Path) -> Path:
    """Where a build stages its files: beside `output`, or inside it if it is mounted."""
    return output if mounted(output) else output.parent


def swap(fresh: Path, output: Path) -> None:
    """Put `fresh` where `output` is, in one step where the system can (Linux exchanges the
    two folders atomically), then remove the old folder; file by file where it cannot."""
    if not output.exists():
        fresh.rename(output)
        return
    if fresh.parent == output:  # staged inside a mount point: no swap is possible
        fill(fresh, output)
        return
    try:
        if _exchange(fresh, output):
            shutil.rmtree(fresh, ignore_errors=True)  # now the old folder
            return
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
    except OSError as exc:
        if exc.errno not in CANNOT_SWAP:
            raise
        fill(fresh, output)
        return
    try:
        fresh.rename(output)
    except BaseException:
        old.rename(output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def fill(fresh: Path, output: Path) -> None:
    """Make `output` hold what `fresh` holds, file by file: each new file is renamed into
    place over the old one, then the files `fresh` lacks are removed."""
    wanted = files_under(fresh)
    move_in(fresh, output, wanted)
    remove_files(output, sorted(set(files_under(output)) - set(wanted)))
    shutil.rmtree(fresh, ignore_errors=True)


def move_in(folder: Path, output: Path, relatives: Iterable[str]) -> None:
    """Rename each file of `folder` into the same place in `output`. If `folder` is on
    another file system, copy them all into a staging folder inside `output` first."""
    relatives = list(relatives)
    if not relatives:
        return
    if not _renames_into(folder, output, relatives[0]):
        inside = Path(tempfile.mkdtemp(prefix=INSIDE_PREFIX, dir=output))
        try:
            for relative in relatives:
                making_folders(inside / relative,
                               partial(shutil.copy2, folder / relative, inside / relative))
            _rename_all(inside, output, relatives)
        finally:
            shutil.rmtree(inside, ignore_errors=True)
        return
    _rename_all(folder, output, relatives)


def _renames_into(folder: Path, output: Path, relative: str) -> bool:
    """Rename the first file into place; False if that cannot be done across folders."""
    try:
        _put(folder / relative, output, relative)
    except OSError as exc:
        if exc.errno in CANNOT_SWAP:
            return False
        raise
    return True


def _rename_all(folder: Path, output: Path, relatives: list[str]) -> None:
    for relative in relatives:
        source = folder / relative
        if source.exists() or source.is_symlink():  # the first may be in place already
            _put(source, output, relative)


def _put(source: Path, output: Path, relative: str) -> None:
    """Rename `source` to `relative` in `output`, making the folders it needs. A folder
    where the file goes, or a file where one of its folders goes, was put there by hand
    (output/ holds only what the build makes): it is removed first."""
    target = output / relative
    try:
        making_folders(target, partial(os.replace, source, target))
    except IsADirectoryError:
        shutil.rmtree(target)
        os.replace(source, target)
    except (NotADirectoryError, FileExistsError):
        for parent in reversed(target.relative_to(output).parents[:-1]):
            if (output / parent).is_file() or (output / parent).is_symlink():
                (output / parent).unlink()
        making_folders(target, partial(os.replace, source, target))


def files_under(folder: Path) -> list[str]:
    """Every file under `folder`, by relative path, but a staging folder inside it."""
    found: list[str] = []

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if not prefix and entry.name.startswith(INSIDE_PREFIX):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    found.append(prefix + entry.name)

    walk(str(folder), "")
    return found


def remove_debris(output: Path) -> None:
    """Remove the folders a build killed half-way left beside `output` (or inside it); if
    it was killed between the two renames of a swap, put the previous output back first."""
    if not output.exists():
        for old in sorted(output.parent.glob(f".{output.name}.old-*")):
            if (old / MARKER).exists():
                old.rename(output)
                break
    for kind in ("new", "staging", "old"):
        for stale in output.parent.glob(f".{output.name}.{kind}-*"):
            shutil.rmtree(stale, ignore_errors=True)
    if output.is_dir():
        for stale in output.glob(f"{INSIDE_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)


def remove_files(output: Path, gone: Iterable[str]) -> None:
    """Delete files, then the folders they leave empty."""
    folders: set[Path] = set()
    for relative in gone:
        # Gone already, or put by hand where the build now has a folder (or a file).
        with suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            (output / relative).unlink()
        folders.update((output / relative).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder != output and output in folder.parents:
            with suppress(OSError):  # not empty, or already gone
                folder.rmdir()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False if unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(b))


@cache
def _renameat2() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return function
