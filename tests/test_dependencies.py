"""What the cache key knows of the code and the installed distributions."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, install
from packaging.markers import Marker
from packaging.requirements import Requirement

from generator.incremental import uptodate
from generator.incremental.environment import (
    NOT_INSTALLED,
    _needed,
    installed_names,
    normalise,
    runtime_versions,
    source_digest,
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder at the head of sys.path, for made-up distributions."""
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_the_walk_follows_runtime_requirements_only(folder: Path) -> None:
    install(
        folder,
        "demo_root",
        "0.1",
        'demo-a>=1; platform_machine != "a:b"',  # a colon in the value, not a header's
        'Demo_B; extra == "docs"',  # installed, but only for an extra nobody asked for
        'demo-c; python_version < "3"',  # installed, but its marker is false
        "demo-d[more] (>=1.0)",
        "demo-missing",
    )
    install(folder, "demo_a", "1.0", "Demo.E")
    install(folder, "demo_b", "1.0")
    install(folder, "demo_c", "1.0")
    install(folder, "demo_d", "2.0", 'demo-f; extra == "more"', 'demo-g; extra == "other"')
    install(folder, "demo_e", "3.0", "demo-a")  # a cycle
    install(folder, "demo_f", "4.0")
    install(folder, "demo_g", "5.0")
    install(folder, "prose", "1.0")  # named only below METADATA's header, in the description
    assert runtime_versions("demo-root", ["unused"]) == [
        ("demo-a", "1.0"),
        ("demo-d", "2.0"),
        ("demo-e", "3.0"),
        ("demo-f", "4.0"),
        ("demo-missing", NOT_INSTALLED),
    ]
    # Not installed itself: the walk starts from the fallback names.
    assert runtime_versions("demo-absent", ["Demo_A"]) == [("demo-a", "1.0"), ("demo-e", "3.0")]


def test_a_distribution_installed_as_egg_info_is_read_too(folder: Path) -> None:
    """The setuptools layout (PKG-INFO and requires.txt, no METADATA), as Debian's python3
    packages are installed: its version and requirements are found like any other's."""
    info = folder / "oldstyle-2.0.egg-info"
    info.mkdir()
    (info / "PKG-INFO").write_text("Metadata-Version: 1.1\nName: oldstyle\nVersion: 2.0\n")
    (info / "requires.txt").write_text("demo-a\n")
    install(folder, "demo_a", "1.0")
    assert runtime_versions("demo-absent", ["oldstyle"]) == [("demo-a", "1.0"), ("oldstyle", "2.0")]


@pytest.mark.usefixtures("read_afresh")
def test_the_walk_reads_the_real_dependencies_of_briefing() -> None:
    versions = dict(uptodate.dependency_versions())
    needed = {"markupsafe", "lxml", "python-dateutil", "text-unidecode"}  # under Jinja2, ...
    direct = {normalise(Requirement(line).name) for line in uptodate.DIRECT_DEPENDENCIES}
    assert direct | needed | {"pagefind-bin"} <= versions.keys()  # pagefind's "bin" extra
    for name, version in versions.items():
        assert version == importlib.metadata.version(name)
    for test_only in ("pytest", "hypothesis", "feedparser", "mypy", "ruff", "playwright"):
        assert test_only not in versions


def test_the_fallback_names_are_the_dependencies_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [normalise(Requirement(line).name) for line in project["dependencies"]]
    fallback = [normalise(Requirement(line).name) for line in uptodate.DIRECT_DEPENDENCIES]
    assert sorted(declared) == sorted(fallback)
    extras = {
        normalise(Requirement(line).name): Requirement(line).extras
        for line in project["dependencies"]
    }
    assert extras == {
        normalise(Requirement(line).name): Requirement(line).extras
        for line in uptodate.DIRECT_DEPENDENCIES
    }


def test_the_fallback_walk_follows_extras_to_the_pagefind_binary() -> None:
    versions = dict(runtime_versions("no-such-distribution", uptodate.DIRECT_DEPENDENCIES))
    assert versions["pagefind"] == importlib.metadata.version("pagefind")
    assert versions["pagefind-bin"] == importlib.metadata.version("pagefind-bin")


