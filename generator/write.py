"""The only writer: puts {path: bytes} into the output folder and nowhere else.

Each changed file goes to a temporary file that is renamed into place; files whose
bytes did not change are not touched; files a previous build wrote that are no
longer part of the site are removed. A manifest of what was written lets the
writer remove only its own files, never anything else in the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST = ".briefing-manifest.json"


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
    """Validate an output path: relative, no '..', no empty or hidden-trick parts."""
    pure = PurePosixPath(path)
    if (
        not path
        or pure.is_absolute()
        or "\\" in path
        or "\x00" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise UnsafeOutput(f"refusing to write outside the output folder: {path!r}")
    return pure


def _inside(root: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def read_manifest(root: Path) -> dict[str, str] | None:
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else None


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix="~")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_site(output: Path, files: dict[str, bytes]) -> WriteReport:
    """Make ``output`` hold exactly ``files`` (plus anything we never wrote)."""
    for path in files:
        safe_relative(path)
    output.mkdir(parents=True, exist_ok=True)
    root = output.resolve()
    previous = read_manifest(root)
    if previous is None and any(root.iterdir()):
        raise UnsafeOutput(
            f"{output} is not empty and was not made by briefing; "
            "empty it or choose another --output"
        )
    previous = previous or {}
    hashes = {path: digest(data) for path, data in files.items()}
    written = unchanged = 0
    for path in sorted(files):
        target = root / path
        if not _inside(root, _nearest_existing(target.parent)):
            raise UnsafeOutput(
                f"refusing to write through a link outside the output folder: {path}"
            )
        if previous.get(path) == hashes[path] and target.is_file() and not target.is_symlink():
            unchanged += 1
            continue
        if target.is_symlink():
            target.unlink()
        _atomic_write(target, files[path])
        written += 1
    removed = 0
    for path in sorted(set(previous) - set(files)):
        try:
            target = root / safe_relative(path)
        except UnsafeOutput:
            continue
        if target.is_file() and _inside(root, target.parent):
            target.unlink()
            removed += 1
            _prune(root, target.parent)
    manifest = json.dumps({"files": dict(sorted(hashes.items()))}, indent=0, sort_keys=True)
    _atomic_write(root / MANIFEST, manifest.encode("utf-8"))
    return WriteReport(written, unchanged, removed)


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
