"""The preview as a whole, over HTTP: real builds, real watchdog, a port on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITE_TOML, article_md, files_of

from generator.build import BuildOptions, build
from generator.outputs.search import find_pagefind
from generator.serve import Preview, ServeError
from generator.serve.handler import Handler
from generator.serve.ports import bind

ARTICLE = "/2024/01/01/first-story/"
SETTLE = 0.5  # seconds in which no further build may start (the quiet period is 0.15 s)
EPOCH = "1717200000"  # 2024-06-01: the same build time for `serve` and `build`


@pytest.fixture
def start(start_preview: Callable[..., Preview],
          monkeypatch: pytest.MonkeyPatch) -> Callable[..., Preview]:
    """Start a preview of a small site on a free port; stop it after the test."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def start_one(files: dict[str, str] | None = None, toml: str = SITE_TOML,
                  wait: bool = True) -> Preview:
        return start_preview(files if files is not None else {
            "content/a.md": article_md("First story", "2024-01-01", "Original text.")},
            toml, wait)

    return start_one


def port_of(preview: Preview) -> int:
    assert preview.server is not None
    return int(preview.server.server_address[1])


def get(preview: Preview, path: str, method: str = "GET",
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port_of(preview), timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def raw(preview: Preview, request: bytes) -> bytes:
    """Send bytes as they are and return everything the server answers."""
    with socket.create_connection(("127.0.0.1", port_of(preview)), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def raw_get(preview: Preview, target: bytes) -> bytes:
    return raw(preview, b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1:" +
               str(port_of(preview)).encode() + b"\r\nConnection: close\r\n\r\n")


def served_state(body: bytes) -> dict[str, Any]:
    import html
    import re

    found = re.search(rb'<script data-newsarchive-livereload="([^"]*)">', body)
    assert found, body[:300]
    return json.loads(html.unescape(found.group(1).decode()))


def no_build_within(preview: Preview, count: int) -> None:
    """Assert that no build beyond the `count`th starts within SETTLE seconds."""
    with pytest.raises(TimeoutError):
        preview.wait_for(lambda s: preview.builds > count, timeout=SETTLE)
    assert preview.builds == count


def atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# --- what is served ---------------------------------------------------------------------------


def test_pages_carry_the_client_and_are_never_cached(start) -> None:
    preview = start()
    status, headers, body = get(preview, ARTICLE)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert b"Original text." in body
    assert served_state(body) == {"build": 1, "status": "ok", "page_build": 1,
                                  "server": preview.hub.state.server}


def test_serve_writes_the_same_files_as_build(start, tmp_path: Path) -> None:
    preview = start()
    built = tmp_path / "built"
    build(preview.session.root, BuildOptions(output=built))
    served = files_of(preview.output)
    assert served == files_of(built)
    assert not [name for name, data in served.items() if b"livereload" in data]


def test_other_files_are_served_as_they_are(start) -> None:
    preview = start()
    status, headers, body = get(preview, "/css/site.css")
    assert status == 200
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    # Kept by the browser only if it asks again each time (see the 304 tests below).
    assert headers["Cache-Control"] == "no-cache"
    assert body == (preview.output / "css/site.css").read_bytes()
    status, _, body = get(preview, "/feed.xml")
    assert status == 200
    assert body == (preview.output / "feed.xml").read_bytes()


def test_a_folder_asked_without_its_slash_is_redirected(start) -> None:
    preview = start()
    status, headers, _ = get(preview, ARTICLE.rstrip("/") + "?from=feed")
    assert status == 301
    assert headers["Location"] == ARTICLE + "?from=feed"
    status, headers, _ = get(preview, "//2024/01/01/first-story")
    assert (status, headers["Location"]) == (301, ARTICLE)  # never to another host


def test_missing_pages_get_the_sites_404_page_with_the_client(start) -> None:
    preview = start()
    for path in ("/no/such/page/", "/nothing.html", "/css/", "/.newsarchive-output"):
        status, _, body = get(preview, path)
        assert status == 404, path
        assert "find that page" in body.decode(), path
        assert served_state(body)["build"] == 1


def test_only_get_and_head_are_answered(start) -> None:
    preview = start()
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "TRACE"):
        status, headers, _ = get(preview, ARTICLE, method)
        assert (status, headers.get("Allow")) == (405, "GET, HEAD"), method
    status, head_headers, body = get(preview, ARTICLE, "HEAD")
    _, get_headers, page = get(preview, ARTICLE)
    assert (status, body) == (200, b"")
    assert head_headers["Content-Length"] == get_headers["Content-Length"] == str(len(page))


def test_a_request_for_another_host_is_misdirected(start) -> None:
    preview = start()
    port = port_of(preview)
    for host in ("evil.example", f"evil.example:{port}", f"localhost:{port + 1}"):
        status, _, body = get(preview, ARTICLE, headers={"Host": host})
        assert status == 421, host
        assert b"Original text." not in body
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        assert get(preview, ARTICLE, headers={"Host": host})[0] == 200


@pytest.mark.parametrize("target", [
    b"/../secret.txt", b"/../../secret.txt", b"/%2e%2e/%2e%2e/secret.txt",
    b"/..%2f..%2fsecret.txt", b"/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    b"/%252e%252e/%252e%252e/secret.txt", b"/..%252f..%252fsecret.txt",
    b"/..\\..\\secret.txt", b"/%5c..%5c..%5csecret.txt", b"/secret.txt%00.html",
    b"/%00", b"//etc/passwd", b"/%2fetc%2fpasswd", b"/" + str(REPO).encode() + b"/README.md",
    b"http://127.0.0.1/../secret.txt", b"/%ff",
])
def test_paths_never_leave_the_output_folder(start, target: bytes) -> None:
    preview = start()
    (preview.session.root.parent / "secret.txt").write_text("TOP SECRET")
    answer = raw_get(preview, target)
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404, 421), answer[:200]  # 421: http://127.0.0.1/ is port 80
    assert b"TOP SECRET" not in answer and b"root:" not in answer


