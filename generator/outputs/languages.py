"""A site in several languages: each page linked to its versions in the others (hreflang,
both ways, with x-default), and the language switcher every page shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale

from ..model import Page, text_direction
from ..site.editions import Edition


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """One language in the switcher: its name in its own words, and where this page is in
    it (that language's home page when this page has no version there)."""

    code: str
    name: str
    url: str
    dir: str
    current: bool


def link_editions(editions: Sequence[Edition], planned: Sequence[Sequence[Page]]) -> list[Page]:
    """Set each page's edition, its versions in other languages (`alternates`: itself
    included, and x-default for the default language's) and, for a page made from a
    template, `alternates` and `languages` (the switcher) in its context."""
    codes = [edition.language for edition in editions]
    homes = {edition.language: edition.config.home_url for edition in editions}
    names = {code: own_name(code) for code in codes}
    versions: dict[str, dict[str, Page]] = {}
    for code, pages in zip(codes, planned, strict=True):
        for page in pages:
            if page.key:
                versions.setdefault(page.key, {})[code] = page
    linked = []
    for code, pages in zip(codes, planned, strict=True):
        for page in pages:
            same = versions.get(page.key, {}) if page.key else {}
            alternates = _alternates(same, codes) if len(same) > 1 else ()
            context = page.context
            if page.template:
                switcher = tuple(
                    LanguageLink(other, names[other], same[other].url if other in same
                                 else page.url if other == code else homes[other],
                                 text_direction(other), other == code)
                    for other in codes)
                context = {**context, "alternates": alternates, "languages": switcher}
            linked.append(dataclasses.replace(page, edition=code, alternates=alternates,
                                              context=context))
    return linked


def relink(linked: Page, again: Page) -> Page:
    """`again`, a page made again for the file of `linked` (a body changed, and with it its
    word count), with the links to other languages `linked` has: they did not change."""
    context = again.context
    if again.template:
        context = {**context, "alternates": linked.context.get("alternates", ()),
                   "languages": linked.context.get("languages", ())}
    return dataclasses.replace(again, edition=linked.edition, alternates=linked.alternates,
                               context=context)


def _alternates(same: dict[str, Page], codes: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs = [(_hreflang(same[code], code), same[code].url) for code in codes if code in same]
    if codes[0] in same:
        pairs.append(("x-default", same[codes[0]].url))
    return tuple(pairs)


def _hreflang(page: Page, code: str) -> str:
    """A story's own language ('fr-CA'), else its edition's."""
    article = page.context.get("article")
    return str(getattr(article, "language", "") or code)


def own_name(code: str) -> str:
    """A language's name in that language, capitalised as a menu item: 'Français'."""
    try:
        name = str(Locale.parse(code, sep="-").get_display_name(code))
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]
