"""The interface in each edition's language: string catalogues, dates, plurals, language names.

A catalogue is ``templates/i18n/<code>.yaml``: one mapping of string keys to text, plus the
CLDR patterns of the edition's dates (``date_format``, ``month_format``). A text may hold
``{name}`` placeholders, filled by the caller; a text that depends on a number is a mapping
of CLDR plural categories (``one``, ``other``, ...) to texts, chosen with Babel's plural
rules for the catalogue's language. Every catalogue must have every key of the default
edition's catalogue; a key no catalogue has is an error at the template line that asks
for it. Babel (the CLDR data) gives month names and plural rules, so "26 luglio 2023".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import yaml
from markupsafe import Markup, escape

from .config import SiteConfig
from .errors import BuildFailed, ContentError
from .fields import Fields
from .frontmatter import compose_mapping, decode

FOLDER = "i18n/"  # under the templates folder
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
FORMAT_KEYS = ("date_format", "month_format")


class MissingString(Exception):
    """A template asked for a string its edition's catalogue does not have."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Catalogue:
    """One language's interface strings."""

    path: str  # as shown in messages: "templates/i18n/it.yaml"
    locale: str  # the Babel locale: "it", "en", "pt_BR"
    strings: Mapping[str, str | Mapping[str, str]]
    date_format: str = "d MMMM y"
    month_format: str = "MMMM y"
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    # what ``markup`` gave for a key, count and plain values: a page asks for the same few
    # strings again and again ("Sources", "in Italian"); the catalogue never changes
    _made: dict[tuple[Any, ...], Markup] = field(
        default_factory=dict, compare=False, repr=False, init=False
    )

    def text(self, key: str, count: int | None = None, **values: Any) -> str:
        """The string ``key`` with its placeholders filled; ``count`` picks the plural form
        (and fills ``{count}``)."""
        entry = self._entry(key)
        if not isinstance(entry, str):
            if count is None:
                raise MissingString(f"string '{key}' in {self.path} has plural forms: give a count")
            entry = entry.get(plural_form(self.locale, count)) or entry["other"]
        if count is not None:
            values["count"] = count
        return PLACEHOLDER_RE.sub(lambda m: _value(self, key, m.group(1), values), entry)

    def forms(self, key: str) -> dict[str, str]:
        """The string ``key`` as written, placeholders unfilled, by plural category ("one",
        "other"...; a string without plural forms is its "other"): for a script to fill."""
        entry = self._entry(key)
        return {"other": entry} if isinstance(entry, str) else dict(entry)

    def _entry(self, key: str) -> str | Mapping[str, str]:
        try:
            return self.strings[key]
        except KeyError:
            raise MissingString(f"no string '{key}' in {self.path}") from None

    def markup(self, key: str, count: int | None = None, **values: Any) -> Markup:
        """``text`` for HTML: the catalogue's text escaped, values escaped unless markup.
        Made once for each key, count and values that are plain strings or numbers."""
        if not all(type(v) in _PLAIN for v in values.values()):
            return self._markup(key, count, values)
        made = (key, count, *sorted((k, type(v), v) for k, v in values.items()))
        found = self._made.get(made)
        if found is None:
            found = self._made[made] = self._markup(key, count, values)
        return found

    def _markup(self, key: str, count: int | None, values: dict[str, Any]) -> Markup:
        escaped = {k: v if isinstance(v, Markup) else escape(v) for k, v in values.items()}
        raw = self.text(key, count, **{k: "\0" + k + "\0" for k in values})
        out = escape(raw)
        for k, v in escaped.items():
            out = Markup(out.replace("\0" + k + "\0", v))
        return Markup(out)

    def date(self, value: date | datetime | str) -> str:
        """A date as readers of the language write it: "26 July 2023", "26 luglio 2023"."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return format_date(value, self.date_format, self.locale)

    def month(self, year: int, month: int) -> str:
        return format_date(date(year, month, 1), self.month_format, self.locale)

    def language(self, code: str) -> str:
        """The name of the language ``code`` in this catalogue's language ("Italian",
        "italiano")."""
        return language_name(code, self.locale)


_PLAIN = (str, Markup, int)  # values whose markup is remembered (a date is made a string first)


# What a feed item says around a brief's body when no catalogue is loaded (a feed item made
# outside a build): the English strings of templates/i18n/en.yaml it uses.
ENGLISH = Catalogue(
    "templates/i18n/en.yaml",
    "en",
    {
        "sources": "Sources",
        "in_language": "in {language}",
        "corrections_title": "Corrections and updates",
        "kind_correction": "Correction",
        "kind_update": "Update",
        "kind_clarification": "Clarification",
        "outlet_not_named": "outlet not named",
        "author_not_named": "author not named",
        "date_not_given": "date not given",
        "picture_credit": "Picture:",
        "feed_archive_title": "{site} (archive, part {part})",
        "report_subject": "Error report: {title}",
        "report_body": "Page: {url}\n\nWhat is wrong, and where the right facts are published:\n",
        # a feed item's kind of work (its category)
        "work_news": "News",
        "work_analysis": "Analysis",
        "work_explainer": "Explainer",
        "work_opinion": "Opinion",
        "work_review": "Review",
        # JSON-LD breadcrumbs made outside a build
        "breadcrumb_home": "Home",
        "masthead_title": "Masthead",
    },
)


def foreign(edition: str, item: Any) -> bool:
    """Whether a brief listed on the page of the edition in the language ``edition`` is in
    another edition's language (an original shown with `untranslated: show`). Never on a
    site of one edition (``edition`` is "")."""
    return bool(edition) and item.lang != edition


def _value(catalogue: Catalogue, key: str, name: str, values: Mapping[str, Any]) -> str:
    if name not in values:
        raise MissingString(
            f"string '{key}' in {catalogue.path} uses {{{name}}}, which is not given"
        )
    return str(values[name])


@lru_cache(maxsize=64)
def _locale(code: str) -> Any:
    from babel import Locale

    return Locale.parse(code.replace("-", "_"))


def plural_form(locale: str, count: int) -> str:
    return str(_locale(locale).plural_form(count))


@lru_cache(maxsize=8192)
def format_date(value: date, pattern: str, locale: str) -> str:
    if locale == "en" and pattern == "d MMMM y":  # the common case, without loading Babel
        return f"{value.day} {value.strftime('%B %Y')}"
    from babel.dates import format_date as babel_format

    day = value.date() if isinstance(value, datetime) else value
    return str(babel_format(day, pattern, locale=_locale(locale)))


ENGLISH_NAMES = MappingProxyType(
    {
        "de": "German",
        "en": "English",
        "es": "Spanish",
        "fr": "French",
        "it": "Italian",
        "ja": "Japanese",
        "nl": "Dutch",
        "pl": "Polish",
        "pt": "Portuguese",
        "zh": "Chinese",
    }
)


@lru_cache(maxsize=256)
def language_name(code: str, locale: str = "en") -> str:
    """A language's name in ``locale``, from CLDR; the code itself if CLDR has no name."""
    primary = code.split("-")[0].lower()
    if locale == "en" and primary in ENGLISH_NAMES:
        return ENGLISH_NAMES[primary]
    try:
        return str(_locale(locale).languages.get(primary) or code)
    except ValueError:
        return code


