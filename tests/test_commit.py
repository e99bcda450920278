"""A build that is stopped, at any step of its commit and by any signal, leaves the output
folder exactly the old site or exactly the new one, and the next build clears what it left.

The writer has named checkpoints (``generator.write.checkpoint``) where a test can have
the build kill itself (SIGKILL) or signal itself (SIGTERM, SIGINT). A randomised test
sends real SIGKILLs from outside at random moments.
"""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import child_env, dated_brief, site_with_own_templates
from conftest import tree as whole_tree

from generator import write
from generator.commands.cli import main
from generator.urls import MANIFEST
from generator.write import content_hash, recover

NOW = "2025-06-01T00:00:00+00:00"


# What was published before: history, which a clean build into an empty folder lacks.
RECORD = ".briefing-published.json"
# What a settled output has beside it: the lock (kept between builds) and the spare tree.
SETTLED = [".site.lock", ".site.spare"]


def tree(folder: Path) -> dict[str, bytes]:
    """A folder's files as the tests compare them: see ``comparable``."""
    return comparable(whole_tree(folder))


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """A built tree without the record of what was published before (a build with a history
    and a clean one differ there, by design: see published.py) nor its manifest entry; the
    record must be the one its manifest names, so a mix of old and new is still caught."""
    files = dict(files)
    if RECORD in files and MANIFEST in files:
        listed = json.loads(files[MANIFEST])["files"].get(RECORD)
        assert listed == [content_hash(files[RECORD]), len(files[RECORD])], "a mixed record"
    files.pop(RECORD, None)
    if MANIFEST in files:
        manifest = json.loads(files[MANIFEST])
        manifest["files"].pop(RECORD, None)
        files[MANIFEST] = json.dumps(manifest, sort_keys=True).encode()
    return files


# Every checkpoint of a commit with an exchange, and whether the output is already new there.
STEPS = [("staged", False), ("tree-half", False), ("tree-built", False), ("swapped", True),
         ("cache-saved", True)]  # fmt: skip


def brief(n: int, title: str, body: str) -> str:
    tags = ["Pay", "Hiring", "Strikes", "Unions"][n % 4]
    return dated_brief(title, n, tags, f"{body}\n\nSee [the first brief](/briefs/b1/).")


