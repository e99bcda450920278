"""The editor's workflow: new, check, scheduling, and the preview server over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import GOOD, ROOT, write_site

from generator.build import Options
from generator.commands.cli import main
from generator.commands.scaffold import new_brief
from generator.commands.serve import Preview, make_server, watch
from generator.config import SiteConfig
from generator.parse import parse_brief

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
    assert article.title == " ".join(title.split())
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
        "[ref]: https://example.org/briefs/gone/\n"
    )
    content, config = write_site(tmp_path, {"a.md": body, "b.md": GOOD})
    assert main(["check", "--content", str(content), "--config", str(config)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/briefs/a.md:8: link to ../../tags/nothing/ matches no page of this site",
        "content/briefs/a.md:8: link to /briefs/missing/ matches no page of this site",
        "content/briefs/a.md:12: link to https://example.org/briefs/gone/ "
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state, server.server_address[1], content
    server.shutdown()
    server.server_close()


def test_server_binds_loopback_only(preview) -> None:
    state, port, _ = preview
    status, body = _get(port, "/briefs/a/")
    assert status == 200 and b"<h1>Good</h1>" in body
    assert b"/__briefing/status" in body  # live-reload script, only in the preview


def test_server_refuses_traversal_and_symlinks(preview) -> None:
    _, port, _ = preview
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


def test_server_rebuilds_after_an_edit_and_shows_errors(preview) -> None:
    state, port, content = preview
    stop = threading.Event()
    threading.Thread(target=watch, args=(state, stop), daemon=True).start()
    try:
        time.sleep(0.3)  # let the watcher start before the edit it must see
        version = state.version
        (content / "briefs" / "a.md").write_text(GOOD.replace("Good", "Edited"))
        assert _wait(lambda: state.version > version)
        assert b"<h1>Edited</h1>" in _get(port, "/briefs/a/")[1]
        version = state.version
        (content / "briefs" / "a.md").write_text("---\ntitle: [broken\n---\n")
        assert _wait(lambda: state.version > version)
        status = json.loads(_get(port, "/__briefing/status")[1])
        assert status["errors"] == [
            "content/briefs/a.md:2: invalid YAML: did not find expected ',' or ']'"
        ]
        page = _get(port, "/briefs/a/")[1]
        assert b"<h1>Edited</h1>" in page and b"Build failed" in page  # last good build + errors
    finally:
        stop.set()


def _wait(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_serve_command_rejects_a_bad_port() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", "99999"])
    assert exit_info.value.code == 2
    assert os.environ.get("BRIEFING_NEVER_SET") is None
