"""What the browser tests share: Debian's Chromium through Playwright, a local server."""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
# No network here but loopback: without these Chromium keeps calling home and failing.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ARTICLE_PATH = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
TIMEOUT_MS = 10_000

# Elements that stick out past the edge of the screen, or whose content spills out of them
# unclipped, to name in a failure.
OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (typeof el.className === 'string' && el.className.trim()
            ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (!box.width) continue;
        if (box.right > width + 1 || box.left < -1) {
            out.push(`${name(el)} is at ${Math.round(box.left)}..${Math.round(box.right)}px`);
        } else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 &&
                   getComputedStyle(el).overflowX === 'visible') {
            out.push(`${name(el)} spills ${el.scrollWidth}px of content out of ` +
                     `${el.clientWidth}px`);
        }
    }
    return out.slice(0, 8);
}"""


def ci_requires_browser() -> bool:
    """Return whether CI is set, in which case a missing browser is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def no_browser(reason: str) -> None:
    if ci_requires_browser():
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"{reason} (set CI=true to make this a failure)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` (and nothing else) on a free port of 127.0.0.1; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch Debian's Chromium headless; fail under CI, skip elsewhere, if it cannot start."""
    if not os.access(CHROMIUM, os.X_OK):
        no_browser(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        no_browser(f"playwright is not installed ({exc}); pip install -e '.[test]'")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=CHROMIUM_ARGS, timeout=30_000)
    except Exception as exc:
        manager.stop()
        no_browser(f"Playwright cannot launch {CHROMIUM}: {exc}")
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()
