"""The site's mark, described once: colours and shapes on a 32-unit grid.

The SVG icon (here) and the PNG icons and share cards (``images.py``) are all drawn from
this one description, so they cannot drift apart. The mark is a rounded square in the
site's accent colour holding three bars, like a headline over two lines of text.
Pure: no Pillow here, no disk.
"""

from __future__ import annotations

from dataclasses import dataclass

# The site's colours, as templates/assets/style.css defines them (a test keeps them equal).
PAPER = "#fdfcf9"  # --bg, light
INK = "#1c1b19"  # --fg, light
MUTED = "#5a5650"  # --muted, light
RULE = "#d9d4ca"  # --rule, light
ACCENT = "#8a2f1c"  # --accent, light
PAPER_DARK = "#151412"  # --bg, dark

GRID = 32  # the mark is drawn on a GRID x GRID square


@dataclass(frozen=True)
class Box:
    """A rectangle on the grid: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float


TILE = Box(0, 0, GRID, GRID)
TILE_RADIUS = 7.0
BARS = (  # headline bar, then two lines of text, the last one short
    Box(7, 8, 25, 14),
    Box(7, 17.5, 25, 20),
    Box(7, 23, 19, 25.5),
)


def _number(value: float) -> str:
    return f"{value:g}"


def svg() -> str:
    """The mark as an SVG document (the page icon, right at any size)."""
    bars = "".join(
        f'<rect x="{_number(b.left)}" y="{_number(b.top)}" width="{_number(b.right - b.left)}" '
        f'height="{_number(b.bottom - b.top)}"/>'
        for b in BARS
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="{_number(TILE_RADIUS)}" fill="{ACCENT}"/>'
        f'<g fill="{PAPER}">{bars}</g></svg>\n'
    )
