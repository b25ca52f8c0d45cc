"""Images: probe, plan, encode (cached) and reference the pictures articles publish.

A build calls, per image file an article uses (its lead image and the local images of
its body), once per distinct file:

    cache = ImageCache(site_root / ".cache" / "images")
    prepared = prepare_image(path, name, cache)   # -> (plan, {file name: cached file})
                                                  #    or a Problem naming the file

then copies each cached file to the output folder of the image, under its file name
(never the source file itself: it carries the EXIF and GPS data that are stripped here),
and, per article page:

    body, problems = rewrite_body_images(body_html, resolve)   # resolve(src) -> plan
    lead, problems = lead_image(plan, folder_url, article_path, alt, caption, credit)

The modules: images_probe (ImageInfo, probe), images_plan (Variant, ImagePlan,
plan_image), images_cache (ImageCache), images_encode (encode_variant(s)), images_html
(rewrite_body_images, img_attributes), images_lead (LeadImage, lead_image).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .images_cache import ImageCache
from .images_encode import encode_variant, encode_variants
from .images_html import BODY_SIZES, img_attributes, local_image_path, rewrite_body_images
from .images_lead import ImageRef, LeadImage, lead_image, remote_lead_image
from .images_plan import LADDER, ImagePlan, Variant, plan_image
from .images_probe import MAX_SIDE, ImageInfo, probe

__all__ = [
    "BODY_SIZES", "LADDER", "MAX_SIDE", "ImageCache", "ImageInfo", "ImagePlan", "ImageRef",
    "LeadImage", "Variant", "encode_variant", "encode_variants", "img_attributes",
    "lead_image", "local_image_path", "plan_image", "prepare_image", "probe",
    "remote_lead_image", "rewrite_body_images",
]


def prepare_image(path: Path, name: str, cache: ImageCache,
                  widths: tuple[int, ...] = LADDER) -> tuple[ImagePlan, dict[str, Path]] | Problem:
    """Probe, plan and encode one image; return its plan and {published name: cached file}.

    `name` names the file in problems (its path in the site, say). An image whose bytes
    were seen before is neither decoded nor encoded again.
    """
    info = probe(path, name, cache)
    if isinstance(info, Problem):
        return info
    plan = plan_image(info, widths)
    files = encode_variants(info, plan.variants, cache)
    return files if isinstance(files, Problem) else (plan, files)
