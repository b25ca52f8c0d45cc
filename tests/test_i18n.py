"""The theme in the reader's language: catalogues, plural forms, fallbacks, a site's own
strings, dates through CLDR, right to left."""

from __future__ import annotations

import calendar
import importlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from babel import Locale
from babel.messages.pofile import read_po
from conftest import article_md

from generator.build import build
from generator.config import Config
from generator.errors import SiteError
from generator.i18n.catalogues import THEME_LOCALES, load_catalogue, plural_count
from generator.i18n.check import used_messages
from generator.theme import DEFAULT_THEME

LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "ar"]
# The modules whose page titles Python translates (N_) register them when imported, as a
# build does before it checks the catalogues: every module that marks one is imported
# here (found by its text, so that a string moved to a new module is not missed), so
# that these tests see them when run alone too, not only after other tests imported them.
_PACKAGE = Path(__file__).resolve().parent.parent / "generator"
for _file in sorted(_PACKAGE.rglob("*.py")):
    if "N_(" in _file.read_text(encoding="utf-8") and _file.parent.name != "i18n":
        importlib.import_module(".".join(("generator", *_file.relative_to(_PACKAGE)
                                                      .with_suffix("").parts)))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

FRENCH_TOML = """title = "Le Courrier du Port"
description = "Le quotidien imaginaire des tests."
base_url = "https://courrier.example/"
language = "fr"
timezone = "Europe/Paris"
per_page = 2

[search]
enabled = true
"""


def french_site() -> dict[str, str]:
    """A French paper with every kind of page: several pages of stories, tags, sources,
    years, months and days with neighbours, an update, authors, related stories, a moved
    story, and stories long enough for minutes in the plural."""
    long = " ".join(["Le conseil municipal a voté le budget du port après un long débat."] * 60)
    return {
        "content/a.md": article_md("Le port rouvre après la tempête", "2023-11-02T08:00",
                                   long, tags="[Port, Météo]", source="Agence Estuaire",
                                   author="Claire Dumontel", updated="2023-11-03"),
        "content/b.md": article_md("Le tramway prolongé jusqu'à la gare", "2024-03-14T09:30",
                                   "Les travaux commencent au printemps.", tags="[Transports]",
                                   source="Agence Estuaire", aliases="[/ancien/tramway/]"),
        "content/c.md": article_md("Les pêcheurs manifestent sur les quais", "2024-03-14T18:00",
                                   "Ils demandent une zone réservée.", tags="[Port]",
                                   author="Yannick Le Goff"),
        "content/d.md": article_md("Un nouveau marché couvert", "2024-05-20",
                                   "Le marché ouvrira en juin.", tags="[Commerce, Port]",
                                   source="Courrier du Port"),
        "content/e.md": article_md("La bibliothèque ouvre le dimanche", "2025-01-09",
                                   "Un essai de six mois.", tags="[Culture]",
                                   author="[Claire Dumontel, Yannick Le Goff, Inès Roy]"),
        # The newsroom's pages: a correction, a withdrawn story, an author's profile.
        "content/f.md": article_md("Le pont levant restera fermé", "2024-03-15T07:45",
                                   "La réparation prendra un mois.", tags="[Port]",
                                   author="Claire Dumontel",
                                   corrections='[{date: "2024-03-16", text: "Il s\u2019agit du '
                                   'pont Nord, non du pont Sud."}]'),
        "content/g.md": article_md("Un article retiré", "2024-02-01", "Texte.",
                                   status="withdrawn"),
        "authors.toml": '["Claire Dumontel"]\nbio = "Correspondante au port."\n'
                        'url = "https://claire.example/"\n',
    }


