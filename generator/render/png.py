"""Palette PNGs written from bands of rows, each band compressed on its own (share cards).

Every share card of a site is the same base with two patches, the headline and the date:
most of a card's rows are the base's. Pillow compresses all the rows of every card again;
here a band of rows the card shares with the base is compressed once per process and its
bytes reused, and only the patched bands are compressed for each card.

That is possible because a deflate stream may be made of pieces compressed one by one:
each piece ends on a byte boundary with a full flush and refers to nothing before it, so
pieces can be laid end to end, closed by an empty final block. The zlib checksum of the
whole (Adler-32) is worked out from the pieces' own (``joined``). Every row is stored
unfiltered (filter type 0), the usual choice for palette images.

Pure: bytes in, bytes out; the same pieces give the same file on every machine.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

LEVEL = 3  # zlib's level: quick, and the card's long runs of paper compress well at it
SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZLIB_HEADER = b"\x78\x5e"  # deflate, 32 KB window, a quick level; (0x785E % 31 == 0)
LAST_BLOCK = b"\x03\x00"  # an empty final block (fixed codes, end of block at once)
ADLER_BASE = 65521  # the largest prime below 2**16


@dataclass(frozen=True)
class Piece:
    """A band of rows, compressed on its own."""

    data: bytes  # raw deflate blocks, ending with a full flush
    adler: int  # Adler-32 of the rows as stored (each with its filter byte)
    length: int  # how many bytes those are


def stored_piece(stored: bytes, width: int) -> Piece:
    """A band of rows as the PNG stores them: each row is its filter byte, 0 (none), then
    its ``width`` pixels."""
    if width <= 0 or len(stored) % (width + 1) or stored[:: width + 1].strip(b"\0"):
        raise ValueError("stored rows must be whole, each a 0 and then its pixels")
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # raw: no header, no checksum
    data = deflate.compress(stored) + deflate.flush(zlib.Z_FULL_FLUSH)
    return Piece(data, zlib.adler32(stored), len(stored))


def joined(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings laid end to end, from each one's Adler-32 and the
    second's length. Adler-32 is a pair (a, b): a is 1 plus the sum of the bytes, b the sum
    of a after each byte. Over the second string a starts at first's a instead of 1, which
    adds first's a less 1 to a, and to b that much again for each byte of the second."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % ADLER_BASE
    b = (b1 + b2 + length * (a1 - 1)) % ADLER_BASE
    return (b << 16) | a


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def palette_png(width: int, height: int, palette: bytes, pieces: Sequence[Piece]) -> bytes:
    """An 8-bit palette PNG of ``width`` x ``height`` whose rows are ``pieces``, top to
    bottom (``palette``: 3 bytes a colour). No metadata: no time, no gamma, no DPI."""
    if not 0 < len(palette) <= 768 or len(palette) % 3:
        raise ValueError("a palette is 1 to 256 colours of 3 bytes")
    if sum(p.length for p in pieces) != height * (width + 1):
        raise ValueError("the pieces must hold every row")
    adler = 1  # the Adler-32 of nothing
    for p in pieces:
        adler = joined(adler, p.adler, p.length)
    stream = ZLIB_HEADER + b"".join(p.data for p in pieces) + LAST_BLOCK
    stream += struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)  # 8 bits, palette
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", palette),
            _chunk(b"IDAT", stream),
            _chunk(b"IEND", b""),
        )
    )
