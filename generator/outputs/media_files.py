"""The image files of a build: each distinct file probed, planned and encoded once.

A file whose signature (inode, size, modification time) is the one recorded in
.cache/images/sources.json, and whose variants are all in the cache, is neither read nor
decoded: a rebuild that changed no image encodes none. The others are prepared on every
core (parallel.map_chunks). media.py decides which files a build wants; this module
prepares them and makes the pages that publish their variants.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import quote

from ..digests import stat_signature
from ..errors import Problem, Problems
from ..model import BodyReader, Page
from ..parallel import map_chunks
from .images_cache import ImageCache
from .images_encode import encode_variant, encode_variants, suffix_of, variant_key
from .images_plan import ImagePlan, Variant, plan_image
from .images_probe import ImageInfo, probe, probed_before
from .media_places import Placed

IMAGES_DIR = "images"
INDEX = "sources.json"  # file -> (signature, digest of its bytes), as listing does for text
RACY_NS = 2_000_000_000  # a file changed this close to the build may change again unseen


@dataclass(frozen=True, slots=True)
class Prepared:
    """One image file ready to publish: its plan, and the size of each variant's file (the
    widths, and the crops when it is a lead image somewhere)."""

    plan: ImagePlan
    sizes: dict[str, int]

    @property
    def variants(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.plan.variants if v.name in self.sizes)


def chosen(plan: ImagePlan, crops: bool) -> tuple[Variant, ...]:
    """The variants to publish: the crops only for a lead image (JSON-LD wants them)."""
    return plan.variants if crops else plan.widths


class Stage:
    """One build's image files: prepares them and publishes their variants."""

    def __init__(self, cache_dir: Path, problems: Problems) -> None:
        self.cache = ImageCache(cache_dir / IMAGES_DIR)
        self.problems = problems
        self.index_file = self.cache.folder / INDEX
        self.index = _load_index(self.index_file)
        self.started = time.time_ns()
        self.wanted: dict[Path, tuple[str, bool]] = {}
        self.ready: dict[Path, Prepared | Problem] = {}

    def want(self, placed: Placed, crops: bool) -> None:
        """Prepare this file (with the crops of a lead image, if `crops`)."""
        name, before = self.wanted.get(placed.file, (placed.name, False))
        self.wanted[placed.file] = (name, before or crops)

    def prepare(self, jobs: int) -> None:
        """Probe, plan and encode every wanted file; the known ones from the cache alone."""
        todo = []
        for file, (name, crops) in sorted(self.wanted.items()):
            known = self._known(file, name, crops)
            if known is None:
                todo.append((file, name, crops))
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

    def _known(self, file: Path, name: str, crops: bool) -> Prepared | None:
        signature = stat_signature(file)
        record = self.index.get(str(file))
        if signature is None or record is None or tuple(record[:3]) != signature:
            return None
        info = probed_before(file, name, str(record[3]), self.cache)
        if info is None:
            return None
        plan = plan_image(info)
        sizes = {}
        for variant in chosen(plan, crops):
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
        """Keep the signatures of the files this build uses (others are forgotten)."""
        wanted = {str(file) for file in self.wanted}
        self.index = {key: value for key, value in self.index.items() if key in wanted}
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
                for v in p.variants]

    def files(self, placed: Placed, prepared: Prepared) -> list[Page]:
        """The pages that publish an image's variants in the placement's folder."""
        info = prepared.plan.info
        return [Page(placed.folder_url + quote(v.name), placed.output / v.name, "",
                     {"image": variant_key(info, v)}, placed.name, sitemap=False,
                     produce=partial(_variant_bytes, self.cache, info, v))
                for v in prepared.variants]


def _prepare_chunk(cache: ImageCache, items: Sequence[tuple[Path, str, bool]]
                   ) -> list[tuple[Path, Prepared | Problem]]:
    done: list[tuple[Path, Prepared | Problem]] = []
    for file, name, crops in items:
        info = probe(file, name, cache)
        if isinstance(info, Problem):
            done.append((file, info))
            continue
        plan = plan_image(info)
        made = encode_variants(info, chosen(plan, crops), cache)
        if isinstance(made, Problem):
            done.append((file, made))
            continue
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
