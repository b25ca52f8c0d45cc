"""Whole builds of small sites: what lands in output/, and what happens when input is bad."""

from pathlib import Path

import pytest
from conftest import article_md, files_of

from generator.build import BuildOptions, build
from generator.errors import SiteError
from generator.output import MARKER

WIRE = ("| 21 February 2024, Wednesday |\n\nStorm closes coastal rail\n\n"
        "Trains stopped at noon.\n\n  \u2022 Harbour Wire\n")


def messages(error: pytest.ExceptionInfo[SiteError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_a_small_site_builds_every_page_type(make_site) -> None:
    root = make_site({
        "content/a.md": article_md("Budget passes", "2024-02-20", tags="[Economy]"),
        "content/b.txt": WIRE,
    })
    result = build(root)
    out = root / "output"
    assert result.articles == 2
    for page in ["index.html", "2024/02/20/budget-passes/index.html",
                 "2024/02/21/storm-closes-coastal-rail/index.html", "tags/index.html",
                 "tags/economy/index.html", "sources/index.html",
                 "sources/harbour-wire/index.html", "archive/index.html", "2024/index.html",
                 "2024/02/index.html", "2024/02/21/index.html", "404.html", "css/site.css"]:
        assert (out / page).is_file(), page


def test_wire_text_is_shown_as_text_never_as_html(make_site) -> None:
    body = ("*not em* _nor this_\n\n# not a heading\n\n1. not a list\n\n"
            "<script>alert(1)</script> &amp;")
    root = make_site({"content/a.txt": f"| 1 March 2024 |\n\nHeadline\n\n{body}\n"})
    build(root)
    html = (root / "output/2024/03/01/headline/index.html").read_text()
    assert "<p>*not em* _nor this_</p>" in html
    assert "<p># not a heading</p>" in html
    assert "<p>1. not a list</p>" in html
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;</p>" in html
    assert "<script>alert" not in html


def test_all_problems_are_reported_together_and_nothing_is_written(make_site) -> None:
    root = make_site({
        "content/no-date.md": "---\ntitle: Undated\n---\nText\n",
        "content/bad-day.txt": "| 31 February 2024, Saturday |\n\nHeadline\n\nText\n",
        "content/bad-yaml.md": "---\ntitle: [unclosed\ndate: 2024-01-01\n---\n",
        "content/ok.md": article_md("Fine", "2024-01-01"),
    })
    with pytest.raises(SiteError) as error:
        build(root)
    found = messages(error)
    # The YAML parser's own wording differs between libyaml and pure Python: check ours.
    assert found[2].startswith("content/bad-yaml.md:3: front matter is not valid YAML: ")
    assert found[2].endswith("(quote values that contain ':' or start with a special character)")
    assert found[:2] + found[3:] == [
        "content: warning: 1 file(s) are not articles and were left out: 1 .md (articles are "
        ".markdown, .md, .mdown, .mkd, .txt files, "
        "and .json or .xml agency items (IPTC ninjs, NewsML-G2, NITF); "
        "a file beside an article is copied next to "
        "its page when the article is index.md or links it)",
        "content/bad-day.txt:1: 31 February 2024 does not exist (check the day of the month)",
        "content/no-date.md: warning: no date: a page, not an article; left out "
        "(add 'date: YYYY-MM-DD' to publish it as an article)",
    ]
    assert not (root / "output").exists()


def test_a_failed_build_leaves_the_previous_output_untouched(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01")})
    build(root)
    before = files_of(root / "output")
    (root / "content/b.md").write_text("---\ntitle: Broken\ndate: 2024-13-45\n---\n")
    with pytest.raises(SiteError):
        build(root)
    assert files_of(root / "output") == before


def test_a_successful_build_removes_pages_that_no_longer_exist(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01"),
                      "content/b.md": article_md("Second", "2024-01-02")})
    build(root)
    assert (root / "output/2024/01/02/second/index.html").exists()
    (root / "content/b.md").unlink()
    build(root)
    assert not (root / "output/2024/01/02").exists()
    assert (root / "output/2024/01/01/first/index.html").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".output")]


