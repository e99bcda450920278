"""Incremental builds are correct: after every change, the cached build equals a clean one.

Each step changes the content, templates, assets, settings or the clock, then builds
twice: once incrementally (same output folder, same cache) and once from scratch
(--no-cache, into a copy of the previous clean build's output). The two trees must be
byte-identical, manifest included. The clean chain starts from the previous output, not
an empty folder, because what was published before is an input of a build (the feeds
hold every brief the newest build brought, and renames are named: see published.py); the
two chains see the same history, so only the cache tells them apart.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import dated_brief, install, site_with_own_templates, tree

from generator import markup
from generator.commands.cli import main
from generator.config import KNOWN
from generator.incremental import uptodate
from generator.incremental.cache import FILENAME, HEADER

NOW = "2025-06-01T00:00:00+00:00"


brief = dated_brief


class Site:
    """A throwaway site with its own copy of the templates, built both ways."""

    def __init__(self, root: Path, briefs: int = 6) -> None:
        self.root = root
        self.content, self.config = site_with_own_templates(
            root,
            'title: "Incremental"\nbase_url: "https://example.org/"\ntimezone: Europe/Rome\n'
            "per_page: 2\nfeed_limit: 3\n",
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
        before = self.root / f"clean-{self.steps - 1}"
        if before.is_dir():
            shutil.copytree(before, out, symlinks=True)
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


def _move(site: Site, name: str, new_name: str, front_matter: str) -> None:
    """Rename a brief and add ``front_matter`` lines to it."""
    old = site.content / "briefs" / name
    text = old.read_text().replace("tags:", front_matter + "tags:", 1)
    old.unlink()
    site.write(new_name, text)


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
    (
        "rename a brief, keeping its old address",
        lambda s: _move(s, "b4.md", "b4-moved.md", 'aliases: ["/briefs/b4/"]\n'),
    ),  # fmt: skip
    ("retitle a moved brief", lambda s: _edit(s, "b4-moved.md", "Brief 4", "Brief four")),
    ("drop the old address", lambda s: _edit(s, "b4-moved.md", 'aliases: ["/briefs/b4/"]\n', "")),
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
    ("remove an asset", lambda s: (s.root / "templates" / "assets" / "style.css").unlink()),
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


def set_setting(site: Site, key: str, value: str) -> None:
    """Give ``key`` in site.yaml the YAML ``value``, replacing its line or adding one."""
    lines = [
        line for line in site.config.read_text().splitlines() if not line.startswith(f"{key}:")
    ]
    site.config.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n")


# Every key of site.yaml, changed in turn: (key, new YAML value, an output file, text that
# the change makes appear in it, or (False) disappear from it).
SETTINGS: list[tuple[str, str, str, str, bool]] = [
    ("title", '"Desk Weekly"', "index.html", "<title>Desk Weekly</title>", True),
    ("base_url", '"https://news.example.net/desk/"', "feed.xml",
     "<link>https://news.example.net/desk/briefs/b6/</link>", True),
    ("description", '"Work and pay, weekly"', "index.html", ": Work and pay, weekly</p>", True),
    ("language", "it", "briefs/b1/index.html", '<html lang="it">', True),  # read when parsing
    ("timezone", "America/New_York", "briefs/local/index.html", "2025-01-15T10:00:00-05:00",
     True),  # read when parsing: the brief dated without an offset moves
    ("per_page", "3", "index.html", 'href="briefs/b5/"', True),
    ("feed_limit", "4", "feed.xml", "<title>Brief 4</title>", True),
    ("authors", "[Ada Lovelace, Grace Hopper]", "atom.xml", "<name>Grace Hopper</name>", True),
    ("id_authority", "desk.example.net", "atom.xml", "<id>tag:desk.example.net,2025:b6</id>",
     True),  # read when parsing
    ("feed_id", '"tag:desk.example.net,2025:feed"', "atom.xml",
     "<id>tag:desk.example.net,2025:feed</id>", True),
    ("copyright", '"2025 The Desk"', "index.html", "<p>© 2025 The Desk</p>", True),
    ("contact", '"mailto:desk@example.net"', "briefs/b1/index.html",
     '<a href="mailto:desk@example.net?subject=Segnalazione', True),  # `language: it` by now
    ("ai_crawlers", "[GPTBot, ExampleBot]", "robots.txt", "User-agent: ExampleBot", True),
    ("ai_search_crawlers", "[Claude-User, ExampleSearch]", "robots.txt",
     "User-agent: ExampleSearch", True),
    ("tdm_policy", '"https://news.example.net/tdm.json"', "index.html",
     '<meta name="tdm-policy" content="https://news.example.net/tdm.json">', True),
    ("websub_hub", '"https://hub.example.net/"', "feed.json", '"url": "https://hub.example.net/"',
     True),
    ("news_sitemap", "false", "robots.txt", "news-sitemap.xml", False),
    ("llms_txt", "false", "llms.txt", "## Briefs", False),  # a file gone reads as ""
    ("tdmrep", "false", "briefs/b1/index.html", 'name="tdm-reservation"', False),
    ("ai_training", "true", "robots.txt", "User-agent: GPTBot", False),
    ("templates", "layouts", "index.html", "Jump to the briefs", True),  # see the test
    ("search", "false", "index.html", 'href="search/"', False),
    ("share_cards", "false", "briefs/b1/index.html", "share.png", False),
    ("sections", '[{slug: pay, name: "Pay"}]', "index.html", 'href="sections/pay/"', True),
    # `language` is "it" by now: the default edition is Italian, the English one under /en/
    ("languages", "[{code: it}, {code: en}]", "index.html",
     '<link rel="alternate" hreflang="en" href="https://news.example.net/desk/en/">', True),
    ("untranslated", "show", "en/index.html", "in Italian", True),
    ("robots_content_usage", "true", "robots.txt", "Content-Usage: train-ai=", True),
]  # fmt: skip


# Keys that change no output, only what is accepted: tested in their own tests below.
VALIDATION_ONLY = ("require_ids",)


def test_the_setting_steps_cover_every_key_of_site_yaml() -> None:
    assert sorted([*(key for key, *_ in SETTINGS), *VALIDATION_ONLY]) == sorted(KNOWN)


def test_requiring_ids_fails_then_the_fixed_site_is_the_clean_build(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.assert_same()
    before = tree(tmp_path / "out")
    set_setting(site, "require_ids", "true")
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    assert main(site.args(out, "--cache-dir", cache)) == 1
    assert tree(out) == before
    assert main(["ids", "--content", str(site.content), "--config", str(site.config)]) == 0
    site.assert_same()
    assert tree(out) == before  # the ids written are the ones the briefs had


def test_changing_any_setting_gives_the_clean_build(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.write(
        "local.md", '---\ntitle: "Local"\ndate: 2025-01-15T10:00:00\ntags: [Pay]\n---\nHi.\n'
    )
    layouts = tmp_path / "layouts"  # a renamed copy of the templates, told apart by one phrase
    shutil.copytree(tmp_path / "templates", layouts)
    for name in ("en", "it"):  # the skip link's text, in both catalogues
        catalogue = layouts / "i18n" / f"{name}.yaml"
        text = catalogue.read_text("utf-8")
        text = re.sub(r'skip_link: "[^"]*"', 'skip_link: "Jump to the briefs"', text)
        catalogue.write_text(text, "utf-8")
    site.assert_same()
    for key, value, path, text, appears in SETTINGS:
        before = (tmp_path / "out" / path).read_text()
        assert (text in before) is not appears, f"'{text}' in {path} before {key} changed"
        set_setting(site, key, value)
        try:
            site.assert_same()
        except AssertionError as exc:
            raise AssertionError(f"after setting {key}: {value}: {exc}") from None
        written = tmp_path / "out" / path
        after = written.read_text() if written.exists() else ""
        assert (text in after) is appears, f"setting {key} did not show in {path}"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_afresh) -> Path:
    """A folder at the head of sys.path, for made-up distributions."""
    folder = tmp_path / "installed"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def upgrade_markdown(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new Markdown: its metadata says 99.0 and it renders every text with a new ending."""
    install(folder, "Markdown", "99.0")
    real = markup._converter()

    class Markdown99:
        def __getattr__(self, name: str):
            return getattr(real, name)

        def convert(self, text: str) -> str:
            return real.convert(text) + "\n<p>Rendered by Markdown 99.</p>"

    monkeypatch.setattr(markup, "_converter", Markdown99)
    uptodate.look_again()


