"""docs/contract.md against the code, both ways: nothing undocumented, nothing documented
that the code does not have; and no documentation that points outside the repository."""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import errors, limits
from generator.commands import cli
from generator.config import DEFAULT_AI_CRAWLERS, KNOWN, SiteConfig
from generator.model import UPDATE_KINDS
from generator.parse import BRIEF_RULES, PAGE_RULES, SOURCE_RULES, UPDATE_KEYS

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "docs" / "contract.md"

# Names the contract documents that are being added on other branches right now. The lead
# empties this set after merging them; from then on each must exist in the code, or the
# test fails. A name listed here that the code already has fails too: remove it.
PENDING: set[tuple[str, str]] = set()  # names documented ahead of the code; none now

SECTIONS = {
    "brief": "## Brief front matter",
    "source": "### `sources` entries",
    "update": "### `updates` entries",
    "page": "## Page front matter",
    "settings": "## Settings: `site.yaml`",
}


def section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    assert lines.count(heading) == 1, f"docs/contract.md needs exactly one '{heading}'"
    start = lines.index(heading) + 1
    level = len(heading) - len(heading.lstrip("#"))
    end = start
    while end < len(lines):
        match = re.match(r"^(#+) ", lines[end])
        if match and len(match.group(1)) <= level:
            break
        end += 1
    return "\n".join(lines[start:end])


def first_cells(text: str) -> list[str]:
    """The first cell of each body row of the tables in ``text``."""
    cells = []
    for line in text.splitlines():
        if not line.startswith("| "):
            continue
        cell = line.split("|")[1].strip()
        if set(cell) <= set("-: "):
            continue
        cells.append(cell)
    return cells


def table_keys(text: str) -> list[str]:
    """Keys of the tables under a section, each written as a row opening with `key`."""
    keys = []
    for cell in first_cells(text)[1:]:  # the first row is the header
        match = re.fullmatch(r"`([a-z_]+)`", cell)
        assert match, f"a key row should open with the key in backticks, found {cell!r}"
        keys.append(match.group(1))
    return keys


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def code_names() -> set[tuple[str, str]]:
    parser = cli._parser()
    names = {
        ("option", option)
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction)
        for option in action.option_strings
    }
    names |= {("brief", k) for k in BRIEF_RULES}
    names |= {("source", k) for k in SOURCE_RULES}
    names |= {("update", k) for k in UPDATE_KEYS}
    names |= {("page", k) for k in PAGE_RULES}
    names |= {("settings", k) for k in KNOWN}
    for name, sub in _subparsers(parser).items():
        names.add(("command", name))
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            shown = action.option_strings or [action.dest.upper()]
            names |= {("option", f"{name} {option}") for option in shown}
    return names


def doc_names(text: str) -> set[tuple[str, str]]:
    names = {(kind, key) for kind, heading in SECTIONS.items() for key in doc_keys(text, heading)}
    commands = section(text, "## Commands")
    common = re.split(r"^### ", commands, maxsplit=1, flags=re.MULTILINE)[0]
    names |= {("option", o) for c in first_cells(common)[1:] for o in _options(c)}
    for match in re.finditer(r"^### `briefing ([a-z]+)`$", commands, re.MULTILINE):
        name = match.group(1)
        names.add(("command", name))
        for cell in first_cells(section(commands, match.group(0)))[1:]:
            names |= {("option", f"{name} {option}") for option in _options(cell)}
    return names


def _options(cell: str) -> list[str]:
    """`--content DIR`, `-h`, `--help`, `TITLE` -> the option strings or the positional."""
    return re.findall(r"`(--?[a-z-]+|[A-Z]+)(?: [^`]*)?`", cell)


def doc_keys(text: str, heading: str) -> list[str]:
    body = section(text, heading)
    # the table ends at the next sub-heading: "### `sources` entries" is not a brief key
    own = re.split(r"^#+ ", body, maxsplit=1, flags=re.MULTILINE)[0]
    return table_keys(own)


@pytest.fixture(scope="module")
def contract() -> str:
    return CONTRACT.read_text("utf-8")


def test_every_name_of_the_code_is_documented(contract):
    missing = code_names() - doc_names(contract)
    assert not missing, f"in the code but not in docs/contract.md: {sorted(missing)}"


def test_every_documented_name_exists_in_the_code(contract):
    gone = doc_names(contract) - code_names() - PENDING
    assert not gone, f"in docs/contract.md but not in the code: {sorted(gone)}"


