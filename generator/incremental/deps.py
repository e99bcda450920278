"""What a rendered output depends on, recorded while it renders and re-checked cheaply.

Templates receive the whole ``site``. To know which parts of it a page used, the
renderer hands templates a ``TrackedSite`` that records every attribute read and
method call together with a digest of the value it returned. On the next build the
same reads are replayed against the new site: if every digest is unchanged (and the
templates, settings and the page's own data are too), the old output is still
exactly right and the page is not rendered again.

Digests identify briefs and pages by their key (a hash of the file, its bytes,
the settings and the generator version that produced them), so comparing a
page's inputs never walks brief bodies.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

from ..model import Brief, Page

Token = Any  # a nested tuple of str / int / bool / None


_MEMO: dict[int, tuple[Any, Token]] = {}  # id -> (object kept alive, its token)


def forget() -> None:
    """Drop memoised tokens (call between builds: they are only valid for one site)."""
    _MEMO.clear()


_PLAIN = (str, int, float, bool, type(None))


def token(value: Any) -> Token:
    """A comparable, picklable stand-in for a model value."""
    kind = type(value)
    if kind in _PLAIN:  # the commonest case first: this runs for every field of every page
        return value
    if kind is Brief or kind is Page:
        if not value.key:
            raise ValueError(f"{value.path} has no key; digests need keyed briefs")
        return ("K", value.key)
    if isinstance(value, datetime | date):
        return ("D", value.isoformat())
    remembered = _MEMO.get(id(value))
    if remembered is not None and remembered[0] is value:
        return remembered[1]
    result = _compound(value)
    if kind in _FIELDS or kind is tuple and len(value) > 8:
        result = ("H", hashlib.sha256(repr(result).encode("utf-8")).hexdigest())
        _MEMO[id(value)] = (value, result)
    return result


_FIELDS: dict[type, tuple[str, ...]] = {}


def _compound(value: Any) -> Token:
    if isinstance(value, tuple | list):
        return ("L", *(token(v) for v in value))
    if isinstance(value, dict):
        return ("M", *((k, token(v)) for k, v in sorted(value.items())))
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            raise TypeError(f"no digest for {kind.__name__}")
        names = _FIELDS[kind] = tuple(f.name for f in fields(value) if not f.name.startswith("_"))
    return (kind.__name__, *(token(getattr(value, n)) for n in names))


def digest(value: Any) -> str:
    return hashlib.sha256(repr(token(value)).encode("utf-8")).hexdigest()


Dependency = tuple[str, tuple[Token, ...], str]  # (name, argument tokens, result digest)


class TrackedSite:
    """A read-only view of a Site that logs what was read from it."""

    __slots__ = ("_site", "_log")

    def __init__(self, site: Any) -> None:
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "_log", {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._site, name)
        if callable(value):
            return self._method(name, value)
        self._log[(name, ())] = digest(value)
        return value

    def _method(self, name: str, method: Any) -> Any:
        def call(*args: Any) -> Any:
            result = method(*args)
            self._log[(name, tuple(token(a) for a in args))] = digest(result)
            return result

        return call

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the site is read-only")

    def dependencies(self) -> tuple[Dependency, ...]:
        return tuple(sorted((name, args, result) for (name, args), result in self._log.items()))


def still_valid(site: Any, dependencies: tuple[Dependency, ...], by_key: dict[str, Any]) -> bool:
    """Replay recorded reads on ``site``: True if every one gives the same digest."""
    for name, args, expected in dependencies:
        try:
            value = getattr(site, name)
            if args:
                value = value(*(_resolve(a, by_key) for a in args))
            elif callable(value):
                return False
        except (KeyError, LookupError, AttributeError, TypeError, ValueError):
            return False
        if digest(value) != expected:
            return False
    return True


def _resolve(argument: Token, by_key: dict[str, Any]) -> Any:
    if isinstance(argument, tuple) and argument[:1] == ("K",):
        return by_key[argument[1]]
    if isinstance(argument, tuple):
        raise ValueError("only briefs, pages and plain values can be replayed")
    return argument