def test_a_dependency_upgrade_gives_the_clean_build(tmp_path: Path, installed, monkeypatch) -> None:
    site = Site(tmp_path)
    site.assert_same()
    assert ("markdown", "99.0") not in uptodate.dependency_versions()
    upgrade_markdown(installed, monkeypatch)  # then the build starts as a new process would
    site.assert_same()
    assert ("markdown", "99.0") in uptodate.dependency_versions()
    page = (tmp_path / "out" / "briefs" / "b2" / "index.html").read_text()
    assert "<p>Rendered by Markdown 99.</p>" in page


def test_the_fast_path_notices_a_dependency_upgrade(tmp_path: Path, installed, monkeypatch) -> None:
    from datetime import UTC, datetime

    from generator.options import Options

    site = Site(tmp_path)
    out, cache = site.incremental(), tmp_path / "cache"
    now = datetime(2025, 6, 1, tzinfo=UTC)
    shape = uptodate.shape(Options(site.content, out, site.config, now=now))
    assert uptodate.fresh(cache, shape, out, now) is not None
    upgrade_markdown(installed, monkeypatch)
    assert uptodate.fresh(cache, shape, out, now) is None


def test_an_unrelated_install_costs_one_build_that_renders_nothing(
    tmp_path: Path, installed, capsys
) -> None:
    site = Site(tmp_path)
    site.incremental()
    code, fast = uptodate.code_digest(), uptodate.environment_digest()
    install(installed, "unrelated_tool", "1.0")
    uptodate.look_again()
    assert uptodate.code_digest() == code  # briefing does not need it: cached work stays valid
    assert uptodate.environment_digest() != fast  # but the fast path does not vouch for it
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert main(site.args(out, "--cache-dir", str(cache), quiet=False)) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert " (0 rendered), 0 written, 0 removed in " in line


