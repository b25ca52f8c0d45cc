"""site.toml: read it, check every key, and freeze it into a Config."""

from .authors import AUTHORS_NAME, load_authors
from .dates import LENGTHS, DateFormatError, cldr_pattern
from .front_matter import ADDRESS_KEYS, DEFAULT_KEYS, FrontMatter
from .languages import LANGUAGE_TAG, Language, check_language, known_locale
from .markdown import ENGINES, Markdown
from .settings import KNOWN_KEYS, Config, load_config, parse_config
from .tables import CONFIG_NAME, Autotag, Feeds, Permalinks, Search, Sitemap, unsafe_path
from .toml import toml_error

__all__ = [
    "ADDRESS_KEYS", "AUTHORS_NAME", "CONFIG_NAME", "DEFAULT_KEYS", "ENGINES", "KNOWN_KEYS",
    "LANGUAGE_TAG", "LENGTHS", "Autotag", "Config", "DateFormatError", "Feeds", "FrontMatter",
    "Language", "Markdown", "Permalinks", "Search", "Sitemap", "check_language",
    "cldr_pattern", "known_locale", "load_authors", "load_config", "parse_config",
    "toml_error", "unsafe_path",
]
