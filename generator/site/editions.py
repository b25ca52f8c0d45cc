"""A site in several languages: one edition per language, each a whole site of its own
(home, tags, sources, dates, feeds) under its prefix, and the stories that translate
each other linked across them."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from ..config import CONFIG_NAME, Config
from ..errors import Problems
from ..model import Article, AuthorProfile, Media, Site
from ..readers.translations import path_key
from .indexes import Related, make_site
from .related import related_articles
from .selection import Selection


@dataclass(frozen=True, slots=True)
class Edition:
    """One language's part of the site: its settings (language, title, URLs under its
    prefix) and its articles grouped every way they are browsed."""

    config: Config
    site: Site

    @property
    def language(self) -> str:
        return self.config.language


def make_editions(config: Config, articles: Sequence[Article], selection: Selection,
                  build_time: datetime, problems: Problems,
                  profiles: Mapping[str, AuthorProfile] | None = None,
                  related: Related = related_articles) -> tuple[Edition, ...]:
    """Split the articles by language into the site's editions (a site of one language
    has one, at '/'), after checking that every translation is in a declared language
    and that no two files are the same story in the same language."""
    editions = config.editions()
    codes = [edition.language for edition in editions]
    placed: dict[str, list[Article]] = {code: [] for code in codes}
    claims: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        code = edition_of(article.language, codes)
        if article.translation_key:
            if code is None:
                report_undeclared(article, problems)
                continue
            claims[(article.translation_key, code)].append(article)
        placed[code or codes[0]].append(article)
    report_duplicates(claims, placed, problems)
    if len(editions) > 1:
        placed = {code: [_keyed(a) for a in members] for code, members in placed.items()}
    return tuple(Edition(edition, make_site(edition, placed[edition.language], selection,
                                            build_time, problems, profiles, related))
                 for edition in editions)


def whole_site(editions: Sequence[Edition]) -> Site:
    """The stories and authors of every language as one site, for the images stage (an
    image is prepared once, whichever languages show it)."""
    if len(editions) == 1:
        return editions[0].site
    sites = [edition.site for edition in editions]
    return dataclasses.replace(
        sites[0], articles=tuple(a for site in sites for a in site.articles),
        author_by_key=MappingProxyType({key: group for site in reversed(sites)
                                        for key, group in site.author_by_key.items()}))


def with_media(editions: Sequence[Edition], media: Media) -> tuple[Edition, ...]:
    """The editions with the prepared images every language's pages show."""
    return tuple(dataclasses.replace(edition, site=dataclasses.replace(edition.site,
                                                                       media=media))
                 for edition in editions)


def edition_of(language: str, codes: Sequence[str]) -> str | None:
    """The declared language a story in `language` belongs to: the same tag, else the
    first with the same primary language ('fr-CA' -> 'fr'); None if there is none."""
    wanted = language.casefold()
    for code in codes:
        if code.casefold() == wanted:
            return code
    primary = wanted.split("-")[0]
    for code in codes:
        if code.casefold().split("-")[0] == primary:
            return code
    return None


def report_undeclared(article: Article, problems: Problems) -> None:
    problems.error(article.path, f"a translation into '{article.language}', which "
                   f"{CONFIG_NAME} does not declare",
                   hint=f"add a [languages.{article.language}] table to {CONFIG_NAME}, or "
                   "change the story's language")


def report_duplicates(claims: dict[tuple[str, str], list[Article]],
                      placed: dict[str, list[Article]], problems: Problems) -> None:
    """Two files that say they are the same story in the same language: both named.
    A file with no key of its own ('story.md') is the counterpart of 'story.fr.md'."""
    plain = {(path_key(a.path), code): a for code, members in placed.items()
             for a in members if not a.translation_key}
    for (key, code), members in sorted(claims.items()):
        counterpart = plain.get((key, code))
        if counterpart is not None:
            members = [counterpart, *members]
        if len(members) < 2:
            continue
        names = ", ".join(sorted(a.path for a in members))
        for article in members:
            problems.error(article.path, f"{len(members)} files are the '{code}' version of "
                           f"the story '{_shown(key)}': {names}",
                           hint="give each a translation_key of its own, or another language")


def _keyed(article: Article) -> Article:
    """The article with the key its translations share (its path's, when it has none)."""
    if article.translation_key:
        return article
    return dataclasses.replace(article, translation_key=path_key(article.path))


def _shown(key: str) -> str:
    return key.removeprefix("content/")
