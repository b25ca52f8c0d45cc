"""The relative links and images of a body: files beside the article, or other pages."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote

from .pictures import IMAGE_SUFFIXES

# href and src attributes as the Markdown renderer and authors' HTML write them.
ATTRIBUTE = re.compile(r"""<[A-Za-z][^<>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
                       re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Other tools' link syntax ({filename}, {{< ref >}}, @/): not a relative link (tool_link).
TEMPLATED = re.compile(r"[{}|]|%7[BbCcDd]|^@/")
# Pelican's and Zola's links to the site's own pages and files, as an href or src holds
# them once the Markdown engine wrote them (CommonMark percent-encodes '{', '}' and '|').
TOOL_LINK = re.compile(r"(?:\{(filename|static|attach|tag|category|author|index|ref|post|link)\}"
                       r"|\|(filename|static|attach)\||(@)/)")
_ENCODED = re.compile(r"%7[BbCcDd]")


def is_relative(url: str) -> bool:
    """Whether a URL is relative to the page: no scheme, not from the root, not only a
    fragment or query, and not another tool's link syntax."""
    return bool(url) and not url.startswith(("#", "/", "?", "\\")) \
        and not SCHEME.match(url) and not TEMPLATED.search(url)


def tool_link(url: str) -> tuple[str, str] | None:
    """Pelican's or Zola's link to the site's own page or file, as (kind, target): kind is
    'filename' (a content file: Pelican's {filename} and |filename|; Zola's @/ and
    Jekyll's {% link %}, whose target is from the content folder, so given with a leading
    '/'), 'ref' (Hugo's ref and relref as link_tags wrote them: a content file, found as
    Hugo finds it), 'post' (Jekyll's post_url: a post by its file's name), 'static' (a
    file: {static}, |static|), 'attach' (a file published beside the page), 'tag' ({tag},
    {category}), 'author' or 'index'; None for any other URL."""
    if "{" not in url and "|" not in url and "%7" not in url and not url.startswith("@/"):
        return None
    decoded = _decoded(url)
    found = TOOL_LINK.match(decoded)
    if found is None:
        return None
    rest = decoded[found.end():]
    kind = found[1] or found[2]
    if found[3] or kind == "link":
        return "filename", "/" + rest
    return {"category": "tag"}.get(kind, kind), rest


def _decoded(url: str) -> str:
    """The URL with '{', '|' and '}' as the author wrote them."""
    return _ENCODED.sub(lambda m: {"b": "{", "c": "|", "d": "}"}[m[0][-1].lower()], url)


def as_written(url: str) -> str:
    """Another tool's link as its author wrote it: '{filename}a.md', not the
    '%7Bfilename%7Da.md' of the HTML; a Hugo ref as its shortcode."""
    decoded, link = _decoded(url), tool_link(url)
    if link is None:
        return decoded
    target = unquote(link[1])
    if link[0] == "ref":
        return f'{{{{< ref "{target}" >}}}}'
    if link[0] == "post":
        return f"{{% post_url {target} %}}"
    if decoded.startswith("{link}"):
        return f"{{% link {target.lstrip('/')} %}}"
    return decoded


def rewrite_urls(body_html: str, change: Callable[[str], str | None]) -> str:
    """The HTML with each href and src that `change` gives a new URL for (it is given the
    URL unescaped) written with that one."""
    def swap(match: re.Match[str]) -> str:
        group = 1 if match[1] is not None else 2
        new = change(html.unescape(match[group]))
        if new is None:
            return match[0]
        start, end = match.span(group)
        begin = match.start()
        return (match[0][:start - begin] + html.escape(new, quote=True)
                + match[0][end - begin:])
    return ATTRIBUTE.sub(swap, body_html)


def localize_static(body_html: str, path: str, content_dir: str) -> str:
    """Pelican's links to files ({static}, |static|, {attach}) made links the build
    follows: relative from the article's file (`path`, from the site's root), published
    beside its page as any file a body links ('{static}/docs/a.pdf' in content/2024/a.md
    is '../docs/a.pdf'); a picture from the site root, where Pelican publishes it and
    where the images stage looks for it (static/, then content/): '{static}/images/a.png'
    is '/images/a.png' ({attach}: beside the page when it is in the article's folder)."""
    folder, content = posixpath.dirname(path), posixpath.normpath(content_dir)

    def local(url: str) -> str | None:
        link = tool_link(url)
        if link is None or link[0] not in ("static", "attach"):
            return None
        target, mark, rest = split_target(link[1])
        if not target:
            return None
        full = posixpath.normpath(posixpath.join(content, target.lstrip("/"))
                                  if target.startswith("/")
                                  else posixpath.join(folder, target))
        relative = posixpath.relpath(full, folder)
        if ((link[0] == "static" or relative.startswith("../"))
                and full.startswith(content + "/")
                and posixpath.splitext(full)[1].lower() in IMAGE_SUFFIXES):
            relative = "/" + posixpath.relpath(full, content)
        return relative + mark + rest
    return rewrite_urls(body_html, local)


def split_target(target: str) -> tuple[str, str, str]:
    """A link's path, and its query or fragment with the mark before it."""
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0),
              default=len(target))
    return target[:cut], target[cut:cut + 1], target[cut + 1:]


def relative_refs(body_html: str, body: str, first_line: int
                  ) -> tuple[tuple[str, int | None], ...]:
    """Each relative URL of the body once, and each of other tools' links (tool_link),
    with the line of the body's text it is on (`first_line` is the body's first line in
    the file; None if it cannot be found)."""
    found: dict[str, int | None] = {}
    lines: list[str] | None = None
    for match in ATTRIBUTE.finditer(body_html):
        url = html.unescape(match[1] if match[1] is not None else match[2]).strip()
        if url in found or not (is_relative(url) or tool_link(url) is not None):
            continue
        lines = body.split("\n") if lines is None else lines
        written = _decoded(url)
        found[url] = next((number for number, line in enumerate(lines, start=first_line)
                           if url in line or written in line), None)
    return tuple(found.items())
