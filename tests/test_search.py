"""Search: the /search/ page, the header box, and the Pagefind index built over output/."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import SITE_TOML, article_md, files_of, run_cli

from generator.build import BuildOptions, build
from generator.errors import SiteError
from generator.outputs import search, search_order, search_page

SEARCH_TOML = SITE_TOML + "\n[search]\nenabled = true\n"
ARTICLES = {
    "content/a.md": article_md("Regatta returns", "2023-08-19", "Rowing at Brannockvale.",
                               tags="[Sport, Culture]", source="Northwind News Agency"),
    "content/b.md": article_md("Budget passes", "2024-02-20", "The council voted.",
                               tags="[Economy]", source="Harbour Wire"),
    "content/c.md": article_md("Ferries go electric", "2024-03-31", "Quiet crossings.",
                               tags="[Economy, Transport]"),
}
MISSING = ("site.toml: search is enabled but the Pagefind binary is not installed "
           "(pip install 'pagefind[bin]', or set enabled = false under [search])")


def ci_requires_pagefind() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def pagefind() -> Path:
    """The real Pagefind binary: a failure under CI when it is missing, a skip locally."""
    binary = search.find_pagefind()
    if binary is None:
        reason = "the Pagefind binary is not installed (pip install 'pagefind[bin]')"
        if ci_requires_pagefind():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return binary


def html_files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.html"))}


# Pagefind's index files are gzipped "pagefind_dcd" + CBOR; enough CBOR to read them back.
def read_cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    head, at = data[at], at + 1
    major, info = head >> 5, head & 31
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise ValueError(f"unexpected CBOR item {head:#x}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at:at + argument]
        return (chunk.decode() if major == 3 else chunk), at + argument
    if major in (4, 5):
        items = []
        for _ in range(argument * (2 if major == 5 else 1)):
            item, at = read_cbor(data, at)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2], strict=True))), at
    raise ValueError(f"unexpected CBOR item {head:#x}")


def read_pagefind_file(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(b"pagefind_dcd"), path
    value, end = read_cbor(raw, len(b"pagefind_dcd"))
    assert end == len(raw), path
    return value


def filters_of(out: Path) -> dict[str, dict[str, list[int]]]:
    """{filter: {value: page numbers}} as Pagefind stored them, order aside."""
    found = {}
    for path in (out / "pagefind" / "filter").glob("*.pf_filter"):
        name, values = read_pagefind_file(path)
        found[name] = {value: pages for value, pages in values}
    return found


# --- search off: nothing of it in the site ----------------------------------------------------


def test_search_is_off_by_default_and_leaves_no_trace(make_site, monkeypatch) -> None:
    # Off means Pagefind is never looked for, let alone run.
    monkeypatch.setattr(search, "find_pagefind", lambda: pytest.fail("looked for Pagefind"))
    root = make_site(ARTICLES)
    build(root)
    out = root / "output"
    assert not (out / "search").exists()
    assert not (out / "pagefind").exists()
    for name, html in html_files(out).items():
        assert "data-pagefind" not in html, name
        assert 'role="search"' not in html, name
        assert 'name="q"' not in html, name
    assert "/search/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_search_pages_and_indexer_are_none_when_disabled(make_site) -> None:
    from datetime import UTC, datetime

    from generator.config import load_config
    from generator.errors import Problems
    from generator.site.indexes import make_site as index
    from generator.site.selection import Selection

    config = load_config(make_site({}))
    site = index(config, [], Selection(), datetime.now(UTC), Problems())
    assert search_page.search_pages(config, site) == []
    assert search.search_indexer(config) is None


# --- search on: the page, the box, the index ---------------------------------------------------


def test_enabled_search_writes_the_page_the_box_and_the_index(make_site, pagefind) -> None:
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)
    out = root / "output"

    page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="/pagefind/pagefind-ui.css">' in page
    assert '<script src="/pagefind/pagefind-ui.js"></script>' in page
    assert "triggerSearch" in page
    assert 'role="search"' not in page, "the search page repeats the header box"
    assert "<title>Search · Test Times</title>" in page

    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<form class="site-search" role="search" action="/search/" method="get">' in home
    assert '<label class="visually-hidden" for="site-search-q">Search the archive</label>' in home
    assert 'id="site-search-q" type="search" name="q"' in home

    for name in ["pagefind.js", "pagefind-entry.json", "pagefind-ui.js", "pagefind-ui.css"]:
        assert (out / "pagefind" / name).is_file(), name
    assert "https://test.example/search/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_only_articles_are_indexed_in_one_index(make_site, pagefind) -> None:
    files = {**ARTICLES, "content/d.md": article_md("Librairie", "2024-04-01",
                                                    "Une nouvelle librairie.", language="fr")}
    root = make_site(files, SEARCH_TOML)
    build(root)
    entry = json.loads((root / "output/pagefind/pagefind-entry.json").read_text("utf-8"))
    # Lists, tags and the search page are not indexed, and the French story is in the same
    # index as the rest so that the (English) search page finds it.
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == 4


def test_articles_carry_the_tag_source_and_year_filters(make_site, pagefind) -> None:
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)
    out = root / "output"
    article = (out / "2023/08/19/regatta-returns/index.html").read_text(encoding="utf-8")
    assert " data-pagefind-body>" in article
    assert 'data-pagefind-filter="tag"><bdi>Sport</bdi>' in article
    assert 'data-pagefind-filter="source"><bdi>Northwind News Agency</bdi>' in article
    assert 'data-pagefind-filter="year:2023"' in article

    filters = filters_of(out)
    counts = {name: {value: len(pages) for value, pages in values.items()}
              for name, values in filters.items()}
    assert counts == {
        "tag": {"Culture": 1, "Economy": 2, "Sport": 1, "Transport": 1},
        "source": {"Harbour Wire": 1, "Northwind News Agency": 1},
        "year": {"2023": 1, "2024": 2},
    }


def test_rebuilding_indexes_the_same_content(make_site, tmp_path: Path, monkeypatch,
                                             pagefind) -> None:
    """Two builds of one site write the same bytes, the search index included.

    Pagefind 1.5 writes each filter's values, a language's list of filters and the entry's
    languages in the order of a randomly seeded hash map (so the filter files, the pf_meta
    that names them and the entry that names the pf_meta differ from run to run); the
    build puts them in order (outputs/search_order.py). Five builds, as one pair could
    agree by chance: four filter orders of three values each.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    root = make_site(ARTICLES, SEARCH_TOML)
    outputs = [tmp_path / f"out{n}" for n in range(5)]
    for out in outputs:
        build(root, BuildOptions(output=out))
    first = files_of(outputs[0])
    assert any(n.startswith("pagefind/filter/") for n in first)
    assert any(n.startswith("pagefind/fragment/") for n in first)
    for out in outputs[1:]:
        assert files_of(out) == first
    # In order of their names, and the filters still what the pages say.
    meta = read_pagefind_file(next((outputs[0] / "pagefind").glob("*.pf_meta")))
    assert [name for name, _hash in meta[3]] == ["source", "tag", "year"]
    for path in (outputs[0] / "pagefind" / "filter").glob("*.pf_filter"):
        _name, values = read_pagefind_file(path)
        assert [value for value, _pages in values] == sorted(value for value, _ in values)
    tags = filters_of(outputs[0])["tag"]
    assert {value: len(pages) for value, pages in tags.items()} == {
        "Culture": 1, "Economy": 2, "Sport": 1, "Transport": 1}
    # The regatta is Sport and Culture; the ferries Economy and Transport.
    assert tags["Sport"] == tags["Culture"] and set(tags["Transport"]) < set(tags["Economy"])


