"""The preview server: no save lost, only its own Host, HTTP done right, pages pushed.

Each test tries the server the way a user (or an attacker) would: over HTTP, through
the real command where start-up and signals matter."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import GOOD, ROOT, write_site

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


def _body(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    return connection.getresponse().read()


def _wait(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Preview, int, Path]]:
    content, config = write_site(tmp_path, {"a.md": GOOD, "draft.md": DRAFT}, FAST)
    preview = Preview(
        Options(content, tmp_path / "out", config, drafts=True), log=lambda line: None
    )
    server = make_server(preview, 0)
    stop = threading.Event()
    builder = start(preview, stop)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    yield preview, server.server_address[1], content
    stop.set()
    builder.close()
    preview.close()
    server.shutdown()
    server.server_close()


# Lost saves


def _command(tmp_path: Path, settings: str = FAST) -> tuple[subprocess.Popen[str], int, Path]:
    content, config = write_site(tmp_path, {"a.md": GOOD}, settings)
    command = [sys.executable, "-m", "generator.commands.cli", "serve", "--port", "0"]
    command += ["--content", str(content), "--config", str(config)]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("serving on "):
            return process, int(line.split(":")[2].split("/")[0]), content
    process.kill()
    pytest.fail(f"serve did not start: {process.stderr.read() if process.stderr else ''}")


def test_a_save_just_after_serving_on_is_built_and_ctrl_c_exits_130(tmp_path: Path) -> None:
    process, port, content = _command(tmp_path)
    try:
        (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Saved at once"))
        assert _wait(lambda: b"Saved at once</h1>" in _body(port, "/briefs/a/"))
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted" in err


def test_sigterm_ends_serve_with_143(tmp_path: Path) -> None:
    process, _, _ = _command(tmp_path)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 143


def test_a_save_during_the_first_build_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD}, FAST)
    real_build = serve_module.build
    calls = []

    def build_then_save(*args, **kwargs):  # the edit lands after the first build read it
        result = real_build(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Saved meanwhile"))
        return result

    monkeypatch.setattr(serve_module, "build", build_then_save)
    preview = Preview(Options(content, tmp_path / "out", config, drafts=True), lambda line: None)
    stop = threading.Event()
    builder = start(preview, stop)
    page = tmp_path / "out" / "briefs" / "a" / "index.html"
    try:
        assert b"Good</h1>" in page.read_bytes()  # the first build had read it before
        assert _wait(lambda: b"Saved meanwhile</h1>" in page.read_bytes())
    finally:
        stop.set()
        builder.close()


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
    assert b"Embargoed" not in response.read()


# HTTP


def test_head_answers_like_get_without_a_body(served) -> None:
    _, port, _ = served
    for path in ("/", "/briefs/a/", "/assets/style.css", "/nothing/"):
        get = _request(port, path)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("HEAD", path)
        head = connection.getresponse()
        assert head.status == get.status, path
        assert head.read() == b""
        assert head.getheader("Content-Length") == get.getheader("Content-Length"), path
        assert head.getheader("Content-Type") == get.getheader("Content-Type"), path


@pytest.mark.parametrize("path", ["/briefs/a/", "/assets/style.css", "/feed.xml"])
def test_etag_and_last_modified_give_304(served, path: str) -> None:
    _, port, _ = served
    first = _request(port, path)
    etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
    assert first.status == 200 and etag and modified
    assert _request(port, path, headers={"If-None-Match": etag}).status == 304
    assert _request(port, path, headers={"If-None-Match": f'"other", {etag}'}).status == 304
    assert _request(port, path, headers={"If-None-Match": '"other"'}).status == 200
    assert _request(port, path, headers={"If-Modified-Since": modified}).status == 304
    old = "Sat, 01 Jan 2000 00:00:00 GMT"
    assert _request(port, path, headers={"If-Modified-Since": old}).status == 200
    # If-None-Match decides when both are sent
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert _request(port, path, headers=both).status == 200


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


def _events(port: int, since: int) -> Iterator[dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/__briefing/events?since={since}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    for line in response:
        if line.startswith(b"data: "):
            yield json.loads(line[6:])


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
    assert not preview.ahead


def test_a_page_that_missed_events_learns_what_changed_since_it_was_served(served) -> None:
    preview, port, content = served
    version = preview.version
    (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Missed"))
    assert _wait(lambda: preview.version > version + 1 and not preview.status()["catching_up"])
    seen = next(_events(port, version))
    assert "briefs/a/index.html" in seen["changed"]
    assert next(_events(port, version + 10_000))["changed"] is None  # another server: reload


def test_a_broken_edit_shows_its_errors_and_keeps_the_last_good_page(served) -> None:
    preview, port, content = served
    version = preview.version
    (content / "briefs" / "a.md").write_text("---\ntitle: [broken\n---\n")
    assert _wait(lambda: preview.version > version and preview.errors)
    page = _body(port, "/briefs/a/")
    assert b"Good</h1>" in page and b"Build failed" in page
    assert b"content/briefs/a.md:2: invalid YAML" in page
