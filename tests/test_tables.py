"""Tables: numeric columns get class="num", `Table: caption` becomes <caption>."""

from __future__ import annotations

import pytest

from generator import markup
from generator.tables import is_numeric, mark_tables, numeric_columns

MONEY = """| Role | Pay | Change | Note |
| --- | --- | --- | --- |
| Actor, one day | $200 | - | union rate |
| Product manager | $300,000 – $900,000 | 12.5% | a year |
| Director | €650k | −3% | |

Table: Pay offered, in *US dollars*
"""


@pytest.mark.parametrize(
    "text",
    [
        "200",
        "$200",
        "$300,000",
        "€1.2bn",
        "12%",
        "-3",
        "\u22123.5%",
        "–",
        "—",
        "n/a",
        "1 200",
        "USD 40",
        "$300,000 – $900,000",
        "+4 pp",
        "£2 million",
    ],
)
def test_numeric_cells(text: str) -> None:
    assert is_numeric(text)


@pytest.mark.parametrize(
    "text", ["$200, one time", "up to $650,000 a year", "Netflix", "2023 strike", "a-b", "1.2.x"]
)
def test_words_are_not_numeric(text: str) -> None:
    assert not is_numeric(text)


def test_money_columns_are_marked_and_the_caption_moves_in() -> None:
    body = markup.render(MONEY).html
    assert body.startswith('<div class="table-scroll"><table>\n<caption>Pay offered, in <em>US')
    assert "<p>Table:" not in body
    # Pay and Change are numeric (a dash counts), Role and Note are not.
    assert body.count('class="num"') == 2 * 4
    assert '<th class="num">Pay</th>' in body and '<th class="num">Change</th>' in body
    assert '<td class="num">$300,000 – $900,000</td>' in body
    assert "<th>Role</th>" in body and "<th>Note</th>" in body
    assert "<td>union rate</td>" in body


def test_the_sanitiser_keeps_what_tables_add() -> None:
    cleaned = markup.sanitise('<table><caption>c</caption><tr><td class="num">1</td></tr></table>')
    assert "<caption>c</caption>" in cleaned and '<td class="num">1</td>' in cleaned


def test_a_column_of_dashes_only_is_not_numeric() -> None:
    inner = "<tbody><tr><td>a</td><td>-</td></tr><tr><td>b</td><td>–</td></tr></tbody>"
    assert numeric_columns(inner) == frozenset()


def test_merged_cells_leave_the_table_alone() -> None:
    table = (
        '<table><tbody><tr><td colspan="2">1</td></tr><tr><td>2</td><td>3</td></tr></tbody></table>'
    )
    assert 'class="num"' not in mark_tables(table)


def test_a_caption_paragraph_not_after_a_table_stays_a_paragraph() -> None:
    body = markup.render("Table: not a caption\n\nText.").html
    assert body.startswith("<p>Table: not a caption</p>")
    assert "<caption>" not in body


def test_an_existing_class_is_kept() -> None:
    table = '<table><tbody><tr><td class="x">1</td></tr></tbody></table>'
    assert '<td class="x num">1</td>' in mark_tables(table)


def test_no_table_is_unchanged() -> None:
    text = "<p>No tables here, $200 and 12%.</p>"
    assert mark_tables(text) is text


def test_links_in_a_caption_are_found() -> None:
    rendered = markup.render(
        "| a |\n| - |\n| 1 |\n\nTable: From [the survey](https://x.example/s)\n"
    )
    assert '<caption>From <a href="https://x.example/s">the survey</a></caption>' in rendered.html
    (link,) = rendered.links
    assert rendered.html[link.start : link.end] == "https://x.example/s"
    assert link.line == 5