class Project:
    """A site on disk, with two versions of its content: A and B."""

    def __init__(self, root: Path, briefs: int = 12) -> None:
        self.root = root
        self.content, self.config = site_with_own_templates(
            root, 'title: "Crash"\nbase_url: "https://example.org/"\nper_page: 3\n'
        )
        self.briefs = briefs
        self.output = root / "site"
        self.cache = root / "cache"
        self.version("A")

    def version(self, which: str) -> None:
        """Version A, or B: every body changed, one brief gone, one added, a new tag."""
        folder = self.content / "briefs"
        for old in folder.glob("*.md"):
            old.unlink()
        for n in range(1, self.briefs + 1):
            if which == "B" and n == 2:
                continue
            body = f"Version {which} of brief {n}. " * 20
            folder.joinpath(f"b{n}.md").write_text(brief(n, f"Brief {n} ({which})", body))
        if which == "B":
            folder.joinpath("extra.md").write_text(
                brief(self.briefs + 1, "Extra", "Only in B.").replace("tags: [", "tags: [New, ")
            )

    def args(self, output: Path, *extra: str) -> list[str]:
        return [
            "build",
            "--content",
            str(self.content),
            "--config",
            str(self.config),
            "--output",
            str(output),
            "--now",
            NOW,
            "--quiet",
            *extra,
        ]

    def build(self, *extra: str) -> int:
        return main(self.args(self.output, "--cache-dir", str(self.cache), *extra))

    def clean(self, name: str) -> dict[str, bytes]:
        out = self.root / f"clean-{name}"
        assert main(self.args(out, "--no-cache", "--jobs", "1")) == 0
        return tree(out)

    def run(self, env: dict[str, str] | None = None, jobs: int = 1) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "generator.commands.cli"]
        command += self.args(self.output, "--cache-dir", str(self.cache), "--jobs", str(jobs))
        return subprocess.Popen(
            command,
            env=child_env(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def beside(self) -> list[str]:
        """What lies next to the output folder, bar the project's own files."""
        known = {"content", "templates", "site.yaml", "site", "cache"}
        return sorted(n for n in os.listdir(self.root) if n not in known and "clean-" not in n)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def trees(project: Project) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The clean builds of versions A and B (A is left built in the output folder)."""
    project.version("B")
    b = project.clean("B")
    project.version("A")
    a = project.clean("A")
    assert project.build() == 0
    assert tree(project.output) == a
    project.version("B")
    return a, b


@pytest.mark.slow
@pytest.mark.parametrize("step, is_new", STEPS)
def test_a_kill_at_each_step_of_the_commit_leaves_old_or_new(project, step, is_new) -> None:
    old, new = trees(project)
    process = project.run({"BRIEFING_TEST_KILL_AT": step})
    _, err = process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL, err
    assert tree(project.output) == (new if is_new else old)
    assert project.build() == 0  # the next build finishes the job and clears the leftovers
    assert tree(project.output) == new
    assert project.beside() == SETTLED
    assert spare_is_the_site(project, new if is_new else old)  # what the output held before


@pytest.mark.slow
def test_a_kill_between_the_two_renames_is_rolled_back(project) -> None:
    """Where the file system cannot exchange folders, the old site goes aside first; a build
    killed right then finds no output folder, and the next build puts the old one back."""
    old, new = trees(project)
    process = project.run({"BRIEFING_TEST_KILL_AT": "set-aside", "BRIEFING_TEST_NO_EXCHANGE": "1"})
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert not project.output.exists()
    assert any(n.startswith(".site.previous-") for n in project.beside())
    recover(project.output.resolve())
    assert tree(project.output) == old
    assert project.beside() == SETTLED  # half made: never trusted
    os.environ["BRIEFING_TEST_NO_EXCHANGE"] = "1"
    try:
        assert project.build() == 0
    finally:
        del os.environ["BRIEFING_TEST_NO_EXCHANGE"]
    assert tree(project.output) == new
    assert project.beside() == SETTLED
    assert spare_is_the_site(project, old)


@pytest.mark.slow
@pytest.mark.parametrize("how, status", [("TERM", 143), ("INT", 130)])
@pytest.mark.parametrize(
    "step, is_new, spare",
    [
        ("staged", False, True),  # the spare was not touched yet: it stays, still trusted
        ("tree-built", False, False),  # half made into the new site: removed on the way out
        ("swapped", True, True),  # the old site, now one build behind
    ],
)
def test_sigterm_and_ctrl_c_stop_cleanly(project, how, status, step, is_new, spare) -> None:
    old, new = trees(project)
    process = project.run({"BRIEFING_TEST_KILL_AT": f"{step}:{how}"})
    _, err = process.communicate(timeout=120)
    assert process.returncode == status
    assert "Traceback" not in err
    word = "terminated" if how == "TERM" else "interrupted"
    assert err.strip().splitlines() == [
        f"briefing: {word}; {project.output} holds the last complete site, old or new, never a mix"
    ]
    assert tree(project.output) == (new if is_new else old)
    kept = [".site.spare"] if spare else []
    assert project.beside() == [".site.lock", *kept]  # staging removed on the way out
    assert not spare or spare_is_the_site(project, old)


@pytest.mark.slow
def test_random_sigkills_never_leave_a_mix(tmp_path: Path) -> None:
    """Real SIGKILLs from outside, at random moments of builds that alternate A and B."""
    project = Project(tmp_path, briefs=150)
    old, new = trees(project)
    expected = {"A": old, "B": new}
    started = time.perf_counter()
    process = project.run(jobs=2)
    assert process.wait(timeout=300) == 0
    duration = time.perf_counter() - started
    assert tree(project.output) == expected["B"]
    chooser = random.Random(9)
    current = "B"
    for attempt in range(12):
        current = "A" if current == "B" else "B"
        project.version(current)
        process = project.run(jobs=2)
        time.sleep(chooser.uniform(0.0, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)  # its workers die with it (PR_SET_PDEATHSIG)
        now = tree(project.output)
        assert now in (old, new), f"attempt {attempt}: a mix of old and new"
    assert project.build() == 0
    assert tree(project.output) == expected[current]
    assert project.beside() == SETTLED


def spare_is_the_site(project: Project, site: dict[str, bytes]) -> bool:
    """The spare beside the output holds ``site`` (bar the note that vouches for it)."""
    kept = tree(project.root / ".site.spare")
    return kept.pop(".briefing-spare.json", None) is not None and kept == site


def test_files_briefing_did_not_write_survive_every_build(project) -> None:
    import json

    clean = {"A": project.clean("A")}
    project.version("B")
    clean["B"] = project.clean("B")
    project.version("A")
    assert project.build() == 0
    out = project.output
    (out / "CNAME").write_text("briefing.example.org\n")
    (out / "keep").mkdir()
    (out / "keep" / "notes.txt").write_text("mine")
    (out / "briefs" / "b1" / "extra.pdf").write_bytes(b"%PDF")
    mine = {"CNAME": b"briefing.example.org\n", "keep/notes.txt": b"mine",
            "briefs/b1/extra.pdf": b"%PDF"}  # fmt: skip

    def check(version: str) -> None:
        assert project.build() == 0
        built = tree(out)
        manifest = json.loads(built.pop(MANIFEST))
        assert {p: built.pop(p) for p in mine} == mine  # every file of yours, as you left it
        clean_manifest = json.loads(clean[version][MANIFEST])
        assert built == {p: b for p, b in clean[version].items() if p != MANIFEST}
        assert manifest["files"] == clean_manifest["files"]
        expected = {"briefs/b1/extra.pdf", "keep"} | ({"CNAME"} & mine.keys())
        assert manifest["foreign"] == sorted(expected)  # your folder is kept as a whole

    project.version("B")
    check("B")
    (out / "CNAME").unlink()  # removed by hand: it must not come back from the spare
    del mine["CNAME"]
    (out / "keep" / "notes.txt").unlink()
    (out / "keep" / "notes.txt").write_text("rewritten")
    (out / "keep" / "more.txt").write_text("more")
    mine.update({"keep/notes.txt": b"rewritten", "keep/more.txt": b"more"})
    for version in ("A", "B", "A"):  # the spare is reused from the second of these on
        project.version(version)
        check(version)


def test_a_folder_of_the_site_deleted_by_hand_hides_none_of_your_files(project) -> None:
    """A folder of the site deleted by hand is made again, and a file of yours in a folder
    the writer looks at after it is still found and kept."""
    clean = project.clean("A")
    assert project.build() == 0
    out = project.output
    shutil.rmtree(out / "briefs" / "b1")
    (out / "tags" / "pay" / "mine.txt").write_text("mine")
    assert project.build() == 0
    built = tree(out)
    assert built.pop("tags/pay/mine.txt") == b"mine"
    assert json.loads(built.pop(MANIFEST))["foreign"] == ["tags/pay/mine.txt"]
    assert built == {p: b for p, b in clean.items() if p != MANIFEST}


def test_the_next_build_puts_back_what_a_killed_build_left_even_if_it_then_fails(
    tmp_path: Path,
) -> None:
    """A build killed between its two renames leaves the old site set aside and a staging
    folder. The next build puts them right before it reads a brief: even one that then fails
    on a wrong brief leaves the old site in its place and nothing else beside it, and a set-
    aside copy found while the output is in place is removed, not moved over it, even by a
    build that has nothing to rebuild. (The publication is not in the working folder, where
    every other test builds.)"""
    project = Project(tmp_path / "publication")
    assert project.build() == 0
    old = tree(project.output)
    os.rename(project.output, project.root / ".site.previous-k1")
    (project.root / ".site.staging-k2").mkdir()
    (project.root / ".site.staging-k2" / "half").write_text("half made")
    right = (project.content / "briefs" / "b1.md").read_text()
    (project.content / "briefs" / "b1.md").write_text("---\ntitle: [\n---\nBody.\n")
    assert project.build() == 1
    assert tree(project.output) == old
    assert project.beside() == SETTLED
    shutil.copytree(project.output, project.root / ".site.previous-k3")
    (project.content / "briefs" / "b1.md").write_text(right.replace("Version A", "Version C"))
    assert project.build() == 0
    assert b"Version C" in (project.output / "briefs" / "b1" / "index.html").read_bytes()
    assert project.beside() == SETTLED
    for leftover in (".site.staging-k4", ".site.previous-k5"):  # and nothing to rebuild
        (project.root / leftover).mkdir()
        assert project.build() == 0
        assert project.beside() == SETTLED, leftover


def test_a_second_build_at_once_is_refused_and_says_so(project) -> None:
    import fcntl

    assert project.build() == 0
    with open(project.root / ".site.lock", "a") as held:
        fcntl.lockf(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        project.version("B")
        process = project.run()  # another process: record locks are per process
        _, err = process.communicate(timeout=120)
    assert process.returncode == 3
    assert err.splitlines()[0] == (
        f"briefing: {project.output}: another briefing build is writing to this folder; "
        "try again when it ends"
    )


@pytest.mark.slow
@pytest.mark.parametrize("how, status", [("TERM", 143), ("INT", 130)])
def test_a_signal_while_workers_render_stops_them_and_cleans_up(tmp_path, how, status) -> None:
    """Stopped while two worker processes are rendering: the workers end with the build, the
    staging folder is removed, the old site stays, and no worker prints a traceback."""
    project = Project(tmp_path, briefs=150)
    old, _ = trees(project)
    marker = f"{os.getpid()}-{how}"
    env = {"BRIEFING_TEST_KILL_AT": f"rendering:{how}", "BRIEFING_TEST_RUN": marker}
    process = project.run(env, jobs=2)
    _, err = process.communicate(timeout=120)
    assert process.returncode == status, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert tree(project.output) == old
    assert project.beside() == SETTLED  # untouched: rendering never ended
    assert spare_is_the_site(project, old)
    deadline = time.monotonic() + 10
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _marked(marker) == []


def _marked(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (the build and its workers)."""
    found = []
    needle = f"BRIEFING_TEST_RUN={marker}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if needle in environ.split(b"\0") and state != "Z":
            found.append(int(entry))
    return found


def test_an_output_deleted_by_hand_never_trusts_the_spare(project) -> None:
    """The spare is one build behind the output it was made with: once that output is gone
    (or replaced), the spare is rebuilt, never reused."""
    clean = project.clean("A")
    assert project.build() == 0
    project.version("B")
    assert project.build() == 0
    shutil.rmtree(project.output)
    project.version("A")
    assert project.build() == 0
    assert tree(project.output) == clean
    assert spare_is_the_site(project, clean)  # a first build again: the spare is a copy


def test_a_page_of_the_site_wins_over_a_file_you_put_in_its_place(project) -> None:
    import json

    assert project.build() == 0
    mine = project.output / "briefs" / "extra" / "index.html"
    mine.parent.mkdir()
    mine.write_text("my own page")
    assert project.build() == 0  # unchanged site: your file is carried and named as yours
    project.version("A")  # touch nothing: the up-to-date check may hold; force a real build
    (project.content / "briefs" / "b1.md").write_text(brief(1, "Brief 1 (A, again)", "Again."))
    assert project.build() == 0
    assert mine.read_text() == "my own page"
    assert json.loads((project.output / MANIFEST).read_text())["foreign"] == ["briefs/extra"]
    project.version("B")  # B has a brief at /briefs/extra/: the site's page takes its place
    clean = project.clean("B")
    assert project.build() == 0
    assert tree(project.output) == clean
    for _ in range(2):  # and it stays the site's, also when the spare is reused
        assert project.build("--now", "2025-06-02T00:00:00+00:00") == 0
    assert (project.output / "briefs" / "extra" / "index.html").read_bytes() == (
        clean["briefs/extra/index.html"]
    )


def test_files_you_put_in_an_output_an_older_version_made_are_kept(project) -> None:
    """An output from before the manifest listed foreign entries is walked whole: every file,
    link and folder of yours in it is carried into the new site, at any depth."""
    import json

    assert project.build() == 0
    out = project.output
    manifest = json.loads((out / MANIFEST).read_text())
    del manifest["foreign"]  # as an older version wrote it
    (out / MANIFEST).write_text(json.dumps(manifest))
    (out / "CNAME").write_text("briefing.example.org\n")
    (out / "keep").mkdir()
    (out / "keep" / "notes.txt").write_text("mine")
    (out / "briefs" / "b1" / "extra.pdf").write_bytes(b"%PDF")
    (out / "briefs" / "b1" / "linked").symlink_to("../b3")  # a link to a folder of the site
    project.version("B")
    assert project.build() == 0
    assert (out / "CNAME").read_text() == "briefing.example.org\n"
    assert (out / "keep" / "notes.txt").read_text() == "mine"
    assert (out / "briefs" / "b1" / "extra.pdf").read_bytes() == b"%PDF"
    assert os.readlink(out / "briefs" / "b1" / "linked") == "../b3"
    foreign = json.loads((out / MANIFEST).read_text())["foreign"]
    assert foreign == ["CNAME", "briefs/b1/extra.pdf", "briefs/b1/linked", "keep/notes.txt"]
    assert not (out / "briefs" / "b2").exists()  # what the build wrote and no longer has goes


def test_a_fifo_you_put_in_the_output_stops_the_build_and_leaves_the_site(project, capsys):
    """A foreign entry that is neither a file, a link nor a folder is never opened or carried:
    the build stops with exit 3 naming it, and the site stays as it was."""

    def files() -> dict[str, bytes]:  # every regular file (reading the FIFO would wait)
        out = project.output
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
                if p.is_file() and not p.is_symlink()}  # fmt: skip

    assert project.build() == 0
    os.mkfifo(project.output / "pipe")
    before = files()
    project.version("B")
    capsys.readouterr()
    assert project.build() == 3
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"briefing: {project.output.resolve() / 'pipe'}: not a regular file any more; "
        "refusing to keep it"
    )
    assert files() == before and (project.output / "pipe").is_fifo()


