import itertools
import random
from dataclasses import replace

from test_indexes import art

from generator.site.related import related_articles


def with_urls(*articles):
    return [replace(a, url=f"/{a.title}/") for a in articles]


def brute_force(articles, count):
    """The definition, comparing every pair: what the bitset index must agree with."""
    result = {}
    for a in articles:
        mine = {t.casefold() for t in a.tags}
        others = [(len(mine & {t.casefold() for t in b.tags}), b) for b in articles if b is not a]
        others = [(shared, b) for shared, b in others if shared]
        others.sort(key=lambda sb: (-sb[0], abs((sb[1].date - a.date).total_seconds()),
                                    -sb[1].date.timestamp(), sb[1].url))
        result[a.url] = tuple(b for _, b in others[:count])
    return result


def titles(related, url):
    return [a.title for a in related[url]]


def test_most_shared_tags_come_first_then_the_closest_date() -> None:
    items = with_urls(art("me", "2024-06-01", tags=("A", "B")),
                      art("both-far", "2020-01-01", tags=("A", "B")),
                      art("one-near", "2024-06-02", tags=("A",)),
                      art("one-far", "2023-01-01", tags=("B",)),
                      art("none", "2024-06-01", tags=("C",)))
    assert titles(related_articles(items, 5), "/me/") == ["both-far", "one-near", "one-far"]


def test_at_most_count_and_never_the_article_itself() -> None:
    items = with_urls(*(art(f"a{n}", f"2024-01-{n + 1:02d}", tags=("X",)) for n in range(9)))
    related = related_articles(items, 5)
    assert titles(related, "/a4/") == ["a5", "a3", "a6", "a2", "a7"]  # ties: the newer first
    assert all(len(v) == 5 for v in related.values())


def test_articles_without_tags_have_no_related_articles() -> None:
    items = with_urls(art("lonely", "2024-01-01"), art("other", "2024-01-02", tags=("X",)))
    assert related_articles(items, 5)["/lonely/"] == ()


def test_tags_match_without_regard_to_case() -> None:
    items = with_urls(art("a", "2024-01-01", tags=("Climate",)),
                      art("b", "2024-01-02", tags=("climate",)))
    assert titles(related_articles(items, 5), "/a/") == ["b"]


def test_the_index_agrees_with_comparing_every_pair() -> None:
    rng = random.Random(3)
    tags = ["A", "B", "C", "D", "E", "F"]
    items = with_urls(*(art(f"n{n}", f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            tags=tuple(rng.sample(tags, rng.randint(0, 3))))
                        for n in range(120)))
    assert related_articles(items, 5) == brute_force(items, 5)


def test_the_result_does_not_depend_on_input_order() -> None:
    items = with_urls(*(art(f"n{n}", f"2024-01-{n % 5 + 1:02d}", tags=("A", "B")[: n % 2 + 1])
                        for n in range(12)))
    expected = related_articles(items, 5)
    for order in itertools.islice(itertools.permutations(items), 0, 50, 7):
        assert related_articles(list(order), 5) == expected


def test_a_later_build_takes_the_ranking_kept_while_urls_dates_and_tags_stand(
        tmp_path, monkeypatch) -> None:
    """Ranking takes about a second at 10,000 articles; a build that changed only bodies
    (or nothing the ranking reads) takes the one the last build kept in .cache/."""
    from generator.incremental import related_cache
    from generator.incremental.related_cache import RelatedCache

    rng = random.Random(5)
    items = with_urls(*(art(f"n{n}", f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            tags=tuple(rng.sample("ABCDEF", rng.randint(0, 3))))
                        for n in range(60)))
    first = RelatedCache(tmp_path)
    assert first(items, 5) == related_articles(items, 5)
    first.save()
    assert (tmp_path / "related.pickle").is_file()

    ranked: list[int] = []

    def counted(articles, count):
        ranked.append(len(articles))
        return related_articles(articles, count)

    monkeypatch.setattr(related_cache, "related_articles", counted)
    # New Article objects (a later build), one with a new body and word count: the same
    # ranking, made of this build's objects.
    again = [replace(a, words=a.words + 7) for a in items]
    kept = RelatedCache(tmp_path)(again, 5)
    assert ranked == []
    assert kept == related_articles(again, 5)
    assert all(b in again for chosen in kept.values() for b in chosen)
    # A retag, a new date, another count, upper case for lower: what the ranking reads.
    retagged = [replace(again[0], tags=("F",)), *again[1:]]
    assert RelatedCache(tmp_path)(retagged, 5) == related_articles(retagged, 5)
    redated = [replace(again[1], date=again[1].date.replace(year=2020)), *again[:1],
               *again[2:]]
    assert RelatedCache(tmp_path)(redated, 5) == related_articles(redated, 5)
    assert RelatedCache(tmp_path)(again, 3) == related_articles(again, 3)
    assert len(ranked) == 3
    recased = [replace(a, tags=tuple(t.lower() for t in a.tags)) for a in again]
    assert RelatedCache(tmp_path)(recased, 5) == related_articles(recased, 5)
    assert len(ranked) == 3  # tags match without regard to case, so the ranking stands


def test_a_damaged_ranking_cache_is_ranked_again(tmp_path) -> None:
    from generator.incremental.related_cache import RelatedCache

    items = with_urls(*(art(f"a{n}", f"2024-01-{n + 1:02d}", tags=("X",)) for n in range(9)))
    (tmp_path / "related.pickle").write_bytes(b"\x80\x05 not a pickle")
    cache = RelatedCache(tmp_path)
    assert cache(items, 5) == related_articles(items, 5)
    cache.save()
    assert RelatedCache(tmp_path)(items, 5) == related_articles(items, 5)
