"""Gettext catalogues: the theme's (shipped as .po files) under the site's own, read with
Babel at build time, so that neither the package nor a site needs a compile step.

A site's `locales/<lang>/LC_MESSAGES/messages.po` adds strings or overrides the theme's.
For `pt-BR` the theme's and the site's `pt` come first and `pt_BR` (or `pt-BR`) over them.
A catalogue is read once per process while its files stay as they are.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from ..config import Config
from ..digests import digest_parts, stat_signature
from ..errors import Problem
from ..theme import DEFAULT_THEME

MESSAGES = Path("LC_MESSAGES") / "messages.po"
THEME_LOCALES = DEFAULT_THEME / "locales"
# Which plural form a number takes is tried on these numbers: every form of every CLDR
# rule is reached by one of them.
SAMPLES = (*range(0, 112), 1000, 1001, 1002, 1003, 1011, 100000, 1000000, 2000000)

Key = str | tuple[str, str]  # a msgid, or (msgctxt, msgid)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The theme strings of one language: the compiled translations, the keys they hold,
    a digest of the files they came from, and what was wrong with those files."""

    language: str
    translations: gettext.NullTranslations
    keys: frozenset[Key]
    digest: bytes
    files: tuple[str, ...]
    problems: tuple[Problem, ...] = ()


_CACHE: dict[tuple[object, ...], Catalogue] = {}


def babel_locale(language: str) -> Locale | None:
    """Babel's locale for a language tag ('pt-BR' -> pt_BR), its primary language when
    only that is known, or None."""
    for tag in (language, language.split("-")[0]):
        try:
            return Locale.parse(tag, sep="-")
        except (ValueError, LookupError):
            continue
    return None


def catalogue_files(config: Config, language: str) -> list[tuple[Path, str]]:
    """The .po files for a language, most general first, each with its path as messages
    show it: the theme's, then the site's."""
    locale = babel_locale(language)
    names = [language.split("-")[0].lower()]
    if locale is not None:
        names = [locale.language]
        for extra in (locale.script, locale.territory):
            if extra:
                names.append(f"{names[-1]}_{extra}")
    found = []
    site = config.path("locales_dir")
    for folder, shown in ((THEME_LOCALES, None), (site, config.locales_dir)):
        for name in names:
            for spelling in dict.fromkeys((name, name.replace("_", "-"))):
                path = folder / spelling / MESSAGES
                if path.is_file():
                    where = f"{shown}/{spelling}/{MESSAGES.as_posix()}" if shown else str(path)
                    found.append((path, where))
                    break
    return found


def load_catalogue(config: Config, language: str) -> Catalogue:
    """The catalogue of `language`: the theme's strings with the site's over them."""
    files = catalogue_files(config, language)
    key = (language, *((str(path), stat_signature(path)) for path, _ in files))
    cached = _CACHE.get(key)
    if cached is None:
        cached = _CACHE[key] = _compile(language, files)
    return cached


def _compile(language: str, files: list[tuple[Path, str]]) -> Catalogue:
    locale = babel_locale(language)
    merged = Catalog(locale=locale or "en")
    messages: dict[tuple[object, str | None], Message] = {}  # the later file's wins
    problems: list[Problem] = []
    parts = [language.encode()]
    for path, shown in files:
        data = path.read_bytes()
        parts += [shown.encode(), data]
        try:
            catalog = read_po(BytesIO(data), locale=locale, abort_invalid=True)
        except PoFileError as exc:
            # Babel counts lines from 0 and says 'on N' in its message.
            reason = str(exc).split(" on ")[0].lower()
            problems.append(Problem(shown, f"not a valid catalogue: {reason}: {exc.line!r}",
                                    exc.lineno + 1, "entries are msgid \"...\" then msgstr "
                                    "\"...\"; see the README's 'Languages'"))
            continue
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, f"not a valid catalogue: {exc}"))
            continue
        for message in _translated(catalog, merged):
            messages[(message.id, message.context)] = message
    for message in messages.values():
        merged[message.id] = message
    buffer = BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    keys = frozenset(message_key(m.id, m.context) for m in merged if m.id)
    return Catalogue(language, Translations(buffer), keys, digest_parts(*parts),
                     tuple(shown for _, shown in files), tuple(problems))


def _translated(catalog: Catalog, target: Catalog) -> Iterable[Message]:
    """The messages of `catalog` that are translated, their plural forms in the order of
    the `target`'s plural rule (a site's French file may count two forms, CLDR three)."""
    mapping = _plural_mapping(catalog, target)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.string, tuple | list):
            forms = [message.string[i] if i < len(message.string) else "" for i in mapping]
            if all(forms):
                yield Message(message.id, tuple(forms), context=message.context)
        elif message.string:
            yield message


def _plural_mapping(source: Catalog, target: Catalog) -> list[int]:
    """For each plural form of `target`, the form of `source` that the same numbers take."""
    own = gettext.c2py(source.plural_expr)
    wanted = gettext.c2py(target.plural_expr)
    mapping: dict[int, int] = {}
    for number in SAMPLES:
        mapping.setdefault(wanted(number), own(number))
    count = target.num_plurals
    return [mapping.get(index, min(index, source.num_plurals - 1)) for index in range(count)]


def message_key(msgid: str | tuple[str, ...] | list[str], context: str | None) -> Key:
    """The key a message is known by: its (singular) msgid, with its context if it has one."""
    singular = msgid if isinstance(msgid, str) else msgid[0]
    return (context, singular) if context else singular


def plural_count(language: str) -> int:
    """How many plural forms CLDR gives the language (2 for English, 6 for Arabic)."""
    locale = babel_locale(language)
    return get_plural(locale).num_plurals if locale is not None else 2
