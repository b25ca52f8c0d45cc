"""What a page reads of the site while it is made: bodies loaded on demand, and recorded.

A build passes one `Reads` to the render stage. Templates (through the environment) and
feeds ask it for article bodies; it loads each from where the build keeps them and notes,
for the page being made, every body and every group's list of articles it read, so that
the next build knows which pages an edit reaches.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from ..model import Article, Bodies, Body, article_key

# What a build does to a body as it is loaded: its local images get their srcset, width
# and height (outputs/media.rewrite_body). Its inputs count in the body's fingerprint.
Rewrite = Callable[[Article, Body], Body]

# Bodies kept after loading: an article is often in the site feed and its groups' feeds,
# all made by one worker in a row.
RECENT = 256


class Reads:
    """The build's bodies, loaded on demand, and what the page being made read of them."""

    def __init__(self, store: Bodies, rewrite: Rewrite | None = None) -> None:
        self.store = store
        self.rewrite = rewrite
        self.current: set[str] | None = None
        self._recent: OrderedDict[str, Body] = OrderedDict()
        # Moved on when bodies may have changed: whatever keeps what it made from bodies
        # (render.remember, the feeds' entries) starts afresh.
        self.generation = 0

    def begin(self) -> set[str]:
        """Start recording for a new page; return the set its reads go into."""
        self.current = set()
        return self.current

    def end(self) -> None:
        self.current = None

    def note(self, key: str) -> None:
        """Record that the page being made depends on what `key` names."""
        if self.current is not None:
            self.current.add(key)

    def forget(self) -> None:
        """Load every body from the store again (it changed), and say so (`generation`)."""
        self._recent.clear()
        self.generation += 1

    def noted(self, article: Article) -> None:
        """Record a read of the article's body without loading it."""
        self.note(article_key(article))

    def body(self, article: Article) -> Body:
        """The article's body, loaded from the store (or kept from a recent load)."""
        self.noted(article)
        body = self._recent.get(article.path)
        if body is None:
            body = self.store.body(article.path)
            if self.rewrite is not None:
                body = self.rewrite(article, body)
            self._recent[article.path] = body
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return body
