"""The consolidation (``vanban.baocao.tong_hop.TongHop``) as a working workbook.

Sheets: "Tổng hợp" (counts per status, per agency and per group, and a native Excel bar chart of
each agency's completion rate), "Kết quả nhiệm vụ" (one row per task and reporting agency),
"Nội dung báo cáo" (parts I–IV of every accepted return, one row per agency: the consolidated
report quotes them, or counts them for a ``nhom_chung`` group such as the communes), "Chưa báo
cáo" (agencies without an accepted return) and "Không hợp lệ" (files and rows not counted, with
the reason).

As in ``xlsx_phu_luc``: Times New Roman everywhere (the workbook's default font included),
row heights from Times New Roman metrics since no spreadsheet program sizes wrapped rows,
landscape A4 fitted to the page width, and text that is always stored as text, never as a
formula. "Tổng hợp" holds several tables, so it breaks its own pages (``_Sheet.paginate``): a
heading stays with its table, a table running onto a new page has its head row again there; the
chart's numbers are a block beside the chart, outside the printed area.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path, PurePath

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Font as DrawingFont, Paragraph, ParagraphProperties
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..baocao.tong_hop import (PHAN_NOI_DUNG, QUA_HAN_TT, SHEET_NOI_DUNG_TONG_HOP, TINH_TRANG_TONG_HOP,
                               VAI_TRO_THUONG, TongHop)
from ..model import KeHoach
from ..oxml.sheet_rows import SheetRows, save_workbook
from ..safety import xml_text
from ..text import metrics
from ..text.than_van import parse_inline

FONT_NAME = "Times New Roman"
SIZE = 12
LINE_FACTOR = 1.4  # line height / font size, as in xlsx_phu_luc
ROW_EXTRA_PT = 4
MAX_ROW_PT = 409
CELL_PADDING_PX = 10
WIDTH_SAFETY = 0.95
PT_PER_PX = 0.75
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
PAGE_LONG_PT, PAGE_SHORT_PT = 841.9, 595.3  # A4, printed landscape
MARGIN_SIDE_IN, MARGIN_TOP_IN = 0.5, 0.6  # as ``_page`` sets them
PAGE_FILL = 0.95  # of a page's height filled: Excel's and LibreOffice's rows differ a little
KEEP_WITH_HEADING_PT = 100.0  # a heading goes to the next page unless its table's head and rows fit
CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
RATE_FORMAT = "0.0"

SHEET_TONG_HOP = "Tổng hợp"
SHEET_KET_QUA_NHIEM_VU = "Kết quả nhiệm vụ"
SHEET_CHUA_BAO_CAO = "Chưa báo cáo"
# SHEET_NOI_DUNG_TONG_HOP ("Nội dung báo cáo") is named in the consolidated report, so tong_hop owns it
SHEET_KHONG_HOP_LE = "Không hợp lệ"

COT_CO_QUAN = ("TT", "Cơ quan", "Số nhiệm vụ chủ trì", "Số nhiệm vụ phối hợp", "Tổng số nhiệm vụ được giao",
               "Số nhiệm vụ đã báo cáo", "Số nhiệm vụ đã hoàn thành", "Tỷ lệ hoàn thành (%)", "Phiếu báo cáo")
COT_KET_QUA_NHIEM_VU = ("Mã", "Nội dung", "Cơ quan", "Vai trò", "Tình trạng", "Tỷ lệ (%)", "Kết quả", "Sản phẩm",
               "Khó khăn", "Đề xuất", "Đánh giá hạn")
COT_NOI_DUNG = ("TT", "Cơ quan", "Nhóm", "I. Công tác chỉ đạo, tổ chức thực hiện", "II. Tồn tại, hạn chế",
                "III. Phương hướng, nhiệm vụ thời gian tới", "IV. Đề xuất, kiến nghị")
COT_CHUA_BAO_CAO = ("TT", "Cơ quan", "Số nhiệm vụ chủ trì", "Số nhiệm vụ phối hợp", "Tổng số nhiệm vụ được giao")
COT_KHONG_HOP_LE = ("TT", "Tệp", "Cơ quan ghi trên phiếu", "Phạm vi", "Dòng", "Mã nhiệm vụ", "Lý do")

# Column widths in characters of the default font.
W_TONG_HOP = (6, 40, 11, 11, 11, 11, 11, 11, 22)
W_KET_QUA = (10, 36, 20, 10, 13, 8, 30, 20, 20, 20, 14)
W_NOI_DUNG = (6, 28, 16, 40, 40, 40, 40)
W_CHUA_BAO_CAO = (6, 50, 16, 16, 16)
W_KHONG_HOP_LE = (6, 24, 24, 10, 7, 12, 60)


# ---- cells and rows -------------------------------------------------------------------------

@lru_cache(maxsize=1 << 15)
def _line_count(text: str, width: float, bold: bool, italic: bool, size: float) -> int:
    """The lines ``text`` fills in a cell ``width`` points wide (the same texts come back for
    every agency and table: measured once)."""
    # a word wider than the cell ("02-so-xay-dung-bo-sung.xlsx") is broken inside it
    return metrics.line_count(text, width, size, bold, italic)


def _font(bold: bool = False, italic: bool = False, size: float = SIZE) -> Font:
    return Font(name=FONT_NAME, sz=size, b=bold, i=italic)


def _text(value: str) -> str:
    s = xml_text(value)  # the one rule of vanban.safety: characters XML 1.0 cannot hold removed
    return s if len(s) <= MAX_CELL_CHARS else s[:MAX_CELL_CHARS - 1] + "…"


def _sentence(text: str) -> str:
    """A message shown alone in a cell starts with a capital letter."""
    return text[:1].upper() + text[1:]


def _plain(text: str) -> str:
    """Visible text of plan content (inline marks and footnotes dropped)."""
    return "".join(r.text for r in parse_inline(text) if r.note is None).strip()


class _Sheet:
    """Writes rows into a sheet and sizes them from the column widths. The cells go to
    ``rows`` (``vanban.oxml.sheet_rows``: SpreadsheetML text, since openpyxl's cell objects are
    most of a large workbook's time); the sheet's other settings stay on the openpyxl sheet."""

    def __init__(self, ws: Worksheet, widths: tuple[float, ...], size: float = SIZE):
        self.ws = ws
        self.rows = SheetRows()
        self.widths = widths
        self.size = size
        self.row = 1
        self.digit_px = max(round(metrics.width_pt("0", SIZE) / PT_PER_PX), 5)
        self._styles: dict[tuple, int] = {}  # style key -> index of the workbook's cell style
        self.room: float | None = None  # points of rows a printed page holds (``paginate``)
        self.used = 0.0
        self.head: tuple[list, dict] | None = None  # the head row of the table being written
        self._repeating = False
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w

    def style(self, *, bold: bool = False, italic: bool = False, size: float = SIZE, horizontal: str | None = "left",
              vertical: str = "top", head: bool = False, border: bool = True, fmt: str | None = None) -> int:
        """The index of the workbook's cell style with these properties (made once)."""
        key = (bold, italic, size, horizontal, vertical, head, border, fmt)
        found = self._styles.get(key)
        if found is None:
            cell = Cell(self.ws)
            if fmt:
                cell.number_format = fmt
            cell.font = _font(bold, italic, size)
            if horizontal is not None:
                cell.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=True)
            if border:
                cell.border = BORDER
            if head:
                cell.fill = HEAD_FILL
            found = self._styles[key] = self.ws.parent._cell_styles.add(cell._style)
        return found

    def cell(self, row: int, col: int, value, style: int) -> None:
        self.rows.set(row, col, _text(value) if isinstance(value, str) else value, style)

    def _width_pt(self, col: int, span: int) -> float:
        px = sum(w * self.digit_px + 5 for w in self.widths[col - 1:col - 1 + span]) - CELL_PADDING_PX
        return max(px * PT_PER_PX * WIDTH_SAFETY, self.size)

    def _lines(self, text: str, col: int, span: int, bold: bool, italic: bool, size: float) -> int:
        return _line_count(text, self._width_pt(col, span), bold, italic, size)

    def _height(self, values: list, bold: bool, italic: bool, head: bool, span: int, size: float) -> float:
        """The row's height; ``values``: its cells, texts already through ``_text``."""
        lines = 1
        for j, value in enumerate(values, start=1):
            if isinstance(value, str) and value:
                lines = max(lines, self._lines(value, j, span if j == 1 else 1, bold or head, italic, size))
        return round(min(lines * size * LINE_FACTOR + ROW_EXTRA_PT, MAX_ROW_PT), 2)

    # ---- pages: a sheet of several tables breaks its pages itself ---------------------------

    def paginate(self) -> None:
        """Break pages here, where Excel would (landscape A4, fitted to the page width): a heading
        kept with the start of its table, a table's head row written again on each new page."""
        total_pt = sum(w * self.digit_px + 5 for w in self.widths) * PT_PER_PX
        scale = min(1.0, (PAGE_LONG_PT - 2 * MARGIN_SIDE_IN * 72) / total_pt)
        self.room = (PAGE_SHORT_PT - 2 * MARGIN_TOP_IN * 72) * PAGE_FILL / scale
        self.used = 0.0

    def new_page(self) -> None:
        self.ws.row_breaks.append(Break(id=self.row - 1))
        self.used = 0.0

    def _make_room(self, height: float, keep: float, head: bool) -> None:
        if self.room is None or self._repeating:
            return
        if self.used > 0 and self.used + height + keep > self.room:
            self.new_page()
            if self.head is not None and not head:  # a table running on: its head row again
                self._repeating = True
                try:
                    self.put(self.head[0], **self.head[1])
                finally:
                    self._repeating = False

    def put(self, values: list, *, bold: bool = False, italic: bool = False, head: bool = False,
            border: bool = True, centre: tuple[int, ...] = (), span: int = 1, size: float | None = None,
            number_formats: dict[int, str] | None = None, keep: float = 0.0, title: bool = False) -> int:
        """Write one row (``span``: the first cell spans that many columns); return its number.
        On a paginated sheet, ``keep``: the height that must follow on the same page (a heading
        and the start of its table); a head row (``head``) starts a table whose head is repeated.
        ``title``: the first cell centred both ways (a sheet's title lines)."""
        size = size or self.size
        # text, never a formula: "=", "+", "-", "@" stay as typed (SheetRows writes text as text)
        values = [_text(v) if isinstance(v, str) else v for v in values]
        height = self._height(values, bold, italic, head, span, size)
        self._make_room(height, keep, head)
        if head and not self._repeating:
            self.head = (list(values), {"head": True, "centre": centre, "span": span, "size": size})
        if self.room is not None:
            self.used += height
        r = self.row
        rows = self.rows
        for j, value in enumerate(values, start=1):
            fmt = number_formats.get(j) if number_formats and value is not None and not isinstance(value, str) else None
            if title and j == 1:
                style = self.style(bold=bold, italic=italic, size=size, horizontal="center", vertical="center",
                                   border=border)
            else:
                style = self.style(bold=bold or head, italic=italic, size=size,
                                   horizontal="center" if head or j in centre else "left",
                                   vertical="center" if head else "top", head=head, border=border, fmt=fmt)
            rows.set(r, j, value, style)
        if span > 1:
            style = self.style(bold=bold, italic=italic, size=size, horizontal=None, border=border)
            for j in range(2, span + 1):
                rows.set(r, j, None, style)
            self.ws.merged_cells.add(CellRange(min_row=r, min_col=1, max_row=r, max_col=span))
        rows.height(r, height)
        self.row += 1
        return r

    def title(self, text: str, span: int, *, bold: bool = True, italic: bool = False, size: float = 13) -> int:
        return self.put([text], bold=bold, italic=italic, border=False, span=span, size=size, title=True)

    def heading(self, text: str, span: int) -> int:
        """A table's heading, kept on the page of the table's head row and first rows."""
        return self.put([text], bold=True, border=False, span=span, keep=KEEP_WITH_HEADING_PT)

    def skip(self, n: int = 1) -> None:
        """Blank rows; they end the table being written."""
        self.head = None
        for _ in range(n):
            self.rows.height(self.row, round(SIZE * LINE_FACTOR, 2))
            self.used += SIZE * LINE_FACTOR
            self.row += 1


