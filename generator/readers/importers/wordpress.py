"""WordPress eXtended RSS (WXR 1.0 to 1.2): each post of the export as an ImportedPost."""

from __future__ import annotations

import html
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ...errors import Problem, Problems
from .posts import Attachment, ImportedPost, ImportResult, SiteInfo, html_to_text
from .shortcodes import (
    captions_to_figures,
    first_shortcode,
    has_blocks,
    strip_block_comments,
)
from .wpautop import wpautop
from .xmltree import Node, parse_xml

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")
NO_DATE = "0000-00-00 00:00:00"  # what WordPress stores for a draft never given a GMT date
DRAFT_STATUSES = frozenset({"draft", "pending", "private"})
# WordPress files every post without a category under this one; a tag holding every
# unfiled post is noise, not a subject.
DEFAULT_CATEGORIES = frozenset({"uncategorized"})
TITLE_WORDS = 8


def read_wxr(path: Path, tz: tzinfo, *, pages: bool = False,
             label: str | None = None) -> ImportResult:
    """Read a WordPress export; local dates without a GMT date are taken to be in `tz`."""
    root = parse_xml(path, label)
    if isinstance(root, Problem):
        return ImportResult(None, problems=[root])
    return from_tree(root, label or str(path), tz, pages=pages)


def is_wxr(root: Node) -> bool:
    """Tell whether a parsed <rss> is a WordPress export rather than a feed."""
    channel = root.find("channel")
    return root.name == "rss" and channel is not None and any(
        child.name.startswith("wp:") for child in channel.children)


def from_tree(root: Node, where: str, tz: tzinfo, *, pages: bool = False) -> ImportResult:
    """Turn a parsed export into posts, attachments and problems."""
    problems = Problems()
    channel = root.find("channel")
    if root.name != "rss" or channel is None:
        problems.error(where, f"is not a WordPress export (its root element is <{root.name}>)",
                       root.line, "export it from WordPress with Tools → Export")
        return ImportResult(None, problems=problems.items)
    version = channel.child_text("wp:wxr_version")
    if version not in KNOWN_VERSIONS:
        problems.warn(where, f"WXR version '{version}' is not one of "
                      f"{', '.join(KNOWN_VERSIONS)}: read as 1.2", channel.line)
    info = SiteInfo("wordpress", version, _text(channel, "title"),
                    _text(channel, "description"), channel.child_text("language"),
                    channel.child_text("link"))
    export = _Export(where, tz, channel, problems)
    result = ImportResult(info, attachments=list(export.attachments.values()))
    skipped: Counter[str] = Counter()
    for item in channel.findall("item"):
        kind = item.child_text("wp:post_type")
        if kind == "post" or (kind == "page" and pages):
            post = export.post(item, kind)
            if post is not None:
                result.posts.append(post)
        elif kind != "attachment":
            skipped[kind or "(no type)"] += 1
    if skipped["page"]:
        problems.warn(where, f"{skipped.pop('page')} page(s) not imported",
                      hint="add --pages to import them")
    for kind, count in sorted(skipped.items()):
        problems.warn(where, f"{count} item(s) of type '{kind}' not imported",
                      hint="only posts and pages become articles")
    result.problems = sorted(problems.items, key=lambda p: p.sort_key)
    return result


def _text(node: Node, name: str) -> str:
    """Return the child's text with character references resolved (titles store '&amp;')."""
    return html.unescape(node.child_text(name))


def _fixed(moment: datetime) -> datetime:
    """Return the moment with a fixed UTC offset: the front matter writes '+01:00'."""
    offset = moment.utcoffset() or timedelta(0)
    return moment.astimezone(timezone(offset))


