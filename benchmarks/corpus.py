"""A deterministic benchmark corpus, written as our site, as a Hugo site and as a Pelican site.

    python benchmarks/corpus.py DIR [--articles 10000] [--seed 2024] [--wire-share 0.2]
                                    [--systems ours,hugo,pelican]

writes DIR/ours, DIR/hugo and DIR/pelican: the same N articles (400-900 words in paragraphs,
2-5 tags out of 300, one of eight sources, dates spread over the ten years 2015-2024) for
each system. Article i depends only on (seed, i), so the same arguments write the same bytes,
and `article(i)` can be made again alone, which is how compare.py edits and retags one.

In our site a share of the articles (`--wire-share`, default 0.2) is raw wire text (.txt:
dateline, headline, paragraphs, agency; no tags, as wire text has none); the rest is Markdown
with YAML front matter and a little Markdown in the body (a subheading, bold, a link, some
lists). Hugo and Pelican get every article as Markdown: the wire ones with the same date
(midnight UTC, as ours reads a dateline), headline, paragraphs and source, and no tags.

The page sets follow what our build writes with its defaults (20 articles a list page):

- articles at /Y/M/D/slug/: the same URLs in Hugo (layouts in benchmarks/hugo-layouts/)
  and Pelican. Related articles (5 by default in our sites) are off in all three, as
  Pelican has none; `--related 5` turns them on in ours and Hugo (.Related on tags, date).
- home, paginated: Hugo's home, Pelican's index, both paginated.
- /tags/ and /tags/<tag>/ paginated, with an Atom feed per tag: Hugo's "tags" taxonomy;
  Pelican's tag pages and TAG_FEED_ATOM.
- /sources/ and /sources/<source>/ likewise: Hugo's "sources" taxonomy; in Pelican the
  source is the category (CATEGORY_*, CATEGORY_FEED_ATOM).
- /Y/, /Y/M/, /Y/M/D/ paginated, and the /archive/ calendar: Hugo has no date archives, so
  they are three taxonomies (years, months, days) whose terms the front matter names, at
  /years/2019/, /months/2019-03/, /days/2019-03-14/, paginated, with /years/, /months/ and
  /days/ as the term lists (content/{years,months,days}/_index.md cascade `outputs: [html]`
  to leave their feeds out); Pelican's YEAR/MONTH/DAY_ARCHIVE_SAVE_AS pages are not
  paginated (one page per period, listing all its articles), and archives.html lists all.
- feed.xml (Atom) and rss.xml of the newest 50 with full text: the same in both (Hugo's
  Atom from layouts/list.atom.xml); our sitemaps and robots.txt: Hugo's sitemap.xml only.

compare.py counts each system's .html files by kind after a clean build. The Hugo
layouts use the template names of Hugo 0.146 and later (home.html, page.html, _partials/).
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

SYSTEMS = ("ours", "hugo", "pelican")
DEFAULT_SEED = 2024
START = datetime(2015, 1, 1, tzinfo=UTC)
SPAN_MINUTES = (datetime(2025, 1, 1, tzinfo=UTC) - START) // timedelta(minutes=1)

PLACES = ["Harbour", "Coastal", "River", "City", "Rural", "Regional", "National", "Youth",
          "Urban", "Northern", "Southern", "Island", "Valley", "Highland", "Lowland", "Metro",
          "Border", "Estuary", "County", "Delta"]
TOPICS = ["Politics", "Transport", "Health", "Schools", "Housing", "Energy", "Farming",
          "Courts", "Budget", "Culture", "Sport", "Weather", "Business", "Tourism", "Science"]
TAGS = [f"{place} {topic}" for place in PLACES for topic in TOPICS]  # 300 tags
SOURCES = ["Harbour Wire", "Meridian Press", "Northwind News Agency", "Greyfield Wire Service",
           "Agence Estuaire", "Coastline Daily", "Valley Courier", "Delta Dispatch"]
_WORDS = """
council harbour minister ferry budget river station hospital school report farmers market
vote tram storm energy grid museum library court police festival record season union strike
plan study data city region coast bridge port tide dredging vessel cargo crew pilot quay
warehouse rail line timetable commuters fares bus depot road tunnel traffic cyclists lane
housing tenants rent landlord planning permission estate homes builders mortgage price rates
inflation wages jobs factory plant workers shift contract talks deal offer pay pension
doctors nurses patients clinic ward waiting list surgery vaccine pharmacy care elderly
children pupils teachers exams college university students research scientists survey
findings sample laboratory samples climate heat rain flood drought reservoir water supply
pipes leak repairs engineers contractor tender cost overrun delay schedule opening ceremony
mayor leader opposition party election turnout ballot candidates campaign debate motion
committee hearing inquiry evidence witness judge jury verdict appeal sentence fine ruling
league match goal coach players fans stadium title cup final victory defeat draw training
artists gallery exhibition concert theatre audience tickets performance premiere orchestra
tourists visitors hotel beach summer winter spring autumn weekend morning evening night
week month year decade century history heritage monument restoration funding grant charity
volunteers residents neighbours community village town district county province border
minister spokesman statement announcement figures percent million thousand hundred average
growth decline increase decrease rise fall record high low level target forecast outlook
"""
WORDS = _WORDS.split()
DAYNAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Tag popularity falls off with rank, as in real archives: a few big tags, a long tail.
TAG_WEIGHTS = [1.0 / (rank + 1) ** 0.8 for rank in range(len(TAGS))]


@dataclass(frozen=True, slots=True)
class Article:
    """One article, independent of how a system stores it."""

    number: int
    title: str
    date: datetime  # UTC; wire articles at midnight
    tags: tuple[str, ...]  # empty for wire articles
    source: str
    blocks: tuple[str, ...]  # Markdown blocks; wire articles: plain paragraphs only
    wire: bool

    @property
    def slug(self) -> str:
        return "-".join(self.title.lower().split())


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    sentences, start = [], 0
    while start < words:
        stop = min(words, start + rng.randint(8, 22))
        if words - stop < 5:
            stop = words
        sentences.append(" ".join(chosen[start:stop]).capitalize() + ".")
        start = stop
    return " ".join(sentences)


def _tags(rng: random.Random) -> tuple[str, ...]:
    wanted = rng.randint(2, 5)
    tags: list[str] = []
    while len(tags) < wanted:
        tag = rng.choices(TAGS, weights=TAG_WEIGHTS)[0]
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def article(number: int, seed: int = DEFAULT_SEED, wire_share: float = 0.2) -> Article:
    """Article `number` of the corpus of `seed`: the same arguments, the same article."""
    rng = random.Random(f"corpus-{seed}-{number}")
    wire = rng.random() < wire_share
    moment = START + timedelta(minutes=rng.randrange(SPAN_MINUTES))
    if wire:
        moment = moment.replace(hour=0, minute=0)
    title_words = rng.sample(WORDS, rng.randint(4, 8))
    title = " ".join(title_words).capitalize() + f" {number}"
    total = rng.randint(400, 900)
    blocks: list[str] = []
    written = 0
    while written < total:
        size = min(total - written, rng.randint(40, 120))
        if total - written - size < 20:
            size = total - written
        text = _paragraph(rng, size)
        written += size
        if not wire:
            roll = rng.random()
            if roll < 0.08 and blocks:
                blocks.append("## " + _paragraph(rng, rng.randint(3, 7)).rstrip("."))
            elif roll < 0.14:
                a, b = rng.sample(WORDS, 2)
                text = text.replace(f" {a} ", f" **{a}** ", 1).replace(
                    f" {b} ", f" [{b}](https://example.org/{b}/) ", 1)
            elif roll < 0.18:
                items = [_paragraph(rng, rng.randint(4, 10)) for _ in range(rng.randint(2, 4))]
                blocks.append(text)
                text = "\n".join(f"- {item}" for item in items)
        blocks.append(text)
    return Article(number=number, title=title, date=moment,
                   tags=() if wire else _tags(rng), source=rng.choice(SOURCES),
                   blocks=tuple(blocks), wire=wire)


def articles(count: int, seed: int = DEFAULT_SEED, wire_share: float = 0.2) -> Iterator[Article]:
    for number in range(count):
        yield article(number, seed, wire_share)


def edited(item: Article, round_number: int = 1) -> Article:
    """The article with one body paragraph (not the first: summaries stay) rewritten."""
    rng = random.Random(f"edit-{item.number}-{round_number}")
    paragraphs = [i for i, block in enumerate(item.blocks)
                  if i > 0 and not block.startswith(("#", "- "))]
    index = paragraphs[len(paragraphs) // 2] if paragraphs else len(item.blocks) - 1
    blocks = list(item.blocks)
    blocks[index] = f"Correction {round_number}: " + _paragraph(rng, rng.randint(40, 90))
    return replace(item, blocks=tuple(blocks))


def retagged(item: Article, round_number: int = 1) -> Article:
    """The article with its first tag swapped for one it does not have (Markdown only)."""
    if item.wire:
        raise ValueError("wire articles have no tags to change")
    rng = random.Random(f"retag-{item.number}-{round_number}")
    new = rng.choice([tag for tag in TAGS if tag not in item.tags])
    return replace(item, tags=(new, *item.tags[1:]))


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_yaml_string(item) for item in items) + "]"


# ---------------------------------------------------------------------------------- ours

OURS_TOML = """title = "Benchmark Bulletin"
description = "A synthetic archive for benchmarks."
base_url = "https://bench.example/"
timezone = "UTC"
"""


def ours_path(root: Path, item: Article) -> Path:
    suffix = ".txt" if item.wire else ".md"
    return root / "content" / f"{item.date:%Y}" / f"{item.number:06d}{suffix}"


def ours_text(item: Article) -> str:
    if item.wire:
        dateline = f"| {item.date.day} {item.date:%B %Y}, {DAYNAMES[item.date.weekday()]} |"
        return (f"{dateline}\n\n{item.title}\n\n" + "\n\n".join(item.blocks)
                + f"\n\n  \u2022 {item.source}\n")
    return (f"---\ntitle: {_yaml_string(item.title)}\n"
            f"date: {item.date:%Y-%m-%dT%H:%M:%S}+00:00\n"
            f"tags: {_yaml_list(item.tags)}\nsource: {_yaml_string(item.source)}\n---\n\n"
            + "\n\n".join(item.blocks) + "\n")


def ours_setup(root: Path, related: int = 0) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(OURS_TOML + f"related_articles = {related}\n",
                                    encoding="utf-8")


# ---------------------------------------------------------------------------------- Hugo

HUGO_TOML = """baseURL = "https://bench.example/"
title = "Benchmark Bulletin"
timeZone = "UTC"
summaryLength = 40
disableKinds = ["section", "robotsTXT"]

