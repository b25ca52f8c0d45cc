"""The preview server's parts, one at a time: no sockets, no watchdog, no sleeping."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import Problem
from generator.serve.conditional import Validators, byte_range, not_modified
from generator.serve.events import HEARTBEAT, Hub, State, sse_frame
from generator.serve.hosts import HostCheck, split_host
from generator.serve.inject import client_source, inject
from generator.serve.paths import BadPath, locate, origin_form
from generator.serve.rwlock import ReadWriteLock
from generator.serve.watch import Debouncer, is_ignored

# --- debouncer, with a clock the test moves ----------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_a_batch_is_due_after_150_ms_of_quiet(clock: FakeClock) -> None:
    debouncer = Debouncer(clock=clock)
    assert debouncer.wait_time() is None
    debouncer.add(Path("/s/content/a.md"))
    assert debouncer.wait_time() == pytest.approx(0.15)
    clock.now += 0.1
    debouncer.add(Path("/s/content/b.md"))
    assert debouncer.wait_time() == pytest.approx(0.15)
    clock.now += 0.149
    assert debouncer.wait_time() == pytest.approx(0.001)
    clock.now += 0.001
    assert debouncer.wait_time() == 0
    assert debouncer.take(exists=lambda p: True) == {Path("/s/content/a.md"),
                                                      Path("/s/content/b.md")}
    assert debouncer.wait_time() is None


def test_a_batch_of_one_file_written_is_due_after_50_ms(clock: FakeClock) -> None:
    """An editor's save in place: modified, then closed after writing (done). Until the
    file is done, and as soon as a second file comes (a checkout, a copy, whose writer may
    pause between files), the quiet period is the whole 150 ms."""
    debouncer = Debouncer(clock=clock)
    debouncer.add(Path("/s/content/a.md"))
    assert debouncer.wait_time() == pytest.approx(0.15)
    debouncer.add(Path("/s/content/a.md"), done=True)
    assert debouncer.wait_time() == pytest.approx(0.05)
    clock.now += 0.05
    assert debouncer.wait_time() == 0
    assert debouncer.take(exists=lambda p: True) == {Path("/s/content/a.md")}
    debouncer.add(Path("/s/content/a.md"))  # the next batch starts writing again
    assert debouncer.wait_time() == pytest.approx(0.15)
    debouncer.add(Path("/s/content/a.md"), done=True)
    debouncer.add(Path("/s/content/b.md"), created=True)  # another file, being written
    assert debouncer.wait_time() == pytest.approx(0.15)
    clock.now += 0.01
    debouncer.add(Path("/s/content/b.md"), done=True)  # both done: still the whole quiet
    assert debouncer.wait_time() == pytest.approx(0.15)
    clock.now += 0.15
    assert debouncer.wait_time() == 0
    assert debouncer.take(exists=lambda p: True) == {Path("/s/content/a.md"),
                                                      Path("/s/content/b.md")}


def test_a_steady_stream_of_events_is_cut_into_batches_of_at_most_one_second(
        clock: FakeClock) -> None:
    debouncer = Debouncer(clock=clock)
    for _ in range(9):
        debouncer.add(Path("/s/content/log.md"))
        clock.now += 0.1
        assert debouncer.wait_time() is not None and debouncer.wait_time() > 0
    debouncer.add(Path("/s/content/log.md"))
    clock.now += 0.1
    # One second after the first event, however busy.
    assert debouncer.wait_time() == pytest.approx(0)


def test_the_same_file_saved_many_times_is_one_path(clock: FakeClock) -> None:
    debouncer = Debouncer(clock=clock)
    for _ in range(5):
        debouncer.add(Path("/s/content/a.md"))
    clock.now += 1
    assert debouncer.take(exists=lambda p: True) == {Path("/s/content/a.md")}


def test_a_file_created_and_gone_within_a_batch_is_dropped_a_deleted_file_is_kept(
        clock: FakeClock) -> None:
    debouncer = Debouncer(clock=clock)
    debouncer.add(Path("/s/content/scratch-1234"), created=True)  # came and went
    debouncer.add(Path("/s/content/old.md"))  # existed, now deleted
    debouncer.add(Path("/s/content/new.md"), created=True)  # created and still there
    clock.now += 1
    exists = {Path("/s/content/new.md")}
    assert debouncer.take(exists=lambda p: p in exists) == {Path("/s/content/old.md"),
                                                             Path("/s/content/new.md")}


def test_a_file_deleted_then_created_again_is_kept(clock: FakeClock) -> None:
    debouncer = Debouncer(clock=clock)
    debouncer.add(Path("/s/content/a.md"))  # deleted by the editor...
    debouncer.add(Path("/s/content/a.md"), created=True)  # ...and written anew
    clock.now += 1
    assert debouncer.take(exists=lambda p: False) == {Path("/s/content/a.md")}


# --- ignore rules --------------------------------------------------------------------------------

ROOT = Path("/site/content")


@pytest.mark.parametrize("name", [
    "a.md.swp", ".a.md.swp", "a.md.swx", "a.md~", ".#a.md", "#a.md#", "4913", "a.md.tmp",
    "a.md___jb_tmp___", "a.md___jb_old___", ".DS_Store", ".git/index", ".hidden/a.md",
    "2024/.a.md.swp", "2024/4913",
])
def test_editor_scratch_files_and_dotfiles_are_ignored(name: str) -> None:
    assert is_ignored(ROOT / name, ROOT)


@pytest.mark.parametrize("name", [
    "a.md", "2024/03/tram.md", "wire.txt", "css/site.css", "4913.md", "notes~draft.md",
    "a.swp.md", "tmp/a.md", "",
])
def test_sources_are_not_ignored(name: str) -> None:
    assert not is_ignored(ROOT / name, ROOT)


def test_paths_outside_the_watched_folder_are_ignored() -> None:
    assert is_ignored(Path("/site/output/index.html"), ROOT)


# --- paths: nothing outside the output folder ---------------------------------------------


@pytest.fixture
def output(tmp_path: Path) -> Path:
    out = tmp_path / "output"
    (out / "2024/a").mkdir(parents=True)
    (out / "2024/a/index.html").write_text("page")
    (tmp_path / "secret.txt").write_text("secret")
    (out / "link").symlink_to(tmp_path / "secret.txt")
    return out.resolve()


@pytest.mark.parametrize("raw", [
    "/../secret.txt",
    "/2024/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/etc/passwd",
    "/..%2fsecret.txt",
    "/..%2F..%2F..%2Fetc%2Fpasswd",
    "/2024/a/../../../secret.txt",
    "/link",  # a symbolic link out of the folder
    "/.newsarchive-output",  # hidden names
    "/2024/.git/config",
])
def test_paths_that_lead_outside_or_to_hidden_files_find_no_file(output: Path,
                                                                  raw: str) -> None:
    assert locate(output, raw).file is None


@pytest.mark.parametrize("raw", [
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/secret.txt%00.html",
    "/%00",
    "/\x00",
    "/%ff%fe",  # not UTF-8
    "http://evil.example/secret.txt",  # absolute-form
    "secret.txt",
    "*",
])
def test_malformed_paths_are_bad_requests(output: Path, raw: str) -> None:
    with pytest.raises(BadPath):
        locate(output, raw)


@pytest.mark.parametrize(("raw", "inside"), [
    ("/", ""),
    ("/2024/a/", "2024/a"),
    ("/2024/a/index.html?x=1#top", "2024/a/index.html"),
    ("//etc/passwd", "etc/passwd"),  # an absolute path stays under output/
    ("/%2fetc/passwd", "etc/passwd"),  # an encoded slash is a slash, decoded once
    ("/%252e%252e/secret.txt", "%2e%2e/secret.txt"),  # double encoding is decoded once only
    ("/%252e%252e%252fsecret.txt", "%2e%2e%2fsecret.txt"),
    ("/2024/./a/../a/", "2024/a"),
    ("/C:/Windows/win.ini", "C:/Windows/win.ini"),
    ("/caf%C3%A9/", "café"),
])
def test_other_paths_stay_inside_the_output_folder(output: Path, raw: str,
                                                    inside: str) -> None:
    assert locate(output, raw).file == output / inside


@pytest.mark.parametrize(("raw", "expected"), [
    ("/a/?x=1", ("/a/?x=1", None)),
    ("http://127.0.0.1:8000/a/?x=1", ("/a/?x=1", "127.0.0.1:8000")),
    ("HTTP://localhost:8000", ("/", "localhost:8000")),
    ("http://[::1]:8000//x", ("//x", "[::1]:8000")),
])
def test_an_absolute_form_target_gives_its_path_and_host(raw: str,
                                                         expected: tuple[str, str | None]) -> None:
    assert origin_form(raw) == expected


@pytest.mark.parametrize("raw", ["https://127.0.0.1:8000/", "http:///x", "*",
                                 "http://user@127.0.0.1:8000/", "ftp://127.0.0.1/"])
def test_other_request_targets_are_bad_requests(raw: str) -> None:
    with pytest.raises(BadPath):
        origin_form(raw)


def test_a_loop_of_links_or_a_name_too_long_finds_no_file_and_says_why(output: Path) -> None:
    (output / "loop").symlink_to(output / "loop")
    assert locate(output, "/loop/x").file is None
    assert locate(output, "/loop/x").trouble == "a loop of symbolic links"


# --- conditional and partial requests -----------------------------------------------------------

TAG = Validators('"abc"', 1_700_000_000)


@pytest.mark.parametrize(("headers", "expected"), [
    ({}, False),
    ({"If-None-Match": '"abc"'}, True),
    ({"If-None-Match": 'W/"abc"'}, True),  # weak comparison (RFC 9110 13.1.2)
    ({"If-None-Match": '"x", "abc"'}, True),
    ({"If-None-Match": "*"}, True),
    ({"If-None-Match": '"x"'}, False),
    ({"If-Modified-Since": "Tue, 14 Nov 2023 22:13:20 GMT"}, True),
    ({"If-Modified-Since": "Tue, 14 Nov 2023 22:13:19 GMT"}, False),
    ({"If-Modified-Since": "yesterday"}, False),
    ({"If-None-Match": '"x"', "If-Modified-Since": "Tue, 14 Nov 2023 22:13:20 GMT"}, False),
])
def test_not_modified_follows_rfc_9110(headers: dict[str, str], expected: bool) -> None:
    assert not_modified(headers, TAG) is expected


def test_a_fresh_file_has_no_date_to_compare() -> None:
    assert not not_modified({"If-Modified-Since": "Tue, 14 Nov 2023 22:13:20 GMT"},
                            Validators('"abc"'))


@pytest.mark.parametrize(("headers", "expected"), [
    ({}, None),
    ({"Range": "bytes=0-9"}, (0, 9)),
    ({"Range": "bytes=90-"}, (90, 99)),
    ({"Range": "bytes=-5"}, (95, 99)),
    ({"Range": "bytes=-500"}, (0, 99)),
    ({"Range": "bytes=50-5000"}, (50, 99)),
    ({"Range": "bytes=100-"}, False),
    ({"Range": "bytes=-0"}, False),
    ({"Range": "bytes=9-3"}, None),  # invalid: ignored
    ({"Range": "bytes=0-1, 4-5"}, None),  # several: the whole file is a valid answer
    ({"Range": "pages=1-2"}, None),
    ({"Range": "bytes=0-9", "If-Range": '"abc"'}, (0, 9)),
    ({"Range": "bytes=0-9", "If-Range": 'W/"abc"'}, None),  # If-Range compares strongly
    ({"Range": "bytes=0-9", "If-Range": '"old"'}, None),
    ({"Range": "bytes=0-9", "If-Range": "Tue, 14 Nov 2023 22:13:20 GMT"}, (0, 9)),
])
def test_byte_ranges(headers: dict[str, str], expected: object) -> None:
    assert byte_range(headers, TAG, 100) == expected


# --- Host header ------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "allowed"), [
    ("127.0.0.1:8000", True),
    ("localhost:8000", True),
    ("LocalHost:8000", True),
    ("[::1]:8000", True),
    ("localhost", False),  # our port is not 80
    ("localhost:8001", False),
    ("evil.example:8000", False),
    ("localhost.evil.example:8000", False),
    ("127.0.0.1.nip.io:8000", False),
    ("192.168.1.20:8000", False),
    ("localhost:8000:8000", False),
    ("[::1:8000", False),
    ("localhost:80x", False),
    ("", False),
    (None, False),
])
def test_only_loopback_hosts_on_our_port_are_answered(header: str | None,
                                                      allowed: bool) -> None:
    assert HostCheck("127.0.0.1", 8000).allows(header) is allowed


def test_the_bound_host_is_allowed_by_name() -> None:
    check = HostCheck("preview.local", 8000)
    assert check.allows("preview.local:8000")
    assert not check.allows("other.local:8000")


def test_bound_to_every_interface_ip_addresses_are_allowed_names_are_not() -> None:
    check = HostCheck("0.0.0.0", 8000)
    assert check.allows("192.168.1.20:8000")
    assert check.allows("[fe80::1]:8000")
    assert not check.allows("evil.example:8000")
    assert not check.allows("192.168.1.20:9000")


def test_host_headers_split_into_name_and_port() -> None:
    assert split_host("[::1]:8000") == ("[::1]", 8000)
    assert split_host("Example.org") == ("example.org", None)
    with pytest.raises(ValueError):
        split_host(":8000")


# --- events: state and SSE framing ----------------------------------------------------------------


def test_an_ok_state_is_one_sse_message_of_json() -> None:
    frame = sse_frame(State(build=3, page_build=2, server=7))
    assert frame == b'data: {"build":3,"status":"ok","page_build":2,"server":7}\n\n'


def test_an_error_state_carries_every_error_on_one_data_line() -> None:
    state = State(build=4, server=7).failed([
        Problem("content/a.md", "date 'x'\nis not a date", 3, "use YYYY-MM-DD"),
        Problem("content/b.md", "a warning", None, "", "warning"),
        Problem("/site/templates/article.html", "unexpected '}'", 12),
    ], root=Path("/site"))
    frame = sse_frame(state)
    assert frame.startswith(b"data: ") and frame.endswith(b"\n\n")
    assert frame.count(b"\n") == 2  # a newline in a message cannot split the event
    assert json.loads(frame[len(b"data: "):]) == {
        "build": 4, "status": "error", "page_build": 0, "server": 7,
        "errors": [
            {"path": "content/a.md", "line": 3, "message": "date 'x'\nis not a date",
             "hint": "use YYYY-MM-DD"},
            {"path": "templates/article.html", "line": 12, "message": "unexpected '}'",
             "hint": ""},
        ]}


def test_a_stream_starts_with_the_current_state_then_sends_each_new_one() -> None:
    hub = Hub(State(build=1, server=5))
    frames: list[bytes] = []
    wrote = threading.Condition()

    def write(data: bytes) -> None:
        with wrote:
            frames.append(data)
            wrote.notify_all()

    def wait_for_frames(count: int) -> None:
        with wrote:
            assert wrote.wait_for(lambda: len(frames) >= count, timeout=5), frames

    stream = threading.Thread(target=hub.stream, args=(write, 60.0))
    stream.start()
    wait_for_frames(1)
    assert frames[0] == b"retry: 1000\n" + sse_frame(State(build=1, server=5))
    assert hub.listeners == 1
    hub.publish(State(build=2, page_build=2, server=5))
    wait_for_frames(2)
    assert frames[1] == sse_frame(State(build=2, page_build=2, server=5))
    hub.close()
    stream.join(timeout=5)
    assert not stream.is_alive()
    assert hub.listeners == 0


def within(seconds: float, call: Callable[[], object]) -> None:
    """Run `call`, failing the test (instead of hanging it) if it has not returned in time;
    an exception it raises is raised here."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if raised:
        raise raised[0]