class Words(HTMLParser):
    """The words of the theme a reader sees or hears: text outside scripts, styles, the
    body of a story and an author's bio (written by people, not the theme), and the
    attributes shown or read aloud (not
    a protocol's tokens: og:type's 'website', twitter:card's 'summary'; nor the names of
    feed formats: Atom, RSS, JSON Feed)."""

    SHOWN = ("title", "aria-label", "placeholder", "alt", "content", "label")
    TOKENS = ("og:type", "twitter:card", "robots", "color-scheme", "viewport")
    FORMATS = re.compile(r"\((?:Atom|RSS|JSON Feed)\)$")
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0  # depth inside a script, a style or a story's body

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._skip and tag not in self.VOID:
            self._skip += 1
        elif tag in ("script", "style") or {"article-body", "author-head__bio"} & set(
                (a.get("class") or "").split()):
            self._skip = 1
        if not self._skip and (a.get("property") or a.get("name")) not in self.TOKENS:
            for name, value in attrs:
                if name in self.SHOWN and value and not value.startswith(("http", "/")):
                    self.parts.append(self.FORMATS.sub("", value))

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag not in self.VOID:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def words_of(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]{2,}", text)}


def english_only_words(language: str) -> set[str]:
    """Every word of the theme's English strings, month and weekday names that the
    language's catalogue (and CLDR's names) does not also use."""
    catalogue = read_po((THEME_LOCALES / language / "LC_MESSAGES/messages.po").open("rb"))
    english: set[str] = set()
    translated: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        english |= words_of(PLACEHOLDER.sub(" ", " ".join(ids)))
        translated |= words_of(PLACEHOLDER.sub(" ", " ".join(strings)))
    english |= words_of(" ".join([*calendar.month_name, *calendar.month_abbr,
                                  *calendar.day_name]))
    names = Locale.parse(language)
    for kind in (names.months, names.days):
        for context in kind.values():
            for width in context.values():
                translated |= words_of(" ".join(width.values()))
    return english - translated


def test_every_catalogue_translates_every_theme_string_in_every_plural_form() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"],
                             loader=jinja2.FileSystemLoader(DEFAULT_THEME / "templates"))
    used = used_messages(env)
    assert len(used) > 60
    for language in LANGUAGES:
        path = THEME_LOCALES / language / "LC_MESSAGES/messages.po"
        catalogue = read_po(path.open("rb"), locale=language)
        assert catalogue.num_plurals == plural_count(language), language
        found = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m
                 for m in catalogue if m.id}
        for key in used:
            context, msgid = key if isinstance(key, tuple) else (None, key)
            message = found.get((context, msgid))
            assert message is not None, f"{language}: {msgid!r} is missing"
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{language}: {msgid!r} is not translated"
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = set(PLACEHOLDER.findall(" ".join(ids))) - {"%(num)d"}
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) - {"%(num)d"} == wanted, (
                    f"{language}: {string!r} does not keep the placeholders of {msgid!r}")
        assert set(found) == {k if isinstance(k, tuple) else (None, k) for k in used}, language