def _page(ws: Worksheet, title_rows: str | None = None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P/&N"
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"
    ws.oddFooter.center.size = 11
    if title_rows:
        ws.print_title_rows = title_rows


def _freeze(ws: Worksheet, row: int) -> None:
    ws.freeze_panes = f"A{row}"
    for sel in ws.sheet_view.selection:
        sel.activeCell = sel.sqref = f"A{row}"


def _rate(value: float) -> float:
    return round(value, 1)


# ---- the chart ------------------------------------------------------------------------------

def _rich(size: float, bold: bool = False) -> RichText:
    props = CharacterProperties(latin=DrawingFont(typeface=FONT_NAME), cs=DrawingFont(typeface=FONT_NAME),
                                sz=int(size * 100), b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title_font(title, size: float, bold: bool) -> None:
    props = CharacterProperties(latin=DrawingFont(typeface=FONT_NAME), cs=DrawingFont(typeface=FONT_NAME),
                                sz=int(size * 100), b=bold)
    for para in title.tx.rich.p:
        para.pPr = ParagraphProperties(defRPr=props)
        for run in para.r or []:
            run.rPr = props


def _chart_space_font(chart: BarChart) -> None:
    """Times New Roman as the chart's own default text (openpyxl writes no chart-space txPr)."""
    write = chart._write

    def _write():
        tree = write()
        tree.append(_rich(10).to_tree(tagname=f"{{{CHART_NS}}}txPr"))
        return tree

    chart._write = _write


def _chart(ws: Worksheet, head_row: int, first: int, last: int, anchor: str, name_col: int = 2,
           rate_col: int = 8) -> BarChart:
    chart = BarChart()
    _chart_space_font(chart)
    chart.type = "bar"  # horizontal bars: long agency names read on the category axis
    chart.grouping = "clustered"
    chart.title = "Tỷ lệ hoàn thành nhiệm vụ theo cơ quan (%)"
    _title_font(chart.title, 12, True)
    data = Reference(ws, min_col=rate_col, min_row=head_row, max_row=last)
    cats = Reference(ws, min_col=name_col, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    # Agency names are text: a string reference, so no program reads them as numbers.
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(cats)))
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # the first agency on top, as in the table
    chart.x_axis.delete = False
    chart.x_axis.txPr = _rich(10)
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # with the categories reversed, keep the percent axis at the bottom
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 20
    chart.y_axis.number_format = "0"
    chart.y_axis.title = "Tỷ lệ hoàn thành (%)"
    _title_font(chart.y_axis.title, 10, False)
    chart.x_axis.axPos = "l"
    chart.y_axis.axPos = "b"
    chart.y_axis.txPr = _rich(10)
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                     showPercent=False, showLeaderLines=False)
    chart.dataLabels.numFmt = RATE_FORMAT
    chart.dataLabels.txPr = _rich(10)
    chart.gapWidth = 60
    n = last - first + 1
    chart.width = 24  # cm
    chart.height = max(7.5, 0.75 * n + 3)
    ws.add_chart(chart, anchor)
    return chart


