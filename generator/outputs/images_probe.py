"""Probe an image file: its format and oriented size, or a Problem saying why it cannot be used.

Every image is decoded once, in full, before it is accepted: Pillow reads only the header
on open, and a truncated file shows only when its pixels are read. The size is checked
from the header first, so that an oversized file (a decompression bomb) is refused before
a byte of its pixels is decoded.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem

if TYPE_CHECKING:
    from PIL import Image

    from .images_cache import ImageCache

# Pillow is imported where an image is opened, not with this module: a build without
# pictures to look at (most rebuilds) does not pay its ~20 ms.

# The limit: beyond this on either side an image is refused, never decoded.
MAX_SIDE = 20_000
# What we publish; everything else Pillow may recognise (TIFF, BMP, ...) is refused.
# MPO is how Pillow names the JPEG files of many phones and cameras.
SUPPORTED = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}
# EXIF orientations 5 to 8 turn the picture by a quarter: width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}
_ORIENTATION_TAG = 0x0112

TOO_LARGE_HINT = f"resize it to at most {MAX_SIDE:,} pixels on each side"
TRUNCATED = "truncated or damaged image: it cannot be decoded to the end"
TRUNCATED_HINT = "copy it again from where it came from, or export it again"
NOT_AN_IMAGE = "not an image (JPEG, PNG, WebP or GIF)"
NOT_AN_IMAGE_HINT = "check that this is the file you meant; export pictures as JPEG or PNG"
# What Pillow's decoders raise on damaged data: fuzzing them finds all of these.
DAMAGED = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError,
           ZeroDivisionError, struct.error)


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A usable image: its size as displayed (EXIF orientation applied) and its format."""

    path: Path
    name: str  # how problems name the file
    format: str  # JPEG, PNG, WEBP or GIF
    width: int
    height: int
    orientation: int  # the EXIF orientation, 1 (none) to 8
    frames: int  # more than 1 for an animation; only the first frame is published
    lossless: bool  # a lossless WebP, re-encoded losslessly
    digest: str  # of the file's bytes: the cache key of everything made from it


def too_large(width: int, height: int) -> str:
    return (f"image is {width:,} x {height:,} pixels, larger than the "
            f"{MAX_SIDE:,} x {MAX_SIDE:,} limit")


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def codec_versions() -> str:
    """Name the Pillow and codec versions: a change to any may change the encoded bytes."""
    import PIL
    from PIL import features

    libs = ",".join(f"{lib}={features.version(lib)}" for lib in ("jpg", "zlib", "webp"))
    return f"pillow={PIL.__version__},{libs}"


@contextmanager
def pillow_guard() -> Iterator[None]:
    """Decode with truncated files refused and Pillow's bomb warning raised, then restore.

    Pillow's settings are process-wide: the build runs in forked processes, not threads,
    so setting them around our own calls affects no one else. Pillow's own bomb limit is
    set to ours (20,000²) so that whatever check it makes agrees with ours.
    """
    from PIL import Image, ImageFile

    truncated, pixels = ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = truncated, pixels


def open_image(data: bytes) -> Image.Image:
    """Open from bytes, reading only the header: no size limit yet, so it can be reported."""
    from PIL import Image

    pixels = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        return Image.open(io.BytesIO(data))
    finally:
        Image.MAX_IMAGE_PIXELS = pixels


def probe_key(digest: str) -> str:
    return f"probe:{codec_versions()}:{digest}"


def probed_before(path: Path, name: str, digest: str, cache: ImageCache) -> ImageInfo | None:
    """Return what a probe of the file with this digest found, from the cache, without
    reading the file; None when it was not probed before (or the record is damaged)."""
    return _from_record(cache.get_record(probe_key(digest)), path, name)


