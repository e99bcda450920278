"""Promises of the README that a small bug planted in the code once slipped past the suite:
an update dated exactly now, the order of briefs of one date, the writer's path guard, the
trust given to the spare tree, and the escaping of a rewritten link. Each test here fails
when one comparison, condition or escape in that code is changed."""

from __future__ import annotations

import errno
import json
import os
import threading
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURE_NOW, child_env, tree, write_site

from generator import urls, write
from generator.commands.cli import main
from generator.config import parse_config
from generator.parse import parse_brief, parse_page
from generator.render import feeds, output
from generator.site import assemble

CONFIG = parse_config("site.yaml", b"title: T\nbase_url: https://example.org/\n")
NOW = datetime.fromisoformat("2024-06-01T12:00:00+00:00")


def _brief(text: str, path: str = "content/briefs/a.md"):
    brief, errors = parse_brief(path, text.encode("utf-8"), CONFIG)
    assert brief is not None, errors
    return brief


def _update(when: str, note: str) -> str:
    return f"  - date: {when}\n    kind: correction\n    note: {note}\n"


# An update dated exactly at the build's clock is due: shown, and the brief's updated date.


def test_an_update_dated_exactly_now_is_shown():
    brief = _brief(
        "---\ntitle: A\ndate: 2024-01-01\nupdates:\n"
        + _update("2024-06-01T12:00:00+00:00", "Due now.")
        + "---\nBody.\n"
    )
    site = assemble([brief], [], NOW)
    (shown,) = site.briefs
    assert [u.date for u in shown.updates] == [NOW]
    assert shown.updated == NOW
    assert site.next_due is None  # nothing is left to come due
    earlier = assemble([brief], [], NOW.replace(second=0, minute=59, hour=11))
    assert earlier.briefs[0].updates == () and earlier.briefs[0].updated == brief.date


def test_an_update_due_now_is_shown_while_a_later_one_waits():
    brief = _brief(
        "---\ntitle: A\ndate: 2024-01-01\nupdates:\n"
        + _update("2024-06-02T12:00:00+00:00", "Tomorrow.")
        + _update("2024-06-01T12:00:00+00:00", "Due now.")
        + "---\nBody.\n"
    )
    site = assemble([brief], [], NOW)
    (shown,) = site.briefs
    assert [u.date for u in shown.updates] == [NOW]  # the one due now, not the later one
    assert shown.updated == NOW
    # the next build that changes the site is the later update's, not one at once
    assert site.next_due == datetime.fromisoformat("2024-06-02T12:00:00+00:00")


def test_a_brief_dated_exactly_now_is_published_and_one_a_second_later_is_held_back():
    now = _brief("---\ntitle: Now\ndate: 2024-06-01T12:00:00+00:00\n---\nB.\n", "b/now.md")
    later = _brief("---\ntitle: Later\ndate: 2024-06-01T12:00:01+00:00\n---\nB.\n", "b/later.md")
    site = assemble([now, later], [], NOW)
    assert [b.slug for b in site.briefs] == ["now"]
    assert [b.slug for b in site.held_back] == ["later"]


# Briefs of one date: one order, whatever order the files were read in.


def test_briefs_sharing_a_date_have_one_order_whatever_the_reading_order():
    same = "date: 2024-05-01T09:00:00+00:00"
    briefs = [
        _brief(f"---\ntitle: {name}\n{same}\n---\nB.\n", f"content/briefs/{name}.md")
        for name in ("alpha", "beta", "gamma")
    ]
    newer = _brief("---\ntitle: Newer\ndate: 2024-05-02\n---\nB.\n", "content/briefs/newer.md")
    orders = {
        tuple(b.slug for b in assemble(list(order), [], NOW).briefs)
        for order in (
            briefs + [newer],
            [newer, *reversed(briefs)],
            [briefs[1], newer, *briefs[::2]],
        )
    }
    # newest first; one date's briefs by slug, from z to a (the sort key is reversed whole)
    assert orders == {("newer", "gamma", "beta", "alpha")}


def test_briefs_of_one_date_keep_their_order_in_the_built_home_page(tmp_path):
    same = "date: 2024-05-01T09:00:00+00:00"
    texts = {f"{n}.md": f"---\ntitle: Brief {n}\n{same}\n---\nB.\n" for n in ("a", "b", "c")}
    content, config = write_site(tmp_path, texts)
    args = ["build", "--content", str(content), "--config", str(config), "--quiet"]
    assert main([*args, "--output", str(tmp_path / "out"), "--now", FIXTURE_NOW]) == 0
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    places = [home.index(f"Brief {n}") for n in ("c", "b", "a")]
    assert places == sorted(places)