def test_a_quiet_stream_sends_heartbeat_comments() -> None:
    hub = Hub()
    frames: list[bytes] = []

    def write(data: bytes) -> None:
        frames.append(data)
        if len(frames) == 3:
            hub.close()

    within(5, lambda: hub.stream(write, heartbeat=0.01))
    assert frames[1:] == [HEARTBEAT, HEARTBEAT]
    assert HEARTBEAT.startswith(b":") and HEARTBEAT.endswith(b"\n\n")  # a comment


def test_a_stream_ends_when_its_browser_has_closed_the_connection() -> None:
    hub = Hub()
    frames: list[bytes] = []
    # The browser is gone after one write.
    within(5, lambda: hub.stream(frames.append, alive=lambda: not frames, check=0.01))
    assert len(frames) == 1
    assert hub.listeners == 0


def test_a_browser_that_went_away_ends_its_stream() -> None:
    hub = Hub()

    def write(data: bytes) -> None:
        raise BrokenPipeError

    with pytest.raises(BrokenPipeError):
        within(5, lambda: hub.stream(write))
    assert hub.listeners == 0


# --- injection ----------------------------------------------------------------------------------

STATE = State(build=5, page_build=4, server=9)
SCRIPT = re.compile(rb'<script data-newsarchive-livereload="([^"]*)">')


