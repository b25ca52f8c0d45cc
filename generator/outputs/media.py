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
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..config import Config
from ..digests import digest_parts, stat_signature
from ..errors import Problem, Problems
from ..model import Article, Body, BodyReader, Media, Page, Site
from ..parallel import map_chunks
from .images import prepare_image
from .images_cache import ImageCache
from .images_encode import encode_variant, suffix_of, variant_key
from .images_html import rewrite_body_images
from .images_lead import LeadImage, lead_image, remote_lead_image
from .images_plan import ImagePlan, Variant, plan_image
from .images_probe import ImageInfo, probed_before
from .media_places import Placed, Places, is_pipeline_image, is_remote

IMAGES_DIR = "images"
INDEX = "sources.json"  # file -> (signature, digest of its bytes), as listing does for text
RACY_NS = 2_000_000_000  # a file changed this close to the build may change again unseen
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


@dataclass(frozen=True, slots=True)
class Prepared:
    """One image file ready to publish: its plan and the size of each variant's file."""

    plan: ImagePlan
    sizes: dict[str, int]


class Stage:
    """One build's images: finds, prepares and publishes them."""

    def __init__(self, config: Config, cache_dir: Path, problems: Problems) -> None:
        self.places = Places(config)
        self.cache = ImageCache(cache_dir / IMAGES_DIR)
        self.problems = problems
        self.index_file = self.cache.folder / INDEX
        self.index = _load_index(self.index_file)
        self.started = time.time_ns()
        self.wanted: dict[Path, str] = {}
        self.ready: dict[Path, Prepared | Problem] = {}

    def want(self, placed: Placed) -> None:
        self.wanted.setdefault(placed.file, placed.name)

    def prepare(self, jobs: int) -> None:
        """Probe, plan and encode every wanted file; the known ones from the cache alone."""
        todo = []
        for file, name in sorted(self.wanted.items()):
            known = self._known(file, name)
            if known is None:
                todo.append((file, name))
            else:
                self.ready[file] = known
        for chunk in map_chunks(partial(_prepare_chunk, self.cache), todo, jobs, min_items=2):
            for file, result in chunk:
                self.ready[file] = result
                if isinstance(result, Prepared):
                    self._remember(file, result.plan.info)
                else:
                    self.problems.extend([result])
        self._save_index()

    def _known(self, file: Path, name: str) -> Prepared | None:
        signature = stat_signature(file)
        record = self.index.get(str(file))
        if signature is None or record is None or tuple(record[:3]) != signature:
            return None
        info = probed_before(file, name, str(record[3]), self.cache)
        if info is None:
            return None
        plan = plan_image(info)
        sizes = {}
        for variant in plan.variants:
            size = self.cache.has(variant_key(info, variant), suffix_of(variant))
            if size is None:
                return None
            sizes[variant.name] = size
        return Prepared(plan, sizes)

    def _remember(self, file: Path, info: ImageInfo) -> None:
        signature = stat_signature(file)
        if signature is not None and signature[2] < self.started - RACY_NS:
            self.index[str(file)] = [*signature, info.digest]

    def _save_index(self) -> None:
        data = json.dumps(self.index, sort_keys=True).encode()
        try:
            if self.index_file.read_bytes() == data:
                return
        except OSError:
            pass
        self.index_file.parent.mkdir(parents=True, exist_ok=True)
        self.index_file.write_bytes(data)

    def result(self, placed: Placed | Problem | None) -> Prepared | None:
        """The prepared image of a placement, reporting its problem once."""
        if placed is None or isinstance(placed, Problem):
            return None
        found = self.ready.get(placed.file)
        return found if isinstance(found, Prepared) else None

    def used(self) -> list[Path]:
        """The cache entries of every variant this build publishes (for pruning)."""
        return [self.cache.entry(variant_key(p.plan.info, v), suffix_of(v))
                for p in self.ready.values() if isinstance(p, Prepared)
                for v in p.plan.variants]

    def files(self, placed: Placed, prepared: Prepared) -> list[Page]:
        """The pages that publish an image's variants in the placement's folder."""
        info = prepared.plan.info
        return [Page(placed.folder_url + quote(v.name), placed.output / v.name, "",
                     {"image": variant_key(info, v)}, placed.name, sitemap=False,
                     produce=partial(_variant_bytes, self.cache, info, v))
                for v in prepared.plan.variants]


