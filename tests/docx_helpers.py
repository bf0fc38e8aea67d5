"""Read generated .docx files the way Word resolves them: direct formatting, then the style
chain, then the document defaults."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def open_docx(path: Path):
    return Document(str(path))


def _style_chain(doc, style_id):
    chain = []
    el = doc.styles.element.get_by_id(style_id) if style_id else None
    while el is not None:
        chain.append(el)
        based = el.find(f"{W}basedOn")
        el = doc.styles.element.get_by_id(based.get(f"{W}val")) if based is not None else None
    return chain


def _defaults(doc):
    return doc.styles.element.find(f"{W}docDefaults")


def para_style_id(p_el):
    ps = p_el.find(f"{W}pPr/{W}pStyle")
    return ps.get(f"{W}val") if ps is not None else "Normal"


def run_prop(doc, p_el, r_el, tag):
    """The effective run property element (e.g. 'sz', 'b', 'i', 'rFonts') of a run."""
    if r_el is not None:
        found = r_el.find(f"{W}rPr/{W}{tag}")
        if found is not None:
            return found
    for st in _style_chain(doc, para_style_id(p_el)):
        found = st.find(f"{W}rPr/{W}{tag}")
        if found is not None:
            return found
    return _defaults(doc).find(f"{W}rPrDefault/{W}rPr/{W}{tag}")


def para_prop(doc, p_el, tag):
    found = p_el.find(f"{W}pPr/{W}{tag}")
    if found is not None:
        return found
    for st in _style_chain(doc, para_style_id(p_el)):
        found = st.find(f"{W}pPr/{W}{tag}")
        if found is not None:
            return found
    return _defaults(doc).find(f"{W}pPrDefault/{W}pPr/{W}{tag}")


def size_pt(doc, p_el, r_el=None) -> float:
    return int(run_prop(doc, p_el, r_el, "sz").get(f"{W}val")) / 2


def is_on(el) -> bool:
    return el is not None and el.get(f"{W}val") not in ("0", "false", "off")


def bold(doc, p_el, r_el=None) -> bool:
    return is_on(run_prop(doc, p_el, r_el, "b"))


def italic(doc, p_el, r_el=None) -> bool:
    return is_on(run_prop(doc, p_el, r_el, "i"))


def align(doc, p_el) -> str | None:
    jc = para_prop(doc, p_el, "jc")
    return jc.get(f"{W}val") if jc is not None else None


def text(p_el) -> str:
    # Word's non-breaking hyphen (inside a cited số and ký hiệu) reads as a hyphen
    return "".join((t.text or "") if t.tag == f"{W}t" else "-" for t in p_el.iter(f"{W}t", f"{W}noBreakHyphen"))


def paragraphs(el):
    return list(el.iter(f"{W}p"))


def find_para(doc, predicate):
    for p in paragraphs(doc.element.body):
        if predicate(text(p)):
            return p
    raise AssertionError("paragraph not found")


def part_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def docx_text(path: Path) -> str:
    """Every paragraph's text, then every table cell's, one per line."""
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def last_table_rows(doc) -> list:
    """The rows of the document's last table, the tables before it with the same column head
    included (an annex paginated into one table per page: ``layout.phan_trang``): the head row
    once, then every data row in order."""
    tables = doc.element.body.findall(f"{W}tbl")
    def head(t):
        first = t.find(f"{W}tr")
        return None if first is None else [text(tc) for tc in first.findall(f"{W}tc")]
    last = tables[-1]
    pieces = [last]
    for t in reversed(tables[:-1]):
        if head(t) != head(last):
            break
        pieces.insert(0, t)
    rows = pieces[0].findall(f"{W}tr")
    for t in pieces[1:]:
        rows += t.findall(f"{W}tr")[1:]
    return rows
