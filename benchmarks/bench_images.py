"""Time the image pipeline: a cold build of N photos, then a rebuild with every image cached.

    python benchmarks/bench_images.py [--photos 100] [--width 3000] [--height 2000]

The photos are made with Pillow (detail and noise, so that they compress like photos,
with EXIF and GPS to strip) before the clock starts. Each build probes, plans and encodes
every photo through prepare_image, in one process, as a build's worker would. Prints the
time of each build, the time per photo, and the files and bytes written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageChops, ImageFilter

from generator.errors import Problem
from generator.outputs.images import ImageCache, prepare_image


def make_photos(folder: Path, count: int, width: int, height: int) -> list[Path]:
    """Write count distinct photo-like JPEGs with EXIF orientation and GPS tags."""
    base = Image.effect_mandelbrot((width, height), (-2.0, -1.0, 1.0, 1.0), 100)
    soft = base.filter(ImageFilter.GaussianBlur(3))
    gradient = Image.linear_gradient("L").resize((width, height))
    paths = []
    for n in range(count):
        noise = Image.effect_noise((width, height), 20 + n % 20)
        picture = Image.merge("RGB", (base, ImageChops.add(soft, noise, 2), gradient))
        exif = Image.Exif()
        exif[0x0112] = 6 if n % 4 == 0 else 1
        exif.get_ifd(0x8825).update({1: "N", 3: "E"})
        path = folder / f"photo-{n:03}.jpg"
        picture.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths


def build(paths: list[Path], cache: ImageCache) -> tuple[float, int, int]:
    """Prepare every photo; return the seconds taken, files and bytes."""
    start = time.perf_counter()
    files = 0
    size = 0
    for path in paths:
        prepared = prepare_image(path, path.name, cache)
        if isinstance(prepared, Problem):
            raise SystemExit(str(prepared))
        files += len(prepared[1])
        size += sum(file.stat().st_size for file in prepared[1].values())
    return time.perf_counter() - start, files, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--width", type=int, default=3000)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        (root / "content").mkdir()
        paths = make_photos(root / "content", args.photos, args.width, args.height)
        source_bytes = sum(path.stat().st_size for path in paths)
        print(f"{args.photos} photos of {args.width}x{args.height}, "
              f"{source_bytes / 1e6:.1f} MB of JPEG")
        for label in ("cold build", "rebuild, all cached"):
            cache = ImageCache(root / ".cache" / "images")
            seconds, files, size = build(paths, cache)
            print(f"{label:20} {seconds:7.2f} s  {1000 * seconds / len(paths):7.1f} ms/photo  "
                  f"encoded {cache.encoded:5}  cached {cache.hits:5}  "
                  f"{files} files, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
