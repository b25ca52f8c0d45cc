"""Nothing let in: hostile text stays text everywhere it is written, article HTML can be
sanitised, and no symbolic link leads the build out of the site."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import SITE_TOML, write_tree

from generator.build import BuildOptions, build
from generator.errors import Problems, SiteError
from generator.files import list_files

# Every way out of an element, attribute, script, comment or CDATA section at once.
HOSTILE = ("</script><script>alert('x')</script><!-- \"quoted\" 'single' & &amp; "
           "<img src=x onerror=alert(1)> ]]> \u2028 {{ 1 }}")
TITLE = f"Title {HOSTILE}"
TAG = f"Tag {HOSTILE}"
SHOWN_TAG = " ".join(TAG.split())  # tags collapse their whitespace (U+2028 too)
AUTHOR = f"Author {HOSTILE}"
SHOWN_AUTHOR = " ".join(AUTHOR.split())  # names collapse their whitespace, as tags do
SOURCE = f"Agency {HOSTILE}"
EPOCH = "1709251200"  # 2024-03-01: the articles are in the news sitemap's window


def yaml_text(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


HOSTILE_SITE = {
    "content/a.md": (
        "---\n"
        f"title: {yaml_text(TITLE)}\n"
        "date: 2024-02-29T10:00:00Z\n"
        f"tags: [{yaml_text(TAG)}]\n"
        f"author: {yaml_text(AUTHOR)}\n"
        f"summary: {yaml_text('Summary ' + HOSTILE)}\n"
        "aliases: [/old/page/]\n"
        "---\n\nBody.\n"),
    "content/b.txt": (f"| 29 February 2024 |\n\nWire {HOSTILE}\n\nText {HOSTILE}\n\n"
                      f"  \u2022 {SOURCE}\n"),
}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <title> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("title", "script") else None
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.titles.append(data)
        elif self._in == "script":
            self.scripts[-1] += data


def elements(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture
def hostile_site(make_site, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_site(HOSTILE_SITE)
    build(root, BuildOptions(jobs=1))
    return root / "output"


def test_hostile_text_adds_no_element_attribute_or_script_to_any_page(
        hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        found = elements(page)
        names = {name for _, attrs in found.tags for name in attrs}
        assert not any(name.startswith("on") for name in names), page
        assert "img" not in {tag for tag, _ in found.tags}, page
        scripts = [attrs for tag, attrs in found.tags if tag == "script"]
        # JSON-LD only, but for the script of "on this day" that opens today's page.
        ours = [{}] if page == hostile_site / "on-this-day/index.html" else []
        assert [a for a in scripts if a.get("type") != "application/ld+json"] == ours, page


def test_hostile_text_reads_back_whole_in_html_text_and_attributes(hostile_site: Path) -> None:
    page = next(hostile_site.glob("2024/02/29/title-*/index.html"))
    found = elements(page)
    assert found.titles == [f"{TITLE} · Test Times"]
    meta = {attrs.get("property") or attrs.get("name"): attrs.get("content")
            for tag, attrs in found.tags if tag == "meta"}
    assert meta["og:title"] == TITLE
    assert meta["description"] == f"Summary {HOSTILE}"
    assert meta["article:tag"] == SHOWN_TAG
    text = page.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "<img src=x" not in text


def test_a_headline_with_a_script_end_tag_stays_inside_the_json_ld(hostile_site: Path) -> None:
    page = next(hostile_site.glob("2024/02/29/title-*/index.html"))
    found = elements(page)
    assert len(found.scripts) == 1
    data = json.loads(found.scripts[0])
    assert data["headline"] == TITLE
    assert [(a["@type"], a["name"]) for a in data["author"]] == [("Person", SHOWN_AUTHOR)]
    assert data["keywords"] == [SHOWN_TAG]
    wire = elements(next(hostile_site.glob("2024/02/29/wire-*/index.html")))
    assert json.loads(wire.scripts[0])["author"] == {"@type": "Organization", "name": SOURCE}


def test_feeds_keep_hostile_titles_tags_and_authors_as_text(hostile_site: Path) -> None:
    for name in ("feed.xml", "rss.xml"):
        feed = feedparser.parse((hostile_site / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        titles = sorted(entry.title for entry in feed.entries)
        assert titles == sorted([TITLE, f"Wire {HOSTILE}"]), name
        authors = sorted(entry.author for entry in feed.entries)
        assert authors == sorted([SHOWN_AUTHOR, SOURCE]), name
        tags = [t.term for entry in feed.entries for t in entry.get("tags", [])]
        assert tags == [SHOWN_TAG], name
    atom = ET.parse(hostile_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert sorted(e.text or "" for e in atom.findall("a:entry/a:title", ns)) == sorted(
        [TITLE, f"Wire {HOSTILE}"])


def test_sitemaps_keep_hostile_titles_as_text(hostile_site: Path) -> None:
    ET.parse(hostile_site / "sitemap.xml")
    news = ET.parse(hostile_site / "news-sitemap.xml").getroot()
    ns = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
    titles = sorted(e.text or "" for e in news.iter(f"{{{ns['news']}}}title"))
    assert titles == sorted([TITLE, f"Wire {HOSTILE}"])


def test_a_redirect_page_escapes_the_title(hostile_site: Path) -> None:
    found = elements(hostile_site / "old/page/index.html")
    assert found.titles == [f"Moved: {TITLE}"]
    assert [tag for tag, _ in found.tags if tag in ("script", "img")] == []


# --- raw HTML in Markdown, and sanitize_html ---

UNTRUSTED = """\
---
title: Imported
date: 2024-01-01
---

