"""Write a synthetic archive of N front-matter articles (plus some wire text) for benchmarks."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

TAGS = ["Economy", "Climate", "Elections", "Science", "Transport", "Health", "Culture",
        "Technology", "Sport", "Housing", "Energy", "Education", "Justice", "Farming",
        "Tourism", "Defence", "Budget", "Water", "Rail", "Ports"]
SOURCES = ["Harbour Wire", "Meridian Press", "Northwind News Agency", "Greyfield Wire Service",
           "Agence Estuaire", "Coastline Daily"]
WORDS = [
    "council", "harbour", "minister", "ferry", "budget", "river", "station", "hospital",
    "school", "report", "farmers", "market", "vote", "tram", "storm", "energy", "grid",
    "museum", "library", "court", "police", "festival", "record", "season", "union", "strike",
    "plan", "study", "data", "city", "region", "coast",
]
SITE_TOML = """title = "Benchmark Bulletin"
base_url = "https://bench.example/"
timezone = "Europe/London"
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def write_site(root: Path, count: int, seed: int = 7, wire_share: float = 0.1) -> Path:
    """Create root/site.toml and root/content/ with `count` articles; return root."""
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    start = datetime(2015, 1, 1, 6, 0)
    for number in range(count):
        moment = start + timedelta(minutes=number * 523 + rng.randint(0, 400))
        title = f"{rng.choice(WORDS).capitalize()} {' '.join(rng.sample(WORDS, 5))} {number}"
        paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
                      for _ in range(rng.randint(4, 9))]
        folder = content / f"{moment:%Y}"
        folder.mkdir(exist_ok=True)
        if rng.random() < wire_share:
            text = (f"| {moment.day} {moment:%B %Y, %A} |\n\n{title}\n\n"
                    + "\n\n".join(paragraphs) + f"\n\n  \u2022 {rng.choice(SOURCES)}\n")
            (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
            continue
        tags = ", ".join(rng.sample(TAGS, rng.randint(1, 4)))
        body = "\n\n".join(paragraphs)
        body = body.replace(" report.", " **report**.", 1)
        text = (f"---\ntitle: \"{title}\"\ndate: {moment:%Y-%m-%d %H:%M}\ntags: [{tags}]\n"
                f"source: {rng.choice(SOURCES)}\n---\n\n## {sentence(rng)}\n\n{body}\n")
        (folder / f"{number:05d}.md").write_text(text, encoding="utf-8")
    return root