[pagination]
pagerSize = 20
disableAliases = true

[permalinks.page]
posts = "/:year/:month/:day/:slug/"

[taxonomies]
tag = "tags"
source = "sources"
year = "years"
month = "months"
day = "days"

[mediaTypes."application/atom+xml"]
suffixes = ["xml"]

[outputFormats.atom]
mediaType = "application/atom+xml"
baseName = "feed"
rel = "alternate"
isPlainText = false

[outputs]
home = ["html", "atom", "rss"]
page = ["html"]
taxonomy = ["html"]
term = ["html", "atom"]

[services.rss]
limit = 50

[related]
includeNewer = true
threshold = 0
toLower = true

[[related.indices]]
name = "tags"
weight = 100

[[related.indices]]
name = "date"
weight = 10

[params]
related = {related}
"""

HUGO_LAYOUTS = Path(__file__).resolve().parent / "hugo-layouts"
HUGO_NO_FEEDS = "---\ntitle: {title}\ncascade:\n  outputs: [html]\n---\n"


def hugo_path(root: Path, item: Article) -> Path:
    return root / "content" / "posts" / f"{item.date:%Y}" / f"{item.number:06d}.md"


def hugo_text(item: Article) -> str:
    date = item.date
    return (f"---\ntitle: {_yaml_string(item.title)}\nslug: {item.slug}\n"
            f"date: {date:%Y-%m-%dT%H:%M:%S}Z\n"
            f"tags: {_yaml_list(item.tags)}\nsources: {_yaml_list([item.source])}\n"
            f"years: [\"{date:%Y}\"]\nmonths: [\"{date:%Y-%m}\"]\ndays: [\"{date:%Y-%m-%d}\"]\n"
            "---\n\n" + "\n\n".join(item.blocks) + "\n")


def hugo_setup(root: Path, related: int = 0) -> None:
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_TOML.replace("{related}", str(related)),
                                    encoding="utf-8")
    shutil.copytree(HUGO_LAYOUTS, root / "layouts", dirs_exist_ok=True)
    for taxonomy in ("years", "months", "days"):
        folder = root / "content" / taxonomy
        folder.mkdir(exist_ok=True)
        (folder / "_index.md").write_text(HUGO_NO_FEEDS.format(title=taxonomy.capitalize()),
                                          encoding="utf-8")


# ------------------------------------------------------------------------------- Pelican

PELICAN_CONF = '''"""Pelican settings for the benchmark corpus: pages comparable to ours."""

SITENAME = "Benchmark Bulletin"
SITEURL = "https://bench.example"
FEED_DOMAIN = SITEURL
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
SUMMARY_MAX_LENGTH = 40
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.sane_lists": {}},
    "output_format": "html5",
}
STATIC_PATHS: list[str] = []
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False

ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_URL = "{date:%Y}/{date:%m}/{date:%d}/"
DAY_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "sources/{slug}/"
CATEGORY_SAVE_AS = "sources/{slug}/index.html"
CATEGORIES_SAVE_AS = "sources/index.html"
ARCHIVES_SAVE_AS = "archive/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_ALL_ATOM = "feed.xml"
FEED_ALL_RSS = "rss.xml"
CATEGORY_FEED_ATOM = "sources/{slug}/feed.xml"
TAG_FEED_ATOM = "tags/{slug}/feed.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50

# Pelican's own cache: parsed content is kept in cache/ and reused when a file's mtime is
# unchanged (its "with cache" mode).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "mtime"
'''


def pelican_path(root: Path, item: Article) -> Path:
    return root / "content" / f"{item.date:%Y}" / f"{item.number:06d}.md"


def pelican_text(item: Article) -> str:
    tags = f"Tags: {', '.join(item.tags)}\n" if item.tags else ""
    return (f"Title: {item.title}\nDate: {item.date:%Y-%m-%d %H:%M}\n{tags}"
            f"Category: {item.source}\nSlug: {item.slug}\n\n" + "\n\n".join(item.blocks) + "\n")


def pelican_setup(root: Path, related: int = 0) -> None:  # Pelican has no related articles
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Exporter:
    setup: Callable[[Path, int], None]  # (site folder, related articles per article)
    path: Callable[[Path, Article], Path]
    text: Callable[[Article], str]


EXPORTERS = {
    "ours": Exporter(ours_setup, ours_path, ours_text),
    "hugo": Exporter(hugo_setup, hugo_path, hugo_text),
    "pelican": Exporter(pelican_setup, pelican_path, pelican_text),
}


def write_article(system: str, root: Path, item: Article) -> Path:
    """Write (or overwrite) one article into the `system` site at root; return its file."""
    exporter = EXPORTERS[system]
    path = exporter.path(root, item)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(exporter.text(item), encoding="utf-8")
    return path


def write_corpus(target: Path, count: int, seed: int = DEFAULT_SEED, wire_share: float = 0.2,
                 systems: tuple[str, ...] = SYSTEMS, related: int = 0) -> dict[str, Path]:
    """Write the corpus as target/<system> for each system; return the site folders.

    related: related articles under each article, in ours and Hugo (Pelican has none).
    """
    roots = {system: target / system for system in systems}
    for system, root in roots.items():
        EXPORTERS[system].setup(root, related)
    for item in articles(count, seed, wire_share):
        for system, root in roots.items():
            write_article(system, root, item)
    return roots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="folder to write <system>/ sites into")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--wire-share", type=float, default=0.2,
                        help="share of our articles written as raw wire text (default 0.2)")
    parser.add_argument("--related", type=int, default=0,
                        help="related articles per article, ours and Hugo (default 0: none)")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help="comma-separated, of ours, hugo, pelican (default: all)")
    args = parser.parse_args()
    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    unknown = [s for s in systems if s not in EXPORTERS]
    if unknown:
        parser.error(f"unknown system(s): {', '.join(unknown)}")
    for system, root in write_corpus(args.target, args.articles, args.seed, args.wire_share,
                                     systems, args.related).items():
        print(f"{system}: {root}")


if __name__ == "__main__":
    main()
