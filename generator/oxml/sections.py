"""Section properties: page size, orientation, margins, page-number restart, first-page header."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from .xml import NS_W

W = f"{{{NS_W}}}"

A4_SHORT, A4_LONG = 11906, 16838
# Landscape annex pages, margins in reading orientation (Phụ lục I, I.3): 20/20/30/20 mm.
LANDSCAPE_MARGINS = {"top": 1134, "bottom": 1134, "left": 1701, "right": 1134}


@dataclass(frozen=True)
class PageGeometry:
    width: int
    height: int
    left: int
    right: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


def body_sectpr(doc_element) -> etree._Element:
    return doc_element.find(f"{W}body/{W}sectPr")


def geometry(sect_pr: etree._Element) -> PageGeometry:
    sz, mar = sect_pr.find(f"{W}pgSz"), sect_pr.find(f"{W}pgMar")
    return PageGeometry(int(sz.get(f"{W}w")), int(sz.get(f"{W}h")),
                        int(mar.get(f"{W}left")), int(mar.get(f"{W}right")))


def landscape_from(portrait: etree._Element, restart_numbering: bool = True) -> etree._Element:
    """A landscape A4 section derived from the document's portrait one.

    Header references are dropped so the section inherits the same headers (the centred PAGE
    field, and the empty first-page header: the number is hidden on the annex's first page).
    """
    sect = copy.deepcopy(portrait)
    for ref in sect.findall(f"{W}headerReference") + sect.findall(f"{W}footerReference"):
        sect.remove(ref)
    sz = sect.find(f"{W}pgSz")
    sz.set(f"{W}w", str(A4_LONG))
    sz.set(f"{W}h", str(A4_SHORT))
    sz.set(f"{W}orient", "landscape")
    mar = sect.find(f"{W}pgMar")
    for k, v in LANDSCAPE_MARGINS.items():
        mar.set(f"{W}{k}", str(v))
    _set_type(sect, "nextPage")
    if restart_numbering:
        pg = sect.find(f"{W}pgNumType")
        if pg is None:
            pg = etree.Element(f"{W}pgNumType")
            _insert_in_order(sect, pg)
        pg.set(f"{W}fmt", "decimal")
        pg.set(f"{W}start", "1")
    if sect.find(f"{W}titlePg") is None:
        _insert_in_order(sect, etree.Element(f"{W}titlePg"))
    return sect


_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
          "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
          "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"]


def _insert_in_order(sect: etree._Element, child: etree._Element) -> None:
    name = etree.QName(child).localname
    rank = _ORDER.index(name)
    for i, existing in enumerate(sect):
        if _ORDER.index(etree.QName(existing).localname) > rank:
            sect.insert(i, child)
            return
    sect.append(child)


def _set_type(sect: etree._Element, value: str) -> None:
    t = sect.find(f"{W}type")
    if t is None:
        t = etree.Element(f"{W}type")
        _insert_in_order(sect, t)
    t.set(f"{W}val", value)


def to_xml(sect: etree._Element) -> str:
    return etree.tostring(sect, encoding="unicode")


def section_break_paragraph(sect: etree._Element) -> str:
    """An empty, 1-pt paragraph that ends a section with the given properties."""
    body = to_xml(sect)
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            f'<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{body}</w:pPr></w:p>')
