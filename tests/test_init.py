"""The first run: `init` makes a site that builds at once, and a newcomer's typical mistakes
are errors that say what to do."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from conftest import run_cli

from generator.config import (
    DEFAULT_KEYS,
    KNOWN_KEYS,
    Config,
    Feeds,
    Permalinks,
    Search,
    Sitemap,
    parse_config,
)
from generator.errors import SiteError
from generator.init import init_site
from generator.theme import DEFAULT_THEME as THEME
from generator.version import __version__

TODAY = date(2024, 2, 21)


def test_init_creates_a_site_that_builds_at_once_without_a_warning(tmp_path: Path) -> None:
    result = run_cli("init", "my-archive", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "my-archive"
    lines = result.stdout.splitlines()
    assert lines[0] == "Created a new site in my-archive:"
    written = [line.strip() for line in lines[1:5]]
    assert written[:2] == ["site.toml", ".gitignore"]
    assert re.fullmatch(r"content/\d{4}/\d{4}-\d\d-\d\d-welcome\.md", written[2])
    assert re.fullmatch(r"content/\d{4}/\d{4}-\d\d-\d\d-wire-example\.txt", written[3])
    assert lines[5:] == ["Preview it with: python -m generator serve --site my-archive",
                         "(it builds, serves http://127.0.0.1:8000/ and reloads the page on "
                         "every save)", "Publish it with: python -m generator build --site "
                         "my-archive  (into my-archive/output/)"]
    assert not (site / "templates").exists()  # the default theme is found by itself
    built = run_cli("build", "--strict", cwd=site)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert built.stdout.startswith("Built 2 articles, ")
    assert 'My Archive' in (site / "output/index.html").read_text(encoding="utf-8")


def test_init_writes_one_article_in_each_format(tmp_path: Path) -> None:
    written = init_site(tmp_path / "site", TODAY)
    names = [p.relative_to(tmp_path / "site").as_posix() for p in written]
    assert names == ["site.toml", ".gitignore", "content/2024/2024-02-21-welcome.md",
                     "content/2024/2024-02-20-wire-example.txt"]
    wire = (tmp_path / "site/content/2024/2024-02-20-wire-example.txt").read_text()
    assert wire.startswith("| 20 February 2024, Tuesday |\n\n")
    markdown = (tmp_path / "site/content/2024/2024-02-21-welcome.md").read_text()
    assert markdown.startswith('---\ntitle: "Welcome to Site"\ndate: 2024-02-21\n')


def test_init_with_theme_copies_the_default_theme_to_edit(tmp_path: Path) -> None:
    result = run_cli("init", "site", "--theme", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "templates/base.html").read_bytes() == (THEME / "templates/base.html"
                                                           ).read_bytes()
    assert (site / "static/css/site.css").is_file()
    built = run_cli("build", "--strict", "--site", site)
    assert built.returncode == 0, built.stderr


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("init", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        ".: is not empty; init writes only into a new or empty folder "
        "(name a new folder, like 'python -m generator init my-archive')",
        "Failed: 1 error(s), 0 warning(s).",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_accepts_a_folder_holding_only_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    init_site(tmp_path, TODAY)
    assert (tmp_path / "site.toml").is_file()


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("", encoding="utf-8")
    with pytest.raises(SiteError) as error:
        init_site(tmp_path / "site", TODAY)
    assert [str(p) for p in error.value.problems] == [
        f"{tmp_path / 'site'}: exists and is not a folder (name a new folder for the site)"]


def test_the_new_site_toml_explains_every_key_and_its_defaults_hold(tmp_path: Path) -> None:
    init_site(tmp_path, TODAY)
    text = (tmp_path / "site.toml").read_text(encoding="utf-8")
    # Uncomment every 'key = value' line: each is a known key showing its default.
    uncommented = "\n".join(
        re.sub(r"^# (?=\[|[\w\"]+ = )", "", line) for line in text.splitlines())
    data = tomllib.loads(uncommented)
    assert set(data) == KNOWN_KEYS
    for table, record in (("permalinks", Permalinks), ("feeds", Feeds), ("sitemap", Sitemap),
                          ("search", Search)):
        assert set(data[table]) == {f.name for f in fields(record)}, table
        assert data[table] == {f.name: f.default for f in fields(record)}, table
    defaults = Config(root=tmp_path)
    assert data["front_matter"] == {"tags": list(DEFAULT_KEYS["tags"])}
    for key, value in data.items():
        if key in ("title", "autotag") or isinstance(value, dict):
            continue
        default = getattr(defaults, key)
        assert value == (list(default) if isinstance(default, tuple) else default), key
    parse_config(uncommented, tmp_path)  # and the whole of it is a valid site.toml


def test_version_prints_the_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"newsarchive-generator {__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_build_outside_a_site_says_how_to_start(tmp_path: Path) -> None:
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "site.toml: not found in this folder, so it is not a site (run the command in a "
        "site's folder, name one with --site DIR, or create a site with "
        "'python -m generator init DIR')",
        "Failed: 1 error(s), 0 warning(s); nothing was written.",
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_site_toml_typo_suggests_the_key(tmp_path: Path) -> None:
    init_site(tmp_path, TODAY)
    toml = tmp_path / "site.toml"
    text = toml.read_text().replace("# per_page = 20", "per_pgae = 20")
    toml.write_text(text)
    line = text.splitlines().index(next(x for x in text.splitlines() if "per_pgae" in x)) + 1
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"site.toml:{line}: unknown key 'per_pgae' (did you mean 'per_page'?)")


@pytest.mark.parametrize(("line", "expected"), [
    ("<p>{{ titel }}</p>", "templates/home.html:3: 'titel' is not defined, while rendering / "
     "(did you mean 'title'?)"),
    ("<p>{{ site.titel }}</p>", "templates/home.html:3: site has no attribute 'titel', while "
     "rendering / (did you mean 'title'?)"),
    ("<p>{{ title|uppercase }}</p>", "templates/home.html:3: no filter named 'uppercase' "
     "(did you mean 'upper'?)"),
    ("<p>{{ title }</p>", "templates/home.html:3: unexpected '}'"),
])
def test_a_template_typo_names_the_template_and_line(tmp_path: Path, line: str,
                                                     expected: str) -> None:
    init_site(tmp_path, TODAY)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n' + line + "\n{% endblock %}\n",
        encoding="utf-8")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        expected, "Failed: 1 error(s), 0 warning(s); nothing was written."]
