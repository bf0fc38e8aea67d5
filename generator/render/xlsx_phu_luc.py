"""Annex tables (phụ lục) of a Kế hoạch -> one .xlsx workbook, one sheet per annex.

The template ``templates/xlsx/phu-luc.xlsx`` owns what a user may restyle in Excel: the named
cell styles ("VB Tiêu đề", "VB Đầu bảng", …), the default font and the page setup of its
first sheet (paper, orientation, margins, page number header; its "fit to" is replaced by the
scale computed here). Each annex gets a copy of that sheet.

The table is the annex's one layout (``layout.bo_cuc.BangBoCuc``, from the Word template's
geometry, as the .docx and the PDF have it): the same rows, group rows, spans, and vertical
merges already cut where the pages begin, their text written again on the new page. This module
only translates it. No spreadsheet program sizes rows of merged, wrapped cells, so row heights
come from Times New Roman metrics (at Excel's own line pitch, taller than Word's); column widths
fill the printable width; the pages begin at the layout's rows (manual page breaks), and the
print scale is the one at which each of those pages holds its rows, so the sheet prints on as
many pages as the .docx, with the same rows on each.
"""

from __future__ import annotations

import re
from copy import copy, deepcopy
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import TemplateError
from ..model import KeHoach
from ..model.phu_luc import DANH_MUC  # the sheet of an annex without a label
from ..safety import xml_text
from ..text import metrics
from ..text.than_van import Run, parse_inline
from ..layout import bo_cuc, prepare
from ..layout.bo_cuc import BangBoCuc
from ..layout.geometry import Geometry
from ..resources import templates_dir
from .geometry import from_template

TEMPLATE = templates_dir("xlsx") / "phu-luc.xlsx"

TITLE, KEM_THEO, HEAD, GROUP, TEXT, MIDDLE, NOTE = (
    "VB Tiêu đề", "VB Kèm theo", "VB Đầu bảng", "VB Nhóm", "VB Nội dung", "VB Giữa", "VB Chú thích")
STYLES = (TITLE, KEM_THEO, HEAD, GROUP, TEXT, MIDDLE, NOTE)
TABLE_STYLES = {HEAD, GROUP, TEXT, MIDDLE}

# Paper sizes (Excel paperSize codes) in inches, portrait; anything else is treated as A4.
PAPER = {1: (8.5, 11.0), 5: (8.5, 14.0), 8: (11.69, 16.54), 9: (8.27, 11.69), 11: (5.83, 8.27)}
PX_PER_INCH = 96
PT_PER_PX = 0.75
CELL_PADDING_PX = 10  # inner margins and grid line of a cell, taken generously
WIDTH_SAFETY = 0.95  # Excel's hinted glyphs can be wider than the metrics: wrap a little early
MIN_WIDTH = 5  # characters
LINE_FACTOR = 1.4  # line height / font size; keeps marks above capitals (Ở, Ế) unclipped
ROW_EXTRA_PT = 4
MAX_ROW_PT = 409  # Excel's limit
PAGE_SAFETY = 0.98  # share of the page height filled, for rounding to pixels and grid lines
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Face:
    size: float
    bold: bool
    italic: bool


@dataclass
class _Cell:
    col: int  # 1-based
    text: str
    style: str
    span: int = 1
    rowspan: int = 1  # a vertical merge's first cell: the rows it covers (cut where pages begin)


@dataclass
class _Row:
    cells: list[_Cell] = field(default_factory=list)
    min_pt: float = 0


