"""Hostile and malformed input, tried the way the report on issue 19 tried it: each ends in
bounded work and, where it is wrong, a located error (`path:line: message`, exit 1, no
traceback) in both `build` and `check`, with the site built before left exactly as it was.
Where the input is fine, the output never lets a payload go live."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import hypothesis
import markdown
import pytest
from conftest import GOOD, ROOT, tree, write_site
from hypothesis import strategies as st

from generator import limits
from generator.commands import cli
from generator.commands.cli import main
from generator.config import SiteConfig
from generator.parse import parse_brief
from generator.render import images
from generator.site import assemble

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
NOW = "2024-06-01T00:00:00+00:00"


def args(command: str, content: Path, config: Path, *extra: str) -> list[str]:
    return [command, "--content", str(content), "--config", str(config), *extra]


def build(content: Path, config: Path, out: Path) -> int:
    return main([*args("build", content, config), "--output", str(out), "--now", NOW, "--quiet"])


def refused(
    tmp_path: Path, capsys: Any, change: Any, briefs: dict[str, str] | None = None
) -> list[str]:
    """Build a good site, make ``change(content)``, then build and check again: both exit 1
    with the same located problems and no traceback, and the site is left as it was.
    Returns the problem lines."""
    content, config = write_site(tmp_path, {"good.md": GOOD, **(briefs or {})})
    out = tmp_path / "site"
    assert build(content, config, out) == 0
    before = tree(out)
    capsys.readouterr()
    change(content)
    assert build(content, config, out) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    *lines, summary = problems(err)
    assert summary.startswith("build failed:")
    assert tree(out) == before
    os.chdir(tmp_path)  # check reads the default output folder, site/
    assert main(args("check", content, config)) == 1
    checked = capsys.readouterr().err
    assert "Traceback" not in checked
    assert problems(checked)[:-1] == lines
    return lines


def problems(err: str) -> list[str]:
    """The lines of standard error but warnings (a brief without an ``id`` gets one)."""
    return [line for line in err.splitlines() if ": warning: " not in line]


def parsed(front: str, body: str = "Body.") -> tuple[Any, list[str]]:
    data = f"---\ntitle: A\n{front}---\n{body}\n".encode()
    brief, errors = parse_brief("content/briefs/a.md", data, CONFIG)
    return brief, [str(e) for e in errors]


# --- links: cite, javascript: and backslashes --------------------------------------------------


def test_a_javascript_cite_reaches_no_page_or_feed(tmp_path: Path) -> None:
    body = (
        '<q cite="javascript:alert(1)">Said.</q>\n\n'
        '<blockquote cite=" JavaScript:alert(2)"><p>Quoted.</p></blockquote>\n\n'
        '<q cite="https://example.net/said">Kept.</q>\n'
    )
    content, config = write_site(tmp_path, {"a.md": GOOD.replace("Body.", body)})
    out = tmp_path / "site"
    assert build(content, config, out) == 0
    built = tree(out)
    for path in ("briefs/a/index.html", "feed.xml", "atom.xml", "feed.json"):
        assert b"alert(" not in built[path].lower(), path
        assert b"https://example.net/said" in built[path], path  # an allowed cite stays


def test_a_backslash_link_leaves_the_site_on_the_page_and_in_the_feed(tmp_path: Path) -> None:
    # A browser reads "\\evil.example/" as "//evil.example/": another site. So must the feed.
    body = '<a href="\\\\evil.example/x">raw</a> and [md](<\\\\\\\\evil.example/y>)\n'
    content, config = write_site(tmp_path, {"a.md": GOOD.replace("Body.", body)})
    out = tmp_path / "site"
    assert build(content, config, out) == 0
    page = (out / "briefs/a/index.html").read_text()
    assert 'href="//evil.example/x"' in page and 'href="//evil.example/y"' in page
    feed = (out / "feed.xml").read_text()
    assert "https://evil.example/x" in feed and "https://evil.example/y" in feed
    assert "example.org/briefs/a/" + "\\" not in feed and "evil.example/x" in feed
    assert main(args("check", content, config)) == 0  # not a link on the site


def test_a_backslash_link_on_the_site_is_checked_at_its_line() -> None:
    brief, errors = parsed("date: 2024-01-01\n", 'Intro.\n\nSee <a href="/briefs\\gone/">this</a>.')
    assert errors == [] and '<a href="/briefs/gone/">' in brief.body_html
    assert [link.line for link in brief.links] == [7]


# --- generated ids win over ids in raw HTML ---------------------------------------------------


def test_raw_html_never_takes_a_generated_id() -> None:
    body = (
        '<h2 id="alpha">Fake heading</h2>\n\n'
        '<span id="fn:1">fake note</span> <span id="fnref:1">fake ref</span> '
        '<span id="cite-1-1">fake cite</span>\n\n'
        "## Alpha\n\nA claim[^1] with a source [@s].\n\n[^1]: The real note.\n"
    )
    brief, errors = parsed("date: 2024-01-01\nsources:\n  - title: S\n    key: s\n", body)
    assert errors == []
    html = brief.body_html
    assert '<h2 id="alpha">Alpha</h2>' in html  # the table of contents' target
    assert [h.id for h in brief.toc] == ["alpha"]
    assert '<li id="fn:1">\n<p>The real note.' in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">' in html
    assert '<a href="#source-1" id="cite-1-1">' in html
    for fake in ("Fake heading", "fake note", "fake ref", "fake cite"):
        assert f'">{fake}<' in html
    ids = [part.split('"', 1)[0] for part in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids)), ids  # still unique: the raw ones were renamed
    assert {"alpha-1", "fn:1-1", "fnref:1-1", "cite-1-1-1"} <= set(ids)


# --- files that are not plain briefs ----------------------------------------------------------


def test_a_symbolic_link_to_a_folder_is_a_located_error(tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "hidden.md").write_text(GOOD)
    lines = refused(
        tmp_path, capsys, lambda content: (content / "briefs" / "linked").symlink_to(elsewhere)
    )
    assert lines == ["content/briefs/linked:1: is a symbolic link; links are not followed"]


def test_a_fifo_named_like_a_brief_is_refused_without_being_opened(tmp_path: Path, capsys) -> None:
    # Opening a FIFO with no writer blocks for ever: the build must not open it at all.
    lines = refused(tmp_path, capsys, lambda content: os.mkfifo(content / "briefs" / "a.md"))
    assert lines == [
        "content/briefs/a.md:1: is not a regular file (a FIFO, socket or device); it is not read"
    ]


def own_templates(content: Path) -> Path:
    """A copy of the real templates beside ``content``, named in its site.yaml."""
    import shutil

    copy = content.parent / "templates"
    if not copy.exists():
        shutil.copytree(ROOT / "templates", copy)
    config = content.parent / "site.yaml"
    lines = config.read_text().splitlines()
    config.write_text("".join(
        (f"templates: {copy}" if line.startswith("templates:") else line) + "\n" for line in lines
    ))  # fmt: skip
    return copy


def freed_if_opened(fifo: Path) -> None:
    """Should anything open ``fifo`` to read (and so wait for a writer), open and close it
    for writing after a few seconds: the reader gets an empty file, and a test fails on
    what it reports instead of hanging."""
    import threading
    import time

    def writer() -> None:
        for _ in range(120):
            time.sleep(0.5)
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # ENXIO: no reader yet
            except OSError:
                continue

    threading.Thread(target=writer, daemon=True).start()


def test_a_fifo_for_the_settings_or_a_template_is_refused_without_waiting(
    tmp_path: Path, capsys
) -> None:
    # Opening either for reading would wait for a writer for ever.
    def fifo(content: Path) -> None:
        os.mkfifo(own_templates(content) / "x.html")
        freed_if_opened(own_templates(content) / "x.html")

    lines = refused(tmp_path / "t", capsys, fifo)
    assert lines == ["templates/x.html:1: is not a regular file (a FIFO, socket "
                     "or device); it is not read"]  # fmt: skip
    content, config = write_site(tmp_path / "s", {"good.md": GOOD})
    config.unlink()
    os.mkfifo(config)
    freed_if_opened(config)
    assert build(content, config, tmp_path / "s" / "site") == 1
    err = capsys.readouterr().err
    assert "site.yaml:1: is not a regular file; it is not read" in err and "Traceback" not in err


def test_a_template_not_in_utf8_is_located(tmp_path: Path, capsys) -> None:
    def latin1(content: Path) -> None:
        (own_templates(content) / "extra.html").write_bytes(b"<p>ok</p>\n<p>caf\xe9</p>\n")

    assert refused(tmp_path, capsys, latin1) == [
        "templates/extra.html:2: not valid UTF-8 (byte 0xe9); save as UTF-8"
    ]


def test_settings_over_the_size_limit_are_refused_before_they_are_read(
    tmp_path: Path, capsys
) -> None:
    content, config = write_site(tmp_path, {"good.md": GOOD})
    config.write_text(config.read_text() + "#" * limits.MAX_FILE_BYTES + "\n")
    assert build(content, config, tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert f"site.yaml:1: is larger than {limits.MAX_FILE_BYTES:,} bytes (the limit for the " \
        "settings)" in err  # fmt: skip
    assert not (tmp_path / "site").exists()


def test_a_brief_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, capsys) -> None:
    def big(content: Path) -> None:
        text = GOOD + "word " * (limits.MAX_FILE_BYTES // 5)
        (content / "briefs" / "big.md").write_text(text)
        assert len(text) > limits.MAX_FILE_BYTES

    assert refused(tmp_path, capsys, big) == [
        f"content/briefs/big.md:1: is larger than {limits.MAX_FILE_BYTES:,} bytes "
        "(the limit for one brief or page)"
    ]


def test_a_file_name_ending_in_a_line_break_is_refused(tmp_path: Path, capsys) -> None:
    lines = refused(
        tmp_path, capsys, lambda content: (content / "briefs" / "evil\n.md").write_text(GOOD)
    )
    assert lines == [
        "content/briefs/evil\\n.md:1: file name gives the slug 'evil\\n', which is not "
        "a-z, 0-9 and '-'; rename the file or set 'slug'"
    ]


@pytest.mark.parametrize("value", ["evil\n", "tag:x,2024:a\n"])
def test_slug_and_id_values_match_whole(value: str) -> None:
    from generator.parse import ID_RE, SLUG_RE

    assert not SLUG_RE.match(value) and not ID_RE.match(value)
    assert SLUG_RE.match("evil") and ID_RE.match("tag:x,2024:a")


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["20240101", "2024-W01-1", "20240101T0930", "2024-001"])
def test_loose_iso_dates_are_refused_in_every_date_field(value: str) -> None:
    hint = "expected a date like 2023-07-26 or a date and time like 2023-07-26T10:00:00+02:00"
    _, errors = parsed(f'date: "{value}"\n')
    assert errors == [f"content/briefs/a.md:3: date: {hint}, found '{value}'"]
    _, errors = parsed(f'date: 2024-01-01\nupdated: "{value}"\n')
    assert errors == [f"content/briefs/a.md:4: updated: {hint}, found '{value}'"]
    update = f'updates:\n  - date: "{value}"\n    kind: update\n    note: N.\n'
    _, errors = parsed(f"date: 2024-01-01\n{update}")
    assert errors == [f"content/briefs/a.md:5: updates date: {hint}, found '{value}'"]
    _, errors = parsed(f'date: 2024-01-01\nsources:\n  - title: S\n    date: "{value}"\n')
    assert errors == [
        f"content/briefs/a.md:6: sources date: expected a date like 2023-07-26, found '{value}'"
    ]


@pytest.mark.parametrize(
    "value", ["2024-01-01", "2024-01-01T09:30", "2024-01-01T09:30:15", "2024-01-01T09:30:00Z",
              "2024-01-01T09:30:00+02:00", "2024-01-01T09:30:00.5-05:00"],
)  # fmt: skip
def test_the_contracts_date_forms_are_accepted(value: str) -> None:
    brief, errors = parsed(f"date: {value}\n")
    assert errors == [] and brief.date.year == 2024


@pytest.mark.parametrize("value", ["20240601T000000+0000", "2024-W22-6T00:00+00:00"])
def test_now_takes_only_the_contracts_form(value: str, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli._parser().parse_args(["build", "--now", value])
    assert stopped.value.code == 2
    assert "expected a date and time with a UTC offset like" in capsys.readouterr().err


def test_the_now_hint_gives_a_value_that_works(capsys) -> None:
    for given, hint in [
        ("2024-06-01", "2024-06-01T00:00:00+00:00"),
        ("2024-06-01T09:30", "2024-06-01T09:30+00:00"),
    ]:
        with pytest.raises(SystemExit):
            cli._parser().parse_args(["build", "--now", given])
        assert capsys.readouterr().err.rstrip().endswith(f"give a UTC offset, e.g. {hint}")
        assert cli._parser().parse_args(["build", "--now", hint]).now.tzinfo is not None


def test_an_update_and_a_brief_dated_exactly_now_are_shown() -> None:
    front = (
        "date: 2024-01-01T10:00:00+00:00\n"
        "updates:\n  - date: 2024-01-02T10:00:00+00:00\n    kind: update\n    note: Due now.\n"
    )
    brief, errors = parsed(front)
    assert errors == []
    now = datetime(2024, 1, 2, 10, tzinfo=UTC)
    site = assemble([brief], [], now)
    assert [u.note for u in site.briefs[0].updates] == ["Due now."]
    assert site.briefs[0].updated == now
    assert len(site.corrections) == 1
    assert site.pending == () and site.next_due is None  # nothing is left to come due
    # with a later update still to come, the one due exactly now is shown, the later one not
    later = front + "  - date: 2024-01-03T10:00:00+00:00\n    kind: correction\n    note: Later.\n"
    brief_with_later, errors = parsed(later)
    assert errors == []
    site = assemble([brief_with_later], [], now)
    assert [u.note for u in site.briefs[0].updates] == ["Due now."]
    assert site.briefs[0].updated == now
    assert site.next_due == datetime(2024, 1, 3, 10, tzinfo=UTC)
    at_its_date = assemble([brief], [], datetime(2024, 1, 1, 10, tzinfo=UTC))
    assert [b.slug for b in at_its_date.briefs] == ["a"] and at_its_date.held_back == ()


# --- llms.txt -----------------------------------------------------------------------------------


def test_llms_txt_is_plain_text_wherever_it_is_rendered(tmp_path: Path) -> None:
    brief = (
        '---\ntitle: "[x](javascript:alert(1)) <script>alert(2)</script>"\ndate: 2024-01-01\n'
        'summary: "<img src=x onerror=alert(3)> [y](javascript:alert(4)) *loud* &amp;"\n---\nB.\n'
    )
    content, config = write_site(tmp_path, {"a.md": brief})
    out = tmp_path / "site"
    assert build(content, config, out) == 0
    rendered = markdown.markdown((out / "llms.txt").read_text())
    assert "javascript:" not in rendered.split('href="')[-1]
    assert not [part for part in rendered.split('href="')[1:] if part.startswith("javascript")]
    assert "<script" not in rendered and "<img" not in rendered and "<em>" not in rendered
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in rendered  # shown as written
    assert "[x](javascript:alert(1))" in rendered and "&amp;amp;" in rendered


# --- hostile sizes and shapes -------------------------------------------------------------------


class CountingFont:
    """A font that counts how many characters it was asked to measure."""

    def __init__(self, font: Any) -> None:
        self.font = font
        self.calls = 0
        self.measured = 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        self.measured += len(text)
        return float(self.font.getlength(text))


def wrap_work(letters: int, word: str = "") -> tuple[int, int, list[str]]:
    """What wrapping a title of one word of ``letters`` W's costs (or ``letters`` copies of
    ``word``): measures, characters measured, and the lines."""
    font = CountingFont(images._font(60))
    width = images.SHARE_WIDTH - 2 * images.CARD_MARGIN
    title = (word + " ") * letters if word else "W" * letters
    lines = images._wrap(title, font, width, images.MAX_HEADLINE_LINES)  # type: ignore[arg-type]
    return font.calls, font.measured, lines


def test_share_card_wrapping_of_one_huge_word_is_bounded() -> None:
    calls, measured, lines = wrap_work(4_000)
    more_calls, more_measured, same = wrap_work(40_000)
    assert lines == same and len(lines) == images.MAX_HEADLINE_LINES and lines[-1].endswith("…")
    assert "".join(lines)[:-1] == "W" * (len("".join(lines)) - 1)
    # Cutting letter by letter, measuring the word whole, took some 4,000 calls per line and
    # millions of characters measured; now ten times the word costs one more measure of it.
    assert calls < 200 and more_calls <= calls + 1
    assert more_measured - measured <= 40_000
    few_calls, few_measured, words = wrap_work(1_000, "work")
    many_calls, many_measured, same_words = wrap_work(10_000, "work")
    assert words == same_words and many_calls == few_calls and many_measured == few_measured
    png = images.share_card("Masthead", "W" * 4_000, "1 January 2024", "example.org")
    assert png.startswith(b"\x89PNG")


def anchored(key: str, item: str) -> str:
    """Front matter that repeats one 2 KB anchor 1,000 times under ``key``."""
    big = "x" * 2_000
    return f"date: 2024-01-01\nbig: &a {big}\n" if key != "big" else "", big


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("authors", "[{}]"),
        ("sources", "[{}]"),
        ("updates", "[{}]"),
    ],
)
def test_yaml_aliases_cannot_multiply_front_matter(
    tmp_path: Path, capsys, key: str, value: str
) -> None:
    anchor = {
        "authors": "&a " + "x" * 2_000,
        "sources": "&a {title: " + "x" * 2_000 + "}",
        "updates": "&a {date: 2024-01-02, kind: update, note: " + "x" * 2_000 + "}",
    }[key]
    items = ", ".join(["*a"] * 1_000)
    front = f"date: 2024-01-01\n{key}: [{anchor}, {items}]\n"
    _, errors = parsed(front)
    expected = (
        f"content/briefs/a.md:4: front matter: YAML aliases expand this value past "
        f"{limits.MAX_YAML_EXPANDED:,} characters; repeat less through '*' aliases"
    )
    assert errors == [expected]
    text = f"---\ntitle: A\n{front}---\nB.\n"
    lines = refused(tmp_path, capsys, lambda c: (c / "briefs" / "a.md").write_text(text))
    assert lines == [expected]


def test_an_alias_loop_is_refused_and_few_aliases_are_fine() -> None:
    _, errors = parsed("date: 2024-01-01\nauthors: &a [x, *a]\n")
    assert errors == [
        f"content/briefs/a.md:4: front matter: YAML aliases expand this value past "
        f"{limits.MAX_YAML_EXPANDED:,} characters; repeat less through '*' aliases"
    ]
    brief, errors = parsed("date: 2024-01-01\ntags: &t [Pay, Jobs]\nauthors: *t\n")
    assert errors == [] and brief.authors == ("Pay", "Jobs")


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)
YAML_SHAPES = [
    "{a}", "{a, b, c}", "[[[[]]]]", "? a\n? b\n", "a:\nb:\nc:\n", "- \n- \n- \n", "[a, , b]",
    '"\\x41\\x42\\n"', "|\n  a\n  b\n", ">\n  a\n\n  b\n", "{? }", "[-, -]", "a: {b: [c, {d}]}",
    "- - - - -\n", "? - a\n  - b\n: c\n", "!!str a: !!null\n",
]  # fmt: skip


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(YAML_VALUES, st.booleans())
def test_yaml_without_aliases_is_within_the_size_bound_it_is_trusted_by(
    value: Any, flow: bool
) -> None:
    """Front matter with no '*' is not sized (frontmatter.within_bound): whatever it holds,
    written either way, its size stays under what that bound assumes."""
    import yaml

    from generator import frontmatter

    for text in [yaml.safe_dump(value, default_flow_style=flow), *YAML_SHAPES]:
        if "*" in text:
            continue  # an alias (safe_dump repeats an object that way): always sized
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue
        if node is not None:
            assert frontmatter.expanded_size(node) <= 3 * len(text) + 3, text


DEEP = {  # the body's text, and the line of the error (the body starts on line 5)
    "list markers": ("Intro.\n\n" + "- " * 500 + "x\n", 7),
    # levels counted from indentation (four columns each) and markers: 101 on line 7 + 100
    "indented lists": ("Intro.\n\n" + "".join("    " * i + "- a\n" for i in range(300)), 107),
    "asterisks": ("Intro.\n\n" + "*a " * 1_000 + "x" + "*" * 1_000 + "\n", 7),
    "underscores": ("Intro.\n\n" + "_a " * 1_000 + "x" + "_" * 1_000 + "\n", 7),
    # the first of the lines with the most emphasis, not the longest line, nor the one with
    # the most markers in front
    **{
        f"{name} among other lines": (
            "> > > > > A quote.\n\n" + "word " * 2_000 + "\n\n" + f"{deep}\n\n{deep}\n",
            9,
        )
        for name, deep in (
            ("asterisks", "*a " * 1_000 + "x" + "*" * 1_000),
            ("underscores", "_a " * 1_000 + "x" + "_" * 1_000),
        )
    },
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_in_a_body_is_a_located_error(tmp_path: Path, capsys, shape: str) -> None:
    body, line = DEEP[shape]
    text = GOOD.replace("Body.\n", body)
    lines = refused(tmp_path, capsys, lambda c: (c / "briefs" / "deep.md").write_text(text))
    assert len(lines) == 1
    assert lines[0].startswith(f"content/briefs/deep.md:{line}: body: nested too deeply to render")
    assert f"more than {limits.MAX_NESTING} levels" in lines[0]


def note_brief(note: str) -> str:
    update = f'updates:\n  - date: 2024-01-02\n    kind: update\n    note: "{note}"\n'
    return GOOD.replace("---\nBody", f"{update}---\nBody")


def test_deep_nesting_in_a_correction_note_is_a_located_error(tmp_path: Path, capsys) -> None:
    text = note_brief("- " * 500 + "x")
    lines = refused(tmp_path, capsys, lambda c: (c / "briefs" / "deep.md").write_text(text))
    assert lines == [
        f"content/briefs/deep.md:7: updates note: nested too deeply to render (lists and quotes "
        f"more than {limits.MAX_NESTING} levels, or emphasis inside emphasis hundreds of "
        "levels); flatten it"
    ]


def test_two_thousand_asterisks_in_a_note_build(tmp_path: Path) -> None:
    # The inline converter of notes renders emphasis this deep: the brief builds, note whole.
    text = note_brief("*a " * 1_000 + "x" + "*" * 1_000)
    content, config = write_site(tmp_path, {"a.md": text})
    assert build(content, config, tmp_path / "site") == 0
    page = (tmp_path / "site" / "briefs" / "a" / "index.html").read_text()
    assert page.count("<em>") == 1_000


def test_nesting_at_the_limit_renders() -> None:
    body = "- " * limits.MAX_NESTING + "x"
    brief, errors = parsed("date: 2024-01-01\n", body)
    assert errors == [] and brief.body_html.count("<ul>") == limits.MAX_NESTING


def test_a_tab_of_indentation_is_four_columns_one_level() -> None:
    tabs = "Intro.\n\n" + "\t" * limits.MAX_NESTING + "x"
    assert parsed("date: 2024-01-01\n", tabs)[1] == []  # at the limit: renders
    errors = parsed("date: 2024-01-01\n", tabs.replace("\tx", "\t\tx"))[1]
    assert len(errors) == 1
    assert errors[0].startswith("content/briefs/a.md:7: body: nested too deeply to render")


def test_markers_apart_by_two_spaces_are_counted_too() -> None:
    errors = parsed("date: 2024-01-01\n", "Intro.\n\n" + ">  " * (limits.MAX_NESTING + 1) + "x")[1]
    assert len(errors) == 1
    assert errors[0].startswith("content/briefs/a.md:7: body: nested too deeply to render")
    assert parsed("date: 2024-01-01\n", "Intro.\n\n" + ">  " * limits.MAX_NESTING + "x")[1] == []


def test_a_long_item_whose_marker_is_followed_by_spaces_is_one_level() -> None:
    for marker in ("1.  ", "-   ", ">  "):  # as some editors write them
        body = "Intro.\n\n" + marker + "A long item of a list, " * 10 + "whose line is long."
        brief, errors = parsed("date: 2024-01-01\n", body)
        assert errors == [] and "A long item of a list" in brief.body_html, marker


def test_a_line_that_ends_in_a_marker_renders() -> None:
    assert parsed("date: 2024-01-01\n", "Intro.\n\n" + "> " * 50 + ">")[1] == []


def test_indentation_short_of_four_columns_is_no_level() -> None:
    body = " " * (4 * limits.MAX_NESTING + 3) + "x"  # 100 levels and three columns
    assert parsed("date: 2024-01-01\n", body)[1] == []


def test_only_spaces_and_tabs_count_as_indentation() -> None:
    for text in ("\u00a0", "X"):  # a no-break space, a letter: text however many
        body = text * (8 * limits.MAX_NESTING) + " x"
        assert parsed("date: 2024-01-01\n", body)[1] == []


# --- aliases and the files of the output folder ------------------------------------------------


def test_an_alias_never_replaces_a_file_the_user_put_in_the_output(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"good.md": GOOD})
    out = tmp_path / "site"
    assert build(content, config, out) == 0
    (out / "CNAME").write_text("briefing.example.org\n")
    before = tree(out)
    moved = GOOD.replace("---\nBody", 'aliases: ["/CNAME/"]\n---\nBody')
    (content / "briefs" / "good.md").write_text(moved)
    capsys.readouterr()
    expected = [
        "content/briefs/good.md:4: aliases entry: '/CNAME/' would replace site/CNAME, "
        "a file the build did not write",
    ]
    for _ in range(3):  # the report lost CNAME two builds later
        assert build(content, config, out) == 1
        assert problems(capsys.readouterr().err)[:-1] == expected
    assert tree(out) == before and (out / "CNAME").is_file()
    os.chdir(tmp_path)
    assert main(args("check", content, config)) == 1
    assert problems(capsys.readouterr().err)[:-1] == expected


def test_an_alias_in_the_search_index_folder_is_a_located_error(tmp_path: Path, capsys) -> None:
    moved = GOOD.replace("---\nBody", 'aliases: ["/pagefind/pagefind.js/"]\n---\nBody')
    lines = refused(tmp_path, capsys, lambda c: (c / "briefs" / "good.md").write_text(moved))
    assert lines == [
        "content/briefs/good.md:4: aliases entry: '/pagefind/pagefind.js/' is inside the "
        "search index's folder /pagefind/"
    ]


def test_a_linked_briefs_folder_is_a_located_error(tmp_path: Path, capsys) -> None:
    def link(content: Path) -> None:
        (content / "briefs").rename(tmp_path / "real-briefs")
        (content / "briefs").symlink_to(tmp_path / "real-briefs")

    assert refused(tmp_path, capsys, link) == [
        "content/briefs:1: is a symbolic link; links are not followed"
    ]


@pytest.mark.parametrize("alias", ["/feed.xml/", "/robots.txt/", "/assets/style.css/"])
def test_an_alias_onto_an_output_file_is_a_located_error(
    tmp_path: Path, capsys, alias: str
) -> None:
    moved = GOOD.replace("---\nBody", f'aliases: ["{alias}"]\n---\nBody')
    lines = refused(tmp_path, capsys, lambda c: (c / "briefs" / "good.md").write_text(moved))
    assert lines == [
        f"content/briefs/good.md:4: aliases entry: '{alias}' would make the site's file "
        f"{alias.rstrip('/')} a folder"
    ]


def test_only_front_matter_within_that_bound_goes_unsized() -> None:
    from generator import frontmatter

    most = (limits.MAX_YAML_EXPANDED - 3) // 3  # 3 * most + 3 <= the limit
    assert frontmatter.within_bound("a" * most)
    assert not frontmatter.within_bound("a" * (most + 1))
    assert not frontmatter.within_bound("a: *x")
