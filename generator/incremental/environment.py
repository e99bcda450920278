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

Only the standard library is imported here, and ``importlib.metadata`` only when asked.
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


# Patterns are compiled on first use (re keeps them): the fast path imports this module but
# reads no requirement, and compiling them takes about 1 ms, more than the rest of its work.
_REQUIREMENT = r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?[^;]*(?:;(.*))?$"


def parse_requirement(line: str) -> tuple[str, list[str], str] | None:
    """``"Name[extra1,extra2] >=1; marker"`` -> (normalised name, extras, marker text)."""
    match = re.match(_REQUIREMENT, line)
    if match is None:
        return None
    name, extras, marker = match.groups()
    wanted = [normalise(e.strip()) for e in (extras or "").split(",") if e.strip()]
    return normalise(name), wanted, (marker or "").strip()


# Environment markers (PEP 508), evaluated simply: variables compared with quoted strings,
# joined by "and", "or" and parentheses. Whatever this cannot read counts as true, so a
# requirement is left out only when its marker is certainly false.
_TOKEN = (
    r"""\s*(?:(?P<string>'[^']*'|"[^"]*")|(?P<op>===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)"""
    r"""|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<paren>[()]))"""
)
_VERSION = r"\d+(?:\.\d+)*"


class _Unreadable(Exception):
    pass


def _environment(extra: str) -> dict[str, str]:
    import platform

    impl = sys.implementation.version
    impl_version = f"{impl.major}.{impl.minor}.{impl.micro}"
    if impl.releaselevel != "final":
        impl_version += impl.releaselevel[0] + str(impl.serial)
    return {
        "implementation_name": sys.implementation.name,
        "implementation_version": impl_version,
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
        "extra": extra,
    }


def _version(text: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in text.split(".")) if re.fullmatch(_VERSION, text) else None


def _compare(left: str, op: str, right: str) -> bool:
    """One comparison: as release numbers when both sides are plain ones, else as strings."""
    if op in ("in", "not in"):
        return (left in right) == (op == "in")
    wildcard = op in ("==", "!=") and right.endswith(".*")
    a, b = _version(left), _version(right[:-2] if wildcard else right)
    if op == "===" or a is None or b is None:
        if op in ("==", "==="):
            return left == right
        if op == "!=":
            return left != right
        raise _Unreadable(op)  # ordering strings, or versions with letters: not attempted
    if wildcard:  # "== 3.*": the leading release numbers match
        return ((a + (0,) * len(b))[: len(b)] == b) == (op == "==")
    if op == "~=":  # "~= 2.2": >= 2.2 and == 2.*
        if len(b) < 2:
            raise _Unreadable(op)
        return _compare(left, ">=", right) and _compare(left, "==", right.rsplit(".", 1)[0] + ".*")
    width = max(len(a), len(b))
    a, b = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


def marker_holds(marker: str, extra: str = "") -> bool:
    """Whether an environment marker is true here (``extra``: the extra being installed)."""
    if not marker.strip():
        return True
    tokens: list[tuple[str, str]] = []
    position = 0
    marker = marker.strip()
    while position < len(marker):
        match = re.compile(_TOKEN).match(marker, position)
        if match is None or match.end() == position:
            return True
        kind = match.lastgroup or ""
        tokens.append((kind, " ".join(match.group(kind).split())))
        position = match.end()
    values = _environment(normalise(extra) if extra else "")
    try:
        result, rest = _either(tokens, values)
    except (_Unreadable, IndexError, KeyError, ValueError):
        return True
    return result if not rest else True


def _either(tokens: list[tuple[str, str]], values: dict[str, str]) -> tuple[bool, list]:
    result, tokens = _both(tokens, values)
    while tokens and tokens[0] == ("word", "or"):
        right, tokens = _both(tokens[1:], values)
        result = result or right
    return result, tokens


def _both(tokens: list[tuple[str, str]], values: dict[str, str]) -> tuple[bool, list]:
    result, tokens = _single(tokens, values)
    while tokens and tokens[0] == ("word", "and"):
        right, tokens = _single(tokens[1:], values)
        result = result and right
    return result, tokens


def _single(tokens: list[tuple[str, str]], values: dict[str, str]) -> tuple[bool, list]:
    if tokens[0] == ("paren", "("):
        result, tokens = _either(tokens[1:], values)
        if not tokens or tokens[0] != ("paren", ")"):
            raise _Unreadable("unbalanced")
        return result, tokens[1:]
    (left_kind, left), (op_kind, op), (right_kind, right) = tokens[:3]
    if op_kind != "op":
        raise _Unreadable(op)
    sides = []
    for kind, text in ((left_kind, left), (right_kind, right)):
        if kind == "string":
            sides.append(text[1:-1])
        elif kind == "word":
            sides.append(values[text])  # KeyError: an unknown variable
        else:
            raise _Unreadable(text)
    if "word" in (left_kind, right_kind) and "extra" in (left, right):
        sides = [normalise(side) for side in sides]
    return _compare(sides[0], op, sides[1]), tokens[3:]


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
        todo = [(normalise(name), "") for name in fallback]
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


def _needed(line: str, extra: str) -> list[tuple[str, str]]:
    """What one requirement line asks for, under ``extra``: (name, "") and (name, each extra)."""
    parsed = parse_requirement(line)
    if parsed is None:
        return []
    name, extras, marker = parsed
    if not marker_holds(marker, extra):
        return []
    return [(name, "")] + [(name, wanted) for wanted in extras]
