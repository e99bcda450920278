"""The preview server: no save lost, only its own Host, HTTP done right, pages pushed.

Each test tries the server the way a user (or an attacker) would: over HTTP, through
the real command where start-up and signals matter."""

from __future__ import annotations

import datetime
import email.utils
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from conftest import GOOD, ROOT, child_env, write_site

from generator import editions
from generator.commands import serve as serve_module
from generator.commands.serve import Preview, make_server, start
from generator.options import Options

FAST = "search: false\nshare_cards: false\n"
DRAFT = '---\ntitle: "Secret plan"\ndate: 2024-01-02\ndraft: true\ntags: [Pay]\n---\nEmbargoed.\n'


def _request(
    port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    return response


def _answer(port: int, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    """A GET's response and its body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response, response.read()


def _body(port: int, path: str) -> bytes:
    return _answer(port, path)[1]


@contextmanager
def _raw(port: int, method: str, path: str) -> Iterator[socket.socket]:
    """A socket that has sent ``method path`` to the server: what comes back is read as sent,
    with nothing a client would add or leave out."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        yield raw


def _wait(condition, seconds: float = 30.0) -> bool:
    """Whether ``condition`` comes true within ``seconds``. A page read while a build swaps the
    output in counts as "not yet": where the file system cannot exchange two folders, the swap
    is two renames, and for an instant there is no output folder (a read in CI once found
    no page mid-build)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    return False


@contextmanager
def _serving(tmp_path: Path, briefs: dict[str, str]) -> Iterator[tuple[Preview, int, Path]]:
    """A preview of ``briefs`` started as ``serve`` starts it and served over HTTP; gives the
    preview, its port and the content folder, and stops it all after."""
    content, config = write_site(tmp_path, briefs, FAST)
    preview = Preview(
        Options(content, tmp_path / "out", config, drafts=True), log=lambda line: None
    )
    server = make_server(preview, 0)
    stop = threading.Event()
    builder = start(preview, stop)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield preview, server.server_address[1], content
    finally:
        stop.set()
        builder.close()
        preview.close()
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Preview, int, Path]]:
    with _serving(tmp_path, {"a.md": GOOD, "draft.md": DRAFT}) as started:
        yield started


# Lost saves


def _command(
    tmp_path: Path, settings: str = FAST, briefs: dict[str, str] | None = None, port: int = 0
) -> tuple[subprocess.Popen[str], int, Path]:
    """``briefing serve --port PORT`` started in a child process, its temporary folder in
    ``tmp_path / "tmp"``; gives the process, the port it serves on and the content folder."""
    content, config = write_site(tmp_path, briefs or {"a.md": GOOD}, settings)
    (tmp_path / "tmp").mkdir()
    command = [sys.executable, "-m", "generator.commands.cli", "serve", "--port", str(port)]
    command += ["--content", str(content), "--config", str(config)]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=child_env({"TMPDIR": str(tmp_path / "tmp")}),
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("serving on "):
            return process, int(line.split(":")[2].split("/")[0]), content
    process.kill()
    pytest.fail(f"serve did not start: {process.stderr.read() if process.stderr else ''}")


def test_a_save_just_after_serving_on_is_built_and_ctrl_c_exits_130(tmp_path: Path) -> None:
    """The command as a user runs it: drafts included, the site's addresses on the port the
    system chose, and its temporary folder gone once Ctrl-C has stopped it."""
    process, port, content = _command(tmp_path, briefs={"a.md": GOOD, "draft.md": DRAFT})
    try:
        (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Saved at once"))
        assert _wait(lambda: b"Saved at once</h1>" in _body(port, "/briefs/a/"))
        assert b"Draft: not published" in _body(port, "/briefs/draft/")
        link = f"<link>http://127.0.0.1:{port}/briefs/a/</link>".encode()
        assert link in _body(port, "/feed.xml")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted" in err
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "site").exists()  # built in the temporary folder, not in site/


def test_sigterm_ends_serve_with_143(tmp_path: Path) -> None:
    """Here on a port given (one that was free a moment ago): the site's addresses name it,
    not the address of the published site."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    process, port, _ = _command(tmp_path, port=free)
    try:
        assert port == free
        link = f"<link>http://127.0.0.1:{free}/briefs/a/</link>".encode()
        assert link in _body(port, "/feed.xml")
    finally:
        process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 143


@contextmanager
def _started(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    around: Callable[[int, Callable[[], Any]], Any],
    log: Callable[[str], None] = lambda line: None,
) -> Iterator[tuple[Path, Preview, Path]]:
    """A one-brief site's preview started as `serve` starts it, each of its builds made by
    ``around(n, build)`` (``n`` counts the builds from 1), its lines said to ``log``; gives
    the brief's file, the preview and the brief's built page, and stops the builder after."""
    content, config = write_site(tmp_path, {"a.md": GOOD}, FAST)
    real_build = serve_module.build
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return around(len(calls), lambda: real_build(*args, **kwargs))

    monkeypatch.setattr(serve_module, "build", counted)
    preview = Preview(Options(content, tmp_path / "out", config, drafts=True), log)
    stop = threading.Event()
    builder = start(preview, stop)
    try:
        yield content / "briefs" / "a.md", preview, tmp_path / "out" / "briefs" / "a" / "index.html"
    finally:
        stop.set()
        builder.close()


def test_a_stopped_preview_leaves_no_thread_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopping the preview ends its watcher and its builder: nothing keeps watching the
    content, or building it, for a preview that is gone."""
    before = set(threading.enumerate())
    builds: list[int] = []

    def counted(n: int, build: Callable[[], Any]) -> Any:
        builds.append(n)
        return build()

    with _started(tmp_path, monkeypatch, counted):
        assert len(set(threading.enumerate()) - before) == 2  # the watcher and the builder
    assert _wait(lambda: not (set(threading.enumerate()) - before), seconds=10)
    # and the builder, woken to stop, did not build once more on its way out (Ctrl-C would
    # wait for that build; a later test's build could be counted as this preview's)
    assert builds == [1]


class _Recorded:
    """Stands in for the preview: what the watcher asks of it, in order."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.asked: list[str] = []

    def render_ahead(self, path: Path) -> bool:
        self.asked.append(f"ahead {path.name}")
        return True

    def rebuild(self) -> bool:
        self.asked.append("build")
        return True


@pytest.mark.parametrize(
    ("saved", "asked"),
    [
        (["a.md", "b.md", "c.md"], ["ahead a.md", "ahead b.md", "ahead c.md", "build"]),
        (["a.md", "b.md", "c.md", "d.md"], ["build"]),  # more than three: a checkout, a copy
        (["a.md", "-gone.md", "+new.md", "logo.png"], ["ahead a.md", "ahead new.md", "build"]),
    ],
)  # fmt: skip
def test_the_watcher_renders_ahead_only_a_few_saved_markdown_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: list[str], asked: list[str]
) -> None:
    """One batch of changes, as the file watcher reports it: each saved Markdown file of a
    batch of at most three is rendered ahead, then the whole site is built; a deleted file,
    another kind of file or a bigger batch goes to the build alone."""
    import watchfiles
    from watchfiles import Change

    from generator.commands.serve import watch

    content, config = write_site(tmp_path, {"a.md": GOOD}, FAST)
    kinds = {"-": Change.deleted, "+": Change.added}
    batch = {
        (kinds.get(name[0], Change.modified), str(content / "briefs" / name.lstrip("-+")))
        for name in saved
    }

    def reported(*paths: Path, **settings: Any) -> Iterator[set[tuple[Change, str]]]:
        assert settings["stop_event"] is stop
        yield set()  # the watcher is running
        yield batch

    monkeypatch.setattr(watchfiles, "watch", reported)
    preview = _Recorded(Options(content, tmp_path / "out", config, drafts=True))
    stop, ready = threading.Event(), threading.Event()
    watch(preview, stop, ready)  # type: ignore[arg-type]
    assert ready.is_set()
    assert preview.asked == asked


def test_the_watcher_watches_the_content_the_settings_and_the_templates_they_name(
    tmp_path: Path,
) -> None:
    """The templates folder site.yaml names (its assets inside it); while site.yaml cannot be
    read, the usual ``templates/`` beside it, so the save that mends it is still seen."""
    from generator.commands.serve import watched

    content, config = write_site(tmp_path, {"a.md": GOOD})
    (tmp_path / "templates").mkdir()
    options = Options(content, tmp_path / "out", config)
    assert watched(options) == [content, config, ROOT / "templates"]
    config.write_text('title: "T"\nbase_url: [\n')
    assert watched(options) == [content, config, tmp_path / "templates"]
    config.unlink()
    assert watched(options) == [content, tmp_path / "templates"]


def test_a_build_asked_for_says_catching_up_until_it_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the save the watcher sees to the end of the build it asks for, every page says the
    rest of the site is catching up; then it no longer does."""
    running, release = threading.Event(), threading.Event()

    def held(n: int, build: Callable[[], Any]) -> Any:
        if n == 2:
            running.set()
            assert release.wait(30)
        return build()

    with _started(tmp_path, monkeypatch, held) as (brief, preview, page):
        assert not preview.status()["catching_up"]
        settings = tmp_path / "site.yaml"
        settings.write_text(settings.read_text())  # nothing to render ahead: the build alone
        assert running.wait(30)
        assert preview.status()["catching_up"]
        release.set()
        assert _wait(lambda: not preview.status()["catching_up"])


@pytest.mark.slow  # waits a second or more on purpose
def test_a_save_after_the_preview_sat_idle_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder waits for saves as long as the preview runs, not only just after it
    starts: a save made after a second with nothing to do is built too."""
    with _started(tmp_path, monkeypatch, lambda n, build: build()) as (brief, preview, page):
        time.sleep(1.5)  # idle: longer than the builder's wait for a save
        settings = tmp_path / "site.yaml"
        settings.write_text(settings.read_text().replace('title: "T"', 'title: "Renamed"'))
        assert _wait(lambda: b"Renamed" in page.read_bytes())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_preview_that_cannot_watch_still_builds_and_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A watcher that cannot start (too many watches, say) ends with a line that says so and
    why, not a thread's traceback; the preview still builds once, and serves that build."""
    import watchfiles

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "inotify watch limit reached")

    died: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", died.append)
    monkeypatch.setattr(watchfiles, "watch", refused)
    said: list[str] = []
    with _started(tmp_path, monkeypatch, lambda n, build: build(), said.append) as started:
        _, preview, page = started
        assert b"Good</h1>" in page.read_bytes()
        assert preview.version == 1
    assert said[0] == (
        "briefing: cannot watch for saves (OSError: [Errno 28] inotify watch limit reached);"
        " saves are not built: restart briefing serve"
    )
    assert not died


