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
