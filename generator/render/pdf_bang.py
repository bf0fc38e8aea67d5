"""The pages of an annex (``layout.trang_bang``: every line and border placed) drawn into a PDF
with fpdf2: no typesetting here, only translation.

WeasyPrint lays out a long table's cells line by line (about 35 ms a page of Phụ lục I of a
150-agency report); the lines are already measured and placed by the layout, so drawing them
takes a few milliseconds a page. The fonts are the document's (``fonts.serif_fonts``), embedded
as subsets under the names WeasyPrint gives them (``Liberation-Serif-Bold``), so the joined PDF
shows one family; the text is extractable (ToUnicode), as in the pages WeasyPrint draws.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from ..layout.trang_bang import BORDER, RAISE, TrangBang
from ..text import metrics
from .fonts import serif_fonts

_STYLE = {(False, False): "", (True, False): "B", (False, True): "I", (True, True): "BI"}
_FACE = {"": "regular", "B": "bold", "I": "italic", "BI": "bolditalic"}


def ve_trang(pages: list[TrangBang], title: str = "") -> bytes:
    """A PDF of ``pages``, drawn as laid out."""
    from fpdf import FPDF

    # fpdf2 reports a character the font lacks (an emoji, a Chinese character) in English on
    # stderr, which no user should read; the page shows the font's empty box for it
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    family, faces = serif_fonts()
    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    used = {_STYLE[(p[1], p[2])] for page in pages for d in page.chu for p in d.phan}
    for style in sorted(used):
        pdf.add_font("vb", style, str(Path(faces[_FACE[style]])))
        pdf.fonts[f"vb{style}"].name = font_name(family, "B" in style, "I" in style)
    current = None
    for page in pages:
        pdf.add_page(format=(page.rong, page.cao))
        pdf.set_draw_color(0)
        if page.khung:
            pdf.set_line_width(BORDER)
            for a, b, c, d in _edges(page.khung):
                pdf.line(a, b, c, d)
        for x1, x2, y, width in page.gach:
            pdf.set_line_width(width)
            pdf.line(x1, y, x2, y)
        for line in page.chu:
            x = line.x
            for text, b, i, v in line.phan:
                size = line.co_chu * metrics.SMALL if v else line.co_chu
                key = (_STYLE[(b, i)], size)
                if key != current:
                    pdf.set_font("vb", key[0], key[1])
                    current = key
                pdf.text(x, line.y - RAISE[v] * line.co_chu if v else line.y, text)
                x += metrics.width_pt(text, size, b, i)
    return _own_tag(bytes(pdf.output()))


def font_name(family: str, bold: bool, italic: bool) -> str:
    """The name a face is embedded under, as WeasyPrint names it in the pages it typesets: Pango's
    description of the face, spaces as hyphens ("Liberation-Serif-Bold"; "Times-New-Roman,-Bold",
    the comma Pango's, since "Roman" is also a style of its own)."""
    from weasyprint.text.ffi import ffi, pango

    d = pango.pango_font_description_new()
    try:
        pango.pango_font_description_set_family(d, family.encode())
        pango.pango_font_description_set_weight(d, pango.PANGO_WEIGHT_BOLD if bold else pango.PANGO_WEIGHT_NORMAL)
        if italic:
            pango.pango_font_description_set_style(d, pango.PANGO_STYLE_ITALIC)
        text = ffi.string(pango.pango_font_description_to_string(d))
    finally:
        pango.pango_font_description_free(d)
    return re.split(b" [#@]", text)[0].replace(b" ", b"-").decode()


def _edges(boxes) -> list[tuple[float, float, float, float]]:
    """The border segments of the cells ``boxes`` (x, y, width, height), each drawn once where two
    cells share it: lines, as a typesetter draws a table's borders."""
    seen: set = set()
    out = []
    for x, y, w, h in boxes:
        for seg in ((x, y, x + w, y), (x, y + h, x + w, y + h), (x, y, x, y + h), (x + w, y, x + w, y + h)):
            key = tuple(round(v, 2) for v in seg)
            if key not in seen:
                seen.add(key)
                out.append(seg)
    return out


def _own_tag(data: bytes) -> bytes:
    """fpdf2 tags every font subset "MPDFAA+": the subsets of two annexes joined into one file
    would share a tag. Each gets six letters of its file's hash instead (same length: the
    offsets of the file stay right)."""
    digest = hashlib.sha256(data).digest()
    tag = bytes(65 + b % 26 for b in digest[:6])
    return data.replace(b"/MPDFAA+", b"/" + tag + b"+")