def test_pending_names_are_documented_and_not_yet_in_the_code(contract):
    undocumented = PENDING - doc_names(contract)
    assert not undocumented, f"PENDING names missing from docs/contract.md: {undocumented}"
    arrived = PENDING & code_names()
    assert not arrived, f"now in the code: remove from PENDING in this test: {sorted(arrived)}"


def test_a_key_row_is_read_as_a_key_and_a_removed_key_is_caught(contract):
    # the reader of the doc must see what the code has, or the comparisons above prove nothing
    names = doc_names(contract)
    assert ("brief", "title") in names and ("source", "publisher") in names
    assert ("option", "build --no-cache") in names and ("option", "new TITLE") in names
    without = contract.replace("| `menu` |", "| menu |")
    with pytest.raises(AssertionError, match="backticks"):
        doc_names(without)
    page_summary = "| `summary` | text | the first paragraph of the body, cut"
    assert contract.count(page_summary) == 1
    renamed = contract.replace(page_summary, "| `blurb` | text | x")
    assert ("page", "blurb") in doc_names(renamed) - code_names()
    assert ("page", "summary") in code_names() - doc_names(renamed)


def test_settings_defaults_are_the_code_defaults(contract):
    rows = {
        row.split("|")[1].strip().strip("`"): row.split("|")[3].strip()
        for row in section(contract, SECTIONS["settings"]).splitlines()
        if row.startswith("| `")
    }
    for field in dataclasses.fields(SiteConfig):
        if field.name not in KNOWN or field.default is dataclasses.MISSING:
            continue
        default = field.default
        if isinstance(default, bool):
            shown = f"`{str(default).lower()}`"
        elif isinstance(default, str):
            shown = '`""`' if default == "" else f"`{default}`"
        elif isinstance(default, int):
            shown = f"`{default}`"
        elif default == DEFAULT_AI_CRAWLERS:
            continue  # listed by name below the table; checked in the next test
        else:
            shown = "`[" + ", ".join(default) + "]`"
        assert rows[field.name] == shown, f"{field.name}: the code's default is {shown}"


