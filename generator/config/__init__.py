"""site.toml: read it, check every key, and freeze it into a Config."""

from .dates import LENGTHS, DateFormatError, cldr_pattern
from .languages import LANGUAGE_TAG, Language, check_language, known_locale
from .settings import KNOWN_KEYS, Config, load_config, parse_config
from .tables import CONFIG_NAME, Autotag, Feeds, Permalinks, Search, Sitemap, unsafe_path
from .toml import toml_error

__all__ = [
    "CONFIG_NAME", "KNOWN_KEYS", "LANGUAGE_TAG", "LENGTHS", "Autotag", "Config",
    "DateFormatError", "Feeds", "Language", "Permalinks", "Search", "Sitemap", "check_language",
    "cldr_pattern", "known_locale", "load_config", "parse_config", "toml_error", "unsafe_path",
]
