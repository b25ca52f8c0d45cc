"""RSS 2.0 and Atom feeds: each item or entry as an ImportedPost."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ...errors import Problem, Problems
from .posts import ImportedPost, ImportResult, SiteInfo, html_to_text
from .xmltree import Node, parse_xml

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
TITLE_WORDS = 8


def read_feed(path: Path, tz: tzinfo, label: str | None = None) -> ImportResult:
    """Read an RSS 2.0 or Atom feed; dates without an offset are taken to be in `tz`."""
    root = parse_xml(path, label)
    if isinstance(root, Problem):
        return ImportResult(None, problems=[root])
    return from_tree(root, label or str(path), tz)


def from_tree(root: Node, where: str, tz: tzinfo) -> ImportResult:
    """Turn a parsed feed into posts, telling RSS from Atom by the root element."""
    problems = Problems()
    if root.name == "rss":
        result = _rss(root, where, tz, problems)
    elif root.name == "atom:feed":
        result = _atom(root, where, tz, problems)
    else:
        hint = ("RSS 1.0 (RDF) is not read: export RSS 2.0 or Atom" if root.name == "rdf:RDF"
                else "give an RSS 2.0 feed (<rss>), an Atom feed (<feed>) or a WordPress export")
        problems.error(where, f"is not a feed: its root element is <{root.name}>", root.line,
                       hint)
        result = ImportResult(None)
    result.problems = sorted(problems.items, key=lambda p: p.sort_key)
    return result


def _rss(root: Node, where: str, tz: tzinfo, problems: Problems) -> ImportResult:
    channel = root.find("channel") or Node("channel", {}, root.line)
    version = root.attrs.get("version", "")
    if version != "2.0":
        problems.warn(where, f"RSS version '{version}' read as RSS 2.0", root.line)
    info = SiteInfo("rss", version, html_to_text(channel.child_text("title")),
                    html_to_text(channel.child_text("description")),
                    channel.child_text("language"), channel.child_text("link"))
    result = ImportResult(info)
    for item in channel.findall("item"):
        title = html_to_text(item.child_text("title"))
        date = _date(item.child_text("pubDate") or item.child_text("dc:date"), tz, where,
                     item, problems)
        if date is None:
            continue
        content, description = item.child_text("content:encoded"), item.child_text("description")
        # With content:encoded, the description is the summary; without, it is the story.
        body = content or description
        author = item.child_text("dc:creator") or _rss_author(item.child_text("author"))
        link = item.child_text("link") or _permalink_guid(item)
        tags = [html.unescape(c.all_text().strip()) for c in item.findall("category")]
        result.posts.append(_post(where, item, title, date, None, body,
                                  html_to_text(description) if content else "", author, tags,
                                  link, problems))
    return result


def _atom(root: Node, where: str, tz: tzinfo, problems: Problems) -> ImportResult:
    info = SiteInfo("atom", "1.0", _text_construct(root.find("atom:title")),
                    _text_construct(root.find("atom:subtitle")),
                    root.attrs.get("xml:lang", ""), _alternate(root))
    feed_author = _atom_author(root)
    result = ImportResult(info)
    for entry in root.findall("atom:entry"):
        published = entry.child_text("atom:published")
        updated = entry.child_text("atom:updated")
        date = _date(published or updated, tz, where, entry, problems, rfc822=False)
        if date is None:
            continue
        modified = _date(updated, tz, where, entry, problems, rfc822=False) \
            if published and updated else None
        content = entry.find("atom:content")
        if content is not None and content.attrs.get("src"):
            problems.warn(where, f"entry '{_text_construct(entry.find('atom:title'))}' has its "
                          f"content at {content.attrs['src']}, which is not fetched", entry.line,
                          "its summary is used as the body")
            content = None
        summary = entry.find("atom:summary")
        body = _html_construct(content if content is not None else summary)
        tags = [c.attrs.get("label") or c.attrs.get("term", "")
                for c in entry.findall("atom:category")]
        result.posts.append(_post(
            where, entry, _text_construct(entry.find("atom:title")), date, modified, body,
            _text_construct(summary) if content is not None else "",
            _atom_author(entry) or feed_author, tags, _alternate(entry), problems))
    return result


def _post(where: str, node: Node, title: str, date: datetime, updated: datetime | None,
          body: str, summary: str, author: str, tags: list[str], link: str,
          problems: Problems) -> ImportedPost:
    if not title:
        words = html_to_text(body).split()
        title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
        title = title or "Untitled"
        problems.warn(where, f"an entry has no title: titled '{title}'", node.line,
                      "edit 'title:' in the imported file")
    unique: dict[str, str] = {}
    for tag in tags:
        if tag.strip():
            unique.setdefault(tag.strip().casefold(), tag.strip())
    parts = urlsplit(link)
    path = unquote(parts.path)
    aliases = (path,) if path.strip("/") and not parts.query else ()
    slug = unquote(PurePosixPath(parts.path).name) if aliases else ""
    return ImportedPost(source=where, line=node.line, title=title, date=date, body_html=body,
                        updated=updated, author=author, tags=tuple(unique.values()),
                        summary=summary, slug=slug, aliases=aliases, kind="entry")


def _date(value: str, tz: tzinfo, where: str, node: Node, problems: Problems,
          rfc822: bool = True) -> datetime | None:
    if not value:
        problems.error(where, "an entry has no date", node.line,
                       "give it <pubDate> (RSS) or <published> (Atom)")
        return None
    try:
        if rfc822 and not re.match(r"\d{4}-", value):
            moment = parsedate_to_datetime(value)
        else:
            moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except (TypeError, ValueError):
        problems.error(where, f"date '{value[:60]}' cannot be read", node.line,
                       "RSS dates look like 'Thu, 14 Mar 2024 08:30:00 +0000', Atom dates "
                       "like '2024-03-14T08:30:00Z'")
        return None
    # RFC 2822's '-0000' and a date without an offset say nothing of the zone: the site's.
    moment = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    moment = moment.astimezone(tz).replace(microsecond=0)
    return moment.astimezone(timezone(moment.utcoffset() or timedelta(0)))


def _text_construct(node: Node | None) -> str:
    """Return an Atom text construct (title, summary) as plain text."""
    if node is None:
        return ""
    kind = node.attrs.get("type", "text")
    if kind == "xhtml":
        return html_to_text(_xhtml(node))
    return html_to_text(node.all_text()) if kind == "html" else " ".join(node.all_text().split())


def _html_construct(node: Node | None) -> str:
    """Return an Atom content or summary as HTML; text is escaped, never read as HTML."""
    if node is None:
        return ""
    kind = node.attrs.get("type", "text")
    if kind == "html":
        return node.all_text().strip()
    if kind == "xhtml":
        return _xhtml(node).strip()
    paragraphs = re.split(r"\n\s*\n", node.all_text().strip())
    return "\n".join(f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in paragraphs
                     if p.strip())


def _xhtml(node: Node) -> str:
    """Serialise the children of Atom's wrapping <div> back to HTML."""
    div = next((child for child in node.children if child.local == "div"), None)
    return _inner(div) if div is not None else _inner(node)


