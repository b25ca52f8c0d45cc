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
