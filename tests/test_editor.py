"""The editor's workflow: new, check, scheduling, and the preview server over HTTP."""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import socketserver
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest
from conftest import GOOD, ROOT, write_site

from generator.commands.cli import main
from generator.commands.scaffold import new_brief
from generator.commands.serve import Preview, make_server, watch
from generator.config import SiteConfig
from generator.options import Options
from generator.parse import parse_brief
from generator.typography import typeset_text

CONFIG = SiteConfig(title="T", base_url="https://example.org/")


@pytest.mark.parametrize(
    "title",
    ["Plain title", 'Colons: "quotes" & <tags>', "NO", "1.10", "# not a comment", "Ünïcode — dash"],
)
def test_new_brief_round_trips_through_the_parser(title: str) -> None:
    from datetime import UTC, datetime

    slug, text = new_brief(title, ["SAG-AFTRA", "a, b"], CONFIG, datetime(2024, 5, 1, tzinfo=UTC))
    article, errors = parse_brief(f"content/briefs/{slug}.md", text.encode(), CONFIG)
    assert errors == []
    assert article is not None
    assert article.title == typeset_text(" ".join(title.split()))
    assert article.draft is True
    assert article.tags == ("SAG-AFTRA", "a, b")
    assert article.id == f"tag:briefing,2024:{slug}"
    assert article.date.isoformat() == "2024-05-01T00:00:00+00:00"
    assert article.sources == ()


def test_new_writes_prints_and_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {})
    args = ["new", "Netflix: a new AI job", "--tags", "Netflix,Hiring"]
    args += [
        "--content",
        str(content),
        "--config",
        str(config),
        "--now",
        "2024-05-01T10:00:00+00:00",
    ]
    assert main(args) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == content / "briefs" / "netflix-a-new-ai-job.md"
    text = path.read_text()
    assert 'title: "Netflix: a new AI job"' in text
    assert "date: 2024-05-01T12:00:00+02:00" in text  # the site's time zone
    assert 'id: "tag:briefing,2024:netflix-a-new-ai-job"' in text
    assert "draft: true" in text and 'tags: ["Netflix", "Hiring"]' in text
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{path}:1: already exists; not overwritten"
    assert path.read_text() == text


def test_check_reports_broken_internal_links_with_lines(tmp_path: Path, capsys) -> None:
    body = (
        "---\ntitle: A\ndate: 2024-01-01\ntags: [Pay]\n---\n"
        "Fine: [b](/briefs/b/), [tag](/tags/pay/), [home](../../), [web](https://example.com/x).\n"
        "\n"
        "Broken: [nope](/briefs/missing/) and [bad tag](../../tags/nothing/).\n"
        "```\n[in code](/briefs/ignored/)\n```\n"
        "[Gone][ref], says a note.[^1]\n\n"
        "[ref]: https://example.org/briefs/gone/\n"
        "[^1]: According to [the desk](/briefs/b/).\n"
    )
    content, config = write_site(tmp_path, {"a.md": body, "b.md": GOOD})
    assert main(["check", "--content", str(content), "--config", str(config)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/briefs/a.md:8: link to ../../tags/nothing/ matches no page of this site",
        "content/briefs/a.md:8: link to /briefs/missing/ matches no page of this site",
        "content/briefs/a.md:14: link to https://example.org/briefs/gone/ "
        "matches no page of this site",
        "check failed: 3 problems found, nothing was written",
    ]


def test_check_passes_and_writes_nothing(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"a.md": GOOD})
    before = sorted(p for p in tmp_path.rglob("*"))
    assert main(["check", "--content", str(content), "--config", str(config)]) == 0
    assert capsys.readouterr().out == "ok: 1 briefs, 0 pages, links checked\n"
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_the_real_briefing_checks_clean(capsys) -> None:
    args = ["check", "--content", str(ROOT / "content"), "--config", str(ROOT / "site.yaml")]
    assert main(args) == 0, capsys.readouterr().err


def test_scheduled_brief_stays_out_until_its_time(tmp_path: Path, capsys) -> None:
    later = '---\ntitle: "Later"\ndate: 2030-01-01T09:00:00+01:00\ntags: [Future]\n---\nSoon.\n'
    content, config = write_site(tmp_path, {"a.md": GOOD, "later.md": later})
    out = tmp_path / "out"
    base = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    assert main([*base, "--now", "2029-12-31T23:00:00+00:00"]) == 0
    assert "scheduled: content/briefs/later.md (publishes 2030-01-01T09:00:00+01:00)" in (
        capsys.readouterr().out
    )
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"Later" not in everything and b"/briefs/later/" not in everything
    assert not (out / "tags" / "future").exists()
    assert main([*base, "--now", "2030-01-01T08:00:00+00:00", "--quiet"]) == 0
    assert (out / "briefs" / "later" / "index.html").exists()
    for name in ("feed.xml", "atom.xml", "feed.json", "sitemap.xml"):
        assert b"/briefs/later/" in (out / name).read_bytes(), name


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


