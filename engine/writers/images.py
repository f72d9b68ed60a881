"""Bar patterns and colours -> small PNG images (1-bit or RGB), written without timestamps."""
from __future__ import annotations

import struct
import zlib


def solid_png(colour: str) -> bytes:
    """Return a PNG of 8 by 8 pixels filled with ``colour`` (six hex digits)."""
    pixel = bytes.fromhex(colour)
    row = b"\x00" + pixel * 8                   # filter type 0 before each row
    return _png(8, 8, row * 8, 72, depth=8, colour_type=2)


# Code 39: each character is 9 elements, bar and space in turn from a bar, three
# of them wide (1); characters are parted by a narrow space (ISO/IEC 16388).
_CODE39_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. *$/+%"
_CODE39_WIDE = (
    "000110100 100100001 001100001 101100000 000110001 100110000 001110000 000100101 "
    "100100100 001100100 100001001 001001001 101001000 000011001 100011000 001011000 "
    "000001101 100001100 001001100 000011100 100000011 001000011 101000010 000010011 "
    "100010010 001010010 000000111 100000110 001000110 000010110 110000001 011000001 "
    "111000000 010010001 110010000 011010000 010000101 110000100 011000100 010010100 "
    "010101000 010100010 010001010 000101010").split()
CODE39 = dict(zip(_CODE39_CHARS, _CODE39_WIDE))


def code39_elements(text: str) -> str:
    """Return ``text`` between start and stop characters as Code 39 elements: b/B a
    narrow/wide bar, s/S a narrow/wide space, i the narrow space between characters;
    raise ValueError for what Code 39 cannot write. Lower case is written as upper."""
    value = text.strip("*").upper()
    if not value or any(c not in CODE39 or c == "*" for c in value):
        raise ValueError(f"{text!r} cannot be written in Code 39")
    out = []
    for char in f"*{value}*":
        out.append("".join(("bB" if i % 2 == 0 else "sS")[int(wide)]
                           for i, wide in enumerate(CODE39[char])))
    return "i".join(out)


def code39_png(text: str, narrow_px: int, wide_px: int, height_px: int,
               dots_per_inch: float) -> tuple[bytes, int]:
    """Return a 1-bit PNG of ``text`` in Code 39 and its width in pixels; raise ValueError."""
    bits = []
    for element in code39_elements(text):
        width = wide_px if element in "BS" else narrow_px
        bits.extend([0 if element in "bB" else 1] * width)
    row = bytearray([0])                        # filter type 0 before each row
    for start in range(0, len(bits), 8):
        byte = bits[start:start + 8] + [1] * (8 - len(bits[start:start + 8]))
        row.append(int("".join(map(str, byte)), 2))
    return _png(len(bits), height_px, bytes(row) * height_px, dots_per_inch), len(bits)


def _png(width: int, height: int, raw: bytes, dots_per_inch: float, depth: int = 1,
         colour_type: int = 0) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    per_metre = round(dots_per_inch / 0.0254)
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)),
        chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        chunk(b"IDAT", zlib.compress(raw, 9)),
        chunk(b"IEND", b""),
    ))
