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
from functools import lru_cache
from typing import Any

from ..model import Brief, Page

Token = Any  # a nested tuple of str / int / bool / None

_PLAIN = (str, int, float, bool, type(None))


@lru_cache(maxsize=64)  # the model has a few dozen dataclasses
def _dataclass_fields(kind: type) -> tuple[str, ...] | None:
    """The public fields of a dataclass type, or None for any other type."""
    if not is_dataclass(kind):
        return None
    return tuple(f.name for f in fields(kind) if not f.name.startswith("_"))


class Digests:
    """Tokens and digests of model values, memoised for one build (the memo holds the
    values it describes, so an id is never reused while it is remembered)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, Token]] = {}
        # (name, argument tokens) -> digest of that read on this build's site, or None if
        # it cannot be replayed: many outputs share reads (the menu, the drafts flag)
        self.replayed: dict[tuple[str, tuple[Token, ...]], str | None] = {}
        # (id of a site, name, argument tokens) -> digest of what that read gave while
        # rendering: a site never changes, and pages read the same things (a brief's tags
        # on its page and in every list that shows it); the sites are held, so no id is reused
        self._reads: dict[tuple[int, str, tuple[Token, ...]], str] = {}
        self._sites: dict[int, Any] = {}

    def of_read(self, site: Any, name: str, args: tuple[Token, ...], value: Any) -> str:
        """The digest of ``value``, which reading ``name`` (with the argument tokens
        ``args``) from ``site`` gave: worked out once per site, name and arguments."""
        key = (id(site), name, args)
        found = self._reads.get(key)
        if found is None:
            self._sites[id(site)] = site
            found = self._reads[key] = self.digest(value)
        return found

    def token(self, value: Any) -> Token:
        """A comparable, picklable stand-in for a model value."""
        kind: type = type(value)
        if kind in _PLAIN:  # the commonest case first: this runs for every field of every page
            return value
        if kind is Brief or kind is Page:
            if not value.key:
                raise ValueError(f"{value.path} has no key; digests need keyed briefs")
            return ("K", value.key)
        if kind is datetime or kind is date or isinstance(value, datetime | date):
            return ("D", value.isoformat())
        remembered = self._memo.get(id(value))
        if remembered is not None and remembered[0] is value:
            return remembered[1]
        names = _dataclass_fields(kind)
        if names is not None:  # a dataclass instance: hashed, and remembered
            token = self.token
            result: Token = (kind.__name__, *[token(getattr(value, n)) for n in names])
        else:
            result = self._compound(value)
            if not (kind is tuple and len(value) > 8):
                return result
        result = ("H", hashlib.sha256(repr(result).encode("utf-8")).hexdigest())
        self._memo[id(value)] = (value, result)
        return result

    def _compound(self, value: Any) -> Token:
        token = self.token
        if isinstance(value, tuple | list):
            return ("L", *[token(v) for v in value])
        if isinstance(value, dict):
            return ("M", *[(k, token(v)) for k, v in sorted(value.items())])
        raise TypeError(f"no digest for {type(value).__name__}")

    def digest(self, value: Any) -> str:
        return hashlib.sha256(repr(self.token(value)).encode("utf-8")).hexdigest()


Dependency = tuple[str, tuple[Token, ...], str]  # (name, argument tokens, result digest)


class TrackedSite:
    """A read-only view of a Site that logs what was read from it."""

    __slots__ = ("_site", "_log", "_digests")

    def __init__(self, site: Any, digests: Digests) -> None:
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "_log", {})
        object.__setattr__(self, "_digests", digests)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._site, name)
        if callable(value):
            return self._method(name, value)
        self._log[(name, ())] = self._digests.of_read(self._site, name, (), value)
        return value

    def _method(self, name: str, method: Any) -> Any:
        def call(*args: Any) -> Any:
            result = method(*args)
            tokens = tuple(self._digests.token(a) for a in args)
            self._log[(name, tokens)] = self._digests.of_read(self._site, name, tokens, result)
            return result

        return call

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the site is read-only")

    def dependencies(self) -> tuple[Dependency, ...]:
        return tuple(sorted((name, args, result) for (name, args), result in self._log.items()))


def still_valid(
    site: Any, dependencies: tuple[Dependency, ...], by_key: dict[str, Any], digests: Digests
) -> bool:
    """Replay recorded reads on ``site``: True if every one gives the same digest. Each
    distinct read is replayed once per build (``digests`` remembers it)."""
    replayed = digests.replayed
    for name, args, expected in dependencies:
        try:
            found = replayed[name, args]
        except KeyError:
            found = replayed[name, args] = _replay(site, name, args, by_key, digests)
        if found != expected:
            return False
    return True


def _replay(
    site: Any, name: str, args: tuple[Token, ...], by_key: dict[str, Any], digests: Digests
) -> str | None:
    """The digest of one recorded read on ``site``, or None if it cannot be replayed."""
    try:
        value = getattr(site, name)
        if args:
            value = value(*(_resolve(a, by_key) for a in args))
        elif callable(value):
            return None
    except (KeyError, LookupError, AttributeError, TypeError, ValueError):
        return None
    return digests.digest(value)


def _resolve(argument: Token, by_key: dict[str, Any]) -> Any:
    if isinstance(argument, tuple) and argument[:1] == ("K",):
        return by_key[argument[1]]
    if isinstance(argument, tuple):
        raise ValueError("only briefs, pages and plain values can be replayed")
    return argument
