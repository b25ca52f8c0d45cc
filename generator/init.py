"""`init`: a new site that builds at once: a commented site.toml and two example articles."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from .config.markdown import COMMONMARK_EXTENSIONS
from .errors import Problem, SiteError

SITE_TOML = '''\
# Settings of this site. Every key is optional: a commented-out line shows the default.
# The full list is in the generator's README.md, under "site.toml".

title = "{title}"                    # the site's name, in the header and the feeds
description = ""                     # one line for the home page and search engines
# Absolute URLs (canonical links, feeds, sitemaps) start with this. Set it to the address
# the site will be served from, like "https://news.example.org/".
base_url = "http://localhost:8000/"
language = "en"                      # of the articles; front matter 'language:' overrides it
timezone = "UTC"                     # IANA name, like "Europe/Paris": for dates without offset

# per_page = 20                      # articles per list page
# author = ""                        # shown in the theme and the structured data
# publisher = ""                     # the publisher's name (the title if empty)
# logo = ""                          # a path under static/, like "logo.png"
# copyright = ""                     # the footer line
# date_format = "long"               # how dates are shown, in the site's language: short,
#                                    # medium, long, full or a CLDR pattern like "d MMMM y"
# time_format = "HH:mm z"            # the time of day after the date, when the article has
#                                    # one (a CLDR pattern; z is the zone: CET)
# summary_words = 40                 # length of summaries made from the first paragraph
# words_per_minute = 230             # for the reading time
# related_articles = 5               # related stories under each article (0: none)
# sanitize_html = false              # true: remove scripts and event handlers from articles
#                                    # (for archives that import text from untrusted sources)
# slug_from = "title"                # or "filename": slugs from file names, as Hugo and Zola
# content_dir = "content"            # where the articles are
# templates_dir = "templates"        # your templates; the ones you leave out come from the theme
# static_dir = "static"              # copied as is into the output (CNAME, .well-known/, images)
# output_dir = "output"              # the built site, replaced whole by every build
# locales_dir = "locales"            # your own theme strings: <lang>/LC_MESSAGES/messages.po

# [permalinks]                       # URL patterns: {{year}} {{month}} {{day}} {{slug}} {{number}}
# article = "/{{year}}/{{month}}/{{day}}/{{slug}}/"
# tag = "/tags/{{slug}}/"
# tags = "/tags/"
# source = "/sources/{{slug}}/"
# sources = "/sources/"
# year = "/{{year}}/"
# month = "/{{year}}/{{month}}/"
# day = "/{{year}}/{{month}}/{{day}}/"
# archive = "/archive/"
# author = "/authors/{{slug}}/"
# authors = "/authors/"
# corrections = "/corrections/"
# on_this_day = "/on-this-day/"      # and a page per day below it: /on-this-day/02-21/
# page = "page/{{number}}/"            # appended to any list: /page/2/, /tags/x/page/2/

# [feeds]
# entries = 50                       # articles in each feed
# content = "full"                   # or "summary"

# [sitemap]
# max_urls = 50000                   # past this, sitemap.xml becomes an index of parts
# news_days = 2                      # the Google News sitemap's window
# publication = ""                   # its publication name (the title if empty)

# [markdown]
# engine = "commonmark"              # or "python-markdown", for sites written for it
# extensions = [{extensions}]
#                                    # with "python-markdown", its own: ["extra", "sane_lists"]

# [search]
# enabled = false                    # true: full-text search with Pagefind
# url = "/search/"

# [front_matter]                     # other tools' keys for our fields (README: Moving in)
# tags = ["tags", "tag", "categories", "category", "taxonomies.tags", "taxonomies.categories"]

# [autotag]                          # tag every article that mentions a phrase
# case_sensitive = true
# Transport = ["tram", "railway", "ferry"]

# [languages.fr]                     # another language: its pages under /fr/, its stories
# title = "{title}"                    # (story.fr.md, or language: fr) and what it changes:
# description = ""                   # title, description, author, publisher, logo,
#                                    # copyright, date_format, per_page, words_per_minute
'''

MARKDOWN_ARTICLE = '''\
---
title: {title}
date: {day}
tags: [Site news]
author: The editors
summary: What this archive is, and how to add the next story.
---

This is the first article of the archive, written in **Markdown** with front matter
between the two `---` lines: a `title`, a `date` and, if you like, `tags`, a `source`, an
`author` and a `summary`.

To add a story, save a new `.md` file anywhere under `content/`, then build again:

    python -m generator build

Articles are grouped by date, tag and source, and listed newest first.
'''

WIRE_ARTICLE = '''\
| {day_long} |

Raw wire text builds as it is

A story can also arrive as plain wire text: a date line, the headline, paragraphs
separated by blank lines, and the agency after a bullet on the last line.

What is written is shown character for character: *stars*, <angle brackets> and
ampersands & the like are never read as markup.

  \u2022 EXAMPLE WIRE
'''

GITIGNORE = "/output/\n/.cache/\n"


def init_site(target: Path, today: date, *, theme: Path | None = None) -> list[Path]:
    """Create a new site in `target` (absent or empty) and return the files written.

    With `theme`, its templates/ and static/ are copied in to be edited; without, the
    build finds the default theme by itself.
    """
    if target.exists() and not target.is_dir():
        raise SiteError([Problem(str(target), "exists and is not a folder",
                                 hint="name a new folder for the site")])
    # A fresh `git init` is as good as empty.
    if target.is_dir() and any(p.name != ".git" for p in target.iterdir()):
        raise SiteError([Problem(str(target), "is not empty; init writes only into a new "
                                 "or empty folder", hint="name a new folder, like "
                                 "'python -m generator init my-archive'")])
    title = _title_of(target)
    yesterday = today - timedelta(days=1)
    files = {
        "site.toml": SITE_TOML.format(
            title=title.replace("\\", "\\\\").replace('"', '\\"'),
            extensions=", ".join(f'"{name}"' for name in COMMONMARK_EXTENSIONS)),
        ".gitignore": GITIGNORE,
        f"content/{today:%Y}/{today:%Y-%m-%d}-welcome.md": MARKDOWN_ARTICLE.format(
            title=_yaml_text(f"Welcome to {title}"), day=today.isoformat()),
        f"content/{yesterday:%Y}/{yesterday:%Y-%m-%d}-wire-example.txt": WIRE_ARTICLE.format(
            day_long=f"{yesterday.day} {yesterday:%B %Y, %A}"),
    }
    written = []
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if theme is not None:
        for folder in ("templates", "static"):
            shutil.copytree(theme / folder, target / folder)
            written += sorted(p for p in (target / folder).rglob("*") if p.is_file())
    return written


def _title_of(target: Path) -> str:
    """'my-archive' -> 'My Archive': a title to start from, changed in site.toml."""
    words = re.split(r"[-_\s]+", target.resolve().name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "News Archive"


def _yaml_text(text: str) -> str:
    """Quote a title for YAML front matter: double quotes with backslash escapes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