@pytest.mark.parametrize(
    "watcher_late",
    [0.0, pytest.param(1.5, marks=pytest.mark.slow, id="watcher slow to start")],
)
def test_a_save_during_the_first_build_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, watcher_late: float
) -> None:
    """The first build waits until the watcher runs, however long that takes to start (here
    longer than the build): a save made during that build is seen."""
    if watcher_late:
        import watchfiles

        real = watchfiles.watch

        def late(*args: Any, **kwargs: Any) -> Any:
            time.sleep(watcher_late)
            yield from real(*args, **kwargs)

        monkeypatch.setattr(watchfiles, "watch", late)
    brief = tmp_path / "content" / "briefs" / "a.md"
    first: list[bytes] = []

    def build_then_save(n: int, build: Callable[[], Any]) -> Any:
        result = build()
        if n == 1:  # the edit lands after the first build read it
            first.append((tmp_path / "out" / "briefs" / "a" / "index.html").read_bytes())
            brief.write_text(GOOD.replace("Good", "Saved meanwhile"))
        return result

    with _started(tmp_path, monkeypatch, build_then_save) as (_, _, page):
        # read as the first build ended: by the time this thread runs again, the next build
        # may have written the page anew
        assert b"Good</h1>" in first[0]
        assert _wait(lambda: b"Saved meanwhile</h1>" in page.read_bytes())


def test_a_build_that_breaks_unexpectedly_is_reported_and_the_next_save_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def breaks_once(n: int, build: Callable[[], Any]) -> Any:
        if n == 2:  # a fault of the generator's own, not of the content
            raise RuntimeError("boom")
        return build()

    def save(brief: Path, text: str) -> None:
        """In one step (written outside the watched folders, then moved in): a save the
        watcher sees as two changes would ask for a third build, which this test counts."""
        (tmp_path / "saving.md").write_text(text)
        os.replace(tmp_path / "saving.md", brief)

    with _started(tmp_path, monkeypatch, breaks_once) as (brief, preview, page):
        save(brief, GOOD.replace("Good", "First save"))
        assert _wait(lambda: preview.status()["errors"] != [])
        assert preview.status()["errors"] == ["briefing: internal error: RuntimeError: boom"]
        assert b"Good</h1>" in page.read_bytes()  # the last good build is still served
        save(brief, GOOD.replace("Good", "Second save"))
        assert _wait(lambda: b"Second save</h1>" in page.read_bytes())
        assert _wait(lambda: not preview.status()["catching_up"])
        assert preview.status()["errors"] == []


# Host


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])
def test_the_servers_own_names_are_answered(served, name: str) -> None:
    _, port, _ = served
    assert _request(port, "/briefs/a/", headers={"Host": f"{name}:{port}"}).status == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example:{port}", "evil.example", "127.0.0.1", "localhost:1", "127.0.0.2:{port}",
     "localhost.evil.example:{port}", "127.0.0.1:{port}@evil.example", ""],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/briefs/draft/", "/__briefing/status", "/__briefing/events"])
def test_any_other_host_gets_400_and_no_draft(served, host: str, path: str) -> None:
    _, port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host:
        connection.putheader("Host", host.format(port=port))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 400
    # nothing else: the reason, as plain text (never a page of the site)
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert response.read() == b"Host not allowed: use 127.0.0.1 or localhost\n"


def test_head_with_another_host_gets_400_without_a_body(served) -> None:
    """HEAD: the same headers as GET, no body; read from the socket, since http.client
    never reads a body after HEAD."""
    import socket

    _, port, _ = served
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"HEAD /briefs/a/ HTTP/1.0\r\nHost: evil.example\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 400 ") and body == b""
    assert b"\r\nContent-Length: 45\r\n" in head  # the length of the reason GET gets


# HTTP


def test_head_answers_like_get_without_a_body(served) -> None:
    _, port, _ = served
    for path in ("/", "/briefs/a/", "/assets/style.css", "/nothing/", "/__briefing/status"):
        get = _request(port, path)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("HEAD", path)
        head = connection.getresponse()
        assert head.status == get.status, path
        assert head.getheader("Content-Length") == get.getheader("Content-Length"), path
        assert head.getheader("Content-Type") == get.getheader("Content-Type"), path
        # what the server wrote after the headers, read off the socket (a client reads no
        # body after HEAD, whatever follows)
        with _raw(port, "HEAD", path) as raw:
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        assert answer.partition(b"\r\n\r\n")[2] == b"", path


@pytest.mark.parametrize("path", ["/briefs/a/", "/assets/style.css", "/feed.xml"])
def test_etag_and_last_modified_give_304(served, path: str) -> None:
    _, port, _ = served
    first = _request(port, path)
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    assert first.status == 200 and etag and modified
    assert first.getheader("Cache-Control") == "no-cache"  # asked again each time: 304 or new
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # a strong entity tag, quoted (RFC 9110)
    not_modified = _request(port, path, headers={"If-None-Match": etag})
    assert not_modified.status == 304
    # the same validators as the full answer (RFC 9110), and asked again next time
    assert not_modified.getheader("ETag") == etag
    assert not_modified.getheader("Last-Modified") == modified
    assert not_modified.getheader("Cache-Control") == "no-cache"
    assert _request(port, path, headers={"If-None-Match": f'"other", {etag}'}).status == 304
    assert _request(port, path, headers={"If-None-Match": '"other"'}).status == 200
    # If-None-Match compares weakly (RFC 9110 13.1.2), and "*" matches any current file
    assert _request(port, path, headers={"If-None-Match": f'"x",W/{etag}'}).status == 304
    assert _request(port, path, headers={"If-None-Match": "*"}).status == 304
    assert _request(port, path, headers={"If-Modified-Since": modified}).status == 304
    old = "Sat, 01 Jan 2000 00:00:00 GMT"
    assert _request(port, path, headers={"If-Modified-Since": old}).status == 200
    for unreadable in ["yesterday", "Sat, 01 Jan 99999 00:00:00 GMT", ""]:  # ignored (RFC 9110)
        assert _request(port, path, headers={"If-Modified-Since": unreadable}).status == 200
    # If-None-Match decides when both are sent
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert _request(port, path, headers=both).status == 200


