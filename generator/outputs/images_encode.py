"""Encode the variants of an image: oriented, resized, stripped of metadata, byte-identical.

What is published keeps only pixels and the ICC colour profile. EXIF (GPS position,
camera serial numbers, the time taken), XMP, IPTC and comments are dropped: Pillow writes
only what it is given, and the image's info (where it keeps a JPEG comment, say) is
emptied before saving. The ICC profile is kept rather than converted to sRGB: without it
an Adobe RGB or Display P3 photo shows dull in every browser, with it every current
browser shows the right colours, and converting would cost time and lose the wider
gamut. CMYK images are the exception: a print format, which browsers show with colours
that differ from one to the next, so they are converted to sRGB (through their profile
when they have one) and published without a profile.

Same source, same variant, same Pillow and codecs: same bytes. JPEG and WebP encoders are
deterministic for fixed settings, PNG's zlib too, and none of these writes a timestamp.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from .images_cache import ImageCache, key_of
from .images_plan import Variant
from .images_probe import (
    DAMAGED,
    TRUNCATED,
    TRUNCATED_HINT,
    ImageInfo,
    codec_versions,
    digest_of,
    open_image,
    pillow_guard,
)

if TYPE_CHECKING:  # Pillow is imported when an image is encoded (see images_probe)
    from PIL import Image


@cache
def _upright() -> dict[int, Image.Transpose]:
    """EXIF orientation -> the transposition that shows the picture upright (as
    exif_transpose does)."""
    from PIL import Image

    turn = Image.Transpose
    return {2: turn.FLIP_LEFT_RIGHT, 3: turn.ROTATE_180, 4: turn.FLIP_TOP_BOTTOM,
            5: turn.TRANSPOSE, 6: turn.ROTATE_270, 7: turn.TRANSVERSE, 8: turn.ROTATE_90}

# Raise when a change to this module changes the bytes it writes: every entry is re-made.
ENCODER = "1"
# 82 is where JPEG artefacts stop being visible in photos while files stay small.
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"}
WEBP_OPTIONS = {"quality": 80, "method": 4}
PNG_OPTIONS = {"compress_level": 6}
# Resize in two steps (a box reduction to within 3x of the target, then Lanczos): Pillow's
# documented trade, indistinguishable from Lanczos alone and several times faster.
REDUCING_GAP = 3.0


def encoder_version() -> str:
    return f"images-{ENCODER}:{codec_versions()}"


def variant_key(info: ImageInfo, variant: Variant) -> str:
    """Return the cache key of a variant: source bytes, variant parameters, encoder version."""
    lossless = ":lossless" if info.lossless else ""
    return key_of(encoder_version(), info.digest, variant.params + lossless)


def suffix_of(variant: Variant) -> str:
    return {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[variant.format]


def encode_variant(source: ImageInfo, variant: Variant, cache: ImageCache) -> Path | Problem:
    """Return the cached file of one variant of source, encoding it if it is not cached."""
    result = encode_variants(source, [variant], cache)
    return result if isinstance(result, Problem) else result[variant.name]


def encode_variants(source: ImageInfo, variants: Sequence[Variant],
                    cache: ImageCache) -> dict[str, Path] | Problem:
    """Return {variant name: cached file} for variants of source, decoding it at most once."""
    found: dict[str, Path] = {}
    missing: list[tuple[Variant, str]] = []
    for variant in variants:
        key = variant_key(source, variant)
        path = cache.get(key, suffix_of(variant))
        if path is None:
            missing.append((variant, key))
        else:
            found[variant.name] = path
    if not missing:
        return found
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return Problem(source.name, f"image cannot be read: {exc.strerror or exc}",
                       hint="check that the file is readable")
    if digest_of(data) != source.digest:
        return Problem(source.name, "image changed while the site was being built",
                       hint="build again")
    from PIL import Image

    try:
        with pillow_guard():
            picture = _decode(data, source.orientation)
            made: dict[str, Image.Image] = {}
            for variant, key in missing:
                found[variant.name] = cache.put(
                    key, suffix_of(variant), _encode(picture, variant, source.lossless, made))
    except (*DAMAGED, Image.DecompressionBombError, Image.DecompressionBombWarning):
        # probe() decoded this file already; this is a file damaged since, or a codec failing.
        return Problem(source.name, TRUNCATED, hint=TRUNCATED_HINT)
    return found


def _decode(data: bytes, orientation: int) -> Image.Image:
    """Decode the first frame, turned upright, in a mode the encoders and resizing accept."""
    with open_image(data) as im:
        im.load()
        icc = im.info.get("icc_profile")
        # The orientation probe() read, turned as ImageOps.exif_transpose would: one reading
        # of the EXIF for the size in the plan and for the pixels.
        method = _upright().get(orientation)
        upright = im.transpose(method) if method is not None else im.copy()
    if upright.mode == "CMYK":
        upright = _cmyk_to_srgb(upright, icc)
        icc = None
    elif upright.mode in ("I;16", "I;16B", "I;16L", "I"):
        # Pillow's direct conversion clips 16-bit values at 255; scale them instead.
        upright = upright.convert("I").point(lambda v: v / 256).convert("L")
    elif upright.mode == "1":
        upright = upright.convert("L")
    elif upright.mode not in ("L", "LA", "RGB", "RGBA"):
        upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    # Only the profile is kept of the source's info; _encode passes it to the encoder.
    upright.info = {"icc_profile": icc} if icc else {}
    return upright


def _cmyk_to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    from PIL import ImageCms

    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"),
                                                  outputMode="RGB")
        except ImageCms.PyCMSError:
            pass  # a broken profile: fall back to the plain conversion below
        else:
            if converted is not None:
                return converted
    return im.convert("RGB")


def _render(picture: Image.Image, variant: Variant,
            made: dict[str, Image.Image]) -> Image.Image:
    """Return the variant's pixels, resized from its parent's (made once, kept in `made`)."""
    if variant.pixels in made:
        return made[variant.pixels]
    source = picture if variant.parent is None else _render(picture, variant.parent, made)
    # The box is in the original's pixels; the parent is a whole-image reduction of it.
    sx, sy = source.width / picture.width, source.height / picture.height
    left, top, right, bottom = variant.box or (0, 0, picture.width, picture.height)
    box = (left * sx, top * sy, right * sx, bottom * sy)
    if (variant.width, variant.height) == source.size and box == (0, 0, *source.size):
        out = source
    else:
        from PIL import Image

        out = source.resize((variant.width, variant.height), Image.Resampling.LANCZOS,
                            box=box, reducing_gap=REDUCING_GAP)
    made[variant.pixels] = out
    return out


def _encode(picture: Image.Image, variant: Variant, lossless: bool,
            made: dict[str, Image.Image]) -> bytes:
    """Return the variant's encoded bytes, metadata-free."""
    out = _render(picture, variant, made)
    icc = picture.info.get("icc_profile")
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if variant.format == "JPEG":
        if out.mode not in ("L", "RGB"):
            # A JPEG has no alpha: flatten onto white, as a page background would show it.
            out = _flatten(out)
        options |= JPEG_OPTIONS
    elif variant.format == "WEBP":
        options |= {"lossless": True} if lossless else WEBP_OPTIONS
    else:
        options |= PNG_OPTIONS
    # Nothing of the source's info may reach the encoder, only the options given here.
    out = out.copy() if out is picture else out
    out.info = {}
    buffer = io.BytesIO()
    out.save(buffer, variant.format, **options)
    return buffer.getvalue()


def _flatten(im: Image.Image) -> Image.Image:
    from PIL import Image

    rgba = im.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")