def test_the_default_ai_crawlers_are_listed(contract):
    paragraph = contract.split("The default `ai_crawlers`:", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`([^`]+)`", paragraph) == list(DEFAULT_AI_CRAWLERS)


def test_update_kinds_limits_and_exit_statuses(contract):
    kinds = section(contract, SECTIONS["update"])
    assert f"one of {', '.join(f'`{k}`' for k in UPDATE_KINDS)}" in kinds
    table = section(contract, "## Limits")
    names = [name for name in dir(limits) if name.startswith("MAX_")]
    assert len(names) >= 6
    for name in names:
        assert f"| `{name}` | {getattr(limits, name)} |" in table
    statuses = [int(cell) for cell in first_cells(section(contract, "## Exit statuses"))[1:]]
    code = [getattr(errors, n) for n in dir(errors) if n.startswith("EXIT_")]
    with pytest.raises(SystemExit) as usage:  # bad usage: argparse's own status
        cli.main(["build", "--no-such-option"])
    assert sorted(statuses) == sorted([*code, usage.value.code])


def test_readme_links_the_contract():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme.count("(docs/contract.md") >= 2
    write = readme.split("## Write a brief", 1)[1].split("\n## ", 1)[0]
    assert "(docs/contract.md" in write


OUTSIDE = re.compile(
    r"\.\./shared"
    r"|file://"
    r"|(?<![\w.~/-])/(?:work|home|Users|tmp|root|mnt|srv|opt|var|etc|usr)/"
    r"|\b[A-Z]:\\"
)


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_documentation_points_nowhere_outside_the_repository(path):
    text = path.read_text("utf-8")
    found = OUTSIDE.findall(text)
    assert not found, f"{path.name} names places outside the repository: {found}"
    # examples of Markdown written as code (`![alt](picket.jpg)`) are not links of the page
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", prose)
    for target in re.findall(r"\]\(([^)#\s]+)", prose):
        if re.match(r"[a-z]+:", target):  # a web address, not a file
            continue
        resolved = (path.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{target} leaves the repository"
        assert resolved.exists(), f"{target} does not exist"


def anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, '-' for spaces."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_to_a_section_find_it(path):
    text = path.read_text("utf-8")
    for target, fragment in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", text):
        linked = (path.parent / target) if target else path
        headings = re.findall(r"^#+ (.+)$", linked.read_text("utf-8"), re.MULTILINE)
        assert fragment in {anchor(h) for h in headings}, f"{target}#{fragment}: no such heading"


def test_the_outside_pattern_catches_what_it_should():
    assert anchor("Settings: `site.yaml`") == "settings-siteyaml"
    assert anchor("`updates` entries") == "updates-entries"
    for bad in ("see ../shared/notes.md", "/work/main/README.md", "file:///etc/x", "/home/a/b"):
        assert OUTSIDE.search(bad), bad
    for fine in ("/briefs/<slug>/", "`/tags/<tag>/feed.xml`", "content/briefs/x.md", "/assets/"):
        assert not OUTSIDE.search(fine), fine


# Every message the contract quotes in full (a span in backticks that starts with a path and a
# line), and how to make the code say it. Placeholders in the contract: the path (`path`,
# `PATH` or a real-looking one) stands for any path, `line` for any line number; every other
# character, line numbers written as digits included, must be what the code prints.
MESSAGE = re.compile(r"^(?:path|PATH|content/\S+\.md):(?:\d+|line): ")
_BRIEF_HEAD = "---\ntitle: A\ndate: 2024-01-01\n"


def _parsed(text: str, path: str = "content/briefs/a.md") -> list[str]:
    from generator.config import parse_config
    from generator.parse import parse_brief

    config = parse_config("site.yaml", b"title: T\nbase_url: https://example.org/\n")
    return [str(e) for e in parse_brief(path, text.encode("utf-8"), config)[1]]


def _checked(tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str) -> list[str]:
    """`briefing check` of a site whose one published brief links to /briefs/x/, which is
    ``target``: a draft, a brief scheduled for 2030, or nothing."""
    from conftest import write_site

    briefs = {"a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nSee [x](/briefs/x/).\n"}
    if target == "draft":
        briefs["x.md"] = "---\ntitle: X\ndate: 2024-01-01\ndraft: true\n---\nX.\n"
    elif target == "scheduled":
        briefs["x.md"] = "---\ntitle: X\ndate: 2030-01-01T09:00:00+01:00\n---\nX.\n"
    content, config = write_site(tmp_path / target, briefs)
    args = ["check", "--content", str(content), "--config", str(config)]
    assert cli.main([*args, "--now", "2025-01-01T00:00:00+00:00"]) == errors.EXIT_CONTENT
    return capsys.readouterr().err.splitlines()


_CITING = _BRIEF_HEAD + "sources:\n  - {title: One, key: first}\n  - {title: Three, key: third}\n"
MESSAGE_CASES = {
    "path:2: title: YAML reads 'null' as nothing; quote it to mean the word": lambda t, c: _parsed(
        "---\ntitle: null\ndate: 2024-01-01\n---\nB.\n"
    ),
    "path:2: title: must not be empty": lambda t, c: _parsed(
        "---\ntitle: ~\ndate: 2024-01-01\n---\nB.\n"
    ),
    "path:3: title: has no visible characters, only U+200B (zero width space)": lambda t, c: (
        _parsed('---\ndate: 2024-01-01\ntitle: "\\u200b"\n---\nB.\n')
    ),
    "path:14: body: no source has the citation key 'frist' (keys: first, third)": lambda t, c: (
        _parsed(_CITING + "---\n" + "Text.\n\n" * 3 + "A claim [@frist].\n")
    ),
    "content/briefs/netflix.md:4: tags: expected a list like [a, b], found 'Netflix'": (
        lambda t, c: _parsed(_BRIEF_HEAD + "tags: Netflix\n---\nB.\n", "content/briefs/netflix.md")
    ),
    "path:line: body: control character U+000B (vertical tab) is not allowed": lambda t, c: _parsed(
        _BRIEF_HEAD + "---\nA\x0bB.\n"
    ),
    "path:line: body: noncharacter U+FFFE is not allowed": lambda t, c: _parsed(
        _BRIEF_HEAD + "---\nA\ufffeB.\n"
    ),
    "path:line: body: a character reference to control character U+000B (vertical tab) is not "
    "allowed": lambda t, c: _parsed(_BRIEF_HEAD + "---\nA&#11;B.\n"),
    "path:line: invalid YAML: control characters are not allowed (found #x0001)": lambda t, c: (
        _parsed("---\ntitle: a\x01b\ndate: 2024-01-01\n---\nB.\n")
    ),
    "path:line: title: control character U+0008 (backspace) is not allowed": lambda t, c: _parsed(
        '---\ntitle: "a\\bb"\ndate: 2024-01-01\n---\nB.\n'
    ),
    "path:line: link to /briefs/x/ leads to a draft brief": lambda t, c: _checked(t, c, "draft"),
    "path:line: link to /briefs/x/ leads to a brief scheduled for 2030-01-01T09:00:00+01:00": (
        lambda t, c: _checked(t, c, "scheduled")
    ),
    "path:line: link to /briefs/x/ matches no page of this site": lambda t, c: _checked(
        t, c, "nothing"
    ),
    "PATH:1: already exists; not overwritten": lambda t, c: _made_twice(t, c),
    # the limits
    "path:1: is larger than 500,000 bytes (the limit for one brief or page)": lambda t, c: _built(
        t, c, {"briefs/big.md": _BRIEF_HEAD + "---\n" + "x" * limits.MAX_FILE_BYTES}
    ),
    "path:4: front matter: YAML aliases expand this value past 1,000,000 characters; repeat less "
    "through '*' aliases": lambda t, c: _parsed(
        _BRIEF_HEAD
        + "authors: [&a "
        + "x" * 2_000
        + ", "
        + ", ".join(["*a"] * 1_000)
        + "]\n---\nB.\n"
    ),
    "path:107: body: nested too deeply to render (lists and quotes more than 100 levels, or "
    "emphasis inside emphasis hundreds of levels); flatten it": lambda t, c: _parsed(
        _BRIEF_HEAD + "---\n" + "\n" * 102 + "> " * (limits.MAX_NESTING + 1) + "deep\n"
    ),
    "path:3: date: expected a date like 2023-07-26 or a date and time like "
    "2023-07-26T10:00:00+02:00, found '20240101'": lambda t, c: _parsed(
        "---\ntitle: A\ndate: 20240101\n---\nB.\n"
    ),
    # files in the content folder
    "path:1: is a symbolic link; links are not followed": lambda t, c: _built(
        t, c, {}, lambda content: (content / "briefs" / "x.md").symlink_to(t / "elsewhere.md")
    ),
    "path:1: is not a regular file (a FIFO, socket or device); it is not read": lambda t, c: _built(
        t, c, {}, lambda content: os.mkfifo(content / "briefs" / "x.md")
    ),
    "path:1: warning: not read: neither a brief (.md, .markdown) nor a picture": lambda t, c: (
        _built(t, c, {"briefs/notes.txt": "stray\n"})
    ),
    "path:line: warning: a level-1 heading: the title is the page's heading; use '##'": (
        lambda t, c: _built(t, c, {"briefs/h.md": _BRIEF_HEAD + "---\n# Heading\n\nText.\n"})
    ),
    # the folders a build reads
    "path:1: content folder not found": lambda t, c: _built(
        t, c, {}, prepare=lambda content: content.rename(content.with_name("gone"))
    ),
    "path:1: templates folder not found: ...": lambda t, c: _built(
        t, c, {}, prepare=lambda content: _no_templates(content.parent / "site.yaml")
    ),
    # aliases and the output folder
    "path:4: aliases entry: '/feed.xml/' would make the site's file /feed.xml a folder": (
        lambda t, c: _built(
            t, c, {"briefs/a.md": _BRIEF_HEAD + 'aliases: ["/feed.xml/"]\n---\nB.\n'}
        )
    ),
    "path:4: aliases entry: '/CNAME/' would replace site/CNAME, a file the build did not write": (
        lambda t, c: _cname(t, c)
    ),
    "content/briefs/x.md:5: warning: this brief (id tag:briefing,2023:x) was published at "
    "/briefs/old/ and is now at /briefs/new/; the old address answers 404 unless you add `aliases: "
    '["/briefs/old/"]`': lambda t, c: _moved(t, c),
    # charts and pictures
    "path:17: chart source: no source has the key 'nobody' (keys: other, pay)": lambda t, c: (
        _chart_without_its_source()
    ),
    "path:7: picture 'x.jpg' not found: no file content/briefs/b/x.jpg": lambda t, c: _pictured(
        t, c, "![A picture](x.jpg)", {}
    ),
    "path:7: picture '../x.jpg' '.', '..' and empty parts are not allowed in a picture's path; "
    "...": lambda t, c: _pictured(t, c, "![A picture](../x.jpg)", {}),
    "path:7: picture 'x.jpg' has no alt text; describe it in ![...], or mark it decorative: "
    '![](x.jpg "decorative")': lambda t, c: _pictured(t, c, "![](x.jpg)", {"x.jpg": "jpeg"}),
    "path:7: picture 'x.jpg' is marked decorative but has alt text; drop one or the other": (
        lambda t, c: _pictured(t, c, '![A picture](x.jpg "decorative")', {"x.jpg": "jpeg"})
    ),
    "path:7: picture 'x.jpg' is damaged and cannot be read (...)": lambda t, c: _pictured(
        t, c, "![A picture](x.jpg)", {"x.jpg": "damaged"}
    ),
    "path:7: picture 'x.jpg' is not a picture (use JPEG, PNG, WebP, GIF or AVIF)": lambda t, c: (
        _pictured(t, c, "![A picture](x.jpg)", {"x.jpg": "text"})
    ),
    "path:7: picture 'x.png' has more pixels than a build decodes (a decompression bomb?); make "
    "it smaller": lambda t, c: _pictured(t, c, "![A picture](x.png)", {"x.png": "bomb"}),
    "path:5: image src: 'lead.jpg' is 1000 pixels wide; a lead needs at least 1200": (
        lambda t, c: _pictured(t, c, "Text.", {"lead.jpg": "narrow"}, _LEAD)
    ),
    "path:5: image: missing credit": lambda t, c: _pictured(
        t, c, "Text.", {"lead.jpg": "jpeg"}, "image:\n  src: lead.jpg\n  alt: A\n"
    ),
    "path:9: image focus: expected one or two of center, top, bottom, left, right (like 'top "
    "left'), found 'middle'": lambda t, c: _pictured(
        t, c, "Text.", {"lead.jpg": "jpeg"}, _LEAD + "  focus: middle\n"
    ),
    # editions
    "path:line: warning: translation behind its original: content/briefs/x.md has a correction "
    "of 2023-07-29 this translation has no entry for; translate it and add an updates entry": (
        lambda t, c: _behind(t, c)
    ),
}