class _Export:
    """What one export's posts share: its authors, categories, attachments and timezone."""

    def __init__(self, where: str, tz: tzinfo, channel: Node, problems: Problems) -> None:
        self.where, self.tz, self.problems = where, tz, problems
        self.offset_checked = False
        self.authors = {_text(a, "wp:author_login"): _text(a, "wp:author_display_name")
                        for a in channel.findall("wp:author")}
        self.parents = {c.child_text("wp:category_nicename"): (
            _text(c, "wp:cat_name"), c.child_text("wp:category_parent"))
            for c in channel.findall("wp:category")}
        self.attachments: dict[str, Attachment] = {}
        self.children: dict[str, list[str]] = {}
        for item in channel.findall("item"):
            if item.child_text("wp:post_type") == "attachment":
                ident, url = item.child_text("wp:post_id"), item.child_text("wp:attachment_url")
                name = PurePosixPath(unquote(urlsplit(url).path)).name
                self.attachments[ident] = Attachment(url, name, _text(item, "title"))
                self.children.setdefault(item.child_text("wp:post_parent"), []).append(ident)

    def moment(self, item: Node, gmt_key: str, local_key: str) -> datetime | None:
        """Return the GMT date in the site's zone, or else the local one read in it."""
        gmt, local = item.child_text(gmt_key), item.child_text(local_key)
        if gmt and gmt != NO_DATE:
            moment = datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            if local and local != NO_DATE and not self.offset_checked:
                self._check_offset(item, moment, datetime.strptime(local, "%Y-%m-%d %H:%M:%S"))
            return _fixed(moment.astimezone(self.tz))
        if local and local != NO_DATE:
            return _fixed(datetime.strptime(local, "%Y-%m-%d %H:%M:%S").replace(tzinfo=self.tz))
        return None

    def _check_offset(self, item: Node, gmt: datetime, local: datetime) -> None:
        # WXR does not say the site's timezone, but a post with both dates shows its offset;
        # if it differs from ours, drafts (local time only) would move by the difference.
        self.offset_checked = True
        theirs = local - gmt.replace(tzinfo=None)
        ours = gmt.astimezone(self.tz).utcoffset()
        if theirs != ours:
            self.problems.warn(
                self.where, f"the export's local times are UTC{_offset(theirs)}, the site's "
                f"timezone gives UTC{_offset(ours)}", item.line,
                "set the timezone of the WordPress site (Settings → General): "
                "dates without a GMT date are read in it")

    def post(self, item: Node, kind: str) -> ImportedPost | None:
        """Return the post of an <item>, or None after saying why it is left out."""
        status, title = item.child_text("wp:status"), html_to_text(item.child_text("title"))
        name = f"{kind} '{title}'" if title else f"{kind} {item.child_text('wp:post_id')}"
        if status in ("trash", "auto-draft"):
            where_it_is = "in WordPress's trash" if status == "trash" else "an empty auto-draft"
            self.problems.warn(self.where, f"{name} is {where_it_is}: not imported", item.line)
            return None
        try:
            date = self.moment(item, "wp:post_date_gmt", "wp:post_date")
            updated = self.moment(item, "wp:post_modified_gmt", "wp:post_modified")
        except ValueError as exc:
            self.problems.error(self.where, f"{name} has an unreadable date: {exc}", item.line,
                                "dates in an export look like 2024-03-01 09:30:00")
            return None
        if date is None:
            self.problems.error(self.where, f"{name} has no date", item.line,
                                "give it a date in WordPress and export again")
            return None
        content = item.find("content:encoded")
        raw = content.all_text().replace("\r\n", "\n") if content is not None else ""
        body = self._body(raw, name, content.line if content is not None else item.line)
        draft = status in DRAFT_STATUSES
        if status not in DRAFT_STATUSES | {"publish", "future"}:
            draft = True
            self.problems.warn(self.where, f"{name} has the status '{status}': imported as "
                               "a draft", item.line)
        if item.child_text("wp:post_password"):
            draft = True
            self.problems.warn(self.where, f"{name} had a password on WordPress: imported as a "
                               "draft, so that it is not published to everyone", item.line)
        if not title:
            words = html_to_text(body).split()
            title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
            title = title or f"Untitled {item.child_text('wp:post_id')}".strip()
            self.problems.warn(self.where, f"{name} has no title: titled '{title}'", item.line,
                               "edit 'title:' in the imported file")
        login = item.child_text("dc:creator")
        return ImportedPost(
            source=self.where, line=item.line, title=title, date=date, body_html=body,
            updated=updated, author=self.authors.get(login) or login, tags=self._tags(item),
            summary=html_to_text(item.child_text("excerpt:encoded")),
            slug=unquote(item.child_text("wp:post_name")), draft=draft,
            scheduled=status == "future", aliases=_alias(item.child_text("link")),
            attachments=self._attachments(item), kind=kind)

    def _body(self, raw: str, name: str, line: int) -> str:
        found = first_shortcode(raw, skip=frozenset({"caption", "wp_caption"}))
        if found:
            text = found.text if len(found.text) <= 60 else found.text[:59] + "…]"
            more = f", and {found.count - 1} more" if found.count > 1 else ""
            self.problems.warn(self.where, f"{name} keeps the shortcode {text} as text "
                               f"(line {found.line} of its body{more})", line + found.line - 1,
                               "shortcodes are not run here: write the HTML it stood for")
        body = captions_to_figures(raw)
        # The block editor's posts are already HTML; WordPress runs wpautop only on the
        # classic editor's (do_blocks() turns it off), and so do we.
        return strip_block_comments(body) if has_blocks(body) else wpautop(
            strip_block_comments(body))

    def _tags(self, item: Node) -> tuple[str, ...]:
        names: list[str] = []
        for category in item.findall("category"):
            domain, nicename = category.attrs.get("domain"), category.attrs.get("nicename", "")
            if domain == "post_tag":
                names.append(html.unescape(category.all_text().strip()))
            elif domain == "category" and nicename not in DEFAULT_CATEGORIES:
                names.append(html.unescape(category.all_text().strip()))
                # A post in 'Europe' is on WordPress's 'World' page too, if Europe is in World.
                seen = {nicename}
                parent = self.parents.get(nicename, ("", ""))[1]
                while parent and parent not in seen and parent in self.parents:
                    seen.add(parent)
                    names.append(self.parents[parent][0])
                    parent = self.parents[parent][1]
        unique: dict[str, str] = {}
        for tag in names:
            unique.setdefault(tag.casefold(), tag)
        return tuple(tag for tag in unique.values() if tag)

    def _attachments(self, item: Node) -> tuple[Attachment, ...]:
        ident = item.child_text("wp:post_id")
        found = [self.attachments[a] for a in self.children.get(ident, [])]
        thumbnail = next((m.child_text("wp:meta_value") for m in item.findall("wp:postmeta")
                          if m.child_text("wp:meta_key") == "_thumbnail_id"), "")
        if thumbnail in self.attachments:
            featured = self.attachments[thumbnail]
            found = [a for a in found if a != featured]
            found.insert(0, Attachment(featured.url, featured.file_name, featured.title, True))
        return tuple(found)


def _alias(link: str) -> tuple[str, ...]:
    """Return the old permalink as a root-relative path; '?p=12' links make none."""
    parts = urlsplit(link)
    path = unquote(parts.path)
    if parts.query or not path.strip("/"):
        return ()
    return (path,)


def _offset(offset: timedelta | None) -> str:
    minutes = round((offset or timedelta(0)).total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
