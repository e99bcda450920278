"""Incremental builds are correct: after every change, the cached build equals a clean one.

Each step changes the content, templates, assets, settings or the clock, then builds
twice: once incrementally (same output folder, same cache) and once from scratch
(--no-cache into an empty folder). The two trees must be byte-identical, manifest
included.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, tree

from generator.commands.cli import main
from generator.incremental.cache import FILENAME

NOW = "2025-06-01T00:00:00+00:00"


def brief(title: str, n: int, tags: str = "Pay", body: str = "Body text.") -> str:
    """A brief dated on the n-th day of 2025 (months taken as 28 days long)."""
    month, day = 1 + (n - 1) // 28, 1 + (n - 1) % 28
    return (
        f'---\ntitle: "{title}"\ndate: 2025-{month:02d}-{day:02d}T10:00:00+01:00\n'
        f"tags: [{tags}]\n---\n{body}\n"
    )


class Site:
    """A throwaway site with its own copy of the templates, built both ways."""

    def __init__(self, root: Path, briefs: int = 6) -> None:
        self.root = root
        self.content = root / "content"
        (self.content / "briefs").mkdir(parents=True)
        (self.content / "pages").mkdir()
        shutil.copytree(ROOT / "templates", root / "templates")
        self.config = root / "site.yaml"
        self.config.write_text(
            'title: "Incremental"\nbase_url: "https://example.org/"\ntimezone: Europe/Rome\n'
            "per_page: 2\nfeed_limit: 3\n"
        )
        for n in range(1, briefs + 1):
            tags = ["Pay", "Hiring", "Strikes"][n % 3]
            self.write(f"b{n}.md", brief(f"Brief {n}", n, tags, f"Body of [{n}](/briefs/b1/)."))
        (self.content / "pages" / "about.md").write_text('---\ntitle: "About"\nmenu: 1\n---\nHi.\n')
        self.now = NOW
        self.steps = 0

    def write(self, name: str, text: str) -> None:
        (self.content / "briefs" / name).write_text(text)

    def args(self, out: Path, *extra: str, quiet: bool = True) -> list[str]:
        return [
            "build",
            "--content",
            str(self.content),
            "--config",
            str(self.config),
            "--output",
            str(out),
            "--now",
            self.now,
            *extra,
            *(["--quiet"] if quiet else []),
        ]

    def incremental(self, jobs: int = 1) -> Path:
        out = self.root / "out"
        cache = self.root / "cache"
        assert main(self.args(out, "--cache-dir", str(cache), "--jobs", str(jobs))) == 0
        return out

    def clean(self) -> Path:
        self.steps += 1
        out = self.root / f"clean-{self.steps}"
        assert main(self.args(out, "--no-cache", "--jobs", "1")) == 0
        return out

    def assert_same(self, jobs: int = 1) -> None:
        incremental = tree(self.incremental(jobs))
        clean = tree(self.clean())
        assert sorted(incremental) == sorted(clean)
        assert [p for p in clean if incremental[p] != clean[p]] == []


def _edit(site: Site, name: str, old: str, new: str) -> None:
    path = site.content / "briefs" / name
    path.write_text(path.read_text().replace(old, new))


STEPS: list[tuple[str, Callable[[Site], None]]] = [
    ("add a brief", lambda s: s.write("b9.md", brief("Brief nine", 9, "Pay, Newtag"))),
    ("edit a body", lambda s: _edit(s, "b2.md", "Body of", "Changed body of")),
    ("edit a title", lambda s: _edit(s, "b3.md", "Brief 3", "Brief three, retitled")),
    ("retag a brief", lambda s: _edit(s, "b4.md", "tags: [Pay]", "tags: [Strikes, Extra]")),
    ("drop a tag's last brief", lambda s: _edit(s, "b9.md", "Pay, Newtag", "Pay")),
    ("change a date", lambda s: _edit(s, "b1.md", "2025-01-01", "2025-01-20")),
    ("make a draft", lambda s: _edit(s, "b5.md", "tags:", "draft: true\ntags:")),
    ("publish the draft", lambda s: _edit(s, "b5.md", "draft: true\n", "")),
    (
        "add a correction",
        lambda s: _edit(
            s,
            "b6.md",
            "tags:",
            "updates:\n  - date: 2025-02-01T09:00:00+01:00\n    kind: correction\n"
            "    note: Fixed a figure.\ntags:",
        ),
    ),  # fmt: skip
    (
        "rename a brief",
        lambda s: (s.content / "briefs" / "b2.md").rename(s.content / "briefs" / "b2-renamed.md"),
    ),  # fmt: skip
    ("delete a brief", lambda s: (s.content / "briefs" / "b3.md").unlink()),
    (
        "schedule a brief",
        lambda s: s.write("later.md", brief("Later", 28).replace("2025-01-28", "2025-07-01")),
    ),  # fmt: skip
    ("move the clock past it", lambda s: setattr(s, "now", "2025-07-02T00:00:00+00:00")),
    (
        "edit a template",
        lambda s: (s.root / "templates" / "base.html").write_text(
            (s.root / "templates" / "base.html").read_text().replace("Skip to content", "Skip")
        ),
    ),
    (
        "edit an asset",
        lambda s: (s.root / "templates" / "assets" / "style.css").write_text(
            "body { color: black; }\n"
        ),
    ),  # fmt: skip
    ("remove an asset", lambda s: (s.root / "templates" / "assets" / "icon.svg").unlink()),
    (
        "edit site.yaml",
        lambda s: s.config.write_text(s.config.read_text().replace("per_page: 2", "per_page: 3")),
    ),  # fmt: skip
    (
        "edit a page",
        lambda s: (s.content / "pages" / "about.md").write_text(
            '---\ntitle: "About us"\nmenu: 1\n---\nHello.\n'
        ),
    ),  # fmt: skip
]


def test_every_kind_of_change_gives_the_clean_build(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.assert_same()
    for name, change in STEPS:
        change(site)
        try:
            site.assert_same()
        except AssertionError as exc:
            raise AssertionError(f"after step '{name}': {exc}") from None


def test_random_sequences_of_changes(tmp_path: Path) -> None:
    rng = random.Random(2024)
    site = Site(tmp_path, briefs=8)
    site.assert_same()
    for step in range(25):
        names = sorted(p.name for p in (site.content / "briefs").glob("*.md"))
        target = rng.choice(names)
        action = rng.choice(["edit", "retitle", "retag", "redate", "add", "delete", "draft"])
        path = site.content / "briefs" / target
        text = path.read_text()
        if action == "edit":
            path.write_text(text + f"\nMore text {step}.\n")
        elif action == "retitle":
            path.write_text(text.replace('title: "', f'title: "T{step} ', 1))
        elif action == "retag":
            tag = rng.choice(["Pay", "Hiring", "Strikes", "Rare"])
            start = text.index("tags: [")
            path.write_text(text[:start] + f"tags: [{tag}" + text[text.index("]", start) :])
        elif action == "redate":
            path.write_text(text.replace("2025-01-", f"2025-0{rng.randint(2, 5)}-", 1))
        elif action == "add":
            site.write(f"n{step}.md", brief(f"New {step}", rng.randint(1, 28), "Pay, Hiring"))
        elif action == "delete" and len(names) > 2:
            path.unlink()
        elif action == "draft" and "draft:" not in text:
            path.write_text(text.replace("tags:", "draft: true\ntags:", 1))
        try:
            site.assert_same()
        except AssertionError as exc:
            raise AssertionError(f"step {step} ({action} {target}): {exc}") from None


def test_a_one_brief_edit_renders_little_and_rewrites_only_changed_files(tmp_path: Path) -> None:
    site = Site(tmp_path, briefs=30)
    out = site.incremental()
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    _edit(site, "b15.md", "Body of", "Edited body of")
    site.incremental()
    after = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    changed = {p.relative_to(out).as_posix() for p in after if before.get(p) != after[p]}
    assert "briefs/b15/index.html" in changed
    assert "briefs/b2/index.html" not in changed  # unrelated brief: not rewritten
    assert len(changed) < len(after) / 4


def test_no_change_rebuild_renders_and_writes_nothing(tmp_path: Path, capsys) -> None:
    site = Site(tmp_path, briefs=10)
    site.incremental()
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert main(site.args(out, "--cache-dir", str(cache), quiet=False)) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert " (0 rendered), 0 written, 0 removed in " in line


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob.replace(b"briefing-cache 2 ", b"briefing-cache 1 ", 1),  # old format
        lambda blob: blob[:-10] + b"0123456789",  # altered payload
        lambda blob: b"not a cache at all",
    ],
)
def test_a_damaged_or_old_cache_is_detected_and_not_trusted(tmp_path: Path, damage, capsys) -> None:
    site = Site(tmp_path)
    site.incremental()
    _edit(site, "b2.md", "Body of", "Changed body of")
    cache_file = tmp_path / "cache" / FILENAME
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    out = tmp_path / "out"
    assert main(site.args(out, "--cache-dir", str(tmp_path / "cache"), quiet=False)) == 0
    assert capsys.readouterr().out.startswith("cache ")
    assert tree(out) == tree(site.clean())


def test_output_folder_edited_by_hand_is_repaired(tmp_path: Path) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    (out / "briefs" / "b1" / "index.html").unlink()
    (out / "tags" / "pay" / "index.html").write_text("tampered")
    site.assert_same()


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    site = Site(tmp_path, briefs=60)
    serial = tree(site.clean())
    out = tmp_path / "parallel"
    assert main(site.args(out, "--no-cache", "--jobs", "2")) == 0
    assert tree(out) == serial


def test_an_unchanged_site_takes_the_fast_path(tmp_path: Path, monkeypatch) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    before = tree(out)
    import generator.build

    def no_build(*args, **kwargs):
        raise AssertionError("the full build ran although nothing changed")

    monkeypatch.setattr(generator.build, "_run", no_build)
    site.incremental()  # would raise if it went past the up-to-date check
    assert tree(out) == before
    (site.content / "briefs" / "b1.md").touch()  # a new mtime, the same bytes: still fresh
    site.incremental()


def test_the_fast_path_notices_each_kind_of_change(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from generator.build import Options
    from generator.incremental import uptodate

    site = Site(tmp_path)
    out = site.incremental()
    cache = tmp_path / "cache"
    now = datetime(2025, 6, 1, tzinfo=UTC)
    shape = uptodate.shape(Options(site.content, out, site.config, now=now))
    assert uptodate.fresh(cache, shape, out, now) is not None
    changed_shape = {**shape, "drafts": True}
    assert uptodate.fresh(cache, changed_shape, out, now) is None
    stamp = (cache / uptodate.STAMP).read_text()
    (cache / uptodate.STAMP).write_text(stamp.replace('"next_due": null', '"next_due": '
                                                      '"2025-05-31T00:00:00+00:00"'))  # fmt: skip
    assert uptodate.fresh(cache, shape, out, now) is None  # came due
    (cache / uptodate.STAMP).write_text(stamp)
    (site.root / "templates" / "assets" / "extra.css").write_text("a {}")
    assert uptodate.fresh(cache, shape, out, now) is None
    (site.root / "templates" / "assets" / "extra.css").unlink()
    assert uptodate.fresh(cache, shape, out, now) is not None
    (out / "briefs" / "b1" / "index.html").unlink()
    assert uptodate.fresh(cache, shape, out, now) is None


def test_a_changed_generator_never_trusts_old_output(tmp_path: Path, monkeypatch) -> None:
    from generator.incremental import uptodate

    site = Site(tmp_path)
    shape = {"content": "c"}
    before = uptodate.inputs_digest(shape, b"", site.content, site.root / "templates")
    monkeypatch.setattr(uptodate, "code_digest", lambda: "another generator")
    after = uptodate.inputs_digest(shape, b"", site.content, site.root / "templates")
    assert before != after


def test_the_digest_does_not_depend_on_how_a_folder_is_spelt(tmp_path: Path, monkeypatch) -> None:
    from generator.incremental import uptodate

    site = Site(tmp_path)
    monkeypatch.chdir(tmp_path)
    relative = uptodate.inputs_digest({}, b"", Path("content"), Path("templates"))
    absolute = uptodate.inputs_digest({}, b"", site.content, (tmp_path / "templates").resolve())
    assert relative == absolute
