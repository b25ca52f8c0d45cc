"""The gettext functions templates call: Jinja's newstyle gettext, made cheap.

jinja2.ext.i18n installs `_` as an alias that looks up `gettext`, which calls the
translation through the context again: three context calls for every string, on every
page. Here a string with no values is translated when the template is compiled: as text
when it is all of a `{{ ... }}` (`{{ _("Skip to content") }}` costs a page nothing more
than "Skip to content" did), else as an item of `__words`, which holds each string
translated and ready to print. So each language's environment compiles its own code.
Calls with values go to functions that do what newstyle gettext does (the translation
is markup, the values are escaped, `%` is always formatting) in one call; they take only
the evaluation context (is autoescape on?), as Jinja copies the whole context for a
function that takes it at every call inside a loop.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

WORDS = "__words"
CONTEXT_SEPARATOR = "\x04"  # as in .mo files: "context\x04msgid"


class Words(dict[str, Markup]):
    """The constant strings of the templates, translated and formatted on first use."""

    def __init__(self, translations: _gettext.NullTranslations) -> None:
        super().__init__()
        self.translations = translations

    def __missing__(self, key: str) -> Markup:
        where, separator, msgid = key.partition(CONTEXT_SEPARATOR)
        text = (self.translations.pgettext(where, msgid) if separator
                else self.translations.gettext(key))
        value = self[key] = Markup(text) % {}
        return value


class ConstantStrings(Extension):
    """Compile `{{ _("...") }}` (or gettext, pgettext with string arguments only) as the
    translated text, and such a call inside an expression as `__words[...]`."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        words = self.environment.globals[WORDS]
        assert isinstance(words, Words), "install_gettext() comes before any template"
        return _fold(list(stream), words)


def _fold(tokens: list[Token], words: Words) -> Iterator[Token]:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        whole = token.type == "variable_begin"
        key, length = _constant_call(tokens, index + 1 if whole else index)
        if key is None:
            yield token
            index += 1
        elif whole and _type(tokens, index + 1 + length) == "variable_end":
            yield Token(token.lineno, "data", str(words[key]))
            index += length + 2
        elif whole:
            yield token
            index += 1
        else:
            line = token.lineno
            yield from (Token(line, "name", WORDS), Token(line, "lbracket", "["),
                        Token(line, "string", key), Token(line, "rbracket", "]"))
            index += length


def _type(tokens: list[Token], index: int) -> str:
    return tokens[index].type if index < len(tokens) else ""


def _constant_call(tokens: list[Token], index: int) -> tuple[str | None, int]:
    """The __words key of a gettext call with string arguments only at `index`."""
    if index >= len(tokens):
        return None, 0
    token = tokens[index]
    if token.type != "name" or (index and tokens[index - 1].type == "dot"):
        return None, 0
    shape = [t.type for t in tokens[index + 1:index + 6]]
    if token.value in ("_", "gettext") and shape[:3] == ["lparen", "string", "rparen"]:
        return tokens[index + 2].value, 4
    if token.value == "pgettext" and shape == ["lparen", "string", "comma", "string",
                                               "rparen"]:
        return tokens[index + 2].value + CONTEXT_SEPARATOR + tokens[index + 4].value, 6
    return None, 0


def install_gettext(env: jinja2.Environment, translations: _gettext.NullTranslations) -> None:
    """Install the translations for `{% trans %}` blocks, `__words`, and the `_`,
    `gettext`, `ngettext`, `pgettext` and `npgettext` functions of every template."""
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(_functions(translations))
    env.globals[WORDS] = Words(translations)


def _functions(translations: _gettext.NullTranslations) -> dict[str, Any]:
    marked: dict[object, Markup] = {}  # a string's translation, to format with values

    def translate(key: object, text: str, variables: dict[str, Any]) -> Markup:
        template = marked.get(key)
        if template is None:
            template = marked[key] = Markup(text)
        return template % variables  # type: ignore[no-any-return]

    @jinja2.pass_eval_context
    def gettext(context: jinja2.nodes.EvalContext, string: str, **variables: Any) -> str:
        if not context.autoescape:
            return translations.gettext(string) % variables
        return translate(string, translations.gettext(string), variables)

    @jinja2.pass_eval_context
    def pgettext(context: jinja2.nodes.EvalContext, where: str, string: str,
                 **variables: Any) -> str:
        if not context.autoescape:
            return translations.pgettext(where, string) % variables
        return translate((where, string), translations.pgettext(where, string), variables)

    @jinja2.pass_eval_context
    def ngettext(context: jinja2.nodes.EvalContext, singular: str, plural: str, number: int,
                 **variables: Any) -> str:
        variables.setdefault("num", number)
        text = translations.ngettext(singular, plural, number)
        return (Markup(text) if context.autoescape else text) % variables

    @jinja2.pass_eval_context
    def npgettext(context: jinja2.nodes.EvalContext, where: str, singular: str, plural: str,
                  number: int, **variables: Any) -> str:
        variables.setdefault("num", number)
        text = translations.npgettext(where, singular, plural, number)
        return (Markup(text) if context.autoescape else text) % variables

    return {"_": gettext, "gettext": gettext, "pgettext": pgettext, "ngettext": ngettext,
            "npgettext": npgettext}
