"""Tables in a body's HTML: numeric columns and captions.

Pure: HTML in, HTML out, run on Python-Markdown's output before it is sanitised (like
markup.py, it reads the converter's regular output with regular expressions; anything it does
not recognise is left as it is). Two things change:

- a column whose body cells are all numbers, money, percentages or dashes gets
  ``class="num"`` on each of its ``th`` and ``td`` (the stylesheet right-aligns them with
  tabular figures);
- a paragraph ``Table: caption text`` right after a table (Pandoc's syntax) becomes the
  table's ``<caption>``.

Each table is wrapped in ``<div class="table-scroll">`` so a wide one scrolls on its own
instead of widening the page.
"""

from __future__ import annotations

import html
import re

# A table, and the caption paragraph that may follow it (only blank space between).
_TABLE_RE = re.compile(
    r"<table(?P<attrs>[^>]*)>(?P<inner>.*?)</table>(?:\s*<p>Table:\s*(?P<caption>\S.*?)</p>)?",
    re.S | re.I,
)
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S | re.I)
_CELL_RE = re.compile(r"<(?P<tag>t[hd])\b(?P<attrs>[^>]*)>(?P<text>.*?)</(?P=tag)>", re.S | re.I)
_BODY_RE = re.compile(r"<tbody\b[^>]*>(.*?)</tbody>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]+>")
_CLASS_RE = re.compile(r"""\bclass\s*=\s*(["'])(.*?)\1""", re.S | re.I)

# One cell's text that reads as a number: an optional sign, currency (symbol or ISO code),
# digits with thousands separators and decimals, an optional unit or percent sign; or a
# range of two such; or a dash / "n/a" for "no figure".
_AMOUNT = (
    r"[+\-\u2212\u00b1]?\s?(?:[$\u20ac\u00a3\u00a5\u20b9]|[A-Z]{3}\s?|US\$)?\s?"
    r"\d(?:[\d,.\u00a0\u202f\u2009 ]*\d)?"
    r"(?:\s?(?:%|pp|k|m|bn|tn|million|billion|trillion))?"
)
NUMERIC_RE = re.compile(
    rf"(?:{_AMOUNT}(?:\s?[\u2013\-]\s?{_AMOUNT})?|[\-\u2013\u2014\u2212]|n/a)", re.I
)
_NUMBER_RE = re.compile(r"\d")


def is_numeric(text: str) -> bool:
    """Whether a cell's plain text is a number, an amount, a percentage or a dash."""
    return bool(NUMERIC_RE.fullmatch(" ".join(text.split())))


def mark_tables(body_html: str) -> str:
    """``body_html`` with numeric columns classed, captions moved in, tables wrapped."""
    if "<table" not in body_html:
        return body_html
    return _TABLE_RE.sub(_table, body_html)


def _table(match: re.Match[str]) -> str:
    inner = match.group("inner")
    numeric = numeric_columns(inner)
    if numeric:
        inner = _ROW_RE.sub(lambda row: _mark_row(row, numeric), inner)
    caption = match.group("caption")
    if caption is not None:
        inner = f"\n<caption>{caption.strip()}</caption>{inner}"
    return f'<div class="table-scroll"><table{match.group("attrs")}>{inner}</table></div>'


def numeric_columns(table_inner: str) -> frozenset[int]:
    """Indexes of the columns whose body cells are all numeric (and not all dashes).
    Tables with merged cells are left alone: their columns cannot be told apart here."""
    if re.search(r"\b(?:col|row)span\b", table_inner, re.I):
        return frozenset()
    body = _BODY_RE.search(table_inner)
    rows = [_cells(row) for row in _ROW_RE.findall(body.group(1) if body else table_inner)]
    rows = [row for row in rows if row]
    if not rows:
        return frozenset()
    width = max(len(row) for row in rows)
    found = set()
    for column in range(width):
        texts = [row[column] if column < len(row) else "" for row in rows]
        if all(is_numeric(t) or not t for t in texts) and any(_NUMBER_RE.search(t) for t in texts):
            found.add(column)
    return frozenset(found)


def _cells(row_html: str) -> list[str]:
    return [
        " ".join(html.unescape(_TAG_RE.sub("", cell.group("text"))).split())
        for cell in _CELL_RE.finditer(row_html)
    ]


def _mark_row(row: re.Match[str], numeric: frozenset[int]) -> str:
    index = iter(range(1 << 30))

    def mark(cell: re.Match[str]) -> str:
        if next(index) not in numeric:
            return cell.group(0)
        attrs = cell.group("attrs")
        if _CLASS_RE.search(attrs):
            attrs = _CLASS_RE.sub(lambda c: f'class="{c.group(2)} num"', attrs, count=1)
        else:
            attrs = f' class="num"{attrs}'
        tag = cell.group("tag")
        return f"<{tag}{attrs}>{cell.group('text')}</{tag}>"

    return _CELL_RE.sub(mark, row.group(0))