# ---- the sheets -----------------------------------------------------------------------------

def _tong_hop_sheet(ws: Worksheet, th: TongHop, kh: KeHoach) -> SheetRows:
    s = _Sheet(ws, W_TONG_HOP)
    s.paginate()
    n_cols = len(W_TONG_HOP)
    s.title(f"TỔNG HỢP KẾT QUẢ THỰC HIỆN {kh.ten_loai.upper()} SỐ {th.ke_hoach}", n_cols)
    s.title(f"Kỳ báo cáo: {th.ky.ten} (từ ngày {th.ky.tu_ngay:%d/%m/%Y} đến ngày {th.ky.den_ngay:%d/%m/%Y})",
            n_cols, bold=False, italic=True, size=SIZE)
    s.skip()
    _freeze(ws, s.row)

    s.heading("I. SỐ NHIỆM VỤ THEO TÌNH TRẠNG", n_cols)
    s.put(["TT", "Tình trạng", "Số nhiệm vụ", "Tỷ lệ (%)"], head=True)
    counts = th.theo_tinh_trang
    total = th.tong_so
    fmt = {4: RATE_FORMAT}
    for k, status in enumerate(TINH_TRANG_TONG_HOP, start=1):
        s.put([str(k), status, counts[status], _rate(100 * counts[status] / total if total else 0)],
              centre=(1, 3, 4), number_formats=fmt)
    s.put(["", "Tổng số", total, _rate(100.0 if total else 0)], bold=True, centre=(1, 3, 4), number_formats=fmt)
    s.put(["", f"Trong đó: {QUA_HAN_TT.lower()} (đến hạn, chưa hoàn thành)", th.so_qua_han,
           _rate(100 * th.so_qua_han / total if total else 0)], italic=True, centre=(1, 3, 4), number_formats=fmt)
    s.skip()

    s.heading("II. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ", n_cols)
    s.put(list(COT_CO_QUAN), head=True)
    first = s.row
    for k, c in enumerate(th.co_quan, start=1):
        s.put([str(k), c.co_quan, c.so_chu_tri, c.so_phoi_hop, c.so_nhiem_vu, c.so_bao_cao, c.so_hoan_thanh,
               _rate(c.ty_le), PurePath(c.tep).name if c.tep else
               f"Phiếu lỗi: {PurePath(c.phieu_loi).name}" if c.phieu_loi else "Chưa gửi"],
              centre=(1, 3, 4, 5, 6, 7, 8), number_formats={8: RATE_FORMAT})
    last = s.row - 1
    s.skip()

    s.heading("III. SỐ NHIỆM VỤ THEO NHÓM", n_cols)
    s.put(["TT", "Nhóm nhiệm vụ", "Số nhiệm vụ", *TINH_TRANG_TONG_HOP, QUA_HAN_TT], head=True)
    for k, g in enumerate(th.nhom, start=1):
        name = _plain(f"{g.nhan}. {g.ten}" if g.nhan else g.ten)
        s.put([str(k), name, g.so_nhiem_vu, *[g.theo_tinh_trang[x] for x in TINH_TRANG_TONG_HOP], g.qua_han],
              centre=(1, 3, 4, 5, 6, 7, 8))
    s.skip()

    s.new_page()  # the chart starts a page of its own
    s.heading("IV. BIỂU ĐỒ TỶ LỆ HOÀN THÀNH THEO CƠ QUAN, ĐƠN VỊ", n_cols)
    if last >= first:
        # The chart's numbers, one block beside it and outside the printed area: table II has its
        # head row again on each page it runs onto, which a chart's range cannot skip.
        top = s.row
        name_col, rate_col = n_cols + 2, n_cols + 3
        bold = s.style(bold=True, horizontal=None, border=False)
        s.cell(top, name_col, "Cơ quan (số liệu của biểu đồ)", bold)
        s.cell(top, rate_col, COT_CO_QUAN[7], bold)
        plain = s.style(horizontal=None, border=False)
        rate = s.style(horizontal=None, border=False, fmt=RATE_FORMAT)
        for k, c in enumerate(th.co_quan, start=1):
            s.cell(top + k, name_col, c.co_quan, plain)
            s.cell(top + k, rate_col, _rate(c.ty_le), rate)
        ws.column_dimensions[get_column_letter(name_col)].width = W_TONG_HOP[1]
        ws.column_dimensions[get_column_letter(rate_col)].width = W_TONG_HOP[7]
        chart = _chart(ws, top, top + 1, top + len(th.co_quan), f"A{s.row}", name_col, rate_col)
        below = s.row + math.ceil(chart.height / 2.54 * 72 / 15) + 1  # rows of 15 pt the chart covers
        ws.print_area = f"A1:{get_column_letter(n_cols)}{max(s.rows.max_row, below)}"
    _page(ws)
    return s.rows


