"""Errors of the machine, not the content: one line naming the path and the cause, exit 3,
no traceback, and the old site exactly as it was.

Disk-full and read-only disks are real: a small tmpfs mounted for the test (root only;
skipped with a message elsewhere, but never under CI=true).
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, tree, write_site

from generator.commands.cli import main

NOW = "2025-06-01T00:00:00+00:00"
GOOD = '---\ntitle: "Good"\ndate: 2025-01-02T10:00:00+00:00\ntags: [Pay]\n---\nBody.\n'


def make_site(root: Path, briefs: int = 3, body: str = "Body.") -> tuple[Path, Path]:
    texts = {
        f"b{n}.md": GOOD.replace("Good", f"Brief {n}").replace("Body.", body)
        for n in range(1, briefs + 1)
    }
    return write_site(root, texts)


def build(content: Path, config: Path, output: Path, *extra: str) -> int:
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(output)]
    return main([*args, "--now", NOW, "--quiet", *extra])


def stderr_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs, mounted for one test."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)]).returncode
        == 0
    )
    if not mounted:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run as root with mount: the disk tests need a tmpfs")
        pytest.skip("needs root and mount for a small tmpfs (run as root, as CI does)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_one_line_and_the_old_site_stays(tmp_path: Path, tmpfs: Path, capsys):
    content, config = make_site(tmp_path, briefs=2)
    out = tmpfs / "site"
    assert build(content, config, out, "--no-cache") == 0
    before = tree(out)
    capsys.readouterr()  # the first build's warnings (its briefs have no 'id')
    make_site(tmp_path, briefs=40, body="A long paragraph of words. " * 400)
    assert build(content, config, out, "--no-cache") == 3
    lines = stderr_lines(capsys)
    assert len(lines) == 2
    assert lines[0].startswith(f"briefing: {tmpfs.resolve()}/.site.staging-")
    assert lines[0].endswith(": no space left on the device (disk full)")
    assert lines[1] == f"build stopped: {out} was left as it was"
    assert tree(out) == before
    assert sorted(os.listdir(tmpfs)) == [".site.lock", ".site.spare", "site"]  # staging removed


def _built_then_read_only(
    content: Path, config: Path, out: Path, disk: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, bytes]:
    """Build ``out``, make ``disk`` read-only and edit a brief: the site as built."""
    assert build(content, config, out, "--no-cache") == 0
    before = tree(out)
    capsys.readouterr()  # the first build's warnings (its briefs have no 'id')
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    (content / "briefs" / "b3.md").write_text(GOOD.replace("Good", "New"))
    return before


def test_a_read_only_disk_is_one_line_and_the_old_site_stays(tmp_path: Path, tmpfs: Path, capsys):
    content, config = make_site(tmp_path, briefs=2)
    out = tmpfs / "site"
    before = _built_then_read_only(content, config, out, tmpfs, capsys)
    assert build(content, config, out, "--no-cache") == 3
    assert stderr_lines(capsys) == [
        f"briefing: {tmpfs.resolve()}/.site.lock: read-only file system",
        f"build stopped: {out} was left as it was",
    ]
    assert tree(out) == before


def test_the_cache_is_written_beside_itself_whatever_the_temporary_folder(
    tmp_path: Path, tmpfs: Path, monkeypatch, capsys
) -> None:
    """The cache is written in its own folder and renamed into place, so a system temporary
    folder on another file system (where a rename cannot reach) does not lose it."""
    import tempfile

    from generator.incremental.cache import FILENAME, HEADER

    content, config = make_site(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmpfs))
    cache = tmp_path / "cache"
    assert build(content, config, tmp_path / "site", "--cache-dir", str(cache)) == 0
    assert "cache not saved" not in capsys.readouterr().err
    assert (cache / FILENAME).read_bytes().startswith(HEADER)


def test_a_cache_folder_that_fills_up_is_a_warning_and_the_site_is_built(
    tmp_path: Path, tmpfs: Path, capsys
) -> None:
    """The site is committed before the cache is saved: a disk that fills while the cache is
    written loses only the cache, said in one warning naming its folder, with no half file."""
    content, config = make_site(tmp_path, briefs=60, body="A long paragraph of words. " * 400)
    out = tmp_path / "site"
    assert build(content, config, out, "--cache-dir", str(tmpfs)) == 0
    assert stderr_lines(capsys)[-1] == (
        f"warning: {tmpfs}: no space left on the device (disk full): cache not saved; "
        "the next build starts cold"
    )
    assert (out / "briefs" / "b60" / "index.html").is_file()
    assert [p.name for p in tmpfs.iterdir() if p.is_file()] == []  # no cache, no temporary file


def test_ctrl_c_while_the_cache_is_written_leaves_no_half_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Interrupted while saving the cache (the site already committed): the usual one line,
    exit 130, and the cache folder holds no temporary file; the next build starts cold."""
    from generator.incremental import cache

    def interrupted(write, entries, outputs) -> None:
        write(b"half a cache")
        raise KeyboardInterrupt

    content, config = make_site(tmp_path)
    out, folder = tmp_path / "site", tmp_path / "cache"
    monkeypatch.setattr(cache, "write_payload", interrupted)
    assert build(content, config, out, "--cache-dir", str(folder)) == 130
    assert stderr_lines(capsys)[-1] == (
        f"briefing: interrupted; {out} holds the last complete site, old or new, never a mix"
    )
    assert [p.name for p in folder.iterdir() if p.is_file()] == []
    monkeypatch.undo()
    assert build(content, config, out, "--cache-dir", str(folder)) == 0
    assert (folder / cache.FILENAME).is_file()


