"""Pagefind reads a view of the pages it indexes (outputs/search_view.py): hard links to
the pages marked data-pagefind-body, at their paths, removed once it is done."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import article_md, files_of
from test_search import (  # noqa: F401
    ARTICLES,
    SEARCH_TOML,
    failing_pagefind,
    indexed_text,
    pagefind,
)

from generator.build import BuildOptions, build
from generator.errors import SiteError
from generator.outputs import search_view
from generator.outputs.search import not_pages
from generator.outputs.search_view import indexed_view

MARKED = '<html><body><main data-pagefind-body>{}</main></body></html>'
PLAIN = "<html><body><p>{}</p></body></html>"


def write_site(root: Path, marked: int, plain: int) -> Path:
    site = root / "site"
    for n in range(marked):
        page = site / "2024" / f"story-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(MARKED.format(f"story {n}"))
    for n in range(plain):
        page = site / "tags" / f"tag-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PLAIN.format(f"list {n}"))
    (site / "feed.xml").write_text("<feed/>")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "old.html").write_text(MARKED.format("an old index's file"))
    return site


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_view_holds_the_marked_pages_at_their_paths_and_goes_away(tmp_path: Path) -> None:
    site = write_site(tmp_path, marked=2, plain=3)
    with indexed_view(site, not_pages) as folder:
        assert folder != site and folder.parent == site.parent
        assert files_under(folder) == ["2024/story-0/index.html", "2024/story-1/index.html"]
        # The same files, not copies.
        assert os.path.samefile(folder / "2024/story-0/index.html",
                                site / "2024/story-0/index.html")
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_page_that_cannot_be_read_is_left_to_pagefind(tmp_path: Path, monkeypatch) -> None:
    site = write_site(tmp_path, marked=1, plain=4)
    real_open = open

    def failing(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("tag-0/index.html"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing)
    with indexed_view(site, not_pages) as folder:
        assert files_under(folder) == ["2024/story-0/index.html", "tags/tag-0/index.html"]


def test_no_view_when_it_would_leave_little_out(tmp_path: Path) -> None:
    site = write_site(tmp_path, marked=9, plain=1)  # nine of ten pages are indexed
    with indexed_view(site, not_pages) as folder:
        assert folder == site


def test_no_view_when_no_page_is_marked(tmp_path: Path) -> None:
    """Pagefind indexes every page when none is marked: it must read them all."""
    site = write_site(tmp_path, marked=0, plain=5)
    with indexed_view(site, not_pages) as folder:
        assert folder == site


def test_the_site_itself_when_links_cannot_be_made(tmp_path: Path, monkeypatch) -> None:
    site = write_site(tmp_path, marked=1, plain=5)

    def cross_device(source, target, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(search_view, "hard_link", cross_device)
    with indexed_view(site, not_pages) as folder:
        assert folder == site
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_view_is_removed_when_indexing_fails(tmp_path: Path) -> None:
    site = write_site(tmp_path, marked=1, plain=5)
    with pytest.raises(RuntimeError), indexed_view(site, not_pages) as folder:
        assert folder != site
        raise RuntimeError("Pagefind failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_marked_static_page_is_indexed_beside_the_articles(make_site,
                                                            pagefind) -> None:  # noqa: F811
    """The view is made from the built site, static files included: a hand-made page a
    newsroom marks for search is found, and the lists the theme leaves unmarked are not."""
    root = make_site({**ARTICLES, "static/about/index.html": MARKED.format(
        "Founded by the ferrymen of Quillhaven")}, SEARCH_TOML)
    result = build(root)
    assert not result.errors
    text = indexed_text(root / "output")
    assert "Quillhaven" in text and "Brannockvale" in text
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "output",
                                                      "site.toml", "static"]


EDITED = article_md("Ferries go electric", "2024-03-31", "Quiet crossings past Skellingholm.")


def test_a_rebuild_indexes_its_changes_without_assembling_the_site(make_site,
                                                                   pagefind) -> None:  # noqa: F811
    """One article edited: its page is moved into output/ (the folder stays the same one,
    where assembling a new site would have swapped in another), and the index, made from a
    view of output/ with the staged page, is the one a clean build makes."""
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)
    output = root / "output"
    folder = os.stat(output).st_ino
    (root / "content/c.md").write_text(EDITED, encoding="utf-8")
    result = build(root)
    assert not result.errors and result.rendered > 0
    assert os.stat(output).st_ino == folder
    assert "Skellingholm" in indexed_text(output)
    assert not (output / "pagefind" / ".stale").exists()
    assert build(root).up_to_date
    clean = root.parent / "clean"
    build(root, BuildOptions(output=clean))
    assert files_of(clean) == files_of(output)
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "output",
                                                      "site.toml"]


def test_without_hard_links_a_rebuild_assembles_the_site_for_the_index(
        make_site, monkeypatch, pagefind) -> None:  # noqa: F811
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)

    def cross_device(source, target, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(search_view, "hard_link", cross_device)
    folder = os.stat(root / "output").st_ino
    (root / "content/c.md").write_text(EDITED, encoding="utf-8")
    result = build(root)
    assert not result.errors
    assert os.stat(root / "output").st_ino != folder  # a new site swapped in
    assert "Skellingholm" in indexed_text(root / "output")
    assert build(root).up_to_date
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "output",
                                                      "site.toml"]


def test_a_failing_index_of_a_rebuild_leaves_output_as_it_was(make_site, tmp_path: Path,
                                                              monkeypatch,
                                                              pagefind) -> None:  # noqa: F811
    root = make_site(ARTICLES, SEARCH_TOML)
    build(root)
    before = files_of(root / "output")
    (root / "content/c.md").write_text(EDITED, encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing_pagefind(tmp_path)))
    with pytest.raises(SiteError):
        build(root)
    assert files_of(root / "output") == before
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "output",
                                                      "site.toml"]
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    assert "Skellingholm" in indexed_text(build(root).output)
