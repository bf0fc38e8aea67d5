"""Annex tables (phụ lục) of a Kế hoạch -> one .xlsx workbook, one sheet per annex.

The template ``templates/xlsx/phu-luc.xlsx`` owns what a user may restyle in Excel: the named
cell styles ("VB Tiêu đề", "VB Đầu bảng", …), the default font and the page setup of its
first sheet (paper, orientation, fit to width, margins, page number header). Each annex gets a
copy of that sheet; column widths come from the page width and the columns' weights, row
heights from Times New Roman metrics, since no spreadsheet program sizes rows of merged,
wrapped cells by itself.
"""

from __future__ import annotations

import re
from copy import copy, deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import TemplateError
from ..model import KeHoach, PhuLuc
from ..text import metrics
from ..text.than_van import Run, parse_inline
from . import prepare

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "xlsx" / "phu-luc.xlsx"

CENTRED_COLUMNS = {"tt", "tien_do", "thoi_gian", "kinh_phi"}
TITLE, KEM_THEO, HEAD, GROUP, TEXT, MIDDLE, NOTE = (
    "VB Tiêu đề", "VB Kèm theo", "VB Đầu bảng", "VB Nhóm", "VB Nội dung", "VB Giữa", "VB Chú thích")
STYLES = (TITLE, KEM_THEO, HEAD, GROUP, TEXT, MIDDLE, NOTE)
TABLE_STYLES = {HEAD, GROUP, TEXT, MIDDLE}

# Paper sizes (Excel paperSize codes) in inches, portrait; anything else is treated as A4.
PAPER = {1: (8.5, 11.0), 5: (8.5, 14.0), 8: (11.69, 16.54), 9: (8.27, 11.69), 11: (5.83, 8.27)}
PX_PER_INCH = 96
PT_PER_PX = 0.75
CELL_PADDING_PX = 10  # inner margins and grid line of a cell, taken generously
MIN_WIDTH = 5  # characters
LINE_FACTOR = 1.4  # line height / font size; keeps marks above capitals (Ở, Ế) unclipped
ROW_EXTRA_PT = 4
MAX_ROW_PT = 409  # Excel's limit
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class _Face:
    size: float
    bold: bool
    italic: bool


class _Sheet:
    """Writes one annex into a worksheet and keeps what row heights need."""

    def __init__(self, ws: Worksheet, faces: dict[str, _Face], widths_px: list[float], table_size: float | None):
        self.ws = ws
        self.faces = faces
        self.widths_px = widths_px
        self.ncols = len(widths_px)
        self.table_size = table_size
        self.row = 0
        self.lines_pt: dict[int, float] = {}  # row -> height needed

    def face(self, style: str) -> _Face:
        f = self.faces[style]
        if self.table_size is not None and style in TABLE_STYLES:
            return _Face(self.table_size, f.bold, f.italic)
        return f

    def needed_pt(self, text: str, style: str, first: int, last: int) -> float:
        """Height of ``text`` wrapped in columns first..last (1-based, inclusive)."""
        f = self.face(style)
        px = sum(self.widths_px[first - 1:last]) - CELL_PADDING_PX
        width = max(px * PT_PER_PX, f.size)
        lines = sum(len(metrics.wrap(part, width, f.size, f.bold, f.italic)) for part in text.split("\n"))
        return lines * f.size * LINE_FACTOR + ROW_EXTRA_PT

    def put(self, row: int, col: int, text: str, style: str, span: int = 1, measure: bool = True) -> None:
        cell = self.ws.cell(row=row, column=col)
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
        if text:
            cell.value = text
            cell.data_type = "s"  # text, never a formula ("=", "+", "-", "@" stay as typed)
        cell.style = style
        if self.table_size is not None and style in TABLE_STYLES:
            font = copy(cell.font)
            font.sz = self.table_size
            cell.font = font
        if span > 1:  # style first: merging copies the top-left cell's borders to the edges
            self.ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        if measure:
            self.need(row, self.needed_pt(text, style, col, col + span - 1))

    def need(self, row: int, height: float) -> None:
        self.lines_pt[row] = max(self.lines_pt.get(row, 0), height)

    def full_row(self, text: str, style: str) -> None:
        self.row += 1
        self.put(self.row, 1, text, style, span=self.ncols)


