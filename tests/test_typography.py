"""The typographic pass (generator/typography.py): quotes, apostrophes, dashes and ellipses
in plain text and in HTML, and every text field of a brief, page and tag typeset by it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import SiteConfig
from generator.markup import render, render_inline
from generator.parse import parse_brief, parse_page
from generator.site import assemble
from generator.typography import typeset_html, typeset_text

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
NOW = datetime(2030, 1, 1, tzinfo=UTC)
STRAIGHT = re.compile(r"[\"']|--|\.\.\.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Quoted"', "“Quoted”"),
        ("'Quoted'", "‘Quoted’"),
        ('He said "stop."', "He said “stop.”"),
        ('("bracketed")', "(“bracketed”)"),
        ("['bracketed']", "[‘bracketed’]"),
        ('a --"quote"', "a –“quote”"),
        ('a---"quote"', "a—“quote”"),
        ("\"She said 'no' twice\"", "“She said ‘no’ twice”"),
        ("'\"Nested\"'", "‘“Nested”’"),
        ("actors' union", "actors’ union"),
        ("don't, it's, we'll", "don’t, it’s, we’ll"),
        ("the '90s and the '20s", "the ’90s and the ’20s"),
        ("back in '24, then", "back in ’24, then"),
        ("rock 'n' roll", "rock ’n’ roll"),
        ("pages 10--12", "pages 10–12"),
        ("a pause --- then", "a pause — then"),
        ("and so...", "and so…"),
        ("wait... what", "wait… what"),
        ("plain words stay", "plain words stay"),
    ],
)
def test_plain_text(text: str, expected: str) -> None:
    assert typeset_text(text) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<p>"<em>Hi</em>" it\'s</p>', "<p>“<em>Hi</em>” it’s</p>"),
        ('<p>word <em>"x"</em></p>', "<p>word <em>“x”</em></p>"),
        (
            '<p><a href="a\'b" title="x">"link"</a></p>',
            '<p><a href="a\'b" title="x">“link”</a></p>',
        ),
        ("<p title='\"q\" -- ...'>x</p>", "<p title='\"q\" -- ...'>x</p>"),
        ('<p>a <code>"x" -- ...</code> b\'s</p>', '<p>a <code>"x" -- ...</code> b’s</p>'),
        ('<pre><code>it\'s -- "raw"\n</code></pre>', '<pre><code>it\'s -- "raw"\n</code></pre>'),
        ("<kbd>--help</kbd> and <samp>'x'</samp>", "<kbd>--help</kbd> and <samp>'x'</samp>"),
        ("<script>a = '--'</script><style>b{c:'d'}</style>", None),
        ("<p>&quot;Hi&quot; and &#39;90s &#34;x&#34;</p>", "<p>“Hi” and ’90s “x”</p>"),
        ('<p>x</p><p>"new paragraph"</p>', "<p>x</p><p>“new paragraph”</p>"),
        ("<p>a<br>'quote'</p>", "<p>a<br>‘quote’</p>"),
        ('<p>a&nbsp;"b"</p>', "<p>a&nbsp;“b”</p>"),
        ("<!-- \"comment\" --><p>'x'</p>", '<!-- "comment" --><p>‘x’</p>'),
        ('<p data-x="a>b">"c"</p>', '<p data-x="a>b">“c”</p>'),
        ('<pre>x</pre>"after"', "<pre>x</pre>“after”"),
    ],
)
def test_html(fragment: str, expected: str | None) -> None:
    assert typeset_html(fragment) == (fragment if expected is None else expected)


@pytest.mark.parametrize(
    "text", ["“Already” typeset – it’s done… — ‘yes’", "rock ’n’ roll", "’90s", "a –“b”"]
)
def test_typeset_text_is_left_alone(text: str) -> None:
    assert typeset_text(text) == text
    assert typeset_html(f"<p>{text}</p>") == f"<p>{text}</p>"


def test_body_code_stays_as_written() -> None:
    body = render("It's `\"code\" -- x...` and\n\n    it's -- indented\n\n```\n'fenced'\n```\n")
    assert '<code>"code" -- x...</code>' in body.html
    assert "it's -- indented" in body.html
    assert "'fenced'" in body.html
    assert body.html.startswith("<p>It’s ")


def test_headings_and_their_table_of_contents_match() -> None:
    body = render('## The workers\' "rights"\n\nText.\n')
    assert '<h2 id="the-workers-rights">The workers’ “rights”</h2>' in body.html
    assert body.toc[0].text == "The workers’ “rights”"


def test_a_correction_note_is_typeset() -> None:
    assert render_inline("An \"earlier\" version -- wrong... [it's](https://example.com/a'b)") == (
        'An “earlier” version – wrong… <a href="https://example.com/a\'b">it’s</a>'
    )


BRIEF = """\
---
title: "The day's \\"big\\" story -- today..."
date: 2024-01-01
summary: "The union's view -- in short..."
tags: ["Workers' rights", "R--D"]
sources:
  - title: "Un'inchiesta \\"vera\\""
    publisher: "O'Reilly -- Media"
    author: "Anne O'Neil"
updates:
  - date: 2024-01-02
    kind: correction
    note: "An earlier version gave the \\"wrong\\" figure..."
