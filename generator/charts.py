"""Charts from data: a fenced ```` ```chart ```` block of YAML in a body, drawn at build time
as an SVG inside the page (no JavaScript, no files), with a text alternative, the data as
a table the reader can open, and the source named and linked like a citation.

The spec (every error located at its line inside the block)::

    type: bar            # bar (horizontal), column (vertical) or line
    title: "Yearly pay"  # required
    unit: USD            # optional: USD, EUR, GBP print as $, EUR, GBP; "%" as a suffix
    source: pedretti     # required: the key of one of the brief's sources
    data:                # required: two or more {label, value}; values >= 0 for bars
      - {label: "AI product manager, top of the band", value: 900000}
      - {label: "An actor, 250 days at $200", value: 50000}

The SVG's text and axes are ``currentColor`` and its marks take the page's accent
(``var(--accent)``), so it reads in light and dark mode and in print. Hand-written: a few
rectangles and text need no plotting library, and the bytes depend on nothing but the
spec (no fonts measured, no renderer version).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from types import MappingProxyType

import yaml

from .errors import ContentError
from .fields import Fields, kind, printable
from .frontmatter import compose_mapping
from .model import LinkSpan, Source

TYPES = ("bar", "column", "line")
KEYS = ("type", "title", "unit", "source", "data")
ENTRY_KEYS = ("label", "value")
MAX_POINTS = 40
_FENCE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)")
_PLACEHOLDER = "BriefingChart{}Here"
_PLACEHOLDER_RE = re.compile(r"<p>BriefingChart(\d+)Here</p>")
PREFIXES = MappingProxyType({"USD": "$", "EUR": "€", "GBP": "£"})

WIDTH = 360  # the SVG's own units: at 375 px a 15-unit text shows at about 14 px
FONT = 15


@dataclass(frozen=True)
class Chart:
    type: str
    title: str
    unit: str | None
    source: int  # the number (from 1) of the cited source
    source_name: str
    data: tuple[tuple[str, float], ...]
    line: int  # of the opening fence


def extract(text: str, first_line: int) -> tuple[str, list[tuple[int, str]]]:
    """The body with each chart block replaced by a placeholder paragraph (as many lines as
    the block, so every later line keeps its number), and each block's (fence line, YAML).
    Fences of other kinds are skipped whole: a chart shown as code stays code."""
    lines = text.split("\n")
    blocks: list[tuple[int, str]] = []
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = _FENCE_RE.match(lines[index])
        if not match:
            out.append(lines[index])
            index += 1
            continue
        fence = match.group(2)
        end = index + 1
        while end < len(lines) and not (
            lines[end].strip().startswith(fence[0] * len(fence))
            and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        block = lines[index : end + 1]
        if match.group(3).lower() != "chart":
            out += block
        else:
            spec = "\n".join(lines[index + 1 : end])
            blocks.append((first_line + index, spec))
            filler = [""] * len(block)
            if len(filler) >= 3:
                filler[1] = _PLACEHOLDER.format(len(blocks) - 1)
            else:  # an empty block: no room for a paragraph of its own, and an error anyway
                filler[0] = _PLACEHOLDER.format(len(blocks) - 1)
            out += filler
        index = end + 1
    return "\n".join(out), blocks


def _number(f: Fields, node: yaml.Node, field: str) -> float | None:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return value
    f.error(node, f"{field}: expected a number like 900000 or 12.5, found {_shown(node)}")
    return None


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"'{printable(node.value)}'" if node.value else "nothing"
    return kind(node)


def parse(path: str, fence_line: int, spec: str, sources: tuple[Source, ...]
          ) -> tuple[Chart | None, list[ContentError]]:  # fmt: skip
    """One chart block's YAML -> a Chart, or every problem at its line in the file."""
    mapping, errors = compose_mapping(path, spec, fence_line + 1, what="a chart")
    if mapping is None:
        return None, errors
    f = Fields(path, fence_line + 1)
    if not mapping.value:
        f.error(fence_line, "chart: the block is empty; give type, title, source and data")
        return None, f.errors
    values = {
        key: _value(f, key, node, sources) for key, _, node in f.items(mapping, KEYS, "chart: ")
    }
    missing = [k for k in ("type", "title", "source", "data") if k not in values]
    if missing:
        f.error(fence_line, f"chart: missing {', '.join(missing)}")
    if f.errors or None in values.values():
        return None, f.errors
    data = values["data"]
    assert isinstance(data, tuple)
    if values["type"] != "line" and any(value < 0 for _, value in data):
        f.error(fence_line, "chart data: a bar or column chart takes no negative values")
        return None, f.errors
    source = values["source"]
    assert isinstance(source, tuple)
    unit = values.get("unit")
    return Chart(
        str(values["type"]), str(values["title"]), str(unit) if unit else None,
        int(source[0]), str(source[1]), data, fence_line,
    ), []  # fmt: skip