@pytest.mark.slow  # waits a second or more on purpose
def test_last_modified_is_the_files_time_as_http_writes_dates(served, tmp_path: Path) -> None:
    """A file's ``Last-Modified`` is when it was written, in HTTP's own date format (GMT)."""
    _, port, _ = served
    written = (tmp_path / "out" / "assets" / "style.css").stat().st_mtime
    time.sleep(1.1)  # a clock that answered with "now" would now be a second or more later
    said = _request(port, "/assets/style.css").getheader("Last-Modified")
    assert said == email.utils.formatdate(written, usegmt=True)
    assert re.fullmatch(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", said)


def test_a_served_page_is_the_built_page_with_the_previews_additions_before_its_end(
    served, tmp_path: Path
) -> None:
    """The preview adds its catching-up note and its reload script just before ``</body>``,
    and changes nothing else of the page the build wrote."""
    _, port, _ = served
    _assert_built_with_additions(
        _body(port, "/briefs/a/"), (tmp_path / "out" / "briefs" / "a" / "index.html").read_bytes()
    )


def _assert_built_with_additions(page: bytes, built: bytes) -> None:
    """``page`` is ``built`` with the preview's catching-up note and reload script inserted
    just before ``</body>``, and nothing else changed."""
    end = built.rindex(b"</body>")
    assert page.startswith(built[:end]) and page.endswith(built[end:])
    added = page[end : len(page) - len(built) + end]
    assert added.startswith(b'<p id="briefing-catching-up"') and added.endswith(b"</script>")
    assert added.count(b"</script>") == 1


def test_a_changed_page_gets_a_new_etag(served) -> None:
    preview, port, content = served
    etag = _request(port, "/briefs/a/").getheader("ETag")
    version = preview.version
    (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Changed"))
    assert _wait(lambda: preview.version > version and not preview.status()["catching_up"])
    again = _request(port, "/briefs/a/", headers={"If-None-Match": etag})
    assert again.status == 200 and again.getheader("ETag") != etag


def test_links_inside_the_site_are_refused_file_and_folder(served, tmp_path: Path) -> None:
    _, port, _ = served
    out = tmp_path / "out"
    (out / "ilink").symlink_to(out / "briefs" / "a")  # a folder inside the site
    (out / "home.html").symlink_to(out / "index.html")  # a file inside the site
    (out / "outside").symlink_to(tmp_path / "content")
    assert _request(port, "/briefs/a/").status == 200
    for path in ("/ilink/", "/ilink/index.html", "/ilink", "/home.html", "/outside/briefs/a.md"):
        response = _request(port, path)
        assert response.status == 404, path
        assert _request(port, path, "HEAD").status == 404, path


@pytest.mark.parametrize(
    "path",
    ["/briefs/../index.html", "/briefs/%2e%2e/index.html", "/briefs/%2E%2E/feed.xml",
     "/index.html%00", "/%00/", "/a%5Cb.html", "/briefs%5C..%5Cindex.html"],
)  # fmt: skip
def test_a_path_with_dots_a_nul_or_a_backslash_gets_404(served, tmp_path: Path, path: str):
    _, port, _ = served
    (tmp_path / "out" / "a\\b.html").write_text("a file whose name has a backslash")
    assert _request(port, "/index.html").status == 200
    assert _request(port, "/feed.xml").status == 200
    assert _request(port, path).status == 404, path
    assert _request(port, path, "HEAD").status == 404, path


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/", "text/html; charset=utf-8"), ("/briefs/a/", "text/html; charset=utf-8"),
     ("/assets/style.css", "text/css"), ("/feed.xml", "application/xml"),
     ("/feed.json", "application/json")],
)  # fmt: skip
def test_each_file_is_served_as_its_kind(served, path: str, kind: str) -> None:
    _, port, _ = served
    response = _request(port, path)
    assert response.status == 200
    assert response.getheader("Content-Type") == kind


def test_a_missing_address_gets_the_sites_404_page(served, tmp_path: Path) -> None:
    _, port, _ = served
    response, page = _answer(port, "/no/such/page/")
    assert response.status == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    _assert_built_with_additions(page, (tmp_path / "out" / "404.html").read_bytes())
    assert b"EventSource" in page


def test_a_preview_whose_first_build_failed_shows_why_and_reloads(tmp_path: Path) -> None:
    """Nothing was ever built, so there is no 404 page either: every address still answers
    with a page that shows the errors and waits for the save that mends them."""
    with _serving(tmp_path, {"a.md": "---\ntitle: [broken\n---\n"}) as (_, port, content):
        assert not (tmp_path / "out").exists()
        for path in ("/", "/briefs/a/"):
            response, body = _answer(port, path)
            assert response.status == 404
            assert response.getheader("Content-Type") == "text/html; charset=utf-8"
            tree = lxml.html.fromstring(body)
            assert tree.xpath("string(//div[@role='alert']//li)") == (
                "content/briefs/a.md:2: invalid YAML: did not find expected ',' or ']'"
            )
            assert tree.xpath("//script[contains(., 'EventSource')]")
        (content / "briefs" / "a.md").write_text(GOOD)
        assert _wait(lambda: _request(port, "/briefs/a/").status == 200)


@pytest.mark.parametrize("path", ["/tags", "/briefs/a", "/briefs/a?x=1"])
def test_a_folder_asked_for_without_its_slash_is_redirected(served, path: str) -> None:
    _, port, _ = served
    response = _request(port, path)
    assert response.status == 301
    assert response.getheader("Location") == path.partition("?")[0] + "/"
    assert response.getheader("Content-Length") == "0"
    assert _request(port, response.getheader("Location")).status == 200
    assert _request(port, path.partition("?")[0] + "/index.html").status == 200


# Drafts and the push of new versions


def test_drafts_are_marked_on_the_page_and_in_every_feed(served) -> None:
    _, port, _ = served
    page = _body(port, "/briefs/draft/")
    assert b"<title>[Draft] Secret plan" in page and b"Draft: not published" in page
    assert b"<title>[Draft] Secret plan</title>" in _body(port, "/feed.xml")
    assert b"<title>[Draft] Secret plan</title>" in _body(port, "/atom.xml")
    feed = json.loads(_body(port, "/feed.json"))
    assert [i["title"] for i in feed["items"]] == ["[Draft] Secret plan", "Good"]
    assert b"<title>[Draft] Secret plan</title>" in _body(port, "/tags/pay/feed.xml")
    assert b"[Draft] Good" not in _body(port, "/feed.xml")


def _events(port: int, since: int | str, seconds: float = 30.0) -> Iterator[dict]:
    """The stream's events; one not sent within ``seconds`` of being asked for fails the test
    (a build that never ends leaves the stream with its keep-alive comments alone). ``since``
    is a version, or the query as a page might send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    query = f"?since={since}" if isinstance(since, int) else since
    connection.request("GET", f"/__briefing/events{query}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.getheader("Cache-Control") == "no-store"
    deadline = time.monotonic() + seconds
    for line in response:
        if line.startswith(b"data: "):
            yield json.loads(line[6:])
            deadline = time.monotonic() + seconds
        elif time.monotonic() > deadline:
            raise AssertionError(f"no event within {seconds} s")


@pytest.mark.parametrize("how", ["in place", "by renaming a temporary file", "with new tags"])
def test_an_edit_is_pushed_page_first_then_the_build_agrees(
    served, tmp_path: Path, how: str
) -> None:
    preview, port, content = served
    events = _events(port, preview.version)
    brief = content / "briefs" / "a.md"
    if how == "in place":  # the site is patched: the brief keeps its place
        brief.write_text(GOOD.replace("Good", "Pushed"))
    elif how == "with new tags":  # the site is assembled afresh: it moves among the tags
        brief.write_text(
            GOOD.replace("Good", "Pushed").replace("---\nBody", "tags: [Pay]\n---\nBody")
        )
    else:  # as many editors save (and sed -i)
        (content / "briefs" / "sedX1b2c3").write_text(GOOD.replace("Good", "Pushed"))
        os.replace(content / "briefs" / "sedX1b2c3", brief)
    first = next(events)
    assert first["changed"] == ["briefs/a/index.html"]  # the edited page, ahead of the build
    assert first["catching_up"] is True
    assert set(first["ahead_ms"]) == {"wall", "cpu"}  # what rendering it ahead took
    ahead = preview.ahead["briefs/a/index.html"].data
    assert b"Pushed</h1>" in _body(port, "/briefs/a/")
    rest = next(events)
    while rest["changed"] == [] and rest["catching_up"]:
        rest = next(events)
    # the build wrote the very bytes shown ahead: that page does not reload a second time
    built = (tmp_path / "out" / "briefs" / "a" / "index.html").read_bytes()
    assert built == ahead
    assert "briefs/a/index.html" not in rest["changed"]
    assert "index.html" in rest["changed"] and "feed.xml" in rest["changed"]
    # only what the build changed: the style sheet and robots.txt are the same bytes
    assert not {"assets/style.css", "robots.txt"} & set(rest["changed"])
    assert not preview.ahead


def test_a_page_that_missed_events_learns_what_changed_since_it_was_served(served) -> None:
    preview, port, content = served
    version = preview.version
    (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Missed"))
    assert _wait(lambda: preview.version > version + 1 and not preview.status()["catching_up"])
    seen = next(_events(port, version))
    assert "briefs/a/index.html" in seen["changed"]
    assert next(_events(port, version + 10_000))["changed"] is None  # another server: reload


def _preview(
    tmp_path: Path, settings: str = FAST, log: Callable[[str], None] = lambda line: None
) -> tuple[Preview, Path]:
    """A preview of one brief (``a.md``), neither served nor watching: each build is asked
    for by the test. Gives the preview and the content folder."""
    content, config = write_site(tmp_path, {"a.md": GOOD}, settings)
    return Preview(Options(content, tmp_path / "out", config), log=log), content


def test_a_problem_of_the_machine_is_reported_like_a_build_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the content's fault (here Pagefind missing while search is on): said in the terminal
    and on the page, as ``briefing build`` says it, and the preview keeps going."""
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # importing it fails
    said: list[str] = []
    preview, _ = _preview(tmp_path, "share_cards: false\n", said.append)
    assert not preview.rebuild()
    message = "briefing: pagefind: not installed; pip install 'pagefind[bin]'"
    assert preview.status()["errors"] == [message]
    assert said == [message, "build failed: 1 problem(s); serving the last good build"]