---
The actors' "strike" -- day 2...
"""


def test_the_table_of_contents_holds_every_heading_in_order_with_its_level() -> None:
    """Sub-headings are listed under their section, and count towards the five headings that
    give a brief a table of contents."""
    text = "## One\n\nA.\n\n### One, first\n\nB.\n\n#### Deeper\n\nC.\n\n## Two\n\n### Two, 1\n"
    assert [(h.level, h.id, h.text) for h in render(text).toc] == [
        (2, "one", "One"),
        (3, "one-first", "One, first"),
        (4, "deeper", "Deeper"),
        (2, "two", "Two"),
        (3, "two-1", "Two, 1"),
    ]
    data = f"---\ntitle: T\ndate: 2024-01-01\n---\n{text}".encode()
    brief, errors = parse_brief("content/briefs/x.md", data, CONFIG)
    assert errors == [] and brief is not None and brief.shows_toc
    shorter = data.replace(b"### Two, 1\n", b"")
    brief, errors = parse_brief("content/briefs/x.md", shorter, CONFIG)
    assert errors == [] and brief is not None and not brief.shows_toc


def test_every_field_of_a_brief_is_typeset() -> None:
    brief, errors = parse_brief("content/briefs/x.md", BRIEF.encode(), CONFIG)
    assert errors == [] and brief is not None
    assert brief.title == "The day’s “big” story – today…"
    assert brief.summary == "The union’s view – in short…"
    source = brief.sources[0]
    assert (source.title, source.publisher, source.author) == (
        "Un’inchiesta “vera”",
        "O’Reilly – Media",
        "Anne O’Neil",
    )
    assert brief.updates[0].note == "An earlier version gave the “wrong” figure…"
    assert brief.updates[0].note_html == "An earlier version gave the “wrong” figure…"
    assert brief.body_html == "<p>The actors’ “strike” – day 2…</p>"
    site = assemble([brief], [], NOW)
    assert [tag.name for tag in site.tags] == ["R–D", "Workers’ rights"]
    assert [ref.name for ref in site.tags_of(brief)] == ["Workers’ rights", "R–D"]
    # slugs and ids come from what was written, never from the typeset text
    assert [tag.slug for tag in site.tags] == ["r-d", "workers-rights"]
    assert site.tag("Workers' rights") is site.tag("Workers’ rights")
    assert brief.id == "tag:briefing,2024:x" and brief.slug == "x"


def test_a_page_title_is_typeset() -> None:
    page, errors = parse_page(
        "content/pages/about.md", b"---\ntitle: \"About 'us' -- the desk\"\n---\nText.\n", CONFIG
    )
    assert errors == [] and page is not None
    assert page.title == "About ‘us’ – the desk"


def test_the_default_summary_is_typeset() -> None:
    brief, _ = parse_brief(
        "content/briefs/x.md", b'---\ntitle: T\ndate: 2024-01-01\n---\nIt\'s "here".\n', CONFIG
    )
    assert brief is not None and brief.summary == "It’s “here”."


# --- properties ------------------------------------------------------------------------------

_BACK = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "--", "—": "---", "…": "..."})


def _plain(text: str) -> str:
    """Every quote, dash and ellipsis written back in its straight form."""
    return text.translate(_BACK)


_TEXT = st.text(alphabet=st.sampled_from(list("ab 1'\"-.(“’–…\n")), max_size=40)
_PIECES = st.one_of(
    _TEXT,
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<em>",
            "</em>",
            "<code>",
            '<code class="c-1">',
            "</code>",
            '<span title="a>b -- c\'s">',
            "</span>",
            "<pre>",
            "</pre>",
            '<a href="x\'y--z" title="&quot;t&quot;">',
            "</a>",
            "<br>",
            "&amp;",
            "&quot;",
            "&lt;",
        ]
    ),
)
_TAG = re.compile(r"<[^>]*>")


def _events(fragment: str) -> list[tuple]:
    """What an HTML parser reads: each tag with its attributes, and the text as plain."""
    events: list[tuple] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            events.append(("start", tag, tuple(attrs)))

        def handle_endtag(self, tag: str) -> None:
            events.append(("end", tag))

        def handle_data(self, data: str) -> None:
            events.append(("text", _plain(data)))

    reader = Reader(convert_charrefs=True)
    reader.feed(fragment)
    reader.close()
    return events


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_plain_text_changes_only_quotes_dashes_and_dots(text: str) -> None:
    out = typeset_text(text)
    assert _plain(out) == _plain(text)
    assert not STRAIGHT.search(out)
    assert typeset_text(out) == out


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_html_changes_only_text_and_stays_valid(pieces: list[str]) -> None:
    fragment = nh3.clean("".join(pieces))  # what the pass is given: sanitised HTML
    out = typeset_html(fragment)
    assert _TAG.findall(out) == _TAG.findall(fragment)  # tags and attributes as they were
    texts = [_plain(part.replace("&quot;", '"')) for part in _TAG.split(fragment)]
    assert [_plain(part) for part in _TAG.split(out)] == texts
    assert _events(out) == _events(fragment)  # an HTML parser reads the same elements
    assert typeset_html(out) == out
    for code in re.findall(r"<(code|pre)>(.*?)</\1>", fragment, re.S):
        assert f"<{code[0]}>{code[1]}</{code[0]}>" in out
