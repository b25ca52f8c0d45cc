"""Structured data for search engines: schema.org NewsArticle as JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..config import Config
from ..model import Article


def news_article_json_ld(config: Config, article: Article) -> Markup:
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
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    elif article.source:
        data["author"] = {"@type": "Organization", "name": article.source}
    return script_json(data)


def script_json(data: Any) -> Markup:
    """Serialise JSON so that no '</script>' or '<!--' inside a string can end the script."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