def _page(text: str, path: str):
    page, errors = parse_page(path, text.encode("utf-8"), CONFIG)
    assert page is not None, errors
    return page


def test_the_menu_lists_pages_by_menu_number_then_title_and_others_after():
    """docs/contract.md, `menu`: lowest number first, then by title (whatever the reading
    order); a page with no number is in no menu and comes after those that have one."""
    pages = [
        _page(f"---\ntitle: {title}\n{menu}---\nText.\n", f"content/pages/{slug}.md")
        for title, menu, slug in (
            ("Alpha", "menu: 2\n", "alpha"),
            ("Zeta", "menu: 1\n", "zeta"),
            ("Beta", "menu: 2\n", "beta"),
            ("Aardvark", "", "aardvark"),
        )
    ]
    for order in (pages, pages[::-1]):
        site = assemble([], order, NOW)
        assert [p.title for p in site.menu] == ["Zeta", "Alpha", "Beta"]
        assert [p.title for p in site.pages] == ["Zeta", "Alpha", "Beta", "Aardvark"]


# The writer's guard: a relative output path stays inside the output folder.


@pytest.mark.parametrize(
    "path",
    ["", "/abs", "a\\b", "a\x00b", "a//b", "a/", "./a", "a/./b", "..", "../a", "a/..", "a/../../b"],
)
def test_the_writer_refuses_every_path_that_could_leave_the_output(path):
    with pytest.raises(write.UnsafeOutput) as refused:
        write.safe_relative(path)
    # an error of the machine names its path and its cause
    assert str(refused.value) == f"{path!r}: refusing to write outside the output folder"


@pytest.mark.parametrize(
    "path", ["index.html", "briefs/a/index.html", ".well-known/x.json", "a..b"]
)
def test_the_writer_accepts_plain_relative_paths(path):
    assert str(write.safe_relative(path)) == path


