"""Find and read every input file: the read edge of the pipeline."""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, ContentError
from .frontmatter import decode
from .limits import MAX_FILE_BYTES


@dataclass(frozen=True)
class SourceFile:
    path: str  # as shown in messages: relative to the content folder's parent
    data: bytes


@dataclass(frozen=True)
class Inputs:
    config: SourceFile
    briefs: tuple[SourceFile, ...]
    pages: tuple[SourceFile, ...]
    templates: tuple[tuple[str, str], ...]  # (name, text)
    assets: tuple[tuple[str, bytes], ...]  # (path under assets/, bytes)
    # every file a brief or page may show: those beside a bundle's index.md and those in
    # content/media/, by path as shown in messages ("content/media/x.jpg")
    pictures: tuple[SourceFile, ...] = ()
    # Files in content/briefs or content/pages that are neither content nor a picture: the
    # build reads none of them, and says so (``path:1: warning: ...``) instead of in silence.
    ignored: tuple[str, ...] = ()
    people: tuple[SourceFile, ...] = ()  # content/authors/*.md
    stories: tuple[SourceFile, ...] = ()  # content/stories/*.md


IGNORED = (".", "#", "_")  # name starts of content files that are not read (editors' files)
# What a brief or page is written in: Markdown, by either of its usual extensions.
CONTENT_SUFFIXES = frozenset({".md", ".markdown"})
# Files that may stand beside briefs and pages without being read as content.
PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})


def _is_content_name(path: Path) -> bool:
    return path.suffix.lower() in CONTENT_SUFFIXES and not path.name.startswith(IGNORED)


def _is_ignored_name(path: Path) -> bool:
    """A file in a content folder that the build does not read and that is worth a word."""
    if path.name.startswith(IGNORED) or path.name.endswith("~"):
        return False
    return not _is_content_name(path) and path.suffix.lower() not in PICTURE_SUFFIXES