@pytest.fixture
def preview(tmp_path: Path):
    content, config = write_site(tmp_path, {"a.md": GOOD})
    outside = tmp_path / "secret.txt"
    outside.write_text("top secret")
    state = Preview(Options(content, tmp_path / "out", config, drafts=True), log=lambda line: None)
    assert state.rebuild()
    (tmp_path / "out" / "link.txt").symlink_to(outside)
    server = make_server(state, 0)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    serving.daemon = True
    serving.start()
    yield state, server, content
    server.shutdown()
    server.server_close()


def _non_loopback_ipv4() -> str | None:
    """An IPv4 address of this machine outside 127.0.0.0/8, if it has one; nothing is sent."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, suppress(OSError):
        probe.connect(("10.255.255.255", 9))  # a UDP connect only picks the outgoing address
        found.append(probe.getsockname()[0])
    with suppress(OSError):
        found.append(socket.gethostbyname(socket.gethostname()))
    usable = [a for a in found if not ipaddress.ip_address(a).is_loopback]
    return next((a for a in usable if not ipaddress.ip_address(a).is_unspecified), None)


def test_server_binds_loopback_only(preview) -> None:
    _, server, _ = preview
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    status, body = _get(port, "/briefs/a/")
    assert status == 200 and b'<h1 dir="auto">Good</h1>' in body
    assert b"/__briefing/events" in body  # live-reload script, only in the preview
    other = _non_loopback_ipv4()
    if other is not None:  # a machine with only a loopback interface has nothing to refuse
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((other, port), timeout=5).close()


def test_server_refuses_traversal_and_symlinks(preview) -> None:
    _, server, _ = preview
    port = server.server_address[1]
    for path in (
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/link.txt",
        "/..%2f..%2fsecret.txt",
        "//etc/passwd",
    ):
        status, body = _get(port, path)
        assert status == 404, path
        assert b"top secret" not in body


def test_server_rebuilds_after_an_edit_and_shows_errors(preview, tmp_path: Path) -> None:
    state, server, content = preview
    port = server.server_address[1]
    stop = threading.Event()
    threading.Thread(target=watch, args=(state, stop), daemon=True).start()
    try:
        time.sleep(0.3)  # let the watcher start before the edit it must see
        (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Edited"))
        built = tmp_path / "out" / "briefs" / "a" / "index.html"
        assert _wait(lambda: b'<h1 dir="auto">Edited</h1>' in built.read_bytes())
        assert b'<h1 dir="auto">Edited</h1>' in _get(port, "/briefs/a/")[1]
        (content / "briefs" / "a.md").write_text("---\ntitle: [broken\n---\n")
        assert _wait(lambda: bool(state.errors))
        status = json.loads(_get(port, "/__briefing/status")[1])
        assert status["errors"] == [
            "content/briefs/a.md:2: invalid YAML: did not find expected ',' or ']'"
        ]
        page = _get(port, "/briefs/a/")[1]
        assert (
            b'<h1 dir="auto">Edited</h1>' in page and b"Build failed" in page
        )  # last good build + errors
    finally:
        stop.set()


def _wait(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class _BindReached(Exception):
    """Raised instead of binding a socket: the command got as far as starting a server."""


def _no_bind(server: socketserver.TCPServer) -> None:
    raise _BindReached(server.server_address)


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "80x", ""])
def test_serve_command_rejects_a_bad_port_before_starting_anything(
    port: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(socketserver.TCPServer, "server_bind", _no_bind)
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", port])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "briefing serve: error: argument --port: expected a port number from 0 to 65535, "
        f"got '{port}'"
    )
    assert list(tmp_path.iterdir()) == []  # nothing built or written in the working folder


def test_serve_command_accepts_port_65535_and_binds_it_on_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socketserver.TCPServer, "server_bind", _no_bind)
    with pytest.raises(_BindReached) as reached:
        main(["serve", "--port", "65535"])
    assert reached.value.args == (("127.0.0.1", 65535),)