def _value(f: Fields, key: str, node: yaml.Node, sources: tuple[Source, ...]) -> object:
    """One key's value as its rule reads it; None, with an error, when it is wrong."""
    if key == "type":
        return _type(f, node)
    if key == "source":
        return _source(f, node, sources)
    if key == "data":
        return _data(f, node)
    return f.text(node, f"chart {key}")


def _type(f: Fields, node: yaml.Node) -> str | None:
    text = f.text(node, "chart type")
    if text is not None and text not in TYPES:
        f.error(node, f"chart type: expected bar, column or line, found '{printable(text)}'")
        return None
    return text


def _source(f: Fields, node: yaml.Node, sources: tuple[Source, ...]) -> tuple[int, str] | None:
    """The cited source: its number in the brief's list and its name."""
    text = f.text(node, "chart source")
    numbers = {s.key: n for n, s in enumerate(sources, start=1) if s.key}
    if text is not None and text not in numbers:
        known = ", ".join(sorted(numbers)) or "none"
        f.error(node, f"chart source: no source has the key '{printable(text)}' (keys: {known})")
        return None
    return None if text is None else (numbers[text], _name(sources[numbers[text] - 1]))


def _name(source: Source) -> str:
    return source.publisher or source.title or ""


def _data(f: Fields, node: yaml.Node) -> tuple[tuple[str, float], ...] | None:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        f.error(
            node, f"chart data: expected a list of {{label, value}} entries, found {_shown(node)}"
        )
        return None
    if len(node.value) > MAX_POINTS:
        f.error(node, f"chart data: expected at most {MAX_POINTS} entries, found {len(node.value)}")
        return None
    out = []
    ok = True
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            f.error(item, f"chart data entry: expected label and value, found {_shown(item)}")
            ok = False
            continue
        entry: dict[str, object] = {}
        for key, _, value in f.items(item, ENTRY_KEYS, "chart data: "):
            entry[key] = f.text(value, "chart data label") if key == "label" else _number(
                f, value, "chart data value")  # fmt: skip
        missing = [k for k in ENTRY_KEYS if k not in entry]
        if missing:
            f.error(item, f"chart data entry: missing {', '.join(missing)}")
        if missing or None in entry.values():
            ok = False
            continue
        out.append((str(entry["label"]), float(entry["value"])))  # type: ignore[arg-type]
    return tuple(out) if ok else None


