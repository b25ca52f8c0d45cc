from pathlib import Path

from conftest import run_cli, write_tree
from test_indexes import art

from generator.config import Autotag, parse_config
from generator.model import Body, Parsed
from generator.readers.autotag import apply_autotags, capitalised_phrases, suggest_phrases

RULES = Autotag((("Ukraine", ("Ukraine", "Kyiv", "Kiev")),
                 ("NATO", ("NATO", "North Atlantic Treaty Organization"))))


def tags_of(title: str, text: str, rules: Autotag = RULES, tags: tuple[str, ...] = ()) -> tuple:
    article = Parsed(art(title, "2024-01-01", tags=tags), Body(f"<p>{text}</p>", text))
    return apply_autotags(rules, [article])[0].article.tags


def test_a_phrase_in_the_headline_or_body_adds_its_tag() -> None:
    assert tags_of("Talks in Kyiv", "Nothing here.") == ("Ukraine",)
    assert tags_of("Talks", "The North Atlantic Treaty Organization met.") == ("NATO",)
    assert tags_of("Talks", "Kyiv and NATO.") == ("NATO", "Ukraine")


def test_phrases_match_whole_words_only() -> None:
    assert tags_of("Kievan history", "NATOs and UKRAINEs, Ukrainex.") == ()
    assert tags_of("Talks", "(Kyiv), 'NATO'-led.") == ("NATO", "Ukraine")


def test_matching_is_case_sensitive_by_default_and_can_be_switched_off() -> None:
    assert tags_of("Talks", "nato and kyiv") == ()
    relaxed = Autotag(RULES.rules, case_sensitive=False)
    assert tags_of("Talks", "nato and kyiv", relaxed) == ("NATO", "Ukraine")


def test_front_matter_tags_are_kept_and_not_doubled() -> None:
    assert tags_of("Kyiv", "Kyiv", tags=("ukraine", "Economy")) == ("ukraine", "Economy")
    assert tags_of("Kyiv", "NATO", tags=("Economy",)) == ("Economy", "NATO", "Ukraine")


def test_rules_are_read_from_site_toml() -> None:
    config = parse_config('[autotag]\ncase_sensitive = false\nNATO = ["NATO"]\n'
                          'Ukraine = "Kyiv"\n', Path("."))
    assert config.autotag == Autotag((("NATO", ("NATO",)), ("Ukraine", ("Kyiv",))), False)


def test_capitalised_phrases_are_names_not_sentence_openers() -> None:
    found = capitalised_phrases("The minister met Jens Stoltenberg in Brussels on Monday. "
                                "Supporters cheered.")
    assert found.inner == {"Jens Stoltenberg", "Jens", "Stoltenberg", "Brussels"}
    assert found.initial == {"Supporters"}


def test_suggestions_count_articles_and_leave_out_rules() -> None:
    articles = [Parsed(art(f"T{n}", f"2024-01-0{n + 1}"), Body(f"<p>{text}</p>", text))
                for n, text in enumerate(["Port Averly and NATO.", "Ferry to Port Averly.",
                                          "NATO in Port Averly.", "Lindenhall once."])]
    assert suggest_phrases(RULES, articles) == [("Port Averly", 3)]
    assert suggest_phrases(Autotag(), articles) == [("Port Averly", 3), ("NATO", 2)]


def test_tags_suggest_prints_counts(tmp_path: Path) -> None:
    files = {f"content/{n}.txt": f"| {n + 1} March 2024 |\n\nStory {n}\n\n"
             f"Officials in Quillanport met the Harbour Board.\n" for n in range(3)}
    write_tree(tmp_path, {**files, "site.toml": '[autotag]\nHarbour = ["Harbour Board"]\n'})
    result = run_cli("tags", "suggest", "--site", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Phrases in the most of 3 articles that no [autotag] rule covers:",
        "     3  Quillanport"]
