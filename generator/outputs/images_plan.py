"""Plan what to publish of an image: responsive widths, centred crops, their file names.

The file of the largest width keeps the source's own name (photo.jpg), so that its URL is
the one the author wrote and the one earlier builds published; smaller widths are named
photo-640w.jpg and crops photo-1200x675.jpg, next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from .images_probe import ImageInfo

# Widths that cover phones to wide screens at 1x and 2x without too many files.
LADDER = (320, 480, 640, 800, 1024, 1280, 1600, 2048)
# Google's NewsArticle guidance: the image in 16:9, 4:3 and 1:1, at least 1200 px wide.
CROP_RATIOS = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200
OG_MIN_WIDTH = 1200
# A variant is resized from a larger variant when that is at least this many times its
# width, not from the (largest) original: measured on a 3000 px photo, Lanczos from twice
# the size differs from Lanczos from the original by PSNR 55 dB or more (nothing visible)
# and the ladder costs 40% less. The parent is part of a variant's cache key.
PYRAMID_GAP = 2.0
# What each source format is published as: a GIF's first frame as PNG, because
# re-quantising resized pixels to 256 colours loses more than PNG's size costs.
OUTPUT_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
SUFFIXES = {"JPEG": (".jpg", ".jpeg", ".jpe"), "PNG": (".png",), "WEBP": (".webp",)}


@dataclass(frozen=True, slots=True)
class Variant:
    """One file to publish: its name, pixel size, format, and crop of the oriented source."""

    name: str
    width: int
    height: int
    format: str  # JPEG, PNG or WEBP
    box: tuple[int, int, int, int] | None = None  # (left, top, right, bottom); None: all
    # The larger variant whose pixels this one is resized from; None: the original's.
    parent: Variant | None = None

    @property
    def pixels(self) -> str:
        """Say how this variant's pixels are made: size, crop box and what they come from."""
        parent = self.parent.pixels if self.parent else "original"
        return f"{self.width}x{self.height}:{self.box}<{parent}"

    @property
    def params(self) -> str:
        """Say what decides this variant's bytes (its name does not)."""
        return f"{self.format}:{self.pixels}"


@dataclass(frozen=True, slots=True)
class ImagePlan:
    """The variants to publish of one image, with the roles they play."""

    info: ImageInfo
    widths: tuple[Variant, ...]  # narrowest first; the last is the primary (the src)
    crops: tuple[tuple[str, Variant], ...]  # ("16:9", variant), ...; too small a source: fewer
    og: Variant  # for og:image: 1200 px wide or more when the original allows

    @property
    def primary(self) -> Variant:
        return self.widths[-1]

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Every file to encode and publish, each once."""
        return self.widths + tuple(variant for _, variant in self.crops)


def plan_image(info: ImageInfo, widths: tuple[int, ...] = LADDER,
               name: str | None = None) -> ImagePlan:
    """Plan the widths (never wider than the original) and crops to publish for an image.

    `name` is the published file name of the image (default: the source's own).
    """
    fmt = OUTPUT_FORMAT[info.format]
    stem, suffix = _name_parts(name or info.path.name, fmt)
    largest = min(info.width, max(widths))
    made: list[Variant] = []  # widest first, so each can be a parent of the narrower
    for w in [largest, *sorted({w for w in widths if w < largest}, reverse=True)]:
        name = f"{stem}{suffix}" if w == largest else f"{stem}-{w}w{suffix}"
        made.append(Variant(name, w, _height(info, w), fmt, None, _parent(made, info, w, None)))
    ladder = tuple(reversed(made))
    crops = tuple((f"{a}:{b}", crop) for a, b in CROP_RATIOS
                  if (crop := _crop(info, a, b, stem, suffix, fmt, made)) is not None)
    og = next((v for v in ladder if v.width >= OG_MIN_WIDTH), ladder[-1])
    return ImagePlan(info, ladder, crops, og)


def _height(info: ImageInfo, width: int) -> int:
    return max(1, round(width * info.height / info.width))


def _parent(made: list[Variant], info: ImageInfo, width: int,
            box: tuple[int, int, int, int] | None) -> Variant | None:
    """Return the narrowest whole-image variant at least PYRAMID_GAP times the output."""
    span = (box[2] - box[0]) if box else info.width
    fits = [v for v in made if v.box is None and span * v.width / info.width
            >= PYRAMID_GAP * width]
    return min(fits, key=lambda v: v.width, default=None)


def _crop(info: ImageInfo, a: int, b: int, stem: str, suffix: str, fmt: str,
          made: list[Variant]) -> Variant | None:
    """Return the centred a:b crop, exactly a:b, at most CROP_WIDTH wide; None if too small."""
    # The largest a:b box that fits, in whole multiples of a and b so its ratio is exact.
    units = min(info.width // a, info.height // b)
    if units < 1:
        return None
    box_w, box_h = a * units, b * units
    left, top = (info.width - box_w) // 2, (info.height - box_h) // 2
    # Scaled down to CROP_WIDTH, again in whole units: 1200 is a multiple of 16, 4 and 1.
    out = min(units, CROP_WIDTH // a)
    width, height = a * out, b * out
    box = (left, top, left + box_w, top + box_h)
    return Variant(f"{stem}-{width}x{height}{suffix}", width, height, fmt, box,
                   _parent(made, info, width, box))


def _name_parts(name: str, fmt: str) -> tuple[str, str]:
    """Split a file name into stem and the suffix to publish it with."""
    path = PurePosixPath(name)
    if path.suffix.lower() in SUFFIXES[fmt]:
        return path.stem, path.suffix
    return path.stem, SUFFIXES[fmt][0]