def test_staging_a_file_outside_the_output_is_refused_and_writes_nothing(tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(write.UnsafeOutput):
        write.stage(staging, "../escaped.html", b"x")
    assert not (tmp_path / "escaped.html").exists()


# The spare tree is trusted only while its note names the manifest the output holds.


def _two_builds(
    tmp_path: Path, briefs: int = 2, cache: bool = False
) -> tuple[Path, Path, list[str]]:
    """Briefs b1 to b``briefs`` (in ``tmp_path / "content"``) built, then b1 edited and built
    again: gives the output, the spare and the build's arguments."""
    texts = {
        f"b{n}.md": f"---\ntitle: B{n}\ndate: 2024-01-0{n}\n---\nVersion one.\n"
        for n in range(1, briefs + 1)
    }
    content, config = write_site(tmp_path, texts)
    out = tmp_path / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    args += ["--now", FIXTURE_NOW, "--quiet", "--jobs", "1"]
    args += [] if cache else ["--no-cache"]  # with the cache, some files are linked from it
    assert main(args) == 0
    (content / "briefs" / "b1.md").write_text(texts["b1.md"].replace("one", "two"))
    assert main(args) == 0  # the spare now holds the first site, vouched for by its note
    return out, tmp_path / ".site.spare", args


def _clean_build(tmp_path: Path, args: list[str]) -> Path:
    clean = tmp_path / "clean"
    assert main([*args, "--no-cache", "--output", str(clean)]) == 0
    return clean


def test_a_spare_whose_note_names_the_live_manifest_is_trusted_and_its_note_taken(tmp_path):
    out, spare, _ = _two_builds(tmp_path)
    _, held, _ = write._spare(out.resolve())
    assert held  # trusted: what it holds is known
    assert not (spare / write.SPARE_NOTE).exists()  # a spare being changed is never trusted


@pytest.mark.parametrize("made", [False, True])
def test_the_spare_a_first_build_leaves_is_trusted_by_the_next(tmp_path, made):
    content, config = write_site(
        tmp_path, {"b1.md": "---\ntitle: B1\ndate: 2024-01-01\n---\nB1.\n"}
    )
    out = tmp_path / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    if made:
        out.mkdir()  # empty: the swap makes it the spare, which is then emptied and filled
    assert main([*args, "--now", FIXTURE_NOW, "--quiet", "--no-cache"]) == 0
    _, held, foreign = write._spare(out.resolve())  # a copy of the new site, vouched for
    assert held == write.read_manifest(out.resolve()) and foreign == []


@pytest.mark.parametrize("damage", ["stale note", "no note", "broken note", "no manifest"])
def test_a_spare_not_vouched_for_is_emptied(tmp_path, damage):
    out, spare, _ = _two_builds(tmp_path)
    note = spare / write.SPARE_NOTE
    if damage == "stale note":
        note.write_text(json.dumps({"live": "0" * 64, "foreign": []}))
    elif damage == "no note":
        note.unlink()
    elif damage == "broken note":
        note.write_text("{")
    else:
        (spare / urls.MANIFEST).unlink()
    path, held, foreign = write._spare(out.resolve())
    assert (held, foreign) == ({}, [])
    assert list(path.iterdir()) == []


def test_a_stale_spare_with_same_size_damage_never_reaches_the_site(tmp_path):
    out, spare, args = _two_builds(tmp_path)
    page = spare / "briefs" / "b2" / "index.html"
    data = page.read_bytes()
    page.unlink()  # a hard link to the live site's copy: replace it, never write through
    page.write_bytes(data.replace(b"Version one", b"Version 0ne"))  # same size
    (spare / write.SPARE_NOTE).write_text(json.dumps({"live": "0" * 64, "foreign": []}))
    content = tmp_path / "content"
    (content / "briefs" / "b1.md").write_text(
        (content / "briefs" / "b1.md").read_text().replace("two", "one")
    )
    assert main(args) == 0
    assert tree(out) == tree(_clean_build(tmp_path, args))


def test_a_spare_laid_out_otherwise_is_made_afresh_and_the_site_is_whole(tmp_path):
    out, spare, args = _two_builds(tmp_path, briefs=3, cache=True)
    before = tree(out)
    page = spare / "briefs" / "b2" / "index.html"
    page.unlink()
    (page / "yours").mkdir(parents=True)  # a folder where the new site has a file
    brief = tmp_path / "content" / "briefs" / "b2.md"
    brief.write_text(brief.read_text().replace("one", "two"))
    assert main(args) == 0
    assert tree(out) == tree(_clean_build(tmp_path, args))
    held = tree(spare)
    assert held.pop(write.SPARE_NOTE) and held == before  # the site before, trusted next time


def test_the_summary_counts_the_files_written_and_removed(tmp_path, capsys):
    out, _, args = _two_builds(tmp_path)
    before = tree(out)
    content = tmp_path / "content"
    (content / "briefs" / "b2.md").unlink()
    (content / "briefs" / "b1.md").write_text(  # the same size: only the bytes tell
        (content / "briefs" / "b1.md").read_text().replace("two", "2wo")
    )
    capsys.readouterr()
    assert main([a for a in args if a != "--quiet"]) == 0
    after = tree(out)
    written = {p for p in after if before.get(p) != after[p]} - {urls.MANIFEST}
    removed = set(before) - set(after)
    assert written and removed
    (line,) = capsys.readouterr().out.splitlines()
    assert f" files, {len(written)} written, {len(removed)} removed in " in line


def _folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def test_an_edit_of_the_same_size_reaches_the_site_whatever_the_spare_holds(tmp_path):
    out, _, args = _two_builds(tmp_path)  # the spare holds "Version one", the site "two"
    content = tmp_path / "content"
    brief = content / "briefs" / "b1.md"
    brief.write_text(brief.read_text().replace("two", "2wo"))  # same size as both
    assert main(args) == 0
    assert tree(out) == tree(_clean_build(tmp_path, args))


def test_a_full_render_keeps_the_unchanged_files_themselves(tmp_path):
    out, _, args = _two_builds(tmp_path)  # --no-cache: every file rendered and staged again
    content = tmp_path / "content"
    (content / "briefs" / "b3.md").write_text("---\ntitle: B3\ndate: 2024-01-03\n---\nB3.\n")
    assert main(args) == 0
    page = out / "briefs" / "b3" / "index.html"  # in the site, not in the spare
    before = page.stat()
    (content / "briefs" / "b1.md").write_text("---\ntitle: B1\ndate: 2024-01-01\n---\nNew.\n")
    assert main(args) == 0
    after = page.stat()  # hard-linked from the output: the same file, its time kept
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_removed_brief_leaves_no_empty_folder(tmp_path):
    out, _, args = _two_builds(tmp_path)
    content = tmp_path / "content"
    (content / "briefs" / "b2.md").unlink()
    assert main(args) == 0
    assert "briefs/b2" not in _folders(out)
    assert _folders(out) == _folders(_clean_build(tmp_path, args))


def test_your_files_stay_when_a_page_of_the_site_takes_the_place_of_another(tmp_path):
    out, _, args = _two_builds(tmp_path)
    (out / "briefs" / "extra").mkdir()
    (out / "briefs" / "extra" / "index.html").write_text("my own page")
    (out / "zz-mine.txt").write_text("mine")  # listed after briefs/extra
    content = tmp_path / "content"
    (content / "briefs" / "extra.md").write_text("---\ntitle: E\ndate: 2024-01-03\n---\nE.\n")
    for _ in range(2):  # and again, from the spare
        assert main(args) == 0
        assert (out / "zz-mine.txt").read_text() == "mine"
        assert "my own page" not in (out / "briefs" / "extra" / "index.html").read_text()


def test_the_site_is_readable_by_all_and_writable_by_you_alone_whatever_the_umask(tmp_path):
    old = os.umask(0o077)  # files and folders made afresh are yours alone
    try:
        out, _, args = _two_builds(tmp_path)
    finally:
        os.umask(old)
    assert os.stat(out).st_mode & 0o777 == 0o755  # a web server can list it, no one else write
    files = json.loads((out / urls.MANIFEST).read_text())["files"]
    assert {os.stat(out / path).st_mode & 0o777 for path in files} == {0o644}


def _disk_full_when_writing(monkeypatch: pytest.MonkeyPatch, method: str, name: str) -> None:
    """``Path.<method>`` fails as a full disk does for a file called ``name``; as write(2)'s
    error, it names no file."""
    real = getattr(Path, method)

    def full(self: Path, *rest: object, **options: object) -> object:
        if self.name == name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, *rest, **options)

    monkeypatch.setattr(Path, method, full)


