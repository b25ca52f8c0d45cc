"""Reading the site's folders: which files a build takes, and their bytes turned into text.

Both ends are careful with what a folder may hold besides articles: symbolic links that
lead out of the site, pipes and devices, hidden files, files that are not UTF-8 text.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .digests import Signature, stat_signature
from .errors import Problems

# A file larger than this is refused before it is read: a 50 MB article builds in seconds,
# but a multi-gigabyte log saved as .txt would exhaust memory before any message.
MAX_FILE_BYTES = 100 * 1024 * 1024
T = TypeVar("T")
_UTF16_32_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                  (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def list_files(folder: Path, root: Path, problems: Problems, *, hidden: bool = False,
               refused: Mapping[Path, str] | None = None,
               broken_links_fail: bool = False) -> list[Path]:
    """Return the regular files under `folder`, sorted by their path below it.

    Hidden files and folders (a name starting with '.') are left out unless `hidden`.
    A symbolic link is followed only when it resolves inside `root` (the site) or inside
    `folder` itself, and not into one of the `refused` paths (resolved; each with what it
    is, for the message: the build's cache, the output folder, site.toml); one that leads
    elsewhere, or nowhere, is reported as a warning and left out, as are pipes, sockets and
    devices. A name that is not UTF-8 is an error, and so is a link that leads nowhere (or
    to itself) when `broken_links_fail` (static files: the site would lack the file).
    Paths in messages are relative to `root`.
    """
    return [Path(path) for _, path, _ in _listing(folder, root, problems, hidden, refused,
                                                 broken_links_fail)]


def list_file_signatures(folder: Path, root: Path, problems: Problems,
                         refused: Mapping[Path, str] | None = None
                         ) -> list[tuple[str, str, Signature | None]]:
    """The files list_files lists, each as its path below `folder` (with '/'), its path,
    and its signature (stat_signature), taken from the listing's own look at it: a
    million files are listed in seconds."""
    found = []
    for relative, path, entry in _listing(folder, root, problems, False, refused, False):
        if entry is None:  # reached through a symbolic link: the file it leads to
            found.append((relative, path, stat_signature(path)))
            continue
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            found.append((relative, path, None))
            continue
        found.append((relative, path, (stat.st_ino, stat.st_size, stat.st_mtime_ns)))
    return found


def _listing(folder: Path, root: Path, problems: Problems, hidden: bool,
             refused: Mapping[Path, str] | None, broken_links_fail: bool
             ) -> list[tuple[str, str, os.DirEntry[str] | None]]:
    refused_paths = {str(path): what for path, what in (refused or {}).items()}
    walk = _Walk(root, (root.resolve(), folder.resolve()), refused_paths, hidden, problems,
                 broken_links_fail)
    real = str(folder.resolve())
    walk.walk(str(folder), "", real, {real}, linked=False)
    # By the parts of the relative path, as paths sort ('a/b' before 'a-b'): no name
    # holds a NUL, which sorts before every character.
    return sorted(walk.found, key=lambda found: found[0].replace("/", "\0"))


@dataclass(slots=True)
class _Walk:
    """One listing: what it allows, and what it found (paths as strings: a listing of a
    million files makes no path object it does not need)."""

    root: Path
    inside: tuple[Path, ...]
    refused: Mapping[str, str]
    hidden: bool
    problems: Problems
    broken_links_fail: bool = False
    # The path below the folder listed ('/'), the path, and the entry (None: reached
    # through a symbolic link).
    found: list[tuple[str, str, os.DirEntry[str] | None]] = field(default_factory=list)

    def walk(self, directory: str, relative: str, real: str, visited: set[str],
             linked: bool) -> None:
        """List `directory`, whose path with every link resolved is `real`; `linked`: it
        was reached through a symbolic link (so it may hold what the listing refuses)."""
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            self.warn(Path(directory), f"cannot be read: {exc.strerror}; left out")
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") and not self.hidden:
                continue
            if not valid_name(name):
                self.problems.error(shown_path(Path(entry.path), self.root),
                                    "the name is not UTF-8 text",
                                    hint="rename it: URLs and pages need names in UTF-8")
                continue
            here = f"{relative}/{name}" if relative else name
            if entry.is_symlink():
                self.follow(Path(entry.path), here, visited)
                continue
            inner = os.path.join(real, name)
            what = self.refused.get(inner) if linked else None
            if what is not None:
                self.warn(Path(entry.path), f"is {what}, reached through a symbolic link; "
                          "not followed")
            elif entry.is_dir(follow_symlinks=False):
                if linked and inner in visited:  # the folder listed, through a link to '..'
                    self.warn(Path(entry.path), "is a folder listed already, reached through "
                              "a symbolic link; not followed")
                else:
                    self.walk(entry.path, here, inner, visited | {inner}, linked)
            elif entry.is_file(follow_symlinks=False):
                self.found.append((here, entry.path, entry))
            else:
                self.warn(Path(entry.path), "is not a regular file (a pipe, socket or "
                          "device); left out")

    def follow(self, path: Path, name: str, visited: set[str]) -> None:
        """Take the file or folder a symbolic link leads to, if it may be taken."""
        try:
            target = path.resolve()
        except (RuntimeError, OSError):  # a loop of links (RuntimeError before 3.13)
            self.broken(path, "is a symbolic link that leads to itself")
            return
        if not target.exists():
            self.broken(path, f"is a broken symbolic link (to {target})")
            return
        if not any(target == base or base in target.parents for base in self.inside):
            self.warn(path, f"is a symbolic link to {target}, outside the site; not followed",
                      hint="copy the file into the site")
            return
        what = next((what for refused, what in self.refused.items()
                     if target == Path(refused) or Path(refused) in target.parents), None)
        if what is not None:
            self.warn(path, f"is a symbolic link into {what}; not followed",
                      hint="link to the files themselves, not to what the build makes or "
                      "reads for itself")
        elif target.is_dir():
            if str(target) in visited:  # a link to a folder above it would never end
                self.warn(path, "is a symbolic link to a folder that holds it; not followed")
            else:
                self.walk(str(path), name, str(target), visited | {str(target)},
                          linked=True)
        elif target.is_file():
            self.found.append((name, str(path), None))

    def warn(self, path: Path, message: str, hint: str = "") -> None:
        self.problems.warn(shown_path(path, self.root), message, hint=hint)

    def broken(self, path: Path, message: str) -> None:
        """Report a link that leads to no file: an error where the file is needed."""
        if self.broken_links_fail:
            self.problems.error(shown_path(path, self.root), message,
                                hint="point the link at an existing file, or remove it")
        else:
            self.warn(path, message + "; left out")


def valid_name(name: str) -> bool:
    """Whether a file name from the system is UTF-8 (else it holds surrogate escapes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the site root when it is under it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_text(file: Path, shown: str, problems: Problems) -> str | None:
    """Read a text file as UTF-8, or report why it cannot be and return None."""
    data = read_bytes(file, shown, problems)
    return None if data is None else decode_text(data, shown, problems)


def read_bytes(file: Path, shown: str, problems: Problems) -> bytes | None:
    """Read a content file's bytes, or report why they cannot be read and return None."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(shown, f"is {size / 1024 / 1024:.1f} MB; files over "
                           f"{MAX_FILE_BYTES // 1024 // 1024} MB are not read",
                           hint="split it into several articles, or move it out of the site")
            return None
        data = file.read_bytes()
    except FileNotFoundError:
        problems.error(shown, "was deleted during the build", hint="build again")
        return None
    except PermissionError as exc:
        problems.error(shown, f"cannot be read: {exc.strerror}",
                       hint="check the file's permissions")
        return None
    except OSError as exc:
        problems.error(shown, f"cannot be read: {exc.strerror}")
        return None
    return data


def decode_text(data: bytes, shown: str, problems: Problems) -> str | None:
    """Decode UTF-8 bytes (a BOM is fine), or report what the bytes are and return None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    for bom, name in _UTF16_32_BOMS:
        if data.startswith(bom):
            problems.error(shown, f"is {name} text, not UTF-8", 1,
                           "save the file as UTF-8")
            return None
    if b"\x00" in data[:8192]:
        problems.error(shown, "is a binary file, not text", None,
                       "articles are UTF-8 text; put images and other files in static/")
        return None
    line_start = data.rfind(b"\n", 0, bad) + 1
    line = data.count(b"\n", 0, bad) + 1
    problems.error(shown, f"is not UTF-8: byte 0x{data[bad]:02X} at offset {bad} "
                   f"(column {bad - line_start + 1}) cannot be decoded", line,
                   "save the file as UTF-8")
    return None


def making_folders(target: Path, action: Callable[[], T]) -> T:
    """Run `action`, which writes `target`; if the folder it goes in does not exist yet,
    make it and run it again (cheaper than checking for the folder before every file)."""
    try:
        return action()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        return action()


def write_file(folder: Path, relative: str | PurePosixPath, data: bytes) -> None:
    """Write `data` to `relative` under `folder`, making the folders it needs."""
    target = folder / relative
    making_folders(target, lambda: target.write_bytes(data))


def write_atomically(target: Path, content: bytes | str | Path | Iterable[bytes]) -> None:
    """Write bytes, text (UTF-8, LF), a copy of a file, or chunks of bytes (made one at a
    time) to `target` through a temporary file beside it renamed over it: whatever stops
    the write (a full disk, Ctrl-C), `target` is either as it was or whole. The folders it
    needs are made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(content, Path):
                with content.open("rb") as source:
                    shutil.copyfileobj(source, file)
            elif isinstance(content, str):
                file.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                file.write(content)
            else:
                file.writelines(content)
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode an ordinary new file gets (mkstemp's is 0o600), or the replaced file's."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
