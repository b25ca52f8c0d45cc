"""The command line as a user meets it: exit codes, messages, never a traceback."""

from pathlib import Path

from conftest import REPO, article_md, run_cli


def test_build_prints_a_summary_and_exits_0(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01")})
    result = run_cli("build", "--site", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 1 articles, ")
    assert "0 warnings in " in result.stdout
    assert (root / "output/2024/01/01/first/index.html").exists()


def test_build_in_the_current_folder_by_default(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01")})
    assert run_cli("build", "-q", cwd=root).returncode == 0
    assert (root / "output/index.html").exists()


def test_content_errors_exit_1_with_path_line_messages_and_no_traceback(make_site) -> None:
    root = make_site({
        "content/a.md": "---\ntitle: A\ndate: 2024-02-31\n---\nText\n",
        "content/b.txt": "| 30 February 2024 |\n\nHeadline\n\nText\n",
    })
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/a.md:3: date '2024-02-31' does not exist (check the day of the month)",
        "content/b.txt:1: 30 February 2024 does not exist (check the day of the month)",
        "Failed: 2 error(s), 0 warning(s); nothing was written. Use --keep-going to publish "
        "the articles that have no error.",
    ]
    assert not (root / "output").exists()


KEEP_GOING_SITE = {
    "content/a.md": "---\ntitle: A\ndate: 2024-02-31\n---\nText\n",
    "content/b.txt": "| 30 February 2024 |\n\nHeadline\n\nText\n",
    "content/c.md": "---\ntitle: Same\nslug: same\ndate: 2024-03-01\n---\nC\n",
    "content/d.md": "---\ntitle: Same\nslug: same\ndate: 2024-03-01\n---\nD\n",
    "content/ok.md": "---\ntitle: Fine\ndate: 2024-03-02\n---\nText\n",
}


def test_keep_going_publishes_every_article_without_errors_lists_every_error_and_exits_1(
        make_site) -> None:
    root = make_site(KEEP_GOING_SITE)
    result = run_cli("build", "--site", root, "--keep-going")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/a.md:3: date '2024-02-31' does not exist (check the day of the month)",
        "content/b.txt:1: 30 February 2024 does not exist (check the day of the month)",
        "content/c.md: slug 'same' gives /2024/03/01/same/, which content/d.md also claims "
        "(give each article a different 'slug:')",
        "content/d.md: slug 'same' gives /2024/03/01/same/, which content/c.md also claims "
        "(give each article a different 'slug:')",
        "4 error(s): 4 file(s) left out; the articles without errors are published "
        "(--keep-going).",
    ]
    assert result.stdout.startswith("Built 1 articles, ")
    assert (root / "output/2024/03/02/fine/index.html").is_file()
    assert not (root / "output/2024/03/01").exists()
    home = (root / "output/index.html").read_text(encoding="utf-8")
    assert "Fine" in home and "Same" not in home
    again = run_cli("build", "--site", root, "--keep-going")  # nothing changed: still errors
    assert (again.returncode, again.stderr) == (1, result.stderr)
    assert again.stdout.startswith("Up to date: 1 articles, ")


def test_without_keep_going_the_published_site_stays_as_it_was(make_site) -> None:
    root = make_site(KEEP_GOING_SITE)
    assert run_cli("build", "--site", root, "--keep-going").returncode == 1
    before = (root / "output/index.html").read_bytes()
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "Failed: 4 error(s), 0 warning(s); nothing was written. Use --keep-going to publish "
        "the articles that have no error.")
    assert (root / "output/index.html").read_bytes() == before


def test_keep_going_still_stops_on_an_error_of_the_site(make_site) -> None:
    root = make_site({**KEEP_GOING_SITE,
                      "templates/article.html": "{% extends 'base.html' %}{% block x %}"})
    result = run_cli("build", "--site", root, "--keep-going")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Failed: ")
    assert result.stderr.splitlines()[-1].endswith("; nothing was written.")
    assert not (root / "output").exists()


def test_config_errors_exit_1(make_site) -> None:
    root = make_site({}, toml='titel = "x"\n')
    result = run_cli("build", "--site", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "site.toml:1: unknown key 'titel' (did you mean 'title'?)")


def test_warnings_are_listed_and_strict_makes_them_fatal(make_site) -> None:
    root = make_site({"content/a.txt": "| 2 March 2024, Monday |\n\nHeadline\n\nText\n"})
    result = run_cli("build", "--site", root)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "content/a.txt:1: warning: 2 March 2024 was a Saturday, not a Monday "
        "(check the date and the weekday)"]
    assert "1 warnings" in result.stdout
    strict = run_cli("build", "--site", root, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == (
        "Build failed: 1 warning(s) under --strict; output/ is unchanged.")


def test_quiet_prints_nothing_on_success_and_verbose_prints_stages(make_site) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01")})
    verbose = run_cli("build", "--site", root, "-v")
    assert [line.split()[0] for line in verbose.stdout.splitlines()[:6]] == [
        "read", "parse", "index", "images", "plan", "render"]
    (root / "content/a.md").write_text(article_md("First, edited", "2024-01-01"))
    quiet = run_cli("build", "--site", root, "-q")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    again = run_cli("build", "--site", root)
    assert again.stdout.startswith("Up to date: 1 articles")


def test_output_and_base_url_options(make_site, tmp_path: Path) -> None:
    root = make_site({"content/a.md": article_md("First", "2024-01-01")})
    target = tmp_path / "public"
    result = run_cli("build", "--site", root, "--output", target,
                     "--base-url", "https://staging.example/")
    assert result.returncode == 0, result.stderr
    html = (target / "2024/01/01/first/index.html").read_text()
    assert 'href="https://staging.example/2024/01/01/first/"' in html


def test_bad_usage_exits_2() -> None:
    assert run_cli("build", "--no-such-flag").returncode == 2
    assert run_cli().returncode == 2


def test_the_example_site_builds_without_warnings(tmp_path: Path) -> None:
    result = run_cli("build", "--site", REPO, "--output", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_build_through_the_entry_point_says_everything_before_it_ends(make_site) -> None:
    """A build run as the process's one command ends the process itself (no teardown):
    what it printed still arrives whole through a pipe, with its exit status, while a
    build called in-process (as a library, or a test) returns and leaves the cycle
    collector on."""
    import gc

    from generator.__main__ import main

    root = make_site({"content/a.md": article_md("First", "2024-01-01"),
                      "content/b.md": "---\ntitle: B\ndate: 2024-02-31\n---\nText\n"})
    failed = run_cli("build", "--site", root)
    assert failed.returncode == 1
    assert "content/b.md" in failed.stderr and failed.stderr.rstrip().endswith(
        "publish the articles that have no error.")
    (root / "content/b.md").unlink()
    built = run_cli("build", "--site", root, "-v")
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1].startswith("Built 1 articles, ")
    assert gc.isenabled()
    assert main(["build", "--site", str(root), "-q"]) == 0
    assert gc.isenabled()