def test_bad_requests_do_not_stop_the_server(start) -> None:
    preview = start()
    for request in (b"\x00\xff garbage\r\n\r\n", b"GET", b"GET / HTTP/1.1\r\n",
                    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: " + b"x" * 70000 + b"\r\n\r\n",
                    b"GET / HTTP/9.9\r\n\r\n"):
        raw(preview, request)
    assert get(preview, ARTICLE)[0] == 200


def test_the_event_stream_starts_with_the_current_state(start) -> None:
    preview = start()
    with socket.create_connection(("127.0.0.1", port_of(preview)), timeout=10) as sock:
        sock.sendall(f"GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1:{port_of(preview)}\r\n"
                     "\r\n".encode())
        answer = b""
        while b"data: " not in answer or not answer.endswith(b"\n\n"):
            answer += sock.recv(4096)
    head, _, events = answer.partition(b"\r\n\r\n")
    assert b"Content-Type: text/event-stream" in head
    assert b"Cache-Control: no-store" in head
    data = events.split(b"data: ", 1)[1].rstrip(b"\n")
    assert json.loads(data) == {"build": 1, "status": "ok", "page_build": 1,
                                "server": preview.hub.state.server}


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_a_name_too_long_or_a_loop_of_links_is_not_found_with_one_short_log_line(
        start, capfd: pytest.CaptureFixture[str]) -> None:
    preview = start()
    (preview.output / "loop").symlink_to(preview.output / "loop")
    capfd.readouterr()
    asked = ["/" + "a" * 300 + "/", "/x/" + "b" * 8000 + ".jpg", "/loop", "/loop/a/b.png"]
    for path in asked:
        status, _, body = get(preview, path)
        assert status == 404
        assert body.startswith((preview.output / "404.html").read_bytes()[:100])
    lines = capfd.readouterr().err.splitlines()
    assert len(lines) == len(asked)
    assert lines[0] == f"serve: 404 for /{'a' * 78}…: File name too long"
    assert lines[2] == "serve: 404 for /loop: a loop of symbolic links"
    assert all(len(line) < 160 for line in lines), lines
    assert get(preview, ARTICLE)[0] == 200


