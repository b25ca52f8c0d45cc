"""`python -m generator serve`: build, serve output/ on localhost, rebuild and reload on save.

The pieces: `preview` (the running whole), `watch` (observers, ignore rules, debouncer),
`handler` (HTTP), `lookup` (what a path finds), `conditional` (304 and Range),
`events` (state and Server-Sent Events), `inject` and `client.js` (the page side),
`paths` and `hosts` (request safety), `ports`, `rwlock`.
"""

from __future__ import annotations

import signal
import sys
import time
from functools import partial
from pathlib import Path

from ..build import BuildOptions
from .hosts import WILDCARDS
from .ports import ServeError
from .preview import Log, Preview

__all__ = ["Preview", "ServeError", "serve"]


def serve(site: Path, options: BuildOptions | None = None, host: str = "127.0.0.1",
          port: int | None = None, poll: bool = False, log: Log | None = None) -> int:
    """Serve `site` until Ctrl-C (or SIGTERM); raise ServeError if it cannot start."""
    log = log or partial(print, flush=True)
    if not site.is_dir():
        raise ServeError(f"{site} is not a folder (give the site folder with --site)")
    if port is not None and not 0 <= port < 65536:
        raise ServeError(f"--port {port} is not a port number (1-65535, or 0 for any)")
    # The handlers only note the signal: raising from one inside a lock's internals (or
    # twice, as `timeout` and process groups do) would leave the lock broken.
    signals: list[int] = []
    handlers = {number: signal.signal(number, lambda n, frame: signals.append(n))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        preview = Preview(site, options, host, port, poll, log)
        preview.start()
        try:
            log(f"Serving {preview.session.root} at {preview.url} (Ctrl-C to stop)")
            if host in WILDCARDS:
                print(f"Warning: --host {host} lets other machines on your network see the "
                      "preview; use it only on a network you trust.", file=sys.stderr,
                      flush=True)
            watched = ", ".join(str(p) for p in preview.watcher.watched) or "nothing yet"
            log(f"Watching {watched} and {preview.session.config_file.name}"
                f"{' (polling)' if poll else ''}.")
            while not signals:
                time.sleep(0.2)
            log("Stopping; output/ is left as it is.")
        finally:
            preview.stop(wait=False)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return 0
