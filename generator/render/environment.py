"""The Jinja environment the templates run in: strict, autoescaped, with the archive's filters."""

from __future__ import annotations

import calendar
import os
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from ..config import Config
from ..digests import code_version
from ..model import Article, Group, Period, Site
from ..outputs.html import period_title
from ..theme import theme_dirs
from .remember import Remember
from .views import Reads, article_key, group_key

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

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument in WATCHED:
            return self.getattr(obj, argument)
        return super().getitem(obj, argument)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once, kept in a folder of the build's cache (Jinja checks each
    against its source, and the key holds the generator's version, which compiles them
    with its options); a build that cannot read or write them compiles them itself."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{code_version()}:{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


def load_templates(config: Config, site: Site, reads: Reads,
                   compiled: Path | None = None) -> ArchiveEnvironment:
    """Return the Jinja environment: autoescaped, strict about undefined names; templates
    compiled once are kept in the folder `compiled`, when given."""
    env = ArchiveEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(config, "templates")]),
        bytecode_cache=CompiledTemplates(str(compiled)) if compiled is not None else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.reads = reads
    env.globals["remember"] = Remember(reads)
    env.globals["site"] = config
    env.globals["build_time"] = site.build_time
    env.globals["tags_of"] = site.tags_of
    env.globals["source_of"] = site.source_of
    env.globals["authors_of"] = site.authors_of
    env.filters["date"] = lambda moment, fmt=None: format_date(moment, fmt or config.date_format)
    # The date and time of day in the site's timezone, with the zone: '21 February 2024,
    # 14:05 CET'. Only for a moment whose source gave a time (article.time_given).
    env.filters["datetime"] = lambda moment: format_date(
        moment.astimezone(config.tz), f"{config.date_format}, {config.time_format}")
    env.filters["isodate"] = lambda moment: moment.isoformat()
    # An absolute URL (a remote lead image) stays as it is.
    env.filters["absolute"] = lambda url: url if url.startswith(("http://", "https://")) else (
        config.absolute(url))
    env.filters["month_name"] = lambda number: calendar.month_name[number]
    env.filters["month_abbr"] = lambda number: calendar.month_abbr[number]
    env.filters["period_title"] = period_title
    return env


def preload(env: jinja2.Environment, names: set[str]) -> None:
    """Load (compile) templates now, so that the workers forked to render inherit them;
    one that does not load is reported when a page uses it."""
    for name in sorted(names):
        with suppress(jinja2.TemplateError, OSError, UnicodeDecodeError):
            env.get_template(name)


def format_date(moment: datetime, fmt: str) -> str:
    """strftime with '%-d' (day without a leading zero) working on every platform."""
    return moment.strftime(fmt.replace("%-d", str(moment.day)).replace("%-m", str(moment.month)))