def test_the_same_input_builds_the_same_bytes(make_site, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    root = make_site({"content/a.md": article_md("First", "2024-01-01", tags="[A, B]"),
                      "content/b.txt": WIRE})
    build(root, BuildOptions(output=tmp_path / "one"))
    build(root, BuildOptions(output=tmp_path / "two"))
    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert one == two
    assert len(one) > 10


def test_warnings_do_not_fail_the_build_unless_strict(make_site) -> None:
    root = make_site({"content/a.txt": "| 1 March 2024, Monday |\n\nHeadline\n\nText\n"})
    result = build(root)
    assert [str(p) for p in result.warnings] == [
        "content/a.txt:1: warning: 1 March 2024 was a Friday, not a Monday "
        "(check the date and the weekday)"]
    with pytest.raises(SiteError) as error:
        build(root, BuildOptions(strict=True))
    assert len(messages(error)) == 1


def test_drafts_and_future_articles_need_their_flags(make_site,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    root = make_site({"content/d.md": article_md("Draft", "2024-01-01", draft="true"),
                      "content/f.md": article_md("Future", "2030-01-01"),
                      "content/n.md": article_md("Now", "2024-06-01")})
    assert build(root).articles == 1
    assert not (root / "output/2030").exists()
    assert build(root, BuildOptions(drafts=True, future=True)).articles == 3
    assert (root / "output/2030/01/01/future/index.html").exists()


def test_template_error_names_the_template_and_line(make_site) -> None:
    root = make_site({
        "content/a.md": article_md("First", "2024-01-01"),
        "templates/article.html": "<h1>{{ article.title }}</h1>\n<p>{{ article.no_such }}</p>\n",
    })
    with pytest.raises(SiteError) as error:
        build(root)
    assert messages(error) == [
        "templates/article.html:2: the article has no attribute 'no_such', while rendering "
        "/2024/01/01/first/"]


def test_template_syntax_error_names_the_template_and_line(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01"),
                      "templates/home.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                             "{% for a in articles %}\n{% endblock %}\n"})
    with pytest.raises(SiteError) as error:
        build(root)
    [message] = messages(error)
    assert message.startswith("templates/home.html:4: Encountered unknown tag 'endblock'.")


def test_site_templates_and_static_files_override_the_default_theme(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01"),
                      "templates/404.html": "<p>custom {{ site.title }}</p>\n",
                      "static/css/site.css": "body{}",
                      "static/img/logo.png": b"\x89PNG"})
    build(root)
    assert (root / "output/404.html").read_text() == "<p>custom Test Times</p>\n"
    assert (root / "output/css/site.css").read_text() == "body{}"
    assert (root / "output/img/logo.png").read_bytes() == b"\x89PNG"


def test_refuses_to_replace_a_folder_it_did_not_build(make_site, tmp_path: Path) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01")})
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(SiteError) as error:
        build(root, BuildOptions(output=precious))
    assert "was not built by this generator" in messages(error)[0]
    assert (precious / "thesis.txt").read_text() == "years of work"
    with pytest.raises(SiteError):
        build(root, BuildOptions(output=root))
    assert (root / "content/a.md").exists()
    build(root, BuildOptions(output=tmp_path / "fresh"))
    assert (tmp_path / "fresh" / MARKER).exists()


def test_titles_tags_and_sources_are_escaped_on_every_page(make_site) -> None:
    evil = "<img src=x onerror=alert(1)>"
    root = make_site({"content/a.md": article_md(evil, "2024-01-01", tags=f'["{evil}x"]',
                                                 source=f'"{evil}y"', summary=f'"{evil}"')})
    build(root)
    pages = [p for p in (root / "output").rglob("*.html")]
    assert len(pages) > 8
    for page in pages:
        assert "<img src=x" not in page.read_text(), page


def test_a_tag_without_letters_is_reported_not_a_crash(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01", tags='["!!!", "Sport"]')})
    with pytest.raises(SiteError) as error:
        build(root)
    assert messages(error) == ["content/a.md: tag '!!!' has no letters or digits to make a URL "
                               "from (rename the tag)"]


def test_parallel_builds_write_the_same_bytes_as_one_process(make_site, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    files: dict[str, str | bytes] = {
        f"content/{n:03d}.md": article_md(f"Story {n}", f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                                          f"Paragraph *{n}*.", tags=f"[T{n % 7}, All]")
        for n in range(450)}
    files["content/wire.txt"] = WIRE
    root = make_site(files)
    build(root, BuildOptions(output=tmp_path / "one", jobs=1))
    build(root, BuildOptions(output=tmp_path / "two", jobs=2))
    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert len(one) > 450
    assert one == two


def test_problems_found_in_worker_processes_are_all_reported(make_site) -> None:
    files: dict[str, str | bytes] = {
        f"content/{n:03d}.md": article_md(f"Story {n}", "2024-01-01") for n in range(420)}
    files["content/100.md"] = "---\ntitle: Broken\ndate: 2024-02-30\n---\n"
    files["content/400.md"] = "---\ndate: 2024-01-01\n---\n"
    root = make_site(files)
    with pytest.raises(SiteError) as error:
        build(root, BuildOptions(jobs=2))
    assert messages(error) == [
        "content/100.md:3: date '2024-02-30' does not exist (check the day of the month)",
        "content/400.md: missing 'title' (add 'title: Your headline' to the front matter)",
    ]