def value_text(value: float, unit: str | None) -> str:
    """900000 with unit USD -> "$900,000"; 12.5 with "%" -> "12.5%"."""
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")
    if unit is not None and unit in PREFIXES:
        return PREFIXES[unit] + number
    if unit == "%":
        return number + "%"
    return f"{number} {unit}" if unit else number


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _wrap(text: str, width: int) -> list[str]:
    """Words in lines of at most ``width`` characters (a long word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _bars(chart: Chart) -> tuple[int, list[str]]:
    top = max(value for _, value in chart.data) or 1
    parts: list[str] = []
    y = 4
    chars = int(WIDTH / (FONT * 0.55))  # an average letter is about half the font size
    for label, value in chart.data:
        for text in _wrap(label, chars):
            y += FONT + 3
            parts.append(f'<text x="0" y="{y}">{_esc(text)}</text>')
        y += 6
        length = round((WIDTH - 2) * value / top, 1)
        parts.append(f'<rect class="mark" x="0" y="{y}" width="{length}" height="22"/>')
        shown = _esc(value_text(value, chart.unit))
        if length > WIDTH * 0.6:
            parts.append(f'<text class="on-mark" x="{length - 6}" y="{y + 16}" '
                         f'text-anchor="end">{shown}</text>')  # fmt: skip
        else:
            parts.append(f'<text x="{length + 6}" y="{y + 16}">{shown}</text>')
        y += 22 + 10
    return y, parts


def _columns(chart: Chart) -> tuple[int, list[str]]:
    top = max(value for _, value in chart.data) or 1
    count = len(chart.data)
    slot = WIDTH / count
    plot = 200
    parts: list[str] = []
    chars = max(4, int(slot // 8))
    longest = max(len(_wrap(label, chars)) for label, _ in chart.data)
    for index, (label, value) in enumerate(chart.data):
        height = round(plot * value / top, 1)
        x = round(index * slot + slot * 0.15, 1)
        width = round(slot * 0.7, 1)
        centre = round(index * slot + slot / 2, 1)
        parts.append(f'<rect class="mark" x="{x}" y="{FONT + 8 + plot - height}" '
                     f'width="{width}" height="{height}"/>')  # fmt: skip
        parts.append(f'<text x="{centre}" y="{FONT + 4 + plot - height}" text-anchor="middle">'
                     f"{_esc(value_text(value, chart.unit))}</text>")  # fmt: skip
        for row, text in enumerate(_wrap(label, chars)):
            y = FONT + 8 + plot + (row + 1) * (FONT + 3)
            parts.append(f'<text x="{centre}" y="{y}" text-anchor="middle">{_esc(text)}</text>')
    parts.append(f'<line class="axis" x1="0" x2="{WIDTH}" y1="{FONT + 8 + plot}" '
                 f'y2="{FONT + 8 + plot}"/>')  # fmt: skip
    return FONT + 8 + plot + longest * (FONT + 3) + 8, parts


def _line(chart: Chart) -> tuple[int, list[str]]:
    values = [value for _, value in chart.data]
    low, high = min(0.0, min(values)), max(values)
    span = (high - low) or 1
    plot, left, right = 200, 10, WIDTH - 10
    step = (right - left) / max(1, len(values) - 1)
    points = [(round(left + i * step, 1), round(FONT + 8 + plot * (high - v) / span, 1))
              for i, v in enumerate(values)]  # fmt: skip
    parts = [f'<polyline class="line-mark" fill="none" points="'
             f'{" ".join(f"{x},{y}" for x, y in points)}"/>']  # fmt: skip
    for (x, y), value in zip(points, values, strict=True):
        parts.append(f'<circle class="mark" cx="{x}" cy="{y}" r="4"/>')
        anchor = "start" if x < WIDTH / 3 else "end" if x > WIDTH * 2 / 3 else "middle"
        parts.append(f'<text x="{x}" y="{y - 8}" text-anchor="{anchor}">'
                     f"{_esc(value_text(value, chart.unit))}</text>")  # fmt: skip
    base = FONT + 8 + plot + 4
    parts.append(f'<line class="axis" x1="0" x2="{WIDTH}" y1="{base}" y2="{base}"/>')
    first, last = chart.data[0][0], chart.data[-1][0]
    parts.append(f'<text x="0" y="{base + FONT + 4}">{_esc(first)}</text>')
    parts.append(f'<text x="{WIDTH}" y="{base + FONT + 4}" text-anchor="end">{_esc(last)}</text>')
    return base + FONT + 12, parts


def description(chart: Chart) -> str:
    """The chart as a sentence: its text alternative."""
    kinds = {"bar": "Bar chart", "column": "Column chart", "line": "Line chart"}
    points = "; ".join(f"{label}: {value_text(value, chart.unit)}" for label, value in chart.data)
    return f"{kinds[chart.type]}. {points}. Source: {chart.source_name}."


def figure(chart: Chart, number: int) -> str:
    """The chart's HTML: a figure with the SVG, its caption naming the source (linked to
    the sources list, like a citation) and the data as a table in a ``<details>``."""
    draw = {"bar": _bars, "column": _columns, "line": _line}[chart.type]
    height, parts = draw(chart)
    ident = f"chart-{number}"
    rows = "".join(
        f'<tr><th scope="row">{_esc(label)}</th>'
        f'<td class="num">{_esc(value_text(value, chart.unit))}</td></tr>'
        for label, value in chart.data
    )
    unit = f" ({_esc(chart.unit)})" if chart.unit else ""
    return (
        f'<figure class="chart chart-{chart.type}">'
        f'<figcaption id="{ident}-caption"><strong>{_esc(chart.title)}</strong>'
        f' <span class="chart-source">Source: <a href="#source-{chart.source}">'
        f"{_esc(chart.source_name)}</a></span></figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" fill="currentColor" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif">'
        f'<title id="{ident}-title">{_esc(chart.title)}</title>'
        f'<desc id="{ident}-desc">{_esc(description(chart))}</desc>' + "".join(parts) + "</svg>"
        f"<details><summary>The data{unit}</summary>"
        f'<table><thead><tr><th scope="col">Item</th><th scope="col" class="num">Value</th></tr>'
        f"</thead><tbody>{rows}</tbody></table></details></figure>"
    )


def insert(body: str, links: tuple[LinkSpan, ...], charts: list[Chart]
           ) -> tuple[str, tuple[LinkSpan, ...]]:  # fmt: skip
    """The rendered body with each placeholder replaced by its chart; link spans moved."""
    out: list[str] = []
    moves: list[tuple[int, int]] = []  # (position in the old body, shift from there on)
    added: list[LinkSpan] = []
    at, shift = 0, 0
    for match in _PLACEHOLDER_RE.finditer(body):
        index = int(match.group(1))
        if index >= len(charts):
            continue
        drawn = figure(charts[index], index + 1)
        out.append(body[at : match.start()])
        # the source's link is a link of the body: feeds make it absolute like a citation's
        href = drawn.index('href="') + 6
        start = sum(len(part) for part in out) + href
        added.append(LinkSpan(start, start + drawn.index('"', href) - href, charts[index].line))
        out.append(drawn)
        at = match.end()
        shift += len(drawn) - (match.end() - match.start())
        moves.append((match.end(), shift))
    out.append(body[at:])

    def moved(position: int) -> int:
        delta = 0
        for start, total in moves:
            if position >= start:
                delta = total
        return position + delta

    spans = [LinkSpan(moved(s.start), moved(s.end), s.line) for s in links]
    return "".join(out), tuple(sorted(spans + added))
