"""The images stage: every picture the pages show, probed, planned and encoded once.

It runs after the index (articles have their URLs) and before the pages are planned: the
lead images of the published stories, the local images of their bodies and the authors'
portraits from authors.toml. Each distinct file is probed and encoded in its widths and
crops (images.py) on every core, into the cache in .cache/images/. A file whose
signature (inode, size, time) is the one recorded last time, and whose variants are all
in the cache, is neither read nor decoded: a rebuild that changed no image encodes none.

What it gives the rest of the build (model.Media): the records the templates and feeds
show (LeadImage, Enclosure), each body's image plans (for render.views.Reads, which
completes the body's <img> tags as it loads the body), and one page per published file,
whose bytes are read from the cache when the file is to be written. media_places.py says
where a file is and where its variants go.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..config import Config
from ..digests import digest_parts
from ..errors import Problem, Problems
from ..model import Article, Body, Media, Page, Site
from ..readers.refs import rewrite_urls
from .images_html import rewrite_body_images
from .images_lead import LeadImage, lead_image, remote_lead_image
from .images_plan import ImagePlan
from .media_files import IMAGES_DIR, Prepared, Stage
from .media_places import Placed, Places, is_pipeline_image, is_remote
from .tool_links import follow_tool_links

__all__ = ["IMAGES_DIR", "Enclosure", "prepare_media", "rewrite_body"]

MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PORTRAIT_SIZES = "8rem"


@dataclass(frozen=True, slots=True)
class Enclosure:
    """The picture a feed entry carries: the og:image file, its type, bytes and size."""

    url: str  # root-relative, or absolute for a remote image
    type: str  # '' when unknown (a remote image with an unusual name)
    length: int  # 0 when unknown
    width: int | None = None
    height: int | None = None


def prepare_media(config: Config, site: Site, problems: Problems, jobs: int,
                  cache_dir: Path, others: Iterable[Path] = ()) -> tuple[Media, list[Path]]:
    """Prepare the site's images; return the Media and the cache entries used (to prune).

    `others` are the files of content/ that are no article: the pictures of a page bundle
    (an index.md in a folder of its own) are published next to its page with the rest of
    the bundle, through this stage, so that what is published carries no EXIF or GPS.
    """
    finder = Places(config)
    stage = Stage(cache_dir, problems)
    leads: dict[str, Placed | Problem | None] = {}
    bodies: dict[str, dict[str, Placed | Problem | None]] = {}
    portraits: dict[str, Placed | Problem | None] = {}
    for path, pictures in bundle_pictures(config, site, others).items():
        bodies[path] = dict(pictures)
    for article in site.articles:
        if article.image is not None and not is_remote(article.image.src):
            # A lead image that is not there leaves the story without one, with a warning:
            # an archive moved in from elsewhere still builds (its theme's 'image:' keys
            # often name files the move did not bring).
            leads[article.url] = finder.place(article.image.src, article.path, article.url,
                                              missing="warning")
        if article.images:
            lines = dict(article.refs)
            bodies.setdefault(article.path, {}).update({
                src: _at(finder.place(src, article.path, article.url, missing="warning"),
                         lines.get(src))
                for src in article.images})
    for key, profile in site.profiles.items():
        if profile.image and not is_remote(profile.image) and key in site.author_by_key:
            portraits[key] = finder.place(profile.image, "authors.toml", "/")
    for crops, placements in ((True, leads), (False, portraits)):
        for placed in placements.values():
            # Any file but an SVG (used as it is): the probe says what is wrong with it.
            if isinstance(placed, Placed) and placed.file.suffix.lower() != ".svg":
                stage.want(placed, crops)
    for places in bodies.values():
        for placed in places.values():
            if isinstance(placed, Placed) and is_pipeline_image(placed.file):
                stage.want(placed, crops=False)
    stage.prepare(jobs)
    # Every image file the stage took, published or refused: none is 'left out' unsaid.
    taken = frozenset(placed.file for places in (leads, portraits, *bodies.values())
                      for placed in places.values() if isinstance(placed, Placed))
    media = assemble(site, stage, leads, bodies, portraits)
    links = follow_tool_links(config, site, problems)
    digests = {**media.digests, **{
        path: digest_parts(media.digests.get(path, b""),
                           *(f"{link}\0{url}".encode() for link, url in sorted(found.items())))
        for path, found in links.items()}}
    return dataclasses.replace(media, sources=taken, links=links,
                               digests=digests), stage.used()


def _at(placed: Placed | Problem | None, line: int | None) -> Placed | Problem | None:
    """A problem with a body's image, on the line of the body that shows it."""
    if isinstance(placed, Problem) and line is not None:
        return dataclasses.replace(placed, line=line)
    return placed