def test_an_index_in_another_format_is_left_as_pagefind_wrote_it(make_site, tmp_path: Path,
                                                                  pagefind) -> None:
    """A filter file this version does not know (a later Pagefind's) stops the reordering
    before anything is written: the index stays whole, as Pagefind made it."""
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)
    index = root / "output" / "pagefind"
    some = next((index / "filter").glob("*.pf_filter"))
    some.write_bytes(gzip.compress(b"pagefind_dcd" + b"\xff\x00 not CBOR"))
    before = files_of(index)
    assert search_order.steady_order(index) is False
    assert files_of(index) == before


def indexed_text(out: Path) -> str:
    """The text of every page in the index (Pagefind's fragments: "pagefind_dcd" + JSON)."""
    texts = []
    for path in sorted((out / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        texts.append(json.loads(raw[len(b"pagefind_dcd"):])["content"])
    return "\n".join(texts)


def test_a_deleted_index_is_made_again_by_the_next_build(make_site, pagefind) -> None:
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)
    made = files_of(root / "output/pagefind")
    shutil.rmtree(root / "output/pagefind")
    again = build(root)
    assert not again.up_to_date and again.rendered == 0
    # The same pages and words (the filters' file names vary from run to run, see below).
    assert {n for n in files_of(root / "output/pagefind") if not n.startswith("filter/")
            and not n.endswith((".pf_meta", "entry.json"))} == {
        n for n in made if not n.startswith("filter/")
        and not n.endswith((".pf_meta", "entry.json"))}
    assert "Brannockvale" in indexed_text(root / "output")


def test_search_later_publishes_the_pages_first_then_the_index_catches_up(
        make_site, pagefind) -> None:
    """As `serve` builds: the edited page at once, its words in the index when asked."""
    root = make_site(ARTICLES, SEARCH_TOML)
    later = BuildOptions(search_later=True)
    first = build(root, later)
    assert first.search_later is not None and not (root / "output/pagefind").exists()
    assert first.search_later(lambda: False)
    assert "Brannockvale" in indexed_text(root / "output")
    assert build(root, later).up_to_date  # the index is as current as the pages

    (root / "content/c.md").write_text(article_md(
        "Ferries go electric", "2024-03-31", "Quiet crossings past Skellingholm."))
    edit = build(root, later)
    assert edit.search_later is not None and edit.rendered > 0
    page = root / "output/2024/03/31/ferries-go-electric/index.html"
    assert "Skellingholm" in page.read_text(encoding="utf-8")
    assert "Skellingholm" not in indexed_text(root / "output")  # not yet
    assert not edit.search_later(lambda: True)  # a change came first: nothing is replaced
    assert "Skellingholm" not in indexed_text(root / "output")
    assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == []

    # Stopped before the index caught up: a plain build makes it though nothing else changed.
    plain = build(root)
    assert plain.rendered == 0 and not plain.up_to_date
    assert "Skellingholm" in indexed_text(root / "output")
    assert build(root).up_to_date


# --- Pagefind missing or failing: a clear error, and output/ as it was ---------------------------


def test_missing_pagefind_is_a_clear_error_before_anything_is_built(make_site,
                                                                     monkeypatch) -> None:
    root = make_site(ARTICLES)
    build(root)
    before = files_of(root / "output")
    (root / "site.toml").write_text(SEARCH_TOML, encoding="utf-8")
    monkeypatch.setattr(search, "find_pagefind", lambda: None)
    monkeypatch.setattr("generator.build.list_sources",
                        lambda *args: pytest.fail("read the content before checking Pagefind"))
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [MISSING]
    assert files_of(root / "output") == before


def test_missing_pagefind_on_the_command_line(make_site, tmp_path: Path) -> None:
    root = make_site(ARTICLES, SEARCH_TOML)
    # Point the lookup at nothing, and leave no `pagefind` on PATH.
    result = run_cli("build", "--site", root, env={
        "PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind"),
        "PATH": str(tmp_path / "empty-path")})
    assert result.returncode == 1, result.stderr
    assert MISSING in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "output").exists()


def failing_pagefind(folder: Path) -> Path:
    """A stand-in that fails the way Pagefind 1.5 does: its error twice, on stderr."""
    script = folder / "pagefind"
    script.write_text("#!/bin/sh\necho 'Indexing...'\n"
                      "echo 'Error: no bundle could be written' >&2\n"
                      "echo 'Error: no bundle could be written' >&2\nexit 3\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_a_failing_pagefind_run_is_an_error_and_the_old_output_stays(
        make_site, tmp_path: Path, monkeypatch) -> None:
    root = make_site(ARTICLES)
    build(root)
    before = files_of(root / "output")
    (root / "site.toml").write_text(SEARCH_TOML, encoding="utf-8")
    script = failing_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        f"{script}: Pagefind failed (exit 3): Error: no bundle could be written "
        "(or set enabled = false under [search] in site.toml to build without search)"]
    assert files_of(root / "output") == before
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "output", "site.toml"]


def test_find_pagefind_uses_the_package_then_path(tmp_path: Path, monkeypatch) -> None:
    script = failing_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    assert search.find_pagefind() == script
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    assert search.find_pagefind() is None
    script.chmod(0o644)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    assert search.find_pagefind() is None, "a file that cannot run is no binary"