def _ket_qua_sheet(ws: Worksheet, th: TongHop) -> SheetRows:
    size = 11
    s = _Sheet(ws, W_KET_QUA, size)
    n_cols = len(W_KET_QUA)
    s.title(f"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ {th.ky.ten.upper()} - KẾ HOẠCH SỐ {th.ke_hoach}", n_cols)
    s.skip()
    head = s.put(list(COT_KET_QUA_NHIEM_VU), head=True)
    for t in th.nhiem_vu:
        han = t.danh_gia_han[0].upper() + t.danh_gia_han[1:]
        if t.qua_han:
            han += f"\n({QUA_HAN_TT.lower()}, chưa hoàn thành)"
        content = _plain(t.nhiem_vu.noi_dung)
        if not t.bao_cao:
            s.put([t.id, content, "", "", "Chưa báo cáo", None, "", "", "", "", han], centre=(1, 4, 5, 6, 11))
            continue
        for r in t.bao_cao:
            s.put([t.id, content, r.co_quan, VAI_TRO_THUONG[r.vai_tro].capitalize(), r.tinh_trang or "",
                   r.ty_le, r.ket_qua or "", r.san_pham or "", r.kho_khan or "", r.de_xuat or "", han],
                  centre=(1, 4, 5, 6, 11), number_formats={6: "0.##"})
    last = s.row - 1
    _freeze(ws, head + 1)
    if last > head:
        ws.auto_filter.ref = f"A{head}:{get_column_letter(n_cols)}{last}"
    _page(ws, f"{head}:{head}")
    return s.rows