def test_a_french_site_shows_no_english_theme_word_on_any_page(make_site) -> None:
    root = make_site(french_site(), FRENCH_TOML)
    result = build(root)
    assert result.warnings == []
    english = english_only_words("fr")
    assert {"latest", "news", "older", "newer", "read", "skip", "march"} <= english
    out = root / "output"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    walked = {page.relative_to(out).as_posix() for page in pages}
    # Issue 13's pages are walked too: an author's, the authors', the corrections', a day
    # of the year with stories and one without, the calendar of days, a withdrawn notice.
    assert {"authors/claire-dumontel/index.html", "authors/index.html",
            "corrections/index.html", "on-this-day/03-14/index.html",
            "on-this-day/07-01/index.html", "on-this-day/index.html",
            "2024/02/01/un-article-retire/index.html"} <= walked
    found = {}
    for page in pages:
        parser = Words()
        parser.feed(page.read_text(encoding="utf-8"))
        shown = words_of(" ".join(parser.parts)) & english
        if shown:
            found[page.relative_to(out).as_posix()] = sorted(shown)
    feeds = [out / "feed.xml", *out.glob("tags/*/feed.xml"), *out.glob("authors/*/feed.xml"),
             out / "corrections/feed.xml"]
    for feed in feeds:
        titles = " ".join(re.findall(r"<title>([^<]*)</title>", feed.read_text("utf-8")))
        if shown := words_of(titles) & english:
            found[feed.relative_to(out).as_posix()] = sorted(shown)
    for feed in [out / "feed.json", *out.glob("authors/*/feed.json")]:
        if shown := words_of(json.loads(feed.read_text("utf-8"))["title"]) & english:
            found[feed.relative_to(out).as_posix()] = sorted(shown)
    assert found == {}
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1 class=\"section-head__title\">Dernières actualités</h1>" in home
    assert "Page 1 sur 3" in home
    # The newsroom's words, in French: a byline of three, a correction, a withdrawn story.
    story = (out / "2025/01/09/la-bibliotheque-ouvre-le-dimanche/index.html").read_text("utf-8")
    assert re.search(r"Par <a [^>]+><bdi>Claire Dumontel</bdi></a>, <a [^>]+><bdi>Yannick Le "
                     r"Goff</bdi></a> et <a [^>]+><bdi>Inès Roy</bdi></a>", story)
    bridge = (out / "2024/03/15/le-pont-levant-restera-ferme/index.html").read_text("utf-8")
    assert ('<li><time datetime="2024-03-16T00:00:00+01:00">16 mars 2024</time> : Il s\u2019agit '
            "du pont Nord, non du pont Sud.</li>") in bridge
    assert "15 mars 2024, 07:45 CET" in bridge
    day = (out / "on-this-day/03-14/index.html").read_text("utf-8")
    assert "<title>Le 14 mars · Le Courrier du Port</title>" in day


def test_minutes_of_reading_take_the_plural_form_of_the_language(make_site) -> None:
    long = " ".join(["word"] * 1000)
    files = {"content/a.md": article_md("One", "2024-01-01", "Short."),
             "content/b.md": article_md("Five", "2024-01-02", long)}
    pages = {}
    for language in ("en", "fr", "ar"):
        root = make_site(files, f'title = "T"\nlanguage = "{language}"\n')
        build(root)
        pages[language] = [
            re.search(r'dateline__reading"><bdi>([^<]*)<', (root / f"output/2024/01/0{n}/{slug}"
                      "/index.html").read_text("utf-8"))[1]
            for n, slug in ((1, "one"), (2, "five"))]
    assert pages == {"en": ["1 minute read", "5 minutes read"],
                     "fr": ["1 minute de lecture", "5 minutes de lecture"],
                     "ar": ["قراءة في دقيقة واحدة", "قراءة في 5 دقائق"]}


def test_arabic_counts_take_all_six_forms(tmp_path: Path) -> None:
    words = load_catalogue(Config(root=tmp_path, language="ar"), "ar").translations
    forms = [words.ngettext("%(num)d article", "%(num)d articles", n) % {"num": n}
             for n in (0, 1, 2, 3, 11, 100)]
    assert forms == ["لا أخبار", "خبر واحد", "خبران", "3 أخبار", "11 خبرًا", "100 خبر"]


CUSTOM_HOME = """{% extends "base.html" %}
{% block content %}<h1>{{ _("Weather") }}</h1><p>{{ _("Latest news") }}</p>{% endblock %}
"""


def test_a_string_missing_from_the_catalogue_is_english_with_one_warning(make_site) -> None:
    files = {**french_site(), "templates/home.html": CUSTOM_HOME,
             "templates/group.html": CUSTOM_HOME.replace("Latest news", "Weather")}
    root = make_site(files, FRENCH_TOML)
    result = build(root)
    assert [str(w) for w in result.warnings] == [
        "locales/fr/LC_MESSAGES/messages.po: warning: no French translation of 'Weather' "
        "(templates/group.html:2); it is shown in English (add it to this file)"]
    home = (root / "output/index.html").read_text(encoding="utf-8")
    assert "<h1>Weather</h1><p>Dernières actualités</p>" in home


SITE_PO = """msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Weather"
msgstr "Météo"

msgid "Latest news"
msgstr "À la une"

#, fuzzy
msgid "Skip to content"
msgstr "Sauter"

msgid "%(num)d minute read"
msgid_plural "%(num)d minutes read"
msgstr[0] "%(num)d minute"
msgstr[1] "%(num)d minutes"
"""


