"""The only writer: puts the built site into the output folder and nowhere else.

Rendering stages each changed file in a staging folder beside the output; only
after everything rendered does ``commit`` rename staged files into place (a rename
per file, so a reader never sees half a file), leave files whose bytes did not
change untouched, and remove files a previous build wrote that are no longer part
of the site. A manifest of what was written lets the writer remove only its own
files, never anything else in the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .urls import MANIFEST

FileState = tuple[str, int]  # (sha256 hex, size)


class UnsafeOutput(Exception):
    """A path that would leave the output folder, or a folder that is not ours."""


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_relative(path: str) -> PurePosixPath:
    """Validate an output path: relative, no '..', no empty parts, no backslashes."""
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise UnsafeOutput(f"refusing to write outside the output folder: {path!r}")
    return PurePosixPath(path)


def _inside(root: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def read_manifest(output: Path) -> dict[str, FileState] | None:
    """What the last build wrote, or None if the folder has no (readable) manifest."""
    try:
        files = json.loads((output / MANIFEST).read_text("utf-8"))["files"]
        # Older manifests held only a hash: the size -1 matches no file, so it is rewritten.
        return {
            str(p): (v, -1) if isinstance(v, str) else (str(v[0]), int(v[1]))
            for p, v in files.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def on_disk(output: Path, path: str, state: FileState) -> bool:
    """Does the output folder still hold this file as the manifest says (by size)?"""
    target = output / path
    try:
        return not target.is_symlink() and target.stat().st_size == state[1]
    except OSError:
        return False


def staging_folder(output: Path) -> Path:
    """A fresh folder beside the output (same file system, so renames are atomic)."""
    parent = output.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=parent))


def staged_name(path: str) -> str:
    """Where a file waits in the flat staging folder (no folders to create per file)."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


def stage(staging: Path, path: str, data: bytes) -> FileState:
    """Put one file in the staging folder; return its state."""
    safe_relative(path)
    (staging / staged_name(path)).write_bytes(data)
    return digest(data), len(data)


def _check_output(output: Path) -> tuple[Path, dict[str, FileState]]:
    output.mkdir(parents=True, exist_ok=True)
    root = output.resolve()
    previous = read_manifest(root)
    if previous is None and any(root.iterdir()):
        raise UnsafeOutput(
            f"{output} is not empty and was not made by briefing; "
            "empty it or choose another --output"
        )
    return root, previous or {}


def check_output(output: Path) -> None:
    """Fail early, before any work, if the output folder is not ours to write."""
    if not output.exists():
        return
    if not output.is_dir() or (any(output.iterdir()) and read_manifest(output.resolve()) is None):
        raise UnsafeOutput(
            f"{output} is not empty and was not made by briefing; "
            "empty it or choose another --output"
        )


def commit(
    output: Path, staging: Path, files: dict[str, FileState], staged: set[str]
) -> WriteReport:
    """Make ``output`` hold exactly ``files``: staged ones are moved in if they changed;
    the others must already be in place. Stale files from the last build are removed."""
    for path in files:
        safe_relative(path)
    root, previous = _check_output(output)
    written = unchanged = 0
    safe_folders: set[Path] = set()
    for path in sorted(staged):
        target = root / path
        if previous.get(path) == files[path] and on_disk(root, path, files[path]):
            unchanged += 1
            continue
        if target.parent not in safe_folders:
            if not _inside(root, _nearest_existing(target.parent)):
                message = f"refusing to write through a link outside the output folder: {path}"
                raise UnsafeOutput(message)
            target.parent.mkdir(parents=True, exist_ok=True)
            safe_folders.add(target.parent)
        if target.is_symlink():
            target.unlink()
        source = staging / staged_name(path)
        os.chmod(source, 0o644)
        os.replace(source, target)
        written += 1
    unchanged += len(files) - len(staged)  # the caller checked these are in place
    removed = 0
    for path in sorted(set(previous) - set(files)):
        try:
            target = root / safe_relative(path)
        except UnsafeOutput:
            continue
        if (target.is_file() or target.is_symlink()) and _inside(root, target.parent):
            target.unlink()
            removed += 1
            _prune(root, target.parent)
    manifest = {"files": {p: list(files[p]) for p in sorted(files)}}
    _atomic_write(root / MANIFEST, json.dumps(manifest, indent=0).encode("utf-8"))
    return WriteReport(written, unchanged, removed)


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix="~")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and not folder.is_symlink():
        folder = folder.parent
    return folder


def _prune(root: Path, folder: Path) -> None:
    """Remove folders left empty by removals, up to (not including) the root."""
    while folder != root and _inside(root, folder):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
