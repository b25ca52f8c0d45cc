"""The one writer: files go to a folder of their own first, then into output/ at once.

A clean build writes a whole new folder and swaps it in for output/. A rebuild writes only
the files that changed into a staging folder beside output/ and moves each into place with
an atomic rename: new files first, then changed ones, then the removal of pages that are
gone, so that every file is whole and every link resolves at every moment. Nothing is
written into output/ until the build has rendered everything without error.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from types import TracebackType

from .errors import Problem, Problems, SiteError
from .files import list_files, making_folders

# Written into every output folder we build, so that we never replace a folder we did not.
MARKER = ".newsarchive-output"
# Folders of the output that a build step other than the page writer fills, whole.
SEARCH_FOLDER = "pagefind"
# A rebuild changing more files than this assembles a new folder and swaps it in, so that
# output/ changes in one step; fewer are moved into place one by one (a few milliseconds).
IN_PLACE_LIMIT = 500


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


def scan_output(output: Path) -> dict[str, int]:
    """Every file now in `output` (but the marker and the search index), with its size."""
    found: dict[str, int] = {}
    if not output.is_dir():
        return found

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if relative != SEARCH_FOLDER:
                        walk(entry.path, relative + "/")
                elif relative != MARKER:
                    found[relative] = entry.stat(follow_symlinks=False).st_size

    walk(str(output), "")
    return found


def static_files(folders: list[tuple[Path, Path]], problems: Problems) -> dict[str, Path]:
    """Static files by output path, from (folder, the site it belongs to) pairs; a file in
    an earlier folder wins over a later one. Hidden files are not copied, but for those in
    `.well-known/` (security.txt, domain checks);
    a symbolic link out of its site is reported and left out (files.list_files)."""
    found: dict[str, Path] = {}
    for folder, site in folders:
        for file in list_files(folder, site, problems, hidden=True):
            relative = file.relative_to(folder).as_posix()
            if relative.startswith(".well-known/") or not any(
                    part.startswith(".") for part in relative.split("/")):
                found.setdefault(relative, file)
    return found


@dataclass(slots=True)
class Transaction:
    """One build's writing into `output`: new files go to `folder` until `commit`, and none
    of them reach `output` if the build stops before (leaving the `with` block aborts)."""

    output: Path
    clean: bool
    folder: Path
    existing: Collection[str] = ()  # the files in output/ when the build began (scan_output)
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # staged files not committed

    def note(self, relative: str, existed: bool) -> None:
        """Count a file written into `folder` (by this process or a worker)."""
        (self.changed if existed else self.new).append(relative)

    def copy(self, relative: str, source: Path, existed: bool) -> None:
        (self.folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.folder / relative)
        (self.changed if existed else self.new).append(relative)

    @property
    def changes(self) -> int:
        return len(self.new) + len(self.changed) + len(self.gone)

    def finish(self, gone: Iterable[str], whole: bool = False) -> Path | None:
        """Settle the files to remove; return the folder holding the whole new site when it
        is to be swapped in, or None when the changed files are to be moved in place.

        A rebuild assembles the whole new site (unchanged files hard-linked from output/)
        when `whole` is asked (a search index is built from the finished site, and a
        failing indexer must leave output/ as it was) or when it changes many files.
        """
        self.gone = list(gone)
        if not self.clean and self.changes and (whole or self.changes > IN_PLACE_LIMIT):
            self.folder = self._assemble()
            self.clean = True
        if not self.clean:
            return None
        (self.folder / MARKER).write_bytes(b"")
        return self.folder

    def commit(self, lock: AbstractContextManager[object] | None = None) -> None:
        """Put the new files in place and remove the files that are gone."""
        if self.clean:
            os.chmod(self.folder, 0o755)
            with lock or nullcontext():
                swap(self.folder, self.output)
            return
        with lock or nullcontext():
            for relative in (*self.new, *self.changed):
                target = self.output / relative
                making_folders(target, partial(os.replace, self.folder / relative, target))
            remove_files(self.output, self.gone)

    def _assemble(self) -> Path:
        """A new folder holding the staged files and hard links to the other files."""
        fresh = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-",
                                      dir=self.output.parent))
        skip = {*self.new, *self.changed, *self.gone}
        for relative in self.existing:
            if relative not in skip:
                target = fresh / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(self.output / relative, target)
        for relative in (*self.new, *self.changed):
            target = fresh / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.folder / relative, target)
        shutil.rmtree(self.folder, ignore_errors=True)
        return fresh


def begin(output: Path, clean: bool, existing: Collection[str] = ()) -> Transaction:
    """Start writing into `output`: a whole new folder if `clean`, else a staging folder.
    `existing` lists the files in it now (scan_output)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_debris(output)
    kind = "new" if clean else "staging"
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.{kind}-", dir=output.parent))
    return Transaction(output, clean, folder, existing)


def remove_debris(output: Path) -> None:
    """Remove the folders a build killed half-way left beside `output`; if it was killed
    between the two renames of a swap, put the previous output back first."""
    if not output.exists():
        for old in sorted(output.parent.glob(f".{output.name}.old-*")):
            if (old / MARKER).exists():
                old.rename(output)
                break
    for kind in ("new", "staging", "old"):
        for stale in output.parent.glob(f".{output.name}.{kind}-*"):
            shutil.rmtree(stale, ignore_errors=True)


def remove_files(output: Path, gone: Iterable[str]) -> None:
    """Delete files, then the folders they leave empty."""
    folders: set[Path] = set()
    for relative in gone:
        (output / relative).unlink(missing_ok=True)
        folders.update((output / relative).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder != output and output in folder.parents:
            with suppress(OSError):  # not empty, or already gone
                folder.rmdir()


def swap(fresh: Path, output: Path) -> None:
    """Put `fresh` where `output` is, in one step where the system can (Linux exchanges the
    two folders atomically), then remove the old folder."""
    if not output.exists():
        fresh.rename(output)
        return
    if _exchange(fresh, output):
        shutil.rmtree(fresh, ignore_errors=True)  # now the old folder
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