def test_the_installed_names_carry_versions_and_follow_sys_path(folder: Path) -> None:
    before = installed_names()
    real = f"markdown-{importlib.metadata.version('markdown')}.dist-info"
    assert real in [name.lower() for name in before]
    install(folder, "Markdown", "99.0")  # found first, as importlib.metadata finds it
    assert installed_names() == ["Markdown-99.0.dist-info", *before]
    assert importlib.metadata.version("markdown") == "99.0"


def test_older_layouts_on_sys_path_are_listed_too(folder: Path, monkeypatch) -> None:
    """A distribution installed the setuptools way (``name-version.egg-info``, as Debian's
    python3 packages are), an old-style egg on sys.path (its version in its own name) and a
    zip on sys.path (its size and time) each change the list when they are upgraded: the
    fast path then never trusts output made with the old one."""
    (folder / "Markdown-1.0.egg-info").mkdir()
    egg = folder / "feedgen-1.0-py3.11.egg"
    egg.mkdir()
    archive = folder / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.syspath_prepend(str(egg))
    info = archive.stat()
    assert installed_names()[:3] == [
        "feedgen-1.0-py3.11.egg",
        f"{archive}:{info.st_size}:{info.st_mtime_ns}",
        "Markdown-1.0.egg-info",
    ]


@pytest.mark.parametrize(
    "line, extra, expected",
    [
        ("MarkupSafe>=2.0", "", [("markupsafe", "")]),
        ('Babel>=2.7 ; extra == "i18n"', "", []),
        ('Babel>=2.7 ; extra == "i18n"', "i18n", [("babel", "")]),
        ("typing_extensions; python_version<'3'", "", []),
        ("requests[Socks, security] (>=2)", "", [("requests", ""), ("requests", "security"),
                                                  ("requests", "socks")]),
        ("pip @ https://example.org/pip.whl ; os_name == 'nt'", "", []),
        ("", "", []),
    ],
)  # fmt: skip
def test_requirements_are_read(line: str, extra: str, expected) -> None:
    assert _needed(line, extra) == expected


MARKERS = [
    'python_version >= "3.8"',
    'python_version > "3.11"',
    'extra == "test"',
    'extra == "Test_X"',
    '(os_name == "nt" or sys_platform == "linux") and extra == "test-x"',
    '"win" not in sys_platform',
]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("extra", ["", "test", "test_x"])
def test_a_requirement_is_kept_exactly_when_its_marker_holds(marker: str, extra: str) -> None:
    holds = Marker(marker).evaluate({"extra": normalise(extra)})
    assert bool(_needed(f"demo ; {marker}", normalise(extra))) == holds


@pytest.mark.parametrize(
    "line",
    [
        "demo ; unknown_variable == 'x'",
        "demo ; python_version <",
        "demo ; (extra == 'x'",
        "demo ; os_name ~= 'posix'",  # read, but the comparison is undefined: kept
    ],
)
def test_a_requirement_it_cannot_judge_is_kept(line: str) -> None:
    assert _needed(line, "") == [("demo", "")]


def test_markers_use_this_python() -> None:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert _needed(f'demo ; python_version == "{version}"', "") == [("demo", "")]
    assert _needed(f'demo ; python_version > "{version}"', "") == []


def test_the_code_digest_is_the_same_wherever_the_code_lies(tmp_path: Path) -> None:
    """The same generator in another folder (a CI runner, a moved clone) keys the same cache;
    a changed file in a sub-package does not."""
    here, there = tmp_path / "a" / "generator", tmp_path / "elsewhere" / "generator"
    for copy in (here, there):
        shutil.copytree(uptodate.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert source_digest(here) == source_digest(there)
    feeds = there / "render" / "feeds.py"
    feeds.write_bytes(feeds.read_bytes() + b"#")
    assert source_digest(here) != source_digest(there)
