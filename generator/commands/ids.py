"""`briefing ids`: give every brief without a declared `id` the one it has today.

A brief without `id` gets one derived from its slug and year, which changes when the file
is renamed or re-dated. This writes that same derived id into the file, so feed items keep
their ids, as one new line after the `date:` line (or after the opening `---` when the date
is not written on one line); no other byte of the file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import SiteConfig
from ..errors import ContentError
from ..model import Brief
from ..parse import parse_brief
from ..sources import SourceFile
from .scaffold import quoted

# A top-level `date:` whose value is written on the same line (not a block or a comment).
_DATE_LINE_RE = re.compile(rb"^date:[ \t]+[^\s#|>]")


@dataclass(frozen=True)
class Outcome:
    written: tuple[tuple[str, str], ...]  # (path, id) of each brief given an id
    errors: tuple[ContentError, ...]  # briefs that were not rewritten, and why


def _lines(data: bytes) -> list[bytes]:
    """The file's lines with their endings (LF, CRLF or CR), as YAML and the parser count."""
    return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)


def with_id(data: bytes, brief: Brief) -> bytes:
    """``data`` with one line ``id: "<brief.id>"`` inserted after its `date:` line (or its
    opening fence), ending like the line before it."""
    lines = _lines(data)
    at = brief.line("date") - 1
    following = lines[at + 1] if at + 1 < len(lines) else b""
    date_on_one_line = (
        at < len(lines)
        and _DATE_LINE_RE.match(lines[at])
        and not following.startswith((b" ", b"\t"))
    )
    after = at if date_on_one_line else 0
    before = lines[after]
    ending = before[len(before.rstrip(b"\r\n")) :] or b"\n"
    line = f"id: {quoted(brief.id)}".encode() + ending
    return b"".join([*lines[: after + 1], line, *lines[after + 1 :]])


def _same_but_id(old: Brief, new: Brief) -> bool:
    """Whether the rewritten file parses to the brief it was, its id now declared."""
    moved = dict(new.lines)
    del moved["id"]

    def unplaced(brief: Brief) -> Brief:  # lines move down by the one inserted: compare the rest
        spans = tuple(link._replace(line=0) for link in brief.links)
        return replace(brief, lines=(), links=spans)

    same = replace(unplaced(new), id_declared=False) == unplaced(old)
    return same and set(moved) == set(dict(old.lines))


def add_ids(files: tuple[SourceFile, ...], config: SiteConfig) -> tuple[Outcome, dict[str, bytes]]:
    """Decide, without writing: the new bytes of each brief that lacks an id."""
    config = replace(config, require_ids=False)
    written: list[tuple[str, str]] = []
    errors: list[ContentError] = []
    changes: dict[str, bytes] = {}
    for file in files:
        brief, problems = parse_brief(file.path, file.data, config)
        if brief is None:
            errors += problems
            continue
        if brief.id_declared:
            continue
        data = with_id(file.data, brief)
        again, _ = parse_brief(file.path, data, config)
        if again is None or not _same_but_id(brief, again):
            message = "could not insert an 'id' line safely; add it by hand"
            errors.append(ContentError(file.path, 1, message))
            continue
        changes[file.path] = data
        written.append((file.path, brief.id))
    return Outcome(tuple(written), tuple(sorted(errors))), changes


def run(content: Path, config_path: Path) -> Outcome:
    """Read the settings and every brief; rewrite each brief that lacks an id."""
    from .. import write
    from ..config import parse_config
    from ..errors import BuildFailed
    from ..sources import read_config, read_content

    config_file = read_config(content, config_path)
    config = parse_config(config_file.path, config_file.data)
    if not content.is_dir():
        raise BuildFailed([ContentError(content.as_posix(), 1, "content folder not found")])
    unreadable: list[ContentError] = []  # symbolic links: reported, never followed
    files = read_content(content, "briefs", unreadable)
    outcome, changes = add_ids(files, config)
    for path, data in changes.items():
        write.replace_source(content.parent / path, data)
    return replace(outcome, errors=tuple(sorted((*outcome.errors, *unreadable))))