def state_in(page: bytes) -> dict[str, object]:
    found = SCRIPT.search(page)
    assert found, page
    return json.loads(html.unescape(found.group(1).decode()))


def test_the_client_goes_before_the_end_of_head() -> None:
    page = b"<html><head><title>x</title></HEAD ><body><p>a</p></body></html>"
    result = inject(page, STATE)
    start, end = result.index(b"<script data-newsarchive"), result.index(b"</script>\n") + 10
    assert result[:start] + result[end:] == page
    assert result[end:].startswith(b"</HEAD >")
    assert state_in(result) == {"build": 5, "status": "ok", "page_build": 4, "server": 9}


def test_without_head_the_client_goes_before_the_last_end_of_body() -> None:
    page = b"<p>a</p><!-- </body> --></body>\n"
    result = inject(page, STATE)
    assert result.endswith(b"</script>\n</body>\n")
    assert result.startswith(b"<p>a</p><!-- </body> --><script")


def test_without_head_or_body_the_client_is_appended() -> None:
    result = inject(b"<p>fragment</p>", STATE)
    assert result.startswith(b"<p>fragment</p>\n<script data-newsarchive-livereload=")
    assert result.endswith(b"</script>\n")


def test_error_messages_in_the_injected_state_stay_text() -> None:
    state = STATE.failed([Problem("a.md", '</script><script>alert("x")</script>', 1)])
    result = inject(b"<head></head>", state)
    assert result.count(b"<script") == 1 and result.count(b"</script>") == 1
    assert state_in(result)["errors"] == [
        {"path": "a.md", "line": 1, "message": '</script><script>alert("x")</script>',
         "hint": ""}]


def test_the_client_cannot_end_its_own_script_element() -> None:
    assert "</" not in client_source()
    assert "innerHTML" not in client_source()


# --- the read-write lock --------------------------------------------------------------------


def test_a_writer_waits_for_readers_and_readers_for_the_writer() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    reading = threading.Event()
    release = threading.Event()

    def reader() -> None:
        with lock.reading():
            order.append("read")
            reading.set()
            release.wait(5)
            order.append("read done")

    def writer() -> None:
        with lock:
            order.append("write")

    first = threading.Thread(target=reader)
    first.start()
    assert reading.wait(5)
    second = threading.Thread(target=writer)
    second.start()
    # Once the writer is seen waiting, it has tried and could not get in past the reader.
    deadline = time.monotonic() + 5
    while lock.writers_waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert lock.writers_waiting == 1
    assert order == ["read"]
    release.set()
    first.join(5)
    second.join(5)
    assert order == ["read", "read done", "write"]


def test_the_write_lock_can_be_taken_twice_by_one_thread() -> None:
    lock = ReadWriteLock()
    with lock, lock:
        pass
    with lock.reading():
        pass  # and it was released completely
