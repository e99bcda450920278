"""Front matter rules of briefs and pages (design.md §1), on in-memory bytes.

Every error is asserted whole, as the ``path:line: message`` the CLI prints. In the helpers
below the front matter starts on file line 2 (line 1 is the opening '---').
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from generator.config import SiteConfig
from generator.errors import ContentError
from generator.model import Brief, Page, Source, Update
from generator.parse import parse_brief, parse_page

ROME = ZoneInfo("Europe/Rome")
CONFIG = SiteConfig(title="T", base_url="https://example.org/", timezone="Europe/Rome", zone=ROME)
PATH = "content/briefs/x.md"
PAGE = "content/pages/about.md"
BASE = "title: A\ndate: 2023-07-26\n"  # file lines 2 and 3
DATE_HINT = "expected a date like 2023-07-26 or a date and time like 2023-07-26T10:00:00+02:00"
KNOWN = (
    "title, date, updated, id, slug, summary, tags, authors, lang, draft, sources, updates,"
    " aliases, type, section, story, translation_of, image"
)


def doc(front: str, body: str = "Body text.\n") -> bytes:
    return f"---\n{front}---\n{body}".encode()


def parsed(data: bytes, path: str = PATH, config: SiteConfig = CONFIG) -> Brief:
    article, errors = parse_brief(path, data, config)
    assert [str(e) for e in errors] == []
    assert isinstance(article, Brief)
    return article


def ok(front: str, body: str = "Body text.\n", path: str = PATH) -> Brief:
    return parsed(doc(front, body), path)


def failures(data: bytes, path: str = PATH) -> list[str]:
    article, errors = parse_brief(path, data, CONFIG)
    assert article is None
    assert errors and all(isinstance(e, ContentError) for e in errors)
    return [str(e) for e in errors]


def bad(front: str, body: str = "Body text.\n", path: str = PATH) -> list[str]:
    return failures(doc(front, body), path)


# --- a complete brief -----------------------------------------------------------------------


def test_full_brief_parses_every_field() -> None:
    article = ok(
        'title: "Netflix lists a $900,000 AI job as actors strike"\n'
        "date: 2023-07-26T10:00:00+02:00\n"
        "updated: 2023-07-28T09:00:00+02:00\n"
        'id: "tag:briefing,2023:netflix-ai-pm"\n'
        "slug: netflix-ai-product-manager\n"
        'summary: "One or two sentences."\n'
        "tags: [Netflix, SAG-AFTRA, hiring]\n"
        "authors: [Briefing Desk, Jane Roe]\n"
        "lang: en\n"
        "draft: false\n"
        "sources:\n"
        '  - title: "Netflix pubblica un\'offerta di lavoro AI da 900mila dollari"\n'
        "    publisher: Il Post\n"
        "    author: Martina Pedretti\n"
        "    date: 2023-07-26\n"
        "    url: https://example.com/netflix\n"
        "    language: it\n"
        "updates:\n"
        "  - date: 2023-07-28T09:00:00+02:00\n"
        "    kind: correction\n"
        '    note: "An earlier version gave the wrong salary range."\n',
        body="First paragraph.\n\nSecond paragraph.\n",
    )
    plus2 = timezone(timedelta(hours=2))
    assert article.path == PATH
    assert article.title == "Netflix lists a $900,000 AI job as actors strike"
    assert article.date == datetime(2023, 7, 26, 10, 0, tzinfo=plus2)
    assert article.updated == datetime(2023, 7, 28, 9, 0, tzinfo=plus2)
    assert article.is_updated
    assert article.id == "tag:briefing,2023:netflix-ai-pm"
    assert article.slug == "netflix-ai-product-manager"
    assert article.summary == "One or two sentences."
    assert article.tags == ("Netflix", "SAG-AFTRA", "hiring")
    assert article.authors == ("Briefing Desk", "Jane Roe")
    assert article.lang == "en"
    assert article.draft is False
    assert article.sources == (
        Source(
            title="Netflix pubblica un’offerta di lavoro AI da 900mila dollari",
            publisher="Il Post",
            author="Martina Pedretti",
            date="2023-07-26",
            url="https://example.com/netflix",
            language="it",
        ),
    )
    assert article.updates == (
        Update(
            date=datetime(2023, 7, 28, 9, 0, tzinfo=plus2),
            kind="correction",
            note="An earlier version gave the wrong salary range.",
            note_html="An earlier version gave the wrong salary range.",
        ),
    )
    assert article.body_html == "<p>First paragraph.</p>\n<p>Second paragraph.</p>"
    assert article.line("title") == 2
    assert article.line("tags") == 8
    assert article.line("updates") == 19
    assert article.line("updates[0]") == 20
    assert article.line("nothing-here") == 1


def test_minimal_brief_takes_defaults_from_file_name_body_and_config() -> None:
    article = ok(BASE, body="The *first* paragraph.\n\nThe second.\n", path=PATH)
    assert article.slug == "x"
    assert article.id == "tag:briefing,2023:x"
    assert article.summary == "The first paragraph."
    assert article.tags == ()
    assert article.authors == CONFIG.authors == ("Briefing Desk",)
    assert article.lang == "en"
    assert article.draft is False
    assert article.sources == ()
    assert article.updates == ()
    assert article.updated == article.date
    assert not article.is_updated


# --- required keys --------------------------------------------------------------------------


def test_missing_title() -> None:
    assert bad("date: 2023-07-26\n") == [f"{PATH}:1: missing required key 'title'"]


def test_missing_date() -> None:
    assert bad("title: A\n") == [f"{PATH}:1: missing required key 'date'"]


def test_empty_front_matter_misses_both_required_keys() -> None:
    assert failures(b"---\n---\nBody.\n") == [
        f"{PATH}:1: missing required key 'title'",
        f"{PATH}:1: missing required key 'date'",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('""', "title: must not be empty"),
        ("'   '", "title: must not be empty"),
        ("", "title: must not be empty"),
        ("~", "title: must not be empty"),
        ("null", "title: YAML reads 'null' as nothing; quote it to mean the word"),
        ("Null", "title: YAML reads 'Null' as nothing; quote it to mean the word"),
        ("[a, b]", "title: expected text, found a list"),
        ("{a: b}", "title: expected text, found keys and values"),
    ],
)
def test_title_must_be_non_empty_text(value: str, message: str) -> None:
    assert bad(f"title: {value}\ndate: 2023-07-26\n") == [f"{PATH}:2: {message}"]


def test_quoted_null_title_is_the_word() -> None:
    assert ok('title: "Null"\ndate: 2023-07-26\n').title == "Null"


def test_title_whitespace_is_trimmed_and_folded() -> None:
    assert ok("title: '  Spaced  out  '\ndate: 2023-07-26\n").title == "Spaced  out"
    assert ok("title: >\n  Folded\n  over lines\ndate: 2023-07-26\n").title == "Folded over lines"


# --- YAML 1.1 traps: the editor's text is kept ---------------------------------------------


@pytest.mark.parametrize(
    "title", ["NO", "no", "yes", "on", "Off", "1.10", "1e3", "0x1F", "2023-07-26", "12:30"]
)
def test_title_keeps_the_text_as_written(title: str) -> None:
    assert ok(f"title: {title}\ndate: 2023-07-26\n").title == title


def test_tags_keep_yaml_1_1_words_as_text() -> None:
    article = ok(BASE + "tags: [on, yes, NO, 1.10, 2023]\n")
    assert article.tags == ("on", "yes", "NO", "1.10", "2023")


# --- dates ----------------------------------------------------------------------------------


def test_date_only_is_midnight_in_the_site_timezone() -> None:
    article = ok(BASE)
    assert article.date == datetime(2023, 7, 26, 0, 0, tzinfo=ROME)
    assert article.date.tzinfo is ROME
    assert article.date.utcoffset() == timedelta(hours=2)  # CEST


def test_date_with_offset_keeps_its_offset() -> None:
    article = ok("title: A\ndate: 2023-07-26T10:00:00-05:00\n")
    assert article.date.utcoffset() == timedelta(hours=-5)
    assert article.date == datetime(2023, 7, 26, 15, 0, tzinfo=UTC)


def test_naive_datetime_is_placed_in_the_site_timezone() -> None:
    summer = ok("title: A\ndate: 2023-07-26T10:00:00\n").date
    assert summer.tzinfo is ROME
    assert summer.utcoffset() == timedelta(hours=2)
    assert summer == datetime(2023, 7, 26, 8, 0, tzinfo=UTC)
    winter = ok("title: A\ndate: 2023-01-15T10:00\n").date
    assert winter.tzinfo is ROME
    assert winter.utcoffset() == timedelta(hours=1)


def test_naive_datetime_follows_config_timezone() -> None:
    tokyo = SiteConfig(
        title="T", base_url="https://e.org/", timezone="Asia/Tokyo", zone=ZoneInfo("Asia/Tokyo")
    )
    article = parsed(doc("title: A\ndate: 2023-07-26T10:00:00\n"), config=tokyo)
    assert article.date.utcoffset() == timedelta(hours=9)


def test_z_suffix_is_utc() -> None:
    article = ok("title: A\ndate: 2023-07-26T10:00:00Z\n")
    assert article.date.utcoffset() == timedelta(0)
    assert article.date == datetime(2023, 7, 26, 10, 0, tzinfo=UTC)


def test_quoted_date_is_read_the_same() -> None:
    assert ok('title: A\ndate: "2023-07-26"\n').date == ok(BASE).date


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("26/07/2023", "'26/07/2023'"),
        ("2023-02-30", "'2023-02-30'"),
        ("2023-13-01", "'2023-13-01'"),
        ("July 26, 2023", "'July 26, 2023'"),
        ("2023-07-26T25:00:00", "'2023-07-26T25:00:00'"),
        ("", "nothing"),
        ("[2023-07-26]", "a list"),
        ("{year: 2023}", "keys and values"),
    ],
)
def test_bad_date(value: str, found: str) -> None:
    assert bad(f"title: A\ndate: {value}\n") == [f"{PATH}:3: date: {DATE_HINT}, found {found}"]


def test_bad_updated() -> None:
    assert bad(BASE + "updated: yesterday\n") == [
        f"{PATH}:4: updated: {DATE_HINT}, found 'yesterday'"
    ]


def test_updated_earlier_than_date() -> None:
    front = "title: A\ndate: 2023-07-26T10:00:00+02:00\nupdated: 2023-07-26T09:59:59+02:00\n"
    assert bad(front) == [f"{PATH}:4: updated: is earlier than date"]


def test_updated_equal_to_date_is_fine() -> None:
    article = ok("title: A\ndate: 2023-07-26T10:00:00+02:00\nupdated: 2023-07-26T08:00:00Z\n")
    assert article.updated == article.date
    assert not article.is_updated


def test_updated_defaults_to_newest_update_entry() -> None:
    article = ok(
        BASE + "updates:\n"
        "  - {date: 2023-07-27, kind: update, note: First.}\n"
        "  - {date: 2023-07-29T12:00:00+02:00, kind: correction, note: Newest.}\n"
        "  - {date: 2023-07-28, kind: clarification, note: Middle.}\n"
    )
    assert article.updated == datetime(2023, 7, 29, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert article.is_updated


def test_explicit_updated_wins_over_updates() -> None:
    article = ok(
        BASE + "updated: 2023-08-01\n"
        "updates:\n"
        "  - {date: 2023-07-27, kind: update, note: Later news.}\n"
    )
    assert article.updated == datetime(2023, 8, 1, tzinfo=ROME)


# --- draft ----------------------------------------------------------------------------------


def test_draft_true_parses_as_a_draft() -> None:
    assert ok(BASE + "draft: true\n").draft is True


def test_draft_false() -> None:
    assert ok(BASE + "draft: false\n").draft is False


@pytest.mark.parametrize("value", ["yes", "no", "on", "True", "1", "0", ""])
def test_draft_accepts_only_true_or_false(value: str) -> None:
    found = f"'{value}'" if value else "nothing"
    assert bad(BASE + f"draft: {value}\n") == [
        f"{PATH}:4: draft: expected true or false, found {found}"
    ]


def test_draft_list_is_an_error() -> None:
    assert bad(BASE + "draft: [true]\n") == [
        f"{PATH}:4: draft: expected true or false, found a list"
    ]


# --- slug -----------------------------------------------------------------------------------


def test_explicit_slug() -> None:
    assert ok(BASE + "slug: netflix-ai-2023\n").slug == "netflix-ai-2023"


@pytest.mark.parametrize("slug", ["Netflix", "net_flix", "net flix", "caffè", "a/b", "a.b"])
def test_bad_slug(slug: str) -> None:
    assert bad(BASE + f"slug: '{slug}'\n") == [
        f"{PATH}:4: slug: use only a-z, 0-9 and '-', found '{slug}'"
    ]


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("content/briefs/2023-07-26-netflix-ai-pm.md", "netflix-ai-pm"),
        ("content/briefs/netflix-ai-pm.md", "netflix-ai-pm"),
        ("content/briefs/2023-07-26.md", "2023-07-26"),
        ("content/briefs/2023-07-26-2023-07-27-x.md", "2023-07-27-x"),
    ],
)
def test_default_slug_is_file_name_minus_leading_date(path: str, slug: str) -> None:
    assert ok(BASE, path=path).slug == slug


def test_file_name_giving_an_invalid_slug_is_an_error() -> None:
    path = "content/briefs/2023-07-26-Netflix AI.md"
    assert bad(BASE, path=path) == [
        f"{path}:1: file name gives the slug 'Netflix AI', which is not a-z, 0-9 and '-'; "
        "rename the file or set 'slug'"
    ]


def test_explicit_slug_rescues_a_bad_file_name() -> None:
    path = "content/briefs/2023-07-26-Netflix AI.md"
    assert ok(BASE + "slug: netflix-ai\n", path=path).slug == "netflix-ai"


def test_bad_slug_is_reported_once_even_with_a_bad_file_name() -> None:
    path = "content/briefs/Bad Name.md"
    assert bad(BASE + "slug: Bad\n", path=path) == [
        f"{path}:4: slug: use only a-z, 0-9 and '-', found 'Bad'"
    ]


# --- tags and authors -----------------------------------------------------------------------


def test_tags_block_list_with_lines() -> None:
    article = ok(BASE + "tags:\n  - AI\n  - Labor   unions\n")
    assert article.tags == ("AI", "Labor unions")
    assert article.line("tags[0]") == 5
    assert article.line("tags[1]") == 6


def test_empty_tag_list() -> None:
    assert ok(BASE + "tags: []\n").tags == ()


def test_tags_as_a_string_is_an_error() -> None:
    assert bad(BASE + "tags: AI, labor\n") == [
        f"{PATH}:4: tags: expected a list like [a, b], found 'AI, labor'"
    ]


def test_tags_as_a_mapping_is_an_error() -> None:
    assert bad(BASE + "tags: {a: b}\n") == [
        f"{PATH}:4: tags: expected a list like [a, b], found keys and values"
    ]


def test_empty_tag_entry() -> None:
    assert bad(BASE + "tags: [AI, '']\n") == [f"{PATH}:4: tags entry: must not be empty"]


def test_blank_tag_entry_in_block_list() -> None:
    assert bad(BASE + "tags:\n  - AI\n  -\n") == [f"{PATH}:6: tags entry: must not be empty"]


def test_nested_tag_list() -> None:
    assert bad(BASE + "tags:\n  - AI\n  - [a, b]\n  - {c: d}\n") == [
        f"{PATH}:6: tags entry: expected text, found a list",
        f"{PATH}:7: tags entry: expected text, found keys and values",
    ]


def test_authors_list() -> None:
    assert ok(BASE + "authors: [Jane Roe, John Doe]\n").authors == ("Jane Roe", "John Doe")


def test_authors_default_from_config() -> None:
    config = SiteConfig(title="T", base_url="https://e.org/", authors=("Desk A", "Desk B"))
    assert parsed(doc(BASE), config=config).authors == ("Desk A", "Desk B")


def test_authors_as_a_string_is_an_error() -> None:
    assert bad(BASE + "authors: Jane Roe\n") == [
        f"{PATH}:4: authors: expected a list like [a, b], found 'Jane Roe'"
    ]


def test_empty_author_entry() -> None:
    assert bad(BASE + "authors: [Jane, ~]\n") == [f"{PATH}:4: authors entry: must not be empty"]


# --- lang -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "it", "pt-BR", "zh-Hant-TW", "ast"])
def test_lang_codes(lang: str) -> None:
    assert ok(BASE + f"lang: {lang}\n").lang == lang


def test_lang_default_from_config() -> None:
    config = SiteConfig(title="T", base_url="https://e.org/", language="it")
    assert parsed(doc(BASE), config=config).lang == "it"


@pytest.mark.parametrize("lang", ["english", "e", "en_US", "en-", "12"])
def test_bad_lang(lang: str) -> None:
    assert bad(BASE + f"lang: {lang}\n") == [
        f"{PATH}:4: lang: expected a language code like 'en' or 'pt-BR', found '{lang}'"
    ]


# --- id -------------------------------------------------------------------------------------


def test_default_id_uses_year_of_date_and_slug() -> None:
    assert ok("title: A\ndate: 2021-12-31T23:30:00-05:00\nslug: s\n").id == "tag:briefing,2021:s"


def test_default_id_uses_config_id_authority() -> None:
    config = SiteConfig(title="T", base_url="https://e.org/", id_authority="example.org")
    article = parsed(doc(BASE), path="content/briefs/2023-07-26-abc.md", config=config)
    assert article.id == "tag:example.org,2023:abc"


@pytest.mark.parametrize(
    "value", ["tag:briefing,2023:netflix", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"]
)
def test_explicit_id(value: str) -> None:
    assert ok(BASE + f"id: '{value}'\n").id == value


@pytest.mark.parametrize("value", ["not a uri", "netflix-ai", "tag:", ":x", "1tag:x", "tag:a b"])
def test_bad_id(value: str) -> None:
    assert bad(BASE + f"id: '{value}'\n") == [
        f"{PATH}:4: id: expected a permanent URI like 'tag:briefing,2023:my-brief', found '{value}'"
    ]


# --- summary --------------------------------------------------------------------------------


def test_summary_default_is_first_paragraph_as_plain_text() -> None:
    body = "# Heading\n\nA [link](https://e.org/) and **bold** &amp; `code` here.\n\nNext.\n"
    assert ok(BASE, body=body).summary == "A link and bold & code here."


def test_summary_default_keeps_punctuation_next_to_inline_markup() -> None:
    assert ok(BASE, body="Pay rose *sharply*. (See **table**.)\n").summary == (
        "Pay rose sharply. (See table.)"
    )


def test_explicit_summary_is_kept() -> None:
    assert ok(BASE + "summary: Short.\n", body="Long body.\n").summary == "Short."


def test_empty_summary_is_an_error() -> None:
    assert bad(BASE + "summary: ''\n") == [f"{PATH}:4: summary: must not be empty"]


# --- sources --------------------------------------------------------------------------------


def test_source_with_only_a_publisher() -> None:
    article = ok(BASE + "sources:\n  - publisher: Reuters\n")
    assert article.sources == (Source(None, "Reuters", None, None, None, None),)


def test_source_needs_publisher_or_title() -> None:
    assert bad(
        BASE + "sources:\n  - publisher: Reuters\n  - author: Jane\n    date: 2023-07-26\n"
    ) == [f"{PATH}:6: sources entry: needs a title or a publisher"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "/relative/path",
        "example.org/page",
        "https://",
        "https://exa mple.org/",
        "mailto:desk@example.org",
    ],
)
def test_source_url_must_be_http_or_https(url: str) -> None:
    assert bad(BASE + f"sources:\n  - title: T\n    url: '{url}'\n") == [
        f"{PATH}:6: sources url: expected an http:// or https:// address, found '{url}'"
    ]


@pytest.mark.parametrize("url", ["http://example.org", "https://example.org/a?b=c#d"])
def test_source_url_http_and_https(url: str) -> None:
    assert ok(BASE + f"sources:\n  - title: T\n    url: '{url}'\n").sources[0].url == url


def test_unknown_source_key_suggests_closest() -> None:
    assert bad(BASE + "sources:\n  - publisher: Reuters\n    urll: https://e.org/\n") == [
        f"{PATH}:6: sources: unknown key 'urll' (did you mean 'url'?)"
    ]


def test_misspelt_source_title_reports_both_problems() -> None:
    assert bad(BASE + "sources:\n  - titel: Report\n") == [
        f"{PATH}:5: sources: unknown key 'titel' (did you mean 'title'?)",
        f"{PATH}:5: sources entry: needs a title or a publisher",
    ]


def test_unknown_source_key_without_close_match_lists_keys() -> None:
    assert bad(BASE + "sources:\n  - title: T\n    zzz: 1\n") == [
        f"{PATH}:6: sources: unknown key 'zzz'; "
        "known keys: title, publisher, author, date, url, language, key"
    ]


def test_source_date_is_kept_as_iso_text() -> None:
    assert ok(BASE + "sources:\n  - title: T\n    date: 2023-07-26\n").sources[0].date == (
        "2023-07-26"
    )


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("July 2023", "'July 2023'"),
        ("2023-07-26T10:00:00", "'2023-07-26T10:00:00'"),
        ("2023-02-30", "'2023-02-30'"),
        ("[2023-07-26]", "a list"),
    ],
)
def test_bad_source_date(value: str, found: str) -> None:
    assert bad(BASE + f"sources:\n  - title: T\n    date: {value}\n") == [
        f"{PATH}:6: sources date: expected a date like 2023-07-26, found {found}"
    ]


def test_bad_source_language() -> None:
    assert bad(BASE + "sources:\n  - title: T\n    language: Italian\n") == [
        f"{PATH}:6: sources language: expected a language code like 'en' or 'pt-BR', "
        "found 'Italian'"
    ]


def test_duplicate_source_key() -> None:
    assert bad(BASE + "sources:\n  - title: T\n    title: U\n") == [
        f"{PATH}:6: sources: duplicate key 'title' (first given on line 5)"
    ]


def test_sources_must_be_a_list() -> None:
    assert bad(BASE + "sources:\n  title: T\n") == [
        f"{PATH}:5: sources: expected a list of entries, found keys and values"
    ]


def test_source_entry_must_be_a_mapping() -> None:
    assert bad(BASE + "sources:\n  - Reuters\n  - [a]\n") == [
        f"{PATH}:5: sources entry: expected keys and values, found 'Reuters'",
        f"{PATH}:6: sources entry: expected keys and values, found a list",
    ]


# --- updates --------------------------------------------------------------------------------


def test_updates_come_out_newest_first_whatever_the_file_order() -> None:
    article = ok(
        BASE + "updates:\n"
        "  - {date: 2023-07-27, kind: update, note: Oldest.}\n"
        "  - {date: 2023-07-29, kind: correction, note: Newest.}\n"
        "  - {date: 2023-07-28, kind: clarification, note: Middle.}\n"
    )
    assert [u.note for u in article.updates] == ["Newest.", "Middle.", "Oldest."]
    assert [u.kind for u in article.updates] == ["correction", "clarification", "update"]
    assert article.updates[0].date == datetime(2023, 7, 29, tzinfo=ROME)


@pytest.mark.parametrize("kind", ["correction", "update", "clarification"])
def test_update_kinds(kind: str) -> None:
    article = ok(BASE + f"updates:\n  - date: 2023-07-27\n    kind: {kind}\n    note: N.\n")
    assert article.updates[0].kind == kind


def test_bad_update_kind() -> None:
    assert bad(BASE + "updates:\n  - date: 2023-07-27\n    kind: Correction\n    note: N.\n") == [
        f"{PATH}:6: updates kind: expected one of correction, update, clarification, "
        "found 'Correction'"
    ]


@pytest.mark.parametrize(
    ("entry", "missing"),
    [
        ("{kind: update, note: N.}", "date"),
        ("{date: 2023-07-27, note: N.}", "kind"),
        ("{date: 2023-07-27, kind: update}", "note"),
        ("{}", "date, kind, note"),
    ],
)
def test_update_entry_needs_date_kind_and_note(entry: str, missing: str) -> None:
    assert bad(BASE + f"updates:\n  - {entry}\n") == [f"{PATH}:5: updates entry: missing {missing}"]


def test_a_note_is_inline_markdown_with_a_plain_text_twin() -> None:
    note = 'Fixed *one* **figure**, `x < y` & [the "source"](https://example.com/?a=1&b=2).'
    article = ok(BASE + f"updates:\n  - date: 2023-07-27\n    kind: update\n    note: '{note}'\n")
    (update,) = article.updates
    assert update.note_html == (
        "Fixed <em>one</em> <strong>figure</strong>, <code>x &lt; y</code> &amp; "
        '<a href="https://example.com/?a=1&amp;b=2">the “source”</a>.'
    )
    assert update.note == "Fixed one figure, x < y & the “source”."


@pytest.mark.parametrize(
    ("note", "html"),
    [
        ("First.\n\n  Second.", "First. Second."),  # one paragraph, with no <p>
        ("- a list item", "a list item"),
        ("> quoted", "quoted"),
        ("## A heading", "A heading"),
        ('Bad <b onclick="x()">bold</b><script>alert(1)</script>', "Bad <b>bold</b>"),
        ("[a link](javascript:alert(1)) <iframe src=x></iframe>", "<a>a link</a>"),
    ],
)
def test_a_note_keeps_no_block_and_no_unsafe_html(note: str, html: str) -> None:
    front = (
        BASE + f"updates:\n  - date: 2023-07-27\n    kind: update\n    note: {json.dumps(note)}\n"
    )
    assert ok(front).updates[0].note_html == html


def test_a_note_with_nothing_safe_in_it_is_an_error() -> None:
    front = (
        BASE + "updates:\n  - date: 2023-07-27\n    kind: update\n    note: '<script>x</script>'\n"
    )
    assert bad(front) == [
        f"{PATH}:7: updates note: nothing is left once the HTML that is not allowed is removed"
    ]


def test_bad_update_date_and_empty_note() -> None:
    assert bad(BASE + "updates:\n  - date: soon\n    kind: update\n    note: ''\n") == [
        f"{PATH}:5: updates date: {DATE_HINT}, found 'soon'",
        f"{PATH}:7: updates note: must not be empty",
    ]


def test_unknown_update_key_suggests_closest() -> None:
    front = BASE + "updates:\n  - date: 2023-07-27\n    kind: update\n    notes: N.\n"
    assert bad(front) == [
        f"{PATH}:7: updates: unknown key 'notes' (did you mean 'note'?)",
        f"{PATH}:5: updates entry: missing note",
    ]


def test_update_dated_before_the_brief_points_at_the_entry() -> None:
    front = (
        "title: A\ndate: 2023-07-26T10:00:00+02:00\n"
        "updates:\n"
        "  - {date: 2023-07-27, kind: update, note: Fine.}\n"
        "  - {date: 2023-07-26T09:00:00+02:00, kind: correction, note: Too early.}\n"
    )
    assert bad(front) == [f"{PATH}:6: updates entry: dated before the brief's date"]


def test_updates_must_be_a_list_of_mappings() -> None:
    assert bad(BASE + "updates: fixed a typo\n") == [
        f"{PATH}:4: updates: expected a list of entries, found 'fixed a typo'"
    ]
    assert bad(BASE + "updates:\n  - fixed a typo\n") == [
        f"{PATH}:5: updates entry: expected keys and values, found 'fixed a typo'"
    ]


# --- keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "closest"),
    [("titel", "title"), ("tag", "tags"), ("Date", "date"), ("source", "sources")],
)
def test_unknown_key_suggests_closest(key: str, closest: str) -> None:
    assert bad(BASE + f"{key}: x\n") == [
        f"{PATH}:4: unknown key '{key}' (did you mean '{closest}'?)"
    ]


def test_unknown_key_without_close_match_lists_known_keys() -> None:
    assert bad(BASE + "colour: blue\n") == [f"{PATH}:4: unknown key 'colour'; known keys: {KNOWN}"]


def test_misspelt_required_key_reports_both_problems() -> None:
    assert bad("titel: A\ndate: 2023-07-26\n") == [
        f"{PATH}:2: unknown key 'titel' (did you mean 'title'?)",
        f"{PATH}:1: missing required key 'title'",
    ]


def test_duplicate_key() -> None:
    assert bad(BASE + "title: B\n") == [f"{PATH}:4: duplicate key 'title' (first given on line 2)"]


def test_non_scalar_key() -> None:
    assert bad(BASE + "? [a, b]\n: c\n") == [f"{PATH}:4: keys must be plain words"]


def test_several_errors_are_all_reported_with_their_lines() -> None:
    front = (
        "titel: A\n"  # 2
        "date: 26/07/2023\n"  # 3
        "slug: Bad Slug\n"  # 4
        "tags: AI\n"  # 5
        "draft: yes\n"  # 6
        "lang: english\n"  # 7
        "sources:\n"  # 8
        "  - url: ftp://e.org/\n"  # 9
        "date: 2023-07-26\n"  # 10
    )
    assert bad(front) == [
        f"{PATH}:2: unknown key 'titel' (did you mean 'title'?)",
        f"{PATH}:3: date: {DATE_HINT}, found '26/07/2023'",
        f"{PATH}:4: slug: use only a-z, 0-9 and '-', found 'Bad Slug'",
        f"{PATH}:5: tags: expected a list like [a, b], found 'AI'",
        f"{PATH}:6: draft: expected true or false, found 'yes'",
        f"{PATH}:7: lang: expected a language code like 'en' or 'pt-BR', found 'english'",
        f"{PATH}:9: sources url: expected an http:// or https:// address, found 'ftp://e.org/'",
        f"{PATH}:9: sources entry: needs a title or a publisher",
        f"{PATH}:10: duplicate key 'date' (first given on line 3)",
        f"{PATH}:1: missing required key 'title'",
    ]


# --- the file as a whole --------------------------------------------------------------------


def test_empty_file() -> None:
    message = "empty file: a brief starts with front matter between '---' lines"
    assert failures(b"") == [f"{PATH}:1: {message}"]
    assert failures(b"  \n\n\t\n") == [f"{PATH}:1: {message}"]


def test_no_opening_fence() -> None:
    assert failures(b"title: A\ndate: 2023-07-26\n---\nBody\n") == [
        f"{PATH}:1: missing front matter: the first line must be '---'"
    ]


def test_blank_line_before_opening_fence() -> None:
    assert failures(b"\n---\ntitle: A\ndate: 2023-07-26\n---\n") == [
        f"{PATH}:1: missing front matter: the first line must be '---'"
    ]


def test_never_closed_front_matter() -> None:
    assert failures(b"---\ntitle: A\ndate: 2023-07-26\nBody\n") == [
        f"{PATH}:1: front matter opened here is never closed with a '---' line"
    ]


def test_dots_close_front_matter() -> None:
    assert parsed(b"---\ntitle: A\ndate: 2023-07-26\n...\nBody.\n").title == "A"


def test_front_matter_that_is_a_list() -> None:
    assert failures(b"---\n- title: A\n- date: 2023-07-26\n---\n") == [
        f"{PATH}:2: front matter must be a mapping of keys to values, found a list"
    ]


def test_front_matter_that_is_a_scalar() -> None:
    assert failures(b"---\n\njust some text\n---\n") == [
        f"{PATH}:3: front matter must be a mapping of keys to values, found a single value"
    ]


def test_utf8_bom_is_accepted() -> None:
    article = parsed(b"\xef\xbb\xbf" + doc("title: Caffè\ndate: 2023-07-26\n"))
    assert article.title == "Caffè"


def test_bom_does_not_shift_line_numbers() -> None:
    assert failures(b"\xef\xbb\xbf" + doc(BASE + "titel: x\n")) == [
        f"{PATH}:4: unknown key 'titel' (did you mean 'title'?)"
    ]


def test_crlf_line_endings() -> None:
    data = b"---\r\ntitle: A\r\ndate: 2023-07-26\r\ndraft: maybe\r\n---\r\nBody.\r\n"
    assert failures(data) == [f"{PATH}:4: draft: expected true or false, found 'maybe'"]
    assert parsed(data.replace(b"maybe", b"true")).draft is True


def test_non_utf8_bytes() -> None:
    assert failures(b"---\ntitle: Caff\xe8\ndate: 2023-07-26\n---\n") == [
        f"{PATH}:2: not valid UTF-8 (byte 0xe8); save as UTF-8"
    ]


def test_non_utf8_bytes_in_body_give_body_line() -> None:
    assert failures(doc(BASE).replace(b"Body text.", b"Body\n\xff text.")) == [
        f"{PATH}:6: not valid UTF-8 (byte 0xff); save as UTF-8"
    ]


def test_line_breaks_inside_text_values_are_folded() -> None:
    assert ok('title: "a\\rb\\u2028c\\x85d  e"\ndate: 2023-07-26\n').title == "a b c d e"


def test_messages_stay_on_one_line() -> None:
    assert bad(BASE + 'draft: "yes\\r"\n"ti\\ttle\\n": x\n') == [
        f"{PATH}:4: draft: expected true or false, found 'yes\\r'",
        f"{PATH}:5: unknown key 'ti\\ttle\\n' (did you mean 'title'?)",
    ]


def test_body_is_markdown_rendered_and_sanitised() -> None:
    body = "Hello <script>alert(1)</script> *world*.\n"
    article = ok(BASE, body=body)
    assert "<script>" not in article.body_html
    assert "<em>world</em>" in article.body_html


# --- YAML errors at their real file line ----------------------------------------------------


def test_yaml_error_at_its_file_line() -> None:
    assert bad("title: A\ndate: 2023-07-26\n  slug: x\n") == [
        f"{PATH}:4: invalid YAML: mapping values are not allowed in this context"
    ]


def test_yaml_error_in_the_first_front_matter_line() -> None:
    assert bad("title: A: B\ndate: 2023-07-26\n") == [
        f"{PATH}:2: invalid YAML: mapping values are not allowed in this context"
    ]


def test_unclosed_flow_list_points_at_where_it_opened() -> None:
    assert bad("title: A\ndate: 2023-07-26\ntags: [AI, labor\n") == [
        f"{PATH}:4: invalid YAML: did not find expected ',' or ']'"
    ]


def test_unclosed_quote_points_at_where_it_opened() -> None:
    assert bad("title: 'A\ndate: 2023-07-26\n") == [
        f"{PATH}:2: invalid YAML: found unexpected end of stream"
    ]


def test_tab_indentation() -> None:
    assert bad("title: A\ndate: 2023-07-26\ntags:\n\t- AI\n") == [
        f"{PATH}:5: invalid YAML: found character that cannot start any token"
    ]


def test_undefined_alias() -> None:
    assert bad(BASE + "summary: *nothing\n") == [f"{PATH}:4: invalid YAML: found undefined alias"]


def test_aliases_are_read_as_their_anchor() -> None:
    article = ok(BASE + "summary: &s Same text.\nauthors: [*s]\n")
    assert article.authors == ("Same text.",)


def test_control_character_in_front_matter_is_located() -> None:
    assert failures(doc(BASE + "summary: a\x00b\n")) == [
        f"{PATH}:4: invalid YAML: control characters are not allowed (found #x0000)"
    ]


@pytest.mark.slow
def test_deeply_nested_front_matter_is_an_error_not_a_crash() -> None:
    # the C loader would overflow the C stack (a segfault) on nesting this deep
    depth = 60_000
    assert failures(doc(BASE + "tags: " + "[" * depth + "]" * depth + "\n")) == [
        f"{PATH}:2: invalid YAML: lists or mappings nested too deeply"
    ]


def test_front_matter_with_many_dashes_still_parses() -> None:
    # more than a thousand '-' sends the text to the pure-Python loader: same result
    authors = ", ".join(f"a-{i}" for i in range(1200))
    article = ok(BASE + f"authors: [{authors}]\n")
    assert len(article.authors) == 1200
    assert article.line("authors[1199]") == 4


# --- pages ----------------------------------------------------------------------------------


def page(front: str, body: str = "About us.\n") -> tuple[Page | None, list[str]]:
    result, errors = parse_page(PAGE, doc(front, body), CONFIG)
    return result, [str(e) for e in errors]


def test_page_parses() -> None:
    result, errors = page(
        "title: About\nmenu: 2\nsummary: Who we are.\nupdated: 2024-01-01\nlang: it\n"
    )
    assert errors == []
    assert result == Page(
        path=PAGE,
        slug="about",
        title="About",
        summary="Who we are.",
        updated=datetime(2024, 1, 1, tzinfo=ROME),
        lang="it",
        draft=False,
        menu=2,
        body_html="<p>About us.</p>",
        toc=(),
        lines=(
            ("lang", 6),
            ("menu", 3),
            ("summary", 4),
            ("title", 2),
            ("updated", 5),
        ),
        links=(),
    )


def test_page_defaults() -> None:
    result, errors = page("title: About\n", body="First para.\n\nSecond.\n")
    assert errors == []
    assert result is not None
    assert (result.slug, result.summary, result.updated, result.menu, result.draft) == (
        "about",
        "First para.",
        None,
        None,
        False,
    )
    assert result.lang == "en"


def test_page_title_required() -> None:
    assert page("menu: 1\n") == (None, [f"{PAGE}:1: missing required key 'title'"])


@pytest.mark.parametrize("menu", ["0", "1", "10"])
def test_page_menu_whole_number(menu: str) -> None:
    result, errors = page(f"title: About\nmenu: {menu}\n")
    assert errors == []
    assert result is not None and result.menu == int(menu)


@pytest.mark.parametrize(
    ("menu", "found"), [("-1", "'-1'"), ("1.5", "'1.5'"), ("first", "'first'"), ("[1]", "a list")]
)
def test_page_menu_must_be_a_whole_number(menu: str, found: str) -> None:
    assert page(f"title: About\nmenu: {menu}\n") == (
        None,
        [f"{PAGE}:3: menu: expected a whole number of at least 0, found {found}"],
    )


def test_page_rejects_brief_only_keys() -> None:
    assert page("title: About\ntags: [a]\n") == (
        None,
        [
            f"{PAGE}:3: unknown key 'tags'; known keys: title, slug, summary, updated, lang, "
            "draft, menu, translation_of, aliases"
        ],
    )


def test_page_draft_and_slug() -> None:
    result, errors = page("title: About\nslug: about-us\ndraft: true\n")
    assert errors == []
    assert result is not None and (result.slug, result.draft) == ("about-us", True)
    assert page("title: About\nslug: About Us\n") == (
        None,
        [f"{PAGE}:3: slug: use only a-z, 0-9 and '-', found 'About Us'"],
    )


def test_page_file_errors_like_briefs() -> None:
    result, errors = parse_page(PAGE, b"", CONFIG)
    assert result is None
    assert [str(e) for e in errors] == [
        f"{PAGE}:1: empty file: a brief starts with front matter between '---' lines"
    ]


# --- an update at the brief's own instant ---------------------------------------------------
# An update must come strictly after the brief's date: one at the same instant would leave
# `updated` equal to `date`, so the page would not say "Updated" and no feed would show it.

AT_TEN = "title: A\ndate: 2023-07-26T10:00:00+02:00\nupdates:\n"  # the entry is on file line 5


def test_update_one_second_before_the_brief_is_refused() -> None:
    front = AT_TEN + "  - {date: 2023-07-26T09:59:59+02:00, kind: correction, note: N.}\n"
    assert bad(front) == [f"{PATH}:5: updates entry: dated before the brief's date"]


@pytest.mark.parametrize(
    "when",
    [
        "2023-07-26T10:00:00+02:00",
        "2023-07-26T08:00:00Z",  # the same instant, written in another offset
        "2023-07-26T10:00:00",  # no offset: the site's time zone, +02:00 in July
    ],
)
def test_update_at_the_briefs_own_instant_is_refused(when: str) -> None:
    front = AT_TEN + f"  - {{date: {when}, kind: correction, note: N.}}\n"
    assert bad(front) == [
        f"{PATH}:5: updates entry: dated at the brief's own date; give it a later time"
    ]


def test_update_on_the_same_day_as_a_date_only_brief_needs_a_time() -> None:
    front = BASE + "updates:\n  - {date: 2023-07-26, kind: update, note: N.}\n"
    assert bad(front) == [
        f"{PATH}:5: updates entry: dated at the brief's own date; give it a later time"
    ]
    later = ok(BASE + "updates:\n  - {date: 2023-07-26T15:00:00, kind: update, note: N.}\n")
    assert later.updated == datetime(2023, 7, 26, 15, 0, tzinfo=ROME)


def test_update_one_second_after_the_brief_marks_it_updated() -> None:
    article = ok(AT_TEN + "  - {date: 2023-07-26T10:00:01+02:00, kind: correction, note: N.}\n")
    plus2 = timezone(timedelta(hours=2))
    second_after = datetime(2023, 7, 26, 10, 0, 1, tzinfo=plus2)
    assert article.updates == (Update(second_after, "correction", "N.", "N."),)
    assert article.updated == second_after
    assert article.updated > article.date and article.is_updated


def test_explicit_updated_earlier_than_an_update_is_refused() -> None:
    front = (
        "title: A\ndate: 2023-07-26T10:00:00+02:00\nupdated: 2023-07-26T10:00:00+02:00\n"
        "updates:\n"
        "  - {date: 2023-07-26T11:00:00+02:00, kind: correction, note: Older.}\n"
        "  - {date: 2023-07-27, kind: update, note: Newest.}\n"
    )
    assert bad(front) == [f"{PATH}:4: updated: is earlier than the newest updates entry (line 7)"]
    same = ok(front.replace("updated: 2023-07-26T10:00:00+02:00", "updated: 2023-07-27"))
    assert same.updated == same.updates[0].date and same.is_updated


# --- limits: slugs and tags that fit in file names --------------------------------------------


def test_slug_at_the_limit_is_accepted() -> None:
    slug = "a" * 100
    assert ok(BASE + f"slug: {slug}\n").slug == slug


def test_slug_over_the_limit_is_located() -> None:
    assert bad(BASE + f"slug: {'a-' * 50}b\n") == [
        f"{PATH}:4: slug: expected at most 100 characters, found 101"
    ]


def test_slug_from_a_file_name_at_the_limit_is_accepted() -> None:
    path = f"content/briefs/2024-01-01-{'b' * 100}.md"
    assert ok(BASE, path=path).slug == "b" * 100


def test_slug_from_a_long_file_name_says_to_set_slug() -> None:
    path = f"content/briefs/2024-01-01-{'b' * 240}.md"
    assert bad(BASE, path=path) == [
        f"{path}:1: file name gives a slug of 240 characters, more than 100; set a shorter 'slug'"
    ]
    assert ok(BASE + "slug: short\n", path=path).slug == "short"


def test_tag_at_the_limit_is_accepted() -> None:
    tag = "x" * 79 + "é"  # characters, not bytes: this is 81 bytes of UTF-8
    assert ok(BASE + f"tags: [Fine, {tag}]\n").tags == ("Fine", tag)


def test_tag_over_the_limit_is_located_at_its_line() -> None:
    assert bad(BASE + f"tags:\n  - Fine\n  - {'x' * 300}\n  - Also fine\n  - {'y' * 81}\n") == [
        f"{PATH}:6: tags entry: expected at most 80 characters, found 300",
        f"{PATH}:8: tags entry: expected at most 80 characters, found 81",
    ]


def test_tag_length_counts_after_folding_spaces() -> None:
    tag = "word   " * 16  # 112 characters as written, 79 once the spaces are folded
    assert ok(BASE + f"tags: ['{tag}']\n").tags == (" ".join(tag.split()),)


def test_twenty_five_tags_are_accepted() -> None:
    tags = [f"topic {i}" for i in range(25)]
    assert ok(BASE + f"tags: [{', '.join(tags)}]\n").tags == tuple(tags)


def test_more_than_twenty_five_tags_is_an_error() -> None:
    tags = ", ".join(f"topic {i}" for i in range(26))
    assert bad(BASE + f"tags: [{tags}]\n") == [
        f"{PATH}:4: tags: expected at most 25 tags, found 26"
    ]


def test_too_many_and_too_long_tags_are_all_reported() -> None:
    tags = ", ".join(["z" * 81] + [f"t{i}" for i in range(29)])
    assert bad(BASE + f"tags: [{tags}]\n") == [
        f"{PATH}:4: tags entry: expected at most 80 characters, found 81",
        f"{PATH}:4: tags: expected at most 25 tags, found 30",
    ]


def test_page_slug_limits() -> None:
    result, errors = page(f"title: About\nslug: {'p' * 100}\n")
    assert errors == [] and result is not None and result.slug == "p" * 100
    assert page(f"title: About\nslug: {'p' * 101}\n") == (
        None,
        [f"{PAGE}:3: slug: expected at most 100 characters, found 101"],
    )
    path = f"content/pages/{'q' * 150}.md"
    result, problems = parse_page(path, doc("title: About\n"), CONFIG)
    assert result is None
    assert [str(e) for e in problems] == [
        f"{path}:1: file name gives a slug of 150 characters, more than 100; set a shorter 'slug'"
    ]


# --- control characters: refused where they were written -------------------------------------

CONTROLS = [
    ("\x0b", "control character U+000B (vertical tab)"),
    ("\x0c", "control character U+000C (form feed)"),
    ("\ufffe", "noncharacter U+FFFE"),
    ("\uffff", "noncharacter U+FFFF"),
    ("\x01", "control character U+0001"),
    ("\x1b", "control character U+001B (escape)"),
    ("\x7f", "control character U+007F (delete)"),
    ("\x9b", "control character U+009B"),
]


@pytest.mark.parametrize(("char", "name"), CONTROLS)
def test_a_control_character_in_a_body_is_refused_at_its_line(char: str, name: str) -> None:
    body = f"First line.\n\nSecond {char} paragraph, `code{char}`.\n\nLast{char}.\n"
    assert bad(BASE, body) == [
        f"{PATH}:7: body: {name} is not allowed",
        f"{PATH}:9: body: {name} is not allowed",
    ]


@pytest.mark.parametrize(("char", "name"), CONTROLS)
def test_a_control_character_in_a_page_body_is_refused(char: str, name: str) -> None:
    article, errors = parse_page(PAGE, doc("title: About\n", f"About{char} us.\n"), CONFIG)
    assert article is None
    assert [str(e) for e in errors] == [f"{PAGE}:4: body: {name} is not allowed"]


@pytest.mark.parametrize(
    ("reference", "name"),
    [("&#11;", "control character U+000B (vertical tab)"),
     ("&#x0C", "control character U+000C (form feed)"),
     ("&#xFFFE;", "noncharacter U+FFFE"), ("&#1;", "control character U+0001")],
)  # fmt: skip
def test_a_reference_to_a_control_character_is_refused(reference: str, name: str) -> None:
    body = f"Fine.\n\nA {reference} here.\n"
    assert bad(BASE, body) == [f"{PATH}:7: body: a character reference to {name} is not allowed"]


def test_only_the_references_to_control_characters_are_refused() -> None:
    """A reference to a letter, or to a code past Unicode's last, beside a refused one is
    no error of its own (and no traceback)."""
    body = "Fine &#65;.\n\nA &#11; here, &#x110000; and &#x41; there.\n"
    assert bad(BASE, body) == [
        f"{PATH}:7: body: a character reference to control character U+000B (vertical tab)"
        " is not allowed"
    ]


def test_a_reference_inside_code_stays_text() -> None:
    assert "&amp;#11;" in ok(BASE, "Write `&#11;` for a vertical tab.\n").body_html


@pytest.mark.parametrize(
    ("escape", "name"),
    [("\\b", "control character U+0008 (backspace)"), ("\\x01", "control character U+0001"),
     ("\\e", "control character U+001B (escape)"), ("\\x9b", "control character U+009B"),
     ("\\uFFFE", "noncharacter U+FFFE"), ("\\0", "control character U+0000 (null)")],
)  # fmt: skip
def test_a_control_character_in_a_text_field_is_refused(escape: str, name: str) -> None:
    front = (
        f'title: "A{escape}"\ndate: 2023-07-26\nsummary: "S{escape}"\n'
        f'sources:\n  - title: "T{escape}"\n    publisher: P\n'
    )
    assert bad(front) == [
        f"{PATH}:2: title: {name} is not allowed",
        f"{PATH}:4: summary: {name} is not allowed",
        f"{PATH}:6: sources title: {name} is not allowed",
    ]


def test_a_raw_control_character_in_front_matter_is_a_yaml_error() -> None:
    assert bad('title: "A\x0bB"\ndate: 2023-07-26\n') == [
        f"{PATH}:2: invalid YAML: control characters are not allowed (found #x000b)"
    ]


WORDS = "word " * 59 + "words"  # 300 characters: 59 words of four letters and a space, then one


@pytest.mark.parametrize(
    ("first", "summary"),
    [  # the contract: the first paragraph, cut at a word near 300 characters
        (WORDS, WORDS),  # 300 characters: whole
        (WORDS + "s", WORDS.removesuffix(" words") + "…"),  # one more: cut at the last word
        (WORDS[:-6] + ", tail end", WORDS[:-6] + "…"),  # no stray comma before the dots
        (WORDS[:-12] + " SpaceX tail end", WORDS[:-12] + " SpaceX…"),  # its last word whole
    ],
    ids=["300", "301", "comma", "letters"],
)
def test_summary_default_is_cut_at_a_word_near_300_characters(first: str, summary: str) -> None:
    assert len(WORDS) == 300
    assert ok(BASE, body=first + "\n\nNext.\n").summary == summary