@pytest.mark.parametrize("exchange", [True, False])
def test_the_swap_puts_the_new_tree_in_place_and_the_old_site_where_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """The swap, with an exchange and with two renames (where the file system has none):
    after it the output holds the new tree and the new tree's place the old site, nothing
    else is left beside them; between the two renames the old site waits beside the output
    under the name the next build's recovery looks for. (The slow crash tests kill a real
    build there; this runs the same steps in the test's process.)"""
    if not exchange:
        monkeypatch.setenv("BRIEFING_TEST_NO_EXCHANGE", "1")
    root, spare = tmp_path / "site", tmp_path / ".site.spare"
    spare.mkdir()
    (spare / "new.html").write_text("new")
    write._swap(spare, root)  # a first build: no old site
    assert os.listdir(tmp_path) == ["site"] and (root / "new.html").read_text() == "new"
    spare.mkdir()
    (spare / "newer.html").write_text("newer")
    seen = []

    def checkpoint(name: str) -> None:
        beside = sorted(n for n in os.listdir(tmp_path) if n != ".site.spare")
        seen.append((name, beside, sorted(os.listdir(tmp_path / beside[0]))))

    monkeypatch.setattr(write, "checkpoint", checkpoint)
    write._swap(spare, root)
    assert sorted(os.listdir(tmp_path)) == [".site.spare", "site"]
    assert os.listdir(root) == ["newer.html"] and os.listdir(spare) == ["new.html"]
    if exchange:
        assert seen == []
    else:
        [(name, beside, held)] = seen
        assert name == "set-aside" and held == ["new.html"]  # the old site, whole
        assert len(beside) == 1 and beside[0].startswith(".site.previous-")  # no output yet


