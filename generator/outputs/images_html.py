"""Give the <img> tags of an article's body their srcset, sizes, width, height and loading.

The body is read with html.parser, the standard library's HTML tokenizer, which finds
start tags where a browser would (not inside comments, scripts or attribute values) and
reads their attributes whatever their order and quoting. Each <img> tag to complete is
located in the source by the tokenizer's position and its exact text, and only that tag
is written anew from the attributes the tokenizer read: every attribute the author wrote,
in their order, double-quoted, then ours. Everything else stays byte for byte as it was.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from ..errors import Problem
from ..readers.pictures import local_image_path
from .images_plan import ImagePlan

# The article column is at most 68ch of body text: about 46rem at the largest font size.
BODY_SIZES = "(max-width: 46rem) 100vw, 46rem"

# The resolver maps an <img>'s src to the plan of its image, a Problem, or None (not ours).
Resolve = Callable[[str], "ImagePlan | Problem | None"]


__all__ = ["BODY_SIZES", "Resolve", "animated", "img_attributes", "local_image_path",
           "rewrite_body_images"]


def img_attributes(plan: ImagePlan, src: str, sizes: str = BODY_SIZES,
                   lazy: bool = True) -> dict[str, str]:
    """Return src, srcset, sizes, width, height (and loading) for an <img> of plan's image.

    `src` is the URL the author wrote; the published files are named relative to it,
    in the same folder.
    """
    path = urlsplit(src.strip()).path
    folder = path[:path.rfind("/") + 1]
    primary = plan.primary
    attributes = {
        "src": folder + quote(primary.name),
        "srcset": ", ".join(f"{folder}{quote(v.name)} {v.width}w" for v in plan.widths),
        "sizes": sizes,
        "width": str(primary.width),
        "height": str(primary.height),
    }
    if lazy:
        attributes["loading"] = "lazy"
    return attributes


def rewrite_body_images(body_html: str, resolve: Resolve, sizes: str = BODY_SIZES,
                        locate: Callable[[str], str] | None = None
                        ) -> tuple[str, list[Problem]]:
    """Return the body with its local <img> tags completed, and the problems of their images.

    Remote images, images `resolve` declines, and images with problems keep their tags
    unchanged. Attributes the author wrote are kept; only missing ones are added. The
    published files are named from the src as written, or from `locate(src)` (the URL of
    the image from the site root, say, so that the page links it root-relative).
    """
    finder = _ImgFinder()
    finder.feed(body_html)
    finder.close()
    line_starts = [0] + [m.end() for m in re.finditer("\n", body_html)]
    pieces: list[str] = []
    problems: list[Problem] = []
    done = 0
    for (line, column), tag, attrs in finder.tags:
        start = line_starts[line - 1] + column
        src = attrs.get("src")
        if body_html[start:start + len(tag)] != tag or not src or local_image_path(src) is None:
            continue
        plan = resolve(src)
        if isinstance(plan, Problem):
            problems.append(plan)
        if not isinstance(plan, ImagePlan):
            continue
        if plan.info.frames > 1:
            problems.append(animated(plan))
        url = locate(src) if locate is not None else src
        pieces += [body_html[done:start], _complete(tag, attrs, img_attributes(plan, url, sizes))]
        done = start + len(tag)
    pieces.append(body_html[done:])
    return "".join(pieces), problems


def animated(plan: ImagePlan) -> Problem:
    return Problem(plan.info.name, "animated image: only its first frame is published",
                   hint="use a still image, or link to a video", severity="warning")


def _complete(tag: str, attrs: dict[str, str | None], ours: dict[str, str]) -> str:
    """Return the <img> tag again with our src and the attributes the author did not write."""
    wanted = dict(ours)
    if "srcset" in attrs:
        # The author's own srcset goes with their own sizes and src: add none of ours.
        for name in ("src", "srcset", "sizes"):
            del wanted[name]
    if "width" in attrs or "height" in attrs:
        del wanted["width"], wanted["height"]
        wanted |= _other_side(attrs, ours)
    merged = {**attrs, **{k: v for k, v in wanted.items() if k == "src" or k not in attrs}}
    text = "".join(f" {name}" if value is None else f' {name}="{html.escape(value)}"'
                   for name, value in merged.items())
    # Keep the author's "/>" (Markdown writes <img ... />); drop nothing else.
    return f"<img{text}{' />' if tag.endswith('/>') else '>'}"


def _other_side(attrs: dict[str, str | None], ours: dict[str, str]) -> dict[str, str]:
    """Given one of width and height, return the other in the image's proportions."""
    width, height = int(ours["width"]), int(ours["height"])
    for given, other, scale in (("width", "height", height / width),
                                ("height", "width", width / height)):
        value = (attrs.get(given) or "").strip()
        if value.isascii() and value.isdigit() and other not in attrs:
            return {other: str(max(1, round(int(value) * scale)))}
    return {}


class _ImgFinder(HTMLParser):
    """Collect each <img> start tag: its position, its exact text, its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            text = self.get_starttag_text() or ""
            # The first of a repeated attribute is the one a browser uses.
            seen: dict[str, str | None] = {}
            for name, value in attrs:
                seen.setdefault(name, value)
            self.tags.append((self.getpos(), text, seen))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