def test_a_site_catalogue_adds_and_overrides_strings(make_site) -> None:
    files = {**french_site(), "templates/home.html": CUSTOM_HOME,
             "locales/fr/LC_MESSAGES/messages.po": SITE_PO}
    root = make_site(files, FRENCH_TOML)
    result = build(root)
    assert result.warnings == []
    out = root / "output"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>Météo</h1><p>À la une</p>" in home
    assert ">Aller au contenu</a>" in home  # a fuzzy entry is no translation
    # The file counts two plural forms, CLDR three: each number still takes its own.
    story = next(out.glob("2023/11/02/*/index.html")).read_text(encoding="utf-8")
    assert '<bdi>4 minutes</bdi>' in story


def test_a_broken_site_catalogue_is_an_error_naming_it(make_site) -> None:
    files = {**french_site(), "locales/fr/LC_MESSAGES/messages.po":
             'msgid "Weather"\nmsgstr "Météo"\n\nWind: strong\n'}
    root = make_site(files, FRENCH_TOML)
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        "locales/fr/LC_MESSAGES/messages.po:4: not a valid catalogue: unknown or misformatted "
        "keyword: 'Wind: strong' (entries are msgid \"...\" then msgstr \"...\"; see the "
        "README's 'Languages')"]


def test_a_language_without_a_catalogue_warns_once_and_is_english(make_site) -> None:
    root = make_site(french_site(), FRENCH_TOML.replace('language = "fr"', 'language = "nl"'))
    result = build(root)
    assert [str(w) for w in result.warnings] == [
        "locales/nl/LC_MESSAGES/messages.po: warning: no catalogue of theme strings for 'nl' "
        "(Dutch): the theme's words are shown in English (write this file; the README's "
        "'Languages' says how)"]
    home = (root / "output/index.html").read_text(encoding="utf-8")
    assert "Latest news" in home
    assert "9 januari 2025" in home  # the dates are Dutch all the same (CLDR)


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "date", "month", "abbr"), [
    ("en", "14 March 2024", "March 2024", "Mar"),
    ("en-US", "March 14, 2024", "March 2024", "Mar"),
    ("fr", "14 mars 2024", "mars 2024", "mars"),
    ("de", "14. März 2024", "März 2024", "Mär"),
    ("es", "14 de marzo de 2024", "marzo de 2024", "mar"),
    ("it", "14 marzo 2024", "marzo 2024", "mar"),
    ("pt", "14 de março de 2024", "março de 2024", "mar."),
    ("ar", "14 مارس 2024", "مارس 2024", "مارس"),
])
def test_dates_months_and_period_titles_are_in_the_language(
        make_site, language: str, date: str, month: str, abbr: str) -> None:
    files = {"content/a.md": article_md("A", "2024-03-14")}
    root = make_site(files, f'title = "T"\nlanguage = "{language}"\ntimezone = "UTC"\n')
    build(root)
    out = root / "output"
    assert f"<bdi>{date}</bdi>" in (out / "index.html").read_text("utf-8")
    assert f"<title>{month} · T</title>" in (out / "2024/03/index.html").read_text("utf-8")
    assert f"<title>{date} · T</title>" in (out / "2024/03/14/index.html").read_text("utf-8")
    archive = (out / "archive/index.html").read_text("utf-8")
    assert f'aria-hidden="true">{abbr}</span> <a href="/2024/03/" aria-label="{month}' in archive


@pytest.mark.parametrize(("date_format", "shown"), [
    ("short", "14/03/2024"),
    ("medium", "14 mars 2024"),
    ("full", "jeudi 14 mars 2024"),
    ("EEEE d MMMM y", "jeudi 14 mars 2024"),
    ("'le' d MMMM y", "le 14 mars 2024"),
    ("%A %-d %B %Y", "jeudi 14 mars 2024"),  # strftime, as before
])
def test_date_format_takes_cldr_lengths_patterns_and_strftime(
        make_site, date_format: str, shown: str) -> None:
    files = {"content/a.md": article_md("A", "2024-03-14")}  # a date alone: no time shown
    root = make_site(files, f'title = "T"\nlanguage = "fr"\ndate_format = "{date_format}"\n')
    build(root)
    assert f"<bdi>{shown}</bdi>" in (root / "output/index.html").read_text("utf-8")


