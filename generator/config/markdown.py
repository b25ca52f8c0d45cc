"""[markdown]: the engine that renders Markdown bodies, and its extensions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problems, did_you_mean
from .tables import CONFIG_NAME, key_line, table_items, type_name

ENGINES = ("commonmark", "python-markdown")
# The CommonMark engine's extensions (readers/commonmark.py), all on by default.
COMMONMARK_EXTENSIONS = ("tables", "strikethrough", "autolinks", "tasklists", "footnotes",
                         "deflists", "heading_ids")
# Python-Markdown's, by default: what sites written for it used before CommonMark.
PYTHON_MARKDOWN_EXTENSIONS = ("extra", "sane_lists")
DEFAULT_EXTENSIONS = {"commonmark": COMMONMARK_EXTENSIONS,
                      "python-markdown": PYTHON_MARKDOWN_EXTENSIONS}


@dataclass(frozen=True, slots=True)
class Markdown:
    """[markdown]: `engine` is "commonmark" or "python-markdown"; `extensions` are that
    engine's (names from COMMONMARK_EXTENSIONS, or Python-Markdown's extension names)."""

    engine: str = "commonmark"
    extensions: tuple[str, ...] = COMMONMARK_EXTENSIONS


def parse_markdown(value: Any, text: str, problems: Problems) -> Markdown:
    """Check the [markdown] table: a known engine, and extensions that engine has."""
    items = table_items("markdown", value, text, problems, {"engine", "extensions"},
                        "unknown key '{}' in [markdown]")
    if items is None:
        return Markdown()
    found = {key: (item, line) for key, item, line in items}
    engine = "commonmark"
    if "engine" in found:
        item, line = found["engine"]
        if isinstance(item, str) and item in ENGINES:
            engine = item
        else:
            shown = f"'{item}'" if isinstance(item, str) else type_name(type(item))
            problems.error(CONFIG_NAME, f"'engine' in [markdown] must be 'commonmark' or "
                           f"'python-markdown', not {shown}", line,
                           did_you_mean(str(item), ENGINES) if isinstance(item, str) else "")
    if "extensions" not in found:
        return Markdown(engine, DEFAULT_EXTENSIONS[engine])
    item, line = found["extensions"]
    if not isinstance(item, list) or not all(isinstance(name, str) for name in item):
        problems.error(CONFIG_NAME, "'extensions' in [markdown] must be a list of strings", line,
                       f"for example extensions = {list(DEFAULT_EXTENSIONS[engine][:2])}"
                       .replace("'", '"'))
        return Markdown(engine, DEFAULT_EXTENSIONS[engine])
    for name in item:
        reason = extension_problem(engine, name)
        if reason:
            problems.error(CONFIG_NAME, reason, line, extension_hint(engine, name))
    return Markdown(engine, tuple(dict.fromkeys(item)))


def extension_problem(engine: str, name: str) -> str:
    """Why `engine` has no extension `name`, or '' if it has."""
    if engine == "commonmark":
        if name in COMMONMARK_EXTENSIONS:
            return ""
        return f"the CommonMark engine has no extension '{name}'"
    import markdown  # only for sites that choose it: every build reads site.toml

    try:
        markdown.Markdown(extensions=[name])
    except Exception as exc:  # ImportError, AttributeError, or the extension's own
        reason = str(exc).split(": ", 1)[-1] if "Failed to initiate" in str(exc) else str(exc)
        return f"Markdown extension '{name}' cannot be loaded: {reason}"
    return ""


def extension_hint(engine: str, name: str) -> str:
    if engine == "commonmark":
        known = ", ".join(COMMONMARK_EXTENSIONS)
        return did_you_mean(name, COMMONMARK_EXTENSIONS) or f"its extensions are {known}"
    return ("use a name from https://python-markdown.github.io/extensions/, like 'extra' or "
            "'toc'")


def replaced_key(text: str, value: Any, problems: Problems) -> None:
    """Report the old `markdown_extensions` key, saying what replaced it."""
    names = ", ".join(f'"{v}"' for v in value) if isinstance(value, list) else (
        '"extra", "sane_lists"')
    problems.error(CONFIG_NAME, "'markdown_extensions' was replaced by the [markdown] table",
                   key_line(text, "markdown_extensions"),
                   f'to keep Python-Markdown, write [markdown] with engine = "python-markdown" '
                   f"and extensions = [{names}]; to use CommonMark (the default), remove the key")
