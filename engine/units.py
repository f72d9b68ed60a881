"""Lengths as value classes: ``Pt(10)``, ``Mm(25)``, ``parse_length("1.1in")``."""
from __future__ import annotations

import re

_PER_UNIT = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54, "tw": 1.0 / 20}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|mm|cm|tw)\s*$")


class Length:
    """A length, stored in points; converts to the units each writer wants."""

    __slots__ = ("pt",)

    def __init__(self, pt: float):
        self.pt = float(pt)

    @property
    def twips(self) -> int:
        return round(self.pt * 20)

    @property
    def emu(self) -> int:
        return round(self.pt * 12700)

    @property
    def eighths(self) -> int:
        """Return the length in eighths of a point, as OOXML borders want it."""
        return round(self.pt * 8)

    def __add__(self, other: "Length") -> "Length":
        return Length(self.pt + other.pt)

    def __sub__(self, other: "Length") -> "Length":
        return Length(self.pt - other.pt)

    def __neg__(self) -> "Length":
        return Length(-self.pt)

    def __mul__(self, factor: float) -> "Length":
        return Length(self.pt * factor)

    def __eq__(self, other) -> bool:
        return isinstance(other, Length) and abs(self.pt - other.pt) < 1e-9

    def __lt__(self, other: "Length") -> bool:
        return self.pt < other.pt

    def __hash__(self) -> int:
        return hash(round(self.pt, 6))

    def __repr__(self) -> str:
        return f"Pt({self.pt:g})"


def Pt(value: float) -> Length:
    return Length(value)


def Mm(value: float) -> Length:
    return Length(value * _PER_UNIT["mm"])


def Cm(value: float) -> Length:
    return Length(value * _PER_UNIT["cm"])


def Inch(value: float) -> Length:
    return Length(value * 72.0)


def parse_length(text) -> Length:
    """Return the Length written as ``text`` ("10pt", "1.1in", "2cm"); raise ValueError."""
    if isinstance(text, Length):
        return text
    if isinstance(text, (int, float)) and text == 0:
        return Length(0)
    match = _LENGTH.match(str(text))
    if not match:
        raise ValueError(f"expected a length such as '10pt', '2cm' or '1.1in', got {text!r}")
    return Length(float(match.group(1)) * _PER_UNIT[match.group(2)])
