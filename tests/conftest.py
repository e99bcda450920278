"""Shared paths and helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "golden"
FIXTURE_NOW = "2024-06-01T00:00:00+00:00"


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
    (content / "briefs").mkdir(parents=True)
    (content / "pages").mkdir()
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
