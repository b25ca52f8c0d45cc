"""Which theme strings a site's catalogues lack: found before any page is rendered, so
that a clean build and a rebuild warn alike, once per string and language."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

import jinja2
from babel import Locale
from jinja2.ext import extract_from_ast

from ..config import Config
from ..digests import digest
from ..errors import Problems
from ..theme import DEFAULT_THEME
from .catalogues import MESSAGES, Key, load_catalogue, message_key
from .translator import PYTHON_MESSAGES

TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".txt", ".j2")
Where = tuple[str, int | None]

_EXTRACTED: dict[tuple[str, bytes], list[tuple[Key, int]]] = {}
# Templates are read for their strings as written (the build's environment reads some of
# them otherwise, see render.gettext).
_PARSER = jinja2.Environment(extensions=["jinja2.ext.i18n"])


def check_catalogues(editions: Iterable[Config], env: jinja2.Environment,
                     problems: Problems) -> None:
    """Report a catalogue that cannot be read, a language no catalogue covers, and each
    string a language's catalogues lack (it is shown in English)."""
    used: dict[Key, Where] | None = None
    reported: set[str] = set()
    for config in editions:
        catalogue = load_catalogue(config, config.language)
        for problem in catalogue.problems:
            if str(problem) not in reported:
                reported.add(str(problem))
                problems.extend([problem])
        if config.language.split("-")[0].lower() == "en":
            continue  # the strings are written in English
        own = f"{config.locales_dir}/{config.language}/{MESSAGES.as_posix()}"
        name = language_name(config.language)
        if not catalogue.files:
            problems.warn(own, f"no catalogue of theme strings for '{config.language}' "
                          f"({name}): the theme's words are shown in English",
                          hint="write this file; the README's 'Languages' says how")
            continue
        if used is None:
            used = used_messages(env)
        for key, (path, line) in used.items():
            if key not in catalogue.keys:
                msgid = key if isinstance(key, str) else key[1]
                where = f"{path}:{line}" if line else path
                problems.warn(own, f"no {name} translation of {msgid!r} ({where}); it is "
                              "shown in English", hint="add it to this file")


def used_messages(env: jinja2.Environment) -> dict[Key, Where]:
    """Every string the templates and the generator translate, with where it is first used."""
    used: dict[Key, Where] = {}
    loader = env.loader
    names = sorted(loader.list_templates()) if loader is not None else []
    for name in names:
        if not name.endswith(TEMPLATE_SUFFIXES):
            continue
        source, filename, _ = loader.get_source(env, name)  # type: ignore[union-attr]
        shown = f"templates/{name}" if filename and _is_site(filename) else (
            f"the theme's {name}")
        for key, line in extracted(env, name, source):
            used.setdefault(key, (shown, line))
    for key in PYTHON_MESSAGES:
        used.setdefault(key, ("a page title", None))
    return used


def extracted(env: jinja2.Environment, name: str, source: str) -> list[tuple[Key, int]]:
    """The translated strings of one template, with their lines (kept while it is unchanged)."""
    cache_key = (name, digest(source.encode()))
    found = _EXTRACTED.get(cache_key)
    if found is None:
        found = []
        try:
            tree = _PARSER.parse(source, name)
        except jinja2.TemplateSyntaxError:
            tree = None  # the render stage reports it, with its line
        for line, function, strings in extract_from_ast(tree) if tree else ():
            values = (strings,) if isinstance(strings, str) else tuple(strings or ())
            if function in ("pgettext", "npgettext"):
                if len(values) > 1 and values[0] and values[1]:
                    found.append((message_key(values[1], values[0]), line))
            elif values and values[0]:
                found.append((message_key(values[0], None), line))
        _EXTRACTED[cache_key] = found
    return found


def language_name(language: str) -> str:
    """The language's name in English ('French'), or its tag."""
    try:
        return str(Locale.parse(language, sep="-").get_display_name("en"))
    except (ValueError, LookupError):
        return language


def _is_site(filename: str) -> bool:
    return not PurePosixPath(filename).is_relative_to(DEFAULT_THEME.as_posix())
