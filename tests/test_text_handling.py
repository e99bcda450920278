"""Text handling: tags sorted by collation, text fields made only of invisible characters,
and the writing direction of a brief's or page's language."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import write_site

from generator.commands.cli import main
from generator.config import SiteConfig
from generator.model import Brief, direction
from generator.parse import parse_brief, parse_page
from generator.site import assemble

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
PATH = "content/briefs/x.md"
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def brief(front: str, path: str = PATH) -> tuple[Brief | None, list[str]]:
    made, errors = parse_brief(path, f"---\n{front}---\nBody.\n".encode(), CONFIG)
    return made, [str(e) for e in errors]


def test_tags_sort_by_collation_not_code_point() -> None:
    made, errors = brief("title: T\ndate: 2024-01-01\ntags: [Strikes, Économie, AI, eco, Zed]\n")
    assert errors == [] and made is not None
    names = [tag.name for tag in assemble([made], [], NOW).tags]
    assert names == ["AI", "eco", "Économie", "Strikes", "Zed"]


def test_ascii_tags_sort_case_insensitively() -> None:
    made, _ = brief("title: T\ndate: 2024-01-01\ntags: [pay, Hiring, AI]\n")
    assert made is not None
    assert [tag.name for tag in assemble([made], [], NOW).tags] == ["AI", "Hiring", "pay"]


@pytest.mark.parametrize(
    "tags",
    [
        ["AI rules", "AI-driven hiring", "pay"],  # ASCII: their case-folded text
        ["AI rules", "AI-driven hiring", "eco", "Économie", "Zed"],  # the collation
    ],
)
def test_tags_sort_by_name_not_by_url_slug(tags: list[str]) -> None:
    # by slug, "ai-driven-hiring" would come before "ai-rules"
    made, _ = brief(f"title: T\ndate: 2024-01-01\ntags: [{', '.join(reversed(tags))}]\n")
    assert made is not None
    assert [tag.name for tag in assemble([made], [], NOW).tags] == tags


def test_a_tag_is_shown_in_its_most_used_spelling() -> None:
    # "gig economy" twice, "Gig Economy" once: one tag, named as most briefs write it (on a
    # tie the first in code-point order would win: "Gig Economy")
    made = [
        brief(f"title: T\ndate: 2024-01-0{day}\ntags: [{tag}]\n", f"content/briefs/{day}.md")[0]
        for day, tag in ((1, "Gig Economy"), (2, "gig economy"), (3, "gig economy"))
    ]
    assert all(made)
    site = assemble(made, [], NOW)  # type: ignore[arg-type]
    assert [(t.name, t.slug, len(t.briefs)) for t in site.tags] == [
        ("gig economy", "gig-economy", 3)
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('"\\u200b"', "U+200B (zero width space)"),
        ('"\\u200d\\u200c"', "U+200D (zero width joiner), U+200C (zero width non-joiner)"),
        (
            '"\\u2060 \\ufeff"',
            "U+2060 (word joiner), U+0020 (space), U+FEFF (zero width no-break space)",
        ),
        ('"\\u00ad"', "U+00AD (soft hyphen)"),
        ('"\\u200f\\u202e"', "U+200F (right-to-left mark), U+202E (right-to-left override)"),
        ('"\\u3164"', "U+3164 (hangul filler)"),
    ],
)
def test_a_title_of_invisible_characters_is_an_error_at_its_line(value: str, shown: str) -> None:
    _, errors = brief(f"date: 2024-01-01\ntitle: {value}\n")
    assert errors == [f"{PATH}:3: title: has no visible characters, only {shown}"]


def test_summaries_tags_and_page_titles_must_be_visible_too() -> None:
    _, errors = brief('title: T\ndate: 2024-01-01\nsummary: "\\u200b"\ntags: [Pay, "\\u2060"]\n')
    assert errors == [
        f"{PATH}:4: summary: has no visible characters, only U+200B (zero width space)",
        f"{PATH}:5: tags entry: has no visible characters, only U+2060 (word joiner)",
    ]
    page, page_errors = parse_page("content/pages/p.md", b'---\ntitle: "\\ufeff"\n---\nX\n', CONFIG)
    assert page is None
    assert [str(e) for e in page_errors] == [
        "content/pages/p.md:2: title: has no visible characters, "
        "only U+FEFF (zero width no-break space)"
    ]


def test_invisible_characters_inside_visible_text_are_fine() -> None:
    made, errors = brief('title: "Zero\\u200bwidth \\u200fمرحبا"\ndate: 2024-01-01\n')
    assert errors == [] and made is not None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", "rtl"),
        ("he-IL", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ckb", "rtl"),
        ("pa-Arab", "rtl"),
        ("en", ""),
        ("pt-BR", ""),
        ("az-Latn", ""),
    ],
)
def test_direction_of_a_language(lang: str, expected: str) -> None:
    assert direction(lang) == expected


def test_briefs_and_pages_carry_their_direction() -> None:
    made, _ = brief("title: T\ndate: 2024-01-01\nlang: ar\n")
    assert made is not None and made.dir == "rtl"
    page, _ = parse_page("content/pages/p.md", b"---\ntitle: P\n---\nX\n", CONFIG)
    assert page is not None and page.dir == ""


def test_a_right_to_left_brief_page_says_so(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndate: 2024-01-01\nlang: ar\n---\nنص.\n"
    content, config = write_site(tmp_path, {"2024-01-01-x.md": text})
    out = tmp_path / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    assert main([*args, "--quiet", "--now", "2024-06-01T00:00:00+00:00"]) == 0
    page = (out / "briefs" / "x" / "index.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<html lang="en">' in (out / "index.html").read_text("utf-8")
