"""Share cards written as PNGs from bands of rows compressed one by one (render/png.py).

Each card is decoded the way a browser or a link preview would (Pillow, and zlib, which
checks the stream's checksum) and compared pixel for pixel with the card as drawn."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from generator.render import images, png

MASTHEAD, DATELINE, HOST = "The AI & Labor Briefing", "5 December 2026", "example.org"


@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_joined_checksums_are_the_checksum_of_the_joined_bytes(first: bytes, second: bytes) -> None:
    expected = zlib.adler32(first + second)
    assert png.joined(zlib.adler32(first), zlib.adler32(second), len(second)) == expected


def test_joined_checksums_hold_past_the_modulus() -> None:
    rng = random.Random(7)
    for size in (65_520, 65_521, 65_522, 200_003):
        first, second = rng.randbytes(size), rng.randbytes(size // 3 + 1)
        joined = png.joined(zlib.adler32(first), zlib.adler32(second), len(second))
        assert joined == zlib.adler32(first + second), size


def stored(pixels: bytes, width: int) -> bytes:
    """Rows of ``width`` pixels as a PNG stores them unfiltered: a 0 before each row."""
    return b"".join(b"\0" + pixels[at : at + width] for at in range(0, len(pixels), width))


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (kind, data) chunks of a PNG, each CRC checked."""
    assert data[:8] == png.SIGNATURE
    out, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        out.append((kind, body))
        at += 12 + length
    return out


def test_pieces_laid_end_to_end_are_one_valid_stream_of_every_row() -> None:
    rng = random.Random(3)
    width, heights = 37, (5, 1, 12, 3)
    bands = [bytes(rng.randrange(4) for _ in range(width * h)) for h in heights]
    data = png.palette_png(
        width,
        sum(heights),
        bytes(range(12)),
        [png.stored_piece(stored(b, width), width) for b in bands],
    )
    found = chunks(data)
    assert [kind for kind, _ in found] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    rows = zlib.decompress(found[2][1])  # checks the joined Adler-32
    pixels = b"".join(bands)
    assert rows == stored(pixels, width)
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.mode == "P" and image.size == (width, sum(heights))
    assert image.tobytes() == pixels
    assert image.getpalette()[:12] == list(range(12))


def test_a_png_refuses_missing_rows_and_bad_palettes() -> None:
    band = png.stored_piece(stored(bytes(10 * 2), 10), 10)
    with pytest.raises(ValueError):
        png.palette_png(10, 3, bytes(3), [band])
    with pytest.raises(ValueError):
        png.palette_png(10, 2, bytes(4), [band])
    with pytest.raises(ValueError):
        png.stored_piece(bytes(15), 10)


def drawn(headline: str) -> Image.Image:
    """The card as drawn, before it is written as a PNG."""
    seen: list[Image.Image] = []
    written = images._card_png
    try:
        images._card_png = lambda card, *rest: seen.append(card) or b""  # type: ignore[assignment]
        images.share_card(MASTHEAD, headline, DATELINE, HOST)
    finally:
        images._card_png = written  # type: ignore[assignment]
    return seen[0]


HEADLINES = (
    "Netflix posts AI jobs worth up to $900,000 while actors strike",
    "Short",
    "",  # a headline the font cannot draw is left off: the card is its base and date
    "Quarterly jobs, gig pay, typing: every glyph that hangs below the line, jpqy, " * 3,
    "W" * 400,
)


@pytest.mark.parametrize("headline", HEADLINES)
def test_a_card_decodes_to_exactly_the_pixels_drawn(headline: str) -> None:
    data = images.share_card(MASTHEAD, headline, DATELINE, HOST)
    card = Image.open(io.BytesIO(data))
    card.load()
    expected = drawn(headline)
    assert card.size == (images.SHARE_WIDTH, images.SHARE_HEIGHT) and card.mode == "P"
    assert card.convert("RGB").tobytes() == expected.convert("RGB").tobytes()
    zlib.decompress(dict(chunks(data))[b"IDAT"])  # the joined checksum is right


def test_cards_share_the_bands_of_their_base() -> None:
    images._base_piece.cache_clear()
    first = images.share_card(MASTHEAD, "Dockworkers vote on automation", DATELINE, HOST)
    after_one = images._base_piece.cache_info()
    second = images.share_card(MASTHEAD, "Teachers test grading software", DATELINE, HOST)
    after_two = images._base_piece.cache_info()
    assert first != second
    assert after_one.misses > 0 and after_two.hits > after_one.hits