Text with *emphasis*, a [link](https://example.org/ "Example") and <abbr title="x">abbr</abbr>.

<script>alert(1)</script>

<p onclick="steal()" class="lead">Click <a href="javascript:alert(1)">here</a>
and <img src="/logo.png" alt="logo" onerror="alert(1)">.</p>

<iframe src="https://evil.example/"></iframe><style>body { display: none }</style>

| a | b |
|:--|--:|
| 1 | 2 |
"""


def article_html(root: Path) -> str:
    page = (root / "output/2024/01/01/imported/index.html").read_text(encoding="utf-8")
    return page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]


def test_raw_html_in_markdown_is_kept_by_default_authors_are_trusted(make_site) -> None:
    root = make_site({"content/a.md": UNTRUSTED})
    build(root)
    body = article_html(root)
    assert "<script>alert(1)</script>" in body
    assert 'onclick="steal()"' in body


def test_sanitize_html_removes_scripts_handlers_and_javascript_urls(make_site) -> None:
    root = make_site({"content/a.md": UNTRUSTED}, toml=SITE_TOML + "sanitize_html = true\n")
    build(root)
    body = article_html(root)
    for bad in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "<iframe",
                "<style", "display: none"):
        assert bad not in body, bad
    # Ordinary markup stays.
    for kept in ("<em>emphasis</em>", '<a href="https://example.org/" title="Example">link</a>',
                 '<abbr title="x">abbr</abbr>', '<p class="lead">Click <a>here</a>',
                 '<img src="/logo.png" alt="logo">', '<th style="text-align:left">a</th>',
                 '<td style="text-align:right">2</td>'):
        assert kept in body, kept


def test_sanitize_html_leaves_wire_text_as_text(make_site) -> None:
    root = make_site({"content/a.txt": "| 1 January 2024 |\n\nImported\n\n<b>bold</b> & co\n"},
                     toml=SITE_TOML + "sanitize_html = true\n")
    build(root)
    assert article_html(root) == "<p>&lt;b&gt;bold&lt;/b&gt; &amp; co</p>\n"


# --- symbolic links and odd files in content/ ---

def warnings_of(root: Path) -> list[str]:
    return [str(w) for w in build(root, BuildOptions(jobs=1)).warnings]


def test_a_symlink_out_of_the_site_is_not_followed_and_is_reported(make_site,
                                                                     tmp_path: Path) -> None:
    secret = write_tree(tmp_path / "elsewhere", {"secret.md": (
        "---\ntitle: Secret\ndate: 2024-01-01\n---\n\nPrivate.\n")})
    root = make_site({"content/ok.md": "---\ntitle: Ok\ndate: 2024-01-02\n---\n\nFine.\n"})
    (root / "content/leak.md").symlink_to(secret / "secret.md")
    (root / "content/folder").symlink_to(secret)
    assert warnings_of(root) == [
        f"content/folder: warning: is a symbolic link to {secret}, outside the site; "
        "not followed (copy the file into the site)",
        f"content/leak.md: warning: is a symbolic link to {secret / 'secret.md'}, outside the "
        "site; not followed (copy the file into the site)",
    ]
    assert not (root / "output/2024/01/01").exists()


def test_a_symlink_inside_the_site_is_followed(make_site) -> None:
    root = make_site({"drafts/a.md": "---\ntitle: Linked\ndate: 2024-01-01\n---\n\nText.\n"})
    (root / "content/a.md").symlink_to(root / "drafts/a.md")
    assert warnings_of(root) == []
    assert (root / "output/2024/01/01/linked/index.html").is_file()


def test_broken_and_looping_symlinks_and_pipes_are_reported(make_site) -> None:
    root = make_site({"content/ok.md": "---\ntitle: Ok\ndate: 2024-01-02\n---\n\nFine.\n"})
    (root / "content/broken.md").symlink_to(root / "content/missing.md")
    (root / "content/sub").mkdir()
    (root / "content/sub/loop").symlink_to(root / "content")
    os.mkfifo(root / "content/pipe.md")  # reading it would wait for ever
    assert warnings_of(root) == [
        f"content/broken.md: warning: is a broken symbolic link (to "
        f"{(root / 'content/missing.md').resolve()}); left out",
        "content/pipe.md: warning: is not a regular file (a pipe, socket or device); left out",
        "content/sub/loop: warning: is a symbolic link to a folder that holds it; "
        "not followed",
    ]


def test_list_files_is_sorted_and_leaves_out_hidden_files_unless_asked(tmp_path: Path) -> None:
    write_tree(tmp_path, {"b.md": "", "a/z.md": "", "a/.hidden.md": "", ".git/config": "",
                          ".well-known/security.txt": "", "c.txt": ""})
    problems = Problems()
    listed = list_files(tmp_path, tmp_path, problems)
    assert [p.relative_to(tmp_path).as_posix() for p in listed] == ["a/z.md", "b.md", "c.txt"]
    everything = list_files(tmp_path, tmp_path, problems, hidden=True)
    assert [p.relative_to(tmp_path).as_posix() for p in everything] == [
        ".git/config", ".well-known/security.txt", "a/.hidden.md", "a/z.md", "b.md", "c.txt"]
    assert problems.items == []


def test_a_symlink_in_static_out_of_the_site_is_not_copied(make_site, tmp_path: Path) -> None:
    secret = write_tree(tmp_path / "elsewhere", {"id_rsa": "PRIVATE KEY"})
    root = make_site({"content/ok.md": "---\ntitle: Ok\ndate: 2024-01-02\n---\n\nFine.\n",
                      "static/robots-extra.txt": "ok"})
    (root / "static/key.txt").symlink_to(secret / "id_rsa")
    warnings = warnings_of(root)
    assert (root / "output/robots-extra.txt").is_file()
    assert not (root / "output/key.txt").exists()
    assert warnings == [f"static/key.txt: warning: is a symbolic link to {secret / 'id_rsa'}, "
                        "outside the site; not followed (copy the file into the site)"]


def test_a_symlinked_site_toml_problem_is_still_a_clean_error(make_site) -> None:
    root = make_site({})
    (root / "site.toml").unlink()
    (root / "site.toml").symlink_to(root / "nowhere.toml")
    with pytest.raises(SiteError) as error:
        build(root)
    assert str(error.value.problems[0]).startswith("site.toml: not found in ")
