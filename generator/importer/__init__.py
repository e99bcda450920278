"""``briefing import pelican|jekyll|hugo SITE``: another generator's site -> briefs and pages.

read (readers: the old site's settings and sources) -> choose slugs -> map front matter
(mapping) and convert bodies (bodies) -> plan files -> write (never over an existing file).
Every step but the first and the last is pure; the report names what each file lost."""

from __future__ import annotations

import contextlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import bodies, mapping, readers
from .model import ImportFailed, Note, Post

__all__ = ["ImportFailed", "Outcome", "run"]

_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter, where built


@dataclass(frozen=True)
class Outcome:
    """What an import did (or, with ``dry_run``, would do)."""

    briefs: int
    pages: int
    notes: tuple[Note, ...]
    written: tuple[str, ...]  # paths written (or to write, in a dry run)
    unchanged: tuple[str, ...]  # paths that already held exactly these bytes

    @property
    def warnings(self) -> int:
        return sum(1 for note in self.notes if note.level == "warning")

    def closing(self, dry_run: bool) -> str:
        noun = "warning" if self.warnings == 1 else "warnings"
        end = "; dry run, nothing written" if dry_run else ""
        return (
            f"imported {self.briefs} briefs, {self.pages} pages, {self.warnings} {noun}"
            f" ({len(self.written)} files written, {len(self.unchanged)} unchanged){end}"
        )


def _keys(post: Post, root: Path, site: Path) -> set[str]:
    """Every way another post may name ``post`` in a link: its path from the site folder and
    from the content folder, with and without extension, and Jekyll's dated post name."""
    full = (site / post.path).resolve()
    names = {post.path}
    with contextlib.suppress(ValueError):  # a file outside the content folder
        names.add(full.relative_to(root.resolve()).as_posix())
    keys = set()
    for name in names:
        stem = posixpath.splitext(name)[0]
        keys |= {name, stem, "/" + name, "/" + stem}
        if stem.endswith("/index"):
            keys |= {stem[: -len("/index")], "/" + stem[: -len("/index")]}
    keys.add(posixpath.basename(posixpath.splitext(post.path)[0]).removeprefix("_posts/"))
    return keys


def _resolver(reading: readers.Reading, urls: dict[str, str], roots: tuple[Path, ...]):
    by_key: dict[str, str | None] = {}
    for post in reading.posts:
        if post.path not in urls:
            continue
        for root in roots:
            for key in _keys(post, root, reading.root):
                by_key[key] = (
                    urls[post.path] if by_key.get(key, urls[post.path]) == urls[post.path] else None
                )  # a name two posts share points to neither

    def resolve(target: str, from_path: str) -> str | None:
        target = target.strip().strip("\"'")
        here = posixpath.dirname(from_path)
        tries = [target, target.rstrip("/"), posixpath.normpath(posixpath.join(here, target))]
        for root in roots:
            try:
                rel = (reading.root / here).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
            tries.append(posixpath.normpath(posixpath.join(rel, target)))
        for attempt in tries:
            for key in (attempt, posixpath.splitext(attempt)[0]):
                if by_key.get(key):
                    return by_key[key]
        return None

    return resolve


def _front_matter(front: dict) -> str:
    """Front matter as an editor writes it: one key a line, lists in brackets."""
    lines = []
    for key, value in front.items():
        flow = None if isinstance(value, list) else False
        dumped = yaml.dump({key: value}, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                           width=10_000, default_flow_style=flow)  # fmt: skip
        lines.append(dumped.rstrip("\n"))
    return "---\n" + "\n".join(lines) + "\n---\n"


def plan(reading: readers.Reading, authority: str) -> tuple[
    list[tuple[str, bytes | str]], list[Note], int, int
]:  # fmt: skip
    """Every file to write (content-relative path, bytes, or the source path of a file to
    copy), the report, and how many briefs and pages."""
    notes = list(reading.notes)
    taken: dict[str, set[str]] = {"brief": set(), "page": set()}
    slugs: dict[str, str] = {}
    urls: dict[str, str] = {}
    for post in reading.posts:
        slug = mapping.unique_slug(post.stem, taken[post.kind])
        slugs[post.path] = slug
        urls[post.path] = f"/briefs/{slug}/" if post.kind == "brief" else f"/{slug}/"
    roots = (reading.root, *reading.static_roots)
    resolve = _resolver(reading, urls, roots)
    files: list[tuple[str, bytes | str]] = []
    counts = {"brief": 0, "page": 0}
    spellings: dict[str, str] = {}  # a tag's URL slug -> the first spelling met
    for post in reading.posts:
        mapped = mapping.map_post(post, slugs[post.path], authority, reading.timezone)
        notes += mapped.notes
        if "tags" in mapped.front:
            mapped.front["tags"], renamed = mapping.one_spelling(mapped.front["tags"], spellings)
            notes += [Note(post.path, post.lines.get("tags", 1), "converted", r) for r in renamed]
        if post.kind == "brief" and "date" not in mapped.front:
            notes.append(Note(post.path, 1, "warning", "not imported: a brief needs a date"))
            continue
        ctx = bodies.Context(
            post.path, reading.root / post.path, post.body_line, resolve,
            reading.static_roots, reading.variables, str(mapped.front["title"]),
        )  # fmt: skip
        ctx.files.update(dict(post.files))
        body = bodies.convert(reading.generator, post.body, ctx).strip("\n")
        notes += ctx.notes
        folder = "briefs" if post.kind == "brief" else "pages"
        name = mapped.slug
        if post.kind == "brief":
            name = f"{mapped.front['date'][:10]}-{mapped.slug}"
        text = _front_matter(mapped.front) + body + "\n"
        if ctx.files:
            files.append((f"{folder}/{name}/index.md", text.encode("utf-8")))
            files += [(f"{folder}/{name}/{file}", src) for file, src in sorted(ctx.files.items())]
        else:
            files.append((f"{folder}/{name}.md", text.encode("utf-8")))
        counts[post.kind] += 1
    return files, notes, counts["brief"], counts["page"]


def run(
    generator: str, site: Path, content: Path, authority: str, dry_run: bool = False
) -> Outcome:
    """Import ``site`` (a ``generator`` site's folder) into ``content``."""
    if not site.is_dir():
        raise ImportFailed(f"{site}: no such folder")
    reading = readers.READERS[generator](site)
    files, notes, briefs, pages = plan(reading, authority)
    written: list[str] = []
    unchanged: list[str] = []
    for rel, given in files:
        target = content / rel
        try:
            data = Path(given).read_bytes() if isinstance(given, str) else given
        except OSError as exc:
            raise ImportFailed(f"{given!s}: cannot read: {exc.strerror}") from None
        shown = target.as_posix()
        if target.exists() or target.is_symlink():
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                unchanged.append(shown)
            else:
                notes.append(Note(shown, 1, "warning", "exists already; not overwritten"))
            continue
        written.append(shown)
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(data)
    return Outcome(briefs, pages, tuple(sorted(set(notes))), tuple(written), tuple(unchanged))