def test_a_page_too_many_versions_behind_or_from_another_server_is_told_to_reload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each of the last ``HISTORY`` versions changed is remembered; a page further behind,
    or one that names a version this server has not reached, gets ``None`` (reload)."""
    monkeypatch.setattr(serve_module, "HISTORY", 2)
    preview, content = _preview(tmp_path)
    assert preview.since(0) == frozenset() and preview.since(1) is None
    brief = content / "briefs" / "a.md"
    for number, title in enumerate(["First", "Second", "Third"], start=1):
        brief.write_text(GOOD.replace("Good", title))
        assert preview.rebuild() and preview.version == number
    assert preview.since(3) == frozenset() and preview.since(4) is None
    assert "briefs/a/index.html" in (preview.since(2) or ())
    assert "briefs/a/index.html" in (preview.since(1) or ())  # the two it remembers
    assert preview.since(0) is None  # version 1 is forgotten
    assert preview.rebuild() and preview.since(3) == frozenset()  # nothing changed: no reload
    brief.write_text("---\ntitle: [broken\n---\n")
    assert not preview.rebuild() and preview.version == 5
    assert preview.since(4) == frozenset()  # the errors are news; no page changed
    assert preview.since(3) == frozenset() and preview.since(2) is None
    assert preview.status(3)["changed"] == [] and preview.status(2)["changed"] is None
    assert "changed" not in preview.status()


def test_a_page_whose_brief_is_new_or_deleted_is_told_it_changed(tmp_path: Path) -> None:
    """A page open at the address of a brief not yet written (the 404 page) reloads when the
    brief is built; a page whose brief is deleted reloads (to the 404 page)."""
    preview, content = _preview(tmp_path)
    assert preview.rebuild()
    (content / "briefs" / "b.md").write_text(GOOD.replace("Good", "New"))
    assert preview.rebuild() and "briefs/b/index.html" in (preview.since(1) or ())
    (content / "briefs" / "a.md").unlink()
    assert preview.rebuild() and "briefs/a/index.html" in (preview.since(2) or ())
    assert preview.status(2)["changed"] == sorted(preview.since(2) or ())


def test_an_edit_undone_before_the_build_reloads_the_page_shown_ahead(tmp_path: Path) -> None:
    """A save shown ahead of the build, then undone before the build came: the build writes
    the page the site already had, and the page showing the undone edit is still told that
    its file changed."""
    preview, content = _preview(tmp_path)
    assert preview.rebuild()
    brief = content / "briefs" / "a.md"
    brief.write_text(GOOD.replace("Good", "Undone"))
    assert preview.render_ahead(brief.resolve())
    assert b"Undone</h1>" in preview.ahead["briefs/a/index.html"].data
    version = preview.version
    brief.write_text(GOOD)
    assert preview.rebuild() and not preview.ahead
    assert preview.since(version) == {"briefs/a/index.html"}


def test_the_time_a_page_took_ahead_is_its_wall_and_cpu_milliseconds_to_a_tenth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ahead_ms`` is what the clocks said from reading the file to publishing the page:
    given clocks that advance 12.34 ms of wall time and 7.449 ms of CPU time, it says 12.3
    and 7.4."""
    preview, content = _preview(tmp_path)
    assert preview.rebuild()
    walls, cpus = iter([100.0, 100.01234]), iter([5.0, 5.007449])
    clocks = {"perf_counter": lambda: next(walls), "thread_time": lambda: next(cpus)}
    monkeypatch.setattr(serve_module, "time", type("Clocks", (), {
        "time": staticmethod(time.time), **{k: staticmethod(v) for k, v in clocks.items()},
    }))  # fmt: skip
    brief = content / "briefs" / "a.md"
    brief.write_text(GOOD.replace("Good", "Timed"))
    assert preview.render_ahead(brief.resolve())
    assert preview.status()["ahead_ms"] == {"wall": 12.3, "cpu": 7.4}
    assert next(walls, None) is None and next(cpus, None) is None  # each read twice


@pytest.mark.parametrize("later", [1, 2], ids=["at the minute it is due", "an hour after"])
def test_a_brief_that_fell_due_since_the_last_build_is_on_the_page_rendered_ahead(
    tmp_path: Path, later: int
) -> None:
    """The last build left out a brief scheduled for later; by the time another brief is
    edited, it is due: the page rendered ahead names it (its newer neighbour), as the build
    then writes it."""
    due = '---\ntitle: "Fell due"\ndate: 2024-06-01T10:00:00+02:00\n---\nDue.\n'
    content, config = write_site(tmp_path, {"a.md": GOOD, "due.md": due}, FAST)
    zone = datetime.timezone(datetime.timedelta(hours=2))
    before = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=zone)
    preview = Preview(Options(content, tmp_path / "out", config, now=before), log=lambda _: None)
    assert preview.rebuild()
    assert not (preview.root / "briefs" / "due").exists()  # not yet published
    preview.options = replace(preview.options, now=before + datetime.timedelta(hours=later))
    brief = content / "briefs" / "a.md"
    brief.write_text(GOOD.replace("Body.", "Edited."))
    assert preview.render_ahead(brief.resolve())
    page = preview.ahead["briefs/a/index.html"].data
    assert b"Fell due" in page and b"Edited." in page
    assert preview.rebuild()
    assert (preview.root / "briefs" / "a" / "index.html").read_bytes() == page


def test_a_save_while_errors_are_shown_waits_for_a_build_that_passes(tmp_path: Path) -> None:
    """Another brief is broken, so the build fails and would never write a page rendered
    ahead: a good edit is not shown ahead of it; the last good page stays until the broken
    brief is mended and the build passes."""
    preview, content = _preview(tmp_path)
    assert preview.rebuild()
    (content / "briefs" / "b.md").write_text("---\ntitle: [broken\n---\n")
    assert not preview.rebuild() and preview.errors
    brief = content / "briefs" / "a.md"
    brief.write_text(GOOD.replace("Body.", "Edited."))
    assert not preview.render_ahead(brief.resolve())
    assert not preview.ahead
    served = preview.served("/briefs/a/")
    assert served is not None and b"Edited." not in served[1].data
    (content / "briefs" / "b.md").write_text(GOOD.replace("Good", "Mended"))
    assert preview.rebuild()
    assert b"Edited." in (preview.root / "briefs" / "a" / "index.html").read_bytes()


@pytest.mark.parametrize("how", ["a name the build skips", "a link to a brief elsewhere"])
def test_a_file_the_build_does_not_read_as_a_brief_is_not_rendered_ahead(
    tmp_path: Path, how: str
) -> None:
    """An editor's notes (``_notes.md``) are not read, and a brief that is a symbolic link is
    refused: neither gets a page ahead of the build that would never write it."""
    preview, content = _preview(tmp_path)
    assert preview.rebuild()
    text = GOOD.replace("Good", "Not a brief").replace("\n---\n", "\nslug: notes\n---\n", 1)
    if how == "a name the build skips":
        saved = content / "briefs" / "_notes.md"
        saved.write_text(text)
    else:
        (tmp_path / "elsewhere.md").write_text(text)
        saved = content / "briefs" / "linked.md"
        saved.symlink_to(tmp_path / "elsewhere.md")
    assert not preview.render_ahead(saved.absolute())
    assert not preview.ahead


def test_the_status_is_served_as_json(served) -> None:
    """``/__briefing/status``: the events' message (without ``changed``) as JSON, said so."""
    preview, port, content = served
    (content / "briefs" / "a.md").write_text("---\ntitle: [broken\n---\n")
    assert _wait(lambda: preview.errors and not preview.status()["catching_up"])
    response, body = _answer(port, "/__briefing/status")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/json"
    status = json.loads(body)
    assert status == preview.status()
    assert sorted(status) == ["ahead_ms", "catching_up", "errors", "version"]
    assert status["ahead_ms"] is None  # no page rendered ahead yet (the broken one was not)
    assert status["errors"] == [
        "content/briefs/a.md:2: invalid YAML: did not find expected ',' or ']'"
    ]


def test_errors_quoting_the_brief_are_shown_as_text_not_markup(served) -> None:
    """An error quotes what the brief says, and the brief may say ``</script>``: the overlay
    shows it as text, and the reload script's copy of the errors cannot end the script."""
    preview, port, content = served
    hostile = "</script><img src=x onerror=alert(1)>"
    (content / "briefs" / "a.md").write_text(GOOD.replace("date:", f"tags: '{hostile}'\ndate:"))
    assert _wait(lambda: preview.errors and not preview.status()["catching_up"])
    message = f"content/briefs/a.md:3: tags: expected a list like [a, b], found '{hostile}'"
    assert preview.status()["errors"] == [message]
    page = _body(port, "/briefs/a/").decode()
    assert hostile not in page and "<img" not in page
    tree = lxml.html.fromstring(page)
    (alert,) = tree.xpath('//div[@role="alert"]')
    assert alert.xpath("string(.//li)") == message
    script = tree.xpath("//script[contains(., 'EventSource')]")[0].text
    shown = re.search(r"shown = (.*);", script)
    assert shown is not None and json.loads(shown.group(1)) == [message]


