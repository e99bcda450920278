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
next save (as slices of the file read, never copied): a key names its value for good
(same file, bytes, settings and code), so an entry read back from the cache is written
back as the bytes it was read from and only new entries are pickled, one at a time. A
one-brief edit pickles one brief, not all of them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import EnvironmentProblem, from_os_error
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
    # key -> pickled parsed[key], as read (slices of the file read, never copied)
    blobs: dict[str, bytes | memoryview] = field(default_factory=dict)
    # encoded picture files by name, for a cache kept in memory (the preview server's); a
    # cache folder keeps them as files in pictures/ instead
    pictures: dict[str, bytes] = field(default_factory=dict)


def keep_outputs(store: Cache, records: dict[str, OutputRecord]) -> None:
    """Remember what a committed build wrote: the records of every output of its site."""
    if records.keys() != store.outputs.keys():
        store.changed = True
    store.outputs = records


def check_folder(folder: Path, output: Path) -> None:
    """A cache folder must be a folder we can write, outside the output folder."""
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
        return Cache(problem=f"unreadable ({from_os_error(exc).cause})")
    if not blob.startswith(HEADER):
        return Cache(problem="made by another version")
    cut = blob.rfind(b"\n")
    if cut < len(HEADER):
        return Cache(problem="damaged (checksum mismatch)")
    payload = memoryview(blob)[len(HEADER) : cut]  # no copy of the file
    if hashlib.sha256(payload).hexdigest().encode() != blob[cut + 1 :]:
        return Cache(problem="damaged (checksum mismatch)")
    try:
        blobs, outputs = read_payload(payload)
        parsed = {key: _entry(entry) for key, entry in blobs.items()}
    except Exception as exc:  # any failure to read it back means: do not trust it
        return Cache(problem=f"damaged ({type(exc).__name__})")
    return Cache(parsed, outputs, blobs=blobs)


def read_payload(
    payload: memoryview,
) -> tuple[dict[str, bytes | memoryview], dict[str, OutputRecord]]:
    """The pickled entries (slices of ``payload``) and the output records, checked for shape.

    The payload is every parsed entry's pickle, one after another, then a pickle of the
    output records and the entries' keys and lengths, then that pickle's length (8 bytes)."""
    size = int.from_bytes(payload[-8:], "big")
    if len(payload) < 8 or size > len(payload) - 8:
        raise ValueError("unexpected index")
    outputs, index = pickle.loads(payload[-8 - size : -8])
    if not isinstance(outputs, dict) or not isinstance(index, list):
        raise TypeError("unexpected shape")
    if not all(isinstance(r, OutputRecord) for r in outputs.values()):
        raise TypeError("unexpected record")
    blobs: dict[str, bytes | memoryview] = {}
    at = 0
    for key, length in index:
        if not isinstance(key, str) or not isinstance(length, int) or length < 0:
            raise TypeError("unexpected index")
        blobs[key] = payload[at : at + length]
        at += length
    if at != len(payload) - 8 - size:
        raise ValueError("unexpected index")
    return blobs, outputs


def write_payload(
    write: Any, entries: Iterable[tuple[str, bytes | memoryview]], outputs: dict[str, OutputRecord]
) -> None:
    """Write a payload ``read_payload`` reads: each entry as it comes, so that the pickles of
    a whole site are never held at once."""
    index = []
    for key, entry in entries:
        write(entry)
        index.append((key, len(entry)))
    tail = pickle.dumps((outputs, index), protocol=pickle.HIGHEST_PROTOCOL)
    write(tail)
    write(len(tail).to_bytes(8, "big"))


def _entry(blob: bytes | memoryview) -> tuple[Any, list[Any]]:
    """One parsed entry, ``(item or None, errors)``, checked for shape."""
    entry = pickle.loads(blob)
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], list)):
        raise TypeError("unexpected entry")
    return entry


def _pickled(cache: Cache) -> Iterator[tuple[str, bytes | memoryview]]:
    """Every parsed entry pickled: the bytes it was read from, or pickled now if new."""
    kept = cache.blobs
    for key, entry in cache.parsed.items():
        blob = kept.get(key)
        yield key, blob if blob is not None else pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)


class _HashingWriter:
    """A file wrapper that hashes what passes through, so the payload is never held whole."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.sha = hashlib.sha256()

    def write(self, data: bytes | memoryview) -> int:
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
            write_payload(writer.write, _pickled(cache), cache.outputs)
            handle.write(b"\n" + writer.sha.hexdigest().encode())
        os.replace(tmp, folder / FILENAME)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename2 is not None:  # the rename: name the file it could not replace
            raise type(exc)(exc.errno, exc.strerror, str(folder / FILENAME)) from None
        if exc.filename is None:
            raise type(exc)(exc.errno, exc.strerror, str(folder)) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