def _files(
    root: Path,
    shown_from: Path,
    errors: list[ContentError],
    pattern: str,
    ignored: tuple[str, ...] = (),
) -> list[Path]:
    """The regular files under ``root`` whose names match ``pattern`` and start with none of
    ``ignored``, sorted. A symbolic
    link (to a file that matches, or to any folder) and anything that is not a regular file
    (a FIFO, a socket, a device) are located errors: none is followed or opened."""
    if root.is_symlink():
        message = "is a symbolic link; links are not followed"
        errors.append(ContentError(_shown(root, shown_from), 1, message))
        return []
    if not root.is_dir():
        return []
    found = []
    folders = [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            path = Path(entry.path)
            matches = fnmatch.fnmatch(entry.name, pattern) and not entry.name.startswith(ignored)
            if entry.is_symlink():
                if matches or path.is_dir():
                    message = "is a symbolic link; links are not followed"
                    errors.append(ContentError(_shown(path, shown_from), 1, message))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif not matches:
                continue
            elif not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                message = "is not a regular file (a FIFO, socket or device); it is not read"
                errors.append(ContentError(_shown(path, shown_from), 1, message))
            else:
                found.append(path)
    return sorted(found)


def _read_bounded(
    path: Path, shown: str, errors: list[ContentError], what: str = "one brief or page"
) -> bytes | None:
    """A file's bytes (a brief's, a page's, the settings', a template's), or None (and a
    located error) when it is over the limit for ``what``: its size is taken from the open
    file before anything is read, and never more than the limit is read, so a file growing
    meanwhile is caught too. Opened without blocking and checked to be a regular file, so a
    FIFO (or one swapped in since the file was listed) is an error, never a wait."""
    too_big = f"is larger than {MAX_FILE_BYTES:,} bytes (the limit for {what})"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            errors.append(ContentError(shown, 1, "is not a regular file; it is not read"))
            return None
        if status.st_size > MAX_FILE_BYTES:
            errors.append(ContentError(shown, 1, too_big))
            return None
        # the size found, and a byte more to see that it grew meanwhile (asking for the
        # limit at once costs a buffer that big for every file)
        data = handle.read(min(status.st_size, MAX_FILE_BYTES) + 1)
        if len(data) > status.st_size:  # it grew: read on, never past the limit
            data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    if len(data) > MAX_FILE_BYTES:
        errors.append(ContentError(shown, 1, too_big))
        return None
    return data


def _shown(path: Path, shown_from: Path) -> str:
    try:
        return path.relative_to(shown_from).as_posix()
    except ValueError:
        return path.as_posix()


# A folder holding an index.md is a bundle: one brief or page, with its files beside it.
BUNDLE_INDEX = "index.md"
MEDIA = "media"  # content/media/: files any brief or page may show, written /media/<name>


def read_content(content: Path, kind: str, errors: list[ContentError]) -> tuple[SourceFile, ...]:
    """Every brief (or page) file: ``<name>.md``, or ``<name>/index.md`` in a bundle (whose
    other Markdown files are not content of their own)."""
    shown_from = content.parent
    root = content / kind
    found = _files(root, shown_from, errors, "*", IGNORED)
    found = [p for p in found if _is_content_name(p)]
    bundles = {p.parent for p in found if p.name == BUNDLE_INDEX and p.parent != root}
    if bundles:  # a file anywhere inside a bundle folder is not a brief, but its index.md
        found = [p for p in found if p.name == BUNDLE_INDEX or bundles.isdisjoint(p.parents)]
    read = []
    for path in found:
        shown = _shown(path, shown_from)
        data = _read_bounded(path, shown, errors)
        if data is not None:
            read.append(SourceFile(shown, data))
    return tuple(read)


def read_pictures(content: Path, errors: list[ContentError]) -> tuple[SourceFile, ...]:
    """The files beside every bundle's index.md, every file of content/media/ and the
    pictures of content/authors/; a symbolic link among them is an error (never followed)."""
    shown_from = content.parent
    found: list[Path] = []
    for kind in ("briefs", "pages"):
        root = content / kind
        for index in _files(root, shown_from, errors, BUNDLE_INDEX):
            folder = index.parent
            if folder == root:
                continue
            found += [
                p
                for p in _files(folder, shown_from, errors, "*")
                if p.suffix != ".md" and not p.name.startswith(".")
            ]
    found += [p for p in _files(content / MEDIA, shown_from, errors, "*")
              if not p.name.startswith(".")]  # fmt: skip
    # people's photos: the pictures beside their files in content/authors/
    people = content / "authors"
    found += [p for p in _files(people, shown_from, errors, "*")
              if p.parent == people and p.suffix.lower() in PICTURE_SUFFIXES]  # fmt: skip
    unique = sorted(set(found))
    return tuple(SourceFile(_shown(p, shown_from), p.read_bytes()) for p in unique)


def ignored_files(content: Path, kind: str) -> tuple[str, ...]:
    """Every file under ``content/kind`` that is not read as content and not a picture."""
    root = content / kind
    if not root.is_dir():
        return ()
    found = sorted(
        Path(folder, name)
        for folder, _, names in os.walk(root)  # never into a linked folder
        for name in names
        if stat.S_ISREG(os.lstat(os.path.join(folder, name)).st_mode)
    )
    # a bundle's own files (beside its index.md) are its pictures and attachments
    bundles = {p.parent for p in found if p.name == BUNDLE_INDEX and p.parent != root}
    return tuple(
        _shown(p, content.parent)
        for p in found
        if _is_ignored_name(p) and bundles.isdisjoint(p.parents)
    )


def read_config(content: Path, config_path: Path) -> SourceFile:
    """The settings file's bytes: a regular file within the size limit, else BuildFailed."""
    shown = _shown(config_path, content.parent)
    errors: list[ContentError] = []
    try:
        data = _read_bounded(config_path, shown, errors, "the settings")
    except OSError as exc:
        raise BuildFailed(
            [ContentError(shown, 1, f"cannot read settings: {exc.strerror}")]
        ) from None
    if data is None:
        raise BuildFailed(errors)
    return SourceFile(shown, data)


def _template_text(path: Path, shown: str, errors: list[ContentError]) -> str:
    """A template's text: a regular file within the size limit, in UTF-8, else a located
    error (and "" in its place, as the build stops before rendering)."""
    try:
        data = _read_bounded(path, shown, errors, "one template")
    except OSError as exc:
        errors.append(ContentError(shown, 1, f"cannot read template: {exc.strerror}"))
        return ""
    text, problems = decode(shown, data or b"")
    errors += problems
    return text or ""


def read_inputs(content: Path, config: SourceFile, tdir: Path) -> Inputs:
    """Read everything a build needs; raise BuildFailed if anything is unreadable."""
    errors: list[ContentError] = []
    if not content.is_dir():
        raise BuildFailed(
            [ContentError(_shown(content, content.parent), 1, "content folder not found")]
        )
    if not tdir.is_dir():
        raise BuildFailed([ContentError(config.path, 1, f"templates folder not found: {tdir}")])
    templates = tuple(
        (p.relative_to(tdir).as_posix(), _template_text(p, _shown(p, content.parent), errors))
        for p in _files(tdir, content.parent, errors, "*")
        if (
            p.suffix in (".html", ".xml", ".txt", ".json")
            or (p.suffix == ".yaml" and p.relative_to(tdir).parts[0] == "i18n")
        )
        and "assets" not in p.relative_to(tdir).parts
    )
    assets = tuple(
        (p.relative_to(tdir / "assets").as_posix(), p.read_bytes())
        for p in _files(tdir / "assets", content.parent, errors, "*")
        if not p.name.startswith(".")
    )
    briefs = read_content(content, "briefs", errors)
    pages = read_content(content, "pages", errors)
    people = read_content(content, "authors", errors)
    stories = read_content(content, "stories", errors)
    pictures = read_pictures(content, errors)
    if errors:
        raise BuildFailed(sorted(set(errors)))
    ignored = ignored_files(content, "briefs") + ignored_files(content, "pages")
    return Inputs(config, briefs, pages, templates, assets, pictures, ignored, people, stories)
