"""Structured data for search engines: schema.org NewsArticle as JSON-LD."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..config import Config
from ..model import Article, AuthorProfile
from .images_lead import LeadImage
from .indented_json import indented_json


@dataclass(frozen=True, slots=True)
class Byline:
    """One author of a story as structured data names them: the page the site gives them
    ('' when it has none) and what authors.toml says of them."""

    name: str
    page_url: str = ""
    profile: AuthorProfile | None = None


def news_article_json_ld(config: Config, article: Article, bylines: Sequence[Byline] = (),
                         lead: LeadImage | None = None) -> Markup:
    """Return the NewsArticle JSON-LD for an article, safe to put inside a <script>."""
    url = config.absolute(article.url)
    publisher: dict[str, Any] = {"@type": "Organization", "name": config.publisher_name,
                                 "url": config.base_url}
    if config.logo:
        logo = config.absolute("/" + config.logo.lstrip("/"))
        publisher["logo"] = {"@type": "ImageObject", "url": logo}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "dateModified": article.modified.isoformat(),
        "keywords": list(article.tags),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": article.language,
        "description": article.summary,
        "wordCount": article.word_count,
        "publisher": publisher,
    }
    if lead is not None:
        # Google's NewsArticle guidance: the picture in 16:9, 4:3 and 1:1.
        data["image"] = [absolute(config, src) for src in lead.structured]
    if bylines:
        data["author"] = [person(config, byline) for byline in bylines]
    elif article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    elif article.source:
        data["author"] = {"@type": "Organization", "name": article.source}
    if article.corrections:
        data["correction"] = [{"@type": "CorrectionComment", "text": c.text,
                               "datePublished": c.date.isoformat()}
                              for c in reversed(article.corrections)]
    return script_json(data)


def person(config: Config, byline: Byline) -> dict[str, Any]:
    """A schema.org Person: the author's page here as `url`, their own pages as `sameAs`."""
    data: dict[str, Any] = {"@type": "Person", "name": byline.name}
    if byline.page_url:
        data["url"] = config.absolute(byline.page_url)
    profile = byline.profile
    if profile is not None:
        same = list(dict.fromkeys(u for u in (profile.url, *profile.same_as) if u))
        if same:
            data["sameAs"] = same
        if profile.image:
            data["image"] = absolute(config, profile.image)
        if profile.bio:
            data["description"] = profile.bio
    return data


def absolute(config: Config, url: str) -> str:
    """An image URL as structured data wants it: absolute."""
    return url if url.startswith(("http://", "https://")) else config.absolute(url)


def script_json(data: Any) -> Markup:
    """Serialise JSON so that no '</script>' or '<!--' inside a string can end the script."""
    text = indented_json(data, 2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
