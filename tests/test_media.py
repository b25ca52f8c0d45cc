"""Images in built sites: the lead image and the body's pictures, published as variants,
shown with srcset and sizes, described to search engines, social cards and feeds."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import article_md, files_of, jpeg_bytes
from PIL import Image
from test_images import gps_exif, png_claiming

from generator.build import BuildOptions, build
from generator.errors import SiteError
from generator.outputs import media_files

BASE = "https://test.example"
URL = "/2024/03/14/tram-opens/"
LEAD = ("---\ntitle: Tram opens\ndate: 2024-03-14T09:30:00+01:00\nimage:\n  src: tram.jpg\n"
        "  alt: The first tram at the harbour stop\n  caption: Passengers board at 6:02.\n"
        "  credit: Photo by Ines Calder\n---\n\nThe tram ran.\n\n![The depot](depot.png)\n\n"
        "![Logo](/images/logo.jpg)\n")
ATOM = "{http://www.w3.org/2005/Atom}"


def png_bytes(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def files() -> dict[str, str | bytes]:
    return {"content/tram.md": LEAD,
            "content/tram.jpg": jpeg_bytes(1600, 900, exif=gps_exif()),
            "content/depot.png": png_bytes(700, 400),
            "static/images/logo.jpg": jpeg_bytes(500, 300, exif=gps_exif())}


@pytest.fixture
def site(make_site, files) -> Path:
    root = make_site(files)
    build(root)
    return root / "output"


def page(site: Path, url: str = URL) -> str:
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def test_the_lead_image_is_a_figure_with_caption_and_credit(site: Path) -> None:
    figure = re.search(r'<figure class="lead-figure">.*?</figure>', page(site), re.S)
    assert figure is not None
    img = figure.group(0)
    assert f'src="{URL}tram.jpg"' in img and 'width="1600" height="900"' in img
    assert f'srcset="{URL}tram-320w.jpg 320w, ' in img and f"{URL}tram.jpg 1600w" in img
    assert 'sizes="(max-width: 56rem) 100vw, 56rem"' in img
    assert 'alt="The first tram at the harbour stop"' in img and "loading=" not in img
    assert ('<span class="lead-figure__text">Passengers board at 6:02.</span> '
            '<span class="lead-figure__credit">Photo by Ines Calder</span>') in img


def test_the_lead_image_is_og_image_and_a_large_twitter_card(site: Path) -> None:
    html = page(site)
    assert f'<meta property="og:image" content="{BASE}{URL}tram-1280w.jpg">' in html
    assert '<meta property="og:image:width" content="1280">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="robots" content="max-image-preview:large">' in html


def test_json_ld_image_is_the_three_crops(site: Path) -> None:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page(site), re.S)
    assert found is not None
    assert json.loads(found.group(1))["image"] == [
        f"{BASE}{URL}tram-1200x675.jpg", f"{BASE}{URL}tram-1200x900.jpg",
        f"{BASE}{URL}tram-900x900.jpg"]
    for name, size in (("tram-1200x675.jpg", (1200, 675)), ("tram-1200x900.jpg", (1200, 900)),
                       ("tram-900x900.jpg", (900, 900))):
        with Image.open(site / URL.strip("/") / name) as im:
            assert im.size == size


def test_feeds_carry_the_lead_image(site: Path) -> None:
    og = site / URL.strip("/") / "tram-1280w.jpg"
    href = f"{BASE}{URL}tram-1280w.jpg"
    entry = ET.parse(site / "feed.xml").getroot().find(f"{ATOM}entry")
    assert entry is not None
    links = [link.attrib for link in entry.findall(f"{ATOM}link") if link.get("rel") ==
             "enclosure"]
    assert links == [{"rel": "enclosure", "type": "image/jpeg",
                      "length": str(og.stat().st_size), "href": href}]
    rss = feedparser.parse((site / "rss.xml").read_bytes())
    assert not rss.bozo
    item = rss.entries[0]
    assert item.enclosures == [{"href": href, "length": str(og.stat().st_size),
                                "type": "image/jpeg"}]
    assert item.media_content[0]["url"] == href
    assert (item.media_content[0]["width"], item.media_content[0]["height"]) == ("1280", "720")
    assert json.loads((site / "feed.json").read_text())["items"][0]["image"] == href


def test_body_images_get_srcset_width_height_and_lazy_loading(site: Path) -> None:
    html = page(site)
    assert (f'<img src="{URL}depot.png" alt="The depot" srcset="{URL}depot-320w.png 320w, '
            f'{URL}depot-480w.png 480w, {URL}depot-640w.png 640w, {URL}depot.png 700w" '
            'sizes="(max-width: 46rem) 100vw, 46rem" width="700" height="400" '
            'loading="lazy">') in html
    assert ('<img src="/images/logo.jpg" alt="Logo" srcset="/images/logo-320w.jpg 320w, '
            '/images/logo-480w.jpg 480w, /images/logo.jpg 500w"') in html


def test_feeds_make_the_body_images_urls_absolute(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes(), sanitize_html=False,
                            resolve_relative_uris=False)
    content = feed.entries[0].content[0].value
    assert (f'src="{BASE}{URL}depot.png" alt="The depot" srcset="{BASE}{URL}depot-320w.png '
            '320w, ') in content
    assert f'src="{BASE}/images/logo.jpg"' in content


def test_no_source_file_and_no_metadata_is_published(site: Path, files) -> None:
    for relative in ("images/logo.jpg", f"{URL.strip('/')}/tram.jpg"):
        data = (site / relative).read_bytes()
        assert data not in (files["static/images/logo.jpg"], files["content/tram.jpg"])
        with Image.open(site / relative) as im:
            assert not im.getexif() and "exif" not in im.info, relative
    # Only widths for a body image; crops are for lead images.
    assert sorted(p.name for p in (site / "images").iterdir()) == [
        "logo-320w.jpg", "logo-480w.jpg", "logo.jpg"]


def test_a_rebuild_with_no_changed_image_reads_and_encodes_none(
        make_site, files, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(files)
    for path in root.rglob("*"):  # written long enough ago for a rebuild to trust its time
        os.utime(path, (1_700_000_000, 1_700_000_000))
    build(root)
    clean = files_of(root / "output")

    def no_work(*args: object) -> None:
        raise AssertionError("an unchanged image was probed or encoded again")

    monkeypatch.setattr(media_files, "probe", no_work)
    monkeypatch.setattr(media_files, "encode_variants", no_work)
    (root / "content/tram.md").write_text(LEAD.replace("The tram ran.", "The tram ran late."))
    again = build(root)
    assert [str(p) for p in again.changed if p.suffix != ".html"] == [
        "feed.json", "feed.xml", "rss.xml"]
    assert {k: v for k, v in files_of(root / "output").items() if not k.endswith(
        (".html", ".xml", ".json"))} == {k: v for k, v in clean.items() if not k.endswith(
        (".html", ".xml", ".json"))}


def test_a_replaced_image_is_published_again(make_site, files) -> None:
    root = make_site(files)
    build(root)
    (root / "content/depot.png").write_bytes(png_bytes(900, 300))
    again = build(root)
    changed = {str(p) for p in again.changed}
    assert {f"{URL.strip('/')}/depot.png", f"{URL.strip('/')}/index.html", "feed.xml",
            f"{URL.strip('/')}/depot-800w.png"} <= changed
    assert 'width="900" height="300"' in page(root / "output")


def test_a_remote_lead_image_is_used_as_it_is(make_site) -> None:
    root = make_site({"content/a.md": article_md(
        "A", "2024-01-01", image='"https://images.example/photo.jpg?w=2000"')})
    result = build(root)
    html = (root / "output/2024/01/01/a/index.html").read_text()
    assert '<img class="lead-figure__image" src="https://images.example/photo.jpg?w=2000" ' \
           'alt="" fetchpriority="high">' in html
    assert '<meta property="og:image" content="https://images.example/photo.jpg?w=2000">' in html
    assert [str(p) for p in result.warnings] == [
        "content/a.md: warning: the lead image has no alt text (add alt: under image: in the "
        "front matter, describing the picture for readers who cannot see it (alt: \"\" if it "
        "adds nothing to the story))"]


@pytest.mark.parametrize(("data", "message"), [
    (png_claiming(20_001, 100), "content/big.jpg: image is 20,001 x 100 pixels, larger than "
     "the 20,000 x 20,000 limit (resize it to at most 20,000 pixels on each side)"),
    (b"Just some notes, no picture at all.\n", "content/big.jpg: not an image (JPEG, PNG, "
     "WebP or GIF) (check that this is the file you meant; export pictures as JPEG or PNG)"),
    (jpeg_bytes(400, 300)[:2000], "content/big.jpg: truncated or damaged image: it cannot be "
     "decoded to the end (copy it again from where it came from, or export it again)"),
], ids=["huge", "not an image", "truncated"])
def test_a_bad_lead_image_is_an_error_naming_the_file(make_site, data: bytes,
                                                      message: str) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01", image="big.jpg"),
                      "content/big.jpg": data})
    (root / "output").mkdir()
    with pytest.raises(SiteError) as caught:
        build(root, BuildOptions(jobs=1))
    assert [str(p) for p in caught.value.problems] == [message]
    assert not any((root / "output").iterdir())


def test_a_missing_lead_or_body_image_is_a_warning_and_the_story_publishes(make_site) -> None:
    root = make_site({"content/news/a.md": article_md("A", "2024-01-01", "![x](gone.png)",
                                                      image="lost.jpg")})
    result = build(root)
    assert sorted(str(p) for p in result.warnings) == [
        "content/news/a.md: warning: image 'lost.jpg' not found (looked for "
        "content/news/lost.jpg) (check the file name and its folder)",
        "content/news/a.md:7: warning: image 'gone.png' not found (looked for "
        "content/news/gone.png) (check the file name and its folder)"]
    page = (root / "output/2024/01/01/a/index.html").read_text(encoding="utf-8")
    assert "<figure" not in page and 'property="og:image"' not in page


def test_an_image_outside_the_articles_folder_is_refused(make_site) -> None:
    root = make_site({"content/news/a.md": article_md("A", "2024-01-01", image="../x.jpg"),
                      "content/x.jpg": jpeg_bytes(100, 100)})
    with pytest.raises(SiteError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems] == [
        "content: warning: 1 file(s) are not articles and were left out: 1 .jpg (articles "
        "are .markdown, .md, .mdown, .mkd, .txt files, "
        "and .json or .xml agency items (IPTC ninjs, NewsML-G2, NITF); "
        "a file beside an article is copied "
        "next to its page when the article is index.md or links it)",
        "content/news/a.md: image '../x.jpg' is outside the article's folder (put the picture "
        "beside the article, or under static/ and write its path from the site root "
        "(/images/...))"]


@pytest.mark.parametrize(("image", "message"), [
    ("[a.jpg]", "content/a.md:4: 'image' must be a path, a URL or a mapping, not ['a.jpg'] "
     '(for example image: {src: photo.jpg, alt: "...", credit: "..."})'),
    ("{alt: A harbour}", "content/a.md:4: 'image' has no src "
     '(for example image: {src: photo.jpg, alt: "...", credit: "..."})'),
    ("data:image/png;base64,AAAA", "content/a.md:4: image 'data:image/png;base64,AAAA' is "
     "neither a path nor an http(s) URL (name a file beside the article, a path under "
     "static/ starting with '/', or an http(s) URL)"),
], ids=["a list", "no src", "a data URL"])
def test_a_lead_image_key_that_names_no_image_is_an_error(make_site, image: str,
                                                        message: str) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01", image=image)})
    with pytest.raises(SiteError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems] == [message]


def test_an_unknown_key_under_image_is_a_warning_with_a_hint(make_site) -> None:
    root = make_site({"content/a.md": article_md(
        "A", "2024-01-01", image='{src: "https://i.example/a.jpg", alt: "", credits: "AP"}')})
    assert [str(p) for p in build(root).warnings] == [
        "content/a.md:4: warning: unknown key 'credits' under 'image' is ignored "
        "(did you mean 'credit'?)"]


def test_a_lead_image_from_the_site_root_is_taken_from_static(make_site) -> None:
    root = make_site({
        "content/tram.md": article_md("Tram opens", "2024-03-14", "The tram ran.",
                                      image="/images/tram.jpg"),
        "static/images/tram.jpg": jpeg_bytes(1600, 900, exif=gps_exif())})
    build(root)
    html = page(root / "output")
    figure = re.search(r'<figure class="lead-figure">.*?</figure>', html, re.S)
    assert figure is not None and 'src="/images/tram.jpg"' in figure.group(0)
    assert 'srcset="/images/tram-320w.jpg 320w' in figure.group(0)
    published = Image.open(root / "output/images/tram.jpg")
    assert published.size == (1600, 900) and not published.getexif()