def prepare_media(config: Config, site: Site, problems: Problems, jobs: int,
                  cache_dir: Path) -> tuple[Media, list[Path]]:
    """Prepare the site's images; return the Media and the cache entries used (to prune)."""
    stage = Stage(config, cache_dir, problems)
    leads: dict[str, Placed | Problem | None] = {}
    bodies: dict[str, dict[str, Placed | Problem | None]] = {}
    portraits: dict[str, Placed | Problem | None] = {}
    for article in site.articles:
        if article.image is not None and not is_remote(article.image.src):
            leads[article.url] = stage.places.place(article.image.src, article.path,
                                                    article.url)
        if article.images:
            bodies[article.path] = {
                src: stage.places.place(src, article.path, article.url, missing="warning")
                for src in article.images}
    for key, profile in site.profiles.items():
        if profile.image and not is_remote(profile.image) and key in site.author_by_key:
            portraits[key] = stage.places.place(profile.image, "authors.toml", "/")
    for placed in (*leads.values(), *portraits.values(),
                   *(p for places in bodies.values() for p in places.values())):
        if isinstance(placed, Placed) and is_pipeline_image(placed.file):
            stage.want(placed)
        elif isinstance(placed, Placed) and placed.file.suffix.lower() != ".svg":
            stage.want(placed)  # for a lead image or portrait: the probe says what it is
    stage.prepare(jobs)
    return assemble(site, stage, leads, bodies, portraits), stage.used()


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
    plans: dict[str, dict[str, ImagePlan]] = {}
    digests: dict[str, bytes] = {}
    for path, places in bodies.items():
        chosen = {}
        for src, placed in places.items():
            if isinstance(placed, Placed) and not is_pipeline_image(placed.file):
                continue  # not ours to publish: a page bundle copies it as it is
            prepared = publish(placed)
            if prepared is not None:
                chosen[src] = prepared.plan
        plans[path] = chosen
        digests[path] = digest_parts(*(f"{src}\0{_shape(plan)}".encode()
                                       for src, plan in sorted(chosen.items())))
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
    """The body with its local <img> tags completed (srcset, sizes, width, height, lazy)."""
    plans = media.body.get(article.path)
    if not plans:
        return body
    html, _ = rewrite_body_images(body.html, plans.get)  # problems were reported by the stage
    return Body(html, body.text)


def _shape(plan: ImagePlan) -> str:
    return ";".join(f"{v.name}:{v.width}x{v.height}" for v in plan.widths)


def _guess_type(url: str) -> str:
    suffix = PurePosixPath(url.split("?")[0]).suffix.lower()
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
            ".webp": "image/webp", ".gif": "image/gif", ".svg": "image/svg+xml",
            ".avif": "image/avif"}.get(suffix, "")


def _prepare_chunk(cache: ImageCache, items: Sequence[tuple[Path, str]]
                   ) -> list[tuple[Path, Prepared | Problem]]:
    done: list[tuple[Path, Prepared | Problem]] = []
    for file, name in items:
        result = prepare_image(file, name, cache)
        if isinstance(result, Problem):
            done.append((file, result))
            continue
        plan, made = result
        done.append((file, Prepared(plan, {n: path.stat().st_size for n, path in made.items()})))
    return done


def _variant_bytes(cache: ImageCache, info: ImageInfo, variant: Variant,
                   reads: BodyReader) -> bytes:
    """The bytes of a variant's file, from the cache (made again if the entry is gone)."""
    data = cache.read(variant_key(info, variant), suffix_of(variant))
    if data is None:
        made = encode_variant(info, variant, cache)
        if isinstance(made, Problem):
            raise OSError(str(made))
        data = made.read_bytes()
    return data


def _load_index(path: Path) -> dict[str, list[int | str]]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
