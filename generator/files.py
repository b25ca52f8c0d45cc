"""Reading the site's folders: which files a build takes, and their bytes turned into text.

Both ends are careful with what a folder may hold besides articles: symbolic links that
lead out of the site, pipes and devices, hidden files, files that are not UTF-8 text.
"""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .errors import Problems

# A file larger than this is refused before it is read: a 50 MB article builds in seconds,
# but a multi-gigabyte log saved as .txt would exhaust memory before any message.
MAX_FILE_BYTES = 100 * 1024 * 1024
T = TypeVar("T")
_UTF16_32_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                  (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def list_files(folder: Path, root: Path, problems: Problems, *,
               hidden: bool = False) -> list[Path]:
    """Return the regular files under `folder`, sorted by their path below it.

    Hidden files and folders (a name starting with '.') are left out unless `hidden`.
    A symbolic link is followed only when it resolves inside `root` (the site) or inside
    `folder` itself; one that leads elsewhere, or nowhere, is reported as a warning and
    left out, as are pipes, sockets and devices. Paths in messages are relative to `root`.
    """
    inside = (root.resolve(), folder.resolve())
    found: list[tuple[PurePosixPath, Path]] = []
    _walk(folder, PurePosixPath(), inside, root, hidden, problems, found,
          visited={folder.resolve()})
    return [path for _, path in sorted(found)]


def _walk(directory: Path, relative: PurePosixPath, inside: tuple[Path, ...], root: Path,
          hidden: bool, problems: Problems, found: list[tuple[PurePosixPath, Path]],
          visited: set[Path]) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        problems.warn(shown_path(directory, root), f"cannot be read: {exc.strerror}; left out")
        return
    for entry in entries:
        if entry.name.startswith(".") and not hidden:
            continue
        path = Path(entry.path)
        name = relative / entry.name
        if entry.is_symlink():
            target = path.resolve()
            if not target.exists():
                problems.warn(shown_path(path, root), f"is a broken symbolic link (to {target}); "
                              "left out")
                continue
            if not any(target == base or base in target.parents for base in inside):
                problems.warn(shown_path(path, root), f"is a symbolic link to {target}, outside "
                              "the site; not followed", hint="copy the file into the site")
                continue
            if target.is_dir():
                if target in visited:  # a link to a folder above it would never end
                    problems.warn(shown_path(path, root), "is a symbolic link to a folder that "
                                  "holds it; not followed")
                else:
                    _walk(path, name, inside, root, hidden, problems, found,
                          visited | {target})
            elif target.is_file():
                found.append((name, path))
            continue
        if entry.is_dir(follow_symlinks=False):
            _walk(path, name, inside, root, hidden, problems, found, visited | {path.resolve()})
        elif entry.is_file(follow_symlinks=False):
            found.append((name, path))
        else:
            problems.warn(shown_path(path, root), "is not a regular file (a pipe, socket or "
                          "device); left out")


def shown_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the site root when it is under it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_text(file: Path, shown: str, problems: Problems) -> str | None:
    """Read a text file as UTF-8, or report why it cannot be and return None."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(shown, f"is {size / 1024 / 1024:.1f} MB; files over "
                           f"{MAX_FILE_BYTES // 1024 // 1024} MB are not read",
                           hint="split it into several articles, or move it out of the site")
            return None
        data = file.read_bytes()
    except OSError as exc:
        problems.error(shown, f"cannot be read: {exc.strerror}",
                       hint="check the file's permissions")
        return None
    return decode_text(data, shown, problems)


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


def write_atomically(target: Path, content: bytes | str | Path) -> None:
    """Write bytes, text (UTF-8, LF) or a copy of a file to `target` through a temporary
    file beside it renamed over it: whatever stops the write (a full disk, Ctrl-C),
    `target` is either as it was or whole. The folders it needs are made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(content, Path):
                with content.open("rb") as source:
                    shutil.copyfileobj(source, file)
            else:
                file.write(content.encode("utf-8") if isinstance(content, str) else content)
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