def test_an_absolute_form_request_is_answered_by_the_host_it_names(start) -> None:
    preview = start()
    port = port_of(preview)
    answer = raw(preview, f"GET http://127.0.0.1:{port}{ARTICLE} HTTP/1.1\r\nHost: "
                 f"127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 200 and b"Original text." in answer
    # RFC 9112: the target's host counts, not the Host header.
    answer = raw(preview, f"GET http://evil.example:{port}/ HTTP/1.1\r\nHost: "
                 f"127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 421
    answer = raw(preview, f"GET https://127.0.0.1:{port}/ HTTP/1.1\r\nHost: "
                 f"127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 400


def test_a_file_the_browser_has_is_304_until_a_build_replaces_it(start) -> None:
    preview = start({"content/a.md": article_md("First story", "2024-01-01"),
                     "static/css/site.css": "body { color: black; }\n"})
    status, headers, body = get(preview, "/css/site.css")
    etag = headers["ETag"]
    assert "Last-Modified" not in headers  # written this second: a date could not tell
    status, again, body = get(preview, "/css/site.css", headers={"If-None-Match": etag})
    assert (status, body, again["ETag"]) == (304, b"", etag)
    assert get(preview, "/css/site.css", "HEAD", {"If-None-Match": f'"x", W/{etag}'})[0] == 304
    (preview.session.root / "static/css/site.css").write_text("body { color: red; }\n")
    preview.wait_for(lambda s: s.build == 2)
    status, headers, body = get(preview, "/css/site.css", headers={"If-None-Match": etag})
    assert (status, body) == (200, b"body { color: red; }\n")
    assert headers["ETag"] != etag


def test_if_modified_since_is_answered_for_a_file_older_than_two_seconds(start) -> None:
    preview = start()
    os.utime(preview.output / "css/site.css", (1_700_000_000, 1_700_000_000))
    headers = get(preview, "/css/site.css")[1]
    assert headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert get(preview, "/css/site.css", headers={
        "If-Modified-Since": "Tue, 14 Nov 2023 22:13:20 GMT"})[0] == 304
    assert get(preview, "/css/site.css", headers={
        "If-Modified-Since": "Tue, 14 Nov 2023 22:13:19 GMT"})[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3).
    assert get(preview, "/css/site.css", headers={
        "If-None-Match": '"other"', "If-Modified-Since": "Tue, 14 Nov 2023 22:13:20 GMT"})[0] == 200


def test_a_page_is_304_while_it_and_its_state_are_the_same(start) -> None:
    preview = start()
    status, headers, body = get(preview, ARTICLE)
    assert headers["Cache-Control"] == "no-store"  # it carries the live-reload state
    assert get(preview, ARTICLE, headers={"If-None-Match": headers["ETag"]})[0] == 304
    atomic_write(preview.session.root / "content/a.md",
                 article_md("First story", "2024-01-01", "Edited text."))
    preview.wait_for(lambda s: s.build == 2)
    status, _, body = get(preview, ARTICLE, headers={"If-None-Match": headers["ETag"]})
    assert status == 200 and b"Edited text." in body


def test_a_range_of_a_media_file_is_206_and_one_past_the_end_is_416(start) -> None:
    clip = bytes(range(256)) * 4
    preview = start({"content/a.md": article_md("First story", "2024-01-01"),
                     "static/media/clip.mp4": clip.decode("latin-1")})
    (preview.output / "media/clip.mp4").write_bytes(clip)  # bytes as they are
    status, headers, body = get(preview, "/media/clip.mp4")
    assert (status, headers["Accept-Ranges"], body) == (200, "bytes", clip)
    for asked, first, last in (("bytes=100-199", 100, 199), ("bytes=-10", 1014, 1023),
                               ("bytes=1000-", 1000, 1023), ("bytes=0-5000", 0, 1023)):
        status, headers, body = get(preview, "/media/clip.mp4", headers={"Range": asked})
        assert status == 206, asked
        assert headers["Content-Range"] == f"bytes {first}-{last}/1024"
        assert body == clip[first:last + 1]
    status, headers, body = get(preview, "/media/clip.mp4", headers={"Range": "bytes=1024-"})
    assert (status, headers["Content-Range"], body) == (416, "bytes */1024", b"")
    for whole in ({"Range": "bytes=0-1,5-6"}, {"Range": "lines=1-2"},
                  {"Range": "bytes=0-9", "If-Range": '"an-old-version"'}):
        assert get(preview, "/media/clip.mp4", headers=whole)[:3:2] == (200, clip), whole
    etag = get(preview, "/media/clip.mp4")[1]["ETag"]
    assert get(preview, "/media/clip.mp4", headers={"Range": "bytes=0-9", "If-Range": etag}
               )[2] == clip[:10]
    status, headers, body = get(preview, "/media/clip.mp4", "HEAD", {"Range": "bytes=0-9"})
    assert (status, headers["Content-Length"], body) == (200, "1024", b"")


# --- rebuilding ---------------------------------------------------------------------------------


def test_one_save_is_one_build(start) -> None:
    preview = start()
    no_build_within(preview, 1)  # reading the sources for the first build is no change
    atomic_write(preview.session.root / "content/a.md",
                 article_md("First story", "2024-01-01", "Edited text."))
    preview.wait_for(lambda s: s.build == 2)
    assert b"Edited text." in get(preview, ARTICLE)[2]
    no_build_within(preview, 2)


def test_a_burst_of_40_new_articles_is_one_build(start) -> None:
    preview = start()
    for number in range(40):
        (preview.session.root / f"content/n{number:02}.md").write_text(
            article_md(f"Burst {number}", "2024-02-01", "Burst."))
    preview.wait_for(lambda s: s.build == 2)
    assert b"Burst 39" in get(preview, "/2024/02/01/burst-39/")[2]
    no_build_within(preview, 2)


BROKEN_TEMPLATE = "{% extends 'base.html' %}{% block content %}{{ article.title \n"


def test_a_failed_build_keeps_the_last_good_site_and_pages_show_the_errors(start) -> None:
    preview = start()
    template = preview.session.root / "templates/article.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text(BROKEN_TEMPLATE)
    state = preview.wait_for(lambda s: s.status == "error")
    assert state.build == 1
    status, _, body = get(preview, ARTICLE)
    assert status == 200 and b"Original text." in body
    served = served_state(body)
    assert served["status"] == "error"
    assert [e["path"] for e in served["errors"]] == ["templates/article.html"]
    template.unlink()
    state = preview.wait_for(lambda s: s.status == "ok")
    assert not state.errors  # the site is as it was: nothing to publish again
    assert served_state(get(preview, ARTICLE)[2])["status"] == "ok"


def test_a_folder_made_while_serving_is_watched_before_the_build_reads_it(
        start, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = start()
    templates = preview.session.root / "templates"
    assert templates not in preview.watcher.watched
    watched_at_build: list[list[Path]] = []
    rebuild = preview.session.rebuild

    def spy(changed: Any) -> Any:
        watched_at_build.append(preview.watcher.watched)
        return rebuild(changed)

    monkeypatch.setattr(preview.session, "rebuild", spy)
    templates.mkdir()
    (templates / "article.html").write_text(BROKEN_TEMPLATE)
    preview.wait_for(lambda s: s.status == "error")
    # Else a change saved as that build ends (the fix of its error) would go unseen.
    assert watched_at_build and templates in watched_at_build[0]


def wait_until(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.05)


def test_an_edit_is_served_at_once_and_the_search_index_follows(start) -> None:
    if find_pagefind() is None:
        reason = "the Pagefind binary is not installed (pip install 'pagefind[bin]')"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    preview = start(toml=SITE_TOML + "\n[search]\nenabled = true\n")
    output = preview.session.output
    wait_until(lambda: preview.searches == 1, "the first index")
    assert (output / "pagefind/pagefind.js").is_file()

    index_was = preview.searches
    (preview.session.root / "content/a.md").write_text(
        article_md("First story", "2024-01-01", "Boats past Skellingholm."))
    preview.wait_for(lambda s: s.build == 2)
    assert b"Skellingholm" in get(preview, ARTICLE)[2]  # without waiting for the index
    wait_until(lambda: preview.searches == index_was + 1, "the index after the edit")
    assert not (output / "pagefind/.stale").exists()
    # Once the preview has saved its record of output/ (after a quiet second), the next
    # build finds everything, the index included, as it left it.
    wait_until(lambda: not preview.session.unsaved, "the record of output/ saved")
    assert build(preview.session.root).up_to_date


def test_an_article_with_an_error_is_left_out_and_pages_list_it(start) -> None:
    preview = start()
    bad = preview.session.root / "content/bad.md"
    bad.write_text("---\ntitle: Bad\ndate: 2024-02-31\n---\nText\n")
    state = preview.wait_for(lambda s: s.status == "partial")
    assert state.build == 2  # published: the site without the broken article
    status, _, body = get(preview, ARTICLE)
    assert status == 200 and b"Original text." in body
    served = served_state(body)
    assert served["status"] == "partial"
    assert [(e["path"], e["line"]) for e in served["errors"]] == [("content/bad.md", 3)]
    assert "2024-02-31" in served["errors"][0]["message"]
    bad.write_text(article_md("Good again", "2024-02-28"))
    state = preview.wait_for(lambda s: s.status == "ok")
    assert state.build == 3 and not state.errors
    assert get(preview, "/2024/02/28/good-again/")[0] == 200


def test_the_server_starts_when_the_first_build_fails(start) -> None:
    preview = start({"content/a.md": article_md("First story", "2024-01-01", "Original text."),
                     "templates/article.html": BROKEN_TEMPLATE})
    assert preview.hub.state.status == "error"
    status, _, body = get(preview, ARTICLE)
    assert status == 503
    assert served_state(body)["errors"][0]["path"] == "templates/article.html"
    (preview.session.root / "templates/article.html").unlink()
    preview.wait_for(lambda s: s.status == "ok" and s.build == 1)
    assert get(preview, ARTICLE)[0] == 200


def test_the_first_build_serves_the_site_without_an_article_that_has_an_error(start) -> None:
    preview = start({"content/a.md": article_md("First story", "2024-01-01", "Original text."),
                     "content/b.md": "---\ntitle: B\ndate: someday\n---\nText\n"})
    assert preview.hub.state.status == "partial"
    status, _, body = get(preview, ARTICLE)
    assert status == 200
    assert served_state(body)["errors"][0]["path"] == "content/b.md"


def test_a_stylesheet_change_lets_pages_swap_styles_instead_of_reloading(start) -> None:
    preview = start({"content/a.md": article_md("First story", "2024-01-01"),
                     "static/css/site.css": "body { color: black; }\n"})
    (preview.session.root / "static/css/site.css").write_text("body { color: red; }\n")
    state = preview.wait_for(lambda s: s.build == 2)
    assert state.page_build == 1  # pages need not reload for it
    assert get(preview, "/css/site.css")[2] == b"body { color: red; }\n"
    (preview.session.root / "content/a.md").write_text(article_md("First story", "2024-01-01",
                                                                  "Edited."))
    state = preview.wait_for(lambda s: s.build == 3)
    assert state.page_build == 3


def test_a_change_the_watcher_missed_is_built_once_the_editor_pauses(
        make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A build after events looks only at the files they name; once the editor pauses,
    every file is looked at, and a change whose event was lost is built then."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_site({"content/a.md": article_md("First story", "2024-01-01", "Original."),
                      "content/b.md": article_md("Second story", "2024-01-02", "Second.")})
    for path in (root / "content").iterdir():  # saved a while ago: the build trusts them
        os.utime(path, (time.time() - 60, time.time() - 60))
    logged: list[str] = []
    with Preview(root, port=0, log=logged.append) as preview:
        preview.wait_for(lambda s: s.build == 1)
        preview.watcher.observer.unschedule_all()  # from now on, every event is lost...
        (root / "content/b.md").write_text(article_md("Second story", "2024-01-02",
                                                      "Edited B."))
        (root / "content/a.md").write_text(article_md("First story", "2024-01-01",
                                                      "Edited A."))
        preview.watcher.add([root / "content/a.md"], done=True)  # ...but a.md's
        preview.wait_for(lambda s: s.build == 2)
        assert b"Edited A." in get(preview, ARTICLE)[2]
        state = preview.wait_for(lambda s: s.build == 3, timeout=10)
        assert state.page_build == 3
        assert b"Edited B." in get(preview, "/2024/01/02/second-story/")[2]
        assert any("a change the watcher did not report" in line for line in logged), logged
        no_build_within(preview, 3)


def test_a_save_that_changes_nothing_reloads_no_page(start) -> None:
    preview = start()
    article = preview.session.root / "content/a.md"
    atomic_write(article, article.read_text(encoding="utf-8"))
    state = preview.wait_for(lambda s: preview.done == 2)
    assert (state.status, state.page_build) == ("ok", 1)


def test_an_atomic_save_of_site_toml_rebuilds(start) -> None:
    preview = start()
    atomic_write(preview.session.root / "site.toml", SITE_TOML.replace("Test Times", "Renamed"))
    preview.wait_for(lambda s: s.build == 2)
    assert b"Renamed" in get(preview, "/")[2]


def test_requests_during_builds_never_see_a_half_written_site(start) -> None:
    preview = start()
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            for path in (ARTICLE, "/", "/css/site.css"):
                statuses.append(get(preview, path)[0])

    thread = threading.Thread(target=hammer)
    thread.start()
    try:
        for _ in range(6):
            preview.build(None)
    finally:
        stop.set()
        thread.join(10)
    assert statuses and set(statuses) == {200}


def test_stopping_leaves_the_output_folder(start) -> None:
    preview = start()
    preview.stop()
    assert (preview.output / "index.html").is_file()


def test_an_output_folder_inside_a_watched_folder_is_refused(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01")},
                     SITE_TOML + 'output_dir = "content/out"\n')
    with pytest.raises(ServeError, match="overlaps the watched folder"):
        Preview(root, port=0)


# --- ports -------------------------------------------------------------------------------------


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_an_asked_port_that_is_taken_is_a_clear_error(taken_port: int) -> None:
    with pytest.raises(ServeError, match=f"port {taken_port} on 127.0.0.1 is in use"):
        bind("127.0.0.1", taken_port, Handler)


def test_without_an_asked_port_the_next_free_one_is_taken(taken_port: int) -> None:
    notices: list[str] = []
    server = bind("127.0.0.1", None, Handler, notices.append, first=taken_port)
    try:
        assert server.server_address[1] > taken_port
        assert notices == [f"Port {taken_port} is in use; using {server.server_address[1]}."]
    finally:
        server.server_close()


# --- the command ------------------------------------------------------------------------------


class Running:
    """`python -m generator serve` in a subprocess, its output read line by line."""

    def __init__(self, *args: str | Path) -> None:
        environment = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", *map(str, args)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def expect(self, start: str, timeout: float = 30) -> str:
        while True:
            line = self.lines.get(timeout=timeout)
            self.seen.append(line)
            if line.startswith(start):
                return line

    def stop(self, interrupt: bool = True) -> int:
        if interrupt and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=30)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def test_serve_prints_the_url_and_stops_cleanly_on_ctrl_c(make_site) -> None:
    root = make_site({"content/a.md": article_md("First story", "2024-01-01", "Hello.")})
    running = Running("--site", root, "--port", "0")
    try:
        url = running.expect("Serving ").split(" at ", 1)[1].split()[0]
        running.expect("Built in ")
        connection = http.client.HTTPConnection(url.split("//")[1].rstrip("/"), timeout=10)
        connection.request("GET", ARTICLE)
        assert b"Hello." in connection.getresponse().read()
        connection.close()
    finally:
        code = running.stop()
    assert code == 0, running.seen
    assert not [line for line in running.seen if "Traceback" in line]
    assert (root / "output" / ARTICLE.strip("/") / "index.html").is_file()
    # serve saved its record of output/ (by the time it stopped, if not before): a build
    # from the command line finds the site up to date.
    assert build(root, BuildOptions()).up_to_date


def test_serve_stops_cleanly_on_two_quick_sigterms(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01")})
    running = Running("--site", root, "--port", "0")
    running.expect("Built in ")
    running.process.send_signal(signal.SIGTERM)
    running.process.send_signal(signal.SIGTERM)  # as `timeout` does: to the child and group
    assert running.stop(interrupt=False) == 0, running.seen
    assert running.seen[-1] == "Stopping; output/ is left as it is."
    assert not [line for line in running.seen if "Traceback" in line]


def test_serve_on_a_taken_port_fails_clearly(make_site, taken_port: int) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01")})
    running = Running("--site", root, "--port", str(taken_port))
    assert running.stop(interrupt=False) == 1
    assert running.seen == [
        f"Cannot serve: port {taken_port} on 127.0.0.1 is in use (another server is "
        "running there?); choose another with --port, or leave --port out to take a "
        "free one"]


def test_serve_on_every_interface_warns(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01")})
    running = Running("--site", root, "--host", "0.0.0.0", "--port", "0")
    try:
        warning = running.expect("Warning: ")
    finally:
        running.stop()
    assert "other machines on your network" in warning