def _noi_dung_sheet(ws: Worksheet, th: TongHop) -> SheetRows:
    """Parts I–IV of every accepted return; the column "Nhóm" only when some agency is counted
    with its group in the report."""
    keep = [j for j in range(len(COT_NOI_DUNG)) if COT_NOI_DUNG[j] != "Nhóm" or th.nhom_chung]
    s = _Sheet(ws, tuple(W_NOI_DUNG[j] for j in keep), 11)
    n_cols = len(keep)
    s.title(f"NỘI DUNG BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ {th.ky.ten.upper()} - KẾ HOẠCH SỐ {th.ke_hoach}", n_cols)
    s.skip()
    head = s.put([COT_NOI_DUNG[j] for j in keep], head=True)
    for k, (agency, texts) in enumerate(th.noi_dung.items(), start=1):
        row = [str(k), agency, th.nhom_chung.get(agency, ""), *(texts.get(p, "") for p in PHAN_NOI_DUNG)]
        s.put([row[j] for j in keep], centre=(1,))
    if not th.noi_dung:
        s.put(["Chưa cơ quan, đơn vị nào báo cáo các nội dung này."], span=n_cols, italic=True)
    elif s.row - 1 > head:
        ws.auto_filter.ref = f"A{head}:{get_column_letter(n_cols)}{s.row - 1}"
    _freeze(ws, head + 1)
    _page(ws, f"{head}:{head}")
    return s.rows