def _inner(node: Node) -> str:
    out = [html.escape(node.text, quote=False)]
    for child in node.children:
        attrs = "".join(f' {name.rsplit(":", 1)[-1]}="{html.escape(value)}"'
                        for name, value in child.attrs.items() if "{" not in name)
        if child.local in VOID and not child.children and not child.text:
            out.append(f"<{child.local}{attrs}>")
        else:
            out.append(f"<{child.local}{attrs}>{_inner(child)}</{child.local}>")
        out.append(html.escape(child.tail, quote=False))
    return "".join(out)


def _alternate(node: Node) -> str:
    links = node.findall("atom:link")
    chosen = next((link for link in links if link.attrs.get("rel", "alternate") == "alternate"),
                  None)
    return chosen.attrs.get("href", "") if chosen is not None else ""


def _atom_author(node: Node) -> str:
    return ", ".join(a.child_text("atom:name") for a in node.findall("atom:author")
                     if a.child_text("atom:name"))


def _rss_author(value: str) -> str:
    """Return the name from RSS's 'email (Name)' author, or the address when no name."""
    match = re.match(r"^\S+@\S+\s*\((.+)\)$", value)
    return match[1].strip() if match else value


def _permalink_guid(item: Node) -> str:
    guid = item.find("guid")
    if guid is None or guid.attrs.get("isPermaLink", "true") != "true":
        return ""
    return guid.all_text().strip()
