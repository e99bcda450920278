"""What the cache key knows of the code and the installed distributions."""

from __future__ import annotations

import importlib.metadata
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.markers import Marker  # pytest needs packaging: it is always there in tests
from test_incremental import install, read_afresh  # noqa: F401 (a fixture)

from generator.incremental import uptodate
from generator.incremental.environment import (
    NOT_INSTALLED,
    installed_names,
    marker_holds,
    normalise,
    parse_requirement,
    runtime_versions,
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
        "demo-a>=1",
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


@pytest.mark.usefixtures("read_afresh")
def test_the_walk_reads_the_real_dependencies_of_briefing() -> None:
    versions = dict(uptodate.dependency_versions())
    needed = {"markupsafe", "lxml", "python-dateutil", "text-unidecode"}  # under Jinja2, ...
    assert set(uptodate.DIRECT_DEPENDENCIES) | needed <= versions.keys()
    for name, version in versions.items():
        assert version == importlib.metadata.version(name)
    for test_only in ("pytest", "hypothesis", "feedparser", "mypy", "ruff", "playwright"):
        assert test_only not in versions


def test_the_fallback_names_are_the_dependencies_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [parse_requirement(line) for line in project["dependencies"]]
    assert sorted(r[0] for r in declared if r) == sorted(uptodate.DIRECT_DEPENDENCIES)


def test_the_installed_names_carry_versions_and_follow_sys_path(folder: Path) -> None:
    before = installed_names()
    real = f"markdown-{importlib.metadata.version('markdown')}.dist-info"
    assert real in [name.lower() for name in before]
    install(folder, "Markdown", "99.0")  # found first, as importlib.metadata finds it
    assert installed_names() == ["Markdown-99.0.dist-info", *before]
    assert importlib.metadata.version("markdown") == "99.0"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("MarkupSafe>=2.0", ("markupsafe", [], "")),
        ('Babel>=2.7 ; extra == "i18n"', ("babel", [], 'extra == "i18n"')),
        ("typing_extensions; python_version<'3'", ("typing-extensions", [], "python_version<'3'")),
        ("requests[Socks, security] (>=2)", ("requests", ["socks", "security"], "")),
        ("pip @ https://example.org/pip.whl ; os_name == 'nt'", ("pip", [], "os_name == 'nt'")),
        ("", None),
    ],
)  # fmt: skip
def test_requirements_are_read(line: str, expected) -> None:
    assert parse_requirement(line) == expected


MARKERS = [
    'python_version < "3.11"',
    'python_version >= "3.8"',
    'python_version > "3.11"',
    'python_version <= "3.11"',
    'python_version == "3.11"',
    "python_version == '3.*'",
    "python_version != '3.11.*'",
    'python_version ~= "3.10"',
    'python_full_version ~= "3.11.0"',
    'python_full_version >= "3.11.7"',
    'extra == "test"',
    'extra == "Test_X"',
    'sys_platform == "win32"',
    'platform_system != "Windows" and python_version >= "3.9"',
    '(os_name == "nt" or sys_platform == "linux") and extra == "test-x"',
    'os_name == "nt" or sys_platform == "linux" and extra == "test"',
    '"linux" in sys_platform',
    '"win" not in sys_platform',
    'implementation_name == "cpython"',
    "platform_python_implementation == 'PyPy'",
    '"3.11" == python_version',
]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("extra", ["", "test", "test_x"])
def test_markers_are_judged_as_packaging_judges_them(marker: str, extra: str) -> None:
    assert marker_holds(marker, extra) == Marker(marker).evaluate({"extra": normalise(extra)})


@pytest.mark.parametrize(
    "marker",
    ['python_version < "1.0a1"', "unknown_variable == 'x'", "python_version <", "(extra == 'x'"],
)
def test_a_marker_it_cannot_judge_keeps_the_requirement(marker: str) -> None:
    assert marker_holds(marker)


def test_markers_use_this_python() -> None:
    assert marker_holds(f'python_version == "{sys.version_info[0]}.{sys.version_info[1]}"')
    assert not marker_holds(f'python_version > "{sys.version_info[0]}.{sys.version_info[1]}"')
