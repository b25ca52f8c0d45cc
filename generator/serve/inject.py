"""Put the live-reload client into an HTML response (never into a file on disk)."""

from __future__ import annotations

import html
import re
from functools import cache
from importlib.resources import files

from .events import State

HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@cache
def client_source() -> str:
    """The client script shipped beside this module, without its comment lines."""
    text = files(__package__).joinpath("client.js").read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.lstrip().startswith("//"))


def client_tag(state: State) -> bytes:
    """A <script> element running the client, with the page's state in an attribute."""
    # The state is escaped for an attribute value, so an error message holding
    # "</script>" or quotes stays text. The client's own source holds no "</".
    attribute = html.escape(state.dumps(), quote=True)
    return f'<script data-newsarchive-livereload="{attribute}">\n{client_source()}</script>\n'\
        .encode()


def inject(page: bytes, state: State) -> bytes:
    """Return `page` with the client before </head>, else before the last </body>, else
    appended."""
    tag = client_tag(state)
    head = HEAD_END.search(page)
    if head:
        return page[:head.start()] + tag + page[head.start():]
    bodies = list(BODY_END.finditer(page))
    if bodies:
        at = bodies[-1].start()
        return page[:at] + tag + page[at:]
    return page + b"\n" + tag