def test_a_disk_that_fills_as_the_spare_is_noted_leaves_the_new_site_and_no_spare(
    tmp_path, monkeypatch
):

    out, spare, args = _two_builds(tmp_path)
    content = tmp_path / "content"
    (content / "briefs" / "b2.md").write_text("---\ntitle: B2\ndate: 2024-01-02\n---\nNew.\n")
    _disk_full_when_writing(monkeypatch, "write_text", write.SPARE_NOTE)
    assert main(args) == 0  # the site is committed: only the next build's head start is lost
    monkeypatch.undo()
    assert tree(out) == tree(_clean_build(tmp_path, args))
    assert not os.path.lexists(spare)  # a spare with no note would be emptied anyway
    (content / "briefs" / "b1.md").write_text("---\ntitle: B1\ndate: 2024-01-01\n---\nNew.\n")
    assert main(args) == 0
    assert tree(out) == tree(_clean_build(tmp_path, args))


def test_a_disk_that_fills_as_the_manifest_is_written_is_one_line_and_the_old_site_stays(
    tmp_path, monkeypatch, capsys
):

    out, _, args = _two_builds(tmp_path)
    before = tree(out)
    content = tmp_path / "content"
    (content / "briefs" / "b2.md").write_text("---\ntitle: B2\ndate: 2024-01-02\n---\nNew.\n")
    _disk_full_when_writing(monkeypatch, "write_bytes", urls.MANIFEST)
    capsys.readouterr()
    assert main(args) == 3
    assert capsys.readouterr().err.splitlines() == [
        f"briefing: {tmp_path.resolve()}/.site.spare: no space left on the device (disk full)",
        f"build stopped: {out} was left as it was",
    ]
    assert tree(out) == before


def test_a_disk_that_cannot_hard_link_gets_copies_and_the_same_site(tmp_path, monkeypatch):

    out, spare, args = _two_builds(tmp_path)
    (spare / write.SPARE_NOTE).unlink()  # the spare is made afresh: every file linked or copied
    page = out / "briefs" / "b2" / "index.html"
    before = page.stat().st_mtime_ns

    def refused(*args: object, **options: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))  # as on a FAT disk

    content = tmp_path / "content"
    (content / "briefs" / "b1.md").write_text("---\ntitle: B1\ndate: 2024-01-01\n---\nNew.\n")
    monkeypatch.setattr(os, "link", refused)
    assert main(args) == 0
    monkeypatch.undo()
    assert tree(out) == tree(_clean_build(tmp_path, args))
    assert page.stat().st_mtime_ns == before  # an unchanged file keeps its time, copied too


