"""The Jinja environment the templates run in: strict, autoescaped, with the archive's filters."""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..config import Config
from ..digests import code_version
from ..i18n import translator_for
from ..model import Article, Group, Period, Site, article_key, group_key
from ..site.editions import Edition
from ..theme import theme_dirs
from .gettext import ConstantStrings, install_gettext
from .remember import Remember
from .views import Reads

# What an article's body gives templates, and what depends on it without loading it.
BODY_FIELDS = {"body_html": 0, "text": 1}
FROM_BODY = frozenset({"word_count", "words", "reading_minutes"})
WATCHED = frozenset({*BODY_FIELDS, *FROM_BODY, "articles"})


class ArchiveEnvironment(jinja2.Environment):
    """A Jinja environment in which an article's `body_html` and `text` come from `reads`
    (the build's bodies are not held by the articles), and in which every read of a body
    or of a group's list of articles is recorded there for the page being made."""

    reads: Reads

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in WATCHED:
            kind = type(obj)
            if kind is Article:
                if attribute in BODY_FIELDS:
                    return self.reads.body(obj)[BODY_FIELDS[attribute]]
                self.reads.note(article_key(obj))
            elif (kind is Group or kind is Period) and attribute == "articles":
                self.reads.note(group_key(obj))
        try:  # what jinja2.Environment.getattr does first, without a second call
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja's ChainMap over the environment's:
        every page's context copies them and every `import` compares their keys, which
        walks a ChainMap in Python (3% of a clean build). The environment's globals are
        all set before a template is loaded (load_templates)."""
        return {**self.globals, **(d or {})}

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument in WATCHED:
            return self.getattr(obj, argument)
        return super().getitem(obj, argument)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once, kept in a folder of the build's cache (Jinja checks each
    against its source; the key holds the generator's version, which compiles them with
    its options, and the digest of the language's catalogue, whose words are compiled
    in); a build that cannot read or write them compiles them itself."""

    def __init__(self, directory: str, salt: str) -> None:
        super().__init__(directory)
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{code_version()}:{self.salt}:{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


def load_environments(editions: Sequence[Edition], reads: Reads,
                      compiled: Path | None = None) -> dict[str, ArchiveEnvironment]:
    """One environment per language of the site, by language ('' too: the default one)."""
    envs = {edition.language: load_templates(edition.config, edition.site, reads, compiled)
            for edition in editions}
    envs[""] = envs[editions[0].language]
    return envs


def load_templates(config: Config, site: Site, reads: Reads,
                   compiled: Path | None = None) -> ArchiveEnvironment:
    """Return the Jinja environment of one language's pages: autoescaped, strict about
    undefined names, with the language's catalogue (jinja2.ext.i18n) and dates; templates
    compiled once are kept in the folder `compiled`, when given."""
    words = translator_for(config)
    salt = f"{config.language}:{words.catalogue.digest.hex()}"
    env = ArchiveEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(config, "templates")]),
        bytecode_cache=CompiledTemplates(str(compiled), salt) if compiled is not None else None,
        autoescape=True,
        # One build's templates do not change while it renders (a change makes the next
        # build): no look at each template's file every time a page asks for it.
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n", ConstantStrings],
    )
    install_gettext(env, words.catalogue.translations)
    env.reads = reads
    env.globals["remember"] = Remember(reads)
    env.globals["site"] = config
    env.globals["build_time"] = site.build_time
    env.globals["tags_of"] = site.tags_of
    env.globals["source_of"] = site.source_of
    env.globals["authors_of"] = site.authors_of
    # What a page of a site in several languages has in its context (outputs.languages).
    env.globals["alternates"] = ()
    env.globals["languages"] = ()
    dates = words.dates
    env.filters["date"] = dates.format
    # The date and time of day in the site's timezone, with the zone: '21 February 2024,
    # 14:05 CET'. Only for a moment whose source gave a time (article.time_given).
    env.filters["datetime"] = dates.moment
    env.filters["isodate"] = lambda moment: moment.isoformat()
    # An absolute URL (a remote lead image) stays as it is.
    env.filters["absolute"] = lambda url: url if url.startswith(("http://", "https://")) else (
        config.absolute(url))
    env.filters["month_name"] = dates.month_name
    env.filters["month_abbr"] = dates.month_abbr
    env.filters["weekday_name"] = dates.weekday_name
    env.filters["period_title"] = dates.period_title
    env.filters["names"] = words.names
    env.globals["pagefind"] = pagefind_attribute(config.search.enabled)
    env.globals["list_glue"] = words.list_glue
    env.globals["day_of_year"] = dates.day_of_year
    return env


def pagefind_attribute(enabled: bool) -> Callable[..., Markup]:
    """The `pagefind(kind, value=None)` global: ` data-pagefind-kind="value"` (escaped),
    or nothing when search is off. A function, not a macro: article.html asks for it a
    dozen times a page."""
    nothing = Markup("")

    def pagefind(kind: str, value: object = None) -> Markup:
        if not enabled:
            return nothing
        if value is None:
            return Markup(" data-pagefind-{}").format(kind)
        return Markup(' data-pagefind-{}="{}"').format(kind, value)

    return pagefind


def preload(env: jinja2.Environment, names: set[str]) -> None:
    """Load (compile) templates now, so that the workers forked to render inherit them;
    one that does not load is reported when a page uses it."""
    for name in sorted(names):
        with suppress(jinja2.TemplateError, OSError, UnicodeDecodeError):
            env.get_template(name)
