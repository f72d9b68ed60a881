"""Bar patterns and colours -> small PNG images (1-bit or RGB), written without timestamps."""
from __future__ import annotations

import struct
import zlib


def solid_png(colour: str) -> bytes:
    """Return a PNG of 8 by 8 pixels filled with ``colour`` (six hex digits)."""
    pixel = bytes.fromhex(colour)
    row = b"\x00" + pixel * 8                   # filter type 0 before each row
    return _png(8, 8, row * 8, 72, depth=8, colour_type=2)


def code39_png(text: str, narrow_px: int, wide_px: int, height_px: int,
               dots_per_inch: float) -> tuple[bytes, int]:
    """Return a 1-bit PNG of ``text`` in Code 39 and its width in pixels; raise ValueError."""
    from reportlab.graphics.barcode.code39 import Standard39

    value = text.strip("*")
    code = Standard39(value, checksum=0, stop=1, quiet=0)
    code.validate()
    if not code.valid or not value:
        raise ValueError(f"{text!r} cannot be written in Code 39")
    code.encode()
    bits = []
    # decompose() spells the symbol: b/B narrow/wide bar, s/S and i narrow/wide space
    for element in code.decompose():
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
