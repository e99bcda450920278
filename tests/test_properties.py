"""Property tests on the parsing edge: whatever the bytes, an Brief or located errors.

Never an exception escaping, never an error without a usable line, never a message that
would break the CLI's one-line-per-problem output. Tests marked `slow` take about a second or
more for their 300 examples.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.config import SiteConfig, parse_config
from generator.errors import BuildFailed, ContentError
from generator.fields import is_blank
from generator.markup import CONTROL_RE
from generator.model import Brief
from generator.parse import BRIEF_RULES, PAGE_RULES, parse_brief, parse_page
from generator.typography import typeset_text

ROME = ZoneInfo("Europe/Rome")
CONFIG = SiteConfig(title="T", base_url="https://example.org/", timezone="Europe/Rome", zone=ROME)
PATH = "content/briefs/2023-07-26-x.md"
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, path: str = PATH) -> Brief | None:
    """The contract of parse_brief on any input; returns the Brief, if any."""
    article, errors = parse_brief(path, data, CONFIG)
    # YAML counts '\r', '\x85', '\u2028' and '\u2029' as line breaks too: so does splitlines
    last_line = max(data.count(b"\n"), len(data.decode("utf-8", "replace").splitlines())) + 1
    if article is not None:
        assert isinstance(article, Brief)
        assert errors == []
        assert article.path == path
        assert article.date.tzinfo is not None and article.updated >= article.date
        assert article.title and article.slug and article.id
        return article
    assert errors, "no Brief and no errors"
    for error in errors:
        assert isinstance(error, ContentError)
        assert error.path == path
        assert isinstance(error.line, int) and 1 <= error.line <= last_line, str(error)
        assert error.message and "\n" not in error.message and "\r" not in error.message
    return None


# --- any text, any bytes --------------------------------------------------------------------


@PROPERTY
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    check(data)


@PROPERTY
@given(st.text(max_size=2000))
def test_any_text(text: str) -> None:
    check(text.encode("utf-8"))


@PROPERTY
@given(st.text(max_size=800), st.text(max_size=800))
def test_any_text_between_fences(front: str, body: str) -> None:
    check(f"---\n{front}\n---\n{body}".encode())


@PROPERTY
@given(st.binary(max_size=600), st.binary(max_size=600))
def test_any_bytes_between_fences(front: bytes, body: bytes) -> None:
    check(b"---\n" + front + b"\n---\n" + body)


@PROPERTY
@given(st.sampled_from([b"", b"\xef\xbb\xbf"]), st.sampled_from([b"\n", b"\r\n"]),
       st.text(max_size=600))  # fmt: skip
def test_any_body_after_valid_front_matter(bom: bytes, eol: bytes, body: str) -> None:
    front = eol.join([b"---", b"title: A", b"date: 2023-07-26", b"---", b""])
    article, errors = parse_brief(PATH, bom + front + body.encode(), CONFIG)
    assert check(bom + front + body.encode()) == article
    # the body cannot break valid front matter (bar bytes that are not UTF-8: none here); it
    # can only be refused for a control character in it, named at its line
    if CONTROL_RE.search(body):
        assert errors and all(" is not allowed" in e.message for e in errors)
        assert all(e.message.startswith("body: ") for e in errors)
    else:
        assert article is not None
        assert article.title == "A"


@PROPERTY
@given(st.text(max_size=300))
def test_any_page(text: str) -> None:
    page, errors = parse_page("content/pages/p.md", f"---\n{text}\n---\n".encode(), CONFIG)
    assert (page is None) != (errors == [])
    assert all(isinstance(e, ContentError) and e.line >= 1 for e in errors)


# --- YAML-ish front matter from random keys and values --------------------------------------

KEYS = sorted(set(BRIEF_RULES) | set(PAGE_RULES)) + ["titel", "Title", "url", "x", "", "<<"]

# raw scalars that trip YAML 1.1 or the field rules, written unquoted
RAW = st.sampled_from(
    [
        "NO", "yes", "on", "off", "~", "null", "true", "false", "1.10", "0x1F", "1e3", "-1",
        "0", "2023-07-26", "2023-07-26T10:00:00+02:00", "2023-07-26 10:00", "2023-07-26T10:00Z",
        "2023-02-30", "26/07/2023", "0001-01-01", "9999-12-31T23:59:59", "9999-12-31T23:59-05:00",
        "0001-01-01T00:00+14:00", "'", '"', "[", "]", "{", "}", "{a: b}", "[a, b]", "[]", "{}",
        "*x", "&x a", "&x", "!!binary aGk=", "!!str 1", "!foo bar", "|", ">", "- a", "? a",
        ": a", "#", "a # b", "a: b", "%YAML 1.1", "---", "...", "@", "`", "\t", "tag:a,1:b",
        "https://e.org/", "javascript:x", "correction", "clarification", "update", "en",
        "pt-BR", "a-slug", "Bad Slug", "\u2028", "\x85", "\ufeff", "é",
    ]
)  # fmt: skip

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
)


def _entry(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS + ["publisher", "kind", "note", "language"]),
                        children, max_size=4),
    )  # fmt: skip


VALUES = st.recursive(SCALARS, _entry, max_leaves=12)


def _dump(value: object) -> str:
    """A value as YAML text the way an editor might write it (flow style, one line)."""
    try:
        text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True)
    except (yaml.YAMLError, OverflowError, ValueError):
        return "x"
    return text.removesuffix("\n...\n").rstrip("\n")


FIELD = st.tuples(
    st.sampled_from(KEYS),
    st.one_of(RAW, VALUES.map(_dump), st.lists(RAW, max_size=3).map(", ".join)),
)


@pytest.mark.slow
@PROPERTY
@given(
    st.lists(FIELD, max_size=12),
    st.sampled_from(["", "  ", "\t", "- "]),
    st.text(max_size=200),
)
def test_yaml_ish_front_matter(fields: list[tuple[str, str]], indent: str, body: str) -> None:
    lines = [f"{indent if i % 3 == 2 else ''}{key}: {value}" for i, (key, value) in
             enumerate(fields)]  # fmt: skip
    check(("---\n" + "\n".join(lines) + "\n---\n" + body).encode())


@pytest.mark.slow
@PROPERTY
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=10), st.booleans())
def test_yaml_dumped_mappings(front: dict, block: bool) -> None:
    text = yaml.safe_dump(front, default_flow_style=not block, allow_unicode=True)
    check(f"---\n{text}---\nBody.\n".encode())


# mostly valid values per key, so that many examples get as far as an Brief
VALID = {
    "date": ["2023-07-26", "2023-07-26T10:00:00+02:00", "0001-01-01", "9999-12-31T23:59:59",
             "2023-03-26T02:30:00", "2023-10-29T02:30:00Z"],
    "updated": ["2023-07-27", "2023-07-26T12:00:00+02:00", "9999-12-31T23:59-05:00",
                "0001-01-01T00:00+14:00"],
    "slug": ["a-b", "x", "2023"],
    "id": ["'tag:a,1:b'", "urn:x:y"],
    "summary": ["S.", "NO", "'1.10'"],
    "tags": ["[a, b]", "[NO, on, yes]", "[]", "[A, a, A]"],
    "authors": ["[Jane]", "[]"],
    "lang": ["en", "pt-BR"],
    "draft": ["true", "false"],
    "sources": ["[{title: T}]", "[{publisher: P, url: 'https://e.org/', date: 2023-07-26}]", "[]"],
    "updates": ["[{date: 2023-07-27, kind: update, note: N}]", "[]",
                "[{date: 2023-07-26T00:00Z, kind: correction, note: N}, "
                "{date: 9999-12-31T23:59:59-12:00, kind: clarification, note: M}]"],
}  # fmt: skip
BRIEFS = st.lists(st.sampled_from(sorted(VALID)), unique=True).flatmap(
    lambda keys: st.tuples(
        *[st.tuples(st.just(k), st.one_of(st.sampled_from(VALID[k]), RAW)) for k in keys]
    )
)


@pytest.mark.slow
@PROPERTY
@given(st.sampled_from(VALID["date"]), BRIEFS, st.text(max_size=100))
def test_mostly_valid_briefs(date: str, fields: tuple[tuple[str, str], ...], body: str) -> None:
    lines = [f"{key}: {value}" for key, value in (("title", "A"), ("date", date), *fields)]
    article = check(("---\n" + "\n".join(lines) + "\n---\n" + body).encode())
    if article is not None:
        assert list(article.updates) == sorted(article.updates, key=lambda u: u.date, reverse=True)


# --- valid values round-trip ----------------------------------------------------------------

PRINTABLE = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Cn", "Zl", "Zp"]),
    min_size=1,
    max_size=60,
)


def quoted(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


@pytest.mark.slow
@PROPERTY
@given(PRINTABLE, st.lists(PRINTABLE, max_size=5))
def test_any_title_and_tags_survive_quoting(title: str, tags: list[str]) -> None:
    # text that shows nothing (spaces, zero-width characters) is an error of its own
    assume(not is_blank(title) and not any(is_blank(tag) for tag in tags))
    front = f"title: {quoted(title)}\ndate: 2023-07-26\ntags: {quoted(tags)}\n"
    article = check(f"---\n{front}---\n".encode())
    assert article is not None
    assert article.title == typeset_text(title.strip())
    assert article.tags == tuple(" ".join(tag.split()) for tag in tags)


OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@PROPERTY
@given(
    st.datetimes(
        min_value=datetime(1000, 1, 2), max_value=datetime(9998, 12, 30), allow_imaginary=False
    ),
    st.one_of(st.none(), OFFSETS),
    st.sampled_from(["seconds", "minutes", "microseconds"]),
    st.booleans(),
)
def test_any_iso_datetime_round_trips(
    when: datetime, offset: timezone | None, spec: str, zulu: bool
) -> None:
    when = when.replace(fold=0)  # text has no fold: an ambiguous local time reads as the first
    when = when.replace(microsecond=0) if spec != "microseconds" else when
    when = when.replace(second=0) if spec == "minutes" else when
    stamp = when.replace(tzinfo=offset).isoformat(timespec=spec)
    if zulu and offset is None:
        stamp, offset = stamp + "Z", UTC
    article = check(f"---\ntitle: A\ndate: {stamp}\n---\n".encode())
    assert article is not None
    expected = when.replace(tzinfo=offset if offset is not None else ROME)
    assert article.date == expected
    assert article.date.utcoffset() == expected.utcoffset()


@PROPERTY
@given(st.dates(min_value=datetime(1000, 1, 2).date(), max_value=datetime(9998, 12, 30).date()))
def test_any_date_is_midnight_in_the_site_timezone(day) -> None:
    article = check(f"---\ntitle: A\ndate: {day.isoformat()}\n---\n".encode())
    assert article is not None
    assert article.date == datetime(day.year, day.month, day.day, tzinfo=ROME)
    assert article.id == f"tag:briefing,{day.year}:x"


# --- site.yaml ------------------------------------------------------------------------------


@pytest.mark.slow
@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(str.encode),
        st.lists(FIELD, max_size=8).map(
            lambda fields: "".join(f"{k}: {v}\n" for k, v in fields).encode()
        ),
    )
)
def test_any_site_yaml(data: bytes) -> None:  # fmt: skip
    try:
        site = parse_config("site.yaml", data)
    except BuildFailed as failed:
        assert failed.errors
        for error in failed.errors:
            assert error.path == "site.yaml" and error.line >= 1
            assert error.message and "\n" not in error.message and "\r" not in error.message
    else:
        assert isinstance(site, SiteConfig) and site.base_url.endswith("/")
