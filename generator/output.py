"""The one writer: files go to a folder of their own first, then into output/ at once.

A clean build writes a whole new folder and swaps it in for output/. A rebuild writes only
the files that changed into a staging folder beside output/ and moves each into place with
an atomic rename: new files first, then changed ones, then the removal of pages that are
gone, so that every file is whole and every link resolves at every moment. Nothing is
written into output/ until the build has rendered everything without error.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Collection, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from .errors import Problem, Problems, SiteError
from .files import list_files, shown_path
from .placing import INSIDE_PREFIX, move_in, remove_debris, remove_files, staging_parent, swap
from .site.urls import MARKER, SEARCH_FOLDER

__all__ = ["MARKER", "SEARCH_FOLDER", "Transaction", "begin", "check_output_dir", "os_problem",
           "static_files"]
# A rebuild changing more files than this, and more than IN_PLACE_SHARE of the site's files,
# assembles a new folder and swaps it in, so that output/ changes in one step; fewer are
# moved into place one by one (a few milliseconds). Assembling costs what the site holds,
# not what changed (at 100,000 articles: hard links to 147,000 files, then removing the old
# tree, 50 s), so a change that is a small share of a large site is moved in place.
IN_PLACE_LIMIT = 500
IN_PLACE_SHARE = 0.25


def check_output_dir(output: Path, protected: list[Path]) -> None:
    """Refuse an output folder that holds the site's sources or that we did not build."""
    output = output.resolve()
    for path in protected:
        path = path.resolve()
        if output == path or output in path.parents or path in output.parents:
            raise SiteError([Problem(str(output), f"the output folder overlaps {path}",
                                     hint="choose an output folder of its own, like 'output'")])
    if output.exists() and not output.is_dir():
        raise SiteError([Problem(str(output), "is a file, not a folder", hint="give --output "
                                 "a folder's name: the build writes a whole site there")])
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise SiteError([Problem(str(output), "the output folder exists, holds files and was "
                                 "not built by this generator", hint="empty it or choose "
                                 "another --output; it is replaced on every build")])


def static_files(folders: list[tuple[Path, Path]], problems: Problems,
                 refused: Mapping[Path, str] | None = None) -> dict[str, Path]:
    """Static files by output path, from (folder, the site it belongs to) pairs; a file in
    an earlier folder wins over a later one. Hidden files are not copied, but for those in
    `.well-known/` (security.txt, domain checks); a symbolic link out of its site, or into
    a `refused` path, is reported and left out (files.list_files)."""
    found: dict[str, Path] = {}
    for folder, site in folders:
        for file in list_files(folder, site, problems, hidden=True, refused=refused,
                               broken_links_fail=True):
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

    def finish(self, gone: Iterable[str], whole: bool = False,
               force: bool = False) -> Path | None:
        """Settle the files to remove; return the folder holding the whole new site when it
        is to be swapped in, or None when the changed files are to be moved in place.

        A rebuild assembles the whole new site (unchanged files hard-linked from output/)
        when `whole` is asked (a search index is built from the finished site, and a
        failing indexer must leave output/ as it was) or when it changes many files, and
        a large share of them (`swaps`);
        `force` assembles it even when no file changed (the search index is missing).
        """
        self.gone = list(gone)
        if not self.clean and (self.changes or force) and (whole or self.swaps()):
            self.folder = self._assemble()
            self.clean = True
        if not self.clean:
            return None
        (self.folder / MARKER).write_bytes(b"")
        return self.folder

    def swaps(self) -> bool:
        """Whether the changes are too many to move into place one by one: more than
        IN_PLACE_LIMIT files and more than IN_PLACE_SHARE of the site's."""
        return self.changes > max(IN_PLACE_LIMIT, len(self.existing) * IN_PLACE_SHARE)

    def commit(self, lock: AbstractContextManager[object] | None = None) -> None:
        """Put the new files in place and remove the files that are gone."""
        if self.clean:
            os.chmod(self.folder, 0o755)
            with lock or nullcontext():
                swap(self.folder, self.output)
            return
        with lock or nullcontext():
            move_in(self.folder, self.output, [*self.new, *self.changed])
            remove_files(self.output, self.gone)
        # Now, not on leaving the block: a staging folder inside output/ (a mount point)
        # would change the folder's time after the build recorded it.
        shutil.rmtree(self.folder, ignore_errors=True)

    def _assemble(self) -> Path:
        """A new folder holding the staged files and hard links to the other files."""
        fresh = staging_folder(self.output, "new")
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
    return Transaction(output, clean, staging_folder(output, "new" if clean else "staging"),
                       existing)


def staging_folder(output: Path, kind: str) -> Path:
    """A new empty folder to stage files in: beside `output`, or inside it when it is a
    mount point (placing.py)."""
    parent = staging_parent(output)
    prefix = INSIDE_PREFIX if parent == output else f".{output.name}.{kind}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def os_problem(error: OSError, root: Path, output: Path | None = None) -> Problem:
    """What the system refused (a full disk, a read-only folder) as a Problem naming the
    file; a file in a staging folder is named as the file of output/ it was to become."""
    name = error.filename
    path = Path(os.fsdecode(name)) if name is not None else output or root
    if output is not None:
        path = _as_output(path, output)
    shown = shown_path(path, root)
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return Problem(shown, "cannot be written: the disk is full",
                       hint="free some space on the disk, then build again")
    if code == errno.EROFS:
        return Problem(shown, "cannot be written: the file system is read-only",
                       hint="mount it read-write, or choose another folder with --output")
    if code in (errno.EACCES, errno.EPERM):
        return Problem(shown, f"cannot be written: {error.strerror}",
                       hint="check the folder's permissions and owner")
    return Problem(shown, f"cannot be written: {error.strerror or error}")


def _as_output(path: Path, output: Path) -> Path:
    """A path in a staging folder (.output.staging-x/a/b beside output/, or one inside it)
    as the file of the output folder it stands for (output/a/b)."""
    beside = f".{output.name}."
    for index, part in enumerate(path.parts):
        parent = Path(*path.parts[:index])
        if (part.startswith(beside) and parent == output.parent) or (
                part.startswith(INSIDE_PREFIX) and parent == output):
            return output.joinpath(*path.parts[index + 1:])
    return path
