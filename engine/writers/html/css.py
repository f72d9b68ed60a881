"""The style sheet's values -> the CSS of an HTML page, so that the page looks like the files.

Lengths are turned into ``em`` of the sheet's body text (its ``Normal`` style), so
the page scales as a whole: on a screen the body text is set a little larger
than the printed one, and on a phone the indents shrink; printed, every value is
the sheet's own, in points. Only the styles the document uses are written.
"""
from __future__ import annotations

from ...units import Length

_ALIGN = {"left": "start", "right": "end", "center": "center", "justify": "justify"}
_GENERIC = {"serif": "serif", "sans": "sans-serif"}


def _em(length: Length, base: float) -> str:
    value = length.pt / base
    return "0" if abs(value) < 1e-6 else f"{value:.4g}em"


def _families(sheet, role: str) -> str:
    spec = sheet.fonts.get(role)
    names = list(spec.families) if spec is not None else []
    generic = "sans-serif" if "sans" in role or any("Sans" in n or "Arial" in n for n in names) \
        else "serif"
    if spec is not None and spec.docx_name and spec.docx_name not in names:
        names.insert(0, spec.docx_name)
    quoted = [f'"{name}"' for name in names if name and '"' not in name]
    return ", ".join(quoted + [_GENERIC.get(role, generic)])


def _cover_band(sheet, base: float) -> str:
    """Return the rule that paints the sheet's cover band (the PDF's, settings
    ``cover``) behind the top of the cover section, or "" when it has none: a cover
    title set in white on the band is otherwise white on the white page.

    The PDF's band is measured from the top of the page, the section from the top
    margin; the page's top padding is taken into the band, as the margin is."""
    cover = getattr(sheet, "cover", None) or {}
    colour = str(cover.get("band-color", ""))
    if "band-height" not in cover or len(colour) != 6 \
            or any(c not in "0123456789abcdefABCDEF" for c in colour):
        return ""                       # none, or the PDF says what is wrong with it
    end = sheet.length("cover", "band-height").pt + (
        sheet.length("cover", "band-top").pt if "band-top" in cover else 0)
    height = end - sheet.page.margin_top.pt
    if height <= 0:
        return ""
    return (f"section.cover {{ background: linear-gradient(#{colour}, #{colour}) 0 0 / 100% "
            f"calc({height / base:.4g}em + 1.5em) no-repeat; margin: -1.5em -1em 0; "
            "padding: 1.5em 1em 0; }")


def class_name(style: str) -> str:
    """Return the CSS class of sheet style ``style`` ("SingleTxt" -> "s-SingleTxt")."""
    return "s-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in style)


