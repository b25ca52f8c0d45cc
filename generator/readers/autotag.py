"""Auto-tagging: site.toml's [autotag] rules add tags to articles that mention a phrase."""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Iterable

from ..config import Autotag
from ..model import Parsed


def compile_rules(rules: Autotag) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """Return one pattern matching every phrase as a whole word, and phrase -> tag."""
    if not rules.rules:
        return None
    fold = (lambda s: s) if rules.case_sensitive else str.casefold
    tag_of: dict[str, str] = {}
    for tag, phrases in rules.rules:
        for phrase in phrases:
            tag_of.setdefault(fold(phrase), tag)
    # Longest first, so that 'North Atlantic Treaty Organization' wins over 'North'.
    alternatives = "|".join(re.escape(p) for p in sorted(tag_of, key=lambda p: (-len(p), p)))
    flags = 0 if rules.case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags), tag_of


def apply_autotags(rules: Autotag, items: Iterable[Parsed]) -> list[Parsed]:
    """Add the rule tags whose phrases occur in each article's headline or text."""
    compiled = compile_rules(rules)
    if compiled is None:
        return list(items)
    pattern, tag_of = compiled
    fold = (lambda s: s) if rules.case_sensitive else str.casefold
    tagged = []
    for article, body in items:
        found = {tag_of[fold(m.group(0))] for m in pattern.finditer(article.title)}
        found |= {tag_of[fold(m.group(0))] for m in pattern.finditer(body.text)}
        have = {t.casefold() for t in article.tags}
        extra = sorted(t for t in found if t.casefold() not in have)
        if extra:
            article = dataclasses.replace(article, tags=article.tags + tuple(extra))
        tagged.append(Parsed(article, body))
    return tagged


# Words that start sentences and headlines; as single words they are never names.
COMMON = frozenset((
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "he", "her", "his", "i", "if",
    "in", "it", "its", "many", "more", "most", "dr", "mr", "mrs", "ms", "prof", "st", "le",
    "la", "les", "el", "al", "de", "del", "der", "die", "das", "no", "not", "of", "on", "one",
    "or", "our", "she", "so", "some", "that", "the", "their", "there", "these", "they", "this",
    "those", "to", "two", "under", "we", "what", "when", "where", "which", "while", "who",
    "why", "with", "yet", "you",
))
# Dates are not topics.
CALENDAR = frozenset(n.lower() for n in (*calendar.month_name[1:], *calendar.day_name))
WORD = re.compile(r"[^\W_][\w'\u2019\-]*")
# What, between two words, says the second one opens a sentence (or a quote, or a line).
SENTENCE_BREAK = re.compile(r"[.!?:;\u201c\u201d\"(|\u2022]\s*$|\n\s*\n")
POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclasses.dataclass(frozen=True, slots=True)
class Phrases:
    """Capitalised phrases of a text; `initial` are single words seen only opening a sentence."""

    inner: frozenset[str]
    initial: frozenset[str]


def capitalised_phrases(text: str) -> Phrases:
    """Find runs of capitalised words ('Jens Stoltenberg', 'NATO') and their single words."""
    inner: set[str] = set()
    initial: set[str] = set()
    runs: list[tuple[list[str], bool]] = []
    run: list[str] = []
    previous_end = 0
    for match in WORD.finditer(text):
        word = POSSESSIVE.sub("", match.group(0)).rstrip("'\u2019-")
        gap = text[previous_end:match.start()]
        opens = previous_end == 0 or bool(SENTENCE_BREAK.search(gap))
        if word[:1].isupper() and (not run or (gap.strip() == "" and "\n" not in gap)):
            if not run:
                runs.append((run, opens))
            run.append(word)
        else:
            run = []
            if word[:1].isupper():
                run = [word]
                runs.append((run, opens))
        previous_end = match.end()
    for words, opens_sentence in runs:
        if opens_sentence and words[0].lower() in COMMON:
            words = words[1:]  # "The Harbour Authority" -> "Harbour Authority"
        words = [w for w in words if w.lower() not in CALENDAR] if len(words) == 1 else words
        if not words:
            continue
        singles = [w for w in words if w.lower() not in COMMON | CALENDAR and len(w) > 1]
        if len(words) == 1:
            (initial if opens_sentence else inner).update(singles)
            continue
        inner.update(singles)
        if len(words) <= 4:
            inner.add(" ".join(words))
    return Phrases(frozenset(inner), frozenset(initial - inner))


def suggest_phrases(rules: Autotag, items: Iterable[Parsed],
                    limit: int = 30, min_count: int = 2) -> list[tuple[str, int]]:
    """The capitalised phrases in the most articles that no rule covers yet, with counts.

    A word seen capitalised only at the start of sentences ('Supporters') is left out.
    """
    fold = (lambda s: s) if rules.case_sensitive else str.casefold
    covered = {fold(tag) for tag, _ in rules.rules}
    covered |= {fold(phrase) for _, phrases in rules.rules for phrase in phrases}
    found = [capitalised_phrases(article.title + "\n\n" + body.text) for article, body in items]
    names = set().union(*(f.inner for f in found)) if found else set()
    counts: dict[str, int] = {}
    for phrases in found:
        for phrase in phrases.inner | (phrases.initial & names):
            counts[phrase] = counts.get(phrase, 0) + 1
    # A word that only ever occurs inside one longer phrase ('Averly' in 'Port Averly')
    # adds nothing to that phrase.
    for phrase, count in list(counts.items()):
        if " " in phrase:
            for word in phrase.split():
                if counts.get(word) == count:
                    del counts[word]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(phrase, count) for phrase, count in ranked
            if count >= min_count and fold(phrase) not in covered][:limit]
