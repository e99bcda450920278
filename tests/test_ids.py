"""Permanent ids: a brief without `id` is named on every build, `require_ids: true` makes it
an error, and `briefing ids` writes the id the brief has today, changing no other byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, write_site

from generator.commands.cli import main
from generator.config import parse_config

WARNING = (
    "warning: no permanent 'id'; its feed id changes if the file is renamed or re-dated "
    "(run 'briefing ids')"
)
NO_ID = '---\ntitle: "No id"\ndate: 2024-01-01\ntags: [Pay]\n---\nBody.\n'
WITH_ID = '---\ntitle: "With id"\ndate: 2024-01-02\nid: "tag:t,2024:kept"\n---\nBody.\n'


def build(content: Path, config: Path, out: Path, *extra: str) -> int:
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    return main([*args, "--quiet", *extra])


def ids(content: Path, config: Path) -> int:
    return main(["ids", "--content", str(content), "--config", str(config)])


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_a_brief_without_id_is_named_on_every_build(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"a.md": NO_ID, "b.md": WITH_ID})
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    expected = [f"content/briefs/a.md:1: {WARNING}"]
    assert build(content, config, out, "--cache-dir", cache) == 0
    assert errors(capsys) == expected
    (content / "briefs" / "b.md").write_text(WITH_ID.replace("Body.", "Changed."))
    assert build(content, config, out, "--cache-dir", cache) == 0  # a.md from the parse cache
    assert errors(capsys) == expected
    assert build(content, config, out, "--cache-dir", cache) == 0  # nothing to do at all
    assert errors(capsys) == expected
    assert build(content, config, out, "--no-cache") == 0
    assert errors(capsys) == expected


def test_drafts_are_named_only_when_built(tmp_path: Path, capsys) -> None:
    draft = NO_ID.replace("tags:", "draft: true\ntags:")
    content, config = write_site(tmp_path, {"a.md": draft, "b.md": WITH_ID})
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    assert errors(capsys) == []
    assert build(content, config, tmp_path / "out", "--no-cache", "--drafts") == 0
    assert errors(capsys) == [f"content/briefs/a.md:1: {WARNING}"]


def test_check_names_briefs_without_id_and_succeeds(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"a.md": NO_ID, "b.md": WITH_ID})
    assert main(["check", "--content", str(content), "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"content/briefs/a.md:1: {WARNING}"]
    assert captured.out == "ok: 2 briefs, 0 pages, links checked\n"


def test_require_ids_makes_a_missing_id_an_error(tmp_path: Path, capsys) -> None:
    briefs = {"a.md": NO_ID, "b.md": WITH_ID}
    content, config = write_site(tmp_path, briefs, "require_ids: true\n")
    message = WARNING.removeprefix("warning: ")
    assert build(content, config, tmp_path / "out", "--no-cache") == 1
    assert errors(capsys) == [
        f"content/briefs/a.md:1: {message}",
        "build failed: 1 problem found, nothing was written",
    ]
    assert not (tmp_path / "out").exists()
    assert main(["check", "--content", str(content), "--config", str(config)]) == 1
    assert errors(capsys)[0] == f"content/briefs/a.md:1: {message}"


def test_require_ids_is_true_or_false_and_off_by_default() -> None:
    base = 'title: "T"\nbase_url: "https://example.org/"\n'
    assert parse_config("site.yaml", base.encode()).require_ids is False
    assert parse_config("site.yaml", (base + "require_ids: true\n").encode()).require_ids is True
    with pytest.raises(Exception) as failed:
        parse_config("site.yaml", (base + "require_ids: yes\n").encode())
    assert [str(e) for e in failed.value.errors] == [  # type: ignore[attr-defined]
        "site.yaml:3: require_ids: expected true or false, found 'yes'"
    ]


def inserted(before: bytes, after: bytes) -> bytes:
    """The one line ``after`` has more than ``before`` (asserting nothing else differs)."""
    lines_before = before.splitlines(keepends=True)
    lines_after = after.splitlines(keepends=True)
    assert len(lines_after) == len(lines_before) + 1
    for at, line in enumerate(lines_after):
        if lines_before[at : at + 1] != [line]:
            assert lines_after[:at] + lines_after[at + 1 :] == lines_before
            return line
    raise AssertionError("no line inserted")


def test_ids_writes_the_derived_id_after_the_date_line(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"2024-01-01-a.md": NO_ID, "b.md": WITH_ID})
    out = tmp_path / "out"
    assert build(content, config, out, "--no-cache") == 0
    feeds = {name: (out / name).read_bytes() for name in ("atom.xml", "feed.xml", "feed.json")}
    path, kept = content / "briefs" / "2024-01-01-a.md", content / "briefs" / "b.md"
    before, kept_before = path.read_bytes(), kept.read_bytes()
    capsys.readouterr()
    assert ids(content, config) == 0
    captured = capsys.readouterr()
    assert captured.out == "content/briefs/2024-01-01-a.md: id: tag:briefing,2024:a\n"
    assert captured.err == ""
    after = path.read_bytes()
    assert inserted(before, after) == b'id: "tag:briefing,2024:a"\n'
    assert after.splitlines()[3] == b'id: "tag:briefing,2024:a"'  # right after `date:`
    assert kept.read_bytes() == kept_before
    assert build(content, config, out, "--no-cache") == 0
    assert errors(capsys) == []  # no warning left
    assert {name: (out / name).read_bytes() for name in feeds} == feeds  # same feed ids
    assert ids(content, config) == 0
    assert capsys.readouterr().out == "every brief already has an id\n"
    assert path.read_bytes() == after


def test_ids_keeps_crlf_line_endings_and_a_bom(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {})
    crlf = NO_ID.replace("\n", "\r\n").encode()
    bom = b"\xef\xbb\xbf" + NO_ID.replace("No id", "Bom").encode()
    (content / "briefs" / "crlf.md").write_bytes(crlf)
    (content / "briefs" / "bom.md").write_bytes(bom)
    assert ids(content, config) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/briefs/bom.md: id: tag:briefing,2024:bom",
        "content/briefs/crlf.md: id: tag:briefing,2024:crlf",
    ]
    new_crlf = (content / "briefs" / "crlf.md").read_bytes()
    assert inserted(crlf, new_crlf) == b'id: "tag:briefing,2024:crlf"\r\n'
    assert b"\n" not in new_crlf.replace(b"\r\n", b"")
    new_bom = (content / "briefs" / "bom.md").read_bytes()
    assert new_bom.startswith(b"\xef\xbb\xbf---\n")
    assert inserted(bom, new_bom) == b'id: "tag:briefing,2024:bom"\n'


def test_ids_puts_the_line_after_the_fence_when_the_date_spans_lines(
    tmp_path: Path, capsys
) -> None:
    text = '---\ntitle: "Folded"\ndate:\n  2024-03-04\n---\nBody.\n'
    content, config = write_site(tmp_path, {"folded.md": text}, "id_authority: desk.example\n")
    assert ids(content, config) == 0
    after = (content / "briefs" / "folded.md").read_bytes()
    assert after == b'---\nid: "tag:desk.example,2024:folded"\n' + text.encode()[4:]


def test_ids_reports_briefs_with_errors_and_leaves_them(tmp_path: Path, capsys) -> None:
    broken = '---\ntitle: "Broken"\ndate: 2024-13-01\n---\nBody.\n'
    content, config = write_site(tmp_path, {"broken.md": broken, "fine.md": NO_ID})
    assert ids(content, config) == 1
    captured = capsys.readouterr()
    assert captured.out == "content/briefs/fine.md: id: tag:briefing,2024:fine\n"
    assert captured.err.splitlines() == [
        "content/briefs/broken.md:3: date: expected a date like 2023-07-26 or a date and time "
        "like 2023-07-26T10:00:00+02:00, found '2024-13-01'",
        "ids: 1 problem found; those briefs were left as they were",
    ]
    assert (content / "briefs" / "broken.md").read_text() == broken


def test_ids_works_when_the_site_requires_ids(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"a.md": NO_ID}, "require_ids: true\n")
    assert build(content, config, tmp_path / "out", "--no-cache") == 1
    assert ids(content, config) == 0
    capsys.readouterr()
    assert build(content, config, tmp_path / "out", "--no-cache") == 0
    assert errors(capsys) == []


def test_the_real_briefing_requires_ids_and_every_brief_has_one() -> None:
    config = parse_config("site.yaml", (ROOT / "site.yaml").read_bytes())
    assert config.require_ids is True
    briefs = sorted((ROOT / "content" / "briefs").glob("*.md"))
    assert briefs and all("\nid: " in path.read_text() for path in briefs)


def test_the_preview_logs_briefs_without_id_on_each_rebuild(tmp_path: Path) -> None:
    from generator.commands.serve import Preview
    from generator.options import Options

    content, config = write_site(tmp_path, {"a.md": NO_ID, "b.md": WITH_ID})
    logged: list[str] = []
    state = Preview(Options(content, tmp_path / "out", config), log=logged.append)
    assert state.rebuild()
    assert state.rebuild()
    warnings = [line for line in logged if "warning" in line]
    assert warnings == [f"content/briefs/a.md:1: {WARNING}"] * 2


def test_ids_leaves_front_matter_it_cannot_extend_safely(tmp_path: Path, capsys) -> None:
    flow = '---\n{title: "Flow", date: 2024-01-01}\n---\nBody.\n'
    content, config = write_site(tmp_path, {"flow.md": flow})
    assert ids(content, config) == 1
    assert errors(capsys) == [
        "content/briefs/flow.md:1: could not insert an 'id' line safely; add it by hand",
        "ids: 1 problem found; those briefs were left as they were",
    ]
    assert (content / "briefs" / "flow.md").read_text() == flow
