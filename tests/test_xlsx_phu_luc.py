"""The annex workbook: same content as the .docx annex, print-ready, Times New Roman everywhere."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from vanban import api
from vanban.load import load_plan
from vanban.layout import prepare
from vanban.text.than_van import plain
from tests.conftest import PLANS

SAMPLES = ["quang-tri-snnmt", "hung-yen-132"]


@pytest.fixture(scope="module", params=SAMPLES)
def book(request, demo_dir):
    name = request.param
    return load_workbook(demo_dir / f"{name}-phu-luc.xlsx"), load_plan(PLANS / f"{name}.yaml")


def header_row(ws, pl):
    titles = [c.title for c in pl.cot]
    for row in ws.iter_rows(min_row=1, max_row=15):
        if [c.value for c in row[:len(titles)]] == titles:
            return row[0].row
    raise AssertionError("column header row not found")


def test_one_sheet_per_annex_with_titles(book):
    wb, kh = book
    assert len(wb.worksheets) == len(kh.phu_luc)
    ws = wb.worksheets[0]
    values = [ws.cell(r, 1).value for r in range(1, 6)]
    assert values[0] == prepare.annex_label(0, len(kh.phu_luc))
    assert kh.phu_luc[0].ten.upper() in values
    assert prepare.kem_theo(kh) in values


def test_every_cell_times_new_roman(book):
    wb, _ = book
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.font.name == "Times New Roman", c.coordinate


def test_print_setup(book):
    wb, kh = book
    ws = wb.worksheets[0]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # the pages begin at the layout's rows, at a scale where each holds them: not "fit to page"
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 80 <= int(ws.page_setup.scale) <= 100
    assert ws.row_breaks.brk  # these annexes run over several pages
    head = header_row(ws, kh.phu_luc[0])
    # only the column head repeats on later pages: not "Phụ lục", the title and "(Kèm theo …)"
    assert ws.print_title_rows == f"${head}:${head}"
    assert ws.freeze_panes == f"A{head + 1}"


def test_rows_and_numbering_match_the_docx_preparation(book):
    wb, kh = book
    ws = wb.worksheets[0]
    pl = kh.phu_luc[0]
    head = header_row(ws, pl)
    rows = prepare.annex_rows(pl)
    codes = [c.ma for c in pl.cot]
    nd = codes.index("noi_dung") + 1
    found = []
    for r in range(head + 1, head + 1 + len(rows)):
        found.append((ws.cell(r, 1).value, ws.cell(r, nd).value))
    tasks = [(p.label, plain(p.task.noi_dung)) for p in rows if p.kind == "task"]
    got = [(str(a) if a is not None else None, b) for a, b in found]
    for t in tasks:
        assert t in got or (t[0], t[1] + " (1)") in got or any(
            g[0] == t[0] and g[1] and g[1].startswith(t[1][:40]) for g in got), t


def test_row_heights_leave_room_for_marks_above_capitals(book):
    wb, kh = book
    ws = wb.worksheets[0]
    head = header_row(ws, kh.phu_luc[0])
    for r in range(1, ws.max_row + 1):
        if any(ws.cell(r, c).value for c in range(1, ws.max_column + 1)):
            h = ws.row_dimensions[r].height
            assert h is not None, r
            assert h >= 12 * 1.3, (r, h)
    assert ws.row_dimensions[head].height >= 16


def test_borders_and_wrap_in_table(book):
    wb, kh = book
    ws = wb.worksheets[0]
    head = header_row(ws, kh.phu_luc[0])
    c = ws.cell(head + 2, 2)
    assert c.alignment.wrap_text
    assert c.border.left.style == "thin" and c.border.top.style == "thin"


def test_merges_for_identical_cells(demo_dir):
    wb = load_workbook(demo_dir / "quang-tri-snnmt-phu-luc.xlsx")
    ws = wb.worksheets[0]
    vertical = [m for m in ws.merged_cells.ranges if m.min_row != m.max_row]
    assert vertical
    # Group rows span the columns after TT.
    horizontal = [m for m in ws.merged_cells.ranges if m.min_row == m.max_row and m.min_col == 2]
    assert len(horizontal) >= 8


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    text = (PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8")
    text = text.replace("noi_dung: Đầu tư xây dựng công trình", "noi_dung: =HYPERLINK(\"x\") Đầu tư", 1)
    text = text.replace("../co-quan/hung-yen.yaml", str(PLANS.parent / "co-quan" / "hung-yen.yaml"))
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    api.tao_ke_hoach(plan, tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "p-phu-luc.xlsx").worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def _pages_tt(path, landscape_only: bool = False) -> list[list[str]]:
    """Per printed page (landscape pages only: an annex of the .docx), the TT cells of its
    table rows, as pdfplumber reads them."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if landscape_only and page.width < page.height:
                continue
            tts = []
            for table in page.extract_tables():
                if table and "".join((table[0][0] or "").split()) in ("TT", "STT"):  # "ST\nT" when wrapped
                    tts += [(r[0] or "").strip() for r in table[1:] if (r[0] or "").strip()]
            out.append(tts)
    return out


@pytest.mark.parametrize("name", ["quang-tri-snnmt", "hung-yen-132", "quang-tri-kiem-tra-2026"])
def test_xlsx_prints_the_pages_of_the_docx(name, pdf_dir):
    """The annex workbook, printed by LibreOffice, has the .docx annex's pages with the same
    rows on each (quang-tri-kiem-tra-2026 printed 2 pages, its last row alone on the second,
    where the .docx has 1), and every page of a merged table shows its lead agency."""
    xlsx = _pages_tt(pdf_dir / f"{name}-phu-luc.pdf")
    docx = _pages_tt(pdf_dir / f"{name}.pdf", landscape_only=True)
    assert len(xlsx) == len(docx), (len(xlsx), len(docx))
    assert xlsx == docx
    assert sum(len(p) for p in xlsx) > 5