def _chua_bao_cao_sheet(ws: Worksheet, th: TongHop) -> SheetRows:
    s = _Sheet(ws, W_CHUA_BAO_CAO)
    n_cols = len(W_CHUA_BAO_CAO)
    s.title(f"CƠ QUAN, ĐƠN VỊ CHƯA GỬI BÁO CÁO {th.ky.ten.upper()}", n_cols)
    s.skip()
    head = s.put(list(COT_CHUA_BAO_CAO), head=True)
    missing = th.chua_bao_cao
    for k, c in enumerate(missing, start=1):
        s.put([str(k), c.co_quan, c.so_chu_tri, c.so_phoi_hop, c.so_nhiem_vu], centre=(1, 3, 4, 5))
    if not missing:
        s.put(["Tất cả cơ quan, đơn vị được giao nhiệm vụ đã gửi báo cáo."], span=n_cols, italic=True)
    _freeze(ws, head + 1)
    _page(ws, f"{head}:{head}")
    return s.rows


def _khong_hop_le_sheet(ws: Worksheet, th: TongHop) -> SheetRows:
    s = _Sheet(ws, W_KHONG_HOP_LE)
    n_cols = len(W_KHONG_HOP_LE)
    s.title("PHIẾU BÁO CÁO VÀ DÒNG KHÔNG ĐƯỢC TÍNH", n_cols)
    s.skip()
    head = s.put(list(COT_KHONG_HOP_LE), head=True)
    k = 0
    for x in th.khong_hop_le:
        k += 1
        s.put([str(k), PurePath(x.tep).name, x.co_quan or "", "Cả phiếu", "", "", _sentence(x.ly_do)],
              centre=(1, 4, 5))
    for d in th.dong_khong_tinh:
        k += 1
        s.put([str(k), PurePath(d.tep).name, d.co_quan, "Một dòng", d.dong, d.id, _sentence(d.ly_do)],
              centre=(1, 4, 5, 6))
    if not k:
        s.put(["Không có phiếu hoặc dòng nào bị loại."], span=n_cols, italic=True)
    _freeze(ws, head + 1)
    _page(ws, f"{head}:{head}")
    return s.rows