@pytest.mark.parametrize("query", ["", "?since=", "?since=abc", "?since=-3", "?version=2"])
def test_events_asked_for_without_a_version_say_reload(served, query: str) -> None:
    """A stream opened with no version, or one that is not a number, is answered, and its first
    message says that what changed is unknown (``null``: the page reloads)."""
    preview, port, _ = served
    first = next(_events(port, query))
    assert first["changed"] is None
    assert first["version"] == preview.version


@pytest.mark.slow  # listens for a second on purpose
def test_a_quiet_stream_sends_nothing_until_something_changes(served) -> None:
    """A page whose version is the newest gets the stream's opening line, then silence (a
    comment every 15 s at most), not a flood of messages or comments."""
    preview, port, _ = served
    with _raw(port, "GET", f"/__briefing/events?since={preview.version}") as raw:
        answer = b""
        while not answer.endswith(b"retry: 500\n\n"):
            answer += raw.recv(65536)
        raw.settimeout(1.0)
        with pytest.raises(TimeoutError):
            raw.recv(65536)


def test_an_idle_stream_says_it_is_still_there(served, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``KEEP_ALIVE`` seconds with nothing new, a comment (which a browser ignores): a
    page that went away is noticed when writing to it fails."""
    monkeypatch.setattr(serve_module, "KEEP_ALIVE", 0.2)
    preview, port, _ = served
    with _raw(port, "GET", f"/__briefing/events?since={preview.version}") as raw:
        answer = b""
        while answer.count(b": still here\n\n") < 2 and (chunk := raw.recv(65536)):
            answer += chunk
        assert answer.partition(b"\r\n\r\n")[2] == b"retry: 500\n\n" + b": still here\n\n" * 2


def test_the_catching_up_note_is_shown_only_while_the_site_catches_up(served) -> None:
    preview, port, _ = served

    def note() -> lxml.html.HtmlElement:
        page = lxml.html.fromstring(_body(port, "/briefs/a/"))
        (found,) = page.xpath('//p[@id="briefing-catching-up"]')
        return found

    assert note().get("hidden") is not None
    with preview.changed:
        preview.pending = True  # a build asked for and not done
    shown = note()
    assert shown.get("hidden") is None and shown.get("role") == "status"
    assert "catching up" in shown.text_content()
    with preview.changed:
        preview.pending = False
    assert note().get("hidden") is not None


def test_a_broken_edit_shows_its_errors_and_keeps_the_last_good_page(served) -> None:
    """Every error is an item of the overlay, and the page around it is the last good one,
    with nothing added."""
    preview, port, content = served
    good = _page_text(lxml.html.fromstring(_body(port, "/briefs/a/")))
    for name in ["a.md", "draft.md"]:
        (content / "briefs" / name).write_text("---\ntitle: [broken\n---\n")
    assert _wait(lambda: len(preview.errors) == 2 and not preview.status()["catching_up"])
    page = _body(port, "/briefs/a/")
    assert b"Good</h1>" in page
    tree = lxml.html.fromstring(page)
    (alert,) = tree.xpath('//div[@role="alert"]')
    assert alert.xpath("string(strong)") == "Build failed"
    assert [item.text_content() for item in alert.xpath("ul/li")] == [
        f"content/briefs/{name}:2: invalid YAML: did not find expected ',' or ']'"
        for name in ["a.md", "draft.md"]
    ]
    assert alert.text_content() == "Build failed" + "".join(preview.errors)
    # shown over the page (the contract): fixed above it, scrolling when the errors are many
    style = dict(
        (name.strip().lower(), value.strip().lower())
        for name, value in (d.split(":", 1) for d in alert.get("style").split(";") if d.strip())
    )
    assert style["position"] == "fixed" and int(style["z-index"]) > 0
    assert style["overflow"] == "auto" and style["max-height"].endswith("vh")
    alert.drop_tree()  # its tail, the page's own text, stays
    assert _page_text(tree) == good


def _page_text(tree: lxml.html.HtmlElement) -> str:
    """A served page's text without its scripts (they carry the version); drops them from
    ``tree``."""
    for script in tree.xpath("//script"):
        script.drop_tree()
    return tree.text_content()


# Pages ahead on a site of several editions: our own briefing (English and Italian)


EN = "2023-07-26-netflix-ai-product-manager.md"  # an original with an Italian translation
IT = "2023-07-26-netflix-product-manager-ia.md"  # that translation
EN_PAGE = "briefs/netflix-ai-product-manager/index.html"
IT_PAGE = "it/briefs/netflix-product-manager-ia/index.html"
ALONE = (  # an English brief with no Italian version, in the story of the others
    '---\ntitle: "Studios count the cost of the strike"\ndate: 2023-07-29T10:00:00+02:00\n'
    'id: "tag:briefing,2023:studios-count-the-cost"\ntags: [Strikes, Pay]\n'
    "authors: [Briefing Desk]\nsection: bargaining\nstory: hollywood-strikes-ai\n---\n"
    "The studios weighed what the strike costs them.\n"
)


def _briefing(
    tmp_path: Path,
    settings: str = "",
    templates: Path = ROOT / "templates",
    prepare: Callable[[Path], None] = lambda content: None,
) -> tuple[Preview, Path, Path]:
    """A copy of our own briefing (two editions) with ``settings`` in place of its own and
    ``templates``, its content folder first given to ``prepare``; built once with drafts, not
    served."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    prepare(content)
    config = tmp_path / "site.yaml"
    text = (ROOT / "site.yaml").read_text("utf-8")
    if settings:
        for line in settings.splitlines():
            key = line.split(":")[0]
            text = "\n".join(x for x in text.splitlines() if not x.startswith(key + ":")) + "\n"
    config.write_text(text + f"templates: {templates}\n{FAST}{settings}", "utf-8")
    out = tmp_path / "out"
    preview = Preview(Options(content, out, config, drafts=True), log=lambda line: None)
    assert preview.rebuild(), "our briefing builds"
    assert preview.warm is not None and preview.warm.config.languages
    return preview, content / "briefs", out


def _not_assembled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until ``monkeypatch.undo()``, a site assembled afresh fails the test: an edit that
    keeps its brief's place must patch the site."""

    def assemble(*args: object) -> None:
        raise AssertionError("assembled again")

    monkeypatch.setattr(editions, "assemble", assemble)


def _ahead_and_built(
    preview: Preview, brief: Path, text: str, saved: bool = False
) -> tuple[str, bytes, bytes]:
    """Save ``text`` to ``brief``; its page rendered ahead (it must be, unless ``saved``:
    already), then built."""
    if not saved:
        brief.write_text(text, "utf-8")
        assert preview.render_ahead(brief.resolve()), "rendered ahead of the build"
    ((path, page),) = preview.ahead.items()
    assert preview.rebuild()
    assert not preview.ahead
    return path, page.data, (preview.root / path).read_bytes()


@pytest.mark.parametrize(
    ("name", "page", "other"),
    [pytest.param(EN, EN_PAGE, "/it/briefs/netflix-product-manager-ia/", id="English"),
     pytest.param(IT, IT_PAGE, "/briefs/netflix-ai-product-manager/", id="Italian")],
)  # fmt: skip
@pytest.mark.parametrize("how", ["its text", "its title", "its tags"])
def test_a_brief_of_either_edition_is_rendered_ahead_as_the_build_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, page: str, other: str, how: str
) -> None:
    preview, briefs, _ = _briefing(tmp_path)
    original = (briefs / name).read_text("utf-8")
    if how != "its tags":  # the brief keeps its place: the site is patched, not assembled again
        _not_assembled_again(monkeypatch)
    if how == "its text":  # the site is patched: the brief keeps its place
        text = original.replace("\n---\n\n", "\n---\n\nAhead of the build.\n\n", 1)
    elif how == "its title":  # its story's other briefs name it
        text = original.replace('title: "', 'title: "Ahead: ', 1)
    else:  # the site is assembled afresh: it moves among the tags
        text = original.replace("tags: [Netflix, ", "tags: [", 1)
    assert text != original
    brief = briefs / name
    brief.write_text(text, "utf-8")
    assert preview.render_ahead(brief.resolve()), "rendered ahead of the build"
    monkeypatch.undo()
    path, ahead, built = _ahead_and_built(preview, brief, text, saved=True)
    assert path == page
    assert ahead == built  # byte for byte what the build wrote just after
    assert b"Ahead" in built or how == "its tags"
    # its other-language version, in the language switch and the hreflang alternates
    assert f'href="https://briefing.example.org{other}"'.encode() in built
    assert b'class="language-switch"' in built


