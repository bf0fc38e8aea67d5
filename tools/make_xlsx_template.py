"""Build the Excel templates:

- templates/xlsx/phu-luc.xlsx, the annex tables (phụ lục). One sheet, "Phụ lục", carries the
  page setup (A4 landscape, fit to width, margins, page number in the header); the workbook
  carries the named cell styles the renderer applies. A user may restyle the result in Excel
  (Cell Styles, Page Layout); the renderer copies the sheet once per annex and reads the
  styles back by name.
- templates/xlsx/bieu-mau.xlsx, the return form (phiếu báo cáo) an agency fills in. Four
  sheets ("Hướng dẫn", "Thông tin báo cáo", "Kết quả", "Nội dung báo cáo") carry column
  widths and page setup; the workbook carries named styles with the annex look (Times New
  Roman, thin borders, wrapped text), in locked ("VB Khóa", grey) and editable ("VB Nhập")
  kinds. ``vanban.render.xlsx_bieu_mau`` fills the sheets in place.

Run after changing the layout:  python tools/make_xlsx_template.py
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "templates" / "xlsx" / "phu-luc.xlsx"
TARGET_BIEU_MAU = ROOT / "templates" / "xlsx" / "bieu-mau.xlsx"
FONT = "Times New Roman"
SHEET = "Phụ lục"

# The return form: sheets and their column widths (characters of Times New Roman 12 digits).
# "Kết quả": Mã nhiệm vụ, TT, Nội dung nhiệm vụ, Vai trò, Tiến độ (locked), Tình trạng,
# Tỷ lệ hoàn thành (%), Kết quả thực hiện, Sản phẩm, Khó khăn, Đề xuất (editable).
# A portrait sheet stays within the printable width at 100 % (about 83 digits): LibreOffice does not
# shrink a sheet whose only column is wider than the page, whatever "fit to width" says.
BIEU_MAU_SHEETS: dict[str, tuple[float, ...]] = {
    "Hướng dẫn": (80,),
    "Thông tin báo cáo": (25, 55),
    "Kết quả": (11, 6, 36, 10, 12, 15, 11, 36, 24, 22, 22),
    "Nội dung báo cáo": (80,),
}
KET_QUA_HEAD_ROW = 3  # title, sub-title, then the column titles
LOCKED_FILL = "F2F2F2"  # light grey: cells the agency does not edit


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


def _times_new_roman_workbook(named: list[NamedStyle]) -> Workbook:
    wb = Workbook()
    # The "Normal" style is font 0: every cell without a style of its own, even an empty one,
    # is Times New Roman 12, and Excel measures column widths in this font's digits.
    normal = font(12)
    wb._fonts = IndexedList([normal])
    wb._named_styles["Normal"].font = normal
    for s in named:
        wb.add_named_style(s)
    return wb


def build() -> Workbook:
    wb = _times_new_roman_workbook(styles())

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


def bieu_mau_styles() -> list[NamedStyle]:
    """Styles of the return form. "Khóa" cells are locked and grey; "Nhập" cells are unlocked
    and stored as text ("@"), so a typed "1/2" or "=..." stays what was typed."""
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor=LOCKED_FILL)
    wrap = {"wrap_text": True, "vertical": "center"}
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    return [
        NamedStyle("VB Tiêu đề", font=font(14, bold=True), alignment=Alignment("center", **wrap)),
        NamedStyle("VB Phụ đề", font=font(12, italic=True), alignment=Alignment("center", **wrap)),
        NamedStyle("VB Văn bản", font=font(12), alignment=Alignment("left", **wrap)),
        NamedStyle("VB Đầu bảng", font=font(12, bold=True), border=box, fill=grey,
                   alignment=Alignment("center", **wrap), protection=locked),
        NamedStyle("VB Mục", font=font(12, bold=True), border=box, fill=grey,
                   alignment=Alignment("left", **wrap), protection=locked),
        NamedStyle("VB Khóa", font=font(12), border=box, fill=grey,
                   alignment=Alignment("left", **wrap), protection=locked),
        NamedStyle("VB Khóa giữa", font=font(12), border=box, fill=grey,
                   alignment=Alignment("center", **wrap), protection=locked),
        NamedStyle("VB Nhập", font=font(12), border=box, number_format="@",
                   alignment=Alignment("left", **wrap), protection=unlocked),
        NamedStyle("VB Nhập giữa", font=font(12), border=box, number_format="@",
                   alignment=Alignment("center", **wrap), protection=unlocked),
        NamedStyle("VB Nhập số", font=font(12), border=box, number_format="General",
                   alignment=Alignment("center", **wrap), protection=unlocked),
        NamedStyle("VB Nhập đoạn", font=font(12), border=box, number_format="@",
                   alignment=Alignment("left", vertical="top", wrap_text=True), protection=unlocked),
    ]


def _page(ws, landscape: bool) -> None:
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if landscape:
        ws.page_margins.left, ws.page_margins.right = 0.7, 0.4
    else:
        ws.page_margins.left, ws.page_margins.right = 0.8, 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.6
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 10
    ws.sheet_view.showGridLines = False
    ws.sheet_format.defaultRowHeight = 15.75


def build_bieu_mau() -> Workbook:
    wb = _times_new_roman_workbook(bieu_mau_styles())
    first = wb.active
    for title, widths in BIEU_MAU_SHEETS.items():
        ws = wb.create_sheet(title)
        _page(ws, landscape=title == "Kết quả")
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
    wb.remove(first)
    ws = wb["Kết quả"]
    ws.freeze_panes = f"A{KET_QUA_HEAD_ROW + 1}"
    for sel in ws.sheet_view.selection:
        sel.activeCell = sel.sqref = f"A{KET_QUA_HEAD_ROW + 1}"
    ws.print_title_rows = f"{KET_QUA_HEAD_ROW}:{KET_QUA_HEAD_ROW}"
    wb.active = 0
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
    save_deterministic(build_bieu_mau(), TARGET_BIEU_MAU)
    print(f"đã tạo {TARGET_BIEU_MAU.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
