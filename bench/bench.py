"""Time and peak memory of Palais against the raw libraries and a peer, in one run.

usage: python bench/bench.py [--repeat N] [--scale 1,10,50]

Every measurement is one build in a fresh process: seconds from the first
import of the library to the bytes written, and peak memory (resident, the
process's own high-water mark when the bytes are written, before the bench
reads the PDF back to count its pages). Runs are
paired -- each round runs every build once, in the same order -- and the
medians are reported; a ratio is the median of the rounds' ratios (a build
over the floor or the peer of its own round). The floors:

- raw docx: python-docx writing the same text (every paragraph, heading, list
  item, table cell and note of the model) as paragraphs of one style, its id
  looked up once;
- raw pdf: reportlab platypus setting the same text in paragraphs, with a
  TrueType font embedded as Palais embeds its own;
- peer: pandoc writing the text (as Markdown, notes as notes) to DOCX, then
  LibreOffice converting that DOCX to PDF, where both are installed.

Palais runs with its cache folder, as a user's would (compiled templates, page
maps). "palais docx (kept map)" is a DOCX-only run that finds the page map of
an earlier layout of the same input (see palais.pagemap); "palais docx" finds
none and lays the PDF out for its contents. "layouts" counts PDF layout passes.
Where the machine has two cores or more, a build runs in two processes (see
palais.parallel): a helper composes and writes the DOCX while the first imports
the PDF writer and lays the PDF out. Seconds are the wall clock; "cpu s" is the
processor time of both processes, "2nd MiB" the helper's peak memory.
The scaling rows render the IOM report with its list of participants repeated,
PDF only, each size once a round, and give the time per page; "× first" is the
median of the rounds' ratios to the first size. Nothing here asserts anything.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = {"IOM report": REPO / "examples" / "iom-report-geneva-2017.yaml",
            "Lima letter": REPO / "examples" / "ga-letter-lima-2013.yaml"}


def _texts(path: str) -> list:
    """Return (kind, text) of every block of the example's model, in order."""
    from palais import compose
    from palais import model as m

    document = compose(path).document
    out = []

    def walk(block):
        if isinstance(block, m.Heading):
            out.append(("heading", m.plain_text(block.content)))
        elif isinstance(block, m.Para):
            out.append(("para", m.plain_text(block.content)))
        elif isinstance(block, m.List):
            for item in block.items:
                out.append(("para", m.plain_text(item.content)))
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
            out.extend(("para", m.plain_text(line)) for line in block.lines)

    for block in document.blocks():
        walk(block)
    out.extend(("note", m.plain_text(note.content)) for note in document.notes)
    return [(kind, text) for kind, text in out if text.strip()]


def _ttf() -> str:
    """Return a TrueType file for the raw PDF floor: the serif Palais would embed."""
    from palais import fonts
    for family in ("Liberation Serif", "Noto Serif"):
        files = fonts.find_family(family, complete=False)
        if files:
            return str(files[0])
    raise SystemExit("bench: no TrueType serif found for the raw PDF floor")


# -- one build, in a child process ---------------------------------------------------

def _child(task: str, path: str, out: str) -> dict:
    import io

    # The raw floors read the text the parent took from the model, so that their
    # time and memory are the library's alone.
    texts = json.loads(Path(path).with_suffix(".texts.json").read_text(encoding="utf-8")) \
        if task.startswith("raw") else None
    font = _ttf() if task == "raw-pdf" else None
    info = {}
    start, cpu = time.perf_counter(), _cpu_seconds()
    second = Path(out).parent / f"second-peak-{os.getpid()}"
    if task.startswith("palais"):
        from palais import render
        from palais.cli import own_process
        own_process()                         # as the palais command does
        _note_second_peak(second)
        formats = {"palais-docx": ("docx",), "palais-docx-kept": ("docx",),
                   "palais-pdf": ("pdf",), "palais-both": ("docx", "pdf")}[task]
        result = render(path, formats=formats, out_dir=out)
        info = {"layouts": result.layouts, "page_map": result.page_map}
    elif task == "raw-docx":
        from docx import Document
        doc = Document()
        style = doc.styles["Normal"].style_id
        for _, text in texts:
            paragraph = doc.add_paragraph(text)
            paragraph._p.style = style
        doc.save(io.BytesIO())
    elif task == "raw-pdf":
        from xml.sax.saxutils import escape

        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate
        pdfmetrics.registerFont(TTFont("Floor", font))
        style = ParagraphStyle("floor", fontName="Floor", fontSize=10, leading=12)
        story = [Paragraph(escape(text), style) for _, text in texts]
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    peak = _peak_kib()                 # the build's own: before pypdf reads the file back
    pdf = Path(out) / (Path(path).stem + ".pdf")
    if task in ("palais-pdf", "palais-both") and pdf.is_file():
        from pypdf import PdfReader
        info["pages"] = len(PdfReader(str(pdf)).pages)
    try:
        info["second_mib"] = int(second.read_text()) / 1024
        second.unlink()
    except (OSError, ValueError):
        pass
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak / 1024, **info}