def stylesheet(sheet, used: set, rtl: bool) -> str:
    """Return the CSS for the styles ``used`` (names of ``sheet``)."""
    normal = sheet.styles.get("Normal") or next(iter(sheet.styles.values()))
    base = normal.size.pt
    column = sheet.page.width - sheet.page.margin_left - sheet.page.margin_right
    rules = [
        ":root { color-scheme: light; }",
        f"html {{ font-size: {base * 1.5:.4g}px; }}",
        f"body {{ margin: 0; font-family: {_families(sheet, normal.font)}; "
        f"line-height: {normal.leading.pt / base:.4g}; color: #{normal.color}; "
        "background: #fff; }",
        f"main {{ max-width: {_em(column, base)}; margin: 0 auto; padding: 1.5em 1em 3em; }}",
        "p, h1, h2, h3, h4, h5, h6, ol, ul, table, figure { margin-top: 0; }",
        ".number, .label { display: inline-block; min-width: 2em; }",
        # the labels are the engine's; the indent is the list style's own
        "ol.labelled, ul.bulleted { list-style: none; }",
        "ul.bulleted > li > .label { min-width: 1.5em; }",
        "sup.call a { text-decoration: none; }",
        "a { color: inherit; }",
        "a:focus-visible { outline: 2px solid #0033a0; }",
        "table { border-collapse: collapse; width: 100%; }",
        "th, td { vertical-align: top; text-align: start; padding: 0.2em 0.4em; "
        "border: 0.5pt solid #000; }",
        "th { font-weight: bold; }",
        "figure { margin-left: 0; margin-right: 0; text-align: center; }",
        "figure img { max-width: 100%; height: auto; }",
        ".frame { border: 0.5pt solid #000; min-height: 6em; }",
        ".box { border: 0.5pt solid #000; padding: 0.6em 1em; margin-bottom: 1em; }",
        ".masthead { border-bottom: 1.5pt solid #000; margin-bottom: 1.5em; "
        "padding-bottom: 0.5em; }",
        ".masthead .org-line { display: flex; justify-content: space-between; "
        "align-items: baseline; border-bottom: 0.5pt solid #000; }",
        ".masthead .organs { font-size: 1.6em; font-weight: bold; margin: 0.4em 0; }",
        ".masthead .info { text-align: end; margin: 0; }",
        ".masthead .symbol { font-size: 1.4em; }",
        ".masthead .agenda { margin-top: 0.8em; }",
        ".notes { border-top: 0.5pt solid #000; margin-top: 2em; padding-top: 0.5em; "
        "font-size: 0.9em; }",
        ".notes ol { list-style: none; padding-left: 0; }",
        ".notes li .mark { display: inline-block; min-width: 1.5em; }",
        ".toc ol { list-style: none; padding-left: 0; }",
        ".toc .paragraphs { float: inline-end; }",
        ".answer-line { border: 0; border-bottom: 0.5pt solid #000; height: 1.4em; margin: 0; }",
        ".signature { white-space: normal; }",
        ".smallcaps { font-variant: small-caps; }",
        ".documents ul, .links ul { padding-left: 1.2em; }",
    ]
    band = _cover_band(sheet, base)
    if band:
        rules.append(band)
    for name in sorted(used):
        if name not in sheet.styles:
            continue
        spec = sheet.style(name)
        declarations = [
            f"font-family: {_families(sheet, spec.font)}",
            f"font-size: {spec.size.pt / base:.4g}em",
            f"line-height: {spec.leading.pt / spec.size.pt:.4g}",
            f"font-weight: {'bold' if spec.bold else 'normal'}",
            f"font-style: {'italic' if spec.italic else 'normal'}",
            f"text-align: {_ALIGN.get(spec.align, 'start')}",
            f"color: #{spec.color}",
            # margins in em of the body text: the style's own size would scale them
            f"margin-top: {_em(spec.space_before, spec.size.pt)}",
            f"margin-bottom: {_em(spec.space_after, spec.size.pt)}",
            f"padding-inline-start: {_em(spec.indent_left, spec.size.pt)}",
            f"padding-inline-end: {_em(spec.indent_right, spec.size.pt)}",
        ]
        if spec.first_indent.pt:
            declarations.append(f"text-indent: {_em(spec.first_indent, spec.size.pt)}")
        if spec.align == "justify":
            declarations.append("hyphens: auto")
        rules.append(f".{class_name(name)} {{ {'; '.join(declarations)}; }}")
    # On a narrow screen the indents of the printed column would leave no room.
    rules.append("@media screen and (max-width: 40em) { html { font-size: 15px; } "
                 "[class^='s-'] { padding-inline-start: 0 !important; "
                 "padding-inline-end: 0 !important; } }")
    rules.append(f"@media print {{ html {{ font-size: {base:.4g}pt; }} "
                 "main { max-width: none; padding: 0; } "
                 "a { text-decoration: none; } "
                 ".new-page { break-before: page; } "
                 ".page-break { break-after: page; } "
                 "h1, h2, h3, h4, h5, h6 { break-after: avoid; } "
                 f"@page {{ size: {sheet.page.width.pt:.4g}pt {sheet.page.height.pt:.4g}pt; "
                 f"margin: {sheet.page.margin_top.pt:.4g}pt {sheet.page.margin_right.pt:.4g}pt "
                 f"{sheet.page.margin_bottom.pt:.4g}pt {sheet.page.margin_left.pt:.4g}pt; }} }}")
    if rtl:
        rules.append("body { direction: rtl; }")
    return "\n".join(rules) + "\n"