@pytest.mark.parametrize("cp", ["missing", "refuses"])
def test_without_gnu_cp_the_spare_is_linked_file_by_file_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cp: str
) -> None:
    """The spare a first build leaves is a hard-linked copy of the new site: by GNU cp where
    there is one; where there is none, or a cp that refuses ``-al`` after making part of the
    copy, file by file, with the same links, folders and symbolic links."""
    root, spare = tmp_path / "site", tmp_path / ".site.spare"
    (root / "briefs" / "a").mkdir(parents=True)
    (root / "index.html").write_text("home")
    (root / "briefs" / "a" / "index.html").write_text("a")
    os.symlink("index.html", root / "home")

    def run(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
        if cp == "missing":
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), command[0])
        spare.mkdir()
        (spare / "index.html").write_text("half")  # what it made before it failed
        return subprocess.CompletedProcess(command, 1, b"", b"cp: invalid option -- 'l'")

    monkeypatch.setattr(subprocess, "run", run)
    write._link_copy(root, spare)
    made = sorted(str(p.relative_to(spare)) for p in spare.rglob("*"))
    assert made == ["briefs", "briefs/a", "briefs/a/index.html", "home", "index.html"]
    for name in ("index.html", "briefs/a/index.html"):
        assert os.stat(spare / name).st_ino == os.stat(root / name).st_ino  # one file, linked
    assert os.readlink(spare / "home") == "index.html"


