"""A tagged PDF read back independently of Palais: every drawing operation of its pages
inside marked content (an element's or an artifact), and its structure tree."""
from pypdf import PdfReader
from pypdf.generic import ContentStream

# operators that put marks on the page: text, paths painted, images and forms
DRAWING = {b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*",
           b"sh", b"Do", b"BI"}


def untagged(path):
    """Return (page, operator) for each drawing operation outside marked content, and
    the set of (page, mcid) the pages mark."""
    reader = PdfReader(str(path))
    loose, marked = [], set()
    for number, page in enumerate(reader.pages, 1):
        contents = page.get_contents()
        if contents is None:
            continue
        depth = 0
        for operands, operator in ContentStream(contents, reader).operations:
            if operator in (b"BDC", b"BMC"):
                depth += 1
                if operator == b"BDC" and len(operands) > 1:
                    properties = operands[1]
                    if hasattr(properties, "get") and "/MCID" in properties:
                        marked.add((number, int(properties["/MCID"])))
            elif operator == b"EMC":
                depth -= 1
                assert depth >= 0, f"page {number}: EMC without its BDC"
            elif operator in DRAWING and depth == 0:
                loose.append((number, operator.decode()))
        assert depth == 0, f"page {number}: marked content left open"
    return loose, marked


def structure(path):
    """Return the kinds of the structure elements in reading order, with depths, and
    the set of (page, mcid) the tree refers to."""
    reader = PdfReader(str(path))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    tree = root["/StructTreeRoot"].get_object()
    kinds, refs = [], set()

    def walk(element, depth, page):
        element = element.get_object()
        if isinstance(element, int):
            refs.add((page, element))
            return
        if element.get("/Type") == "/MCR":
            refs.add((pages[element.raw_get("/Pg").idnum], int(element["/MCID"])))
            return
        kinds.append((depth, str(element["/S"])[1:], element.get("/Alt")))
        if "/Pg" in element:
            page = pages[element.raw_get("/Pg").idnum]
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid, depth + 1, page)
    for kid in tree["/K"]:
        walk(kid, 0, None)
    return kinds, refs