def test_a_brief_rendered_ahead_plans_its_own_versions_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps save-to-page short on a large site: the page ahead is planned from the
    work's versions (the English original and its Italian translation), not from every brief
    of every edition."""
    from generator.render import plan

    preview, briefs, _ = _briefing(tmp_path)
    real, planned = plan.brief_page, []

    def counted(brief: Any, *args: Any) -> Any:
        planned.append(brief.path)
        return real(brief, *args)

    monkeypatch.setattr(plan, "brief_page", counted)
    text = (briefs / EN).read_text("utf-8").replace("\n---\n\n", "\n---\n\nAhead.\n\n", 1)
    (briefs / EN).write_text(text, "utf-8")
    assert preview.render_ahead((briefs / EN).resolve())
    assert sorted(planned) == [f"content/briefs/{EN}", f"content/briefs/{IT}"]


def test_a_translation_behind_its_original_is_rendered_ahead_with_the_note(
    tmp_path: Path,
) -> None:
    preview, briefs, _ = _briefing(tmp_path)
    english = (briefs / EN).read_text("utf-8")
    correction = (
        "updates:\n  - date: 2023-08-02T09:00:00+02:00\n    kind: correction\n"
        '    note: "The pay band is per year."\n'
    )
    path, ahead, built = _ahead_and_built(
        preview, briefs / EN, english.replace("type: news\n", f"type: news\n{correction}", 1)
    )
    assert path == EN_PAGE and ahead == built and b"The pay band is per year." in built
    italian = (briefs / IT).read_text("utf-8")
    text = italian.replace("\n---\n\n", "\n---\n\nIn ritardo.\n\n", 1)
    path, ahead, built = _ahead_and_built(preview, briefs / IT, text)
    assert path == IT_PAGE
    assert ahead == built and b"In ritardo." in built
    assert b'class="behind-notice"' in built  # the translation lacks the original's correction


@pytest.mark.parametrize("untranslated", ["omit", "show"])
def test_a_brief_no_other_edition_has_is_rendered_ahead_as_built(
    tmp_path: Path, untranslated: str
) -> None:
    preview, briefs, out = _briefing(tmp_path, f"untranslated: {untranslated}\n")
    (briefs / "2023-07-29-studios-count-the-cost.md").write_text(ALONE, "utf-8")
    assert preview.rebuild()
    listed = b"Studios count the cost" in (out / "it" / "index.html").read_bytes()
    assert listed == (untranslated == "show")  # the Italian lists show it, or leave it out
    text = ALONE.replace("weighed", "weighed, ahead of the build,")
    path, ahead, built = _ahead_and_built(
        preview, briefs / "2023-07-29-studios-count-the-cost.md", text
    )
    assert path == "briefs/studios-count-the-cost/index.html"
    assert ahead == built and b"ahead of the build" in built
    # its switch names the Italian edition's home page: there is no Italian version
    assert b'class="not-translated"' in built


def _next_page_names_it_retitled(
    preview: Preview, second: Path, out: Path, stale: tuple[str, ...] = ()
) -> dict[str, bytes]:
    """Save a brief (``second``, the story's next after the retitled one) and render it
    ahead: its page names the other by the new title, and the build then writes every page
    ahead byte for byte (but those in ``stale``: their files were saved again or deleted
    since they were rendered ahead). Returns the pages that were ahead."""
    text = second.read_text("utf-8").replace("\n---\n\n", "\n---\n\nSecond.\n\n", 1)
    second.write_text(text, "utf-8")
    assert preview.render_ahead(second.resolve())
    ahead = {path: page.data for path, page in preview.ahead.items()}
    assert b"Retitled: " in ahead["briefs/netflix-wider-ai-hiring/index.html"]
    assert preview.rebuild()
    for path, data in ahead.items():
        assert path in stale or (out / path).read_bytes() == data, path
    return ahead


def test_edits_made_before_the_build_catches_up_are_each_rendered_ahead_as_built(
    tmp_path: Path,
) -> None:
    """The second page ahead starts from the site as the first left it: the story's
    previous brief, retitled a moment before, is named by its new title."""
    preview, briefs, out = _briefing(tmp_path)
    first = "2023-07-27-amptp-background-actor-scans.md"
    second = "2023-07-28-netflix-wider-ai-hiring.md"
    (briefs / first).write_text(
        (briefs / first).read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1), "utf-8"
    )
    assert preview.render_ahead((briefs / first).resolve())
    assert len(_next_page_names_it_retitled(preview, briefs / second, out)) == 2


def test_an_edit_that_moves_its_brief_starts_from_the_edits_before_it(tmp_path: Path) -> None:
    """The second edit moves its brief (new tags: the site is assembled afresh, from the
    briefs) and still starts from the first: the story's previous brief, retitled a moment
    before, is named by its new title, as the build then writes it."""
    preview, briefs, out = _briefing(tmp_path)
    first = briefs / "2023-07-27-amptp-background-actor-scans.md"
    second = briefs / "2023-07-28-netflix-wider-ai-hiring.md"
    first.write_text(first.read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1), "utf-8")
    assert preview.render_ahead(first.resolve())
    second.write_text(second.read_text("utf-8").replace("tags: [", "tags: [Moved, ", 1), "utf-8")
    assert preview.render_ahead(second.resolve())
    path = "briefs/netflix-wider-ai-hiring/index.html"
    page = preview.ahead[path].data
    assert b"Retitled: " in page and b"Moved" in page
    assert preview.rebuild()
    assert (out / path).read_bytes() == page


GONE = (  # a brief no other page names: its own tag, long before the others, in no story
    '---\ntitle: "Gone"\ndate: 2020-01-01T10:00:00+02:00\nid: "tag:briefing,2020:gone"\n'
    "tags: [Gone]\nauthors: [Briefing Desk]\n---\nGone.\n"
)


def test_an_edit_saved_while_a_build_runs_is_kept_for_the_next_page_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brief retitled after the build read it (its page rendered ahead meanwhile) is not
    forgotten when that build ends: the next page rendered ahead, which names it, names it
    by its new title, as the build then writes it. (An edit rendered ahead and built
    before: what the build counts as read is counted on from there.)"""
    from generator.commands import serve as served_module

    preview, briefs, out = _briefing(tmp_path)
    italian = (briefs / IT).read_text("utf-8")
    _ahead_and_built(preview, briefs / IT, italian.replace("\n---\n\n", "\n---\n\nPrima.\n\n", 1))
    first = briefs / "2023-07-27-amptp-background-actor-scans.md"
    second = briefs / "2023-07-28-netflix-wider-ai-hiring.md"
    real_build = served_module.build
    saved: list[bool] = []

    def racing(options: Options, memory: Any, parsed: Any) -> Any:
        def read_then_saved(*args: Any) -> None:
            parsed(*args)  # the build has read every brief: the editor saves now
            # first two edits the next build will have to read again, each rendered ahead:
            # one saved again since, one a new brief deleted since; neither stops the
            # retitle, made after them, from being kept
            again = briefs / EN
            again.write_text(again.read_text("utf-8") + "\nEarly.\n", "utf-8")
            saved.append(preview.render_ahead(again.resolve()))
            again.write_text(again.read_text("utf-8") + "\nAgain.\n", "utf-8")
            gone = briefs / "2020-01-01-gone.md"
            gone.write_text(GONE, "utf-8")
            saved.append(preview.render_ahead(gone.resolve()))
            gone.unlink()
            text = first.read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1)
            first.write_text(text, "utf-8")
            saved.append(preview.render_ahead(first.resolve()))

        return real_build(options, memory=memory, parsed=read_then_saved)

    monkeypatch.setattr(served_module, "build", racing)
    assert preview.rebuild()
    monkeypatch.setattr(served_module, "build", real_build)
    assert saved == [True, True, True]
    assert (
        b"Retitled: " not in (out / "briefs/amptp-background-actor-scans/index.html").read_bytes()
    )
    gone_page = "briefs/gone/index.html"
    _next_page_names_it_retitled(preview, second, out, stale=(EN_PAGE, gone_page))
    assert b"Again." in (out / EN_PAGE).read_bytes() and not (out / gone_page).exists()


def test_an_edit_rendered_ahead_as_a_build_ends_is_kept_for_the_next_page_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that ends while a page is being rendered ahead (it read the brief before the
    save) leaves its own site; the edit is then carried into it, and the next page ahead
    names the brief by its new title."""
    preview, briefs, out = _briefing(tmp_path)
    first = briefs / "2023-07-27-amptp-background-actor-scans.md"
    second = briefs / "2023-07-28-netflix-wider-ai-hiring.md"
    real_site = preview._site

    def build_ends_meanwhile(warm: Any, *args: Any) -> Any:
        assert preview.warm is not None
        preview.warm = replace(preview.warm)  # what such a build leaves: the old brief
        return real_site(warm, *args)

    first.write_text(first.read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1), "utf-8")
    monkeypatch.setattr(preview, "_site", build_ends_meanwhile)
    assert preview.render_ahead(first.resolve())
    monkeypatch.setattr(preview, "_site", real_site)
    _next_page_names_it_retitled(preview, second, out)


def test_a_build_that_ends_while_a_page_is_rendered_ahead_is_what_the_next_one_starts_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build that ends meanwhile read another brief retitled (and this one before its
    save): the next page rendered ahead names both by their new titles, as the build then
    writes it; the edit is carried into what the build read, not the build dropped."""
    preview, briefs, out = _briefing(tmp_path)
    first = briefs / "2023-07-27-amptp-background-actor-scans.md"
    second = briefs / "2023-07-28-netflix-wider-ai-hiring.md"
    other = briefs / EN
    old, real_site = first.read_text("utf-8"), preview._site

    def build_ends_meanwhile(warm: Any, *args: Any) -> Any:
        monkeypatch.setattr(preview, "_site", real_site)  # once
        new = first.read_text("utf-8")
        first.write_text(old, "utf-8")  # the build reads it as it was before the save
        other.write_text(other.read_text("utf-8").replace('title: "', 'title: "Other: ', 1))
        assert preview.rebuild()
        first.write_text(new, "utf-8")
        return real_site(warm, *args)

    first.write_text(old.replace('title: "', 'title: "Retitled: ', 1), "utf-8")
    monkeypatch.setattr(preview, "_site", build_ends_meanwhile)
    assert preview.render_ahead(first.resolve())
    # its own page was rendered from the site before that build: the build writes it anew
    ahead = _next_page_names_it_retitled(
        preview, second, out, stale=("briefs/amptp-background-actor-scans/index.html",)
    )
    assert b"Other: " in ahead["briefs/netflix-wider-ai-hiring/index.html"]


