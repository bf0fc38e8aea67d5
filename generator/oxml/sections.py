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
    top: int | None = None  # None: not set in the section
    bottom: int | None = None
    header: int | None = None  # distance from the page's top edge to the header (the page number)

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


def body_sectpr(doc_element) -> etree._Element:
    return doc_element.find(f"{W}body/{W}sectPr")


def _optional(el: etree._Element, attr: str) -> int | None:
    try:
        return abs(int(float(el.get(f"{W}{attr}"))))  # a negative top margin: text never overlaps the header
    except (TypeError, ValueError, OverflowError):
        return None


def geometry(sect_pr: etree._Element) -> PageGeometry:
    """Page size and margins of a section (twips); a section without size or left and right
    margins raises AttributeError, TypeError or ValueError."""
    sz, mar = sect_pr.find(f"{W}pgSz"), sect_pr.find(f"{W}pgMar")
    return PageGeometry(int(sz.get(f"{W}w")), int(sz.get(f"{W}h")),
                        int(mar.get(f"{W}left")), int(mar.get(f"{W}right")),
                        _optional(mar, "top"), _optional(mar, "bottom"), _optional(mar, "header"))


def split_annex_section(doc_element) -> etree._Element | None:
    """A template of several sections keeps only its first: that section's properties become the
    body's last ``w:sectPr`` and the paragraphs that only held a section break go. The template's
    last section (the annex pages as its maker set them up) is returned; one section: None."""
    body = doc_element.find(f"{W}body")
    final = body.find(f"{W}sectPr") if body is not None else None
    if final is None:
        return None
    inner = [s for s in body.iter(f"{W}sectPr")
             if s is not final and s.getparent() is not None and s.getparent().tag == f"{W}pPr"
             and s.getparent().getparent() is not None and s.getparent().getparent().tag == f"{W}p"]
    if not inner:
        return None
    first = inner[0]
    for s in inner:
        ppr = s.getparent()
        ppr.remove(s)
        p = ppr.getparent()
        if not any(child.tag != f"{W}pPr" for child in p) and p.getparent() is body:
            body.remove(p)  # an empty paragraph that only ended a section (a cell keeps its paragraph)
    body.replace(final, first)
    return final


def landscape_from(portrait: etree._Element, restart_numbering: bool = True,
                   annex: etree._Element | None = None) -> etree._Element:
    """The annex section derived from the document's portrait one: landscape A4 with the
    margins of Phụ lục I, or the page size and margins of ``annex`` (the template's own annex
    section, ``split_annex_section``).

    Header references are dropped so the section inherits the same headers (the centred PAGE
    field, and the empty first-page header: the number is hidden on the annex's first page).
    """
    sect = copy.deepcopy(portrait)
    for ref in sect.findall(f"{W}headerReference") + sect.findall(f"{W}footerReference"):
        sect.remove(ref)
    sz = sect.find(f"{W}pgSz")
    own = None
    if annex is not None:
        try:
            own = geometry(annex)
        except (AttributeError, TypeError, ValueError):
            own = None  # an annex section without a page size: the decree's landscape page
    sz.set(f"{W}w", str(own.width if own else A4_LONG))
    sz.set(f"{W}h", str(own.height if own else A4_SHORT))
    if own is None or own.width > own.height:
        sz.set(f"{W}orient", "landscape")
    elif f"{W}orient" in sz.attrib:
        del sz.attrib[f"{W}orient"]
    mar = sect.find(f"{W}pgMar")
    margins = dict(LANDSCAPE_MARGINS)
    if own is not None:
        margins.update({"left": own.left, "right": own.right})
        margins.update({k: v for k, v in (("top", own.top), ("bottom", own.bottom)) if v is not None})
    for k, v in margins.items():
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
