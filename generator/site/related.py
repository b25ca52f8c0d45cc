"""Related articles: most shared tags first, then closest in date. An inverted index of
bitsets keeps this near-linear: no article is ever compared with every other one."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article


def related_articles(articles: Sequence[Article], count: int) -> dict[str, tuple[Article, ...]]:
    """Return, for each article URL, up to `count` related articles.

    Ranking: more shared tags first; among equals, the smaller distance in time; then the
    newer article; then the URL. Articles without tags have no related articles.
    """
    if count < 1:
        return {}
    ordered = sorted(articles, key=lambda a: (a.date, a.url))  # bit i is ordered[i]
    postings: dict[str, int] = {}
    for index, article in enumerate(ordered):
        for tag in {t.casefold() for t in article.tags}:
            postings[tag] = postings.get(tag, 0) | (1 << index)
    related: dict[str, tuple[Article, ...]] = {}
    for index, article in enumerate(ordered):
        masks = [postings[t] for t in sorted({t.casefold() for t in article.tags})]
        chosen: list[Article] = []
        taken = 1 << index
        for candidates in reversed(_at_least(masks)):  # most shared tags first
            candidates &= ~taken
            while candidates and len(chosen) < count:
                pick = _nearest(ordered, index, candidates)
                chosen.append(ordered[pick])
                taken |= 1 << pick
                candidates &= ~(1 << pick)
            if len(chosen) == count:
                break
        related[article.url] = tuple(chosen)
    return related


def _at_least(masks: list[int]) -> list[int]:
    """levels[k] holds the articles that carry at least k+1 of the tags in `masks`."""
    levels: list[int] = []
    for mask in masks:
        levels.append(0)
        for k in range(len(levels) - 1, 0, -1):
            levels[k] |= levels[k - 1] & mask
        levels[0] |= mask
    # Each level keeps only the articles not already in a higher one.
    return [levels[k] & ~levels[k + 1] if k + 1 < len(levels) else levels[k]
            for k in range(len(levels))]


def _nearest(ordered: Sequence[Article], index: int, candidates: int) -> int:
    """The candidate bit closest in time to article `index` (ties: the newer, then URL)."""
    below = candidates & ((1 << index) - 1)
    above = candidates >> (index + 1)
    options = []
    if below:
        pick = below.bit_length() - 1
        # Among candidates of the same moment the smallest URL wins; below us it sits lowest.
        while rest := below & ((1 << pick) - 1):
            lower = rest.bit_length() - 1
            if ordered[lower].date != ordered[pick].date:
                break
            pick = lower
        options.append(pick)
    if above:
        options.append(index + 1 + (above & -above).bit_length() - 1)
    here = ordered[index].date

    def rank(i: int) -> tuple[float, float, str]:
        other = ordered[i]
        return (abs((other.date - here).total_seconds()), -other.date.timestamp(), other.url)

    return min(options, key=rank)