class _Notes:
    """Footnotes of one sheet, numbered (1), (2)… in order of appearance; a cell written again
    (a merge restarted on a new page) keeps its numbers."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._done: dict[str, str] = {}

    def cell(self, text: str) -> str:
        found = self._done.get(text)
        if found is None:
            found = self._done[text] = self.text(parse_inline(text))
        return found

    def text(self, runs: list[Run]) -> str:
        out = []
        for r in runs:
            if r.note is not None:
                self.items.append(self.text(r.note).strip())
                out.append(f"({len(self.items)})")
            else:
                out.append(r.text)
        return "".join(out)


class _Measure:
    def __init__(self, faces: dict[str, Face], widths_px: list[float], table_size: float | None):
        self.faces = faces
        self.widths_px = widths_px
        self.table_size = table_size

    def face(self, style: str) -> Face:
        f = self.faces[style]
        if self.table_size is not None and style in TABLE_STYLES:
            return Face(self.table_size, f.bold, f.italic)
        return f

    def line_pt(self, style: str) -> float:
        return self.face(style).size * LINE_FACTOR + ROW_EXTRA_PT

    def cell_pt(self, cell: _Cell) -> float:
        """Height of a cell's text wrapped in its column(s)."""
        f = self.face(cell.style)
        px = sum(self.widths_px[cell.col - 1:cell.col - 1 + cell.span]) - CELL_PADDING_PX
        width = max(px * PT_PER_PX * WIDTH_SAFETY, f.size)
        lines = sum(len(metrics.wrap(part, width, f.size, f.bold, f.italic)) for part in cell.text.split("\n"))
        return lines * f.size * LINE_FACTOR + ROW_EXTRA_PT

    def row_pt(self, row: _Row) -> float:
        """Height of a row, leaving out vertically merged cells (measured by ``_heights``)."""
        return max([row.min_pt] + [self.cell_pt(c) for c in row.cells if c.rowspan == 1])


# ---- the annex's layout, translated --------------------------------------------------------

def _head_rows(b: BangBoCuc, m: _Measure) -> list[_Row]:
    n = len(b.cot)
    lines = [(b.nhan, TITLE)] if b.nhan else []  # a Danh mục has no label line
    lines.append((b.ten, TITLE))
    if b.phu_de:
        lines.append((b.phu_de, TITLE))
    lines.append((b.kem_theo, KEM_THEO))
    rows = [_Row([_Cell(1, text, style, span=n)]) for text, style in lines]
    rows.append(_Row(min_pt=m.faces[TEXT].size * LINE_FACTOR))  # a blank line before the table
    rows.append(_Row([_Cell(j, c.tieu_de, HEAD) for j, c in enumerate(b.cot, start=1)]))
    return rows


def _data_rows(b: BangBoCuc, notes: _Notes, m: _Measure) -> list[_Row]:
    """The layout's rows as cells of the sheet: a merge covered by the cell above is left out
    (the merge draws it), a merge cut where a page begins starts again there with its text."""
    out: list[_Row] = []
    for row in b.dong:
        if row.nhom:
            cells, col = [], 1
            for o in row.o:
                style = HEAD if o.nhan else GROUP
                cells.append(_Cell(col, o.dau + notes.cell(o.text) if not o.nhan else o.text, style, span=o.span))
                col += o.span
            out.append(_Row(cells))
            continue
        cells = []
        for j, o in enumerate(row.o, start=1):
            if o.gop == "continue":
                continue
            cells.append(_Cell(j, notes.cell(o.text), MIDDLE if o.giua else TEXT, rowspan=o.rowspan))
        out.append(_Row(cells, min_pt=m.line_pt(TEXT)))
    return out


def _heights(rows: list[_Row], m: _Measure) -> list[float]:
    heights = [m.row_pt(r) for r in rows]
    for i, row in enumerate(rows):
        for c in row.cells:
            if c.rowspan > 1:
                last = min(i + c.rowspan, len(rows)) - 1
                want, have = m.cell_pt(c), sum(heights[i:last + 1])
                if want > have:  # the rows of the merge are too short together: the last one grows
                    heights[last] += want - have
    return [min(h, MAX_ROW_PT) for h in heights]


def _page_starts(b: BangBoCuc) -> list[int]:
    """The rows that begin a page: where the .docx and the PDF begin them (a table with merged
    cells), else where the layout expects a page to be full (the .docx flows there)."""
    return list(b.trang) if b.trang else sorted(b.trang_day)


