"""The no-change fast path: is the last build's output still exactly right?

After a successful build, a stamp in the cache folder records a SHA-256 of every
input (the generator's own code, the settings, every file under the content and
templates folders, the options that shape output), the output folder's manifest,
and the earliest date of a brief held back for later. The next build first
recomputes that digest straight from the files: if nothing changed, no scheduled
brief has come due, and the output folder still holds every file the manifest
lists, there is nothing to do. This module imports only the standard library, so
the check costs little more than reading the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..urls import MANIFEST

if TYPE_CHECKING:
    from ..build import Options

STAMP = "stamp.json"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the generator's own source: a changed generator never trusts old output."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _add_tree(h: Any, root: Path) -> None:
    """Every entry below ``root`` (names, kinds, file bytes), in a stable order."""
    if not root.is_dir():
        h.update(b"missing\0")
        return
    start = len(str(root)) + 1
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            name = entry.path[start:].encode()  # relative: the same however root was spelt
            if entry.is_symlink():
                h.update(b"L" + name + b"\0")
            elif entry.is_dir():
                h.update(b"D" + name + b"\0")
                folders.append(entry.path)
            else:
                with open(entry.path, "rb") as handle:
                    h.update(b"F" + name + b"\0" + handle.read() + b"\0")


def inputs_digest(shape: dict[str, Any], config: bytes, content: Path, templates: Path) -> str:
    """Everything a build reads, and the options that shape its output, as one digest."""
    h = hashlib.sha256()
    h.update(code_digest().encode())
    h.update(json.dumps(shape, sort_keys=True).encode() + b"\0" + config + b"\0")
    _add_tree(h, content)
    _add_tree(h, templates)
    return h.hexdigest()


def shape(options: Options) -> dict[str, Any]:
    """The options that shape a build's output (not the workers, --quiet or the cache folder)."""
    return {
        "content": str(options.content.resolve()),
        "config": str(options.config.resolve()),
        "output": str(options.output.resolve()),
        "base_url": options.base_url,
        "drafts": options.drafts,
        "now": options.now.isoformat() if options.now else None,
    }


def _manifest_intact(output: Path) -> str | None:
    """The digest of the output's manifest if every file it lists is there at its size."""
    root = str(output)
    try:
        blob = (output / MANIFEST).read_bytes()
        for path, (_, size) in json.loads(blob)["files"].items():
            info = os.lstat(os.path.join(root, path))
            if not stat.S_ISREG(info.st_mode) or info.st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return hashlib.sha256(blob).hexdigest()


def record(cache_dir: Path, stamp: dict[str, Any], output: Path) -> None:
    """After a successful build: remember what it was made from."""
    stamp = {**stamp, "manifest": _manifest_intact(output)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp, sort_keys=True), "utf-8")
    os.replace(tmp, cache_dir / STAMP)


def fresh(
    cache_dir: Path, shape: dict[str, Any], output: Path, now: datetime | None
) -> dict[str, Any] | None:
    """The stamp of the last build if its output is still exactly right, else None."""
    try:
        stamp = json.loads((cache_dir / STAMP).read_text("utf-8"))
        templates = Path(stamp["templates"])
        due = stamp["next_due"]
        if due is not None and (now or datetime.now(UTC)) >= datetime.fromisoformat(due):
            return None
        config = Path(shape["config"]).read_bytes()
        digest = inputs_digest(shape, config, Path(shape["content"]), templates)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if digest != stamp["inputs"] or stamp["manifest"] is None or "summary" not in stamp:
        return None
    if _manifest_intact(output) != stamp["manifest"]:
        return None
    return dict(stamp)
