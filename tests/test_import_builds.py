"""Imported files are read by the site's own Markdown reader as the posts they were.

"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import story_of

from generator.config import Config
from generator.errors import Problems
from generator.readers import Source, make_renderer, parse_article
from generator.readers.importers.exports import read_export
from generator.readers.importers.htmlblocks import markdown_safe_html
from generator.readers.importers.writing import write_posts

FIXTURES = Path(__file__).parent / "fixtures"
CONFIG = Config(root=Path("site"), timezone="Europe/Paris")
RENDERER = make_renderer(CONFIG)
EXPORTS = ["wordpress/export-1.2.xml", "wordpress/export-1.1.xml", "feeds/rss.xml",
           "feeds/atom.xml"]


@pytest.mark.parametrize("name", EXPORTS)
def test_every_imported_file_reads_back_as_its_post(tmp_path: Path, name: str) -> None:
    posts = read_export(FIXTURES / name, ZoneInfo("Europe/Paris"), pages=True).posts
    report = write_posts(posts, tmp_path)
    assert len(report.written) == len(posts)
    for post, path in zip(posts, report.written, strict=True):
        problems = Problems()
        article = story_of(parse_article(Source(path.relative_to(tmp_path).as_posix(),
                                                path.read_text(encoding="utf-8")),
                                         CONFIG, RENDERER, problems))
        # WordPress shortcodes the importer does not turn into HTML ([gallery], [embed])
        # stay text, and the build says so, once per file.
        assert [str(p) for p in problems.items
                if "template syntax of another tool" not in p.message] == []
        assert len(problems.items) == ("[gallery" in path.read_text() or "[embed]"
                                       in path.read_text())
        assert article is not None
        assert (article.title, article.date, article.author, article.tags, article.draft,
                article.aliases) == (post.title, post.date, post.author, post.tags, post.draft,
                                     tuple(a if a.endswith("/") else a + "/"
                                           for a in post.aliases))
        assert article.updated == (post.updated if post.updated and post.updated > post.date
                                   else None)
        assert article.slug == (post.slug or article.slug)
        assert article.body_html.replace("\n", "") == \
            markdown_safe_html(post.body_html).replace("\n", "")


def test_a_non_ascii_wordpress_slug_is_read_back(tmp_path: Path) -> None:
    posts = read_export(FIXTURES / "wordpress/export-1.2.xml", ZoneInfo("Europe/Paris")).posts
    report = write_posts([p for p in posts if not p.slug.isascii()], tmp_path)
    path = report.written[0]
    problems = Problems()
    article = story_of(parse_article(Source(path.relative_to(tmp_path).as_posix(),
                                            path.read_text()), CONFIG, RENDERER, problems))
    assert article is not None
    assert article.slug == "élection-quai-sud"  # letters of any script are kept as written
    assert problems.items == []


def test_a_non_ascii_slug_is_published_at_its_own_url_and_percent_encoded_where_absolute(
        tmp_path: Path) -> None:
    from conftest import SITE_TOML

    from generator.build import BuildOptions, build

    posts = read_export(FIXTURES / "wordpress/export-1.2.xml", ZoneInfo("Europe/Paris")).posts
    write_posts([p for p in posts if not p.slug.isascii()], tmp_path / "content")
    (tmp_path / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    build(tmp_path, BuildOptions(future=True, drafts=True, jobs=1))
    [page] = (tmp_path / "output").glob("*/*/*/élection-quai-sud/index.html")
    url = "/" + page.parent.relative_to(tmp_path / "output").as_posix() + "/"
    encoded = url.replace("é", "%C3%A9")
    assert f"<loc>https://test.example{encoded}</loc>" in (
        tmp_path / "output/sitemap.xml").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://test.example{encoded}">' in page.read_text(
        encoding="utf-8")