_LEAD = "image:\n  src: lead.jpg\n  alt: A\n  credit: B\n  caption: C\n"


def _no_templates(settings: Path) -> None:
    """Point the settings' templates folder at one that is not there."""
    text = settings.read_text("utf-8")
    settings.write_text(re.sub(r"(?m)^templates: .*$", "templates: nowhere", text), "utf-8")


def _built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str],
    prepare: Callable[[Path], object] = lambda content: None, settings: str = "",
) -> list[str]:  # fmt: skip
    """`briefing build` into ``site`` of a site with ``files`` (by their path in the content
    folder), after ``prepare(content)``: what it printed on stderr."""
    from conftest import write_site

    content, config = write_site(tmp_path, {}, settings)
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")
    prepare(content)
    out = ["--output", str(tmp_path / "site"), "--now", "2024-06-01T00:00:00+00:00"]
    cli.main(["build", "--content", str(content), "--config", str(config), *out, "--no-cache"])
    return capsys.readouterr().err.splitlines()


def _cname(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A site built, a ``CNAME`` put in its output, then a brief given the alias /CNAME/."""
    _built(tmp_path, capsys, {"briefs/a.md": _BRIEF_HEAD + "---\nB.\n"})
    (tmp_path / "site" / "CNAME").write_text("example.org\n")
    return _built(
        tmp_path, capsys, {"briefs/a.md": _BRIEF_HEAD + 'aliases: ["/CNAME/"]\n---\nB.\n'}
    )


def _moved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A brief built at /briefs/old/, then given the slug ``new``."""
    text = "---\ntitle: X\ndate: 2023-07-26\nid: tag:briefing,2023:x\nslug: {}\n---\nX.\n"
    _built(tmp_path, capsys, {"briefs/x.md": text.format("old")})
    return _built(tmp_path, capsys, {"briefs/x.md": text.format("new")})


def _chart_without_its_source() -> list[str]:
    from test_charts import SPEC, parsed

    spec = SPEC.replace("source: pay", "source: nobody")
    return [str(e) for e in parsed(f"Text.\n\n```chart\n{spec}```")[1]]


def _pictured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, files: dict[str, str],
    front: str = "",
) -> list[str]:  # fmt: skip
    """A bundle brief ``content/briefs/b/`` with ``body`` two lines into its text, and its
    picture ``files``: made as they are named (a picture, a damaged one...)."""
    from test_pictures import bomb, jpeg

    made = {"jpeg": lambda: jpeg(400, 300), "narrow": lambda: jpeg(1000, 800),
            "damaged": lambda: jpeg(400, 300)[:600], "text": lambda: b"not a picture\n",
            "bomb": bomb}  # fmt: skip
    brief = f"---\ntitle: B\ndate: 2024-01-10\n{front}---\nText.\n\n{body}\n"

    def prepare(content: Path) -> None:
        for name, kind in files.items():
            (content / "briefs" / "b" / name).write_bytes(made[kind]())

    return _built(tmp_path, capsys, {"briefs/b/index.md": brief}, prepare)


