"""A correction note is inline Markdown: the same HTML on the brief's page and on
/corrections/, plain text in the page's JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from conftest import write_site
from lxml import etree

from generator.commands.cli import main

NOTE = (
    'Fixed the *pay* figure, `$900k` & a **name**; see [the "other" brief](/briefs/other/)'
    ' <span onclick="steal()">here</span><script>alert(1)</script>.'
)
BRIEFS = {
    "other.md": '---\ntitle: "Other"\ndate: 2024-01-01T09:00:00+01:00\n---\nThe other one.\n',
    "noted.md": (
        '---\ntitle: "Noted"\ndate: 2024-01-02T09:00:00+01:00\nupdates:\n'
        "  - date: 2024-01-03T09:00:00+01:00\n    kind: correction\n"
        f"    note: {json.dumps(NOTE)}\n---\nBody.\n"
    ),
}
RELATIVE = "See [above](#more), [the other](../other/) and [mail](mailto:desk@example.org)."
BRIEFS["relative.md"] = (
    '---\ntitle: "Relative"\ndate: 2024-01-04T09:00:00+01:00\nupdates:\n'
    "  - date: 2024-01-05T09:00:00+01:00\n    kind: update\n"
    f"    note: {json.dumps(RELATIVE)}\n---\nBody.\n\n## More\n"
)
PLAIN = "Fixed the pay figure, $900k & a name; see the “other” brief here."


def build(tmp_path: Path) -> Path:
    content, config = write_site(tmp_path, BRIEFS)
    out = tmp_path / "out"
    args = ["--content", str(content), "--config", str(config), "--output", str(out)]
    assert main(["build", *args, "--quiet"]) == 0
    return out


def notes(page: Path) -> list[lxml.html.HtmlElement]:
    """The note paragraph of each logged update."""
    root = lxml.html.fromstring(page.read_text("utf-8"))
    return [li.find_class("update-note")[0] for li in root.find_class("update")]


def test_a_note_renders_its_markup_on_the_brief_and_on_corrections(tmp_path: Path) -> None:
    out = build(tmp_path)
    for page, other in (
        (out / "briefs" / "noted" / "index.html", "../other/"),
        (out / "corrections" / "index.html", "../briefs/other/"),
    ):
        note = notes(page)[-1]  # on /corrections/, the oldest: "Noted"
        assert [(e.tag, e.text) for e in note] == [
            ("em", "pay"),
            ("code", "$900k"),
            ("strong", "name"),
            ("a", "the “other” brief"),
            ("span", "here"),
        ]
        assert note.find("a").get("href") == other
        assert " ".join(note.text_content().split()) == PLAIN
        # Raw HTML keeps only what the body's allow-list keeps
        assert [dict(e.attrib) for e in note.iter("span")] == [{}]
        assert not list(note.iter("script"))


def test_the_json_ld_correction_is_plain_text(tmp_path: Path) -> None:
    page = build(tmp_path) / "briefs" / "noted" / "index.html"
    root = lxml.html.fromstring(page.read_text("utf-8"))
    scripts = root.xpath("//script[@type='application/ld+json']")
    (data,) = [d for d in map(json.loads, (s.text for s in scripts)) if d["@type"] == "NewsArticle"]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": PLAIN,
            "datePublished": "2024-01-03T09:00:00+01:00",
        }
    ]


def test_relative_links_in_a_note_lead_to_the_same_place_on_every_page(tmp_path: Path) -> None:
    out = build(tmp_path)
    brief, corrections = (
        out / "briefs" / "relative" / "index.html",
        out / "corrections" / "index.html",
    )
    targets = ["#more", "../other/", "mailto:desk@example.org"]
    assert [a.get("href") for a in notes(brief)[0].iter("a")] == targets
    on_corrections = ["../briefs/relative/#more", "../briefs/other/", "mailto:desk@example.org"]
    # /corrections/ lists the newest first: this update, then the correction to "Noted"
    assert [a.get("href") for a in notes(corrections)[0].iter("a")] == on_corrections
    feed = (out / "corrections" / "feed.xml").read_bytes()
    description = etree.fromstring(feed).findtext("channel/item/description")
    found = [a.get("href") for a in lxml.html.fragment_fromstring(description, "div").iter("a")]
    assert found == [
        "https://example.org/briefs/relative/#more",
        "https://example.org/briefs/other/",
        "mailto:desk@example.org",
    ]