def test_the_versions_found_are_reused_while_nothing_is_installed(
    tmp_path: Path, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path)
    site.incremental()
    looked_up: list[str] = []
    real = importlib.metadata.distribution
    monkeypatch.setattr(
        importlib.metadata, "distribution", lambda name: looked_up.append(name) or real(name)
    )
    uptodate.look_again()  # as a new process starts
    _edit(site, "b2.md", "Body of", "Changed body of")
    site.assert_same()
    assert looked_up == []  # the stamp of the last build vouched for them
    install(installed, "unrelated_tool", "1.0")
    uptodate.look_again()
    _edit(site, "b2.md", "Changed body of", "Body of")
    site.assert_same()
    assert "briefing" in looked_up  # something was installed: looked up again


@pytest.mark.slow
def test_every_kind_of_change_gives_the_clean_build(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.assert_same()
    for name, change in STEPS:
        change(site)
        try:
            site.assert_same()
        except AssertionError as exc:
            raise AssertionError(f"after step '{name}': {exc}") from None


@pytest.mark.slow
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


def _sealed(payload: bytes) -> bytes:
    """A cache file of this version whose checksum vouches for ``payload``."""
    return HEADER + payload + b"\n" + hashlib.sha256(payload).hexdigest().encode()


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda blob: blob[: len(blob) // 2], "damaged (checksum mismatch)"),  # truncated
        (
            lambda blob: blob.replace(HEADER, b"briefing-cache 1 0.0.1\n", 1),
            "made by another version",
        ),
        (lambda blob: blob[:-10] + b"0123456789", "damaged (checksum mismatch)"),  # altered
        (lambda blob: b"not a cache at all", "made by another version"),
        (lambda blob: blob[: len(HEADER)], "damaged (checksum mismatch)"),  # the header alone
        (lambda blob: _sealed(b"garbage!"), "damaged (ValueError)"),  # sealed, yet no cache
    ],
)
def test_a_damaged_or_old_cache_is_detected_and_not_trusted(
    tmp_path: Path, damage, reason: str, capsys
) -> None:
    site = Site(tmp_path)
    site.incremental()
    _edit(site, "b2.md", "Body of", "Changed body of")
    cache_file = tmp_path / "cache" / FILENAME
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    out = tmp_path / "out"
    assert main(site.args(out, "--cache-dir", str(tmp_path / "cache"), quiet=False)) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"cache {reason}: rebuilt from scratch"
    assert tree(out) == tree(site.clean())


