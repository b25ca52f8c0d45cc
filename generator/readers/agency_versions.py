"""The versions of an agency item made one article, and its lead picture settled.

Agencies resend a corrected item under the same guid with a higher version. Every file
is parsed (and cached) on its own; this runs on every build over all the articles, so an
incremental build settles versions exactly as a clean one does.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import PurePosixPath

from ..model import Article, ImageSpec


def merge_versions(articles: list[Article], present: Callable[[str], bool]
                   ) -> tuple[list[Article], list[Article]]:
    """Return the articles with each agency item's versions made one (the highest version,
    ties by the latest version date), and the versions left behind.

    The article keeps the date and URL of its first version; its `updated` is the newest
    version's date. `present` says whether a file (relative to the site root) exists: a
    lead picture named beside the item is its URL when the file is not there.
    """
    groups: dict[str, list[Article]] = {}
    for article in articles:
        if article.agency is not None:
            groups.setdefault(article.agency.guid, []).append(article)
    merged: dict[str, Article] = {}
    absorbed: list[Article] = []
    for versions in groups.values():
        ordered = sorted(versions, key=_version_key)
        merged[ordered[-1].path] = _merge(ordered, present)
        absorbed.extend(ordered[:-1])
    gone = {article.path for article in absorbed}
    kept = [merged.get(article.path, article) for article in articles
            if article.path not in gone]
    return kept, absorbed


def _version_key(article: Article) -> tuple[int, datetime, str]:
    """Order versions: number, then version date, then path, so that ties resolve alike."""
    agency = article.agency
    assert agency is not None
    return (agency.number, agency.created or datetime.min.replace(tzinfo=UTC), article.path)


def _merge(ordered: list[Article], present: Callable[[str], bool]) -> Article:
    """Make the versions of one item, oldest first, into the newest one's article."""
    winner, first = ordered[-1], ordered[0]
    agency = winner.agency
    assert agency is not None
    date = min(a.agency.first for a in ordered if a.agency is not None)
    if agency.embargo is not None and agency.embargo > date:
        date = agency.embargo  # the newest version's embargo holds it back
    created = [a.agency.created for a in ordered if a.agency and a.agency.created]
    newest = max(created) if created else None
    updated = newest if newest is not None and newest > date else None
    return dataclasses.replace(
        winner, date=date, updated=updated, updated_time_given=updated is not None,
        slug=first.slug, slug_explicit=first.slug_explicit,
        image=_settle_image(winner, present))


def _settle_image(article: Article, present: Callable[[str], bool]) -> ImageSpec | None:
    """Return the lead picture: the file beside the item when it is there, else its URL
    (none when the item gives no URL), as `import` chooses it."""
    image, agency = article.image, article.agency
    if image is None or agency is None or "://" in image.src:
        return image
    folder = PurePosixPath(article.path).parent.as_posix()
    if present(posixpath.normpath(posixpath.join(folder, image.src))):
        return image
    return dataclasses.replace(image, src=agency.image_url) if agency.image_url else None
