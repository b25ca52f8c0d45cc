"""What the output folder holds, by the size and time of its files and folders.

A build looks at output/ before it writes: a file edited, removed or added by hand since
the last build is made again or removed. The last build's manifest records the size and
time of every file it left and the time of every folder above one; a file added, removed
or renamed in a folder changes that folder's time. So one look at each file and folder
tells what is still as it was, and only a folder whose time changed is listed again
(rescan_output): at 10,000 articles, where every page has a folder of its own, walking the
whole tree cost 0.27 s, and looking at what the manifest lists 0.16 s.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import stat as stat_module
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from .placing import INSIDE_PREFIX
from .site.urls import MARKER, SEARCH_FOLDER

__all__ = ["Rescan", "Stat", "folder_times", "folders_of", "rescan_output", "scan_output",
           "stat_of", "unchanged"]

# A file's size and modification time (ns): a file edited by hand shows in one of them.
Stat = tuple[int, int]


def scan_output(output: Path) -> dict[str, Stat]:
    """Every file now in `output` (but the marker, the search index and a staging folder),
    with its size and modification time."""
    found: dict[str, Stat] = {}
    if output.is_dir():
        _walk(str(output), "", found)
    return found


def _walk(folder: str, prefix: str, found: dict[str, Stat]) -> None:
    """Add every file under `folder` (`prefix`: its path under output/) to `found`."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if relative != SEARCH_FOLDER and not relative.startswith(INSIDE_PREFIX):
                    _walk(entry.path, relative + "/", found)
            elif relative != MARKER:
                stat = entry.stat(follow_symlinks=False)
                found[relative] = (stat.st_size, stat.st_mtime_ns)


def rescan_output(output: Path, files: Mapping[str, Stat], folders: Mapping[str, int]
                  ) -> tuple[dict[str, Stat], dict[str, int]]:
    """What scan_output finds in `output`, from the `files` the last build left there and
    the times of their `folders` (folder_times): one look at each, and every folder whose
    time changed listed again. Also returns the time of each of those folders now (a
    folder gone is left out)."""
    base = str(output)
    lstat, join, is_dir = os.lstat, os.path.join, stat_module.S_ISDIR
    times: dict[str, int] = {}
    moved: list[str] = []  # folders whose time changed
    for folder, time in folders.items():
        try:
            now = lstat(join(base, folder))
        except OSError:
            continue  # gone, and so its files (and its parent's time changed)
        if not is_dir(now.st_mode):
            moved.append(folder.rpartition("/")[0])  # now a file: its parent tells
            continue
        times[folder] = now.st_mtime_ns
        if now.st_mtime_ns != time:
            moved.append(folder)
    found: dict[str, Stat] = {}
    for relative in files:
        try:
            now = lstat(join(base, relative))
        except OSError:
            continue
        if not is_dir(now.st_mode):
            found[relative] = (now.st_size, now.st_mtime_ns)
    for folder in moved:
        if folder in times:
            _relist(base, folder, times, found)
    return found, times


class Rescan:
    """rescan_output in a child process, while the build goes on reading and planning: one
    look at each of the last build's files and folders is 37,000 system calls at 10,000
    articles (0.3 s), on the second core. Where a process cannot fork, or has threads (the
    preview server: a child of a process with threads may find a lock held forever), the
    look is taken in this process when its result is asked for."""

    def __init__(self, output: Path, files: Mapping[str, Stat], folders: Mapping[str, int],
                 background: bool | None = None) -> None:
        self.look = (output, files, folders)
        self.child, self.reader = 0, -1
        if background is None:
            background = hasattr(os, "fork") and threading.active_count() == 1
        if not background:
            return
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:  # the child: look, write the result, and leave without cleaning up
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it at once
                os.close(reader)
                with os.fdopen(writer, "wb") as sink:
                    pickle.dump(rescan_output(output, files, folders), sink, protocol=5)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        self.child, self.reader = child, reader

    def result(self) -> tuple[dict[str, Stat], dict[str, int]]:
        """What rescan_output finds: the child's answer, or a look taken now if it gave
        none (it failed, or was killed)."""
        if self.child:
            try:
                with os.fdopen(self.reader, "rb") as source:
                    found: tuple[dict[str, Stat], dict[str, int]] = pickle.load(source)
                return found
            except (EOFError, OSError, pickle.UnpicklingError):
                pass
            finally:
                self.reader = -1
                self.close()
        return rescan_output(*self.look)

    def close(self) -> None:
        """Stop the child if it still runs (the build ended before asking), and reap it."""
        if not self.child:
            return
        if self.reader >= 0:
            os.close(self.reader)
            self.reader = -1
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.child, 0)
        self.child = 0


def _relist(base: str, folder: str, known: Mapping[str, int], found: dict[str, Stat]) -> None:
    """Add the files of `folder` that `found` lacks, and every file under a folder in it
    that is not `known` (a folder added by hand); a known one is looked at on its own."""
    prefix = f"{folder}/" if folder else ""
    try:
        entries = list(os.scandir(os.path.join(base, folder)))
    except OSError:
        return
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if (relative not in known and relative != SEARCH_FOLDER
                    and not relative.startswith(INSIDE_PREFIX)):
                _walk(entry.path, relative + "/", found)
        elif relative != MARKER and relative not in found:
            stat = entry.stat(follow_symlinks=False)
            found[relative] = (stat.st_size, stat.st_mtime_ns)


def stat_of(path: Path) -> Stat:
    stat = path.stat()
    return (stat.st_size, stat.st_mtime_ns)


def folders_of(files: Iterable[str]) -> set[str]:
    """Every folder holding one of `files` and every folder above one, up to output/ itself
    (""): a folder added by hand under any of them changes that one's time."""
    folders = {""}
    for relative in files:
        folder = relative.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def folder_times(output: Path, files: Iterable[str]) -> dict[str, int]:
    """The modification time of every folder of folders_of(files)."""
    base, lstat, join = str(output), os.lstat, os.path.join
    return {folder: lstat(join(base, folder)).st_mtime_ns for folder in folders_of(files)}


def unchanged(output: Path, files: dict[str, Stat], folders: dict[str, int]) -> bool:
    """Whether `output` holds `files` as they were, and nothing else, by one look at each
    file and folder (no folder is listed: a file added shows in its folder's time)."""
    base = str(output)
    lstat, join = os.lstat, os.path.join
    try:
        for folder, time in folders.items():
            if lstat(join(base, folder)).st_mtime_ns != time:
                return False
        for relative, (size, time) in files.items():
            stat = lstat(join(base, relative))
            if stat.st_size != size or stat.st_mtime_ns != time:
                return False
    except OSError:  # a file or folder is gone
        return False
    return bool(folders)
