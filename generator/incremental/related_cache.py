"""Related articles kept between builds: they depend on every article's URL, date and tags,
not on bodies, and ranking them takes about a second at 10,000 articles. A build whose
articles have the URLs, dates and tags of the last build's takes the last ranking."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from ..digests import digest_parts
from ..model import Article
from ..site.related import related_articles

NAME = "related.pickle"
# A ranking by URL: the URLs of each article's related articles, in order.
Ranking = dict[str, tuple[str, ...]]


def ranking_key(articles: Sequence[Article], count: int) -> bytes:
    """A digest of what the ranking reads: the count, and each article's URL, date and
    tags (as compared: case-folded, in any order)."""
    parts = [str(count)]
    for article in articles:
        parts += (article.url, article.date.isoformat(),
                  *sorted({tag.casefold() for tag in article.tags}), "")
    return digest_parts(*(part.encode("utf-8", "surrogatepass") for part in parts))


class RelatedCache:
    """make_site's `related`: the rankings of the last build, in .cache/related.pickle;
    those this build ranks anew replace them (one per language)."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / NAME
        self.known: dict[bytes, Ranking] = {}
        self.used: dict[bytes, Ranking] = {}
        # A cache that cannot be read is no cache: the rankings are made again.
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, ValueError,
                                 TypeError, AttributeError):
            with self.path.open("rb") as file:
                found = pickle.load(file)
            if isinstance(found, dict):
                self.known = found

    def __call__(self, articles: Sequence[Article], count: int
                 ) -> dict[str, tuple[Article, ...]]:
        by_url = {article.url: article for article in articles}
        if count < 1 or len(by_url) != len(articles):  # none, or URLs taken twice
            return related_articles(articles, count)
        key = ranking_key(articles, count)
        ranking = self.known.get(key)
        if isinstance(ranking, dict) and all(url in by_url for urls in ranking.values()
                                             for url in urls):
            self.used[key] = ranking
            return {url: tuple(by_url[other] for other in urls)
                    for url, urls in ranking.items()}
        found = related_articles(articles, count)
        self.used[key] = {url: tuple(a.url for a in chosen) for url, chosen in found.items()}
        return found

    def save(self) -> None:
        """Keep the rankings this build used, if they are not those kept already; a
        cache folder that cannot be written only costs the next build the ranking."""
        if self.used.keys() == self.known.keys():
            return
        temporary = self.path.with_name(f".{NAME}.{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as file:
                pickle.dump(self.used, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.known = dict(self.used)