@pytest.mark.parametrize(
    ("folder", "name", "built_at"),
    [pytest.param("pages", "about.md", "about/index.html", id="page, English"),
     pytest.param("pages", "chi-siamo.md", "it/chi-siamo/index.html", id="page, Italian"),
     pytest.param("stories", "hollywood-strikes-ai.md",
                  "stories/hollywood-strikes-ai/index.html", id="story, English"),
     pytest.param("stories", "hollywood-strikes-ai-it.md",
                  "it/stories/hollywood-strikes-ai/index.html", id="story, Italian")],
)  # fmt: skip
def test_a_pages_or_storys_own_text_is_rendered_ahead_as_the_build_writes_it(
    tmp_path: Path, folder: str, name: str, built_at: str
) -> None:
    """An edit to a static page's text, or to a developing story's introduction, in either
    edition, is rendered ahead on its own page (with its language switch, a story's sections
    named in the edition's language), and the build then writes the same bytes."""
    preview, briefs, _ = _briefing(tmp_path)
    edited = briefs.parent / folder / name
    new = "\n---\n\nA new first paragraph, ahead of the build.\n\n"
    text = edited.read_text("utf-8").replace("\n---\n\n", new, 1)
    path, ahead, built = _ahead_and_built(preview, edited, text)
    assert path == built_at
    assert ahead == built and b"ahead of the build" in built
    assert b'hreflang="it"' in built and b'hreflang="en"' in built


@pytest.mark.parametrize(
    ("old", "new"),
    [pytest.param('title: "About"', 'title: "About us"', id="its title, in every menu"),
     pytest.param("menu: 1", "menu: 3", id="its place in the menu"),
     pytest.param("---\n\n", "---\n\n![A field](field.jpg)\n\n", id="a picture")],
)  # fmt: skip
def test_a_static_page_edit_that_reaches_other_pages_waits_for_the_build(
    tmp_path: Path, old: str, new: str
) -> None:
    preview, briefs, out = _briefing(tmp_path)
    page = briefs.parent / "pages" / "about.md"
    text = page.read_text("utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), "utf-8")
    assert not preview.render_ahead(page.resolve())
    assert not preview.ahead


def test_a_retitled_story_is_named_so_on_the_next_brief_page_ahead(tmp_path: Path) -> None:
    """A story's new title is its page's at once, and every page rendered ahead after it
    (a brief of the story) names the story so, as the build then writes them."""
    preview, briefs, out = _briefing(tmp_path)
    story = briefs.parent / "stories" / "hollywood-strikes-ai.md"
    story.write_text(story.read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1), "utf-8")
    assert preview.render_ahead(story.resolve())
    brief = briefs / "2023-07-28-netflix-wider-ai-hiring.md"
    text = brief.read_text("utf-8").replace("\n---\n\n", "\n---\n\nSecond.\n\n", 1)
    brief.write_text(text, "utf-8")
    assert preview.render_ahead(brief.resolve())
    ahead = {path: page.data for path, page in preview.ahead.items()}
    assert set(ahead) == {
        "stories/hollywood-strikes-ai/index.html",
        "briefs/netflix-wider-ai-hiring/index.html",
    }
    assert all(b"Retitled: The Hollywood strikes" in data for data in ahead.values())
    assert preview.rebuild()
    for path, data in ahead.items():
        assert (out / path).read_bytes() == data, path


EVERY_LIST = """<aside class="every-list">
{% for b in site.listed %}{{ b.title }};{% endfor %}
{% for t in site.tags %}{{ t.name }}: {% for b in t.briefs %}{{ b.title }};{% endfor %}{% endfor %}
{% for t in site.tags %}{% for b in site.tag(t.name).briefs %}{{ b.title }};{% endfor %}{% endfor %}
{% for y, months in site.archive %}{% for m in months %}{% for b in m.briefs %}{{ b.title }};
{% endfor %}{% endfor %}{% endfor %}
{% for s in site.sections %}{% for b in s.briefs %}{{ b.title }};{% endfor %}{% endfor %}
{% for s in site.stories %}{% for b in s.briefs %}{{ b.title }};{% endfor %}{% endfor %}
{% for a in site.authors %}{% for b in a.briefs %}{{ b.title }};{% endfor %}{% endfor %}
{% for c in site.corrections %}{{ c.brief.title }};{% endfor %}
{% for b in site.briefs %}{% set n = site.neighbours(b) %}{% set p = site.story_of(b) %}
{{ n.newer.title if n.newer else "" }}/{{ n.older.title if n.older else "" }}/
{% for r in n.related %}{{ r.title }};{% endfor %}
{% if p %}{{ p.previous.title if p.previous else "" }}/{{ p.next.title if p.next else "" }}
{% endif %}{% endfor %}
</aside>
"""


