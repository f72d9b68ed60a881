"""The HTML writer: one self-contained, semantic page per document."""
from .writer import HtmlWriter

__all__ = ["HtmlWriter"]
