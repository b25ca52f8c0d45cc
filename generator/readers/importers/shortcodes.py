"""WordPress shortcodes and block comments in a post body: what becomes HTML, what is told."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.I)
# Attributes as WordPress's shortcode_parse_atts() reads them: double, single or no quotes.
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
# The image, with the link around it if any, and the caption text after it; as in
# img_caption_shortcode().
CAPTIONED = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.DOTALL | re.I)
# The editor's block delimiters, '<!-- wp:paragraph {"x":1} -->' and '<!-- /wp:paragraph -->';
# their JSON escapes '--' and '>', so the first '-->' closes them.
BLOCK_COMMENT = re.compile(r"<!--\s+/?wp:[^\n]*?-->[ \t]*\n?")
# <!--more--> and <!--nextpage--> split a post on WordPress's pages; a static page shows it
# whole.
SPLIT_MARK = re.compile(r"<!--(?:more|nextpage)\b.*?-->", re.DOTALL)
SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\]\[]*)?)(/?)\]")
# Core shortcodes, reported even with no attributes. Any other '[word]' is only taken for a
# shortcode when it has attributes or a closing '[/word]': news text says '[sic]' and
# '[Updated]'.
CORE = frozenset({"audio", "embed", "gallery", "playlist", "video", "caption", "wp_caption"})


@dataclass(frozen=True, slots=True)
class Shortcode:
    """A shortcode left in a body: its name, how many there are, and the first one's line."""

    name: str
    text: str
    line: int
    count: int


def attributes(text: str) -> dict[str, str]:
    """Return a shortcode's attributes by lower-case name."""
    return {m[1].lower(): next(v for v in m.groups()[1:] if v is not None)
            for m in ATTRIBUTE.finditer(text)}


def _figure(match: re.Match[str]) -> str:
    attrs = attributes(match[2])
    content = match[3].strip()
    found = CAPTIONED.match(content)
    # The old form puts the caption in an attribute: [caption caption="..."]<img>[/caption]
    media, caption = (found[1], found[2].strip()) if found else (content, "")
    caption = caption or attrs.get("caption", "")
    if not caption:  # WordPress, too, shows the bare image when there is no caption
        return media
    classes = " ".join(["wp-caption", *attrs.get("align", "").split(),
                        *attrs.get("class", "").split()])
    ident = attrs.get("id", "")
    id_attribute = f' id="{html.escape(ident)}"' if ident else ""
    # No style="width: ...px": sanitisers strip inline styles, and themes size figures.
    return (f'<figure{id_attribute} class="{html.escape(classes)}">{media}'
            f'<figcaption class="wp-caption-text">{caption}</figcaption></figure>')


def captions_to_figures(body: str) -> str:
    """Replace each [caption]<img> Text[/caption] with <figure><img><figcaption>."""
    return CAPTION.sub(_figure, body)


def strip_block_comments(body: str) -> str:
    """Remove the block editor's delimiter comments and the more/nextpage markers."""
    return SPLIT_MARK.sub("", BLOCK_COMMENT.sub("", body))


def has_blocks(body: str) -> bool:
    """Tell whether the block editor wrote the body (its paragraphs are already <p>)."""
    return "<!-- wp:" in body


def first_shortcode(body: str, skip: frozenset[str] = frozenset()) -> Shortcode | None:
    """Return the first shortcode in a body, with the body line it is on, and their count.

    Names in `skip` (lower case) are left out: those that were made into HTML.
    """
    names = {m[2].lower() for m in SHORTCODE.finditer(body) if m[1]}
    found = [m for m in SHORTCODE.finditer(body) if not m[1] and m[2].lower() not in skip and (
        m[2].lower() in CORE or "=" in m[3] or m[2].lower() in names)]
    if not found:
        return None
    first = found[0]
    line = body.count("\n", 0, first.start()) + 1
    return Shortcode(first[2], first[0], line, len(found))
