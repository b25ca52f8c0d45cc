"""Pelican's, Zola's, Hugo's and Jekyll's links to the site's own pages, followed: a site
moved in keeps its links between articles.

`{filename}2024/other.md` and `|filename|...` (Pelican: from the article's folder, or from
the content folder with a leading '/'), `@/2024/other.md` (Zola: from the content folder)
lead to that article's page; `{tag}name` and `{category}name` to the tag's page,
`{author}name` to the author's, `{index}` to the home page; Hugo's `{{< ref "a.md" >}}`
and `relref` to the page Hugo finds for it; Jekyll's `{% link _posts/a.md %}` (from the
content folder) and `{% post_url 2024-01-09-a %}` to that post's page. A query or
fragment is kept.
The reader records these links with their lines (readers/refs.py: Pelican's links to
files, `{static}` and `{attach}`, are made there links the build already follows, and
readers/link_tags.py writes Hugo's and Jekyll's tags as links the Markdown engine
renders); this stage finds where each leads once the articles have their URLs, and the
body is written with those URLs when a page loads it (media.rewrite_body). A link to no
article of the site is left as written, with a warning naming the file and line.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import unquote

from ..config import Config
from ..errors import Problems, quoted
from ..model import Article, Site
from ..readers.refs import as_written, split_target, tool_link


def follow_tool_links(config: Config, site: Site, problems: Problems
                      ) -> dict[str, dict[str, str]]:
    """For each article with other tools' links: {link as the body holds it: the URL it
    leads to}."""
    articles = [*site.articles, *site.withdrawn]
    wanted = [a for a in articles if any(tool_link(url) for url, _ in a.refs)]
    if not wanted:
        return {}
    content = posixpath.normpath(config.content_dir)
    pages = {a.path: a.url for a in articles}
    found: dict[str, dict[str, str]] = {}
    for article in wanted:
        followed: dict[str, str] = {}
        for url, line in article.refs:
            link = tool_link(url)
            if link is None or link[0] in ("static", "attach"):
                continue
            target = _lead(config, site, article, content, pages, *link)
            if target is None:
                problems.warn(article.path, f"link {quoted(as_written(url))} leads to no "
                              f"page of the site ({_what(link[0])})", line,
                              "correct the link, or link the page by its address")
                continue
            followed[url] = target
        if followed:
            found[article.path] = followed
    return found


def _lead(config: Config, site: Site, article: Article, content: str,
          pages: Mapping[str, str], kind: str, target: str) -> str | None:
    """The URL a link leads to, or None."""
    path, mark, rest = split_target(target)
    after = mark + rest
    if kind == "index":
        return config.home_url + after
    if kind in ("tag", "author"):
        name = unquote(path).strip().casefold()
        groups = site.tag_by_key if kind == "tag" else site.author_by_key
        group = groups.get(name) or next(
            (g for g in groups.values() if g.slug == name or g.name.casefold() == name),
            None)
        return group.url + after if group is not None else None
    name, folder = unquote(path), posixpath.dirname(article.path)
    if kind == "post":
        url = _jekyll_post(name, pages)
    elif kind == "ref":
        url = _hugo_page(name, content, folder, pages)
    else:
        url = pages.get(posixpath.normpath(posixpath.join(content, name.lstrip("/"))
                                           if name.startswith("/")
                                           else posixpath.join(folder, name)))
    return url + after if url is not None else None


def _jekyll_post(name: str, pages: Mapping[str, str]) -> str | None:
    """The post Jekyll's post_url names: the one whose file in a _posts folder has that
    name without its extension ('2024-01-09-a'; 'sub/2024-01-09-a' in a folder 'sub')."""
    folder, _, stem = name.strip("/").rpartition("/")
    if not stem:
        return None
    found = [url for path, url in pages.items()
             if "_posts/" in path and posixpath.splitext(posixpath.basename(path))[0] == stem
             and (not folder or f"/{folder}/" in f"/{posixpath.dirname(path)}/")]
    return found[0] if len(found) == 1 else None


def _hugo_page(name: str, content: str, folder: str, pages: Mapping[str, str]) -> str | None:
    """The page Hugo's ref names: from the page's folder, then from the content folder
    (from there only, with a leading '/'), the file or its folder's index, with or
    without '.md'; else the one page whose file has that name."""
    if not name:
        return None
    bases = [content] if name.startswith("/") else [folder, content]
    for base in bases:
        full = posixpath.normpath(posixpath.join(base, name.lstrip("/")))
        for candidate in (full, full + ".md", full + "/index.md", full + "/_index.md"):
            if candidate in pages:
                return pages[candidate]
    if "/" not in name.strip("/"):
        named = [url for path, url in pages.items()
                 if posixpath.basename(path) in (name, name + ".md")]
        if len(named) == 1:
            return named[0]
    return None


def _what(kind: str) -> str:
    return {"tag": "no tag of that name", "author": "no author of that name"}.get(
        kind, "no article at that path")
