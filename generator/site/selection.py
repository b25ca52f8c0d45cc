"""Which articles a build publishes: the record the index stage and the rebuild check share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..model import Article


@dataclass(frozen=True, slots=True)
class Selection:
    """Drafts and future-dated articles are left out unless asked for (--drafts, --future)."""

    drafts: bool = False
    future: bool = False

    def published(self, articles: Iterable[Article], now: datetime) -> list[Article]:
        """The articles that publish now."""
        return [a for a in articles
                if (self.drafts or not a.draft) and (self.future or a.date <= now)]

    def scheduled(self, articles: Iterable[Article], now: datetime) -> list[Article]:
        """The articles that will publish later with no edit: dated after `now`."""
        if self.future:
            return []
        return [a for a in articles if a.date > now and (self.drafts or not a.draft)]
