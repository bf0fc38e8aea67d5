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
from pathlib import Path

from ..layout.trang_bang import BORDER, TrangBang
from ..text import metrics
from .fonts import serif_fonts

_STYLE = {(False, False): "", (True, False): "B", (False, True): "I", (True, True): "BI"}
_FACE = {"": "regular", "B": "bold", "I": "italic", "BI": "bolditalic"}
_SUFFIX = {"": "", "B": "-Bold", "I": "-Italic", "BI": "-Bold-Italic"}


def ve_trang(pages: list[TrangBang], title: str = "") -> bytes:
    """A PDF of ``pages``, drawn as laid out."""
    from fpdf import FPDF

    family, faces = serif_fonts()
    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title)
    used = {_STYLE[(b, i)] for p in pages for d in p.chu for _, b, i in d.phan}
    for style in sorted(used):
        pdf.add_font("vb", style, str(Path(faces[_FACE[style]])))
        pdf.fonts[f"vb{style}"].name = family.replace(" ", "-") + _SUFFIX[style]
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
            for text, b, i in line.phan:
                key = (_STYLE[(b, i)], line.co_chu)
                if key != current:
                    pdf.set_font("vb", key[0], key[1])
                    current = key
                pdf.text(x, line.y, text)
                x += metrics.width_pt(text, line.co_chu, b, i)
    return _own_tag(bytes(pdf.output()))


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