def test_an_unreadable_cache_is_reported_with_its_cause(tmp_path: Path, capsys) -> None:
    """A cache file that cannot be read (here a folder in its place) is said so, with the
    system's cause, and the build starts cold."""
    site = Site(tmp_path)
    site.incremental()
    _edit(site, "b2.md", "Body of", "Changed body of")
    cache_file = tmp_path / "cache" / FILENAME
    cache_file.unlink()
    cache_file.mkdir()
    out = tmp_path / "out"
    assert main(site.args(out, "--cache-dir", str(tmp_path / "cache"), quiet=False)) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "cache unreadable (is a folder): rebuilt from scratch"
    # nor can it be saved: the warning names the file in the way, not a temporary one
    assert captured.err.splitlines()[-1] == (
        f"warning: {cache_file}: is a folder: cache not saved; the next build starts cold"
    )
    assert tree(out) == tree(site.clean())


def test_a_one_brief_edit_pickles_one_entry_and_reuses_the_rest(
    tmp_path: Path, monkeypatch
) -> None:
    """The README's cost of saving the cache: each parsed brief pickled once, its bytes
    reused by later builds. After one edit only the edited brief is pickled (and the index)."""
    import pickle
    from types import SimpleNamespace

    from generator.incremental import cache

    site = Site(tmp_path)
    site.incremental()
    _edit(site, "b2.md", "Body of", "Changed body of")
    pickled: list[object] = []

    def dumps(value: object, protocol: int | None = None) -> bytes:
        pickled.append(value)
        return pickle.dumps(value, protocol)

    monkeypatch.setattr(cache, "pickle", SimpleNamespace(**{**vars(pickle), "dumps": dumps}))
    site.incremental()
    entries = [v for v in pickled if isinstance(v, tuple) and not isinstance(v[0], dict)]
    assert [Path(item.path).name for item, _errors in entries] == ["b2.md"]
    assert len(pickled) == 2  # that entry, and the index of every entry with the records
    site.assert_same()


def test_the_cache_of_a_site_with_no_briefs_yet_is_trusted(tmp_path: Path, capsys) -> None:
    """A new publication, nothing written yet: its cache holds no parsed entry at all, only
    the output records, and is read back like any other (not called damaged each build)."""
    site = Site(tmp_path, briefs=0)
    (site.content / "pages" / "about.md").unlink()
    out = site.incremental()
    site.config.write_text(site.config.read_text().replace("Incremental", "The new title"))
    capsys.readouterr()
    assert main(site.args(out, "--cache-dir", str(tmp_path / "cache"), quiet=False)) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("built 0 briefs, 0 pages, ") and "cache" not in printed
    assert "The new title" in (out / "index.html").read_text()


def test_output_folder_edited_by_hand_is_repaired(tmp_path: Path) -> None:
    site = Site(tmp_path)
    out = site.incremental()
    (out / "briefs" / "b1" / "index.html").unlink()
    (out / "tags" / "pay" / "index.html").write_text("tampered")
    site.assert_same()


def test_a_page_deleted_by_hand_along_with_the_spare_is_made_again(tmp_path: Path) -> None:
    """With no spare beside it (removed, or an output restored without one), a page deleted
    from the output is rendered again, not kept as the manifest says it was."""
    site = Site(tmp_path)
    out = site.incremental()
    shutil.rmtree(tmp_path / ".out.spare")
    (out / "briefs" / "b1" / "index.html").unlink()
    site.assert_same()


@pytest.mark.slow
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

    monkeypatch.setattr(generator.build, "_stages", no_build)
    site.incremental()  # would raise if it went past the up-to-date check
    assert tree(out) == before
    (site.content / "briefs" / "b1.md").touch()  # a new mtime, the same bytes: still fresh
    site.incremental()


