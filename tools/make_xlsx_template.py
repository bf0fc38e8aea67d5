"""Build templates/xlsx/phu-luc.xlsx: the template workbook of the annex tables (phụ lục).

One sheet, "Phụ lục", carries the page setup (A4 landscape, fit to width, margins, page
number in the header); the workbook carries the named cell styles the renderer applies.
A user may restyle the result in Excel (Cell Styles, Page Layout); the renderer copies the
sheet once per annex and reads the styles back by name.

Run after changing the layout:  python tools/make_xlsx_template.py
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "templates" / "xlsx" / "phu-luc.xlsx"
FONT = "Times New Roman"
SHEET = "Phụ lục"


def font(size: float, bold: bool = False, italic: bool = False) -> Font:
    # No font scheme: a scheme would make Excel substitute the theme font (Calibri).
    return Font(name=FONT, size=size, bold=bold or None, italic=italic or None, family=1)


def styles() -> list[NamedStyle]:
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = {"wrap_text": True, "vertical": "center"}
    return [
        NamedStyle("VB Tiêu đề", font=font(14, bold=True), alignment=Alignment("center", **wrap)),
        NamedStyle("VB Kèm theo", font=font(14, italic=True), alignment=Alignment("center", **wrap)),
        NamedStyle("VB Đầu bảng", font=font(12, bold=True), border=box, alignment=Alignment("center", **wrap)),
        NamedStyle("VB Nhóm", font=font(12, bold=True), border=box, alignment=Alignment("left", **wrap)),
        NamedStyle("VB Nội dung", font=font(12), border=box, alignment=Alignment("left", **wrap)),
        NamedStyle("VB Giữa", font=font(12), border=box, alignment=Alignment("center", **wrap)),
        NamedStyle("VB Chú thích", font=font(11, italic=True), alignment=Alignment("left", **wrap)),
    ]


def build() -> Workbook:
    wb = Workbook()
    # The "Normal" style is font 0: every cell without a style of its own, even an empty one,
    # is Times New Roman 12, and Excel measures column widths in this font's digits.
    normal = font(12)
    wb._fonts = IndexedList([normal])
    wb._named_styles["Normal"].font = normal
    for s in styles():
        wb.add_named_style(s)

    ws = wb.active
    ws.title = SHEET
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    # Inches; within Decree 30's 30/20/20/20 mm (left 1.18", right 0.79", top/bottom 0.79").
    ws.page_margins.left, ws.page_margins.right = 0.7, 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.6
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.print_options.horizontalCentered = True
    # Decree 30: page numbers centred in the top margin, none on the first page; each annex
    # is numbered on its own, from 1.
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = FONT
    ws.oddHeader.center.size = 14
    ws.sheet_view.showGridLines = False
    ws.sheet_format.defaultRowHeight = 15.75  # one line of Times New Roman 12
    return wb


def save_deterministic(wb: Workbook, target: Path) -> None:
    """Fixed document dates and zip entry times: the same code gives the same bytes."""
    wb.properties.creator = "vanban"
    wb.properties.created = wb.properties.modified = datetime(2026, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" when saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            dst.writestr(fixed, data)
    target.write_bytes(out.getvalue())


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(build(), TARGET)
    print(f"đã tạo {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