class _Notes:
    """Footnotes of one sheet, numbered (1), (2)… in order of appearance."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def text(self, runs: list[Run]) -> str:
        out = []
        for r in runs:
            if r.note is not None:
                self.items.append(self.text(r.note).strip())
                out.append(f"({len(self.items)})")
            else:
                out.append(r.text)
        return "".join(out)


def _faces(wb: Workbook, template: Path) -> dict[str, _Face]:
    named = {s.name: s for s in wb._named_styles}
    missing = [s for s in STYLES if s not in named]
    if missing:
        raise TemplateError(f"{template}: mẫu .xlsx thiếu kiểu ô " + ", ".join(f"“{m}”" for m in missing))
    faces = {}
    for name in STYLES:
        font = named[name].font
        faces[name] = _Face(float(font.sz or 12), bool(font.b), bool(font.i))
    return faces


def _digit_px(wb: Workbook) -> float:
    """Width of a digit of the workbook's default font, the unit of Excel column widths."""
    font = wb._fonts[0]
    return max(round(metrics.width_pt("0", float(font.sz or 11)) / PT_PER_PX), 5)


def _printable_px(ws: Worksheet) -> float:
    short, long = PAPER.get(int(ws.page_setup.paperSize or 9), PAPER[9])
    across = long if ws.page_setup.orientation == "landscape" else short
    m = ws.page_margins
    return (across - (m.left or 0) - (m.right or 0)) * PX_PER_INCH


def _column_widths(pl: PhuLuc, total_chars: float) -> list[float]:
    weights = [c.weight for c in pl.cot]
    total = sum(weights)
    return [round(max(MIN_WIDTH, total_chars * w / total), 2) for w in weights]


def _copy_sheet(wb: Workbook, template: Worksheet, title: str) -> Worksheet:
    ws = wb.copy_worksheet(template)  # cells, widths, margins, page setup, sheet properties
    ws.title = title
    # Not copied by openpyxl: the header/footer, the view and the fit-to-page flag's owner.
    ws.HeaderFooter = deepcopy(template.HeaderFooter)
    ws.sheet_properties = deepcopy(template.sheet_properties)
    ws.page_setup = copy(template.page_setup)
    ws.page_setup._parent = ws  # the shallow copy still pointed at the template sheet
    ws.sheet_view.showGridLines = template.sheet_view.showGridLines
    ws.sheet_view.zoomScale = template.sheet_view.zoomScale
    return ws


