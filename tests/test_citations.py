"""Citations: a source's ``key``, ``[@key]`` and ``[@a; @b]`` in a body, their errors, the
page's sources list and the feeds."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import write_site

from generator.commands.cli import main
from generator.config import SiteConfig
from generator.model import Brief
from generator.parse import parse_brief, parse_page
from generator.render.feeds import item_html

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
PATH = "content/briefs/x.md"
SOURCES = """\
title: T
date: 2024-01-01
sources:
  - title: First
    key: first
  - title: Second
  - title: Third
    key: third-2
"""  # file lines 2 to 9: the keys are on lines 5 and 8


def parse(body: str, front: str = SOURCES) -> tuple[Brief | None, list[str]]:
    brief, errors = parse_brief(PATH, f"---\n{front}---\n{body}".encode(), CONFIG)
    return brief, [str(e) for e in errors]


def ok(body: str, front: str = SOURCES) -> Brief:
    brief, errors = parse(body, front)
    assert errors == [] and brief is not None
    return brief


def test_a_citation_links_to_its_source_by_number() -> None:
    brief = ok("A claim [@third-2].\n")
    assert brief.body_html == (
        '<p>A claim<sup class="cite"><a href="#source-3" id="cite-3-1">3</a></sup>.</p>'
    )
    assert brief.cited == (3,)
    assert brief.sources[2].key == "third-2" and brief.sources[1].key is None


def test_citation_numbers_stay_out_of_the_summary_and_word_count() -> None:
    brief = ok("A claim [@first; @third-2] here.\n")
    assert brief.summary == "A claim here."
    assert brief.words == 3


def test_a_cited_heading_keeps_its_plain_title_in_the_contents() -> None:
    brief = ok("## A heading [@first]\n\nText.\n")
    assert brief.toc[0].text == "A heading"
    assert '<a href="#source-1" id="cite-1-1">1</a>' in brief.body_html


def test_several_keys_in_one_citation() -> None:
    brief = ok("Claims [@third-2; @first].\n")
    assert brief.body_html == (
        '<p>Claims<sup class="cite"><a href="#source-3" id="cite-3-1">3</a>, '
        '<a href="#source-1" id="cite-1-1">1</a></sup>.</p>'
    )
    assert brief.cited == (1, 3)


def test_each_citation_of_a_source_gets_its_own_id_in_document_order() -> None:
    brief = ok("- listed [@first]\n\nThen [@first] and [@first; @third-2].\n")
    ids = re.findall(r'id="([^"]+)"', brief.body_html)
    assert ids == ["cite-1-1", "cite-1-2", "cite-1-3", "cite-3-1"]
    assert brief.body_html.index("cite-1-1") < brief.body_html.index("cite-1-2")


def test_a_citation_in_code_is_left_as_written() -> None:
    brief = ok("`[@first]` and\n\n```\n[@nothing]\n```\n\n    [@first]\n")
    assert "<code>[@first]</code>" in brief.body_html
    assert "[@nothing]" in brief.body_html
    assert "cite" not in brief.body_html and brief.cited == ()


def test_a_link_whose_text_starts_with_at_is_still_a_link() -> None:
    brief = ok("See [@first](https://example.com/a).\n")
    assert '<a href="https://example.com/a">@first</a>' in brief.body_html


def test_an_unknown_key_is_an_error_at_its_body_line() -> None:
    brief, errors = parse("Fine [@first].\n\nBad [@frist; @third-2].\n")
    assert brief is None
    assert errors == [
        f"{PATH}:13: body: no source has the citation key 'frist' (keys: first, third-2)"
    ]


def test_a_citation_in_a_brief_without_sources_is_an_error() -> None:
    _, errors = parse("Claim [@x].\n", "title: T\ndate: 2024-01-01\n")
    assert errors == [f"{PATH}:5: body: no source has the citation key 'x' (keys: none)"]


def test_a_duplicate_key_is_an_error_at_its_line() -> None:
    front = SOURCES + "  - title: Fourth\n    key: first\n"
    _, errors = parse("Text.\n", front)
    assert errors == [f"{PATH}:11: sources key: 'first' is also the key of the source on line 6"]


def test_a_malformed_key_is_an_error_at_its_line() -> None:
    _, errors = parse(
        "Text.\n", "title: T\ndate: 2024-01-01\nsources:\n  - title: A\n    key: Big One\n"
    )
    assert errors == [f"{PATH}:6: sources key: use only a-z, 0-9 and '-', found 'Big One'"]


def test_a_page_cites_nothing_and_keeps_the_text() -> None:
    page, errors = parse_page("content/pages/p.md", b"---\ntitle: P\n---\nMail [@desk].\n", CONFIG)
    assert errors == [] and page is not None
    assert page.body_html == "<p>Mail [@desk].</p>"


def test_a_body_id_never_takes_a_source_entrys_id() -> None:
    brief = ok('<span id="source-1">x</span> [@first]\n\n## Source 1\n')
    assert 'id="source-1"' not in brief.body_html
    assert '<h2 id="source-1-1">' in brief.body_html


def test_feed_items_show_the_numbers_as_links_to_the_page() -> None:
    brief = ok("A claim [@first; @third-2] and [@first].\n")
    html = item_html(brief, "https://example.org/briefs/x/", "https://example.org/")
    assert (
        '<sup class="cite"><a href="https://example.org/briefs/x/#source-1">1</a>, '
        '<a href="https://example.org/briefs/x/#source-3">3</a></sup>'
    ) in html
    assert 'id="cite-' not in html


def test_the_built_page_links_both_ways(tmp_path: Path) -> None:
    brief = f"---\n{SOURCES}---\nOne [@third-2]. Two [@third-2; @first].\n"
    content, config = write_site(tmp_path, {"2024-01-01-x.md": brief})
    out = tmp_path / "site"
    args = ["build", "--content", str(content), "--config", str(config), "--output", str(out)]
    assert main([*args, "--quiet", "--now", "2024-06-01T00:00:00+00:00"]) == 0
    page = (out / "briefs" / "x" / "index.html").read_text("utf-8")
    ids = re.findall(r'id="((?:cite|source)-[^"]+)"', page)
    assert ids == ["cite-3-1", "cite-3-2", "cite-1-1", "source-1", "source-2", "source-3"]
    assert len(set(re.findall(r'id="([^"]+)"', page))) == len(re.findall(r'id="', page))
    backs = re.findall(r'class="cite-back" href="([^"]+)"', page)
    assert backs == ["#cite-1-1", "#cite-3-1"]  # the second source is never cited
    feed = (out / "feed.xml").read_text("utf-8")
    assert "https://example.org/briefs/x/#source-3" in feed
