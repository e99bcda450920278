"""Limits that protect the build: output names stay short.

The per-field limits are asserted in test_parse.py; here are the ones found when the site is
put together (a tag's URL slug) and what the command line prints for them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT

from generator.commands.cli import main
from generator.config import SiteConfig
from generator.errors import BuildFailed
from generator.model import Brief
from generator.parse import parse_brief
from generator.site import assemble

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def parsed(path: str, tags: str, date: str = "2024-01-01") -> Brief:
    data = f"---\ntitle: A\ndate: {date}\ntags: [{tags}]\n---\nBody.\n".encode()
    brief, errors = parse_brief(path, data, CONFIG)
    assert [str(e) for e in errors] == []
    assert brief is not None
    return brief


def assembly_errors(*briefs: Brief) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        assemble(briefs, [], NOW)
    return [str(e) for e in failed.value.errors]


# --- a tag's URL slug -----------------------------------------------------------------------


def test_tag_whose_slug_is_at_the_limit_builds() -> None:
    brief = parsed("content/briefs/a.md", "ß" * 50)  # transliterated: "ss" * 50
    site = assemble([brief], [], NOW)
    assert [(t.name, t.slug) for t in site.tags] == [("ß" * 50, "s" * 100)]


def test_tag_whose_slug_is_too_long_is_reported_once_at_its_newest_brief() -> None:
    older = parsed("content/briefs/a.md", "ß" * 60)
    newer = parsed("content/briefs/b.md", f"Fine, {'ß' * 60}", date="2024-02-01")
    assert assembly_errors(older, newer) == [
        f"content/briefs/b.md:4: tag '{'ß' * 60}' gives a URL slug of 120 characters, "
        "more than 100; use a shorter tag"
    ]


def test_tag_slug_limit_also_counts_drafts_and_scheduled_briefs() -> None:
    data = f"---\ntitle: A\ndate: 2099-01-01\ndraft: true\ntags: [{'ß' * 51}]\n---\nB.\n"
    brief, errors = parse_brief("content/briefs/later.md", data.encode(), CONFIG)
    assert errors == [] and brief is not None
    assert assembly_errors(brief) == [
        f"content/briefs/later.md:5: tag '{'ß' * 51}' gives a URL slug of 102 characters, "
        "more than 100; use a shorter tag"
    ]


# --- what the command line prints instead of an OS traceback ----------------------------------


def write_site(root: Path, briefs: dict[str, str]) -> list[str]:
    content = root / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "pages").mkdir()
    for name, text in briefs.items():
        (content / "briefs" / name).write_text(text, "utf-8")
    config = root / "site.yaml"
    config.write_text(
        f'title: "T"\nbase_url: "https://example.org/"\ntemplates: {ROOT / "templates"}\n',
        "utf-8",
    )
    return ["build", "--content", str(content), "--config", str(config), "--quiet"]


def test_names_too_long_for_a_file_system_are_content_errors(tmp_path: Path, capsys) -> None:
    long_name = f"2024-01-01-{'n' * 240}.md"
    args = write_site(
        tmp_path,
        {
            "tag.md": f"---\ntitle: A\ndate: 2024-01-01\ntags: [{'x' * 300}]\n---\nBody.\n",
            "slug.md": f"---\ntitle: B\ndate: 2024-01-01\nslug: {'s' * 300}\n---\nBody.\n",
            long_name: "---\ntitle: C\ndate: 2024-01-01\n---\nBody.\n",
        },
    )
    out = tmp_path / "out"
    assert main([*args, "--output", str(out)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"content/briefs/{long_name}:1: file name gives a slug of 240 characters, "
        "more than 100; set a shorter 'slug'",
        "content/briefs/slug.md:4: slug: expected at most 100 characters, found 300",
        "content/briefs/tag.md:4: tags entry: expected at most 80 characters, found 300",
        "build failed: 3 problems found, nothing was written",
    ]
    assert not out.exists()
