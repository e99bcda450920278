"""The no-change fast path: is the last build's output still exactly right?

After a successful build, a stamp in the cache folder records a SHA-256 of every
input (the generator's own code and the distributions installed beside it, the
settings, every file under the content and templates folders, the options that
shape output), the output folder's manifest, and the earliest date of a brief held
back for later. The next build first recomputes that digest straight from the
files: if nothing changed, no scheduled brief has come due, and the output folder
still holds every file the manifest lists, there is nothing to do. This module
imports only the standard library, so the check costs little more than reading the
files.

``code_digest`` keys the build cache (see cache.py): the generator's source, the
Python running it and the version of every runtime dependency, which takes
``importlib.metadata`` to find. The fast path checks ``environment_digest``
instead: the same source and Python, and the name and version of every installed
distribution, read from folder names. It is broader, so any install sends the next
build through the cache, where the precise key decides what to redo; and it is
cheap enough for a check that must take milliseconds. While it is unchanged, the
dependency versions the last build found (kept in the stamp) still hold, so a
build after a content edit need not look them up again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..urls import MANIFEST
from . import environment

if TYPE_CHECKING:
    from ..options import Options

STAMP = "stamp.json"


PACKAGE = Path(__file__).resolve().parents[1]  # the generator/ folder
DISTRIBUTION = "briefing"
# The runtime dependencies in pyproject.toml, for when the package runs uninstalled (with
# the extras asked of them: pagefind's "bin" brings the pagefind-bin wheel, the binary).
DIRECT_DEPENDENCIES = (
    "jinja2",
    "markdown",
    "pyyaml",
    "feedgen",
    "nh3",
    "python-slugify",
    "watchfiles",
    "tzdata",
    "lxml",
    "packaging",
    "pillow",
    "pyuca",
    "pagefind[bin]",
    "babel",
    "emoji",
)


@lru_cache(maxsize=1)
def _own_code() -> str:
    """Every source file of the generator, sub-packages included, and the Python running it."""
    return hashlib.sha256(
        sys.version.encode() + b"\0" + environment.source_digest(PACKAGE).encode()
    ).hexdigest()


_dependencies: tuple[tuple[str, str], ...] | None = None  # found, or taken from a stamp


def dependency_versions() -> tuple[tuple[str, str], ...]:
    """(name, version) of every runtime dependency, direct or not, as installed now."""
    global _dependencies
    if _dependencies is None:
        _installed()  # listed first: record() pairs these versions with it, never a later list
        _dependencies = tuple(environment.runtime_versions(DISTRIBUTION, DIRECT_DEPENDENCIES))
    return _dependencies


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The generator's code and its dependencies' versions: a change in either (a new
    Markdown, say) never trusts parse results or pages made before it."""
    h = hashlib.sha256(_own_code().encode())
    for name, version in dependency_versions():
        h.update(f"\0{name}=={version}".encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _installed() -> str:
    """Every installed distribution's name and version, in the order sys.path finds them."""
    return hashlib.sha256("\0".join(environment.installed_names()).encode()).hexdigest()


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """The generator's code and every installed distribution: what the fast path trusts."""
    return hashlib.sha256(f"{_own_code()}\0{_installed()}".encode()).hexdigest()


def _reuse(known: Any) -> None:
    """Take the dependency versions a stamp recorded if the same distributions are installed
    now (their folder names carry their versions), unless they were already looked up."""
    global _dependencies
    if _dependencies is not None or not isinstance(known, dict):
        return
    if known.get("installed") != _installed():
        return
    try:
        _dependencies = tuple((str(name), str(version)) for name, version in known["dependencies"])
    except (KeyError, TypeError, ValueError):
        return


def look_again() -> None:
    """Forget the code and the installed distributions seen so far; the next digest rereads
    them. (A process keeps the modules it imported, so it only needs this in tests.)"""
    global _dependencies
    _dependencies = None
    for cached in (_own_code, code_digest, _installed, environment_digest):
        cached.cache_clear()


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
            elif not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                h.update(b"X" + name + b"\0")  # a FIFO or device: never opened (it may block)
            else:
                with open(entry.path, "rb") as handle:
                    h.update(b"F" + name + b"\0")
                    while chunk := handle.read(1 << 20):  # a huge file: memory stays bounded
                        h.update(chunk)
                    h.update(b"\0")


def inputs_digest(shape: dict[str, Any], config: bytes, content: Path, templates: Path) -> str:
    """Everything a build reads, and the options that shape its output, as one digest."""
    h = hashlib.sha256()
    h.update(environment_digest().encode())
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
        "contact": options.contact,
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
    # What was installed when the dependency versions were looked up (or when the stamp that
    # vouched for them was written): a fresh() that finds the same may reuse them.
    known = {"installed": _installed(), "dependencies": dependency_versions()}
    stamp = {**stamp, "manifest": _manifest_intact(output), "environment": known}
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp, sort_keys=True), "utf-8")
    os.replace(tmp, cache_dir / STAMP)


@dataclass(frozen=True)
class Check:
    """What the up-to-date check found: the stamp if nothing is to be done, and the digest of
    the inputs it took (over ``templates``), which a build that follows may record."""

    stamp: dict[str, Any] | None
    inputs: str | None = None
    templates: str | None = None


def check(cache_dir: Path, shape: dict[str, Any], output: Path, now: datetime | None) -> Check:
    """Is the last build's output still exactly right? See ``Check``."""
    try:
        stamp = json.loads((cache_dir / STAMP).read_text("utf-8"))
        templates = Path(stamp["templates"])
        _reuse(stamp.get("environment"))  # for the build that follows if the output is stale
        config = Path(shape["config"]).read_bytes()
        digest = inputs_digest(shape, config, Path(shape["content"]), templates)
        due = stamp["next_due"]
    except (OSError, ValueError, KeyError, TypeError):
        return Check(None)
    seen = Check(None, digest, str(templates))
    try:
        if due is not None and (now or datetime.now(UTC)) >= datetime.fromisoformat(due):
            return seen
    except (ValueError, TypeError):
        return seen
    if digest != stamp["inputs"] or stamp["manifest"] is None or "summary" not in stamp:
        return seen
    if _manifest_intact(output) != stamp["manifest"]:
        return seen
    return Check(dict(stamp), digest, str(templates))


def fresh(
    cache_dir: Path, shape: dict[str, Any], output: Path, now: datetime | None
) -> dict[str, Any] | None:
    """The stamp of the last build if its output is still exactly right, else None."""
    return check(cache_dir, shape, output, now).stamp
