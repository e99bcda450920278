"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.incremental import uptodate

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "golden"
FIXTURE_NOW = "2024-06-01T00:00:00+00:00"


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the generator started as a subprocess: the code under test,
    wherever it was copied (a mutation run's copy too). mutmut's first pass ("stats", which
    records which tests reach which function) records calls in its own process only; a child
    left in that mode would look for mutmut's settings in its own working folder and fail, so it
    runs the code unrecorded. With a mutant active, the child runs that mutant."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}
    if env.get("MUTANT_UNDER_TEST") == "stats":
        del env["MUTANT_UNDER_TEST"]
    return env


def fixture_args(output: Path, *extra: str) -> list[str]:
    """Command-line arguments that build the fixture site into ``output``."""
    return [
        "build",
        "--content",
        str(FIXTURE / "content"),
        "--config",
        str(FIXTURE / "site.yaml"),
        "--output",
        str(output),
        "--now",
        FIXTURE_NOW,
        "--quiet",
        *extra,
    ]


# A minimal valid brief, for throwaway sites.
GOOD = '---\ntitle: "Good"\ndate: 2024-01-01\n---\nBody.\n'


def write_site(root: Path, briefs: dict[str, str], settings: str = "") -> tuple[Path, Path]:
    """A throwaway content tree using the real templates; returns (content, site.yaml)."""
    content = root / "content"
    (content / "briefs").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    for name, text in briefs.items():
        (content / "briefs" / name).write_text(text, "utf-8")
    config = root / "site.yaml"
    config.write_text(
        'title: "T"\nbase_url: "https://example.org/"\ntimezone: Europe/Rome\n'
        f"templates: {ROOT / 'templates'}\n{settings}",
        "utf-8",
    )
    return content, config


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` as {relative path: bytes}."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def _own_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own folder, so the default .cache/briefing is never shared."""
    monkeypatch.chdir(tmp_path)


def install(folder: Path, name: str, version: str, *requires: str) -> None:
    """A distribution's metadata, as pip leaves it in site-packages (no code)."""
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    header = [f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}"]
    header += [f"Requires-Dist: {line}" for line in requires]
    description = "Requires-Dist: prose, not a header\n\nVersion: 0, prose too\n"
    (info / "METADATA").write_text("\n".join(header) + "\n\n" + description)


@pytest.fixture
def read_afresh():
    """Code and installed distributions are read again, before the test and after it."""
    uptodate.look_again()
    yield
    uptodate.look_again()  # the next test sees the real ones again


def dated_brief(title: str, n: int, tags: str = "Pay", body: str = "Body text.") -> str:
    """A brief dated on the n-th day of 2025 (months taken as 28 days long)."""
    month, day = 1 + (n - 1) // 28, 1 + (n - 1) % 28
    return (
        f'---\ntitle: "{title}"\ndate: 2025-{month:02d}-{day:02d}T10:00:00+01:00\n'
        f"tags: [{tags}]\n---\n{body}\n"
    )


def site_with_own_templates(root: Path, settings: str) -> tuple[Path, Path]:
    """An empty content tree, a copy of the real templates and ``settings`` as site.yaml;
    returns (content, site.yaml)."""
    content = root / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copytree(ROOT / "templates", root / "templates")
    config = root / "site.yaml"
    config.write_text(settings)
    return content, config


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium for the whole session (playwright allows one sync driver at a time,
    so every browser test shares it)."""
    from checkers import (
        CHROMIUM,
        INSTALL_HINT,
        have_chromium,
        have_playwright,
        launch_chromium,
        require_tool,
    )

    require_tool(
        "playwright", have_playwright(), "Python package missing; pip install -e '.[test]'"
    )
    require_tool("chromium", have_chromium(), f"{CHROMIUM} not found; {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