def probe(path: Path, name: str | None = None,
          cache: ImageCache | None = None) -> ImageInfo | Problem:
    """Return what the image at `path` is, or the Problem that stops it being published.

    `name` is how problems name the file (its path relative to the site, say). With a
    `cache`, an image already probed (same bytes) is not decoded again.
    """
    shown = name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Problem(shown, "image not found", hint="check the file name and its folder")
    except OSError as exc:
        return Problem(shown, f"image cannot be read: {exc.strerror or exc}",
                       hint="check that the file is readable")
    digest = digest_of(data)
    key = probe_key(digest)
    if cache is not None and (known := _from_record(cache.get_record(key), path, shown)):
        return known
    result = _probe_bytes(data, shown)
    if isinstance(result, Problem):
        return result
    info = replace(result, path=path, digest=digest)
    if cache is not None:
        cache.put_record(key, {field: getattr(info, field) for field in _RECORDED})
    return info


_RECORDED = {"format": str, "width": int, "height": int, "orientation": int, "frames": int,
             "lossless": bool, "digest": str}


def _from_record(record: dict[str, Any] | None, path: Path, shown: str) -> ImageInfo | None:
    """Rebuild a probe's result from the cache; None if the record does not fit."""
    if record is None or set(record) != set(_RECORDED) or not all(
            type(record[field]) is kind for field, kind in _RECORDED.items()):
        return None
    return ImageInfo(path, shown, **record)


def _probe_bytes(data: bytes, shown: str) -> ImageInfo | Problem:
    from PIL import Image, UnidentifiedImageError

    try:
        with pillow_guard():
            im = open_image(data)
            with im:
                return _check(im, data, shown)
    except UnidentifiedImageError:
        return Problem(shown, NOT_AN_IMAGE, hint=NOT_AN_IMAGE_HINT)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Only reached if a format's own loader finds a larger frame than its header said.
        return Problem(shown, f"image is larger than the {MAX_SIDE:,} x {MAX_SIDE:,} limit",
                       hint=TOO_LARGE_HINT)
    except DAMAGED:
        return Problem(shown, TRUNCATED, hint=TRUNCATED_HINT)


def _check(im: Image.Image, data: bytes, shown: str) -> ImageInfo | Problem:
    """Check the header's size and format, then decode the whole first frame."""
    width, height = im.size
    if width > MAX_SIDE or height > MAX_SIDE:
        return Problem(shown, too_large(width, height), hint=TOO_LARGE_HINT)
    kind = SUPPORTED.get(im.format or "")
    if kind is None:
        return Problem(shown, f"a {im.format} image, which browsers may not show",
                       hint="export it as JPEG, PNG or WebP")
    if width < 1 or height < 1:
        return Problem(shown, TRUNCATED, hint=TRUNCATED_HINT)
    if kind == "JPEG":
        # Decoding at 1/8 scale still reads every byte of the file, so truncation is
        # caught, at a fraction of the cost of a full decode.
        im.draft(None, (max(1, width // 8), max(1, height // 8)))
    im.load()
    orientation = _orientation(im)
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return ImageInfo(Path(), shown, kind, width, height, orientation,
                     getattr(im, "n_frames", 1), kind == "WEBP" and webp_is_lossless(data), "")


def _orientation(im: Image.Image) -> int:
    """Return the EXIF orientation, 1 when there is none or the EXIF block is damaged."""
    try:
        value: Any = im.getexif().get(_ORIENTATION_TAG, 1)
    except DAMAGED:
        return 1  # damaged EXIF is no reason to refuse the picture; it is not published
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def webp_is_lossless(data: bytes) -> bool:
    """Tell whether a WebP file holds a lossless (VP8L) picture, from its RIFF chunks."""
    position = 12
    while position + 8 <= len(data):
        chunk = data[position:position + 4]
        if chunk == b"VP8L":
            return True
        if chunk == b"VP8 ":
            return False
        size = int.from_bytes(data[position + 4:position + 8], "little")
        position += 8 + size + (size & 1)
    return False