def _scale(head: list[float], heights: list[float], starts: list[int], room: float, width: float) -> int:
    """The print scale (per cent) at which every page's rows fit on one printed page: the
    heading and the first rows on page 1, the repeated column head and its rows on the others;
    ``room``: a page's height at 100 %, ``width``: the table's width as a share of the page's."""
    bounds = [0, *starts, len(heights)]
    scale = min(1.0, 1.0 / width if width else 1.0)
    for k, (a, z) in enumerate(zip(bounds, bounds[1:])):
        need = sum(heights[a:z]) + (sum(head) if k == 0 else head[-1])
        if need > 0 and a < z:
            scale = min(scale, room / need)
    return max(10, int(scale * 100))


# ---- the workbook ---------------------------------------------------------------------------

def named_faces(wb: Workbook, template: Path, styles: tuple[str, ...] = STYLES) -> dict[str, Face]:
    """Size, bold and italic of each named cell style the renderer needs (the template owns them)."""
    named = {s.name: s for s in wb._named_styles}
    missing = [s for s in styles if s not in named]
    if missing:
        raise TemplateError(f"{template}: mẫu .xlsx thiếu kiểu ô " + ", ".join(f"“{m}”" for m in missing))
    return {name: Face(float(named[name].font.sz or 12), bool(named[name].font.b), bool(named[name].font.i))
            for name in styles}


def workbook_digit_px(wb: Workbook) -> float:
    """Width of a digit of the workbook's default font, the unit of Excel column widths."""
    font = wb._fonts[0]
    return max(round(metrics.width_pt("0", float(font.sz or 11)) / PT_PER_PX), 5)


def _page_px(ws: Worksheet) -> tuple[float, float]:
    """Printable width (px) and body height (pt) of a page of the template sheet."""
    short, long = PAPER.get(int(ws.page_setup.paperSize or 9), PAPER[9])
    across, down = (long, short) if ws.page_setup.orientation == "landscape" else (short, long)
    m = ws.page_margins
    return ((across - (m.left or 0) - (m.right or 0)) * PX_PER_INCH,
            (down - (m.top or 0) - (m.bottom or 0)) * 72)


def _column_widths(b: BangBoCuc, total_chars: float) -> list[float]:
    weights = [c.rong for c in b.cot]  # the layout's (titles' and cells' words fit)
    total = sum(weights)
    return [round(max(MIN_WIDTH, total_chars * w / total), 2) for w in weights]


def _copy_sheet(wb: Workbook, template: Worksheet, title: str) -> Worksheet:
    ws = wb.copy_worksheet(template)  # cells, widths, margins, page setup, sheet properties
    ws.title = title
    # Not copied by openpyxl, or only shallowly: header/footer, view, page setup's owner.
    ws.HeaderFooter = deepcopy(template.HeaderFooter)
    ws.sheet_properties = deepcopy(template.sheet_properties)
    ws.page_setup = copy(template.page_setup)
    ws.page_setup._parent = ws
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


def _put(ws: Worksheet, row: int, cell: _Cell, text: str, table_size: float | None) -> None:
    target = ws.cell(row=row, column=cell.col)
    text = xml_text(text)  # the one rule of vanban.safety: characters XML 1.0 cannot hold removed
    if text:
        target.value = text
        target.data_type = "s"  # text, never a formula: "=", "+", "-", "@" stay as typed
    target.style = cell.style
    if table_size is not None and cell.style in TABLE_STYLES:
        font = copy(target.font)
        font.sz = table_size
        target.font = font
    if cell.span > 1:  # after the style: merging copies the top-left cell's borders to the edges
        ws.merge_cells(start_row=row, start_column=cell.col, end_row=row, end_column=cell.col + cell.span - 1)


