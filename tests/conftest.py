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


# Tests over about a second in files other engineers are editing (`pytest --durations=40`):
# marked here rather than with a decorator in the file. A name that no longer exists in its
# module is an error, so a rename cannot silently drop a test into the fast run.
SLOW_ELSEWHERE = {
    "test_incremental.py": (
        "test_every_kind_of_change_gives_the_clean_build",
        "test_random_sequences_of_changes",
        "test_parallel_build_equals_serial_build",
    ),
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = SLOW_ELSEWHERE.get(item.path.name, ())
        if not names or not isinstance(item, pytest.Function):
            continue
        gone = [name for name in names if not hasattr(item.module, name)]
        if gone:
            raise pytest.UsageError(f"conftest.py SLOW_ELSEWHERE: no {gone} in {item.path.name}")
        if item.originalname in names:
            item.add_marker(pytest.mark.slow)