def test_bands_are_whole_merged_and_inside_the_card() -> None:
    band = images.BAND
    assert images._bands([(0, 190, 900, 300), (0, 560, 300, 590)]) == [
        (190 // band * band, -(-300 // band) * band),
        (560 // band * band, -(-590 // band) * band),
    ]
    assert images._bands([(0, 100, 1, 130), (0, 120, 1, 200)]) == [(96, 208)]
    assert images._bands([(0, -20, 1, 5), (0, 620, 1, 700)]) == [(0, 16), (608, 630)]
    assert images._bands([(0, 700, 1, 800)]) == []


def placed_groups(headline: str, dateline: str) -> list[list[images.Placement]]:
    """The groups of placed masks ``share_card`` draws for a headline and a date line."""
    seen: list[list[list[images.Placement]]] = []
    drawn_at = images._drawn
    try:
        images._drawn = lambda base, quantised, groups, inked: (
            seen.append(groups)
            or drawn_at(  # type: ignore[assignment]
                base, quantised, groups, inked
            )
        )
        images.share_card(MASTHEAD, headline, dateline, HOST)
    finally:
        images._drawn = drawn_at  # type: ignore[assignment]
    return seen[0]


@given(
    st.lists(
        st.text(alphabet=sorted(images.FONT_CHARACTERS), min_size=1, max_size=14),
        min_size=1, max_size=30,
    ),
    st.sampled_from([DATELINE, "Updated 12 May 2024 · Corrected", "jpqy " * 9]),
)  # fmt: skip
def test_a_group_drawn_on_paper_equals_it_blended_on_the_base(
    words: list[str], dateline: str
) -> None:
    """The quick way (each pixel looked up from its mask's coverage) gives the pixels of
    blending every mask on the base and quantising, the way ImageDraw.text draws."""
    base = images._card_base(MASTHEAD, HOST)
    quantised = images._card_base_quantised(MASTHEAD, HOST)
    inked = images._inked(base)
    everywhere = tuple((0, images.SHARE_WIDTH) for _ in inked)  # no paper: always blended
    groups = placed_groups(" ".join(words), dateline)
    quick = images._drawn(base, quantised, groups, inked)
    blended = images._drawn(base, quantised, groups, everywhere)
    assert quick.tobytes() == blended.tobytes()


def test_the_quick_way_is_taken_only_where_it_gives_the_same_pixels() -> None:
    base = images._card_base(MASTHEAD, HOST)
    inked = images._inked(base)
    headline, date = placed_groups("Dockworkers vote on automation at the port", DATELINE)
    assert images._on_paper(headline, images._box(headline), inked)
    assert images._on_paper(date, images._box(date), inked)
    # the host's letters are not paper: a group whose box reaches them is blended
    host_row = images.SHARE_HEIGHT - images.CARD_FOOTER
    span = inked[host_row]
    assert span is not None and images.SHARE_WIDTH // 2 < span[0] < span[1] <= images.SHARE_WIDTH
    over_host = [
        (mask, (images.SHARE_WIDTH - 150, host_row - 10), ink) for mask, _, ink in date[:1]
    ]
    assert not images._on_paper(over_host, images._box(over_host), inked)
    # nor two colours in one group, nor two masks whose rectangles meet
    mask, (x, y), ink = headline[0]
    two_colours = [headline[0], (mask, (x + mask.size[0] + 40, y), ink + 1)]
    assert not images._on_paper(two_colours, images._box(two_colours), inked)
    assert images._on_paper(two_colours[:1], images._box(two_colours[:1]), inked)
    touching = [headline[0], (mask, (x + mask.size[0] - 1, y + mask.size[1] - 1), ink)]
    assert not images._on_paper(touching, images._box(touching), inked)
    apart = [headline[0], (mask, (x + mask.size[0], y), ink)]
    assert images._on_paper(apart, images._box(apart), inked)


def test_the_ramp_is_paper_at_no_coverage_and_the_ink_at_full() -> None:
    from PIL import ImageDraw

    base = images._card_base(MASTHEAD, HOST)
    core = ImageDraw.Draw(base).draw  # type: ignore[attr-defined]
    palette = images._palette_values()
    for colour in (images.icon.INK, images.icon.MUTED):
        ramp = images._ramp(core.draw_ink(images._rgb(colour)))
        assert len(ramp) == 256 and ramp[0] == 0  # the paper is the palette's first colour
        assert tuple(palette[3 * ramp[255] : 3 * ramp[255] + 3]) == images._rgb(colour)


def test_stored_rows_must_each_begin_with_no_filter() -> None:
    assert png.stored_piece(b"\0ab\0cd", 2).length == 6
    for bad in (b"\0ab\1cd", b"\0ab\0c", b""[:0] + b"\0a"):
        with pytest.raises(ValueError):
            png.stored_piece(bad, 2)
