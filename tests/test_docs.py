"""docs/contract.md against the code, both ways: nothing undocumented, nothing documented
that the code does not have; and no documentation that points outside the repository."""

from __future__ import annotations

import argparse
import dataclasses
import re
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
    assert sorted(statuses) == sorted(code)


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