def _note_second_peak(target: Path) -> None:
    """Have the second process that drafts the DOCX (palais.parallel) write its peak
    memory to ``target`` as it leaves."""
    first, leave = os.getpid(), os._exit

    def leaving(code):
        if os.getpid() != first:
            try:
                target.write_text(str(_peak_kib()))
            except OSError:
                pass
        leave(code)
    os._exit = leaving


def _cpu_seconds() -> float:
    """Return the processor time of this process and of the children it has waited
    for (the second process that drafts the DOCX), user and system."""
    import resource
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_kib() -> int:
    """Return this process's peak resident memory in KiB.

    The kernel's high-water mark of the process's own memory (VmHWM) where it is
    readable: ``ru_maxrss`` keeps, across exec, the peak of the parent that started
    the child, which would floor every figure at the bench's own size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _run_child(task: str, path: Path, out: Path, env: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", task, str(path), str(out)],
                          capture_output=True, text=True, cwd=REPO, env=env)
    if done.returncode:
        raise SystemExit(f"bench: {task} on {path.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the peer: pandoc, then LibreOffice ------------------------------------------------

def _markdown(path: Path) -> str:
    lines, notes = [], []
    for kind, text in _texts(str(path)):
        text = text.replace("\n", " ")
        if kind == "heading":
            lines.append(f"## {text}")
        elif kind == "note":
            notes.append(text)
            lines.append(f"[^{len(notes)}]: {text}")
        else:
            lines.append(text)
    return "\n\n".join(lines) + "\n"


def _peer(markdown: Path, out: Path, profile: Path) -> dict:
    """Time pandoc to DOCX then LibreOffice to PDF, as one user would run them."""
    import resource
    start, cpu = time.perf_counter(), _cpu_seconds()
    docx = out / "peer.docx"
    subprocess.run(["pandoc", str(markdown), "-o", str(docx)], check=True, capture_output=True)
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak}


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


# -- the report ----------------------------------------------------------------------

def _median(runs: list) -> dict:
    out = {"seconds": statistics.median(r["seconds"] for r in runs),
           "cpu": statistics.median(r.get("cpu", r["seconds"]) for r in runs),
           "peak_mib": max(r["peak_mib"] for r in runs),
           "second_mib": max(r.get("second_mib", 0) for r in runs)}
    for extra in ("layouts", "pages", "page_map"):
        if extra in runs[0]:
            out[extra] = runs[0][extra]
    return out


def _paired(runs: list, floors: list) -> float:
    """Return the median, over the rounds, of a build's seconds over the floor's of
    the same round: builds a few seconds apart share the machine's mood, which
    swings the medians of a busy machine by a fifth."""
    return statistics.median(r["seconds"] / f["seconds"] for r, f in zip(runs, floors))


def _scaled(times: int, folder: Path) -> Path:
    """Write the IOM report with each group of its participants list repeated ``times``."""
    import yaml
    source = EXAMPLES["IOM report"]
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    def repeat(groups):
        for group in groups:
            if "people" in group:
                group["people"] = group["people"] * times
            repeat(group.get("groups", ()))
    repeat(data["participants"]["groups"])
    target = folder / f"participants-x{times}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", default="1,10,50",
                        help="participant list multiples for the scaling rows")
    parser.add_argument("--child", nargs=3, metavar=("TASK", "PATH", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(*args.child)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="palais-bench-"))
    try:
        return _report(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _report(args, work: Path) -> int:
    # Palais runs as a user's would, with its cache folder (compiled templates, page
    # maps); "palais docx" finds no page map: the folder's maps are removed first.
    cache = work / "cache"
    # Bytecode is written (to a folder of the bench's own), as it is for an installed
    # package, whatever PYTHONDONTWRITEBYTECODE says: without it every run would
    # compile Palais's modules from source.
    warm = {key: value for key, value in os.environ.items()
            if key != "PYTHONDONTWRITEBYTECODE"}
    warm.update(PALAIS_CACHE_DIR=str(cache), PYTHONPYCACHEPREFIX=str(work / "bytecode"))
    peer = bool(shutil.which("pandoc") and _soffice())
    tasks = ["raw-docx", "raw-pdf", "palais-docx", "palais-docx-kept", "palais-pdf",
             "palais-both"]
    print(f"median of {args.repeat} paired runs; seconds of one build in a fresh process "
          "(cpu: processor seconds, its children's included), peak = the process's own "
          "high-water resident memory, 2nd = that of the helper process that composes and "
          "writes the DOCX (on two cores or more; shared pages counted in both)")
    if not peer:
        print("peer: pandoc or LibreOffice (soffice) is not installed; its rows are left out")
    for title, path in EXAMPLES.items():
        results = {task: [] for task in tasks}
        peer_runs = []
        copy = work / path.name
        shutil.copy(path, copy)
        copy.with_suffix(".texts.json").write_text(json.dumps(_texts(str(path))),
                                                   encoding="utf-8")
        path = copy
        if peer:
            markdown = work / f"{path.stem}.md"
            markdown.write_text(_markdown(path), encoding="utf-8")
            profile = work / "lo-profile"
            _peer(markdown, work, profile)                       # first start makes the profile
        _run_child("palais-both", path, work / "out", warm)      # fills the cache once
        for _ in range(args.repeat):
            for task in tasks:
                if task == "palais-docx":
                    shutil.rmtree(cache / "pagemaps", ignore_errors=True)
                results[task].append(_run_child(task, path, work / "out", warm))
            if peer:
                peer_runs.append(_peer(markdown, work, profile))
        results["raw-both"] = [
            {"seconds": d["seconds"] + p["seconds"], "cpu": d["cpu"] + p["cpu"],
             "peak_mib": max(d["peak_mib"], p["peak_mib"])}
            for d, p in zip(results["raw-docx"], results["raw-pdf"])]
        med = {task: _median(runs) for task, runs in results.items()}
        raw_both = med["raw-both"]
        peer_med = _median(peer_runs) if peer_runs else None
        pages = med["palais-pdf"].get("pages")
        print(f"\n{title} ({path.name}, {pages} pages)")
        print(f"{'build':<26}{'seconds':>8}{'cpu s':>7}{'peak MiB':>10}{'2nd MiB':>9}"
              f"{'layouts':>9}{'× raw':>8}{'× peer':>8}")
        rows = [("raw docx", "raw-docx", None), ("raw pdf", "raw-pdf", None),
                ("raw both", "raw-both", None),
                ("palais docx", "palais-docx", "raw-docx"),
                ("palais docx (kept map)", "palais-docx-kept", "raw-docx"),
                ("palais pdf", "palais-pdf", "raw-pdf"),
                ("palais both", "palais-both", "raw-both")]
        if peer_med:
            results["peer"], med["peer"] = peer_runs, peer_med
            rows.append(("peer pandoc + LibreOffice", "peer", None))
        for name, task, floor in rows:
            mine = med[task]
            ratio = f"{_paired(results[task], results[floor]):>8.2f}" if floor else f"{'':>8}"
            versus = (f"{_paired(results[task], peer_runs):>8.2f}"
                      if peer_med and name.startswith("palais") else f"{'':>8}")
            layouts = mine.get("layouts")
            second = mine.get("second_mib") if name.startswith("palais") else None
            print(f"{name:<26}{mine['seconds']:>8.2f}{mine['cpu']:>7.2f}"
                  f"{mine['peak_mib']:>10.1f}{'' if not second else f'{second:.1f}':>9}"
                  f"{'' if layouts is None else layouts:>9}{ratio}{versus}")

    multiples = [int(x) for x in args.scale.split(",") if x.strip()]
    if multiples:
        print("\nscaling: the IOM report, PDF only, its participants list repeated")
        print(f"{'participants':<14}{'pages':>7}{'seconds':>9}{'ms/page':>9}{'× first':>9}"
              f"{'peak MiB':>10}")
        sources = {times: _scaled(times, work) for times in multiples}
        runs = {times: [] for times in multiples}
        # each size once a round, as the builds above: one run of a size swings by a fifth
        for _ in range(max(1, args.repeat)):
            for times, source in sources.items():
                run = _run_child("palais-pdf", source, work / "scaled", warm)
                run["ms_page"] = run["seconds"] * 1000 / run["pages"]
                runs[times].append(run)
        first = multiples[0]
        for times in multiples:
            med = _median(runs[times])
            per_page = statistics.median(r["ms_page"] for r in runs[times])
            relative = statistics.median(r["ms_page"] / f["ms_page"]
                                         for r, f in zip(runs[times], runs[first]))
            print(f"{'×' + str(times):<14}{med['pages']:>7}{med['seconds']:>9.2f}"
                  f"{per_page:>9.1f}{relative:>9.2f}{med['peak_mib']:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
