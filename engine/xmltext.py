"""Text as XML character data and attribute values: the two escapes every writer needs.

xml.sax.saxutils has the same, but importing it loads urllib's network modules.
"""
from __future__ import annotations

_IN_ATTRIBUTE = {ord('"'): "&quot;", ord("\n"): "&#10;", ord("\r"): "&#13;", ord("\t"): "&#9;"}


def escape(text: str) -> str:
    """Return ``text`` as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """Return ``text`` as a double-quoted XML attribute value, line breaks kept."""
    return '"' + escape(text).translate(_IN_ATTRIBUTE) + '"'