def test_the_fast_path_notices_each_kind_of_change(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from generator.incremental import uptodate
    from generator.options import Options

    site = Site(tmp_path)
    out = site.incremental()
    cache = tmp_path / "cache"
    now = datetime(2025, 6, 1, tzinfo=UTC)
    shape = uptodate.shape(Options(site.content, out, site.config, now=now))
    assert uptodate.fresh(cache, shape, out, now) is not None
    changed_shape = {**shape, "drafts": True}
    assert uptodate.fresh(cache, changed_shape, out, now) is None
    stamp = (cache / uptodate.STAMP).read_text()

    def due(when: str) -> None:
        (cache / uptodate.STAMP).write_text(
            stamp.replace('"next_due": null', f'"next_due": "{when}"')
        )

    due("2025-05-31T00:00:00+00:00")
    assert uptodate.fresh(cache, shape, out, now) is None  # came due
    due("2025-06-01T00:00:00+00:00")
    assert uptodate.fresh(cache, shape, out, now) is None  # due this very second
    due("2999-01-01T00:00:00+00:00")
    assert uptodate.fresh(cache, shape, out, None) is not None  # by the clock: not yet due
    due("2025-07-01T00:00:00+00:00")
    assert uptodate.fresh(cache, shape, out, now) is not None  # --now decides, not the clock
    (cache / uptodate.STAMP).write_text(stamp)
    (site.root / "templates" / "assets" / "extra.css").write_text("a {}")
    assert uptodate.fresh(cache, shape, out, now) is None
    (site.root / "templates" / "assets" / "extra.css").unlink()
    assert uptodate.fresh(cache, shape, out, now) is not None
    (out / "briefs" / "b1" / "index.html").unlink()
    assert uptodate.fresh(cache, shape, out, now) is None
    recorded = json.loads(stamp)  # a stamp that vouches for no output (it found none intact)
    (cache / uptodate.STAMP).write_text(json.dumps({**recorded, "manifest": None}))
    shutil.rmtree(out)
    assert uptodate.fresh(cache, shape, out, now) is None


def test_the_build_after_an_edit_leaves_the_next_one_nothing_to_do(tmp_path: Path) -> None:
    """The digest the up-to-date check took is the one the build records: after an edit and
    its build, the next build is a no-change build again."""
    from datetime import UTC, datetime

    from generator.options import Options

    site = Site(tmp_path)
    out = site.incremental()
    now = datetime(2025, 6, 1, tzinfo=UTC)
    shape = uptodate.shape(Options(site.content, out, site.config, now=now))
    _edit(site, "b2.md", "Body of", "The new body of")
    assert uptodate.fresh(tmp_path / "cache", shape, out, now) is None
    site.incremental()
    assert uptodate.fresh(tmp_path / "cache", shape, out, now) is not None


def test_the_fast_path_notices_an_output_file_edited_by_hand(tmp_path: Path) -> None:
    """Only a file's size changed, nothing removed: the output is not trusted, and repaired."""
    from datetime import UTC, datetime

    from generator.incremental import uptodate
    from generator.options import Options

    site = Site(tmp_path)
    out = site.incremental()
    now = datetime(2025, 6, 1, tzinfo=UTC)
    shape = uptodate.shape(Options(site.content, out, site.config, now=now))
    assert uptodate.fresh(tmp_path / "cache", shape, out, now) is not None
    (out / "tags" / "pay" / "index.html").write_text("tampered")
    assert uptodate.fresh(tmp_path / "cache", shape, out, now) is None
    site.assert_same()


def test_a_changed_generator_never_trusts_old_output(tmp_path: Path, read_afresh, monkeypatch):
    site = Site(tmp_path)
    copy = tmp_path / "generator"
    shutil.copytree(uptodate.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(uptodate, "PACKAGE", copy)

    def digests() -> tuple[str, str]:
        uptodate.look_again()
        shape = {"content": "c"}
        fast = uptodate.inputs_digest(shape, b"", site.content, site.root / "templates")
        return uptodate.code_digest(), fast

    original = digests()
    feeds = copy / "render" / "feeds.py"  # a file in a sub-package
    feeds.write_text(feeds.read_text() + "\n# changed\n")
    changed = digests()
    assert changed[0] != original[0] and changed[1] != original[1]
    (copy / "render" / "notes.txt").write_text("not code")
    assert digests() == changed
    feeds.rename(copy / "render" / "atom_and_rss.py")  # same bytes, another module
    assert digests()[0] != changed[0]


def test_the_digest_does_not_depend_on_how_a_folder_is_spelt(tmp_path: Path, monkeypatch) -> None:
    from generator.incremental import uptodate

    site = Site(tmp_path)
    monkeypatch.chdir(tmp_path)
    relative = uptodate.inputs_digest({}, b"", Path("content"), Path("templates"))
    absolute = uptodate.inputs_digest({}, b"", site.content, (tmp_path / "templates").resolve())
    assert relative == absolute


@pytest.mark.slow
def test_a_share_card_is_drawn_again_for_a_new_title_or_date_not_for_a_new_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.render import images

    drawn: list[str] = []
    draw = images.share_card

    def counting(masthead: str, headline: str, dateline: str, host: str) -> bytes:
        drawn.append(f"{headline}, {dateline}")
        return draw(masthead, headline, dateline, host)

    monkeypatch.setattr(images, "share_card", counting)
    site = Site(tmp_path)
    site.incremental()
    assert len(drawn) == 6
    drawn.clear()
    _edit(site, "b2.md", "Body of", "Changed body of")
    site.incremental()
    assert drawn == []  # the body is not on the card
    _edit(site, "b2.md", "Brief 2", "Brief two, retitled")
    site.incremental()
    assert drawn == ["Brief two, retitled, 2 January 2025"]
    drawn.clear()
    _edit(site, "b2.md", "2025-01-02", "2025-01-05")
    site.incremental()
    assert drawn == ["Brief two, retitled, 5 January 2025"]
    site.assert_same()


def test_a_stamp_an_older_version_wrote_is_read_without_a_fault(
    tmp_path: Path, read_afresh, capsys
) -> None:
    """A stamp with no record of the installed distributions (as older versions wrote it), or
    one that is not an object, sends the build the long way, never into a traceback."""
    site = Site(tmp_path)
    out = site.incremental()
    stamp = tmp_path / "cache" / uptodate.STAMP
    recorded = json.loads(stamp.read_text())
    for environment in (None, ["not", "an", "object"]):
        stamp.write_text(json.dumps({**recorded, "environment": environment}))
        uptodate.look_again()  # as a new process starts
        before = tree(out)
        assert main(site.args(out, "--cache-dir", str(tmp_path / "cache"))) == 0
        assert "Traceback" not in capsys.readouterr().err
        assert tree(out) == before


def test_moving_the_clock_back_gives_the_clean_build(tmp_path: Path) -> None:
    """`--now` earlier than the last build's: a brief that build published is held back
    again, as a clean build at that time holds it back (no fast path vouches for old output)."""
    site = Site(tmp_path)
    site.write("later.md", brief("Later", 28).replace("2025-01-28", "2025-07-01"))
    site.now = "2025-07-02T00:00:00+00:00"
    site.assert_same()
    assert "Later" in (tmp_path / "out" / "index.html").read_text()
    site.now = NOW
    site.assert_same()
    assert "Later" not in (tmp_path / "out" / "index.html").read_text()


def test_a_build_without_now_takes_the_fast_path_too(tmp_path: Path, monkeypatch) -> None:
    """No `--now` (the clock decides): the build succeeds, and an unchanged site does nothing."""
    site = Site(tmp_path)
    pinned = site.args(tmp_path / "out", "--cache-dir", str(tmp_path / "cache"))
    args = [a for i, a in enumerate(pinned) if "--now" not in (a, pinned[i - 1])]
    assert main(args) == 0
    before = tree(tmp_path / "out")
    import generator.build

    def no_build(*args, **kwargs):
        raise AssertionError("the full build ran although nothing changed")

    monkeypatch.setattr(generator.build, "_stages", no_build)
    assert main(args) == 0
    assert tree(tmp_path / "out") == before


def test_run_uninstalled_the_dependencies_still_key_the_cache(read_afresh, monkeypatch) -> None:
    """From a checkout that was never installed, the direct dependencies (and theirs) are
    still looked up, so a new Markdown still never trusts pages an older one made."""
    monkeypatch.setattr(uptodate, "DISTRIBUTION", "briefing-never-installed")
    found = dict(uptodate.dependency_versions())
    assert found["markdown"] == importlib.metadata.version("markdown")
    assert found["jinja2"] == importlib.metadata.version("jinja2")
