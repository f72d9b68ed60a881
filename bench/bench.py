"""Time and peak memory of Palais against raw python-docx and raw reportlab, same content.

usage: python bench/bench.py [EXAMPLE.yaml] [--repeat N]

Each measurement runs in a fresh process, so peak memory (max RSS) is that of
one build alone. The raw builds get the text of the same model (every
paragraph, heading, list item, table cell and footnote) as plain paragraphs:
what a hand-written script would produce, without Palais's layout.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "examples" / "iom-report-geneva-2017.yaml"


def _texts(path: str) -> list:
    """Return the text of every block of the example's model, in order."""
    from palais import compose
    from palais import model as m

    document = compose(path).document
    out = []

    def walk(block):
        if isinstance(block, (m.Para, m.Heading)):
            out.append(m.plain_text(block.content))
        elif isinstance(block, m.List):
            for item in block.items:
                out.append(m.plain_text(item.content))
                for child in item.children:
                    walk(child)
        elif isinstance(block, getattr(m, "Table", ())):
            for row in block.rows:
                for cell in row.cells:
                    for inner in cell.blocks:
                        walk(inner)
        elif isinstance(block, m.Box):
            for inner in block.blocks:
                walk(inner)
        elif isinstance(block, m.Signature):
            out.extend(m.plain_text(line) for line in block.lines)

    for block in document.blocks():
        walk(block)
    out.extend(m.plain_text(note.content) for note in document.notes)
    return [t for t in out if t.strip()]


def _child(task: str, path: str) -> dict:
    """Run one build in this process and return its time; the parent reads max RSS."""
    import io
    import resource

    texts = _texts(path) if task.startswith("raw") else None
    start = time.perf_counter()
    if task.startswith("palais"):
        from palais import render
        formats = {"palais-docx": ("docx",), "palais-pdf": ("pdf",),
                   "palais-both": ("docx", "pdf")}[task]
        render(path, formats=formats, out_dir=str(Path("/tmp") / "palais-bench"))
    elif task == "raw-docx":
        from docx import Document
        doc = Document()
        for text in texts:
            doc.add_paragraph(text)
        doc.save(io.BytesIO())
    elif task == "raw-pdf":
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import Paragraph, SimpleDocTemplate
        from xml.sax.saxutils import escape
        style = getSampleStyleSheet()["BodyText"]
        story = [Paragraph(escape(text), style) for text in texts]
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mib": peak_kib / 1024}


def measure(task: str, path: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, __file__, "--child", task, path],
                              check=True, capture_output=True, text=True, cwd=REPO)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mib": max(r["peak_mib"] for r in runs)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("example", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0
    if not Path(args.example).is_file():
        print(f"bench: no example at {args.example}", file=sys.stderr)
        return 2
    results = {task: measure(task, args.example, args.repeat)
               for task in ("raw-docx", "raw-pdf", "palais-docx", "palais-pdf", "palais-both")}
    raw_both = {"seconds": results["raw-docx"]["seconds"] + results["raw-pdf"]["seconds"],
                "peak_mib": max(results["raw-docx"]["peak_mib"], results["raw-pdf"]["peak_mib"])}
    print(f"example: {Path(args.example).name} (median of {args.repeat} runs, peak = max RSS)")
    print(f"{'build':<12}{'seconds':>10}{'peak MiB':>10}{'time ×raw':>11}{'memory ×raw':>13}")
    for name, raw in (("docx", results["raw-docx"]), ("pdf", results["raw-pdf"]),
                      ("both", raw_both)):
        mine = results[f"palais-{name}"]
        print(f"{'raw ' + name:<12}{raw['seconds']:>10.2f}{raw['peak_mib']:>10.1f}")
        print(f"{'palais ' + name:<12}{mine['seconds']:>10.2f}{mine['peak_mib']:>10.1f}"
              f"{mine['seconds'] / raw['seconds']:>11.1f}{mine['peak_mib'] / raw['peak_mib']:>13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
