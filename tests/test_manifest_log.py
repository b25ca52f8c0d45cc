"""The manifest's log: a build that changed little appends its changes instead of writing
the record of every output file again, and what is loaded is what was saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article_md, files_of

from generator.build import BuildMemory, BuildOptions, build
from generator.digests import stat_signature
from generator.incremental import manifest as manifest_module
from generator.incremental.manifest import Manifest, load_manifest, log_file, manifest_file
from generator.incremental.parse_cache import CACHE_DIR

TOML = """title = "Log Times"
base_url = "https://log.example/"
timezone = "UTC"
per_page = 2
"""


@pytest.fixture
def site(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    return make_site({f"content/story-{n}.md": article_md(
        f"Story {n}", f"2024-0{1 + n % 3}-{10 + n}", f"Paragraph of story {n}.",
        tags=f"[{['Port', 'Rail'][n % 2]}]") for n in range(6)}, TOML)


def edit(root: Path, number: int) -> None:
    """Give story 1 a new paragraph: its page changes, and the lists that count its words."""
    path = root / "content/story-1.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nEdit number {number}.\n",
                    encoding="utf-8")


def saved_after_build(root: Path) -> Manifest:
    """Build `root`; return the manifest the build published, as it held it."""
    memory = BuildMemory()
    build(root, memory=memory)
    assert memory.manifest is not None
    return memory.manifest


def loaded(root: Path) -> Manifest | None:
    return load_manifest(root / CACHE_DIR, (root / "output").resolve())


def paths(root: Path) -> tuple[Path, Path]:
    output = (root / "output").resolve()
    return manifest_file(root / CACHE_DIR, output), log_file(root / CACHE_DIR, output)


def test_an_edit_appends_its_changes_and_the_manifest_loads_as_it_was_saved(
        site: Path, tmp_path: Path) -> None:
    build(site)
    whole, log = paths(site)
    written = stat_signature(whole)
    for number in range(4):
        if number < 3:
            edit(site, number)
        else:  # an article removed: its page, its entries and its body are gone
            (site / "content/story-5.md").unlink()
        saved = saved_after_build(site)
        # The file of every entry was not written again; the log grew.
        assert stat_signature(whole) == written and log.exists()
        again = loaded(site)
        assert again is not None and again == saved
        assert again.files == saved.files and again.disk == saved.disk
        assert again.batches == saved.batches and again.readable == saved.readable
    # The next build finds the output folder as the log says it is.
    assert build(site).up_to_date
    clean = tmp_path / "clean"
    build(site, BuildOptions(output=clean, incremental=False))
    assert files_of(site / "output") == files_of(clean)


@pytest.mark.parametrize("damage", ["cut short", "a bit flipped"])
def test_a_damaged_log_is_applied_up_to_the_damage_and_the_next_save_is_whole(
        site: Path, tmp_path: Path, damage: str) -> None:
    build(site)
    whole, log = paths(site)
    edit(site, 1)
    first = saved_after_build(site)
    edit(site, 2)
    second = saved_after_build(site)
    data = bytearray(log.read_bytes())
    if damage == "cut short":  # the second record, as a crash leaves it
        del data[-5:]
    else:  # a bit of the digest of story 1's page in the second record
        page = next(path for path in second.files if "story-1" in path)
        at = data.rfind(second.files[page].digest)
        assert at > len(data) // 2
        data[at] ^= 1
    log.write_bytes(bytes(data))
    assert loaded(site) == first
    written = stat_signature(whole)
    result = build(site)  # finds the pages of the second edit on disk, unrecorded
    assert not result.up_to_date
    assert stat_signature(whole) != written and not log.exists()
    clean = tmp_path / "clean"
    build(site, BuildOptions(output=clean, incremental=False))
    assert files_of(site / "output") == files_of(clean)
    assert build(site).up_to_date


def test_a_log_left_beside_another_manifest_file_is_not_applied(site: Path) -> None:
    build(site)
    _, log = paths(site)
    edit(site, 1)
    saved_after_build(site)
    kept = log.read_bytes()
    edit(site, 2)
    # A build that makes everything writes the file whole, with a new token.
    memory = BuildMemory()
    build(site, BuildOptions(incremental=False), memory=memory)
    assert not log.exists()
    log.write_bytes(kept)  # as if a crash came between writing the file and removing it
    assert loaded(site) == memory.manifest
    edit(site, 3)
    saved = saved_after_build(site)  # not appended to the other file's log
    assert not log.exists() and loaded(site) == saved
    edit(site, 4)
    saved = saved_after_build(site)
    assert log.exists() and loaded(site) == saved


def test_the_log_is_folded_into_the_file_once_it_grows_past_its_share(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest_module, "LOG_FLOOR", 0)
    monkeypatch.setattr(manifest_module, "LOG_SHARE", 4)  # a quarter of the file
    build(site)
    whole, log = paths(site)
    written = stat_signature(whole)
    logged = []
    for number in range(40):
        edit(site, number)
        saved = saved_after_build(site)
        assert loaded(site) == saved
        if stat_signature(whole) != written:
            break
        logged.append(log.stat().st_size)
        assert logged[-1] <= whole.stat().st_size // 4
    else:
        pytest.fail("the log was never folded into the file")
    assert len(logged) >= 2 and logged == sorted(logged)
    assert not log.exists()
    edit(site, 100)
    saved = saved_after_build(site)
    assert log.exists() and loaded(site) == saved
