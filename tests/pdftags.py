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
        depth, open_ids = 0, []       # open_ids: for each open sequence, whether it has an MCID
        for operands, operator in ContentStream(contents, reader).operations:
            if operator in (b"BDC", b"BMC"):
                depth += 1
                properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
                has_id = hasattr(properties, "get") and "/MCID" in properties
                assert not (has_id and any(open_ids)), f"page {number}: an MCID inside another"
                open_ids.append(has_id)
                if has_id:
                    marked.add((number, int(properties["/MCID"])))
            elif operator == b"EMC":
                depth -= 1
                assert depth >= 0, f"page {number}: EMC without its BDC"
                open_ids.pop()
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
        if element.get("/Type") == "/OBJR":
            kinds.append((depth, "OBJR", element.raw_get("/Obj").idnum))
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


def links(path):
    """Return, for each link annotation of the pages, the kinds of the structure
    elements its StructParent leads to, outermost last: ("Link", "Reference", "P") …;
    None for an annotation outside the structure tree."""
    reader = PdfReader(str(path))
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    nums = tree["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    out = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            key = annotation.get_object().get("/StructParent")
            if key is None or int(key) not in parents:
                out.append(None)
                continue
            element = parents[int(key)].get_object()
            kids = element.get("/K", [])
            kids = kids if isinstance(kids, list) else [kids]
            assert any(getattr(k.get_object(), "get", lambda _: None)("/Obj") is not None and
                       k.get_object().raw_get("/Obj").idnum == annotation.idnum for k in kids), \
                "the Link does not refer back to its annotation"
            chain = []
            while element is not None and "/S" in element:
                chain.append(str(element["/S"])[1:])
                element = element.get("/P")
                element = element.get_object() if element is not None else None
            out.append(tuple(chain))
    return out
