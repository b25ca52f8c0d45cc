"""aliases: old URLs of an article become redirect pages."""

import pytest
from conftest import article_md

from generator.build import build
from generator.errors import SiteError


def test_each_alias_writes_a_redirect_to_the_article(make_site) -> None:
    root = make_site({"content/a.md": article_md(
        "Budget passes", "2024-02-20", aliases="[/news/budget-passes, /old/budget.html]")})
    build(root)
    target = "https://test.example/2024/02/20/budget-passes/"
    for output in ["output/news/budget-passes/index.html", "output/old/budget.html"]:
        html = (root / output).read_text()
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert f'<link rel="canonical" href="{target}">' in html
        assert f'<a href="{target}">' in html


def test_an_alias_that_is_not_a_site_path_is_an_error(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-02-20",
                                                 aliases="[https://elsewhere.example/x]")})
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        "content/a.md:4: alias 'https://elsewhere.example/x' is not a path on this site "
        "(write it from the site root, like /2019/05/old-name/)"]


def test_an_alias_on_an_existing_page_is_an_error_naming_both(make_site) -> None:
    root = make_site({
        "content/a.md": article_md("A", "2024-02-20"),
        "content/b.md": article_md("B", "2024-02-21", aliases="[/2024/02/20/a/]"),
    })
    with pytest.raises(SiteError) as error:
        build(root)
    [problem] = error.value.problems
    assert problem.message == ("2 pages would be written to output/2024/02/20/a/index.html: "
                               "content/a.md; content/b.md (alias /2024/02/20/a/)")
