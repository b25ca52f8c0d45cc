"""Pelican's and Zola's links between a site's own pages and files, in a site moved in
as it was: each leads where it led there (Pelican: {filename}, |filename|, {static},
{attach}, {tag}, {category}, {author}, {index}; Zola: @/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import files_of, jpeg_bytes

from generator.build import BuildOptions, build

PELICAN = """Title: {title}
Date: {date}
Category: {category}
Author: Ann Writer

{body}
"""


def pelican(title: str, date: str, body: str, category: str = "Harbour") -> str:
    return PELICAN.format(title=title, date=date, category=category, body=body)


def links_of(page: Path) -> list[str]:
    return re.findall(r'<(?:a|img)\b[^>]*?\s(?:href|src)="([^"]*)"',
                      page.read_text(encoding="utf-8").split('class="article-body"')[1]
                      .split("</div>")[0])


def site_files() -> dict[str, str | bytes]:
    return {
        "content/2024/storm.md": pelican("Storm closes the port", "2024-03-01 10:00",
                                         "Rain all day."),
        "content/2024/pdf/report.pdf": b"%PDF-1.4 report",
        "content/images/crane.jpg": jpeg_bytes(40, 30),
        "content/2024/vote.md": pelican("Council votes", "2024-03-02 10:00", "\n".join([
            "See [the storm]({filename}storm.md), [again](|filename|/2024/storm.md#rain),",
            "[the harbour]({category}Harbour), [by tag]({tag}harbour),",
            "[Ann]({author}ann-writer), [home]({index}),",
            "[the report]({static}pdf/report.pdf) and ![crane]({static}/images/crane.jpg).",
        ])),
        "content/2024/zola.md": ('+++\ntitle = "Zola story"\ndate = 2024-03-03\n'
                                 '[taxonomies]\ntags = ["Harbour"]\n+++\n\n'
                                 "Read [the vote](@/2024/vote.md) first.\n"),
    }


def test_other_tools_links_lead_where_they_led(make_site) -> None:
    root = make_site(site_files(), 'title = "T"\nbase_url = "https://t.example/"\n')
    result = build(root)
    assert [str(p) for p in result.warnings if "link" in p.message] == []
    out = root / "output"
    vote = next(out.rglob("council-votes/index.html"))
    assert links_of(vote) == [
        "/2024/03/01/storm-closes-the-port/", "/2024/03/01/storm-closes-the-port/#rain",
        "/tags/harbour/", "/tags/harbour/", "/authors/ann-writer/", "/",
        "pdf/report.pdf", "/images/crane.jpg"]
    # The files are published where the links lead: the file in the article's folder
    # beside its page, the picture (through the images stage) where Pelican put it.
    assert (vote.parent / "pdf/report.pdf").read_bytes() == b"%PDF-1.4 report"
    assert (out / "images/crane.jpg").is_file()
    zola = next(out.rglob("zola-story/index.html"))
    assert links_of(zola) == ["/2024/03/02/council-votes/"]
    # Feeds carry the links made absolute.
    assert 'href="https://t.example/2024/03/01/storm-closes-the-port/"' in (
        out / "feed.xml").read_text(encoding="utf-8").replace("&quot;", '"')


def test_a_link_to_no_page_is_left_as_written_with_a_warning_on_its_line(make_site) -> None:
    root = make_site({
        "content/a.md": pelican("Storm", "2024-03-01 10:00", "Rain.\n\n"
                                "See [gone]({filename}/2023/gone.md) and [x]({tag}nothing)."),
        "content/b.md": "---\ntitle: B\ndate: 2024-03-02\n---\n\nRead [it](@/nowhere.md).\n",
    }, 'title = "T"\n')
    result = build(root)
    assert sorted(str(p) for p in result.warnings) == [
        "content/a.md:8: warning: link '{filename}/2023/gone.md' leads to no page of the "
        "site (no article at that path) (correct the link, or link the page by its "
        "address)",
        "content/a.md:8: warning: link '{tag}nothing' leads to no page of the site (no tag "
        "of that name) (correct the link, or link the page by its address)",
        "content/b.md:6: warning: link '@/nowhere.md' leads to no page of the site (no "
        "article at that path) (correct the link, or link the page by its address)"]
    page = next((root / "output").rglob("storm/index.html"))
    assert links_of(page) == ["%7Bfilename%7D/2023/gone.md", "%7Btag%7Dnothing"]


def test_a_rebuild_follows_a_linked_article_that_moved(make_site, tmp_path: Path) -> None:
    root = make_site(site_files(), 'title = "T"\n')
    build(root, BuildOptions(jobs=1))
    (root / "content/2024/storm.md").write_text(
        pelican("Storm closes the port", "2024-02-11 10:00", "Rain all day."))
    result = build(root, BuildOptions(jobs=1))
    vote = next((root / "output").rglob("council-votes/index.html"))
    assert links_of(vote)[:2] == ["/2024/02/11/storm-closes-the-port/",
                                  "/2024/02/11/storm-closes-the-port/#rain"]
    assert any(str(p).endswith("council-votes/index.html") for p in result.changed)
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    build(clean, BuildOptions(jobs=1))
    assert files_of(root / "output") == files_of(clean / "output")


def test_a_page_is_made_again_when_only_where_its_link_leads_changed(make_site) -> None:
    """The linking page shows nothing else of the linked article (another tag, another
    month, not a neighbour, no related articles): the link alone says it must change."""
    files = {f"content/f{n}.md": pelican(f"Filler {n}", f"2024-02-0{n + 1} 10:00", "Text.",
                                         category="Other") for n in range(4)}
    files["content/old.md"] = pelican("Gale warning", "2023-06-01 10:00", "Wind.",
                                      category="Weather")
    files["content/now.md"] = pelican("Council votes", "2024-03-20 10:00",
                                      "Recall [the gale]({filename}old.md).", category="Town")
    root = make_site(files, 'title = "T"\nrelated_articles = 0\n')
    build(root, BuildOptions(jobs=1))
    (root / "content/old.md").write_text(
        pelican("Gale warning", "2023-06-01 10:00", "Wind.", category="Weather")
        .replace("Author:", "Slug: gale\nAuthor:"))
    build(root, BuildOptions(jobs=1))
    page = next((root / "output").rglob("council-votes/index.html"))
    assert links_of(page) == ["/2023/06/01/gale/"]


def test_python_markdown_writes_the_links_that_are_followed_too(make_site) -> None:
    files = site_files()
    root = make_site(files, 'title = "T"\n[markdown]\nengine = "python-markdown"\n')
    result = build(root)
    assert [str(p) for p in result.warnings if "link" in p.message] == []
    vote = next((root / "output").rglob("council-votes/index.html"))
    assert links_of(vote)[:6] == [
        "/2024/03/01/storm-closes-the-port/", "/2024/03/01/storm-closes-the-port/#rain",
        "/tags/harbour/", "/tags/harbour/", "/authors/ann-writer/", "/"]


def test_hugo_refs_lead_to_the_page_hugo_finds(make_site) -> None:
    hugo = "---\ntitle: \"{}\"\ndate: {}\ntags: [{}]\n---\n\n{}\n"
    root = make_site({
        "content/posts/ferry-strike.md": hugo.format("Ferry strike", "2024-03-01", "Port",
                                                     "Crews stop."),
        "content/posts/budget/index.md": hugo.format("Budget", "2024-03-02", "Town", "Sums."),
        "content/news/follow-up.md": hugo.format("Follow-up", "2024-03-05", "Port", "\n".join([
            'See [the strike]({{< ref "posts/ferry-strike.md" >}}),',
            "[the budget]({{% relref \"/posts/budget\" %}}#figures),",
            "[by name]({{< ref ferry-strike >}}) and",
            '[gone]({{< ref "posts/nothing.md" >}}).',
            "",
            "{{< youtube abc >}}"])),
    }, 'title = "T"\n')
    result = build(root)
    assert sorted(str(p) for p in result.warnings) == [
        "content/news/follow-up.md:10: warning: link '{{< ref \"posts/nothing.md\" >}}' "
        "leads to no page of the site (no article at that path) (correct the link, or link "
        "the page by its address)",
        "content/news/follow-up.md:12: warning: template syntax of another tool is left as "
        "text: '{{< youtube abc >}}' (it is not run here: write it as Markdown or HTML, or "
        "remove it)"]
    page = next((root / "output").rglob("follow-up/index.html"))
    assert links_of(page) == ["/2024/03/01/ferry-strike/", "/2024/03/02/budget/#figures",
                              "/2024/03/01/ferry-strike/", "%7Bref%7Dposts/nothing.md"]


def test_jekyll_link_tags_lead_to_their_posts_and_a_missing_one_is_named_as_written(
        make_site) -> None:
    jekyll = "---\ntitle: \"{}\"\n---\n\n{}\n"
    root = make_site({
        "content/_posts/2024-01-09-harbour.md": jekyll.format("Harbour", "Boats."),
        "content/_posts/2024-01-10-council.md": jekyll.format("Council", "\n".join([
            "[Harbour]({% link _posts/2024-01-09-harbour.md %}),",
            "[again]({{ site.baseurl }}{% post_url 2024-01-09-harbour %}#boats),",
            "[gone]({% post_url 2023-05-05-gone %}).",
            "![map]({{ '/assets/map.png' | relative_url }})"])),
        "content/assets/map.png": jpeg_bytes(20, 10),
    }, 'title = "T"\n')
    result = build(root)
    assert [str(p) for p in result.warnings if "link" in p.message] == [
        "content/_posts/2024-01-10-council.md:7: warning: link '{% post_url 2023-05-05-gone %}' "
        "leads to no page of the site (no article at that path) (correct the link, or link "
        "the page by its address)"]
    page = next((root / "output").rglob("council/index.html"))
    links = links_of(page)
    assert links[:3] == ["/2024/01/09/harbour/", "/2024/01/09/harbour/#boats",
                         "%7Bpost%7D2023-05-05-gone"]
    assert links[3].startswith("/assets/map") and (root / "output/assets").is_dir()
