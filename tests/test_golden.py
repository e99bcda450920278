"""The fixture site, built, must equal the committed golden copy byte for byte.

Regenerate on purpose with `make golden` (UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import GOLDEN, fixture_args, tree

from generator.commands.cli import main
from generator.urls import MANIFEST


def test_fixture_site_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(fixture_args(out)) == 0
    built = {path: data for path, data in tree(out).items() if path != MANIFEST}
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in built.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    expected = tree(GOLDEN)
    assert sorted(built) == sorted(expected), "files differ; run `make golden` and review"
    changed = [path for path in built if built[path] != expected[path]]
    assert changed == [], f"content differs in {changed}; run `make golden` and review the diff"
