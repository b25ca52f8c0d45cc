"""Hugo's and Jekyll's tags that write a link to the site's own page or file, written as
links before the Markdown engine renders the body (they hold quotes and spaces, which no
link destination may): the build then follows them as it follows Pelican's and Zola's
(readers/refs.tool_link, outputs/tool_links).

- Hugo: `{{< ref "posts/a.md" >}}`, `relref`, with `<` or `%`: '{ref}posts/a.md'.
- Jekyll: `{% link _posts/2024-01-09-a.md %}` (from the site's source, here content/):
  '{link}_posts/2024-01-09-a.md'; `{% post_url 2024-01-09-a %}`: '{post}2024-01-09-a';
  `{{ site.baseurl }}` and `{{ site.url }}` before a path: nothing (our links are from the
  site root); `{{ "/a.jpg" | relative_url }}` (or absolute_url): '/a.jpg'.

Each is on one line and stays on it, so the lines of what is left are the file's.
"""

from __future__ import annotations

import re
from urllib.parse import quote

HUGO_REF = re.compile(r"""\{\{([<%])\s*(?:rel)?ref\s+(?:path=)?(?:"([^"\n]*)"|'([^'\n]*)'|"""
                      r"""([^\s"'<>%]+))\s*(?:lang=\S+\s*)?[>%]\}\}""")
JEKYLL_LINK = re.compile(r"\{%-?\s*(link|post_url)\s+([^\s%]+)\s*-?%\}")
JEKYLL_SITE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}(?=[/{])")
JEKYLL_URL = re.compile(r"""\{\{-?\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*\|\s*(?:relative_url|"""
                        r"""absolute_url)\s*-?\}\}""")
_SAFE = "/#?=&.-_~"


def link_tags(body: str) -> str:
    """The Markdown with Hugo's and Jekyll's link tags written as links (see the module)."""
    if "{{" in body and "ref" in body:
        body = HUGO_REF.sub(lambda m: "{ref}" + quote(m[2] or m[3] or m[4] or "",
                                                      safe=_SAFE), body)
    if "{%" in body:
        body = JEKYLL_LINK.sub(_jekyll_link, body)
    if "{{" in body:
        body = JEKYLL_SITE.sub("", body)
        body = JEKYLL_URL.sub(lambda m: quote(m[1] if m[1] is not None else m[2],
                                              safe=_SAFE + ":"), body)
    return body


def _jekyll_link(match: re.Match[str]) -> str:
    target = quote(match[2], safe=_SAFE)
    return f"{{post}}{target}" if match[1] == "post_url" else f"{{link}}{target.lstrip('/')}"
