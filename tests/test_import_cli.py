"""`python -m generator import` takes WordPress exports and feeds, and the result builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from PIL import Image

from generator.build import BuildOptions, build

FIXTURES = Path(__file__).parent / "fixtures"
WXR = FIXTURES / "wordpress/export-1.2.xml"
SITE = 'title = "Courier"\nbase_url = "https://courier.test/"\ntimezone = "Europe/Paris"\n'
# The 1.2 export's posts: published (one without a title, slug 109), a draft, a pending and
# a private post, one scheduled for 2030, one in the bin (never imported); one page; three
# uploads.
POSTS = ["2024/2024-02-01-corrections-policy.md",
         "2024/2024-03-12-109.md",
         "2024/2024-03-14-ferries-return-to-the-north-quay.md",
         "2024/2024-03-18-council-approves-the-new-sea-wall.md",
         "2024/2024-03-19-election-quai-sud.md",
         "2024/2024-03-19-harbour-bins-to-be-emptied-daily.md",
         "2024/2024-04-02-fish-market-to-move-indoors.md",
         "2030/2030-07-01-tall-ships-festival-opens.md"]


def site(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "site.toml").write_text(SITE, encoding="utf-8")
    return tmp_path


def written(root: Path) -> list[str]:
    return sorted(p.relative_to(root / "content").as_posix()
                  for p in (root / "content").rglob("*") if p.is_file())


def test_a_wordpress_export_imports_builds_and_a_second_run_writes_nothing(
        tmp_path: Path) -> None:
    root = site(tmp_path)
    result = run_cli("import", WXR, cwd=root)
    assert result.returncode == 0, result.stderr
    assert written(root) == POSTS
    lines = result.stdout.splitlines()
    assert lines[0] == (f"read {WXR}: wordpress 1.2 export of The Harbourton Courier, "
                        f"{len(POSTS)} item(s)")
    assert lines[-1] == f"Imported {len(POSTS)} file(s), refused 0."
    assert ("3 attachment(s) to fetch; with a copy of the old uploads folder, import again "
            "with --media DIR to copy them beside the posts:") in lines
    assert ("  content/2024/2024-03-14-ferries-return-to-the-north-quay.md: "
            "https://courier.example.org/wp-content/uploads/2024/03/ferry.jpg") in lines
    # A draft without a GMT date is dated by its local time, in the site's timezone.
    fish = (root / "content" / POSTS[6]).read_text(encoding="utf-8")
    assert "date: 2024-04-02 16:45:00+02:00\n" in fish and "draft: true\n" in fish

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1735689600")
        assert build(root, BuildOptions(jobs=1)).errors == []
    output = root / "output"
    assert (output / "2024/03/14/ferries-return-to-the-north-quay/index.html").is_file()
    assert (output / "2024/03/19/élection-quai-sud/index.html").is_file()
    assert not list(output.glob("2024/04/02/*"))  # the draft
    assert not (output / "2030").exists()  # scheduled
    # The old permalink of the post without a title still leads to it.
    assert "2024/03/12/109/" in (output / "2024/03/12/109/index.html").read_text()

    again = run_cli("import", WXR, cwd=root)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == (
        f"Nothing written: all {len(POSTS)} file(s) are already up to date.")


def test_pages_are_imported_only_when_asked(tmp_path: Path) -> None:
    root = site(tmp_path)
    assert run_cli("import", WXR, "--pages", cwd=root).returncode == 0
    assert written(root) == sorted([*POSTS, "2022/2022-01-01-about.md"])


def test_with_the_uploads_folder_the_files_land_beside_the_post_and_next_to_its_page(
        tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    uploads = tmp_path / "uploads/2024/03"
    uploads.mkdir(parents=True)
    for name, size in (("harbour-dawn.jpg", (96, 64)), ("harbour-dawn-640x427.jpg", (64, 43)),
                       ("ferry.jpg", (80, 60))):
        Image.new("RGB", size, (30, 90, 150)).save(uploads / name, "JPEG")
    result = run_cli("import", WXR, "--media", tmp_path / "uploads", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "attachment(s) to fetch" not in result.stdout
    assert (root / "content/2024/harbour-dawn.jpg").read_bytes() == \
        (uploads / "harbour-dawn.jpg").read_bytes()
    assert build(root, BuildOptions(jobs=1)).errors == []
    page = root / "output/2024/03/14/ferries-return-to-the-north-quay"
    # Published through the images stage, at the size it has, next to the page.
    with Image.open(page / "harbour-dawn-640x427.jpg") as published:
        assert (published.format, published.size) == ("JPEG", (64, 43))
    html = (page / "index.html").read_text()
    assert 'src="/2024/03/14/ferries-return-to-the-north-quay/harbour-dawn-640x427.jpg"' in html


def test_an_rss_and_an_atom_feed_import_in_one_run_and_build(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = run_cli("import", FIXTURES / "feeds/rss.xml", FIXTURES / "feeds/atom.xml",
                     cwd=root)
    assert result.returncode == 0, result.stderr
    assert [line.split(": ")[1] for line in result.stdout.splitlines()
            if line.startswith("read ")] == ["rss 2.0 export of Lakeside Times, 2 item(s)",
                                             "atom 1.0 export of Northern Wire, 3 item(s)"]
    assert build(root, BuildOptions(jobs=1)).errors == []
    assert (root / "output/2024/03/08").is_dir()


def test_the_timezone_option_wins_and_an_unknown_one_is_an_error(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = run_cli("import", WXR, "--timezone", "America/Halifax", cwd=root)
    assert result.returncode == 0, result.stderr
    fish = (root / "content" / POSTS[6]).read_text(encoding="utf-8")
    assert "date: 2024-04-02 16:45:00-03:00\n" in fish
    bad = run_cli("import", WXR, "--timezone", "Mars/Olympus", cwd=root)
    assert bad.returncode == 1
    assert bad.stderr.splitlines()[0] == (
        "--timezone: unknown timezone 'Mars/Olympus' (use an IANA name such as 'Europe/Paris' "
        "or 'UTC')")


def test_an_export_and_wire_text_import_together(tmp_path: Path) -> None:
    root = site(tmp_path)
    wire = tmp_path / "wire.txt"
    wire.write_text("| 21 February 2024, Wednesday |\n\nDocks reopen.\n\nText.\n\n  • AFP\n",
                    encoding="utf-8")
    result = run_cli("import", WXR, wire, cwd=root)
    assert result.returncode == 0, result.stderr
    assert written(root) == sorted([*POSTS, "2024/2024-02-21-docks-reopen.md"])