def catalogue_path(code: str) -> str:
    return f"{FOLDER}{code}.yaml"


def _find(templates: Mapping[str, str], code: str) -> str | None:
    """The catalogue file for ``code``: its own, else its primary language's."""
    for name in (catalogue_path(code), catalogue_path(code.split("-")[0].lower())):
        if name in templates:
            return name
    return None


def load(
    templates: tuple[tuple[str, str], ...], config: SiteConfig, config_path: str = "site.yaml"
) -> dict[str, Catalogue]:
    """Every edition's catalogue, by language code; raises BuildFailed with every problem
    (a missing catalogue at the edition's line of ``config_path``).

    A site of one edition whose language has no catalogue uses the English one."""
    lines = tuple((e.code, e.line) for e in config.languages)
    return _load(templates, config.language, lines, config_path)


@lru_cache(maxsize=8)
def _load(
    templates: tuple[tuple[str, str], ...],
    language: str,
    lines: tuple[tuple[str, int], ...],
    config_path: str,
) -> dict[str, Catalogue]:
    codes = tuple(code for code, _ in lines)
    files = dict(templates)
    errors: list[ContentError] = []
    found: dict[str, Catalogue] = {}
    for code in codes or (language,):
        name = _find(files, code) or (None if codes else _find(files, "en"))
        if name is None:
            message = f"languages: no catalogue for '{code}'; add templates/{catalogue_path(code)}"
            errors.append(ContentError(config_path, dict(lines).get(code, 1), message))
            continue
        catalogue = _parse(f"templates/{name}", files[name], code)
        if isinstance(catalogue, list):
            errors += catalogue
        else:
            found[code] = catalogue
    if not errors and len(found) > 1:
        first = found[codes[0]]
        for code in codes[1:]:
            other = found[code]
            for key in first.strings:
                if key not in other.strings:
                    line = first.lines.get(key, 1)
                    message = f"missing string '{key}' (in {first.path}, line {line})"
                    errors.append(ContentError(other.path, 1, message))
    if errors:
        raise BuildFailed(errors)
    return found


def _parse(path: str, text: str, code: str) -> Catalogue | list[ContentError]:
    data, errors = decode(path, text.encode("utf-8"))
    mapping, more = (None, []) if data is None else compose_mapping(path, data, 1, "catalogue")
    errors += more
    if mapping is None:
        return errors
    f = Fields(path, offset=1)
    strings: dict[str, str | Mapping[str, str]] = {}
    lines: dict[str, int] = {}
    formats: dict[str, str] = {}
    for key_node, value_node in mapping.value:
        key = key_node.value
        lines[key] = f.line(key_node)
        if key in FORMAT_KEYS:
            value = f.text(value_node, key)
            if value is not None:
                formats[key] = value
        elif isinstance(value_node, yaml.MappingNode):
            forms = {}
            for form_node, text_node in value_node.value:
                if form_node.value not in PLURAL_CATEGORIES:
                    f.error(
                        form_node,
                        f"{key}: expected plural forms ({', '.join(PLURAL_CATEGORIES)}),"
                        f" found '{form_node.value}'",
                    )
                    continue
                form_text = f.text(text_node, f"{key} {form_node.value}")
                if form_text is not None:
                    forms[form_node.value] = form_text
            if "other" not in forms:
                f.error(value_node, f"{key}: a plural string needs at least 'other'")
            strings[key] = forms
        elif isinstance(value_node, yaml.ScalarNode):
            strings[key] = value_node.value
        else:
            f.error(value_node, f"{key}: expected a text or plural forms")
    try:
        _locale(code)
    except ValueError:
        f.error(1, f"no CLDR data for the language '{code}'")
    if f.errors or errors:
        return f.errors + errors
    return Catalogue(path, code.replace("-", "_"), strings, lines=lines, **formats)