def bundle_pictures(config: Config, site: Site, others: Iterable[Path]
                    ) -> dict[str, list[tuple[str, Placed | Problem | None]]]:
    """The pictures in the folder of each page bundle, by the bundle article's path, each
    placed next to its page at its path in the folder ('photos/a.jpg' as a body links
    it)."""
    content = config.path("content_dir")
    bundles: dict[Path, Article] = {}
    for article in site.articles:
        # The name alone first: a Path for every article costs more than the rest of this.
        if posixpath.basename(article.path).partition(".")[0] != "index":
            continue
        source = config.root / article.path
        if source.stem == "index" and source.parent != content:
            bundles[source.parent] = article
    found: dict[str, list[tuple[str, Placed | Problem | None]]] = {}
    if not bundles:
        return found
    for file in others:
        if not is_pipeline_image(file):
            continue
        owner = next((folder for folder in file.parents if folder in bundles), None)
        if owner is None:
            continue
        article = bundles[owner]
        relative = file.relative_to(owner).as_posix()
        below = posixpath.dirname(relative)
        placed = Placed(file, file.relative_to(config.root).as_posix(),
                        article.url + (below + "/" if below else ""))
        found.setdefault(article.path, []).append((relative, placed))
    return found


def assemble(site: Site, stage: Stage, leads: dict[str, Placed | Problem | None],
             bodies: dict[str, dict[str, Placed | Problem | None]],
             portraits: dict[str, Placed | Problem | None]) -> Media:
    """The records of the prepared images, and the pages that publish them."""
    problems = stage.problems
    files: dict[tuple[Path, str], list[Page]] = {}

    def publish(placed: Placed | Problem | None) -> Prepared | None:
        if isinstance(placed, Problem):
            problems.extend([placed])
        prepared = stage.result(placed)
        if prepared is not None and isinstance(placed, Placed):
            key = (placed.file, placed.folder)
            if key not in files:
                files[key] = stage.files(placed, prepared)
        return prepared

    lead_images: dict[str, LeadImage] = {}
    enclosures: dict[str, Enclosure] = {}
    for article in site.articles:
        spec = article.image
        if spec is None:
            continue
        placed = leads.get(article.url)
        if isinstance(placed, Placed) and placed.file.suffix.lower() == ".svg":
            url = placed.folder_url + quote(placed.file.name)
            record, found = remote_lead_image(url, article.path, spec.alt, spec.caption,
                                              spec.credit)
        elif placed is None:  # a URL: used as it is
            record, found = remote_lead_image(spec.src, article.path, spec.alt, spec.caption,
                                              spec.credit)
        else:
            prepared = publish(placed)
            if prepared is None or not isinstance(placed, Placed):
                continue
            record, found = lead_image(prepared.plan, placed.folder_url, article.path,
                                       spec.alt, spec.caption, spec.credit)
            og = prepared.plan.og
            enclosures[article.url] = Enclosure(
                placed.folder_url + quote(og.name), MIME[og.format],
                prepared.sizes[og.name], og.width, og.height)
        problems.extend(found)
        lead_images[article.url] = record
        if article.url not in enclosures:
            enclosures[article.url] = Enclosure(record.src, _guess_type(record.src), 0)
    plans: dict[str, dict[str, tuple[ImagePlan, str]]] = {}
    digests: dict[str, bytes] = {}
    for path, places in bodies.items():
        chosen = {}
        for src, placed in places.items():
            if isinstance(placed, Placed) and not is_pipeline_image(placed.file):
                continue  # not ours to publish: a page bundle copies it as it is
            prepared = publish(placed)
            if prepared is not None and isinstance(placed, Placed):
                # Linked from the site root, as every link of a page is.
                chosen[src] = (prepared.plan, placed.folder_url + quote(placed.file.name))
        plans[path] = chosen
        digests[path] = digest_parts(*(f"{src}\0{url}\0{_shape(plan)}".encode()
                                       for src, (plan, url) in sorted(chosen.items())))
    faces: dict[str, LeadImage] = {}
    for key, placed in portraits.items():
        prepared = publish(placed)
        if prepared is not None and isinstance(placed, Placed):
            face, _ = lead_image(prepared.plan, placed.folder_url, "authors.toml",
                                 site.profiles[key].name)
            faces[key] = dataclasses.replace(face, sizes=PORTRAIT_SIZES)
    return Media(lead_images, faces, enclosures, plans, digests,
                 tuple(page for pages in files.values() for page in pages))


def rewrite_body(media: Media, article: Article, body: Body) -> Body:
    """The body with its local <img> tags completed (srcset, sizes, width, height, lazy),
    and other tools' links to the site's pages leading there (tool_links.py)."""
    plans, links = media.body.get(article.path), media.links.get(article.path)
    if not plans and not links:
        return body
    html = body.html
    if plans:
        # The stage reported the problems of these images already.
        html, _ = rewrite_body_images(html, lambda src: plans[src][0] if src in plans
                                      else None, locate=lambda src: plans[src][1])
    if links:
        html = rewrite_urls(html, links.get)
    return Body(html, body.text)


def _shape(plan: ImagePlan) -> str:
    return ";".join(f"{v.name}:{v.width}x{v.height}" for v in plan.widths)


def _guess_type(url: str) -> str:
    suffix = PurePosixPath(url.split("?")[0]).suffix.lower()
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
            ".webp": "image/webp", ".gif": "image/gif", ".svg": "image/svg+xml",
            ".avif": "image/avif"}.get(suffix, "")