@pytest.mark.parametrize(("settings", "shown"), [
    ('language = "fr"', "14 mars 2024, 10:30 CET"),  # the default: HH:mm z
    ('language = "fr"\ntime_format = "HH \'h\' mm"', "14 mars 2024, 10 h 30"),
    ('language = "fr"\ntime_format = "%H:%M %Z"', "14 mars 2024, 10:30 CET"),  # strftime
    ('language = "en-US"\ntime_format = "short"', "March 14, 2024, 10:30\u202fAM"),
    ('language = "de"', "14. März 2024, 10:30 CET"),
    ('language = "ar"', "14 مارس 2024، 10:30 CET"),  # joined the Arabic way
])
def test_the_time_of_day_is_in_the_language_and_the_site_timezone(
        make_site, settings: str, shown: str) -> None:
    files = {"content/a.md": article_md("A", "2024-03-14T09:30:00Z")}
    root = make_site(files, f'title = "T"\ntimezone = "Europe/Paris"\n{settings}\n')
    build(root)
    assert f"<bdi>{shown}</bdi>" in (root / "output/index.html").read_text("utf-8")


def test_a_time_format_that_cannot_be_used_is_a_clear_error(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-03-14")},
                     'title = "T"\n[languages.fr]\ntime_format = "%X"\n')
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        "site.toml:3: '%X' in time_format '%X' has no CLDR equivalent (write a CLDR pattern "
        "such as 'HH:mm', or short, medium or long)"]


@pytest.mark.parametrize(("date_format", "message"), [
    ("%c", "site.toml:2: '%c' in date_format '%c' has no CLDR equivalent (write a CLDR "
           "pattern such as 'd MMMM y', or short, medium or long)"),
    ("Published d MMMM", "site.toml:2: 'P' in date_format 'Published d MMMM' is no CLDR date "
     "field (put words in single quotes, like \"'Published' d MMMM y\"; fields are d (day), "
     "MMMM (month), y (year), EEEE (weekday), HH:mm (time))"),
    ("d 'de MMMM", "site.toml:2: date_format 'd 'de MMMM' has an unclosed quote (quote words "
     "in pairs, like \"'le' d MMMM y\")"),
])
def test_a_date_format_that_cannot_be_used_is_a_clear_error(make_site, date_format: str,
                                                            message: str) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-03-14")},
                     f'title = "T"\ndate_format = "{date_format}"\n')
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [message]


def test_an_arabic_site_is_right_to_left_on_every_page(make_site) -> None:
    files = {"content/a.md": article_md("الميناء يعيد فتح أبوابه", "2024-03-14",
                                        "نص الخبر.", tags="[الميناء]", source="وكالة المصب",
                                        aliases="[/old/]")}
    root = make_site(files, 'title = "صحيفة المصب"\nlanguage = "ar"\n')
    build(root)
    out = root / "output"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        head = page.read_text(encoding="utf-8")[:300]
        assert re.search(r'<html lang="ar" dir="rtl">', head), page
        assert 'dir="ltr"' not in page.read_text(encoding="utf-8"), page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert ">آخر الأخبار</h1>" in home


def test_feed_titles_and_moved_pages_are_in_the_language(make_site) -> None:
    root = make_site(french_site(), FRENCH_TOML.replace("[search]\nenabled = true\n", ""))
    build(root)
    out = root / "output"
    feed = (out / "tags/port/feed.xml").read_text(encoding="utf-8")
    assert "<title>Thème\u00a0: Port · Le Courrier du Port</title>" in feed
    moved = (out / "ancien/tramway/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in moved
    assert "<title>Déplacé\u00a0: Le tramway prolongé jusqu&#x27;à la gare</title>" in moved
    assert "<p>Cet article a été déplacé à l\u2019adresse <a href=" in moved