def test_a_permission_error_while_swapping_leaves_the_old_site(tmp_path: Path, monkeypatch, capsys):
    import generator.write

    content, config = make_site(tmp_path)
    out = tmp_path / "site"
    assert build(content, config, out, "--no-cache") == 0
    before = tree(out)
    capsys.readouterr()  # the first build's warnings (its briefs have no 'id')
    (content / "briefs" / "b3.md").write_text(GOOD.replace("Good", "Changed"))

    def refuse(tree: Path, root: Path) -> None:
        raise PermissionError(13, "Permission denied", str(root))

    monkeypatch.setattr(generator.write, "_swap", refuse)
    assert build(content, config, out, "--no-cache") == 3
    assert stderr_lines(capsys) == [
        f"briefing: {out.resolve()}: permission denied",
        f"build stopped: {out} was left as it was",
    ]
    assert tree(out) == before
    assert sorted(os.listdir(tmp_path)) == [".site.lock", "content", "site", "site.yaml"]


def test_an_output_name_too_long_for_the_file_system(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path)
    out = tmp_path / ("s" * 250)
    assert build(content, config, out, "--no-cache") == 3
    lines = stderr_lines(capsys)
    assert lines[0] == (
        f"briefing: {tmp_path}/.{'s' * 250}.lock: file name too long for the file system"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    "where, name",
    [
        ("content", "content folder"),
        ("content/briefs", "content folder"),
        ("templates", "templates folder"),
        ("templates/assets/site", "assets folder"),
    ],
)
def test_an_output_inside_an_input_folder_is_refused(tmp_path: Path, capsys, where, name) -> None:
    content, config = make_site(tmp_path)
    templates = tmp_path / "templates"
    (templates / "assets").mkdir(parents=True)
    for item in (ROOT / "templates").glob("*.*"):
        (templates / item.name).write_bytes(item.read_bytes())
    config.write_text('title: "Env"\nbase_url: "https://example.org/"\n')
    before = tree(tmp_path)
    out = tmp_path / where / "site" if where != "templates/assets/site" else tmp_path / where
    assert build(content, config, out, "--no-cache") == 3
    place = {"content folder": content, "templates folder": templates}.get(
        name, templates / "assets"
    )
    assert stderr_lines(capsys)[0] == (
        f"briefing: {out}: is inside the {name} {place}; build elsewhere"
    )
    assert tree(tmp_path) == before


