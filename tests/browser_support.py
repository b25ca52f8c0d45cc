"""What the browser tests share: Debian's Chromium through Playwright, a local server."""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


@dataclass
class Visit:
    """A page opened in the browser, with every error it has produced so far."""

    page: Any
    url: str
    where: str
    problems: list[str] = field(default_factory=list)
    stylesheets: dict[str, int] = field(default_factory=dict)

    def report(self) -> str:
        return "\n".join(f"  {p}" for p in self.problems)

    def check_clean(self) -> None:
        """No console errors, failed requests or sideways scrolling."""
        # Late console errors (scripts run on load) are reported before the list is read.
        self.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
        assert not self.problems, f"{self.where} had errors:\n" + self.report()
        scroll_width, inner_width = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            wide = self.page.evaluate(OVERFLOW_JS)
            pytest.fail(f"{self.where} scrolls sideways: scrollWidth {scroll_width} > "
                        f"{inner_width}; too wide: {', '.join(wide) or '?'}", pytrace=False)


@contextmanager
def visitor(browser: Any, base_url: str) -> Iterator[Callable[[str, str], Visit]]:
    """Yield visit(path, viewport), which opens a page in a fresh context, recording errors."""
    contexts = []
    origin = urlsplit(base_url).netloc

    def visit(path: str, viewport: str) -> Visit:
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        result = Visit(page, base_url + path, f"{path} at {VIEWPORTS[viewport]['width']}px")

        def on_console(message: Any) -> None:
            if message.type != "error":
                return
            where = message.location.get("url", "") if message.location else ""
            # Chromium asks for /favicon.ico by itself, once per browser, so a 404 for it
            # would fail whichever test ran first. Icons a page declares are checked instead.
            if urlsplit(where).path == "/favicon.ico":
                return
            result.problems.append(f"console error: {message.text} {where}".rstrip())

        def on_response(response: Any) -> None:
            if urlsplit(response.url).netloc != origin:
                return
            if response.request.resource_type == "stylesheet":
                result.stylesheets[response.url] = response.status
            if response.status >= 400:
                result.problems.append(f"HTTP {response.status}: {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: result.problems.append(f"page error: {exc}"))
        page.on("requestfailed", lambda request: result.problems.append(
            f"request failed: {request.url} ({request.failure})"))
        page.on("response", on_response)
        response = page.goto(result.url, wait_until="load")
        assert response is not None and response.status == 200, (
            f"{result.url} answered {response.status if response else 'nothing'}")
        return result

    try:
        yield visit
    finally:
        for context in contexts:
            context.close()