def _write_annex(ws: Worksheet, b: BangBoCuc, m: _Measure, page: tuple[float, float]) -> None:
    n = len(b.cot)
    notes = _Notes()
    head = _head_rows(b, m)
    data = _data_rows(b, notes, m)
    head_heights = [m.row_pt(r) for r in head]
    heights = _heights(data, m)
    starts = [i for i in _page_starts(b) if 0 < i < len(data)]

    printable_px, body_pt = page
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # the pages begin where the layout says
    ws.page_setup.scale = _scale(head_heights, heights, starts, body_pt * PAGE_SAFETY, sum(m.widths_px) / printable_px)
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = None

    for r, (row, h) in enumerate(zip(head, head_heights), start=1):
        for c in row.cells:
            _put(ws, r, c, c.text, m.table_size)
        ws.row_dimensions[r].height = round(h, 2)
    first = len(head) + 1  # sheet row of data row 0
    for i, (row, h) in enumerate(zip(data, heights)):
        r = first + i
        for c in row.cells:
            _put(ws, r, c, c.text, m.table_size)
            if c.rowspan > 1:
                ws.merge_cells(start_row=r, start_column=c.col, end_row=r + c.rowspan - 1, end_column=c.col)
        ws.row_dimensions[r].height = round(h, 2)
    for i in starts:
        ws.row_breaks.append(Break(id=first + i - 1))
    last = first + len(data) - 1

    if notes.items:
        r = last + 1
        ws.row_dimensions[r].height = round(m.faces[NOTE].size * LINE_FACTOR, 2)
        for k, text in enumerate(notes.items, start=1):
            cell = _Cell(1, f"({k}) {text}", NOTE, span=n)
            _put(ws, r + k, cell, cell.text, None)
            ws.row_dimensions[r + k].height = round(min(m.cell_pt(cell), MAX_ROW_PT), 2)
        last = r + len(notes.items)

    ws.freeze_panes = f"A{first}"
    for sel in ws.sheet_view.selection:
        sel.activeCell = sel.sqref = f"A{first}"
    ws.print_title_rows = f"{len(head)}:{len(head)}"  # the column head, not the title lines
    ws.print_area = f"A1:{get_column_letter(n)}{last}"


def render_phu_luc_xlsx(kh: KeHoach, target: Path, template: Path = TEMPLATE, geo: Geometry | None = None) -> None:
    """Write the annexes of the plan as one workbook to ``target`` (the caller makes the write
    atomic). ``geo``: the geometry of the Word template the .docx is made from (None: the
    built-in's); the annexes are laid out by it (``layout.bo_cuc``), so their pages begin where
    the .docx's do."""
    geo = geo or from_template(templates_dir("docx") / "ke-hoach.docx")
    try:
        wb = load_workbook(template)
    except Exception as e:  # a missing or damaged template
        raise TemplateError(f"{template}: không mở được mẫu .xlsx ({e})") from None
    if not wb.worksheets:
        raise TemplateError(f"{template}: mẫu .xlsx không có trang tính nào")
    faces = named_faces(wb, template)
    originals = list(wb.worksheets)
    model = originals[0]
    digit = workbook_digit_px(wb)
    page = _page_px(model)

    for k, ws in enumerate(originals):  # free the names "Phụ lục"… for the annex sheets
        ws.title = f"__mau_{k}"
    taken: set[str] = set()
    count = len(kh.phu_luc)
    labels = prepare.annex_labels(kh.phu_luc)
    for i, pl in enumerate(kh.phu_luc):
        label = labels[i]
        ws = _copy_sheet(wb, model, _sheet_title(label or DANH_MUC, taken))
        b = bo_cuc.bang_ke_hoach(kh, pl, i, geo)
        widths = _column_widths(b, page[0] / digit)
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        measure = _Measure(faces, [w * digit for w in widths], None if pl.co_chu == 12 else pl.co_chu)
        _write_annex(ws, b, measure, page)
    if not count:  # a plan without annexes: one empty sheet, as a workbook needs one
        _copy_sheet(wb, model, "Phụ lục")
    for ws in originals:
        wb.remove(ws)
    wb.active = 0

    so_ky_hieu = prepare.header(kh).so_ky_hieu.strip()
    props = wb.properties
    props.title = xml_text(f"Phụ lục {kh.ten_loai} {so_ky_hieu}")  # properties: the same rule as cells
    props.creator = xml_text(kh.co_quan_ban_hanh.ten)
    props.lastModifiedBy = xml_text(kh.co_quan_ban_hanh.ten)
    subject = xml_text(kh.trich_yeu)
    props.subject = subject if len(subject) <= 255 else subject[:254] + "…"
    props.language = "vi-VN"
    props.created = datetime.now(timezone.utc).replace(tzinfo=None)
    wb.save(target)
