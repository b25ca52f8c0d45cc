"""WordPress's wpautop: paragraphs from the line breaks that classic-editor posts keep.

A port of the steps of wp-includes/formatting.php's wpautop(): the same block list, the
same order of replacements, the same placeholders for <pre> and for line breaks inside tags.
Every pattern is ASCII-only (re.ASCII) because PCRE's \\s without the u flag does not match
a no-break space, and a paragraph of '&nbsp;' written as the character must survive.
"""

from __future__ import annotations

import re

A = re.ASCII
S = re.ASCII | re.DOTALL
BLOCKS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
          r"|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section"
          r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)")
# Comments, CDATA and tags, as WordPress's wp_html_split() finds them: an unclosed one runs
# to the end of the text.
IN_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[^>]*>?", S)
NEWLINE_MARK = " <!-- wpnl --> "
KEEP_MARK = "<WPPreserveNewline />"
PHP_TRIM = " \t\n\r\0\x0b"  # what PHP's trim() removes

STEPS_BEFORE_SPLIT: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<br\s*/?>\s*<br\s*/?>", A), "\n\n"),
    (re.compile(rf"(<{BLOCKS}[\s/>])", A), "\n\n\\1"),
    (re.compile(rf"(</{BLOCKS}>)", A), "\\1\n\n"),
    (re.compile(r"(<hr\s*?/?>)", A), "\\1\n\n"),
]
# (guard substring, pattern, replacement): line breaks that would split these elements.
COLLAPSE: list[tuple[str, re.Pattern[str], str]] = [
    ("<option", re.compile(r"\s*<option", A), "<option"),
    ("<option", re.compile(r"</option>\s*", A), "</option>"),
    ("</object>", re.compile(r"(<object[^>]*>)\s*", A), "\\1"),
    ("</object>", re.compile(r"\s*</object>", A), "</object>"),
    ("</object>", re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*", A), "\\1"),
    ("<source|<track", re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", A), "\\1"),
    ("<source|<track", re.compile(r"\s*([<\[]/(?:audio|video)[>\]])", A), "\\1"),
    ("<source|<track", re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", A), "\\1"),
    ("<figcaption", re.compile(r"\s*(<figcaption[^>]*>)", A), "\\1"),
    ("<figcaption", re.compile(r"</figcaption>\s*", A), "</figcaption>"),
]
STEPS_AFTER_SPLIT: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<p>\s*</p>", A), ""),  # a paragraph of nothing but whitespace
    (re.compile(r"<p>([^<]+)</(div|address|form)>", A), "<p>\\1</p></\\2>"),
    (re.compile(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", A), "\\1"),
    (re.compile(r"<p>(<li.+?)</p>", A), "\\1"),
    (re.compile(r"<p><blockquote([^>]*)>", A | re.IGNORECASE), "<blockquote\\1><p>"),
    (re.compile(r"</blockquote></p>", A), "</p></blockquote>"),
    (re.compile(rf"<p>\s*(</?{BLOCKS}[^>]*>)", A), "\\1"),
    (re.compile(rf"(</?{BLOCKS}[^>]*>)\s*</p>", A), "\\1"),
]
KEEP_NEWLINES = re.compile(r"<(script|style|svg|math).*?</\1>", S)
LINE_BREAK = re.compile(r"(?<!<br />)\s*\n", A)
STEPS_AFTER_BR: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(</?{BLOCKS}[^>]*>)\s*<br />", A), "\\1"),
    (re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", A), "\\1"),
    (re.compile(r"\n</p>(?=\n?\Z)", A), "</p>"),
]


def _hide_pre(text: str) -> tuple[str, dict[str, str]]:
    """Replace each <pre>...</pre> with a placeholder, as WordPress does, to keep it whole."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    hidden: dict[str, str] = {}
    out: list[str] = []
    for part in parts:
        start = part.find("<pre")
        if start == -1:  # a '</pre>' without its '<pre': left as it is
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(hidden)}></pre>"
        hidden[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    return "".join(out) + last, hidden


def _apply(text: str, steps: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, replacement in steps:
        text = pattern.sub(replacement, text)
    return text


def wpautop(text: str, br: bool = True) -> str:
    """Turn double line breaks into paragraphs and single ones into <br />, as WordPress does."""
    if not text.strip(PHP_TRIM):  # str.strip() would also drop a lone no-break space
        return ""
    text, hidden = _hide_pre(text + "\n")
    text = _apply(text, STEPS_BEFORE_SPLIT)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A line break inside a tag (between attributes) must not split a paragraph.
    text = IN_TAG.sub(lambda m: m[0].replace("\n", NEWLINE_MARK), text)
    for guard, pattern, replacement in COLLAPSE:
        if any(g in text for g in guard.split("|")):
            text = pattern.sub(replacement, text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text, flags=A) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = _apply(text, STEPS_AFTER_SPLIT)
    if br:
        text = KEEP_NEWLINES.sub(lambda m: m[0].replace("\n", KEEP_MARK), text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = LINE_BREAK.sub("<br />\n", text)
        text = text.replace(KEEP_MARK, "\n")
    text = _apply(text, STEPS_AFTER_BR)
    for name, original in hidden.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
    return text