# SIGTERM at each step of the commit, in the test's own process (the crash tests of
# test_commit.py do the same to a child, and are slow): old site or new, never a mix.


@pytest.mark.parametrize(
    "step, is_new, threaded",
    [("staged", False, False), ("tree-half", False, False), ("tree-built", False, False),
     ("set-aside", True, False),  # inside the swap: the signal waits until it is done
     ("swapped", True, False),
     # With a second thread alive, the system may hand the signal to it; Python still runs
     # the handler on the main thread, and it must still wait for the swap.
     ("set-aside", True, True), ("swapped", True, True)],
)  # fmt: skip
def test_sigterm_at_each_step_of_the_commit_leaves_the_old_site_or_the_new(
    tmp_path, monkeypatch, capsys, step, is_new, threaded
):
    done = threading.Event()
    if threaded:
        threading.Thread(target=done.wait, daemon=True).start()
    try:
        _sigterm_during_commit(tmp_path, monkeypatch, capsys, step, is_new)
    finally:
        done.set()


def _sigterm_during_commit(tmp_path, monkeypatch, capsys, step, is_new):
    out, spare, args = _two_builds(tmp_path)
    old = tree(out)
    content = tmp_path / "content"
    (content / "briefs" / "b2.md").write_text("---\ntitle: B2\ndate: 2024-01-02\n---\nNew.\n")
    new = tree(_clean_build(tmp_path, args))
    monkeypatch.setenv("BRIEFING_TEST_NO_EXCHANGE", "1")  # the swap by two renames
    monkeypatch.setenv("BRIEFING_TEST_KILL_AT", f"{step}:TERM")
    capsys.readouterr()
    assert main(args) == 143
    assert capsys.readouterr().err.splitlines() == [
        f"briefing: terminated; {out} holds the last complete site, old or new, never a mix"
    ]
    assert tree(out) == (new if is_new else old)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == [
        ".site.lock",
        *([".site.spare"] if step in ("staged", "set-aside", "swapped") else []),
    ]
    monkeypatch.delenv("BRIEFING_TEST_KILL_AT")
    assert main(args) == 0  # the next build finishes the job
    assert tree(out) == new


# A rewritten link is escaped again: a quote in it never closes the attribute.


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _anchors(html_text: str) -> list[list[tuple[str, str | None]]]:
    parser = _Attributes()
    parser.feed(html_text)
    return [attrs for tag, attrs in parser.found if tag == "a"]


HOSTILE = "---\ntitle: A\ndate: 2024-01-01\n---\n<a href='/x\"onmouseover=\"alert(1)&amp;y'>x</a>\n"


def test_a_link_with_a_quote_stays_one_attribute_on_the_page():
    brief = _brief(HOSTILE)
    page = output.relink(brief.body_html, brief.links, "/briefs/a/")
    (attrs,) = _anchors(page)
    assert attrs == [("href", '../../x"onmouseover="alert(1)&y')]
    assert "&quot;" in page and "&amp;y" in page


def test_a_link_with_a_quote_stays_one_attribute_in_the_feeds():
    brief = _brief(HOSTILE)
    body = feeds.absolutise(brief, "https://example.org/briefs/a/", "https://example.org/")
    (attrs,) = _anchors(body)
    assert attrs == [("href", 'https://example.org/x"onmouseover="alert(1)&y')]


# A failed write that names no file is reported at the path it was writing, with its cause.


def test_an_error_of_the_machine_names_its_path_and_the_systems_cause():

    from generator.errors import from_os_error

    unnamed = OSError(errno.EXDEV, "Invalid cross-device link")  # not one of the named causes
    where = Path("site/briefs/a/index.html")
    problem = from_os_error(write.located(unnamed, where))
    assert str(problem) == "site/briefs/a/index.html: invalid cross-device link"
    named = OSError(errno.ENOSPC, "No space left on device", "elsewhere")
    assert write.located(named, where) is named


# `python -m generator.incremental.restored site` (the publish workflow's check of a restored
# output) reports what differs, for every folder it is given, and marks it.


