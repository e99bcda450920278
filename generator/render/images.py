"""Pictures made at build time with Pillow: the site's icon as PNG and a share card per brief.

Pure: data in, PNG bytes out. Every picture is byte-identical on every machine with the
same Pillow: the only font is the one Pillow bundles (``ImageFont.load_default``), never
a system font, and PNGs are saved with fixed options and no metadata (no time, no DPI).
A share card's PNG is written by png.py, which compresses the rows all cards share once.
A card's headline and date are looked up, pixel by pixel, from their letters' coverage
where they lie on plain paper (``_on_paper``): the pixels blending and quantising give.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from . import icon, png

if TYPE_CHECKING:  # Pillow is imported where used: a build that draws nothing never loads it
    from PIL import Image, ImageDraw, ImageFont

SHARE_WIDTH = 1200
SHARE_HEIGHT = 630
MAX_HEADLINE_LINES = 4

# Every character the bundled font (Aileron Regular) has a glyph for; tests/test_share.py
# checks this against the font. Others are replaced by a near equivalent (FALLBACK, or the
# letter without its accent); a headline with any character still missing is left off the
# card rather than drawn with empty boxes.
FONT_CHARACTERS = frozenset(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~©«°±´·»‘’“”…‹›⁄™"
)
FALLBACK = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": " - ",  # em dash
    "\u2212": "-",  # minus
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u20ac": "EUR ",
    "\u00a3": "GBP ",
    "\u00a5": "JPY ",
    "\u00d7": "x",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0142": "l",
    "\u0141": "L",
}


def drawable(text: str) -> str | None:
    """``text`` in characters the bundled font has, or None if that cannot be done."""
    out = []
    for char in text:
        if char in FONT_CHARACTERS:
            out.append(char)
            continue
        if char in FALLBACK:
            out.append(FALLBACK[char])
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if not base or any(c not in FONT_CHARACTERS for c in base):
            return None
        out.append(base)
    return " ".join("".join(out).split())


CARD_MARGIN = 80  # pixels between the card's edges and its text
CARD_FOOTER = 92  # the footer line's centre, in pixels above the bottom edge


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):  # Pillow built without FreeType
        raise RuntimeError("Pillow needs FreeType to draw share images")
    return font


def _png(image: Image.Image) -> bytes:
    """PNG bytes with fixed options: no metadata, same bytes on every run."""
    buffer = io.BytesIO()
    # level 3: two to three times quicker than the default 6, for some 10% more bytes
    image.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=1)
def _palette_values() -> tuple[int, ...]:
    """The card's colours, R, G, B one after another: the paper, then ramps from the paper
    to each colour of the card, 16 steps each (65 colours)."""
    paper = _rgb(icon.PAPER)
    values = list(paper)
    for colour in (icon.INK, icon.MUTED, icon.RULE, icon.ACCENT):
        end = _rgb(colour)
        for step in range(1, 17):
            values += [p + (e - p) * step // 16 for p, e in zip(paper, end, strict=True)]
    return tuple(values)


@lru_cache(maxsize=1)
def _card_palette() -> Image.Image:
    """A palette image of the card's colours (``_palette_values``), to quantise to."""
    from PIL import Image

    palette = Image.new("P", (1, 1))
    palette.putpalette(_palette_values())
    return palette


def _draw_mark(draw: ImageDraw.ImageDraw, left: int, top: int, size: int, rounded: bool) -> None:
    """The mark of ``icon`` scaled to a ``size``-pixel square at (left, top)."""
    scale = size / icon.GRID

    def box(b: icon.Box) -> tuple[float, float, float, float]:
        return (
            left + b.left * scale,
            top + b.top * scale,
            left + b.right * scale - 1,
            top + b.bottom * scale - 1,
        )

    radius = round(icon.TILE_RADIUS * scale) if rounded else 0
    draw.rounded_rectangle(box(icon.TILE), radius=radius, fill=_rgb(icon.ACCENT))
    for bar in icon.BARS:
        draw.rectangle(box(bar), fill=_rgb(icon.PAPER))


