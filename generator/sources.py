"""Find and read every input file: the read edge of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, ContentError


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
    # Files in content/briefs or content/pages that are neither content nor a picture: the
    # build reads none of them, and says so (``path:1: warning: ...``) instead of in silence.
    ignored: tuple[str, ...] = ()


# What a brief or page is written in: Markdown, by either of its usual extensions.
CONTENT_SUFFIXES = frozenset({".md", ".markdown"})
# Files that may stand beside briefs and pages without being read as content.
PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})
# Names an editor's tools leave behind (backups, lock files, the desktop's folder data).
_SCRATCH = (".", "#", "_")


def _is_content_name(path: Path) -> bool:
    return path.suffix.lower() in CONTENT_SUFFIXES and not path.name.startswith(_SCRATCH)


def _is_ignored_name(path: Path) -> bool:
    """A file in a content folder that the build does not read and that is worth a word."""
    if path.name.startswith(_SCRATCH) or path.name.endswith("~"):
        return False
    return not _is_content_name(path) and path.suffix.lower() not in PICTURE_SUFFIXES


def _files(root: Path, shown_from: Path, errors: list[ContentError], pattern: str) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob(pattern)):
        if path.is_symlink():
            errors.append(
                ContentError(
                    _shown(path, shown_from), 1, "is a symbolic link; links are not followed"
                )
            )
        elif path.is_file():
            found.append(path)
    return found


def _shown(path: Path, shown_from: Path) -> str:
    try:
        return path.relative_to(shown_from).as_posix()
    except ValueError:
        return path.as_posix()


def read_content(content: Path, kind: str, errors: list[ContentError]) -> tuple[SourceFile, ...]:
    shown_from = content.parent
    files = [p for p in _files(content / kind, shown_from, errors, "*") if _is_content_name(p)]
    return tuple(SourceFile(_shown(p, shown_from), p.read_bytes()) for p in files)


def ignored_files(content: Path, kind: str) -> tuple[str, ...]:
    """Every file under ``content/kind`` that is not read as content and not a picture."""
    root = content / kind
    if not root.is_dir():
        return ()
    found = (p for p in sorted(root.rglob("*")) if not p.is_symlink() and p.is_file())
    return tuple(_shown(p, content.parent) for p in found if _is_ignored_name(p))


def read_config(content: Path, config_path: Path) -> SourceFile:
    shown = _shown(config_path, content.parent)
    try:
        return SourceFile(shown, config_path.read_bytes())
    except OSError as exc:
        raise BuildFailed(
            [ContentError(shown, 1, f"cannot read settings: {exc.strerror}")]
        ) from None


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
        (p.relative_to(tdir).as_posix(), p.read_text("utf-8"))
        for p in _files(tdir, content.parent, errors, "*")
        if p.suffix in (".html", ".xml", ".txt", ".json")
        and "assets" not in p.relative_to(tdir).parts
    )
    assets = tuple(
        (p.relative_to(tdir / "assets").as_posix(), p.read_bytes())
        for p in _files(tdir / "assets", content.parent, errors, "*")
        if not p.name.startswith(".")
    )
    briefs = read_content(content, "briefs", errors)
    pages = read_content(content, "pages", errors)
    if errors:
        raise BuildFailed(errors)
    ignored = ignored_files(content, "briefs") + ignored_files(content, "pages")
    return Inputs(config, briefs, pages, templates, assets, ignored)
