"""Golden cases: each example's model, dumped as text, against tests/golden/<case>/."""
import dataclasses
from pathlib import Path

import pytest

from palais import compose
from palais import model as m

ROOT = Path(__file__).resolve().parent
CASES = sorted((ROOT.parent / "examples").glob("*.yaml"))


def dump(document) -> str:
    """Return the model as indented text: one line per node, text in full."""
    lines = [f"meta {document.meta!r}"]

    def inline(nodes):
        out = []
        for node in nodes:
            if isinstance(node, m.Text):
                out.append(node.text)
            elif isinstance(node, m.NoteRef):
                out.append(f"[^{node.note.mark}]")
            elif isinstance(node, m.LineBreak):
                out.append("<br>")
            elif isinstance(node, m.Link):
                out.append(f"<link {node.href}>{inline(node.children)}</link>")
            else:
                tag = type(node).__name__.lower()
                out.append(f"<{tag}>{inline(node.children)}</{tag}>")
        return "".join(out)

    for section in document.sections:
        lines.append(f"section role={section.role} new_page={section.new_page} odd={section.odd} "
                     f"page_style={section.page_style!r} number={section.number}")
        for block in section.blocks:
            if isinstance(block, m.Masthead):
                fields = {f.name: getattr(block, f.name) for f in dataclasses.fields(block)
                          if f.name != "agenda"}
                lines.append(f"  masthead {fields!r}")
                lines.extend(f"    line bold={line.bold}: {inline(line.content)}" for line in block.agenda)
            elif isinstance(block, m.Heading):
                lines.append(f"  heading {block.style} level={block.level} number={block.number}: "
                             f"{inline(block.content)}")
            elif isinstance(block, m.Para):
                lines.append(f"  para {block.style} {block.number or '-'}: {inline(block.content)}")
            elif isinstance(block, m.List):
                lines.append(f"  list {block.style}")
                lines.extend(f"    {item.label} {inline(item.content)}" for item in block.items)
            elif isinstance(block, m.Table):
                lines.append(f"  table {block.style} widths={block.widths}")
                for row in block.rows:
                    cells = [" / ".join(inline(b.content) if hasattr(b, "content") else
                                        " ; ".join(inline(i.content) for i in b.items)
                                        for b in cell.blocks) + (f" (span {cell.span})" if cell.span > 1 else "")
                             for cell in row.cells]
                    lines.append(f"    {'header ' if row.header else ''}| " + " | ".join(cells))
            elif isinstance(block, m.Signature):
                lines.append(f"  signature {block.style}")
                lines.extend(f"    {inline(line)}" for line in block.lines)
            else:
                lines.append(f"  {block!r}")
    for note in document.notes:
        lines.append(f"note {note.mark} custom={note.custom_mark}: {inline(note.content)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("example", CASES, ids=[c.stem for c in CASES])
def test_model_matches_golden(example, request):
    document = compose(example).document
    expected = ROOT / "golden" / example.stem / "expected" / "model.txt"
    text = dump(document)
    if request.config.getoption("--update-golden"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert expected.is_file(), f"no golden file; run pytest --update-golden and read {expected}"
    assert text == expected.read_text(encoding="utf-8")


# -- rendered outputs of the smallest example, part by part ----------------------

LETTER = ROOT.parent / "examples" / "ga-letter-lima-2013.yaml"


def _docx_parts(path) -> dict:
    """Return the XML parts of a DOCX, pretty-printed; core.xml is left out (dates)."""
    import zipfile

    from lxml import etree
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith((".xml", ".rels")) and name != "docProps/core.xml":
                root = etree.fromstring(archive.read(name))
                parts[name] = etree.tostring(root, pretty_print=True, encoding="unicode")
    return parts


def _pdf_text(path) -> str:
    from pypdf import PdfReader
    pages = PdfReader(str(path)).pages
    return "".join(f"--- page {i + 1}\n{page.extract_text()}\n" for i, page in enumerate(pages))


def test_letter_outputs_match_golden(tmp_path, request):
    from palais import render
    render(LETTER, out_dir=tmp_path)
    expected = ROOT / "golden" / LETTER.stem / "expected"
    parts = _docx_parts(tmp_path / f"{LETTER.stem}.docx")
    text = _pdf_text(tmp_path / f"{LETTER.stem}.pdf")
    if request.config.getoption("--update-golden"):
        for name, xml in parts.items():
            target = expected / "docx" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(xml, encoding="utf-8")
        (expected / "pdf.txt").write_text(text, encoding="utf-8")
    stored = sorted(str(p.relative_to(expected / "docx")) for p in (expected / "docx").rglob("*")
                    if p.is_file())
    assert stored == sorted(parts)
    for name, xml in parts.items():
        assert xml == (expected / "docx" / name).read_text(encoding="utf-8"), name
    assert text == (expected / "pdf.txt").read_text(encoding="utf-8")