def test_an_output_holding_the_content_is_refused(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path / "project")
    out = tmp_path
    assert build(content, config, out, "--no-cache") == 3
    assert stderr_lines(capsys)[0] == (
        f"briefing: {out}: is not empty and was not made by briefing; "
        "empty it or choose another --output"
    )


def test_an_output_that_is_a_file(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path)
    out = tmp_path / "site"
    out.write_text("not a folder")
    assert build(content, config, out, "--no-cache") == 3
    assert stderr_lines(capsys)[0] == (
        f"briefing: {out}: is a file, not a folder; choose another --output"
    )
    assert out.read_text() == "not a folder"


def test_an_output_that_is_a_link_is_built_where_it_leads_or_refused_if_it_leads_nowhere(
    tmp_path: Path, capsys
) -> None:
    content, config = make_site(tmp_path)
    out, there = tmp_path / "site", tmp_path / "there"
    out.symlink_to(there)
    assert build(content, config, out, "--no-cache") == 3
    assert stderr_lines(capsys)[0] == (
        f"briefing: {out}: a symbolic link to nothing; remove it or fix it"
    )
    assert out.is_symlink() and not there.exists()
    there.mkdir()
    assert build(content, config, out, "--no-cache") == 0
    assert out.is_symlink() and (there / "index.html").is_file()


def test_a_cache_folder_that_is_a_file(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path)
    cache = tmp_path / "cache"
    cache.write_text("oops")
    assert build(content, config, tmp_path / "site", "--cache-dir", str(cache)) == 3
    assert stderr_lines(capsys) == [
        f"briefing: {cache}: is a file, not a folder; give --cache-dir a folder",
        f"build stopped: {tmp_path / 'site'} was left as it was",
    ]
    assert not (tmp_path / "site").exists()


def test_a_cache_folder_that_cannot_be_written(tmp_path: Path, tmpfs: Path, capsys) -> None:
    """Refused before anything is built (a read-only disk: root writes through permissions),
    not found out when the cache is saved after the site."""
    content, config = make_site(tmp_path)
    out = tmp_path / "site"
    before = _built_then_read_only(content, config, out, tmpfs, capsys)
    assert build(content, config, out, "--cache-dir", str(tmpfs)) == 3
    assert stderr_lines(capsys) == [
        f"briefing: {tmpfs}: permission denied: the cache folder is not writable",
        f"build stopped: {out} was left as it was",
    ]
    assert tree(out) == before


def test_a_cache_folder_inside_the_output(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path)
    out = tmp_path / "site"
    assert build(content, config, out, "--cache-dir", str(out / "cache")) == 3
    assert stderr_lines(capsys)[0] == (
        f"briefing: {out / 'cache'}: is inside the output folder {out}; keep it apart"
    )


def test_serve_on_a_busy_port(tmp_path: Path, capsys) -> None:
    content, config = make_site(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status = main(["serve", "--content", str(content), "--config", str(config),
                       "--port", str(port)])  # fmt: skip
    assert status == 3
    assert stderr_lines(capsys) == [
        f"briefing: 127.0.0.1:{port}: port in use by another program; "
        "choose another with --port (0 picks one)",
        "serve stopped: nothing written",
    ]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
@pytest.mark.parametrize("missing", ["content", "templates"])
def test_a_missing_content_or_templates_folder_is_one_line_and_the_site_stays(
    tmp_path: Path, capsys, missing, cache
) -> None:
    """With the cache on, the up-to-date check reads the folders first: it too must let the
    build say which one is missing, not fail on it."""
    content, config = make_site(tmp_path)
    out = tmp_path / "site"
    assert build(content, config, out) == 0
    before = tree(out)
    if missing == "content":
        content = tmp_path / "elsewhere"
        expected = "elsewhere:1: content folder not found"  # shown from the project's folder
    else:
        config.write_text(config.read_text().replace(str(ROOT / "templates"), "nowhere"))
        expected = f"site.yaml:1: templates folder not found: {tmp_path / 'nowhere'}"
    capsys.readouterr()
    assert build(content, config, out, *([] if cache else ["--no-cache"])) == 1
    assert stderr_lines(capsys)[0] == expected
    assert tree(out) == before
