"""A corpus of broken and odd input: each case is one row, with the exact lines a user sees.

A build lists its problems as `path:line: message (hint)`; a row's expected lines are
those, errors and warnings alike (an empty list: the case builds without a word).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SITE_TOML, article_md, files_of, run_cli, write_tree

from generator.build import BuildOptions, build
from generator.errors import SiteError
from generator.readers.fields import MAX_TAGS

ROOT = "{root}"  # stands for the site's folder in an expected line


def md(*lines: str, body: str = "Text.") -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n\n" + body + "\n"


def dated(*lines: str, body: str = "Text.") -> str:
    return md("title: T", "date: 2024-01-01", *lines, body=body)


WIRE = "| 21 February 2024, Wednesday |\n\nHeadline\n\nText.\n"
DATE_HINT = "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
NO_DATE = ("content/a.md: warning: no date: a page, not an article; left out "
           "(add 'date: YYYY-MM-DD' to publish it as an article)")
READERS = (".markdown, .md, .mdown, .mkd, .txt files, and .json or .xml agency items (IPTC "
           "ninjs, NewsML-G2, NITF)")


def left_out(count: str) -> str:
    """The summary line of a build that left out files, counted as `count` ('1 .md')."""
    return (f"content: warning: 1 file(s) are not articles and were left out: {count} "
            f"(articles are {READERS}; a file beside an article is copied next to its "
            "page when the article is index.md or links it)")

YAML_HINT = "(quote values that contain ':' or start with a special character)"
CONTROL_HINT = "(they cannot be shown in a web page)"
MANY_TAGS = "[" + ", ".join(f"Tag {n}" for n in range(10_000)) + "]"

# (id, files, site.toml or None for none, expected lines)
CASES: list[tuple[str, dict[str, str | bytes], str | bytes | None, list[str]]] = [
    # --- files that are not articles at all ---
    ("empty-markdown", {"content/a.md": ""}, SITE_TOML, [
        "content/a.md: the file is empty "
        "(start it with front matter: '---', 'title: ...', 'date: ...', '---')"]),
    ("blank-markdown", {"content/a.md": "\ufeff \r\n\n\t\n"}, SITE_TOML, [
        "content/a.md: the file is empty "
        "(start it with front matter: '---', 'title: ...', 'date: ...', '---')"]),
    ("empty-wire-text", {"content/a.txt": ""}, SITE_TOML, [
        "content/a.txt: the file is empty "
        "(start with a date line like '| 21 February 2024, Wednesday |')"]),
    ("binary-file", {"content/photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"},
     SITE_TOML, [
        "content/photo.md: is a binary file, not text "
        "(articles are UTF-8 text; put images and other files in static/)"]),
    ("not-utf8-names-the-byte-offset",
     {"content/a.md": "---\ntitle: Caf\u00e9\ndate: 2024-01-01\n---\n".encode("latin-1")},
     SITE_TOML, [
        "content/a.md:2: is not UTF-8: byte 0xE9 at offset 14 (column 11) cannot be decoded "
        "(save the file as UTF-8)"]),
    ("utf16-text", {"content/a.txt": WIRE.encode("utf-16")}, SITE_TOML, [
        "content/a.txt:1: is UTF-16 text, not UTF-8 (save the file as UTF-8)"]),
    # --- front matter ---
    # A Markdown file without front matter is read (a title from its heading); with no
    # date it is a page, not an article.
    ("no-front-matter", {"content/a.md": "# Title\n\nText.\n"}, SITE_TOML, [
        left_out("1 .md"), NO_DATE]),
    ("front-matter-not-closed", {"content/a.md": "---\ntitle: T\ndate: 2024-01-01\n\nText.\n"},
     SITE_TOML, [
        "content/a.md:1: front matter opened with '---' is not closed "
        "(close it with a line '---')"]),
    ("toml-front-matter-not-closed", {"content/a.md": '+++\ntitle = "T"\n\nText.\n'},
     SITE_TOML, [
        "content/a.md:1: front matter opened with '+++' is not closed "
        "(close it with a line '+++')"]),
    ("invalid-yaml-on-its-file-line",
     {"content/a.md": "---\n\ntitle: T\ndate: 2024-01-01\ntags: [a, b\n---\nText.\n"},
     SITE_TOML, [
        f"content/a.md:5: front matter is not valid YAML: did not find expected ',' or ']' "
        f"{YAML_HINT}"]),
    ("invalid-yaml-colon", {"content/a.md": md("title: NATO: talks", "date: 2024-01-01")},
     SITE_TOML, [
        "content/a.md:2: front matter is not valid YAML: mapping values are not allowed in "
        f"this context {YAML_HINT}"]),
    ("yaml-python-tag", {"content/a.md": md("title: !!python/object:os.system x",
                                            "date: 2024-01-01")}, SITE_TOML, [
        "content/a.md:2: front matter is not valid YAML: tags such as '!!python/object' are "
        "not allowed (remove the '!!' tag)"]),
    ("invalid-toml-on-its-file-line",
     {"content/a.md": '+++\ntitle = "T"\n\ndate = 2024-01-01\ntags = [\n+++\nText.\n'},
     SITE_TOML, ["content/a.md:5: front matter is not valid TOML: Invalid value"]),
    ("invalid-json-on-its-file-line",
     {"content/a.md": '{\n  "title": "T",\n  "date": "2024-01-01"\n  "tags": []\n}\nText.\n'},
     SITE_TOML, ["content/a.md:4: front matter is not valid JSON: Expecting ',' delimiter"]),
    ("front-matter-a-list", {"content/a.md": "---\n- title\n- date\n---\nText.\n"},
     SITE_TOML, ["content/a.md:1: front matter must be a set of 'key: value' lines"]),
    # --- dates ---
    ("date-missing", {"content/a.md": md("title: T")}, SITE_TOML, [left_out("1 .md"), NO_DATE]),
    ("date-empty", {"content/a.md": md("title: T", "date:")}, SITE_TOML, [
        left_out("1 .md"), NO_DATE]),
    ("date-in-the-file-name-does-not-exist", {"content/2024-02-30-a.md": md("title: T")},
     SITE_TOML, ["content/2024-02-30-a.md: the date 2024-02-30 in the file name does not "
                 "exist (rename the file, or add 'date: YYYY-MM-DD')"]),
    ("date-not-a-date", {"content/a.md": md("title: T", "date: next Tuesday")}, SITE_TOML, [
        f"content/a.md:3: date 'next Tuesday' is not a date {DATE_HINT}"]),
    ("date-a-number", {"content/a.md": md("title: T", "date: 2024")}, SITE_TOML, [
        f"content/a.md:3: date '2024' is not a date {DATE_HINT}"]),
    ("date-does-not-exist", {"content/a.md": md("title: T", "date: 2024-02-30")}, SITE_TOML, [
        "content/a.md:3: date '2024-02-30' does not exist (check the day of the month)"]),
    ("date-month-13", {"content/a.md": md("title: T", "date: 2024-13-01")}, SITE_TOML, [
        "content/a.md:3: date '2024-13-01' does not exist (check the day of the month)"]),
    ("time-does-not-exist", {"content/a.md": md("title: T", "date: 2024-02-21T25:10")},
     SITE_TOML, [f"content/a.md:3: date '2024-02-21T25:10' has no time 25:10 {DATE_HINT}"]),
    ("date-bad-offset", {"content/a.md": md("title: T", "date: 2024-02-21T10:00:00+25:00")},
     SITE_TOML, [
        "content/a.md:3: date '2024-02-21T10:00:00+25:00' has an impossible UTC offset "
        "'+25:00' (offsets run from -23:59 to +23:59, like +01:00)"]),
    ("date-out-of-range", {"content/a.md": md("title: T", "date: 0999-12-31")}, SITE_TOML, [
        f"content/a.md:3: date '0999-12-31' is outside the years 1000 to 9998 {DATE_HINT}"]),
    ("updated-not-a-date", {"content/a.md": dated("updated: soon")}, SITE_TOML, [
        f"content/a.md:4: updated 'soon' is not a date {DATE_HINT}"]),
    # --- other keys ---
    ("tags-a-number", {"content/a.md": dated("tags: 5")}, SITE_TOML, [
        "content/a.md:4: 'tags' must be a list or a comma-separated string, not the number 5 "
        "(for example tags: [Transport, Climate])"]),
    ("tags-a-nested-mapping", {"content/a.md": dated("tags: {Europe: {NATO: 1}}")}, SITE_TOML, [
        "content/a.md:4: 'tags' must be a list or a comma-separated string, not a mapping "
        "(for example tags: [Transport, Climate])"]),
    ("tags-with-mappings-in-the-list", {"content/a.md": dated("tags: [a, {b: c}, [d]]")},
     SITE_TOML, [
        "content/a.md:4: 2 tag(s) are not text: {'b': 'c'} "
        "(write each tag as a word or phrase, like tags: [Transport, Climate])"]),
    ("ten-thousand-tags", {"content/a.md": dated(f"tags: {MANY_TAGS}")}, SITE_TOML, [
        f"content/a.md:4: 10000 tags; an article may have at most {MAX_TAGS} "
        "(keep the tags readers browse by; other keywords may go under another key)"]),
    ("tag-that-slugs-to-nothing", {"content/a.md": dated('tags: ["!!!", Fine]')}, SITE_TOML, [
        "content/a.md: tag '!!!' has no letters or digits to make a URL from "
        "(rename the tag)"]),
    # A missing or empty title is the first heading, else the first words, with a warning.
    ("title-only-whitespace", {"content/a.md": md('title: "  \t "', "date: 2024-01-01")},
     SITE_TOML, ["content/a.md: warning: no title; using the first words of the text: "
                 "'Text.' (add 'title: Your headline' to the front matter)"]),
    ("title-missing", {"content/a.md": md("date: 2024-01-01", body="")}, SITE_TOML, [
        "content/a.md: missing 'title' (add 'title: Your headline' to the front matter)"]),
    ("language-not-a-tag", {"content/a.md": dated("language: English (UK)")}, SITE_TOML, [
        "content/a.md:4: language 'English (UK)' is not a language tag "
        "(use a code such as 'en', 'fr' or 'pt-BR')"]),
    ("markdown-nested-too-deeply", {"content/a.md": dated(
        body="".join("  " * depth + "- item\n" for depth in range(600)))}, SITE_TOML, [
        "content/a.md: the Markdown is nested too deeply to render "
        "(flatten the nested lists or quotes: at most 97 levels of quotes or 48 of lists)"]),
    ("markdown-nested-too-deeply-for-python-markdown", {"content/a.md": dated(
        body="".join("  " * depth + "- item\n" for depth in range(600)))},
     SITE_TOML + '[markdown]\nengine = "python-markdown"\n', [
        "content/a.md: the Markdown is nested too deeply to render "
        "(flatten the nested lists or quotes: a few hundred levels at most)"]),
    # --- files of other tools, links to files the move did not bring ---
    ("mdx-file-left-out", {"content/a.md": md("title: T", "date: 2024-01-01"),
                           "content/b.mdx": md("title: M", "date: 2024-01-02")}, SITE_TOML,
     [left_out("1 .mdx")]),
    ("local-link-to-nothing", {"content/a.md": md("title: T", "date: 2024-01-01",
                                                  body="See [the report](report.pdf).")},
     SITE_TOML, [
        "content/a.md:6: warning: local link 'report.pdf' resolves nowhere (put the file "
        "beside the article, or link a page of the site)"]),
    # --- raw wire text ---
    # Text with no date line near its top is no wire text: an attachment, left out.
    ("wire-without-a-date-line", {"content/a.txt": "Headline\n\nText of the story.\n"},
     SITE_TOML, [
        left_out("1 .txt"),
        "content/a.txt:1: warning: no date line near the top: not wire text; left out (it "
        "starts 'Headline') (wire text starts with a date line like '| 21 February 2024, "
        "Wednesday |'; other files belong in static/)"]),
    ("wire-first-line-not-a-date", {"content/a.txt": "|Headline|\n\nText of the story.\n"},
     SITE_TOML, [
        "content/a.txt: warning: the story has a headline but no text",
        "content/a.txt:1: the first line '|Headline|' is not a date "
        "(write it like '| 21 February 2024, Wednesday |')"]),
    ("wire-date-line-in-french-is-read",
     {"content/a.txt": "| 21 f\u00e9vrier 2024, mercredi |\n\nTitre\n\nTexte.\n"}, SITE_TOML, []),
    ("wire-date-line-in-german-with-the-wrong-weekday",
     {"content/a.txt": "| 21. M\u00e4rz 2024, Mittwoch |\n\nTitel\n\nText.\n"}, SITE_TOML, [
        "content/a.txt:1: warning: 21 March 2024 was a Thursday, not a Wednesday "
        "(check the date and the weekday)"]),
    ("wire-date-line-in-another-language",
     {"content/a.txt": "| 21 lutego 2024, \u015broda |\n\nTytu\u0142\n\nTekst.\n"}, SITE_TOML, [
        "content/a.txt:1: 'lutego' in the date line is not a month "
        "(write the month in English, French, German, Spanish or Italian, like 'February')"]),
    ("wire-only-a-date-line", {"content/a.txt": "| 21 February 2024, Wednesday |\n"},
     SITE_TOML, [
        "content/a.txt:2: no headline and no text after the date line "
        "(add the headline and the story, separated by blank lines)"]),
    ("wire-date-that-does-not-exist", {"content/a.txt": WIRE.replace("21", "30")}, SITE_TOML, [
        "content/a.txt:1: 30 February 2024 does not exist (check the day of the month)"]),
    # --- control characters: removed from the page, and reported ---
    ("control-characters-in-wire-text",
     {"content/a.txt": WIRE.replace("Headline", "Head\x07line").replace("Text", "Te\x00xt")},
     SITE_TOML, [
        f"content/a.txt:3: warning: removed control characters U+0007 {CONTROL_HINT}",
        f"content/a.txt:5: warning: removed control characters U+0000 {CONTROL_HINT}"]),
    ("control-characters-in-markdown", {"content/a.md": dated(body="Bell\x07 and \x1b[1m")},
     SITE_TOML, [
        f"content/a.md:6: warning: removed control characters U+0007, U+001B {CONTROL_HINT}"]),
    ("control-character-escaped-in-yaml", {"content/a.md": md('title: "Bell\\a"',
                                                              "date: 2024-01-01")}, SITE_TOML, [
        f"content/a.md:2: warning: removed control characters from 'title' {CONTROL_HINT}"]),
    ("control-characters-on-many-lines-are-counted",
     {"content/a.md": dated(body="\n\n".join(f"Line {n}\x07" for n in range(8)))}, SITE_TOML, [
        f"content/a.md: warning: removed control characters from 3 more line(s) {CONTROL_HINT}",
        *(f"content/a.md:{line}: warning: removed control characters U+0007 {CONTROL_HINT}"
          for line in (6, 8, 10, 12, 14))]),
    ("control-character-escaped-in-a-tag", {"content/a.md": dated('tags: ["Ta\\bg"]')},
     SITE_TOML, [
        f"content/a.md:4: warning: removed control characters from 'tags' {CONTROL_HINT}"]),
    ("noncharacter-in-text", {"content/a.md": dated(body="Odd \ufffe here")}, SITE_TOML, [
        f"content/a.md:6: warning: removed characters U+FFFE {CONTROL_HINT}"]),
    # --- URLs that would leave the output folder, or be shared ---
    ("slug-with-dot-dot", {"content/a.md": dated("slug: ../../x")}, SITE_TOML, [
        "content/a.md:4: slug '../../x' is not a URL slug (use 'x')"]),
    ("slug-absolute-path", {"content/a.md": dated("slug: /etc/passwd")}, SITE_TOML, [
        "content/a.md:4: slug '/etc/passwd' is not a URL slug (use 'etc-passwd')"]),
    ("alias-with-dot-dot", {"content/a.md": dated("aliases: [/../../etc/]")}, SITE_TOML, [
        "content/a.md:4: alias '/../../etc/' is not a path on this site "
        "(write it from the site root, like /2019/05/old-name/)"]),
    ("permalink-with-dot-dot", {"content/a.md": dated()},
     SITE_TOML + '[permalinks]\narticle = "/../../{year}/{slug}/"\n', [
        "site.toml:5: permalink 'article' = '/../../{year}/{slug}/' has a '.' or '..' segment "
        "(every page must stay inside the output folder)"]),
    ("permalink-absolute-host", {"content/a.md": dated()},
     SITE_TOML + '[permalinks]\ntag = "//evil.example/{slug}/"\n', [
        "site.toml:5: permalink 'tag' = '//evil.example/{slug}/' has an empty segment ('//') "
        "(every page must stay inside the output folder)"]),
    ("permalink-page-with-dot-dot", {"content/a.md": dated()},
     SITE_TOML + '[permalinks]\npage = "../{number}/"\n', [
        "site.toml:5: permalink 'page' = '../{number}/' has a '.' or '..' segment "
        "(every page must stay inside the output folder)"]),
    ("search-url-with-dot-dot", {"content/a.md": dated()},
     SITE_TOML + '[search]\nurl = "/x/../../y/"\n', [
        "site.toml:5: 'url' in [search] = '/x/../../y/' has a '.' or '..' segment "
        "(for example '/search/')"]),
    ("two-articles-claim-one-url",
     {"content/a.md": dated("slug: same"), "content/b.md": dated("slug: same")}, SITE_TOML, [
        "content/a.md: slug 'same' gives /2024/01/01/same/, which content/b.md also claims "
        "(give each article a different 'slug:')",
        "content/b.md: slug 'same' gives /2024/01/01/same/, which content/a.md also claims "
        "(give each article a different 'slug:')"]),
    ("an-alias-claims-an-article-url",
     {"content/a.md": dated(), "content/b.md": md("title: U", "date: 2024-01-02",
                                                   "aliases: [/2024/01/01/t/]")}, SITE_TOML, [
        "content/a.md: 2 pages would be written to output/2024/01/01/t/index.html: "
        "content/a.md; content/b.md (alias /2024/01/01/t/) "
        "(change a slug or a [permalinks] pattern in site.toml)"]),
    ("derived-slugs-that-collide-get-numbers",
     {"content/a.md": dated(), "content/b.md": dated()}, SITE_TOML, [
        "content/b.md: warning: another article on the same day has the slug 't'; this one "
        "is at /2024/01/01/t-2/ (set 'slug:' to choose the URL yourself)"]),
    # --- site.toml ---
    ("site-toml-missing", {"content/a.md": dated()}, None, [
        f"site.toml: not found in {ROOT}, so it is not a site (run the command in a site's "
        "folder, name one with --site DIR, or create a site with "
        "'python -m generator init DIR')"]),
    ("site-toml-empty-builds-with-defaults", {"content/a.md": dated()}, "", []),
    ("site-toml-wrong-type", {"content/a.md": dated()}, 'per_page = "ten"\n', [
        "site.toml:1: 'per_page' must be a whole number, not string"]),
    ("site-toml-bool-for-a-number", {"content/a.md": dated()}, "summary_words = true\n", [
        "site.toml:1: 'summary_words' must be a whole number, not true/false"]),
    ("site-toml-number-for-a-bool", {"content/a.md": dated()}, "sanitize_html = 1\n", [
        "site.toml:1: 'sanitize_html' must be true or false, not whole number"]),
    ("site-toml-typo", {"content/a.md": dated()}, 'titel = "x"\n', [
        "site.toml:1: unknown key 'titel' (did you mean 'title'?)"]),
    ("site-toml-not-utf8", {"content/a.md": dated()}, 'title = "Caf\xe9"\n'.encode("latin-1"), [
        "site.toml:1: is not UTF-8: byte 0xE9 at offset 12 (column 13) cannot be decoded "
        "(save the file as UTF-8)"]),
    ("site-toml-invalid", {"content/a.md": dated()}, 'title = "x\n', [
        "site.toml:1: not valid TOML: Illegal character '\\n' "
        "(see https://toml.io for the syntax)"]),
    ("site-toml-unknown-markdown-extension", {"content/a.md": dated()},
     '[markdown]\nengine = "python-markdown"\nextensions = ["extra", "tablez"]\n', [
        "site.toml:3: Markdown extension 'tablez' cannot be loaded: No module named 'tablez' "
        "(use a name from https://python-markdown.github.io/extensions/, like 'extra' or "
        "'toc')"]),
    ("site-toml-unknown-commonmark-extension", {"content/a.md": dated()},
     '[markdown]\nextensions = ["tables", "footnote"]\n', [
        "site.toml:2: the CommonMark engine has no extension 'footnote' "
        "(did you mean 'footnotes'?)"]),
    ("site-toml-python-markdown-extension-under-commonmark", {"content/a.md": dated()},
     '[markdown]\nextensions = ["extra"]\n', [
        "site.toml:2: the CommonMark engine has no extension 'extra' (its extensions are "
        "tables, strikethrough, autolinks, tasklists, footnotes, deflists, heading_ids)"]),
    ("site-toml-unknown-markdown-engine", {"content/a.md": dated()},
     '[markdown]\nengine = "commonmark-py"\n', [
        "site.toml:2: 'engine' in [markdown] must be 'commonmark' or 'python-markdown', not "
        "'commonmark-py' (did you mean 'commonmark'?)"]),
    ("site-toml-markdown-extensions-was-replaced", {"content/a.md": dated()},
     'markdown_extensions = ["extra", "toc"]\n', [
        "site.toml:1: 'markdown_extensions' was replaced by the [markdown] table (to keep "
        'Python-Markdown, write [markdown] with engine = "python-markdown" and extensions = '
        '["extra", "toc"]; to use CommonMark (the default), remove the key)']),
    ("site-toml-language-not-a-tag", {"content/a.md": dated()}, 'language = "English"\n', [
        "site.toml:1: language 'English' is not a language tag "
        "(use a code such as 'en', 'fr' or 'pt-BR')"]),
    # --- issue 16: names, clashes and doubtful text ---
    ("file-name-not-utf8-in-content", {"content/caf\udce9.md": dated()}, SITE_TOML, [
        "'content/caf\\xe9.md': the name is not UTF-8 text "
        "(rename it: URLs and pages need names in UTF-8)"]),
    ("file-name-not-utf8-in-static", {"content/a.md": dated(), "static/\udcff.css": "x"},
     SITE_TOML, ["'static/\\xff.css': the name is not UTF-8 text "
                 "(rename it: URLs and pages need names in UTF-8)"]),
    ("file-name-with-a-newline-cannot-forge-a-line",
     {"content/a\ncontent/b.md: all is well.md": ""}, SITE_TOML, [
        "'content/a\\ncontent/b.md: all is well.md': the file is empty "
        "(start it with front matter: '---', 'title: ...', 'date: ...', '---')"]),
    ("title-like-a-built-in-page-under-a-flat-pattern", {"content/a.md": md(
        "title: Tags", "date: 2024-01-01")}, SITE_TOML + '[permalinks]\narticle = "/{slug}/"\n', [
        "content/a.md: 2 pages would be written to output/tags/index.html: content/a.md; "
        "tag index (change a slug or a [permalinks] pattern in site.toml)"]),
    ("json-title-with-a-lone-surrogate",
     {"content/a.md": '{\n"title": "\\ud800 x",\n"date": "2024-01-01"\n}\nText.\n'},
     SITE_TOML, [
        "content/a.md:2: 'title' holds U+D800, half of a surrogate pair, which no UTF-8 text "
        "can hold (remove the \\ud800 escape, or write the character)"]),
    ("alias-with-a-300-character-segment", {"content/a.md": dated(f"aliases: [/{'x' * 300}/]")},
     SITE_TOML, [
        f"content/a.md: /{'x' * 58}… has a part of 300 bytes; a file name holds at most 255 "
        "(shorten the alias, slug or [permalinks] pattern)"]),
    ("alias-onto-the-output-marker", {"content/a.md": dated("aliases: [/.newsarchive-output/]")},
     SITE_TOML, [
        "content/a.md: /.newsarchive-output/ is a name the output folder keeps for the "
        "generator's marker file (give the page another URL)"]),
    ("alias-onto-the-search-index", {"content/a.md": dated("aliases: [/pagefind/x.js]")},
     SITE_TOML, [
        "content/a.md: /pagefind/x.js is a name the output folder keeps for the search index "
        "(give the page another URL)"]),
    ("alias-onto-theme-files", {"content/a.md": dated("aliases: [/css/site.css, /favicon.svg]")},
     SITE_TOML, [
        "content/a.md: 2 files would be written to output/css/site.css: content/a.md (alias "
        "/css/site.css); the theme's static/css/site.css (rename or remove the static file, or "
        "give the page another URL)",
        "content/a.md: 2 files would be written to output/favicon.svg: content/a.md (alias "
        "/favicon.svg); the theme's static/favicon.svg (rename or remove the static file, or "
        "give the page another URL)"]),
    ("alias-onto-a-static-file", {"content/a.md": dated("aliases: [/old.html]"),
                                  "static/old.html": "<p>old</p>"}, SITE_TOML, [
        "static/old.html: 2 files would be written to output/old.html: content/a.md (alias "
        "/old.html); static/old.html (rename or remove the static file, or give the page "
        "another URL)"]),
    ("static-files-where-generated-files-go",
     {"content/a.md": dated(), "static/index.html": "<p>mine</p>", "static/feed.xml": "<x/>",
      "static/2024/01/01/t/index.html": "<p>mine</p>"}, SITE_TOML, [
        "static/2024/01/01/t/index.html: 2 files would be written to "
        "output/2024/01/01/t/index.html: content/a.md; static/2024/01/01/t/index.html "
        "(rename or remove the static file, or give the page another URL)",
        "static/feed.xml: 2 files would be written to output/feed.xml: site feed; "
        "static/feed.xml (rename or remove the static file, or give the page another URL)",
        "static/index.html: 2 files would be written to output/index.html: home; "
        "static/index.html (rename or remove the static file, or give the page another URL)"]),
    ("static-file-where-a-page-folder-goes", {"content/a.md": dated(), "static/2024": "x"},
     SITE_TOML, [
        "static/2024: output/2024 would be a file (static/2024) and the folder of "
        "output/2024/index.html (year /2024/) (rename or remove the static file, "
        "or give the page another URL)"]),
    ("news-days-out-of-range", {"content/a.md": dated()},
     SITE_TOML + "[sitemap]\nnews_days = 100000000\n", [
        "site.toml:5: 'news_days' in [sitemap] must be at most 36500 (Google News reads the "
        "last two days; the default is 2)"]),
    ("permalink-with-percent-encoded-dots", {"content/a.md": dated()},
     SITE_TOML + '[permalinks]\narticle = "/%2e%2e/{slug}/"\n', [
        "site.toml:5: permalink 'article' = '/%2e%2e/{slug}/' has a '.' or '..' segment once "
        "percent-decoded (every page must stay inside the output folder)"]),
    ("alias-with-percent-encoded-dots", {"content/a.md": dated("aliases: [/%2E%2e/x/]")},
     SITE_TOML, [
        "content/a.md:4: alias '/%2E%2e/x/' is not a path on this site "
        "(write it from the site root, like /2019/05/old-name/)"]),
    ("title-of-zero-width-characters", {"content/a.md": md('title: "\\u200b\\u2060\\ufeff"',
                                                           "date: 2024-01-01")}, SITE_TOML, [
        "content/a.md:2: 'title' holds only invisible characters "
        "(write the headline after 'title:')"]),
    ("time-the-clocks-skipped", {"content/a.md": md("title: T", "date: 2024-03-31 02:30")},
     SITE_TOML.replace("UTC", "Europe/Paris"), [
        "content/a.md:3: warning: date 2024-03-31 02:30 does not exist in Europe/Paris (the "
        "clocks went forward); 03:30+02:00 is used (write the time the clocks showed, or give "
        "its UTC offset)"]),
    ("yaml-key-given-twice", {"content/a.md": md("title: A", "date: 2024-01-01", "title: B")},
     SITE_TOML, [
        "content/a.md:4: warning: 'title' is given more than once; the last one is used "
        "(remove the others)"]),
    ("json-key-given-twice",
     {"content/a.md": '{\n"title": "A",\n"date": "2024-01-01",\n"title": "B"\n}\nText.\n'},
     SITE_TOML, [
        "content/a.md:4: warning: 'title' is given more than once; the last one is used "
        "(remove the others)"]),
    ("json-front-matter-on-one-line",
     {"content/a.md": '{"title": "One line", "date": "2024-01-01"}\nText.\n'}, SITE_TOML, []),
    ("impossible-date-in-the-file-name", {"content/2024-02-30-x.md": md("title: T")}, SITE_TOML, [
        "content/2024-02-30-x.md: the date 2024-02-30 in the file name does not exist "
        "(rename the file, or add 'date: YYYY-MM-DD')"]),
]


def outcome(root: Path, files: dict[str, str | bytes], toml: str | bytes | None) -> list[str]:
    """Build a site of `files` and return every problem as the command line prints it."""
    root.mkdir()
    (root / "content").mkdir()
    if toml is not None:
        write_tree(root, {"site.toml": toml})
    write_tree(root, files)
    try:
        result = build(root, BuildOptions(output=root.parent / "out", jobs=1))
    except SiteError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in sorted(result.warnings, key=lambda p: p.sort_key)]


@pytest.mark.parametrize(("files", "toml", "expected"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_input_gives_exactly_these_messages(tmp_path: Path, files: dict[str, str | bytes],
                                                toml: str | None, expected: list[str]) -> None:
    root = tmp_path / "site"
    expected = [line.replace(ROOT, str(root)) for line in expected]
    assert outcome(root, files, toml) == expected


def test_every_case_id_is_unique() -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))


def test_every_broken_file_of_a_build_is_reported_at_once_without_a_traceback(
        make_site) -> None:
    broken = {f"content/{case[0]}/{name.split('/')[-1]}": text
              for case in CASES if case[2] == SITE_TOML and case[3]
              and all(name.startswith("content/") for name in case[1])
              and not any(line.startswith("site.toml") or "warning:" in line
                          for line in case[3])
              for name, text in case[1].items()}
    root = make_site(broken)
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    errors = [line for line in lines[:-1] if ": warning: " not in line]
    assert len(errors) >= len({name.split("/")[1] for name in broken})
    assert lines[-1].startswith(f"Failed: {len(errors)} error(s), ")
    assert lines[-1].endswith("; nothing was written. Use --keep-going to publish the "
                              "articles that have no error.")
    assert not (root / "output").exists()


def test_the_french_date_line_gives_the_date_it_names(make_site) -> None:
    root = make_site({"content/a.txt": "| 21 f\u00e9vrier 2024, mercredi |\n\nTitre\n\nTexte.\n"})
    build(root)
    assert (root / "output/2024/02/21/titre/index.html").is_file()


def test_control_characters_never_reach_a_page_or_feed(make_site) -> None:
    root = make_site({
        "content/a.md": md('title: "Bell\\a title"', "date: 2024-01-01", "tags: [\"Ta\\bg\"]",
                           body="Bell\x07 and \x1b[1m bold &#7; text\x7f"),
        "content/b.txt": "| 2 January 2024 |\n\nHead\x0bline\n\nTe\x00xt \x85 here.\n",
    })
    build(root)
    for file in (root / "output").rglob("*"):
        if file.suffix in (".html", ".xml"):
            text = file.read_text(encoding="utf-8")
            assert not [c for c in text if ord(c) < 32 and c not in "\t\n\r"], file
            assert "\x7f" not in text and "\x85" not in text, file


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(make_site) -> None:
    root = make_site({"content/ok.md": dated()})
    with (root / "content/huge.txt").open("wb") as file:
        file.truncate(150 * 1024 * 1024)  # sparse: no disk is used
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        "content/huge.txt: is 150.0 MB; files over 100 MB are not read "
        "(split it into several articles, or move it out of the site)"]


def test_a_file_that_cannot_be_read_is_an_error(make_site,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site({"content/a.md": dated(), "content/b.md": dated()})
    unreadable = root / "content/a.md"
    if os.geteuid() != 0:
        unreadable.chmod(0)
    else:  # root reads any file: refuse this one as the kernel would anyone else
        read_bytes = Path.read_bytes

        def refuse(path: Path) -> bytes:
            if path == unreadable:
                raise PermissionError(13, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(SiteError) as error:
        build(root, BuildOptions(jobs=1))
    assert [str(p) for p in error.value.problems] == [
        "content/a.md: cannot be read: Permission denied (check the file's permissions)"]


@pytest.mark.slow
def test_a_50_mb_article_builds_in_reasonable_time_and_memory(tmp_path: Path) -> None:
    paragraph = ("The council met on Monday to discuss the harbour budget and the new ferry "
                 "timetable for the coming season, and agreed on most of it. ") * 4
    body = "\n\n".join([paragraph] * (50_000_000 // (len(paragraph) + 2) + 1))
    root = write_tree(tmp_path / "site", {
        "site.toml": SITE_TOML,
        "content/big.md": md("title: The longest story", "date: 2024-01-01", body=body),
        "content/small.md": article_md("A short one", "2024-01-02"),
    })
    assert (root / "content/big.md").stat().st_size > 50_000_000
    # In a child process, so that its peak memory is measured apart from the tests'.
    script = ("import resource, sys\n"
              "from generator.__main__ import main\n"
              "code = main(sys.argv[1:])\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
              "sys.exit(code)\n")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script, "build", "--site", str(root),
                             "-q", "-j", "1"], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.split()[-1]) / 1024
    assert seconds < 120, f"{seconds:.0f} s"
    assert peak_mb < 2048, f"{peak_mb:.0f} MB"
    page = root / "output/2024/01/01/the-longest-story/index.html"
    assert page.stat().st_size > 50_000_000


def test_a_messy_archive_reports_every_spoiled_file_once_by_kind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from messy_corpus import EPOCH, report, spoil
    from synthetic import write_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "site"
    write_site(root, 1000)
    expected = spoil(root, each=2)
    found, _, problems = report(root, jobs=1)
    assert found == expected, [str(p) for p in problems]


# --- cases that need more than a dict of files -------------------------------------------


@pytest.mark.parametrize(("epoch", "expected"), [
    ("soon", "SOURCE_DATE_EPOCH: 'soon' is not a whole number of seconds"),
    ("1.5e9", "SOURCE_DATE_EPOCH: '1.5e9' is not a whole number of seconds"),
    ("-1", "SOURCE_DATE_EPOCH: '-1' is not a whole number of seconds"),
    ("99999999999999", "SOURCE_DATE_EPOCH: 99999999999999 is past the year 9998 "
                       "(at most 253370764799)"),
])
def test_a_source_date_epoch_that_is_no_time_is_one_line(make_site, epoch: str,
                                                         expected: str) -> None:
    root = make_site({"content/a.md": dated()})
    result = run_cli("build", "--site", root, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{expected} (set it to whole seconds since 1970-01-01 UTC, like 1735689600, "
        "or unset it)", "Failed: 1 error(s), 0 warning(s); nothing was written."]
    assert not (root / "output").exists()


def test_a_broken_or_looping_link_in_static_is_an_error_and_output_stays(make_site) -> None:
    root = make_site({"content/a.md": dated(), "static/ok.txt": "ok"})
    assert run_cli("build", "--site", root).returncode == 0
    before = files_of(root / "output")
    (root / "static/logo.png").symlink_to("../brand/logo.png")
    (root / "static/loop").symlink_to("loop")
    result = run_cli("build", "--site", root)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"static/logo.png: is a broken symbolic link (to {root / 'brand/logo.png'}) "
        "(point the link at an existing file, or remove it)",
        "static/loop: is a symbolic link that leads to itself (point the link at an existing "
        "file, or remove it)",
        "Failed: 2 error(s), 0 warning(s); nothing was written."]
    assert files_of(root / "output") == before


def test_links_into_the_cache_the_output_or_site_toml_are_not_followed(make_site) -> None:
    root = make_site({"content/a.md": dated(), "static/ok.txt": "ok"})
    build(root)  # .cache/ and output/ exist now
    (root / "static/cache").symlink_to("../.cache")
    (root / "static/config.toml").symlink_to("../site.toml")
    (root / "static/mirror").symlink_to("../output")
    (root / "static/site").symlink_to("..")
    result = build(root)
    assert [str(w) for w in result.warnings] == [
        "static/cache: warning: is a symbolic link into the build's cache (.cache/); not "
        "followed (link to the files themselves, not to what the build makes or reads for "
        "itself)",
        "static/config.toml: warning: is a symbolic link into the site's configuration "
        "(site.toml); not followed (link to the files themselves, not to what the build "
        "makes or reads for itself)",
        "static/mirror: warning: is a symbolic link into the output folder; not followed "
        "(link to the files themselves, not to what the build makes or reads for itself)",
        "static/site/.cache: warning: is the build's cache (.cache/), reached through a "
        "symbolic link; not followed",
        "static/site/output: warning: is the output folder, reached through a symbolic link; "
        "not followed",
        "static/site/site.toml: warning: is the site's configuration (site.toml), reached "
        "through a symbolic link; not followed",
        "static/site/static: warning: is a folder listed already, reached through a symbolic "
        "link; not followed"]
    published = {p.relative_to(root / "output").as_posix() for p in
                 (root / "output").rglob("*")}
    assert "config.toml" not in published and "site/site.toml" not in published
    assert not [p for p in published if p.startswith(("mirror", "cache", "site/output"))]
    again = build(root)  # the output is not nested one level deeper on each build
    assert again.up_to_date


def test_news_and_ne_zero_width_ws_are_one_tag(make_site) -> None:
    root = make_site({
        "content/a.md": md("title: A", "date: 2024-01-01", 'tags: ["News", "Caf\\u00e9"]'),
        "content/b.md": md("title: B", "date: 2024-01-02", 'tags: ["Ne\\u200bws", "Cafe\\u0301"]'),
        "content/c.md": md("title: C", "date: 2024-01-03",
                           'tags: ["\\u0646\\u0627\\u200c\\u0645\\u0647"]'),  # Persian: kept
    })
    build(root)
    assert sorted(p.name for p in (root / "output/tags").iterdir() if p.is_dir()) == [
        "cafe", "news", "nmh"]
    page = (root / "output/tags/news/index.html").read_text(encoding="utf-8")
    assert ">A<" in page and ">B<" in page and "\u200b" not in page
    assert "\u0646\u0627\u200c\u0645\u0647" in (root / "output/tags/index.html").read_text(
        encoding="utf-8")


def test_one_line_json_front_matter_is_read(make_site) -> None:
    root = make_site({"content/a.md": '{"title": "One line", "date": "2024-01-01"}\n\nText.\n'})
    build(root)
    page = (root / "output/2024/01/01/one-line/index.html").read_text(encoding="utf-8")
    assert ">One line</h1>" in page and "<p>Text.</p>" in page and '"date"' not in page


def test_a_file_deleted_during_the_build_is_named_as_such(make_site,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import generator.build

    root = make_site({"content/a.md": dated(), "content/b.md": dated()})
    listed = generator.build.list_sources

    def list_then_delete(*args: object, **kwargs: object) -> object:
        found = listed(*args, **kwargs)  # type: ignore[arg-type]
        (root / "content/a.md").unlink()
        return found

    monkeypatch.setattr(generator.build, "list_sources", list_then_delete)
    with pytest.raises(SiteError) as error:
        build(root, BuildOptions(jobs=1))
    assert [str(p) for p in error.value.problems] == [
        "content/a.md: was deleted during the build (build again)"]


def test_keep_going_leaves_out_a_bundle_whose_picture_is_broken_and_names_it(
        make_site) -> None:
    root = make_site({
        "content/a.md": article_md("Harbour", "2024-03-01"),
        "content/crane/index.md": article_md("Crane", "2024-03-02", "![map](map.png)"),
        "content/crane/map.png": b"this is no picture",
    })
    result = run_cli("build", "--keep-going", "--site", root)
    assert "content/crane/map.png: not an image" in result.stderr
    assert "Traceback" not in result.stderr
    pages = files_of(root / "output")
    assert "2024/03/01/harbour/index.html" in pages
    assert not any("crane" in name for name in pages)
