"""site.yaml -> SiteConfig: every problem reported, located, asserted whole."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from generator.config import DEFAULT_AI_CRAWLERS, KNOWN, SiteConfig, parse_config
from generator.errors import BuildFailed

PATH = "site.yaml"
MINIMAL = "title: The Briefing\nbase_url: https://example.org\n"  # lines 1 and 2


def config(text: str | bytes, base_url: str | None = None) -> SiteConfig:
    data = text.encode() if isinstance(text, str) else text
    return parse_config(PATH, data, base_url=base_url)


def problems(text: str | bytes, base_url: str | None = None) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        config(text, base_url)
    assert caught.value.errors, "BuildFailed without errors"
    return [str(e) for e in caught.value.errors]


def test_minimal_config_takes_defaults() -> None:
    site = config(MINIMAL)
    assert site == SiteConfig(title="The Briefing", base_url="https://example.org/")
    assert site.zone == ZoneInfo("UTC")
    assert site.timezone == "UTC"
    assert site.per_page == 10
    assert site.feed_limit == 20
    assert site.language == "en"
    assert site.authors == ("Briefing Desk",)
    assert site.ai_training is False
    assert site.ai_crawlers == DEFAULT_AI_CRAWLERS
    assert site.base_path == "/"


def test_every_key() -> None:
    site = config(
        "title: The Briefing\n"
        "base_url: https://example.org/briefing\n"
        "description: AI and labor, sourced.\n"
        "language: pt-BR\n"
        "timezone: Europe/Rome\n"
        "per_page: 5\n"
        "feed_limit: 50\n"
        "authors: [Desk A, Desk B]\n"
        "id_authority: example.org\n"
        "feed_id: 'tag:example.org,2024:feed'\n"
        "copyright: © 2024\n"
        "ai_training: true\n"
        "ai_crawlers: [GPTBot]\n"
        "templates: theme/templates\n"
    )
    assert site == SiteConfig(
        title="The Briefing",
        base_url="https://example.org/briefing/",
        description="AI and labor, sourced.",
        language="pt-BR",
        timezone="Europe/Rome",
        per_page=5,
        feed_limit=50,
        authors=("Desk A", "Desk B"),
        id_authority="example.org",
        feed_id="tag:example.org,2024:feed",
        copyright="© 2024",
        ai_training=True,
        ai_crawlers=("GPTBot",),
        templates="theme/templates",
    )
    assert site.zone == ZoneInfo("Europe/Rome")
    assert site.base_path == "/briefing/"


def test_empty_description_and_copyright_are_allowed() -> None:
    site = config(MINIMAL + "description:\ncopyright: ''\n")
    assert (site.description, site.copyright) == ("", "")


# --- required keys and base_url -------------------------------------------------------------


def test_missing_title() -> None:
    assert problems("base_url: https://example.org/\n") == [
        "site.yaml:1: missing required key 'title'"
    ]


def test_missing_base_url() -> None:
    assert problems("title: T\n") == ["site.yaml:1: missing required key 'base_url'"]


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_empty_config_misses_both(text: str) -> None:
    assert problems(text) == [
        "site.yaml:1: missing required key 'base_url'",
        "site.yaml:1: missing required key 'title'",
    ]


def test_empty_title() -> None:
    assert problems("title: ''\nbase_url: https://example.org/\n") == [
        "site.yaml:1: title: must not be empty"
    ]


@pytest.mark.parametrize(
    "url", ["example.org", "ftp://example.org/", "/briefing/", "https://", "https://a b.org/"]
)
def test_bad_base_url(url: str) -> None:
    assert problems(f"title: T\nbase_url: '{url}'\n") == [
        f"site.yaml:2: base_url: expected an http:// or https:// address, found '{url}'"
    ]


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://example.org", "https://example.org/"),
        ("https://example.org/", "https://example.org/"),
        ("https://example.org///", "https://example.org/"),
        ("http://example.org/briefing", "http://example.org/briefing/"),
        ("https://example.org/a/b/", "https://example.org/a/b/"),
    ],
)
def test_base_url_always_ends_with_a_slash(url: str, normalised: str) -> None:
    assert config(f"title: T\nbase_url: {url}\n").base_url == normalised


def test_base_url_override_replaces_the_file() -> None:
    site = config(MINIMAL, base_url="http://localhost:8000")
    assert site.base_url == "http://localhost:8000/"
    assert site.base_path == "/"


def test_base_url_override_supplies_a_missing_base_url() -> None:
    assert config("title: T\n", base_url="https://example.net/x").base_url == (
        "https://example.net/x/"
    )


def test_bad_base_url_override() -> None:
    assert problems(MINIMAL, base_url="localhost:8000") == [
        "site.yaml:1: base_url: expected an http:// or https:// address, found 'localhost:8000'"
    ]


# --- typed keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe/Rome", "America/New_York", "UTC", "Asia/Kolkata"])
def test_timezone(zone: str) -> None:
    site = config(MINIMAL + f"timezone: {zone}\n")
    assert site.timezone == zone
    assert site.zone == ZoneInfo(zone)


@pytest.mark.parametrize(
    "zone",
    ["Mars/Olympus", "europe/rome", "Europe", "CEST+2", "../etc/passwd", "/etc/localtime", "."],
)
def test_unknown_timezone(zone: str) -> None:
    assert problems(MINIMAL + f"timezone: '{zone}'\n") == [
        f"site.yaml:3: timezone: unknown time zone '{zone}', expected a name like 'Europe/Rome'"
    ]


@pytest.mark.parametrize("key", ["per_page", "feed_limit"])
@pytest.mark.parametrize(
    ("value", "found"),
    [("0", "'0'"), ("-3", "'-3'"), ("2.5", "'2.5'"), ("ten", "'ten'"), ("", "nothing"),
     ("[10]", "a list")],
)  # fmt: skip
def test_counts_must_be_positive_whole_numbers(key: str, value: str, found: str) -> None:
    assert problems(MINIMAL + f"{key}: {value}\n") == [
        f"site.yaml:3: {key}: expected a whole number of at least 1, found {found}"
    ]


def test_per_page_one_is_fine() -> None:
    assert config(MINIMAL + "per_page: 1\n").per_page == 1


@pytest.mark.parametrize("value", ["yes", "no", "True", "1"])
def test_ai_training_only_true_or_false(value: str) -> None:
    assert problems(MINIMAL + f"ai_training: {value}\n") == [
        f"site.yaml:3: ai_training: expected true or false, found '{value}'"
    ]


def test_bad_language() -> None:
    assert problems(MINIMAL + "language: English\n") == [
        "site.yaml:3: language: expected a language code like 'en' or 'pt-BR', found 'English'"
    ]


def test_authors_must_be_a_list() -> None:
    assert problems(MINIMAL + "authors: Desk\n") == [
        "site.yaml:3: authors: expected a list like [a, b], found 'Desk'"
    ]


def test_title_keeps_yaml_1_1_words() -> None:
    assert config("title: NO\nbase_url: https://e.org/\n").title == "NO"


# --- keys and syntax ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "closest"),
    [("titel", "title"), ("baseurl", "base_url"), ("time_zone", "timezone"),
     ("perpage", "per_page")],
)  # fmt: skip
def test_unknown_key_suggests_closest(key: str, closest: str) -> None:
    assert problems(MINIMAL + f"{key}: x\n") == [
        f"site.yaml:3: unknown key '{key}' (did you mean '{closest}'?)"
    ]


def test_unknown_key_without_close_match_lists_known_keys() -> None:
    assert problems(MINIMAL + "colour: blue\n") == [
        f"site.yaml:3: unknown key 'colour'; known keys: {', '.join(KNOWN)}"
    ]


def test_duplicate_key() -> None:
    assert problems(MINIMAL + "title: Again\n") == [
        "site.yaml:3: duplicate key 'title' (first given on line 1)"
    ]


def test_every_problem_is_reported_sorted_by_line() -> None:
    assert problems("base_url: example.org\nper_page: 0\ntimezone: Nowhere/Town\ntitel: T\n") == [
        "site.yaml:1: base_url: expected an http:// or https:// address, found 'example.org'",
        "site.yaml:1: missing required key 'title'",
        "site.yaml:2: per_page: expected a whole number of at least 1, found '0'",
        "site.yaml:3: timezone: unknown time zone 'Nowhere/Town', expected a name like "
        "'Europe/Rome'",
        "site.yaml:4: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_yaml_error_is_located() -> None:
    assert problems("title: T\nbase_url: https://example.org/\n  per_page: 5\n") == [
        "site.yaml:3: invalid YAML: mapping values are not allowed in this context"
    ]


def test_yaml_error_on_first_line() -> None:
    assert problems("title: [T\nbase_url: https://example.org/\n") == [
        "site.yaml:2: invalid YAML: did not find expected ',' or ']'"
    ]


def test_unclosed_quote_points_where_it_opened() -> None:
    assert problems(MINIMAL + "description: 'AI and\n\nlabor\n") == [
        "site.yaml:3: invalid YAML: found unexpected end of stream"
    ]


def test_config_that_is_a_list() -> None:
    assert problems("- title: T\n- base_url: https://example.org/\n") == [
        "site.yaml:1: site settings must be a mapping of keys to values, found a list"
    ]


def test_non_utf8_config() -> None:
    assert problems(b"title: Caff\xe8\nbase_url: https://example.org/\n") == [
        "site.yaml:1: not valid UTF-8 (byte 0xe8); save as UTF-8"
    ]


def test_bom_is_accepted() -> None:
    assert config(b"\xef\xbb\xbf" + MINIMAL.encode()).title == "The Briefing"


def test_crlf_is_accepted() -> None:
    assert config(MINIMAL.replace("\n", "\r\n")).base_url == "https://example.org/"


@pytest.mark.parametrize(
    "contact",
    ["mailto:corrections@briefing.example.org", "https://forms.example/report?site=b", ""],
)
def test_contact_is_a_mail_address_or_a_web_address(contact: str) -> None:
    assert config(MINIMAL + f"contact: '{contact}'\n").contact == contact


def test_contact_defaults_to_none() -> None:
    assert config(MINIMAL).contact == ""


@pytest.mark.parametrize(
    "contact",
    [
        "corrections@briefing.example.org",
        "mailto:nobody",
        "mailto:a@b.org?subject=x",
        "ftp://example.org/report",
        "https://",
        "javascript:alert(1)",
    ],
)
def test_a_bad_contact_is_located(contact: str) -> None:
    assert problems(MINIMAL + f"contact: '{contact}'\n") == [
        "site.yaml:3: contact: expected a mailto: address like 'mailto:desk@example.org' or an"
        f" http:// or https:// address, found '{contact}'"
    ]
