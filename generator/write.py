"""The only writer: puts the built site into the output folder and nowhere else.

A build never changes the output folder file by file. Rendering stages each changed
file in a staging folder beside the output (same file system); ``commit`` then
assembles a complete new tree inside that staging folder, moving in what was
rendered and hard-linking every unchanged file from the current output, and swaps
the two folders in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``). Whatever
stops the process, at any instant the output folder is exactly the old site or
exactly the new one. The old tree, now in the staging folder, is removed after the
swap; anything an interrupted build left beside the output is removed by the next
build before it starts (``recover``), under a lock that keeps two builds apart.

A manifest of what was written (``.briefing-manifest.json``) lets the writer tell its
own files from anyone else's: files it did not write are carried into the new tree,
files it wrote that are no longer part of the site are left out.

Where the file system cannot exchange two folders, the swap is two renames (old
output aside, new tree in); ``recover`` puts the old site back if a build died
between them.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from .errors import EnvironmentProblem
from .urls import MANIFEST

FileState = tuple[str, int]  # (sha256 hex, size)

STAGING = "staging"  # .<output>.staging-XXXX: a build in progress
PREVIOUS = "previous"  # .<output>.previous-XXXX: the old site, set aside (no-exchange swap)
LOCK = "lock"  # .<output>.lock: held while a build writes
SPARE = "spare"  # .<output>.spare: the site of the build before last, made into the next one
SPARE_NOTE = ".briefing-spare.json"  # in the spare: which output it is one build behind


class UnsafeOutput(EnvironmentProblem):
    """A path that would leave the output folder, or a file that is not what it should be."""


@dataclass(frozen=True)
class WriteReport:
    written: int  # files whose bytes are new in this build (the rest are linked as they were)
    removed: int


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checkpoint(name: str) -> None:
    """A point where the crash tests stop the build. Inert unless a test sets
    BRIEFING_TEST_KILL_AT to this name (SIGKILL), or to ``name:TERM`` / ``name:INT``."""
    wanted = os.environ.get("BRIEFING_TEST_KILL_AT")
    if wanted is None or wanted.partition(":")[0] != name:
        return
    how = {"": signal.SIGKILL, "TERM": signal.SIGTERM, "INT": signal.SIGINT}
    os.kill(os.getpid(), how[wanted.partition(":")[2]])


def safe_relative(path: str) -> PurePosixPath:
    """Validate an output path: relative, no '..', no empty parts, no backslashes."""
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise UnsafeOutput(repr(path), "refusing to write outside the output folder")
    return PurePosixPath(path)


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
    """Does the output folder still hold this file as the manifest says (a regular file of
    that size)? One ``lstat``: this runs for every file of the site."""
    try:
        info = os.lstat(f"{output}/{path}")
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == state[1]


def within(inner: Path, outer: Path) -> bool:
    """Is ``inner`` the folder ``outer`` or somewhere below it (links resolved)?"""
    inner, outer = inner.resolve(), outer.resolve()
    return inner == outer or outer in inner.parents


def _beside(output: Path, kind: str) -> str:
    return f".{output.name}.{kind}"


def check_output(output: Path) -> None:
    """Fail early, before any work, if the output folder is not ours to write."""
    if output.is_symlink() and not output.exists():
        raise EnvironmentProblem(output, "a symbolic link to nothing; remove it or fix it")
    if not output.exists():
        return
    if not output.is_dir():
        raise EnvironmentProblem(output, "is a file, not a folder; choose another --output")
    if any(output.iterdir()) and read_manifest(output.resolve()) is None:
        raise EnvironmentProblem(
            output,
            "is not empty and was not made by briefing; empty it or choose another --output",
        )


@contextmanager
def lock(output: Path) -> Iterator[None]:
    """Hold the output's lock for a build; clear what an interrupted build left behind."""
    import fcntl

    root = output.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    path = root.parent / _beside(root, LOCK)
    handle = open(path, "a")  # noqa: SIM115 (held for the whole build)
    try:
        try:  # a POSIX record lock: released when the build dies, never inherited by workers
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            raise EnvironmentProblem(
                output, "another briefing build is writing to this folder; try again when it ends"
            ) from None
        recover(root)
        yield
    finally:
        handle.close()