def _sheet_title(label: str, taken: set[str]) -> str:
    base = SHEET_NAME_BAD.sub("", label).strip("'")[:31] or "Phụ lục"
    title, k = base, 1
    while title.lower() in taken:
        k += 1
        suffix = f" ({k})"
        title = base[:31 - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _annex(sheet: _Sheet, kh: KeHoach, pl: PhuLuc, label: str) -> None:
    ws, cols = sheet.ws, pl.cot
    n = len(cols)
    notes = _Notes()
    codes = [c.ma for c in cols]

    sheet.full_row(label, TITLE)
    sheet.full_row(pl.ten.upper(), TITLE)
    if pl.phu_de:
        sheet.full_row(pl.phu_de, TITLE)
    sheet.full_row(prepare.kem_theo(kh), KEM_THEO)
    sheet.row += 1
    sheet.need(sheet.row, sheet.faces[TEXT].size * LINE_FACTOR)

    sheet.row += 1
    header_row = sheet.row
    for j, c in enumerate(cols, start=1):
        sheet.put(header_row, j, c.title, HEAD)

    # Vertical merges: column -> [first row, last row, text, style] of the open run.
    runs: dict[int, list] = {}

    def close(j: int) -> None:
        first, last, text, style = runs.pop(j)
        if last > first:
            ws.merge_cells(start_row=first, start_column=j, end_row=last, end_column=j)
        have = sum(sheet.lines_pt.get(r, 0) for r in range(first, last + 1))
        want = sheet.needed_pt(text, style, j, j)
        if want > have:  # the run's rows together are too short: the last one takes the rest
            sheet.lines_pt[last] = sheet.lines_pt.get(last, 0) + want - have

    for row in prepare.annex_rows(pl):
        sheet.row += 1
        r = sheet.row
        if row.kind == "group":
            for j in list(runs):
                close(j)
            title = notes.text(parse_inline(row.title))
            if codes[0] == "tt" and n > 1:
                sheet.put(r, 1, row.label, HEAD)
                sheet.put(r, 2, title, GROUP, span=n - 1)
            else:
                prefix = f"{row.label}. " if row.label else ""
                sheet.put(r, 1, prefix + title, GROUP, span=n)
            continue
        for j, c in enumerate(cols, start=1):
            mark = row.merge.get(c.ma)
            style = MIDDLE if c.ma in CENTRED_COLUMNS else TEXT
            if mark == "continue" and j in runs:
                runs[j][1] = r
                continue
            if j in runs:
                close(j)
            text = notes.text(parse_inline(row.cell(c.ma)))
            if mark == "restart":
                sheet.put(r, j, text, style, measure=False)
                runs[j] = [r, r, text, style]
            else:
                sheet.put(r, j, text, style)
        sheet.need(r, sheet.face(TEXT).size * LINE_FACTOR + ROW_EXTRA_PT)
    for j in list(runs):
        close(j)
    last_table_row = sheet.row

    if notes.items:
        sheet.row += 1
        sheet.need(sheet.row, sheet.faces[NOTE].size * LINE_FACTOR)
        for k, text in enumerate(notes.items, start=1):
            sheet.full_row(f"({k}) {text}", NOTE)

    for r in range(1, sheet.row + 1):
        ws.row_dimensions[r].height = round(min(sheet.lines_pt.get(r, 15.75), MAX_ROW_PT), 2)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"1:{header_row}"
    ws.print_area = f"A1:{get_column_letter(n)}{max(sheet.row, last_table_row)}"


def render_phu_luc_xlsx(kh: KeHoach, target: Path, template: Path = TEMPLATE) -> None:
    """Write the annexes of the plan as one workbook to ``target`` (the caller makes the write atomic)."""
    try:
        wb = load_workbook(template)
    except Exception as e:  # a missing or damaged template
        raise TemplateError(f"{template}: không mở được mẫu .xlsx ({e})") from None
    if not wb.worksheets:
        raise TemplateError(f"{template}: mẫu .xlsx không có trang tính nào")
    faces = _faces(wb, template)
    originals = list(wb.worksheets)
    model = originals[0]
    digit = _digit_px(wb)
    total_chars = _printable_px(model) / digit

    taken: set[str] = set()
    for ws in originals:  # free the names "Phụ lục"… for the annex sheets
        ws.title = f"mẫu {id(ws)}"[:31]
    count = len(kh.phu_luc)
    for i, pl in enumerate(kh.phu_luc):
        label = prepare.annex_label(i, count)
        ws = _copy_sheet(wb, model, _sheet_title(label, taken))
        widths = _column_widths(pl, total_chars)
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        table_size = None if pl.co_chu == 12 else pl.co_chu
        _annex(_Sheet(ws, faces, [w * digit for w in widths], table_size), kh, pl, label)
    if not count:  # a plan without annexes: one empty sheet, as a workbook needs one
        _copy_sheet(wb, model, "Phụ lục")
    for ws in originals:
        wb.remove(ws)
    wb.active = 0

    so_ky_hieu = prepare.header(kh).so_ky_hieu.strip()
    props = wb.properties
    props.title = f"Phụ lục {kh.ten_loai} {so_ky_hieu}"
    props.creator = kh.co_quan_ban_hanh.ten
    props.lastModifiedBy = kh.co_quan_ban_hanh.ten
    props.subject = kh.trich_yeu if len(kh.trich_yeu) <= 255 else kh.trich_yeu[:254] + "…"
    props.language = "vi-VN"
    props.created = datetime.now(timezone.utc).replace(tzinfo=None)
    wb.save(target)