def test_the_restored_output_check_reports_and_marks_damage_in_every_folder(tmp_path):
    import subprocess
    import sys

    from generator.incremental import restored

    out, _, _ = _two_builds(tmp_path)
    pages = sorted(p for p in out.rglob("index.html"))[:5]
    for page in pages:
        page.write_bytes(page.read_bytes().replace(b"<", b">", 1))  # same size
    (out / "404.html").unlink()  # missing, and first in order: the check goes on past it
    names = sorted(["404.html", *(p.relative_to(out).as_posix() for p in pages)])
    missing = tmp_path / "never-built"
    command = [sys.executable, "-m", "generator.incremental.restored", str(missing), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=child_env())
    shown = done.stdout
    assert shown.splitlines() == [
        f"{missing}: no previous output to check",
        f"{out}: 6 file(s) differ from the manifest ({', '.join(names[:5])} …); "
        "the next build renders everything again",
    ]
    manifest = write.read_manifest(out)  # marked: each now matches no file, so none is kept
    assert [name for name, (_, size) in manifest.items() if size == -1] == names
    assert restored.main([str(out)]) == 0  # marked, not repaired: still reported


# A correction note (markup.render_inline, markup.root_links) and a body's heading ids


def test_a_notes_relative_links_lead_where_they_did_on_its_brief_page():
    """A note shows on /corrections/ too: its relative links are made the brief page's."""
    from generator.markup import root_links

    note = (
        'See <a href="../x/">x</a>, <a href="#more">more</a>, <a href="/y/">y</a> and '
        '<a href="https://e.org/a">e</a>.'
    )
    out = root_links(note, "/briefs/a/")
    hrefs = [part.split('"')[0] for part in out.split('href="')[1:]]
    assert hrefs == ["/briefs/x/", "/briefs/a/#more", "/y/", "https://e.org/a"]
    assert root_links("<ul><li>a list</li></ul>", "/briefs/a/") == "a list"  # inline only


def test_a_note_is_one_paragraph_of_inline_text():
    from generator.markup import render_inline, sanitise

    assert render_inline("- one\n- *two*") == "one\n<em>two</em>"  # a list flattened
    assert render_inline("> quoted") == "quoted"
    assert sanitise("<p><b>x</b></p>", frozenset({"b"})) == "<b>x</b>"  # narrowed, never wider
    assert sanitise("<script>x</script><b>y</b>", frozenset({"b", "script"})) == "<b>y</b>"


def test_a_note_nested_too_deeply_is_refused_at_its_line():
    from generator import markup
    from generator.limits import MAX_NESTING

    with pytest.raises(markup.TooDeep) as deep:
        markup.render_inline("Fine.\n" + "> " * (MAX_NESTING + 1) + "x")
    assert deep.value.line == 2


def test_a_heading_never_takes_an_id_the_page_or_a_citation_uses():
    from generator.markup import render

    body = render("## Updates\n\n## Source 1\n\n## Cite 1 2\n\n## Plain\n").html
    ids = [part.split('"')[0] for part in body.split('id="')[1:]]
    assert ids == ["updates-1", "source-1-1", "cite-1-2-1", "plain"]


def test_an_id_written_three_times_in_raw_html_gets_1_then_2():
    from generator.markup import render

    body = render('<p id="box">a</p>\n\n<p id="box">b</p>\n\n<p id="box">c</p>\n').html
    ids = [part.split('"')[0] for part in body.split('id="')[1:]]
    assert ids == ["box", "box-1", "box-2"]  # every id on the page stays unique


# What a page read of the site is replayed on the next build (incremental.deps): a read that
# cannot be replayed sends the page to be rendered again; it never fails the build.


def test_a_method_a_template_calls_without_arguments_renders_the_page_again():
    from generator.incremental.deps import Digests, TrackedSite, still_valid

    class Site:
        def menu(self) -> tuple[str, ...]:
            return ("Home", "Tags")

    digests = Digests()
    tracked = TrackedSite(Site(), digests)
    assert tracked.menu() == ("Home", "Tags")
    recorded = tracked.dependencies()
    assert recorded == (("menu", (), digests.digest(("Home", "Tags"))),)
    assert still_valid(Site(), recorded, {}, Digests()) is False


