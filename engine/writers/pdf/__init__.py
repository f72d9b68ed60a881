"""The PDF writer: the model laid out with reportlab platypus, tagged, navigable, PDF/A.

``writer`` builds the story and the document; ``blocks``, ``inline``, ``table``,
``masthead`` and ``notes`` make its flowables; ``page`` the page templates and the
text drawn after the layout; ``nav`` the outline and links, ``tags`` the
structure tree, ``archive`` what PDF/A asks; ``hyphens`` and ``linebreak`` where
lines may break.
"""
from .measure import uri_pattern_when_used

with uri_pattern_when_used():
    from .writer import PdfWriter

__all__ = ["PdfWriter"]
