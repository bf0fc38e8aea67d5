"""vanban.oxml.sheet_rows: rows written as SpreadsheetML text into a workbook openpyxl writes.

Read back by three readers nobody here wrote (openpyxl, calamine, LibreOffice), so a cell that
is escaped wrongly, typed wrongly or placed in the wrong row or column shows.
"""

from __future__ import annotations

import csv
import subprocess
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from python_calamine import CalamineWorkbook

from vanban.oxml.sheet_rows import SheetRows, save_workbook

TEXTS = [
    "Kết quả: đã hoàn thành 100% (Sở Tài chính, UBND xã Tân An / Tấn An)",
    "a & b <c> \"d\" 'e'",
    "=SUM(A1:A3)",  # text, never a formula
    "+84 912 345 678",
    "  khoảng trắng đầu và cuối  ",
    "dòng một\ndòng hai\r\ndòng ba",
    "-",
]


def _workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    other = wb.create_sheet("Khác")
    other["A1"] = "openpyxl's own cell"
    cell = Cell(ws)
    cell.font = Font(name="Times New Roman", sz=11, b=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin")
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    style = wb._cell_styles.add(cell._style)
    cell = Cell(ws)
    cell.number_format = "0.0"
    rate = wb._cell_styles.add(cell._style)
    rows = SheetRows()
    # set out of order: the writer sorts rows and columns
    for i, text in reversed(list(enumerate(TEXTS, start=2))):
        rows.set(i, 2, text, style)
        rows.set(i, 1, i - 1, style)
        rows.height(i, 30.5)
    rows.set(2, 3, 66.66666666666667, rate)
    rows.set(3, 3, 0.1 + 0.2, rate)
    rows.set(4, 3, None, style)  # empty, styled
    rows.set(1, 12, "beside the table", 0)
    rows.height(20, 14)  # an empty row with a height only
    target = tmp_path / "rows.xlsx"
    save_workbook(wb, target, {"Kết quả": rows})
    return target


def test_openpyxl_reads_every_cell_back(tmp_path):
    target = _workbook(tmp_path)
    wb = load_workbook(target)
    ws = wb["Kết quả"]
    for i, text in enumerate(TEXTS, start=2):
        cell = ws.cell(i, 2)
        assert cell.value == text.replace("\r\n", "\n") or cell.value == text
        assert cell.data_type == "s"
        assert cell.font.name == "Times New Roman" and cell.font.b and cell.font.sz == 11
        assert cell.border.left.style == "thin" and cell.alignment.wrap_text
        assert ws.cell(i, 1).value == i - 1 and ws.cell(i, 1).data_type == "n"
        assert ws.row_dimensions[i].height == 30.5
    assert ws.cell(2, 3).value == pytest.approx(66.66666666666667) and ws.cell(2, 3).number_format == "0.0"
    assert ws.cell(3, 3).value == pytest.approx(0.3)
    assert ws.cell(4, 3).value is None and ws.cell(4, 3).border.left.style == "thin"
    assert ws.cell(1, 12).value == "beside the table"
    assert ws.row_dimensions[20].height == 14
    assert ws.dimensions == "A1:L8"
    assert wb["Khác"]["A1"].value == "openpyxl's own cell"


def test_calamine_reads_the_same_values(tmp_path):
    target = _workbook(tmp_path)
    sheet = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Kết quả").to_python()
    got = [row[1] for row in sheet[1:1 + len(TEXTS)]]
    assert [g.replace("\r\n", "\n") for g in got] == [t.replace("\r\n", "\n") for t in TEXTS]
    assert [row[0] for row in sheet[1:1 + len(TEXTS)]] == list(range(1, len(TEXTS) + 1))


def test_sheet_is_utf8_and_well_formed(tmp_path):
    from lxml import etree

    target = _workbook(tmp_path)
    with zipfile.ZipFile(target) as z:
        data = z.read("xl/worksheets/sheet1.xml")
    etree.fromstring(data)  # one well-formed document
    assert "Kết quả: đã hoàn thành".encode("utf-8") in data  # letters as UTF-8, not character references
    assert b"<f>" not in data and b"&amp; b &lt;c&gt;" in data
    assert data.count(b"<sheetData>") == 1


def test_libreoffice_shows_the_cells(tmp_path):
    target = _workbook(tmp_path)
    out = tmp_path / "csv"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1",
                    "--outdir", str(out), str(target)], check=True, capture_output=True, timeout=180)
    files = sorted(out.glob("*.csv"))
    assert files, "LibreOffice wrote no CSV"
    with open(files[0], encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    texts = [r[1] for r in rows[1:1 + len(TEXTS)]]
    assert [t.replace("\r\n", "\n") for t in texts] == [t.replace("\r\n", "\n") for t in TEXTS]
    assert rows[1][0] == "1" and rows[0][11] == "beside the table"


def test_a_value_of_another_type_is_refused():
    with pytest.raises(TypeError):
        SheetRows().set(1, 1, True, 0)
    with pytest.raises(TypeError):
        SheetRows().set(1, 1, object(), 0)
