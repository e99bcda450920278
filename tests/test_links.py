"""Links in bodies: rewritten and checked on parsed attributes only, never in text or code;
body heading ids that never take an id of the templates."""

from __future__ import annotations

import json
import re
from html import escape as escape_html
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT, write_site
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator import markup
from generator.commands.cli import main
from generator.markup import RESERVED_IDS

CODE_BRIEF = """\
---
title: "Code"
date: 2024-01-02
id: "tag:t,2024:code"
tags: [Pay]
---
Write `<a href="/x">` to link, as [the other brief](/briefs/other/) does.[^1]

```html
<a href="/x">x</a> <img src="/y.png"> <q cite="/z">
```

    <p href="/x">indented code</p>

See [this part](#part).

## Part

[^1]: A note [with a link](/briefs/other/).
"""
OTHER = '---\ntitle: "Other"\ndate: 2024-01-01\nid: "tag:t,2024:other"\ntags: [Pay]\n---\nBody.\n'
CODE_TEXT = ('href="/x"', 'src="/y.png"', 'cite="/z"')


def build(root: Path, *extra: str) -> int:
    args = ["--content", str(root / "content"), "--config", str(root / "site.yaml")]
    return main(["build", *args, "--output", str(root / "out"), "--quiet", *extra])


def code_texts(html: str) -> list[str]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [e.text_content() for e in root.iter("code")]


def link_values(html: str) -> list[str]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [e.get(a) for e in root.iter() for a in ("href", "src", "cite") if e.get(a)]


def feed_bodies(out: Path) -> dict[str, str]:
    """The HTML content of the "Code" brief in every feed that carries it."""
    found = {}
    for name in ("feed.xml", "tags/pay/feed.xml"):
        item = etree.parse(out / name).find("channel/item")
        found[name] = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    atom = etree.parse(out / "atom.xml").find("{http://www.w3.org/2005/Atom}entry")
    found["atom.xml"] = atom.findtext("{http://www.w3.org/2005/Atom}content")
    found["feed.json"] = json.loads((out / "feed.json").read_text())["items"][0]["content_html"]
    return found


@pytest.fixture
def code_site(tmp_path: Path) -> Path:
    write_site(tmp_path, {"code.md": CODE_BRIEF, "other.md": OTHER})
    assert build(tmp_path) == 0
    return tmp_path / "out"


def test_code_that_looks_like_a_link_is_never_rewritten_on_the_page(code_site: Path) -> None:
    page = (code_site / "briefs/code/index.html").read_text()
    div = lxml.html.fromstring(page).find_class("body")[0]
    body = lxml.html.tostring(div, encoding="unicode")
    codes = code_texts(body)
    assert codes[0] == '<a href="/x">'
    assert all(text in codes[1] for text in CODE_TEXT)
    assert codes[2] == '<p href="/x">indented code</p>\n'
    links = link_values(body)
    assert links.count("../other/") == 2  # the real link and the one in the footnote
    assert "#part" in links and any(link.startswith("#fn:") for link in links)
    assert "/x" not in links and "../../x/" not in page and "../x" not in page


def test_code_that_looks_like_a_link_is_never_rewritten_in_any_feed(code_site: Path) -> None:
    for name, html in feed_bodies(code_site).items():
        codes = code_texts(html)
        assert codes[0] == '<a href="/x">', name
        assert all(text in codes[1] for text in CODE_TEXT), name
        links = link_values(html)
        assert links.count("https://example.org/briefs/other/") == 2, name
        assert "https://example.org/briefs/code/#part" in links, name
        assert any(link.startswith("https://example.org/briefs/code/#fn:") for link in links)
        assert "https://example.org/x" not in html, name


def test_a_body_heading_never_takes_an_id_of_the_templates(tmp_path: Path) -> None:
    headings = "\n\n".join(
        f"## {name.replace('-', ' ').title()}\n\nText." for name in sorted(RESERVED_IDS)
    )
    raw = '<div id="updates">Raw.</div>\n\n## Main 1\n\nText.\n'
    brief = (
        '---\ntitle: "Ids"\ndate: 2024-01-02\nsources:\n  - title: "A source"\n'
        "updates:\n  - date: 2024-01-03\n    kind: correction\n    note: Fixed.\n"
        f"---\n{headings}\n\n{raw}"
    )
    write_site(tmp_path, {"ids.md": brief, "other.md": OTHER})
    assert build(tmp_path) == 0
    page = lxml.html.parse(str(tmp_path / "out/briefs/ids/index.html")).getroot()
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), sorted(ids)
    body_ids = {e.get("id") for e in page.find_class("body")[0].iter() if e.get("id")}
    assert not body_ids & RESERVED_IDS
    assert {"main-1", "updates-1", "toc-title-1", "main-1_1", "updates-2"} <= body_ids
    # the skip link and the "Updated" link still reach the template's own elements
    assert page.get_element_by_id("main").tag == "main"
    assert page.get_element_by_id("updates").get("class") == "updates"
    targets = [a.get("href")[1:] for a in page.iter("a") if a.get("href", "").startswith("#")]
    assert targets and all(page.get_element_by_id(t) is not None for t in targets)


def test_the_reserved_ids_are_every_id_the_templates_write() -> None:
    written = set()
    for template in (ROOT / "templates").glob("*.html"):
        written |= set(re.findall(r'\bid="([^"{]+)"', template.read_text()))
    assert written == RESERVED_IDS


