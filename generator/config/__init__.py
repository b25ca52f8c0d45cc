"""site.toml: read it, check every key, and freeze it into a Config."""

from .authors import AUTHORS_NAME, load_authors
from .front_matter import ADDRESS_KEYS, DEFAULT_KEYS, FrontMatter
from .markdown import ENGINES, Markdown
from .settings import KNOWN_KEYS, LANGUAGE_TAG, Config, check_language, load_config, parse_config
from .tables import CONFIG_NAME, Autotag, Feeds, Permalinks, Search, Sitemap, unsafe_path
from .toml import toml_error

__all__ = [
    "ADDRESS_KEYS", "AUTHORS_NAME", "CONFIG_NAME", "DEFAULT_KEYS", "ENGINES", "KNOWN_KEYS",
    "LANGUAGE_TAG", "Autotag", "Config", "Feeds", "FrontMatter", "Markdown", "Permalinks",
    "Search", "Sitemap", "check_language", "load_authors", "load_config", "parse_config",
    "toml_error", "unsafe_path",
]
