"""The lead image of an article as data for the templates: figure, og:image, JSON-LD crops.

The <figure>, the meta tags and the JSON-LD are written by templates; this module gives
them one record with every URL and size they need. URLs are site paths (starting with
the folder URL the caller gives, "/2024/03/story/" say), ready to be made absolute by
joining them to base_url for og:image and JSON-LD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from ..errors import Problem
from .images_html import animated, img_attributes
from .images_plan import ImagePlan, Variant

# The lead image spans the article column and, on wide screens, a little more.
LEAD_SIZES = "(max-width: 56rem) 100vw, 56rem"
NO_ALT = "the lead image has no alt text"
NO_ALT_HINT = ("add alt: under image: in the front matter, describing the picture for "
               "readers who cannot see it (alt: \"\" if it adds nothing to the story)")


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One published file: its URL and, when known, its size in pixels."""

    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class LeadImage:
    """What the templates need to show a lead image and describe it to search and social."""

    src: str
    alt: str
    caption: str = ""
    credit: str = ""
    srcset: str = ""  # empty for a remote image, which is used as it is
    sizes: str = ""
    width: int | None = None
    height: int | None = None
    # "16:9", "4:3", "1:1" -> the crop, for JSON-LD image; fewer if the original is tiny.
    crops: dict[str, ImageRef] = field(default_factory=dict)
    og: ImageRef | None = None  # for og:image and twitter:image

    @property
    def structured(self) -> list[str]:
        """Return the URLs for JSON-LD image: the crops, or the image itself."""
        return [ref.url for ref in self.crops.values()] or [self.src]


def lead_image(plan: ImagePlan, folder_url: str, where: str, alt: str | None,
               caption: str = "", credit: str = "") -> tuple[LeadImage, list[Problem]]:
    """Return the record of a local lead image and its warnings (no alt; animated).

    `folder_url` is the URL of the folder the variants are published in, ending in "/";
    `where` names the article for the warning about alt (alt=None: not given; "" is a
    deliberate empty alt and no warning).
    """
    attributes = img_attributes(plan, folder_url + quote(plan.primary.name), LEAD_SIZES,
                                lazy=False)
    record = LeadImage(
        src=attributes["src"], alt=alt or "", caption=caption, credit=credit,
        srcset=attributes["srcset"], sizes=attributes["sizes"],
        width=plan.primary.width, height=plan.primary.height,
        crops={ratio: _ref(folder_url, crop) for ratio, crop in plan.crops},
        og=_ref(folder_url, plan.og))
    problems = [] if alt is not None else [
        Problem(where, NO_ALT, hint=NO_ALT_HINT, severity="warning")]
    if plan.info.frames > 1:
        problems.append(animated(plan))
    return record, problems


def remote_lead_image(url: str, where: str, alt: str | None, caption: str = "",
                      credit: str = "") -> tuple[LeadImage, list[Problem]]:
    """Return the record of a lead image given as an absolute URL: used as it is."""
    problems = [] if alt is not None else [
        Problem(where, NO_ALT, hint=NO_ALT_HINT, severity="warning")]
    return LeadImage(src=url, alt=alt or "", caption=caption, credit=credit,
                     og=ImageRef(url)), problems


def _ref(folder_url: str, variant: Variant) -> ImageRef:
    return ImageRef(folder_url + quote(variant.name), variant.width, variant.height)
