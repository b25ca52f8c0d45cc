"""Text as both readers want it: one kind of line end, and no character a page cannot show."""

from __future__ import annotations

import html
import re
import unicodedata

from ..errors import Problems

# C0 and C1 control characters except tab and line feed, DEL, and Unicode's noncharacters:
# the HTML parser reports each as an error and XML 1.0 forbids most of them outright.
_NONCHARACTERS = "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17))
UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")
# The same search without the astral planes' noncharacters, and a test for any astral
# character: a class holding both is ten times slower, seconds on a 50 MB article.
_UNSHOWABLE_BMP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASCII_SHOWN = bytes(range(0x20, 0x7F)) + b"\t\n"
# Past this many lines with such characters, the rest are counted in one message.
REPORTED_LINES = 5


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and turn CRLF and CR line ends into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def strip_unshowable(text: str, path: str, problems: Problems) -> str:
    """Remove control characters (but tab and newline) from normalised text, with warnings.

    Line numbers stay as they were: a line loses characters, never a line end.
    """
    if not has_unshowable(text):
        return text
    lines = text.split("\n")
    reported = 0
    more = 0
    for number, line in enumerate(lines, start=1):
        bad = sorted(set(UNSHOWABLE.findall(line)))
        if not bad:
            continue
        if reported < REPORTED_LINES:
            reported += 1
            names = ", ".join(f"U+{ord(c):04X}" for c in bad)
            kind = ("control characters" if all(ord(c) < 0xA0 for c in bad)
                    else "characters")
            problems.warn(path, f"removed {kind} {names}", number,
                          "they cannot be shown in a web page")
        else:
            more += 1
        lines[number - 1] = UNSHOWABLE.sub("", line)
    if more:
        problems.warn(path, f"removed control characters from {more} more line(s)", None,
                      "they cannot be shown in a web page")
    return "\n".join(lines)


def has_unshowable(text: str) -> bool:
    """Whether `text` holds a character that strip_unshowable removes (fast on long text)."""
    if text.isascii():  # only C0 controls and DEL: one pass in C, not 70 us of searching
        return bool(text.encode("ascii").translate(None, _ASCII_SHOWN))
    return bool(_UNSHOWABLE_BMP.search(text)
                or (_ASTRAL.search(text) and UNSHOWABLE.search(text)))


# Letters past Latin Extended-B: between two of them a zero-width joiner or non-joiner
# changes how a word is written (Persian, the Indic scripts, emoji sequences).
_LATIN_END = 0x24F


def without_invisible(text: str) -> str:
    """`text` in Unicode's composed form (NFC), without the characters that show nothing
    (zero-width space, word joiner, soft hyphen, direction marks: category Cf), so that
    'News' and 'Ne\\u200bws' are one name; a joiner between two letters of a script that
    needs it stays."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():
        return text
    kept = [char for index, char in enumerate(text)
            if unicodedata.category(char) != "Cf"
            or (0 < index < len(text) - 1 and ord(text[index - 1]) > _LATIN_END
                and ord(text[index + 1]) > _LATIN_END)]
    return "".join(kept)


def invisible_only(text: str) -> bool:
    """Whether `text` holds something, but nothing that shows (spaces and zero-width
    characters only)."""
    return bool(text) and all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def lone_surrogate(value: object) -> str | None:
    """The first lone surrogate in a string, or in the strings of a list or mapping (a JSON
    '\\ud800' escape gives one; no UTF-8 text can hold it), else None."""
    if isinstance(value, str):
        if value.isascii():  # known without a look at the characters
            return None
        try:
            value.encode("utf-8")  # fails on a lone surrogate, and only on one
        except UnicodeEncodeError as error:
            return value[error.start]  # the first
        return None
    items = value.items() if isinstance(value, dict) else value if isinstance(
        value, list | tuple) else ()
    for item in items:
        found = lone_surrogate(item)
        if found:
            return found
    return None


TAG_RE = re.compile(r"<[^>]+>")
# A footnote's mark in the text ("[1]", or a superscript 1) and the arrow back to it, as
# either Markdown engine writes them: the readable text (summaries, word counts, auto-tags)
# keeps the notes' words, without the marks.
FOOTNOTE_MARKS = re.compile(
    r"<sup\b[^>]*>\s*<a\b[^>]*\bclass=\"footnote-ref\"[^>]*>.*?</a>\s*</sup>"  # Python-Markdown
    r"|<sup\b[^>]*\bclass=\"footnote-ref\"[^>]*>.*?</sup>"  # CommonMark
    r"|<a\b[^>]*\bclass=\"footnote-backref\"[^>]*>.*?</a>", re.DOTALL)
BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|pre|div|tr|table|ul|ol|dd|dt|figcaption)>|<br\s*/?>", re.I
)


def html_to_text(body_html: str) -> str:
    """Return the readable text of an HTML fragment, paragraphs separated by blank lines."""
    if "footnote-" in body_html:
        body_html = FOOTNOTE_MARKS.sub("", body_html)
    text = html.unescape(TAG_RE.sub("", BLOCK_END.sub("\n\n", body_html)))
    if has_unshowable(text):  # '&#7;' in the Markdown is one once unescaped
        text = UNSHOWABLE.sub("", text)
    paragraphs = (" ".join(block.split()) for block in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def summarise(text: str, words: int) -> str:
    """Return the first `words` words of the first paragraph, with an ellipsis if cut."""
    first = next((p for p in text.split("\n\n") if p.strip()), "")
    parts = first.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"
