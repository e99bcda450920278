"""What the generator runs on: its own source files and the installed distributions.

Two views of the installed distributions, for two purposes:

- ``runtime_versions`` walks the requirements of the installed ``briefing``
  distribution with ``importlib.metadata``, transitively, and names the version of
  every runtime dependency (Markdown, nh3, Jinja2 and MarkupSafe under it, ...). It
  keys the build cache: upgrading an unrelated tool leaves cached work valid.
- ``installed_names`` lists the ``*.dist-info`` and ``*.egg-info`` entries on
  ``sys.path``; their names carry every installed distribution's version. It is
  broader (any upgrade changes it) and needs no ``importlib.metadata``, whose import
  alone costs more than the rest of the no-change check: it keys the fast path.

Only the standard library is imported here at first; ``importlib.metadata`` and
``packaging`` (requirements and environment markers, PEP 508) only when the walk runs.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

NOT_INSTALLED = "(not installed)"


def source_digest(package: Path) -> str:
    """Every ``*.py`` file below ``package``, sub-packages included, with its relative path."""
    files = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        files += [os.path.join(folder, name) for name in names if name.endswith(".py")]
    h = hashlib.sha256()
    start = len(str(package)) + 1
    for relative, path in sorted((path[start:].replace(os.sep, "/"), path) for path in files):
        with open(path, "rb") as handle:
            data = handle.read()
        h.update(relative.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def installed_names() -> list[str]:
    """The metadata folders (``name-version.dist-info``) of every distribution on sys.path."""
    names = []
    for entry in sys.path:
        entry = entry or "."
        if entry.endswith(".egg"):  # an old-style egg is itself on sys.path, version in its name
            names.append(os.path.basename(entry))
        try:
            with os.scandir(entry) as listing:
                found = [e.name for e in listing if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:  # missing, or a file (a zip): its size and time stand in for its contents
            try:
                info = os.stat(entry)
            except OSError:
                continue
            found = [f"{entry}:{info.st_size}:{info.st_mtime_ns}"]
        names += sorted(found)
    return names


def normalise(name: str) -> str:
    """A distribution's name as the packaging standards compare it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


_NAME = r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)"


def _needed(line: str, extra: str) -> list[tuple[str, str]]:
    """What one requirement line asks for while ``extra`` is being installed: (name, "") and
    (name, each extra it asks of that name). A requirement whose marker is false here is
    left out; one that cannot be read, or whose marker cannot be judged, is kept."""
    from packaging.markers import InvalidMarker, UndefinedComparison, UndefinedEnvironmentName
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        found = re.match(_NAME, line)
        return [(normalise(found.group(1)), "")] if found else []
    if requirement.marker is not None:
        try:
            holds = requirement.marker.evaluate({"extra": extra})
        except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
            holds = True
        if not holds:
            return []
    name = normalise(requirement.name)
    return [(name, "")] + [(name, e) for e in sorted(map(normalise, requirement.extras))]


def _read(name: str) -> tuple[str, list[str]] | None:
    """An installed distribution's version and requirements; None if it is not installed."""
    from importlib import metadata

    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    text = dist.read_text("METADATA")
    if text is None:  # an egg-info layout: let importlib.metadata find its requires.txt
        return str(dist.version), list(dist.requires or ())
    version, requires = "", []
    for line in text.split("\n\n", 1)[0].splitlines():  # the header; the description follows
        key, _, value = line.partition(":")
        if key == "Version":
            version = value.strip()
        elif key == "Requires-Dist":
            requires.append(value.strip())
    return version, requires


def runtime_versions(root: str, fallback: Iterable[str]) -> list[tuple[str, str]]:
    """(name, version) of every distribution ``root`` needs at run time, found transitively.

    Requirements that apply only under an extra nobody asked for, or whose marker is false
    here, are skipped. A needed distribution that is missing is listed as not installed. If
    ``root`` itself is not installed, the walk starts from the names in ``fallback``."""
    known: dict[str, tuple[str, list[str]] | None] = {}  # name -> what _read found
    top = _read(root)
    if top is None:
        todo = [wanted for line in fallback for wanted in _needed(line, "")]
    else:
        todo = [wanted for line in top[1] for wanted in _needed(line, "")]
    expanded: set[tuple[str, str]] = set()
    while todo:
        name, extra = todo.pop()
        if (name, extra) in expanded:
            continue
        expanded.add((name, extra))
        if name not in known:
            known[name] = _read(name)
        found = known[name]
        if found is not None:
            todo += [wanted for line in found[1] for wanted in _needed(line, extra)]
    return sorted((name, found[0] if found else NOT_INSTALLED) for name, found in known.items())