def _behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """An original with a correction its Italian translation has no entry for."""
    original = (
        "---\ntitle: X\ndate: 2023-07-26\nid: tag:t,2023:x\nupdates:\n  - date: 2023-07-29\n"
        "    kind: correction\n    note: A figure fixed.\n---\nX.\n"
    )
    translation = (
        "---\ntitle: Y\ndate: 2023-07-27\nlang: it\ntranslation_of: tag:t,2023:x\n---\nY.\n"
    )
    settings = "languages:\n  - code: en\n  - code: it\n"
    files = {"briefs/x.md": original, "briefs/y.md": translation}
    return _built(tmp_path, capsys, files, settings=settings)


def _made_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from conftest import write_site

    content, config = write_site(tmp_path / "new", {})
    args = ["new", "Twice", "--content", str(content), "--config", str(config)]
    assert cli.main(args) == errors.EXIT_OK
    assert cli.main(args) == errors.EXIT_CONTENT
    return capsys.readouterr().err.splitlines()


def documented_messages(text: str) -> set[str]:
    code = re.findall(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", text, re.DOTALL)  # `a`, `` `a` ``
    spans = (" ".join(span.split()) for _, span in code)
    # the shapes, not messages
    formats = {"path:line: message", "path:line: warning: message", "path:line: LEVEL: message"}
    return {span for span in spans if MESSAGE.match(span) and span not in formats}


def _pattern(documented: str) -> re.Pattern[str]:
    head, rest = documented.split(":", 1)
    number, message = rest.split(":", 1)
    where = r"\S+" if head in ("path", "PATH") else re.escape(head)
    line = r"\d+" if number == "line" else re.escape(number)
    # "(...)" and a closing " ..." stand for text the contract leaves out
    message = re.escape(message).replace(re.escape("(...)"), r"\(.+\)")
    if message.endswith(re.escape(" ...")):
        message = message.removesuffix(re.escape(" ...")) + " .+"
    return re.compile(f"{where}:{line}:{message}")


def test_every_message_the_contract_quotes_has_a_case(contract):
    assert documented_messages(contract) == set(MESSAGE_CASES)


@pytest.mark.parametrize("documented", sorted(MESSAGE_CASES))
def test_a_documented_message_is_the_real_one(documented, tmp_path, capsys):
    real = MESSAGE_CASES[documented](tmp_path, capsys)
    pattern = _pattern(documented)
    assert any(pattern.fullmatch(line) for line in real), (documented, real)


def test_a_changed_word_in_a_documented_message_is_caught():
    real = _parsed("---\ntitle: ~\ndate: 2024-01-01\n---\nB.\n")
    assert any(_pattern("path:2: title: must not be empty").fullmatch(x) for x in real)
    assert not any(_pattern("path:2: title: may not be empty").fullmatch(x) for x in real)
    assert not any(_pattern("path:3: title: must not be empty").fullmatch(x) for x in real)
    assert "path:2: title: must not be empty" in documented_messages(
        "a `path:2: title: must\n  not be empty` b"
    )


def test_check_decides_what_is_scheduled_by_its_now(tmp_path, capsys):
    from conftest import write_site

    briefs = {
        "a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nSee [x](/briefs/x/).\n",
        "x.md": "---\ntitle: X\ndate: 2030-01-01T09:00:00+01:00\n---\nX.\n",
    }
    content, config = write_site(tmp_path, briefs)
    args = ["check", "--content", str(content), "--config", str(config), "--now"]
    assert cli.main([*args, "2030-01-01T08:59:59+00:00"]) == errors.EXIT_OK
    assert cli.main([*args, "2030-01-01T07:59:59+00:00"]) == errors.EXIT_CONTENT
    assert "scheduled for 2030-01-01T09:00:00+01:00" in capsys.readouterr().err
