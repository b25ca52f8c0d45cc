"""The image pipeline: probe, plan, encode through the cache, and the <img> tags of a body.

Every image is made here with Pillow, in tmp_path: no binary fixtures.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import REPO
from PIL import Image, ImageCms, ImageFile, ImageOps, PngImagePlugin, TiffImagePlugin

from generator.errors import Problem
from generator.outputs import images_probe
from generator.outputs.images import (
    ImageCache,
    ImageInfo,
    ImagePlan,
    encode_variant,
    encode_variants,
    lead_image,
    local_image_path,
    plan_image,
    prepare_image,
    probe,
    remote_lead_image,
    rewrite_body_images,
)

RED, BLUE = (220, 20, 20), (20, 20, 220)
GPS_IFD, ORIENTATION, COMMENT = 0x8825, 0x0112, b"shot at the minister's house"
TRUNCATED = ("photo.jpg: truncated or damaged image: it cannot be decoded to the end "
             "(copy it again from where it came from, or export it again)")
NOT_AN_IMAGE = ("notes.jpg: not an image (JPEG, PNG, WebP or GIF) "
                "(check that this is the file you meant; export pictures as JPEG or PNG)")


def photo(width: int, height: int) -> Image.Image:
    """A picture with detail, red on its left half and blue on its right half."""
    noise = Image.effect_noise((width, height), 30).convert("RGB")
    halves = Image.new("RGB", (width, height), RED)
    halves.paste(BLUE, (width // 2, 0, width, height))
    return Image.blend(halves, noise, 0.2)


def save(im: Image.Image, path: Path, fmt: str = "JPEG", **options: object) -> Path:
    im.save(path, fmt, **options)
    return path


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "NewsCam"  # Make
    exif.get_ifd(GPS_IFD).update({
        1: "N", 2: (TiffImagePlugin.IFDRational(48), TiffImagePlugin.IFDRational(51),
                    TiffImagePlugin.IFDRational(24)),
        3: "E", 4: (TiffImagePlugin.IFDRational(2), TiffImagePlugin.IFDRational(21),
                    TiffImagePlugin.IFDRational(7))})
    return exif


def probed(path: Path) -> ImageInfo:
    info = probe(path, path.name)
    assert isinstance(info, ImageInfo), info
    return info


def encode_all(path: Path, cache: ImageCache) -> tuple[ImagePlan, dict[str, Path]]:
    prepared = prepare_image(path, path.name, cache)
    assert not isinstance(prepared, Problem), prepared
    return prepared


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its (tiny) data does not have."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


# --- probe ---------------------------------------------------------------------------------


def test_probe_gives_the_size_as_displayed_after_exif_orientation(tmp_path: Path) -> None:
    path = save(photo(300, 200), tmp_path / "photo.jpg", exif=gps_exif(orientation=6))
    info = probed(path)
    assert (info.format, info.width, info.height, info.orientation) == ("JPEG", 200, 300, 6)


def test_a_file_that_is_not_an_image_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("Council meeting moved to Thursday.\n")
    assert str(probe(path, "notes.jpg")) == NOT_AN_IMAGE


@pytest.mark.parametrize("loaded_anyway", [False, True])
def test_a_truncated_jpeg_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       loaded_anyway: bool) -> None:
    # Even if another library told Pillow to accept truncated files, we do not.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", loaded_anyway)
    whole = save(photo(300, 200), tmp_path / "whole.jpg").read_bytes()
    path = tmp_path / "photo.jpg"
    path.write_bytes(whole[:len(whole) // 2])
    assert str(probe(path, "photo.jpg")) == TRUNCATED
    assert ImageFile.LOAD_TRUNCATED_IMAGES is loaded_anyway


def test_an_image_wider_than_20000_pixels_is_refused_before_decoding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save(Image.new("L", (20_001, 2)), tmp_path / "panorama.png", "PNG")

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("decoded an image that is too large")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert str(probe(path, "panorama.png")) == (
        "panorama.png: image is 20,001 x 2 pixels, larger than the 20,000 x 20,000 limit "
        "(resize it to at most 20,000 pixels on each side)")
    monkeypatch.undo()
    assert probed(save(Image.new("L", (20_000, 1)), tmp_path / "ok.png", "PNG")).width == 20_000


def test_a_decompression_bomb_is_our_problem_not_pillows_exception(tmp_path: Path) -> None:
    # 50,000² pixels: Pillow itself would raise DecompressionBombError on opening it.
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(50_000, 50_000))
    assert str(probe(path, "bomb.png")) == (
        "bomb.png: image is 50,000 x 50,000 pixels, larger than the 20,000 x 20,000 limit "
        "(resize it to at most 20,000 pixels on each side)")
    assert Image.MAX_IMAGE_PIXELS == 89_478_485  # Pillow's own setting, restored


def test_a_missing_or_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    assert str(probe(tmp_path / "gone.jpg", "gone.jpg")) == (
        "gone.jpg: image not found (check the file name and its folder)")
    if os.geteuid() == 0:
        return  # root reads every file
    path = save(photo(30, 20), tmp_path / "locked.jpg")
    path.chmod(0)
    assert str(probe(path, "locked.jpg")) == (
        "locked.jpg: image cannot be read: Permission denied (check that the file is readable)")


def test_a_format_browsers_may_not_show_is_a_problem(tmp_path: Path) -> None:
    path = save(photo(30, 20), tmp_path / "scan.bmp", "BMP")
    assert str(probe(path, "scan.bmp")) == (
        "scan.bmp: a BMP image, which browsers may not show (export it as JPEG, PNG or WebP)")


# --- plan ----------------------------------------------------------------------------------


def fake_info(width: int, height: int, fmt: str = "JPEG", name: str = "photo.jpg") -> ImageInfo:
    return ImageInfo(Path(name), name, fmt, width, height, 1, 1, False, "0" * 32)


@pytest.mark.parametrize(("width", "expected"), [
    (3000, [320, 480, 640, 800, 1024, 1280, 1600, 2048]),
    (1000, [320, 480, 640, 800, 1000]),
    (800, [320, 480, 640, 800]),
    (120, [120]),
])
def test_widths_never_exceed_the_original(width: int, expected: list[int]) -> None:
    plan = plan_image(fake_info(width, width // 2 or 1))
    assert [v.width for v in plan.widths] == expected
    assert plan.primary.name == "photo.jpg"
    assert [v.name for v in plan.widths[:-1]] == [f"photo-{w}w.jpg" for w in expected[:-1]]


@pytest.mark.parametrize(("width", "height"), [(3000, 2000), (1000, 1500), (4000, 900),
                                               (500, 500), (15, 10)])
def test_crops_are_centred_and_exactly_16_9_4_3_and_1_1(width: int, height: int) -> None:
    plan = plan_image(fake_info(width, height))
    for ratio, crop in plan.crops:
        a, b = map(int, ratio.split(":"))
        assert crop.width * b == crop.height * a
        assert crop.name == f"photo-{crop.width}x{crop.height}.jpg"
        assert crop.box is not None
        left, top, right, bottom = crop.box
        assert (right - left) * b == (bottom - top) * a
        assert abs((left + right) - width) <= 1 and abs((top + bottom) - height) <= 1
        # 1200 wide whenever the original holds a crop that wide.
        assert crop.width == min(1200, (right - left) // a * a)
    if (width, height) == (3000, 2000):
        assert [(r, c.width, c.height) for r, c in plan.crops] == [
            ("16:9", 1200, 675), ("4:3", 1200, 900), ("1:1", 1200, 1200)]
    if (width, height) == (15, 10):
        assert [r for r, _ in plan.crops] == ["4:3", "1:1"]  # too small for one 16:9 unit


def test_og_is_1200_wide_or_more_when_the_original_allows() -> None:
    assert plan_image(fake_info(3000, 2000)).og.width == 1280
    assert plan_image(fake_info(1250, 800)).og.width == 1250
    assert plan_image(fake_info(900, 600)).og.width == 900


def test_a_gif_is_published_as_png() -> None:
    plan = plan_image(fake_info(600, 400, "GIF", "chart.gif"))
    assert [v.name for v in plan.widths] == ["chart-320w.png", "chart-480w.png", "chart.png"]
    assert {v.format for v in plan.variants} == {"PNG"}


# --- encode --------------------------------------------------------------------------------


def test_exif_orientation_is_applied_to_the_pixels(tmp_path: Path) -> None:
    path = save(photo(600, 400), tmp_path / "photo.jpg", exif=gps_exif(orientation=6))
    _, files = encode_all(path, ImageCache(tmp_path / "cache"))
    with Image.open(files["photo.jpg"]) as out:
        assert out.size == (400, 600)
        # Orientation 6: turned a quarter clockwise, the left half (red) is now on top.
        top, bottom = out.getpixel((200, 100)), out.getpixel((200, 500))
        assert isinstance(top, tuple) and isinstance(bottom, tuple)
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]
        assert ORIENTATION not in out.getexif()
    with Image.open(files["photo-320w.jpg"]) as small:
        assert small.size == (320, 480)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_each_exif_orientation_turns_the_pixels_as_pillow_does(tmp_path: Path,
                                                               orientation: int) -> None:
    # PNG in and out: lossless, so the pixels can be compared exactly.
    path = save(photo(60, 40), tmp_path / "photo.png", "PNG", exif=gps_exif(orientation))
    _, files = encode_all(path, ImageCache(tmp_path / "cache"))
    with Image.open(path) as source, Image.open(files["photo.png"]) as out:
        expected = ImageOps.exif_transpose(source)
        assert out.size == expected.size == ((40, 60) if orientation >= 5 else (60, 40))
        assert out.tobytes() == expected.convert(out.mode).tobytes()


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "photo.jpg"), ("PNG", "photo.png"),
                                           ("WEBP", "photo.webp")])
def test_gps_and_all_other_metadata_are_stripped(tmp_path: Path, fmt: str, name: str) -> None:
    xmp = b"<x:xmpmeta>Reporter</x:xmpmeta>"
    options: dict[str, object] = {"exif": gps_exif(), "xmp": xmp}
    if fmt == "JPEG":
        options["comment"] = COMMENT
    if fmt == "PNG":  # PNG keeps XMP and comments in text chunks
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        text.add_text("Comment", COMMENT.decode())
        options["pnginfo"] = text
    path = save(photo(700, 500), tmp_path / name, fmt, **options)
    if fmt == "JPEG":  # an IPTC record (APP13) right after the start of the image
        data = path.read_bytes()
        iptc = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00\x00\x00\x00\x05Byline"
        path.write_bytes(data[:2] + b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
                         + data[2:])
    source = path.read_bytes()
    assert b"NewsCam" in source and b"Reporter" in source
    _, files = encode_all(path, ImageCache(tmp_path / "cache"))
    for file in files.values():
        data = file.read_bytes()
        for secret in (b"Exif", b"eXIf", b"NewsCam", b"Reporter", b"xmpmeta", b"Photoshop",
                       b"Byline", COMMENT):
            assert secret not in data, (file.name, secret)
        with Image.open(file) as out:
            assert dict(out.getexif()) == {}
            assert not {"exif", "xmp", "comment", "photoshop"} & set(out.info)


def test_the_icc_profile_is_kept(tmp_path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = save(photo(500, 300), tmp_path / "photo.jpg", icc_profile=profile)
    _, files = encode_all(path, ImageCache(tmp_path / "cache"))
    with Image.open(files["photo-320w.jpg"]) as out:
        assert out.info["icc_profile"] == profile


def test_encoded_widths_and_crops_have_their_planned_sizes(tmp_path: Path) -> None:
    path = save(photo(2100, 1400), tmp_path / "photo.jpg")
    plan, files = encode_all(path, ImageCache(tmp_path / "cache"))
    assert set(files) == {v.name for v in plan.variants}
    for variant in plan.variants:
        with Image.open(files[variant.name]) as out:
            assert (out.format, out.size) == ("JPEG", (variant.width, variant.height))
            assert out.width <= 2100


def _palette_with_transparency() -> Image.Image:
    im = Image.new("P", (400, 300), 1)
    im.putpalette([0, 0, 0, 30, 160, 60] + [0] * 762)
    im.paste(0, (0, 0, 200, 300))
    im.info["transparency"] = 0
    return im


@pytest.mark.parametrize(("name", "source", "options", "expected"), [
    # CMYK (a print format) is converted to RGB, its CMYK profile dropped.
    ("print.jpg", Image.new("CMYK", (400, 300), (0, 255, 255, 0)), {},
     ("print.jpg", "JPEG", "RGB", (254, 0, 0))),
    ("logo.png", _palette_with_transparency(), {},
     ("logo.png", "PNG", "RGBA", (30, 160, 60, 255))),
    # 16-bit grey is scaled to 8 bits, not clipped: half grey stays half grey.
    ("scan.png", Image.new("I;16", (400, 300), 32768), {}, ("scan.png", "PNG", "L", 128)),
    ("map.webp", Image.new("RGB", (400, 300), (10, 200, 30)), {"lossless": True},
     ("map.webp", "WEBP", "RGB", (10, 200, 30))),
])
def test_the_kinds_of_images_a_newsroom_sends_are_published(
        tmp_path: Path, name: str, source: Image.Image, options: dict[str, object],
        expected: tuple[str, str, str, object]) -> None:
    path = save(source, tmp_path / name, name.rsplit(".", 1)[1].upper().replace("JPG", "JPEG"),
                **options)
    plan, files = encode_all(path, ImageCache(tmp_path / "cache"))
    with Image.open(files[plan.primary.name]) as out:
        assert (plan.primary.name, out.format, out.mode, out.getpixel((300, 150))) == expected
        assert "icc_profile" not in out.info


def test_an_animated_gif_publishes_its_first_frame_with_a_warning(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (400, 300), (80 * n, 0, 0)) for n in range(3)]
    path = tmp_path / "storm.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    plan, files = encode_all(path, ImageCache(tmp_path / "cache"))
    with Image.open(files["storm.png"]) as out:
        assert (out.format, out.getpixel((10, 10))) == ("PNG", (0, 0, 0))
    _, problems = rewrite_body_images('<img src="storm.gif" alt="">', lambda src: plan)
    assert [str(p) for p in problems] == [
        "storm.gif: warning: animated image: only its first frame is published "
        "(use a still image, or link to a video)"]


def test_the_same_image_encodes_to_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    path = save(photo(900, 600), tmp_path / "photo.jpg", exif=gps_exif(orientation=3))
    transparent = photo(300, 200).convert("RGBA")
    transparent.putalpha(128)
    graphic = save(transparent, tmp_path / "chart.png", "PNG")
    here: dict[str, bytes] = {}
    for source in (path, graphic):
        _, files = encode_all(source, ImageCache(tmp_path / "here"))
        here |= {name: file.read_bytes() for name, file in files.items()}
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from generator.outputs.images import ImageCache, prepare_image\n"
        "for source in sys.argv[2:]:\n"
        "    _, files = prepare_image(Path(source), source, ImageCache(Path(sys.argv[1])))\n"
        "    for name, file in sorted(files.items()): print(name, file)\n")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "there"), str(path),
                          str(graphic)], cwd=REPO, capture_output=True, text=True, check=True)
    there = {name: Path(file).read_bytes() for name, file in
             (line.split(" ", 1) for line in out.stdout.splitlines())}
    assert there == here
    assert len(here) == 8 + 4  # photo: 5 widths and 3 crops; chart: 1 width and 3 crops


def test_a_rebuild_with_no_changed_image_encodes_and_decodes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [save(photo(800 + 100 * n, 600), tmp_path / f"p{n}.jpg") for n in range(3)]
    first = ImageCache(tmp_path / "cache")
    made = [encode_all(source, first)[1] for source in sources]
    assert first.encoded == sum(len(files) for files in made)

    def no_decoding(*args: object) -> None:
        raise AssertionError("decoded an image that was cached")

    monkeypatch.setattr(images_probe, "_probe_bytes", no_decoding)
    monkeypatch.setattr(Image, "open", no_decoding)
    again = ImageCache(tmp_path / "cache")
    assert [encode_all(source, again)[1] for source in sources] == made
    assert (again.encoded, again.hits) == (0, sum(len(files) for files in made))


def test_a_changed_image_is_encoded_again(tmp_path: Path) -> None:
    path = save(photo(700, 500), tmp_path / "photo.jpg")
    cache = ImageCache(tmp_path / "cache")
    _, before = encode_all(path, cache)
    save(photo(700, 500).rotate(180), path)
    again = ImageCache(tmp_path / "cache")
    _, after = encode_all(path, again)
    assert again.encoded == len(after)
    assert before["photo.jpg"].read_bytes() != after["photo.jpg"].read_bytes()


def test_a_damaged_cache_entry_is_encoded_again_not_published(tmp_path: Path) -> None:
    path = save(photo(700, 500), tmp_path / "photo.jpg")
    _, files = encode_all(path, ImageCache(tmp_path / "cache"))
    good = files["photo-640w.jpg"].read_bytes()
    files["photo-640w.jpg"].write_bytes(good[:1000])  # a crash, a bad disk, a stray edit
    again = ImageCache(tmp_path / "cache")
    info = probed(path)
    variant = next(v for v in plan_image(info).widths if v.width == 640)
    result = encode_variant(info, variant, again)
    assert isinstance(result, Path) and result.read_bytes() == good
    assert again.encoded == 1


def _encode_in_child(path: str, folder: str) -> None:
    prepared = prepare_image(Path(path), path, ImageCache(Path(folder)))
    assert not isinstance(prepared, Problem)


def test_processes_encoding_the_same_image_at_once_leave_whole_entries(tmp_path: Path) -> None:
    path = save(photo(1300, 900), tmp_path / "photo.jpg")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_encode_in_child, args=(str(path), str(tmp_path / "c")))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    cache = ImageCache(tmp_path / "c")
    _, files = encode_all(path, cache)
    assert cache.encoded == 0
    assert not list((tmp_path / "c").glob("*/.tmp-*"))
    for file in files.values():
        with Image.open(file) as out:
            out.load()


def test_pruning_keeps_what_a_build_used_and_removes_the_rest(tmp_path: Path) -> None:
    old = save(photo(500, 300), tmp_path / "old.jpg")
    new = save(photo(400, 300), tmp_path / "new.jpg")
    cache = ImageCache(tmp_path / "cache")
    _, stale = encode_all(old, cache)
    _, used = encode_all(new, cache)
    leftover = tmp_path / "cache" / "00" / ".tmp-dead"
    leftover.parent.mkdir(exist_ok=True)
    leftover.write_bytes(b"half")
    os.utime(leftover, (0, 0))  # left by a process that died long ago
    assert cache.prune(used.values()) == 2 * len(stale) + 1  # each entry and its sum
    assert all(file.exists() for file in used.values())
    assert not any(file.exists() for file in stale.values()) and not leftover.exists()
    again = ImageCache(tmp_path / "cache")
    encode_all(new, again)
    assert again.encoded == 0


def test_a_file_damaged_after_probing_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = save(photo(300, 200), tmp_path / "photo.jpg")
    info = probed(path)
    path.write_bytes(b"not any more")
    result = encode_variants(info, plan_image(info).variants, ImageCache(tmp_path / "cache"))
    assert str(result) == ("photo.jpg: image changed while the site was being built "
                           "(build again)")


# --- the <img> tags of a body --------------------------------------------------------------


def body_plan(tmp_path: Path, name: str = "photo.jpg", width: int = 1000,
              height: int = 750) -> ImagePlan:
    path = save(photo(width, height), tmp_path / name,
                "GIF" if name.endswith(".gif") else "JPEG")
    return plan_image(probed(path))


SRCSET = ("photo-320w.jpg 320w, photo-480w.jpg 480w, photo-640w.jpg 640w, "
          "photo-800w.jpg 800w, photo.jpg 1000w")
ADDED = (f'srcset="{SRCSET}" sizes="(max-width: 46rem) 100vw, 46rem" width="1000" '
         'height="750" loading="lazy"')


@pytest.mark.parametrize(("src", "expected"), [
    ("photo.jpg", "photo.jpg"), ("./img/my%20photo.jpg?v=2#top", "./img/my photo.jpg"),
    ("/static/logo.png", "/static/logo.png"), ("https://agency.example/p.jpg", None),
    ("//cdn.example/p.jpg", None), ("data:image/png;base64,AA==", None), ("#x", None),
])
def test_local_image_path_tells_local_images_from_remote_ones(src: str,
                                                             expected: str | None) -> None:
    assert local_image_path(src) == expected


def test_local_images_get_srcset_sizes_width_height_and_lazy_loading(tmp_path: Path) -> None:
    plan = body_plan(tmp_path)
    body = ('<p>The flood reached the square.</p>\n'
            '<p><img alt="Water in the square" src="photo.jpg" /></p>\n'
            "<p>Remote: <img src='https://agency.example/a.jpg' alt=\"a\">"
            '<img src="//cdn.example/b.jpg" alt=b><img src="data:image/png;base64,AA==" alt="">'
            '</p>\n<!-- <img src="photo.jpg"> -->\n')
    seen: list[str] = []

    def resolve(src: str) -> ImagePlan | None:
        seen.append(src)
        return plan if src == "photo.jpg" else None

    html, problems = rewrite_body_images(body, resolve)
    assert problems == []
    assert seen == ["photo.jpg"]
    assert html == body.replace('<img alt="Water in the square" src="photo.jpg" />',
                                f'<img alt="Water in the square" src="photo.jpg" {ADDED} />')


def test_attribute_order_and_quoting_do_not_matter(tmp_path: Path) -> None:
    plan = body_plan(tmp_path)
    body = ("<p>A<IMG SRC=photo.jpg ALT='The mayor &amp; the council' title=\"a > b\">"
            "Z</p>\r\n<img\n  class=wide\n  src='images/photo.jpg'>")
    html, _ = rewrite_body_images(body, lambda src: plan)
    assert html == (
        f'<p>A<img src="photo.jpg" alt="The mayor &amp; the council" title="a &gt; b" '
        f'{ADDED}>Z</p>\r\n<img class="wide" src="images/photo.jpg" '
        + ADDED.replace("photo", "images/photo") + ">")


def test_what_the_author_wrote_is_kept(tmp_path: Path) -> None:
    plan = body_plan(tmp_path)
    body = ('<img src="photo.jpg" width="500" alt="x">'
            '<img src="photo.jpg" srcset="photo.jpg 2x" loading="eager" alt="y">')
    html, _ = rewrite_body_images(body, lambda src: plan)
    assert html == (
        f'<img src="photo.jpg" width="500" alt="x" srcset="{SRCSET}" '
        'sizes="(max-width: 46rem) 100vw, 46rem" loading="lazy" height="375">'
        '<img src="photo.jpg" srcset="photo.jpg 2x" loading="eager" alt="y" width="1000" '
        'height="750">')


def test_a_gif_is_referred_to_by_its_published_png(tmp_path: Path) -> None:
    plan = body_plan(tmp_path, "chart.gif", 400, 300)
    html, _ = rewrite_body_images('<img src="charts/chart.gif" alt="Turnout">',
                                  lambda src: plan)
    assert html == (
        '<img src="charts/chart.png" alt="Turnout" srcset="charts/chart-320w.png 320w, '
        'charts/chart.png 400w" sizes="(max-width: 46rem) 100vw, 46rem" width="400" '
        'height="300" loading="lazy">')


def test_an_image_with_a_problem_keeps_its_tag_and_reports_it(tmp_path: Path) -> None:
    problem = Problem("content/2024/photo.jpg", "image not found")
    body = '<p><img src="photo.jpg" alt="x"></p>'
    assert rewrite_body_images(body, lambda src: problem) == (body, [problem])


# --- the lead image ------------------------------------------------------------------------


def test_the_lead_image_record_has_the_crops_and_og(tmp_path: Path) -> None:
    plan = body_plan(tmp_path, width=2400, height=1600)
    lead, problems = lead_image(plan, "/2024/03/flood/", "content/flood.md", "Water rising",
                                "The square at noon.", "Ana Example / Test Times")
    assert problems == []
    assert (lead.src, lead.width, lead.height) == ("/2024/03/flood/photo.jpg", 2048, 1365)
    assert lead.srcset.endswith("/2024/03/flood/photo-1600w.jpg 1600w, "
                                "/2024/03/flood/photo.jpg 2048w")
    assert lead.sizes == "(max-width: 56rem) 100vw, 56rem"
    assert {ratio: (ref.url, ref.width, ref.height) for ratio, ref in lead.crops.items()} == {
        "16:9": ("/2024/03/flood/photo-1200x675.jpg", 1200, 675),
        "4:3": ("/2024/03/flood/photo-1200x900.jpg", 1200, 900),
        "1:1": ("/2024/03/flood/photo-1200x1200.jpg", 1200, 1200)}
    assert lead.og is not None and (lead.og.url, lead.og.width) == (
        "/2024/03/flood/photo-1280w.jpg", 1280)
    assert lead.structured == [ref.url for ref in lead.crops.values()]
    assert (lead.alt, lead.caption, lead.credit) == (
        "Water rising", "The square at noon.", "Ana Example / Test Times")


def test_a_lead_image_without_alt_is_a_warning(tmp_path: Path) -> None:
    plan = body_plan(tmp_path)
    _, problems = lead_image(plan, "/a/", "content/flood.md", None)
    assert [str(p) for p in problems] == [
        "content/flood.md: warning: the lead image has no alt text (add alt: under image: in "
        "the front matter, describing the picture for readers who cannot see it "
        '(alt: "" if it adds nothing to the story))']
    assert lead_image(plan, "/a/", "content/flood.md", "")[1] == []
    remote, problems = remote_lead_image("https://agency.example/p.jpg", "content/flood.md",
                                         None)
    assert remote.og is not None and remote.og.url == remote.src == "https://agency.example/p.jpg"
    assert [p.severity for p in problems] == ["warning"]