def render_tong_hop_xlsx(th: TongHop, kh: KeHoach, target: Path) -> None:
    """Write the consolidation workbook to ``target`` (the caller makes the write atomic)."""
    wb = Workbook()
    default = _font()
    wb._fonts = IndexedList([default])  # the default font of every cell, empty ones included
    wb._named_styles["Normal"].font = default
    ws = wb.active
    ws.title = SHEET_TONG_HOP
    rows = {SHEET_TONG_HOP: _tong_hop_sheet(ws, th, kh)}
    for title, sheet in ((SHEET_KET_QUA_NHIEM_VU, _ket_qua_sheet), (SHEET_NOI_DUNG_TONG_HOP, _noi_dung_sheet),
                         (SHEET_CHUA_BAO_CAO, _chua_bao_cao_sheet), (SHEET_KHONG_HOP_LE, _khong_hop_le_sheet)):
        rows[title] = sheet(wb.create_sheet(title), th)
    wb.active = 0

    props = wb.properties
    props.title = xml_text(f"Tổng hợp kết quả thực hiện {kh.ten_loai} {th.ke_hoach} {th.ky.ten}")
    props.creator = xml_text(kh.co_quan_ban_hanh.ten)  # properties: the same rule as cells
    props.lastModifiedBy = xml_text(kh.co_quan_ban_hanh.ten)
    props.language = "vi-VN"
    props.created = datetime.now(timezone.utc).replace(tzinfo=None)
    save_workbook(wb, target, rows)


__all__ = ["SHEET_CHUA_BAO_CAO", "SHEET_KET_QUA_NHIEM_VU", "SHEET_KHONG_HOP_LE", "SHEET_NOI_DUNG_TONG_HOP", "SHEET_TONG_HOP",
           "render_tong_hop_xlsx"]