# --- check and build read the links the build writes --------------------------------------

LINKING = """\
---
title: "Linking"
date: 2024-01-05
id: "tag:t,2024:linking"
---
A note.[^1] The HTML abbreviation, a [good link](/briefs/other/).

`[not a link](/briefs/nowhere/)` and [a draft](/briefs/draft/).

Also [later](../later/) and [gone](/briefs/gone/ "Gone").

![missing picture](/assets/missing.png)

> Quoted.

*[HTML]: Hyper Text Markup Language
[^1]: According to [the draft](/briefs/draft/#top).
"""
DRAFT = (
    '---\ntitle: "Draft"\ndate: 2024-01-03\nid: "tag:t,2024:draft"\ndraft: true\n---\nNot yet.\n'
)
LATER = '---\ntitle: "Later"\ndate: 2030-01-01T09:00:00+01:00\nid: "tag:t,2030:later"\n---\nSoon.\n'
NOW = "2024-06-01T00:00:00+00:00"
PROBLEMS = [
    "content/briefs/linking.md:8: link to /briefs/draft/ leads to a draft brief",
    "content/briefs/linking.md:10: link to ../later/ leads to a brief scheduled for "
    "2030-01-01T09:00:00+01:00",
    "content/briefs/linking.md:10: link to /briefs/gone/ matches no page of this site",
    "content/briefs/linking.md:12: link to /assets/missing.png matches no page of this site",
    "content/briefs/linking.md:17: link to /briefs/draft/#top leads to a draft brief",
]


def linking_site(root: Path) -> Path:
    briefs = {"linking.md": LINKING, "other.md": OTHER, "draft.md": DRAFT, "later.md": LATER}
    content, _ = write_site(root, briefs)
    return content


def test_check_finds_links_in_the_built_html_at_their_lines(tmp_path: Path, capsys) -> None:
    linking_site(tmp_path)
    args = ["--content", str(tmp_path / "content"), "--config", str(tmp_path / "site.yaml")]
    assert main(["check", *args]) == 1
    assert capsys.readouterr().err.splitlines() == [
        *PROBLEMS,
        "check failed: 5 problems found, nothing was written",
    ]


def test_the_build_warns_about_the_same_links_on_every_build(tmp_path: Path, capsys) -> None:
    linking_site(tmp_path)
    warnings = [line.replace(": link", ": warning: link", 1) for line in PROBLEMS]
    assert build(tmp_path, "--now", NOW) == 0
    assert capsys.readouterr().err.splitlines() == warnings
    assert (tmp_path / "out/briefs/linking/index.html").exists()
    assert build(tmp_path, "--now", NOW) == 0  # nothing to do: the warnings still show
    assert capsys.readouterr().err.splitlines() == warnings
    other = tmp_path / "content/briefs/other.md"
    other.write_text(OTHER.replace("Body.", "New body."))  # linking.md comes from the cache
    assert build(tmp_path, "--now", NOW) == 0
    assert capsys.readouterr().err.splitlines() == warnings
    draft = tmp_path / "content/briefs/draft.md"
    draft.write_text(DRAFT.replace("draft: true\n", ""))  # published: no longer a warning
    assert build(tmp_path, "--now", NOW) == 0
    assert capsys.readouterr().err.splitlines() == warnings[1:4]


def test_a_site_without_broken_links_checks_and_builds_quietly(tmp_path: Path, capsys) -> None:
    write_site(tmp_path, {"code.md": CODE_BRIEF, "other.md": OTHER})
    args = ["--content", str(tmp_path / "content"), "--config", str(tmp_path / "site.yaml")]
    assert main(["check", *args]) == 0
    assert build(tmp_path) == 0
    assert capsys.readouterr().err == ""


def test_the_preview_logs_the_link_warnings_on_every_rebuild(tmp_path: Path) -> None:
    from generator.commands.serve import Preview
    from generator.options import Options

    content = linking_site(tmp_path)
    logged: list[str] = []
    options = Options(content, tmp_path / "out", tmp_path / "site.yaml", drafts=True)
    preview = Preview(options, log=logged.append)
    assert preview.rebuild() and preview.rebuild()
    # drafts are shown in the preview, but a link to one still leads to a draft brief
    warnings = [line.replace(": link", ": warning: link", 1) for line in PROBLEMS]
    assert [line for line in logged if not line.startswith("rebuilt: ")] == warnings * 2


def _line_by_line(url: str, text: str, first_line: int) -> int:
    """The obvious reading of where a link was written, one line at a time."""
    forms = {url, escape_html(url)}
    lines = text.split("\n")
    for number, line in enumerate(lines, start=first_line):
        if any(form in line for form in forms):
            return number
    if "/" in url:
        for number, line in enumerate(lines, start=first_line):
            if any(form in line.replace("\\", "/") for form in forms):
                return number
    return first_line


@settings(max_examples=500, deadline=None)
@example("x\nhttps:\\\\a.example\\b", "https://a.example/b", 3)
@example("one\na &amp; b\na & b", "a & b", 1)
@given(
    st.text(alphabet='ab/\\\n&<"x', max_size=14),
    st.text(alphabet='ab/\\\n&<"x', max_size=4),
    st.integers(min_value=1, max_value=9),
)
def test_a_link_is_located_on_the_first_line_that_holds_it(
    text: str, url: str, first_line: int
) -> None:
    assert markup._line_of(url, text, first_line) == _line_by_line(url, text, first_line)