def icon_png(size: int, rounded: bool = True) -> bytes:
    """The mark as a ``size`` x ``size`` PNG: with transparent rounded corners, or (for
    the apple-touch-icon, which the system rounds itself) as an opaque full square."""
    from PIL import Image, ImageDraw

    big = size * 2  # drawn twice as large, then scaled down: smooth corners, deterministically
    mode = "RGBA" if rounded else "RGB"
    canvas = Image.new(mode, (big, big), (0, 0, 0, 0) if rounded else _rgb(icon.ACCENT))
    _draw_mark(ImageDraw.Draw(canvas), 0, 0, big, rounded)
    return _png(canvas.resize((size, size), Image.Resampling.LANCZOS))


def _wrap(
    text: str, font: ImageFont.FreeTypeFont, width: int, lines: int,
    measure: Callable[[str], float] | None = None,
) -> list[str]:  # fmt: skip
    """``text`` broken into at most ``lines`` lines no wider than ``width``; the last one
    ends in an ellipsis when the text does not fit. Wrapping stops once a line more than
    fits has been found, and a word wider than the card is cut by a search that measures
    a handful of prefixes, none much longer than a line: the work is bounded by the card,
    not by the length of the text or of one word. ``measure``: a word's width in ``font``,
    remembered across cards (else each word is measured once per call)."""
    out: list[str] = []
    line, length = "", 0.0  # the line so far and its width
    measured: dict[str, float] = {}

    def remembered(word: str) -> float:
        if word not in measured:
            measured[word] = font.getlength(word)
        return measured[word]

    advance = measure or remembered

    space = advance(" ")
    for word in text.split():
        if len(out) > lines:
            break
        # a line's width is its words' and spaces' (see ``_words``): each word measured once
        candidate = length + space + advance(word) if line else advance(word)
        if candidate <= width:
            line, length = f"{line} {word}" if line else word, candidate
            continue
        if line:
            out.append(line)
        line, length = word, advance(word)
        while len(out) <= lines:  # a word wider than the card: cut it where it stops fitting
            cut = _fitting(line, font, width)
            if cut == len(line):
                break
            out.append(line[:cut])
            line = line[cut:]
        if len(line) < len(word) and len(out) <= lines:  # what is left of a cut word fits
            length = advance(line)
    if line and len(out) <= lines:
        out.append(line)
    return _ellipsised(out[:lines], font, width) if len(out) > lines else out


