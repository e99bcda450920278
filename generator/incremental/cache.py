"""The persistent build cache: parsed content and what each output depended on.

One file, ``cache.pickle`` in the cache folder, written atomically. It starts with
a header naming the format and the generator version and ends with a SHA-256 of the
payload;
a cache from another version, a truncated or altered file, or one that does not
unpickle into the expected shape is reported and replaced, never trusted.

The cache never decides what is *right*, only what can be *skipped*: parse results
are looked up by a key covering the file's path and bytes, the settings, the
generator's code and its dependencies' versions (uptodate.code_digest); outputs are
reused only when every recorded dependency still has the same digest (see deps.py)
and the output folder still holds the file.

Each parsed entry is pickled on its own and its bytes are kept from the load to the
next save: a key names its value for good (same file, bytes, settings and code), so
an entry read back from the cache is written back as the bytes it was read from and
only new entries are pickled. A one-brief edit pickles one brief, not all of them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..write import FileState, within
from .deps import Dependency

FORMAT = 3
FILENAME = "cache.pickle"
HEADER = f"briefing-cache {FORMAT} {__version__}\n".encode()


@dataclass(frozen=True)
class OutputRecord:
    """How one output file was last made."""

    global_key: str  # templates, settings, code and dependency versions
    data: str  # digest of the job's own data
    dependencies: tuple[Dependency, ...]
    state: FileState


@dataclass
class Cache:
    parsed: dict[str, Any] = field(default_factory=dict)  # key -> (Brief | Page | None, errors)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # output path -> record
    problem: str | None = None  # why an existing cache was discarded
    changed: bool = False  # whether it must be saved again
    blobs: dict[str, bytes] = field(default_factory=dict)  # key -> pickled parsed[key], as read


def check_folder(folder: Path, output: Path) -> None:
    """A cache folder must be a folder we can write, outside the output folder."""
    from ..errors import EnvironmentProblem

    if folder.exists() and not folder.is_dir():
        raise EnvironmentProblem(folder, "is a file, not a folder; give --cache-dir a folder")
    if within(folder, output):
        raise EnvironmentProblem(folder, f"is inside the output folder {output}; keep it apart")
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise EnvironmentProblem(folder, "permission denied: the cache folder is not writable")


def load(folder: Path | None) -> Cache:
    """The cache in ``folder``; an empty one if missing, old or damaged (with the reason)."""
    if folder is None:
        return Cache()
    try:
        blob = (folder / FILENAME).read_bytes()
    except FileNotFoundError:
        return Cache()
    except OSError as exc:
        return Cache(problem=f"unreadable ({exc.strerror})")
    payload, _, checksum = blob[len(HEADER) :].rpartition(b"\n")
    if not blob.startswith(HEADER):
        return Cache(problem="made by another version")
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return Cache(problem="damaged (checksum mismatch)")
    try:
        blobs, outputs = pickle.loads(payload)
        if not isinstance(blobs, dict) or not isinstance(outputs, dict):
            raise TypeError("unexpected shape")
        if not all(isinstance(r, OutputRecord) for r in outputs.values()):
            raise TypeError("unexpected record")
        parsed = {key: _entry(blob) for key, blob in blobs.items()}
    except Exception as exc:  # any failure to read it back means: do not trust it
        return Cache(problem=f"damaged ({type(exc).__name__})")
    return Cache(parsed, outputs, blobs=blobs)


def _entry(blob: Any) -> tuple[Any, list[Any]]:
    """One parsed entry, ``(item or None, errors)``, checked for shape."""
    if not isinstance(blob, bytes):
        raise TypeError("unexpected entry")
    entry = pickle.loads(blob)
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)):
        raise TypeError("unexpected entry")
    return entry


def _blobs(cache: Cache) -> dict[str, bytes]:
    """Every parsed entry pickled: the bytes it was read from, or pickled now if new."""
    kept = cache.blobs
    blobs = {
        key: kept.get(key) or pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        for key, entry in cache.parsed.items()
    }
    cache.blobs = blobs
    return blobs


class _HashingWriter:
    """A file wrapper that hashes what passes through, so the payload is never held whole."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return int(self.handle.write(data))


def save(folder: Path, cache: Cache) -> None:
    """Header, pickled payload, then its SHA-256 on the last line; renamed into place."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cache-", suffix="~")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(HEADER)
            writer = _HashingWriter(handle)
            pickler = pickle.Pickler(writer, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.fast = True  # no memo of every object: the data has no cycles
            pickler.dump((_blobs(cache), cache.outputs))
            handle.write(b"\n" + writer.sha.hexdigest().encode())
        os.replace(tmp, folder / FILENAME)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:
            raise type(exc)(exc.errno, exc.strerror, str(folder)) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