def test_reads_on_different_sites_are_told_apart_however_alike():
    """The digests of reads are worked out once per site, name and arguments within a
    chunk of pages: two editions' sites that answer the same read differently (their menus,
    a brief's tags in each language) each record their own answer."""
    from dataclasses import dataclass

    from generator.incremental.deps import Digests, TrackedSite

    @dataclass(frozen=True)
    class Site:
        words: tuple[str, ...]

        @property
        def menu(self) -> tuple[str, ...]:
            return self.words

        def tagged(self, name: str) -> tuple[str, ...]:
            return tuple(f"{word}:{name}" for word in self.words)

    digests = Digests()
    english, italian = Site(("Home", "Tags")), Site(("Home", "Argomenti"))
    for site in (english, italian, english):
        tracked = TrackedSite(site, digests)
        assert tracked.menu == site.words
        assert tracked.tagged("x") == site.tagged("x")
        assert tracked.tagged("y") == site.tagged("y")
        fresh = Digests()
        assert tracked.dependencies() == (
            ("menu", (), fresh.digest(site.words)),
            ("tagged", ("x",), fresh.digest(site.tagged("x"))),
            ("tagged", ("y",), fresh.digest(site.tagged("y"))),
        )


# `briefing ids` rewrites a brief in one step (write.replace_source): the new file is made
# beside the old one, so the final rename never crosses file systems, and a failed rewrite
# reports the system's error and leaves the brief and its folder as they were.


def test_a_rewritten_brief_is_made_beside_itself_whatever_the_temporary_folder(
    tmp_path, monkeypatch
):
    import stat
    import tempfile

    brief = tmp_path / "a.md"
    brief.write_bytes(b"old")
    brief.chmod(0o640)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "elsewhere"))  # not even there
    write.replace_source(brief, b"new")
    assert brief.read_bytes() == b"new"
    assert stat.S_IMODE(brief.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["a.md"]


def test_a_rewrite_that_fails_reports_the_systems_error_and_leaves_the_brief(tmp_path, monkeypatch):

    brief = tmp_path / "a.md"
    brief.write_bytes(b"old")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as failed:
        write.replace_source(brief, b"new")
    assert failed.value.errno == errno.ENOSPC  # the cause, not an error of the clean-up
    assert brief.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.md"]


# A link's address is kept as written, but for what browsers leave out (markup.safe_link):
# nothing else in it is dropped or changed.


def test_a_links_address_is_kept_as_written_but_for_what_browsers_leave_out():
    import lxml.html

    from generator.markup import render

    text = (
        "[a](https://example.org/Xx?q=X#X) "
        '<a href="https://example.org/A\nB\rC">b</a> '
        r'<a href="\\evil.example/x\y?z=\1?w#\2">c</a> '
        r'<a href="MAILTO:de\sk@example.org?subject=A\B">d</a> '
        r'<a href="a\b#c\d#e">e</a>'
        "\n"
    )
    body = render(text).html
    hrefs = [a.get("href") for a in lxml.html.fragment_fromstring(body, "div").iter("a")]
    assert hrefs == [
        "https://example.org/Xx?q=X#X",
        "https://example.org/ABC",  # line breaks left out, as browsers do
        r"//evil.example/x/y?z=\1?w#\2",  # a backslash before the query is a slash, not after
        r"MAILTO:de\sk@example.org?subject=A\B",  # a mail address is left as it is
        r"a/b#c\d#e",  # nor in the fragment
    ]


def test_a_link_that_starts_with_its_query_or_fragment_keeps_its_backslashes():
    import lxml.html

    from generator.markup import render

    body = render(r'<a href="#part\2">a</a> <a href="?q=a\b">b</a>' + "\n").html
    hrefs = [a.get("href") for a in lxml.html.fragment_fromstring(body, "div").iter("a")]
    assert hrefs == [r"#part\2", r"?q=a\b"]  # nothing comes before the `#` or `?` to change


def test_javascript_and_data_urls_are_removed_in_cite_as_in_href_and_src():
    from generator.markup import render

    text = (
        '<blockquote cite="javascript:alert(1)"><p>A</p></blockquote>\n\n'
        '<blockquote cite=" JavaScript:alert(1)"><p>B</p></blockquote>\n\n'
        '<p><q cite="data:text/html,x">C</q> <q cite="https://example.org/s">D</q> '
        '<a href="javascript:alert(1)">E</a> <img src="data:image/png;base64,AA" alt="F"></p>\n'
    )
    body = render(text).html
    assert "javascript" not in body.lower() and "data:" not in body
    assert body.count("cite=") == 1 and 'cite="https://example.org/s"' in body