class _LibcWithoutExchange:
    """A C library older than renameat2 (glibc before 2.28), or one that cannot be loaded."""

    def __init__(self, name: object, use_errno: bool = False) -> None:
        if name == "unloadable":
            raise OSError(errno.ENOENT, "no such library")

    def __getattr__(self, name: str) -> object:
        raise AttributeError(name)


@pytest.mark.parametrize("library", [None, "unloadable"])
def test_a_system_without_the_atomic_exchange_swaps_by_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str | None
) -> None:
    """Where the C library has no renameat2 (or cannot be loaded), the exchange says it did
    nothing, and the new site still takes the old one's place."""
    monkeypatch.setattr(
        write.ctypes, "CDLL", lambda name, use_errno=False: _LibcWithoutExchange(library)
    )
    root, spare = tmp_path / "site", tmp_path / ".site.spare"
    root.mkdir()
    (root / "old.html").write_text("old")
    spare.mkdir()
    (spare / "new.html").write_text("new")
    assert write._exchange(spare, root) is False
    assert os.listdir(root) == ["old.html"] and os.listdir(spare) == ["new.html"]
    write._swap(spare, root)
    assert sorted(os.listdir(tmp_path)) == [".site.spare", "site"]
    assert os.listdir(root) == ["new.html"] and os.listdir(spare) == ["old.html"]


def test_an_exchange_the_system_refuses_is_an_error_and_one_it_cannot_do_falls_back(
    tmp_path: Path,
) -> None:
    """The atomic exchange: an error of the system (here, a missing folder) is raised as that
    error, naming the output; a refusal that means "this file system cannot" (EINVAL, as for
    a folder and one inside it) is False, and the swap falls back to two renames."""
    root = tmp_path / "site"
    (root / "inner").mkdir(parents=True)
    with pytest.raises(FileNotFoundError) as caught:
        write._exchange(tmp_path / "gone", root)
    error = caught.value
    assert (error.errno, error.strerror, error.filename) == (
        errno.ENOENT,
        os.strerror(errno.ENOENT),
        str(root),
    )
    assert write._exchange(root, root / "inner") is False
    assert sorted(os.listdir(tmp_path)) == ["site"] and os.listdir(root) == ["inner"]