def _fitting(word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """How many of ``word``'s first letters fit in ``width``: all of them, or the most that
    fit (at least one). Prefixes of doubling length are measured until one is too wide, then
    the search halves the gap: a few measures, none much longer than what fits."""
    low, size = 1, 2  # word[:low] is kept
    while True:
        if size >= len(word):
            if font.getlength(word) <= width:
                return len(word)
            high = len(word)
            break
        if font.getlength(word[:size]) > width:
            high = size
            break
        low, size = size, size * 2
    while high - low > 1:  # word[:low] fits (or is one letter), word[:high] does not
        middle = (low + high) // 2
        if font.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle
    return low


def _ellipsised(lines: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    last = lines[-1]
    while last and font.getlength(last.rstrip(" ,;:.-") + "…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[:-1], last.rstrip(" ,;:.-") + "…"]


@lru_cache(maxsize=8192)
def _advance(word: str, size: int) -> float:
    """How far the pen moves over ``word`` in the bundled font at ``size`` (whole pixels):
    measured once per build process, as headlines share most of their words."""
    return _font(size).getlength(word)


@lru_cache(maxsize=8192)
def _run(word: str, size: int, anchor: str, stroke: int) -> tuple[Any, tuple[int, int], float]:
    """One word drawn once per build process: its mask (stroked ``stroke`` pixels and
    filled, as ``ImageDraw.text`` draws it when fill and stroke are one colour), its offset
    from the pen and its advance, for ``_words`` to reuse."""
    font = _font(size)
    mask, offset = font.getmask2(word, "L", None, None, None, stroke, anchor, stroke_filled=True)
    return mask, offset, _advance(word, size)


Placement = tuple[Any, tuple[int, int], int]  # (mask, top-left corner, ink)
Box = tuple[int, int, int, int]  # left, top, right, bottom
Inked = tuple[tuple[int, int] | None, ...]  # per row of a base: (first, last + 1) inked column


def _words(
    xy: tuple[int, int], text: str, size: int, ink: int, anchor: str = "la", stroke: int = 0
) -> list[Placement]:
    """Where ``draw.text(xy, text, font=_font(size), fill=colour, anchor=anchor,
    stroke_width=stroke, stroke_fill=colour)`` puts its pixels, word by word from cached
    runs (``ink`` is the colour as the image's ``draw_ink`` gives it): the same pixels, in a
    fraction of the time once the words have been seen (headlines share most words).

    The bundled font's advances are whole pixels and no pair kerns across a space, so each
    word lands on the pixels it has in the whole line, and words never touch (a space is
    far wider than the stroke); tests/test_share.py compares the two ways on many lines."""
    x, y = xy
    space = _advance(" ", size)
    pen = 0.0
    out: list[Placement] = []
    for index, word in enumerate(text.split(" ")):
        if index:
            pen += space
        if word:
            mask, (dx, dy), advance = _run(word, size, anchor, stroke)
            out.append((mask, (x + int(pen) + dx, y + dy), ink))
            pen += advance
    return out


def _box(placements: list[Placement]) -> Box:
    """The smallest box (left, top, right, bottom) holding every placed mask."""
    boxes = [(x, y, x + mask.size[0], y + mask.size[1]) for mask, (x, y), _ in placements]
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )  # fmt: skip


def _drawn(
    base: Image.Image, quantised: Image.Image, groups: list[list[Placement]], inked: Inked
) -> Image.Image:
    """``base`` (RGB) with the placed masks drawn, as a palette image of ``_card_palette``
    (``quantised``: the base as one; ``inked``: its rows' ink, ``_inked``).

    The same as drawing on a copy of the base and quantising it all, which maps each pixel
    on its own: the base is quantised once per process, and only the boxes the masks touch
    (one per group, e.g. headline and date, which never overlap) are drawn and quantised.
    A group of one colour whose masks lie apart, on plain paper, is drawn quicker still
    (``_on_paper``); any other is blended on the base's colours (``_blended``)."""
    card = quantised.copy()
    for group in (g for g in groups if g):
        box = _box(group)
        if _on_paper(group, box, inked):
            card.im.paste(_coverage(group, box).im.point(_ramp(group[0][2]), "L"), box)
        else:
            card.paste(_blended(base, group, box), box[:2])
    return card


def _blended(base: Image.Image, group: list[Placement], box: Box) -> Image.Image:
    """The ``box`` of ``base`` with ``group``'s masks drawn on it as ``ImageDraw.text``
    draws them (each blended on what is there), quantised to the card's palette."""
    from PIL import Image, ImageDraw

    left, top = box[:2]
    patch = base.crop(box)
    core = ImageDraw.Draw(patch).draw  # type: ignore[attr-defined]  # as ImageDraw.text
    for mask, (x, y), ink in group:
        core.draw_bitmap((x - left, y - top), mask, ink)
    return patch.quantize(palette=_card_palette(), dither=Image.Dither.NONE)


def _inked(base: Image.Image) -> Inked:
    """For each row of ``base``, the span of its columns that are not plain paper (from
    the first such column to the last), or None for a row of paper only."""
    from PIL import Image, ImageChops

    paper = Image.new("RGB", base.size, _rgb(icon.PAPER))
    differs = ImageChops.difference(base, paper).convert("L").point(lambda v: 255 if v else 0)
    out: list[tuple[int, int] | None] = []
    for row in range(base.size[1]):
        found = differs.crop((0, row, base.size[0], row + 1)).getbbox()
        out.append((found[0], found[2]) if found else None)
    return tuple(out)


def _on_paper(group: list[Placement], box: Box, inked: Inked) -> bool:
    """Whether ``group`` can be drawn by ``_coverage`` and ``_ramp``: one colour, no two
    masks' rectangles overlapping (so no pixel is blended twice), and only plain paper
    under ``box``. Each pixel is then a function of one mask's coverage alone."""
    left, top, right, bottom = box
    if len({ink for _, _, ink in group}) != 1:
        return False
    if top < 0 or left < 0 or bottom > len(inked) or right > SHARE_WIDTH:
        return False
    if any(span and span[0] < right and left < span[1] for span in inked[top:bottom]):
        return False
    return _apart(group)


def _apart(group: list[Placement]) -> bool:
    """Whether no two masks' rectangles in ``group`` overlap."""
    rectangles = sorted((y, x, y + m.size[1], x + m.size[0]) for m, (x, y), _ in group)
    for at, (_, left, bottom, right) in enumerate(rectangles):
        for other in rectangles[at + 1 :]:
            if other[0] >= bottom:
                break  # sorted by top: no later rectangle reaches this one's rows
            if other[1] < right and left < other[3]:
                return False
    return True


def _coverage(group: list[Placement], box: Box) -> Image.Image:
    """An L image of ``box`` holding each mask's coverage where it lies (masks apart)."""
    from PIL import Image

    left, top, right, bottom = box
    canvas = Image.new("L", (right - left, bottom - top), 0)
    for mask, (x, y), _ in group:
        width, height = mask.size
        canvas.im.paste(mask, (x - left, y - top, x - left + width, y - top + height))
    return canvas


@lru_cache(maxsize=8)
def _ramp(ink: int) -> list[int]:
    """The palette index of ``ink`` drawn at each coverage, 0 to 255, on the paper: each
    coverage blended as ``_blended`` blends it, then quantised as it quantises."""
    from PIL import Image, ImageDraw

    strip = Image.new("RGB", (256, 1), _rgb(icon.PAPER))
    coverage = Image.frombytes("L", (256, 1), bytes(range(256)))
    ImageDraw.Draw(strip).draw.draw_bitmap((0, 0), coverage.im, ink)  # type: ignore[attr-defined]
    return list(strip.quantize(palette=_card_palette(), dither=Image.Dither.NONE).tobytes())


@lru_cache(maxsize=4)
def _base_inked(masthead: str, host: str) -> Inked:
    return _inked(_card_base(masthead, host))


@lru_cache(maxsize=4)
def _card_base_quantised(masthead: str, host: str) -> Image.Image:
    from PIL import Image

    base = _card_base(masthead, host)
    return base.quantize(palette=_card_palette(), dither=Image.Dither.NONE)


@lru_cache(maxsize=4)
def _card_base(masthead: str, host: str) -> Image.Image:
    """What every card of a site shares: the band, the mark and masthead, the rules and the
    host. Drawn once per build process; each card draws its headline and date on a copy."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (SHARE_WIDTH, SHARE_HEIGHT), _rgb(icon.PAPER))
    draw = ImageDraw.Draw(image)
    margin = CARD_MARGIN
    ink, muted, rule = _rgb(icon.INK), _rgb(icon.MUTED), _rgb(icon.RULE)

    draw.rectangle((0, 0, SHARE_WIDTH - 1, 11), fill=_rgb(icon.ACCENT))  # the accent band
    mark = 60
    _draw_mark(draw, margin, 56, mark, rounded=True)
    title_font = _font(36)
    title = drawable(masthead) or ""
    draw.text((margin + mark + 24, 56 + mark // 2), title, font=title_font, fill=ink,
              anchor="lm", stroke_width=1, stroke_fill=ink)  # fmt: skip
    draw.rectangle((margin, 146, SHARE_WIDTH - margin - 1, 148), fill=rule)  # double rule
    draw.rectangle((margin, 153, SHARE_WIDTH - margin - 1, 155), fill=rule)
    footer = SHARE_HEIGHT - CARD_FOOTER
    draw.rectangle((margin, footer - 28, SHARE_WIDTH - margin - 1, footer - 27), fill=rule)
    draw.text((SHARE_WIDTH - margin, footer), drawable(host) or "", font=_font(30), fill=muted,
              anchor="rm")  # fmt: skip
    return image


def share_card(masthead: str, headline: str, dateline: str, host: str) -> bytes:
    """A 1200 x 630 PNG card for one brief: the masthead beside the mark, a double rule,
    the headline (up to four lines), then the date and the site's host."""
    from PIL import ImageDraw

    base = _card_base(masthead, host)
    colours = ImageDraw.Draw(base).draw  # type: ignore[attr-defined]  # reads, never draws
    margin = CARD_MARGIN
    width = SHARE_WIDTH - 2 * margin
    ink, muted = colours.draw_ink(_rgb(icon.INK)), colours.draw_ink(_rgb(icon.MUTED))
    headline_words: list[Placement] = []

    text = drawable(headline)
    if text:
        size = 60
        font = _font(size)
        lines = _wrap(text, font, width, MAX_HEADLINE_LINES, partial(_advance, size=size))
        if len(lines) <= 2:  # a short headline is set larger
            size = 72
            font = _font(size)
            lines = _wrap(text, font, width, MAX_HEADLINE_LINES, partial(_advance, size=size))
        step = round(size * 1.17)
        top = 192
        for number, line in enumerate(lines):
            headline_words += _words((margin, top + number * step), line, size, ink, stroke=1)

    footer = SHARE_HEIGHT - CARD_FOOTER
    date_words = _words((margin, footer), drawable(dateline) or "", 30, muted, anchor="lm")
    # the card holds five colours and their anti-aliased edges on the paper: a fixed palette of
    # those ramps keeps every colour exact, and makes the PNG 2.5 times smaller and quicker
    quantised = _card_base_quantised(masthead, host)
    groups = [headline_words, date_words]
    card = _drawn(base, quantised, groups, _base_inked(masthead, host))
    return _card_png(card, masthead, host, [_box(g) for g in groups if g])


BAND = 16  # rows: a patched band is widened to whole bands, so the base's bands recur


def _bands(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """The rows (top, bottom) that the boxes touch, widened to whole ``BAND`` rows within
    the card, merged where they meet, top to bottom."""
    spans = sorted(
        (max(0, top // BAND * BAND), min(SHARE_HEIGHT, -(-bottom // BAND) * BAND))
        for _, top, _, bottom in boxes
    )
    merged: list[tuple[int, int]] = []
    for top, bottom in spans:
        if top >= bottom:
            continue  # a box outside the card
        if merged and top <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def _card_png(
    card: Image.Image, masthead: str, host: str, boxes: list[tuple[int, int, int, int]]
) -> bytes:
    """The PNG of ``card`` (a palette image of ``_card_palette``, the base of ``masthead``
    and ``host`` patched only within ``boxes``): the rows the card shares with its base are
    compressed once per process, only the patched bands for each card (see png.py)."""
    pieces: list[png.Piece] = []
    row = 0
    for top, bottom in [*_bands(boxes), (SHARE_HEIGHT, SHARE_HEIGHT)]:
        if row < top:
            pieces.append(_base_piece(masthead, host, row, top))
        if top < bottom:
            pieces.append(png.stored_piece(_stored(card, top, bottom), SHARE_WIDTH))
        row = bottom
    return png.palette_png(SHARE_WIDTH, SHARE_HEIGHT, bytes(_palette_values()), pieces)


def _stored(card: Image.Image, top: int, bottom: int) -> bytes:
    """Rows ``top`` to ``bottom`` of ``card`` (a card, or its base, as a palette image) as
    png.py stores them: a 0 (no filter) before each row's pixels, laid out by Pillow in one
    pass (an image one column wider)."""
    from PIL import Image

    rows = Image.new("L", (SHARE_WIDTH + 1, bottom - top), 0)
    band = card.im.crop((0, top, SHARE_WIDTH, bottom))
    rows.im.paste(band, (1, 0, SHARE_WIDTH + 1, bottom - top))
    return rows.tobytes()


@lru_cache(maxsize=256)
def _base_piece(masthead: str, host: str, top: int, bottom: int) -> png.Piece:
    """Rows ``top`` to ``bottom`` of the site's base card, compressed once per process."""
    return png.stored_piece(_stored(_card_base_quantised(masthead, host), top, bottom), SHARE_WIDTH)
