"""Charts: a fenced chart block of YAML drawn as inline SVG, with its text alternative,
its data as a table and its source cited; every malformed spec a located error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, tree, write_site

from generator import charts
from generator.commands.cli import main
from generator.config import parse_config
from generator.parse import parse_brief

NOW = "2024-06-01T00:00:00+00:00"
SOURCES = """\
sources:
  - title: "Where the pay figures come from"
    key: pay
    url: https://example.com/pay
  - publisher: "A second paper"
    key: other
"""
SPEC = """\
type: bar
title: "Yearly pay"
unit: USD
source: pay
data:
  - {label: "AI product manager, top of the band", value: 900000}
  - {label: "An actor, a day", value: 200}
"""


def brief(body: str) -> str:
    return f'---\ntitle: "Chart"\ndate: 2024-01-10T10:00:00+01:00\n{SOURCES}---\n{body}\n'


def parsed(body: str):  # type: ignore[no-untyped-def]
    config = parse_config("site.yaml", b'title: "T"\nbase_url: "https://example.org/"\n')
    return parse_brief("content/briefs/chart.md", brief(body).encode(), config)


def test_a_chart_is_drawn_with_its_alternative_data_and_source() -> None:
    item, errors = parsed(f"Before.\n\n```chart\n{SPEC}```\n\nAfter [a link](/briefs/x/).")
    assert errors == []
    assert item is not None
    html = item.body_html
    figure = html[html.index('<figure class="chart chart-bar">') : html.index("</figure>")]
    assert "<script" not in figure and "style=" not in figure
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure and 'role="img"' in figure
    assert 'aria-labelledby="chart-1-title chart-1-desc"' in figure
    assert '<title id="chart-1-title">Yearly pay</title>' in figure
    assert (
        '<desc id="chart-1-desc">Bar chart. AI product manager, top of the band: $900,000; '
        "An actor, a day: $200. Source: Where the pay figures come from.</desc>"
    ) in figure
    assert 'Source: <a href="#source-1">Where the pay figures come from</a>' in figure
    assert "<details><summary>The data (USD)</summary><table>" in figure
    assert '<th scope="row">An actor, a day</th><td class="num">$200</td>' in figure
    assert 'fill="currentColor"' in figure  # text follows the page's colour, light or dark
    # the longest bar spans the width, the other is to scale
    widths = [
        float(w)
        for w in re.findall(r'<rect class="mark" x="0" y="[\d.]+" width="([\d.]+)"', figure)
    ]
    assert widths[0] == charts.WIDTH - 2 and widths[1] == pytest.approx(
        widths[0] * 200 / 900000, abs=0.1
    )
    # the source's link is a link of the body (feeds make it absolute like a citation's)
    assert [html[s.start : s.end] for s in item.links] == ["#source-1", "/briefs/x/"]
    # the link after the chart is still found, on its own line
    link = item.links[-1]
    assert html[link.start : link.end] == "/briefs/x/"
    assert link.line == 23  # as in the file: the chart kept every line's number


@pytest.mark.parametrize("kind", ["column", "line"])
def test_columns_and_lines_are_drawn_too(kind: str) -> None:
    item, errors = parsed(f"```chart\n{SPEC.replace('type: bar', 'type: ' + kind)}```")
    assert errors == [] and item is not None
    assert f'<figure class="chart chart-{kind}">' in item.body_html
    assert ("<polyline" in item.body_html) == (kind == "line")


def test_a_chart_shown_as_code_stays_code() -> None:
    item, errors = parsed(f"````markdown\n```chart\n{SPEC}```\n````")
    assert errors == [] and item is not None
    assert "<svg" not in item.body_html and "type: bar" in item.body_html


BAD = [
    ("unknown source", SPEC.replace("source: pay", "source: nobody"),
     "content/briefs/chart.md:17: chart source: no source has the key 'nobody' (keys: other, pay)"),
    ("bad type", SPEC.replace("type: bar", "type: pie"),
     "content/briefs/chart.md:14: chart type: expected bar, column or line, found 'pie'"),
    ("bad value", SPEC.replace("value: 200", "value: lots"),
     "content/briefs/chart.md:20: chart data value: expected a number like 900000 or 12.5, "
     "found 'lots'"),
    ("missing data", SPEC[: SPEC.index("data:")],
     "content/briefs/chart.md:13: chart: missing data"),
    ("unknown key", SPEC + "colour: red\n",
     "content/briefs/chart.md:21: chart: unknown key 'colour'; known keys: type, title, unit, "
     "source, data"),
    ("malformed YAML", SPEC.replace("title: \"Yearly pay\"", "title: [unclosed"),
     "content/briefs/chart.md:16: invalid YAML:"),
    ("not a mapping", "- just\n- a list\n",
     "content/briefs/chart.md:14: a chart must be a mapping of keys to values, found a list"),
    ("empty", "",
     "content/briefs/chart.md:13: chart: the block is empty; give type, title, source and data"),
    ("negative bar", SPEC.replace("value: 200", "value: -5"),
     "content/briefs/chart.md:13: chart data: a bar or column chart takes no negative values"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "spec", "expected"), BAD, ids=[b[0] for b in BAD])
def test_a_malformed_spec_is_a_located_error(name: str, spec: str, expected: str) -> None:
    item, errors = parsed(f"Text.\n\n```chart\n{spec}```")
    assert item is None
    assert str(errors[0]).startswith(expected), errors


def test_a_bad_chart_leaves_the_old_site_untouched(tmp_path: Path, capsys) -> None:
    content, config = write_site(tmp_path, {"chart.md": brief(f"```chart\n{SPEC}```")})
    args = ["build", "--content", str(content), "--config", str(config), "--now", NOW, "--quiet"]
    assert main([*args, "--output", str(tmp_path / "out")]) == 0
    before = tree(tmp_path / "out")
    (content / "briefs" / "chart.md").write_text(
        brief(f"```chart\n{SPEC.replace('pay', 'pie')}```")
    )
    assert main([*args, "--output", str(tmp_path / "out")]) == 1
    assert (
        "content/briefs/chart.md:15: chart source: no source has the key" in capsys.readouterr().err
    )
    assert tree(tmp_path / "out") == before


def test_the_first_brief_has_a_chart_of_its_own_figures() -> None:
    text = (ROOT / "content" / "briefs" / "2023-07-26-netflix-ai-product-manager.md").read_text()
    assert "```chart" in text
    for figure in ("900000", "300000", "200"):
        assert f"value: {figure}}}" in text