def leftovers(output: Path) -> bool:
    """Did an interrupted build leave anything beside the output folder?"""
    root = output.resolve()
    prefixes = (_beside(root, STAGING) + "-", _beside(root, PREVIOUS) + "-")
    try:
        return any(name.startswith(prefixes) for name in os.listdir(root.parent))
    except OSError:
        return False


def recover(root: Path) -> None:
    """Undo what an interrupted build left beside the output: put a set-aside old site
    back if the output is missing, and remove staging folders."""
    parent = root.parent
    staging, previous = _beside(root, STAGING) + "-", _beside(root, PREVIOUS) + "-"
    for entry in sorted(os.listdir(parent)):
        where = parent / entry
        if entry.startswith(previous):
            if not root.exists() and not root.is_symlink():
                os.rename(where, root)  # died between the two renames: the old site returns
            else:
                shutil.rmtree(where)
        elif entry.startswith(staging):
            shutil.rmtree(where)


def staging_folder(output: Path) -> Path:
    """A fresh folder beside the output (same file system, so renames are atomic)."""
    root = output.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_beside(root, STAGING) + "-", dir=root.parent))


def staged_name(path: str) -> str:
    """Where a file waits in the flat staging folder (no folders to create per file)."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


def stage(staging: Path, path: str, data: bytes) -> FileState:
    """Put one file in the staging folder; return its state."""
    safe_relative(path)
    try:
        (staging / staged_name(path)).write_bytes(data)
    except OSError as exc:
        raise located(exc, staging) from None
    return content_hash(data), len(data)


def located(exc: OSError, where: Path) -> OSError:
    """The same error, naming ``where`` if the system named no file (a failed write)."""
    if exc.filename is not None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(where))


def commit(
    output: Path, staging: Path, files: dict[str, FileState], staged: set[str]
) -> WriteReport:
    """Make ``output`` hold exactly ``files`` (plus files briefing did not write), in one swap.

    The new site is made in the spare tree beside the output: the site of the build before
    last, kept for this, so only what differs from it is moved, linked or removed. Staged
    files are moved in unless the output already holds the same bytes; the others must be in
    place in the output (the caller checked) and are hard-linked. Call under ``lock``, after
    ``check_output``."""
    for path in files:
        safe_relative(path)
    root = output.resolve()
    live = root.is_dir()
    previous = (read_manifest(root) or {}) if live else {}
    checkpoint("staged")
    foreign = _foreign(root, previous) if live else []
    spare, held, spare_foreign = _spare(root)
    try:
        try:
            carried = _update(
                spare, held, spare_foreign, root, staging, files, staged, previous, foreign
            )
        except (IsADirectoryError, NotADirectoryError, FileExistsError):
            # The spare's folders and files are laid out otherwise: start it afresh.
            _unstage(spare, staging, staged)
            _remove(spare)
            spare.mkdir()
            carried = _update(spare, {}, [], root, staging, files, staged, previous, foreign)
        checkpoint("tree-built")
    except BaseException:
        shutil.rmtree(spare, ignore_errors=True)  # half made: worth nothing, free its space
        raise
    with _signals_held():
        try:
            _swap(spare, root)
        except BaseException:
            shutil.rmtree(spare, ignore_errors=True)
            raise
        checkpoint("swapped")
        shutil.rmtree(staging, ignore_errors=True)
        _keep_spare(root, spare, foreign, carried)
    written = sum(
        1 for p in staged if not (previous.get(p) == files[p] and on_disk(root, p, files[p]))
    )
    removed = len(set(previous) - set(files))
    return WriteReport(written, removed)


def _keep_spare(root: Path, spare: Path, old: list[str], new: list[str]) -> None:
    """Leave a spare the next build can trust: the old site, one build behind (its foreign
    entries: ``old``), or where there was none (a first build), a hard-linked copy of the new
    one (``new``). The site is committed by now: a spare that cannot be made is left out, and
    the next build makes its own."""
    try:
        foreign = old
        if read_manifest(spare) is None:
            if os.path.lexists(spare):
                _remove(spare)
            _link_copy(root, spare)
            foreign = new
        note = {"live": _manifest_digest(root), "foreign": foreign}
        (spare / SPARE_NOTE).write_text(json.dumps(note), "utf-8")
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)


def _link_copy(source: Path, target: Path) -> None:
    """A copy of a tree whose files are hard links: GNU cp where there is one (the system does
    the walking), else file by file."""
    import subprocess

    try:
        copied = subprocess.run(
            ["cp", "-al", "--", str(source), str(target)], capture_output=True, check=False
        )
        if copied.returncode == 0:
            return
    except OSError:
        pass
    shutil.rmtree(target, ignore_errors=True)
    _copy_entry(source, target)


def _manifest_digest(root: Path) -> str:
    return hashlib.sha256((root / MANIFEST).read_bytes()).hexdigest()


def _spare(root: Path) -> tuple[Path, dict[str, FileState], list[str]]:
    """The spare tree beside the output, with the files and foreign entries it holds.

    It is trusted only if its note names the manifest the output holds now (so it is the
    build before last's site, untouched since); otherwise it is emptied. The note is removed
    first: a spare that is being changed is never trusted."""
    spare = root.parent / _beside(root, SPARE)
    try:
        note = json.loads((spare / SPARE_NOTE).read_text("utf-8"))
        held = read_manifest(spare)
        if held is not None and note["live"] == _manifest_digest(root):
            foreign = [str(p) for p in note["foreign"]]
            (spare / SPARE_NOTE).unlink()
            return spare, held, foreign
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if os.path.lexists(spare):
        _remove(spare)
    spare.mkdir()
    return spare, {}, []


def _update(
    spare: Path, held: dict[str, FileState], spare_foreign: list[str], root: Path,
    staging: Path, files: dict[str, FileState], staged: set[str],
    previous: dict[str, FileState], foreign: list[str],
) -> list[str]:  # fmt: skip
    """Turn the spare tree into the new site: only what differs from what it holds changes.
    Returns the foreign entries it carried over (those where the site has no page of its own)."""
    emptied: set[Path] = set()
    for path in spare_foreign:
        _remove(spare / path)
        emptied.add((spare / path).parent)
    for path in sorted(held.keys() - files.keys()):
        (spare / path).unlink(missing_ok=True)
        emptied.add((spare / path).parent)
    for number, path in enumerate(sorted(files)):
        state, target = files[path], spare / path
        if number == len(files) // 2:
            checkpoint("tree-half")
        if held.get(path) == state and on_disk(spare, path, state):
            continue  # the spare already holds these bytes
        if path in staged and not (previous.get(path) == state and on_disk(root, path, state)):
            source = staging / staged_name(path)
            os.chmod(source, 0o644)
            _put(target, partial(os.replace, source, target))
        else:
            _put(target, partial(_link, root / path, target))
    ours = _folders(files)
    carried = []
    for path in foreign:
        if path in files or path in ours:
            continue  # the site now has a page there, or a folder of its own
        _remove(spare / path)  # whatever an older spare left there
        _put(spare / path, partial(_copy_entry, root / path, spare / path))
        carried.append(path)
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        _prune(spare, folder)
    manifest = {"files": {p: list(files[p]) for p in sorted(files)}, "foreign": carried}
    try:  # never written through: the spare's files may be hard links to the live site's
        (spare / MANIFEST).unlink(missing_ok=True)
        (spare / MANIFEST).write_bytes(json.dumps(manifest, indent=0).encode("utf-8"))
    except OSError as exc:
        raise located(exc, spare) from None
    os.chmod(spare, 0o755)
    return carried


def _unstage(spare: Path, staging: Path, staged: set[str]) -> None:
    """Put back in staging the staged files an ``_update`` that failed moved into ``spare``
    (only it moves them out), so the next ``_update`` finds every one."""
    for path in staged:
        source = staging / staged_name(path)
        if not os.path.lexists(source) and (spare / path).is_file():
            os.replace(spare / path, source)


def _put(target: Path, make: Callable[[], None]) -> None:
    """Make ``target`` with ``make``, creating its folder first if it is missing."""
    try:
        make()
    except FileNotFoundError:
        if target.parent.is_dir():
            raise  # the source is missing, not the folder
        target.parent.mkdir(parents=True, exist_ok=True)
        make()


def _link(source: Path, target: Path) -> None:
    """An unchanged file enters the new tree as a hard link (a copy where links fail)."""
    if source.is_symlink() or not source.is_file():
        raise UnsafeOutput(source, "not a regular file any more; refusing to keep it")
    if os.path.lexists(target):
        target.unlink()
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if isinstance(exc, FileNotFoundError):
            raise
        shutil.copy2(source, target, follow_symlinks=False)


def _copy_entry(source: Path, target: Path) -> None:
    """A foreign file, link or folder (with everything in it) into the new tree."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        target.mkdir()
        for entry in sorted(os.listdir(source)):
            _copy_entry(source / entry, target / entry)
    else:
        _link(source, target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _prune(top: Path, folder: Path) -> None:
    """Remove folders left empty, from ``folder`` up to (not including) ``top``."""
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _foreign(root: Path, previous: dict[str, FileState]) -> list[str]:
    """Entries of the output that briefing did not write (a CNAME, a folder of your own).

    Only folders changed since the manifest was written are listed: any other folder holds
    what the last build put there, whose foreign entries the manifest names. An output from
    an older version, whose manifest names none, is walked whole."""
    try:
        recorded = json.loads((root / MANIFEST).read_text("utf-8"))["foreign"]
        since = os.stat(root / MANIFEST).st_mtime_ns
    except (OSError, ValueError, KeyError, TypeError):
        return _walk_foreign(root, previous)
    folders = _folders(previous)
    found = {str(p) for p in recorded if os.path.lexists(f"{root}/{p}")}
    for folder in sorted(folders):
        where = f"{root}/{folder}" if folder else str(root)
        try:
            if os.stat(where).st_mtime_ns < since:
                continue
            names = os.listdir(where)
        except OSError:
            continue
        for name in names:
            path = f"{folder}/{name}" if folder else name
            if path not in previous and path not in folders and path != MANIFEST:
                found.add(path)
    return sorted(found)


def _folders(paths: Iterable[str]) -> set[str]:
    """Every folder that holds one of ``paths``, up to the top ("")."""
    folders = {""}
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def _walk_foreign(root: Path, previous: dict[str, FileState]) -> list[str]:
    """Every file or link in the output that its manifest does not list."""
    found = []
    start = len(str(root)) + 1
    for folder, dirs, names in os.walk(root):
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        for name in names + links:
            path = os.path.join(folder, name)[start:].replace(os.sep, "/")
            if path not in previous and path != MANIFEST:
                found.append(path)
    return sorted(found)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the swap and its clean-up are done (main thread only).

    Blocking the signals is not enough: with a second thread alive, the system delivers them
    to that thread and Python still runs the handler here, in the middle of the swap. So the
    handlers themselves are replaced by one that notes what arrived; the real ones are put
    back after, and each signal noted is raised again for them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    held = [s for s in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(s) is not None]
    handlers = {s: signal.signal(s, lambda signum, frame: arrived.append(signum)) for s in held}
    try:
        yield
    finally:
        for held_signal, handler in handlers.items():
            signal.signal(held_signal, handler)
        for number in dict.fromkeys(arrived):
            signal.raise_signal(number)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where the system cannot."""
    if os.environ.get("BRIEFING_TEST_NO_EXCHANGE") == "1":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # the file system cannot
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(tree: Path, root: Path) -> None:
    """Put ``tree`` at ``root``; the old site (if any) ends up at ``tree``."""
    if not root.exists():
        os.rename(tree, root)
        return
    if _exchange(tree, root):
        return
    # Two renames: the old site goes aside (renaming over the empty folder made for it), then
    # the new tree comes in. If the build dies between them, recover() brings the old back.
    aside = tempfile.mkdtemp(prefix=_beside(root, PREVIOUS) + "-", dir=root.parent)
    os.rename(root, aside)
    checkpoint("set-aside")
    os.rename(tree, root)
    os.rename(aside, tree)


def replace_source(path: Path, data: bytes) -> None:
    """Rewrite an input file in one step (a reader sees the old file or the new one, never
    part of either), keeping its permissions: for commands that edit content, not builds."""
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