def _templates_showing(tmp_path: Path, shown: str) -> Path:
    """A copy of our templates whose every page shows ``shown`` after its main content."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    base = templates / "base.html"
    text = base.read_text("utf-8")
    main = "{% block main %}{% endblock %}\n"
    base.write_text(text.replace(main, main + shown, 1), "utf-8")
    return templates


@pytest.mark.parametrize("pages", [("about", "contact"), ("about",)], ids=["two pages", "one"])
@pytest.mark.parametrize("moved", [True, False], ids=["brief moved", "brief in place"])
def test_a_page_edited_ahead_is_so_in_the_site_the_next_brief_is_rendered_against(
    tmp_path: Path, pages: tuple[str, ...], moved: bool
) -> None:
    """A static page's summary edited (rendered ahead), then a brief edited: moved (new tags:
    the site assembled afresh from the pages and briefs) or in place (the site patched). A
    template that shows every page's summary shows the new one on the brief's page ahead, as
    the build then writes it; also on a site whose only page it is."""
    templates = _templates_showing(
        tmp_path, "{% for p in site.pages %}<p>{{ p.title }}: {{ p.summary }}</p>{% endfor %}\n"
    )
    content, config = write_site(tmp_path, {"a.md": GOOD}, FAST)
    config.write_text(config.read_text("utf-8").replace(str(ROOT / "templates"), str(templates)))
    for name in pages:
        (content / "pages" / f"{name}.md").write_text(
            f'---\ntitle: "{name.title()}"\nsummary: "Old."\n---\nText.\n', "utf-8"
        )
    preview = Preview(Options(content, tmp_path / "out", config), log=lambda line: None)
    assert preview.rebuild()
    page = content / "pages" / "about.md"
    page.write_text(page.read_text("utf-8").replace("Old.", "New."), "utf-8")
    assert preview.render_ahead(page.resolve())
    brief = content / "briefs" / "a.md"
    edit = "tags: [Moved]\n---\nBody" if moved else "---\nBody, edited"
    brief.write_text(GOOD.replace("---\nBody", edit), "utf-8")
    assert preview.render_ahead(brief.resolve())
    ahead = preview.ahead["briefs/a/index.html"].data
    listed = b"<p>About: New.</p><p>Contact: Old.</p>" if len(pages) == 2 else b"<p>About: New.</p>"
    assert listed in ahead
    assert preview.rebuild()
    assert (preview.root / "briefs" / "a" / "index.html").read_bytes() == ahead


ALONE_NAME = "2023-07-29-studios-count-the-cost.md"
ASIDE = (  # a brief that shares no tag with the others (their neighbour, not related)
    '---\ntitle: "Aside"\ndate: 2023-07-27T12:00:00+02:00\nid: "tag:briefing,2023:aside"\n'
    "tags: [Aside]\n---\nAside.\n"
)
CORRECTION = (
    "updates:\n  - date: 2023-08-02T09:00:00+02:00\n    kind: correction\n"
    '    note: "The pay band is per year."\n'
)


@pytest.mark.parametrize(
    ("name", "then"),
    [pytest.param(EN, None, id="English"), pytest.param(IT, None, id="Italian"),
     pytest.param(ALONE_NAME, IT, id="shown untranslated in the Italian lists"),
     pytest.param("2023-07-27-amptp-background-actor-scans.md", None,
                  id="between two of its story, next to one of no shared tag"),
     pytest.param("2023-07-27-aside.md", None, id="the only brief of its tag")],
)  # fmt: skip
def test_a_retitled_brief_is_so_in_every_list_a_template_shows_on_the_page_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, then: str | None
) -> None:
    """Templates are the publisher's: one may show any of the site's lists on a brief's page
    (its tags', months', sections', stories', people's and corrections' briefs, neighbours,
    places in a story). The brief retitled keeps its place, so the site is patched, not
    assembled again; the page rendered ahead (its own, or ``then``'s, edited next) names it by
    its new title in every list, in its edition, as the build then writes it."""

    def with_every_list(content: Path) -> None:  # a person, a correction, two more briefs
        briefs = content / "briefs"
        (content / "authors").mkdir()
        (content / "authors" / "ada.md").write_text('---\nname: "Ada Reporter"\n---\nAda.\n')
        for each in (EN, IT):
            text = (briefs / each).read_text("utf-8").replace("authors: [", "authors: [ada, ", 1)
            text = text.replace("type: news\n", "type: news\n" + CORRECTION, 1)
            (briefs / each).write_text(text, "utf-8")
        (briefs / ALONE_NAME).write_text(ALONE.replace("authors: [", "authors: [ada, "), "utf-8")
        (briefs / "2023-07-27-aside.md").write_text(ASIDE, "utf-8")

    templates = _templates_showing(tmp_path, EVERY_LIST)
    preview, briefs, _ = _briefing(
        tmp_path, "untranslated: show\n", templates=templates, prepare=with_every_list
    )
    brief = briefs / name
    brief.write_text(brief.read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1))
    _not_assembled_again(monkeypatch)
    assert preview.render_ahead(brief.resolve())
    if then is not None:
        edited = briefs / then
        text = edited.read_text("utf-8").replace("\n---\n\n", "\n---\n\nPoi.\n\n", 1)
        edited.write_text(text, "utf-8")
        assert preview.render_ahead(edited.resolve())
    monkeypatch.undo()
    path, ahead = list(preview.ahead.items())[-1]
    page = ahead.data.decode()
    lists = page[page.index('<aside class="every-list">') :]
    assert lists.count("Retitled: ") >= (2 if then else 5 if "aside" in name else 9), lists
    assert "aside" not in name or "Aside: Retitled: Aside;" in lists  # its tag's list
    assert preview.rebuild()
    assert (preview.root / path).read_bytes() == ahead.data


def test_a_story_page_rendered_ahead_lists_a_brief_retitled_before_it(tmp_path: Path) -> None:
    """A brief of the story retitled, then the story's introduction edited: the story's page
    rendered ahead lists the brief by its new title, as the build then writes it."""
    preview, briefs, out = _briefing(tmp_path)
    brief = briefs / "2023-07-27-amptp-background-actor-scans.md"
    brief.write_text(brief.read_text("utf-8").replace('title: "', 'title: "Retitled: ', 1), "utf-8")
    assert preview.render_ahead(brief.resolve())
    story = briefs.parent / "stories" / "hollywood-strikes-ai.md"
    text = story.read_text("utf-8").replace("\n---\n\n", "\n---\n\nIntroduced.\n\n", 1)
    story.write_text(text, "utf-8")
    assert preview.render_ahead(story.resolve())
    page = preview.ahead["stories/hollywood-strikes-ai/index.html"].data
    assert b"Retitled: " in page and b"Introduced." in page
    assert preview.rebuild()
    assert (out / "stories/hollywood-strikes-ai/index.html").read_bytes() == page


def test_a_story_moved_to_another_address_waits_for_the_build(tmp_path: Path) -> None:
    preview, briefs, _ = _briefing(tmp_path)
    story = briefs.parent / "stories" / "hollywood-strikes-ai.md"
    text = story.read_text("utf-8").replace("---\n", "---\nslug: strikes-and-ai\n", 1)
    story.write_text(text, "utf-8")
    assert not preview.render_ahead(story.resolve())
    assert not preview.ahead


# Pages ahead with pictures: when every picture is already encoded, byte for byte


def _jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


PICTURED = (
    '---\ntitle: "Pictured"\ndate: 2024-01-10T10:00:00+01:00\nimage:\n  src: lead.jpg\n'
    '  alt: "A red field"\n  credit: "Briefing Desk"\n---\nText.\n\n![A blue field](body.jpg)\n'
)


@pytest.fixture
def pictured(tmp_path: Path) -> tuple[Preview, Path]:
    content, config = write_site(tmp_path, {"a.md": GOOD}, FAST)
    bundle = content / "briefs" / "pictured"
    bundle.mkdir()
    (bundle / "index.md").write_text(PICTURED, "utf-8")
    (bundle / "lead.jpg").write_bytes(_jpeg(1400, 900, (200, 30, 30)))
    (bundle / "body.jpg").write_bytes(_jpeg(900, 600, (30, 30, 200)))
    preview = Preview(Options(content, tmp_path / "out", config, drafts=True), log=lambda _: None)
    assert preview.rebuild()
    return preview, bundle


@pytest.mark.parametrize(
    ("lead", "body"),
    [(True, True), (False, True), (True, False)],
    ids=[
        "its lead and a picture in its text",
        "its lead taken away",
        "its text's picture taken away",
    ],
)
def test_a_brief_whose_pictures_are_encoded_is_rendered_ahead_as_built(
    pictured, lead: bool, body: bool
) -> None:
    """Its text edited, its pictures placed as the build places them: the lead and the
    picture in its text, or either alone (the other taken away)."""
    preview, bundle = pictured
    text = PICTURED.replace("Text.", "Text, ahead of the build.")
    if not lead:
        text = re.sub(r"image:\n(  .*\n)+", "", text)
    if not body:
        text = text.replace("\n![A blue field](body.jpg)\n", "\n")
    path, ahead, built = _ahead_and_built(preview, bundle / "index.md", text)
    assert path == "briefs/pictured/index.html"
    assert ahead == built and b"ahead of the build" in built
    assert (b"A red field" in built, b"A blue field" in built) == (lead, body)
    shown = re.findall(rb'(?:src|srcset)="([^"]+)"', ahead)
    files = {name.split(b" ")[0] for value in shown for name in value.split(b", ")}
    media = [f for f in files if b"/media/" in f]
    assert len(media) > (6 if lead and body else 2)  # the pictures' formats and widths
    for name in media:  # each already in the site when the page was served ahead
        assert (preview.root / "media" / name.decode().rsplit("/", 1)[-1]).is_file()


@pytest.mark.parametrize(
    "how", ["a picture not shown before", "a picture's bytes changed", "its lead's crops moved"]
)
def test_a_brief_showing_a_picture_not_yet_encoded_is_left_to_the_build(pictured, how: str) -> None:
    preview, bundle = pictured
    before = (preview.root / "briefs" / "pictured" / "index.html").read_bytes()
    if how == "a picture not shown before":
        (bundle / "more.jpg").write_bytes(_jpeg(700, 500, (30, 200, 30)))
        text = PICTURED + "\n![A green field](more.jpg)\n"
    elif how == "a picture's bytes changed":
        (bundle / "body.jpg").write_bytes(_jpeg(900, 600, (30, 200, 200)))
        text = PICTURED.replace("Text.", "Text, new picture.")
    else:  # the same file, cropped elsewhere: files no build has made yet
        text = PICTURED.replace("  credit:", "  focus: top left\n  credit:")
    (bundle / "index.md").write_text(text, "utf-8")
    assert not preview.render_ahead((bundle / "index.md").resolve())
    assert not preview.ahead
    assert preview.rebuild()  # the build finds, checks and encodes it
    assert (preview.root / "briefs" / "pictured" / "index.html").read_bytes() != before
    text = text.replace("Text", "Then a text edit")  # now encoded: ahead again, as built
    _, ahead, built = _ahead_and_built(preview, bundle / "index.md", text)
    assert ahead == built and b"Then a text edit" in built


@pytest.mark.parametrize("how", ["a symbolic link", "a FIFO"])
def test_a_picture_replaced_by_a_link_or_a_fifo_is_left_to_the_build(
    pictured, tmp_path: Path, how: str
) -> None:
    """Content links are never followed and a FIFO never holds up the preview, ahead of the
    build as in it: the page waits for the build, which reports the file."""
    preview, bundle = pictured
    picture, kept = bundle / "body.jpg", tmp_path / "kept.jpg"
    os.replace(picture, kept)
    if how == "a symbolic link":
        picture.symlink_to(kept)  # the very bytes the last build showed, through a link
    else:
        os.mkfifo(picture)
    edited = bundle / "index.md"
    edited.write_text(PICTURED.replace("Text.", "Text, edited."), "utf-8")
    answers: list[bool] = []
    worker = threading.Thread(
        target=lambda: answers.append(preview.render_ahead(edited.resolve())), daemon=True
    )
    worker.start()
    worker.join(10)
    blocked = worker.is_alive()
    if blocked:  # a writer lets the blocked read go on
        os.close(os.open(picture, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
    assert not blocked
    assert answers == [False] and not preview.ahead
    assert not preview.rebuild()
    assert any("body.jpg" in error for error in preview.errors), preview.errors
