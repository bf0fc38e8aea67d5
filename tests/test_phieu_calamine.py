"""Two readers, one result: a plain return is read by calamine, any other by openpyxl; the same
file read both ways gives the same return, or the same problems with the same places."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vanban.errors import InputError
from vanban.load import phieu
from vanban.render.xlsx_bieu_mau import COT_KET_QUA, FIRST_ROW, SHEET_KET_QUA

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "bao-cao" / "hung-yen-2026" / "phieu").glob("*.xlsx"))
COL = {fld: j for j, (fld, _) in enumerate(COT_KET_QUA, start=1)}


def _read(path: Path, fast: bool):
    real = phieu._open_plain
    if not fast:
        phieu._open_plain = lambda *a: None
    try:
        return phieu.doc_phieu(path).model_dump()
    except InputError as e:
        return [(p.file, p.path, p.message) for p in e.problems]
    finally:
        phieu._open_plain = real


def _plain(path: Path) -> bool:
    parts = phieu.safety.workbook_parts(path, phieu._KIND, phieu._LIMITS, lambda n: True, "")
    return phieu._open_plain(path, parts) is not None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_returns_read_alike(path):
    assert _read(path, True) == _read(path, False)


def test_most_sample_returns_take_the_fast_reader():
    assert sum(_plain(p) for p in SAMPLES) >= len(SAMPLES) // 2


def _edit(src: Path, dst: Path, edit) -> Path:
    wb = load_workbook(src)
    edit(wb[SHEET_KET_QUA])
    wb.save(dst)
    return dst


def _first(path: Path) -> Path:
    return next(p for p in SAMPLES if _plain(p))


@pytest.mark.parametrize("name, edit", [
    ("percent", lambda ws: (setattr(ws.cell(FIRST_ROW, COL["ty_le"]), "value", 0.8),
                            setattr(ws.cell(FIRST_ROW, COL["ty_le"]), "number_format", "0%"))),
    ("formula", lambda ws: setattr(ws.cell(FIRST_ROW, COL["ty_le"]), "value", "=40+40")),
    ("merged", lambda ws: ws.merge_cells(start_row=FIRST_ROW, end_row=FIRST_ROW + 1,
                                         start_column=COL["tinh_trang"], end_column=COL["tinh_trang"])),
    ("date", lambda ws: (setattr(ws.cell(FIRST_ROW, COL["ty_le"]), "value", 45000),
                         setattr(ws.cell(FIRST_ROW, COL["ty_le"]), "number_format", "dd/mm/yyyy"))),
    ("far", lambda ws: setattr(ws.cell(phieu.MAX_ROWS + 10, 2), "value", "x")),
])
def test_what_needs_openpyxl_goes_to_openpyxl(tmp_path, name, edit):
    path = _edit(_first(tmp_path), tmp_path / f"{name}.xlsx", edit)
    assert not _plain(path)
    assert _read(path, True) == _read(path, False)


@pytest.mark.parametrize("value", [80, 80.5, "80%", "80,5", "abc", 150, True, "  Đã  hoàn thành "])
def test_plain_values_read_alike(tmp_path, value):
    def edit(ws):
        ws.cell(FIRST_ROW, COL["ty_le"]).value = value
        ws.cell(FIRST_ROW, COL["tinh_trang"]).value = value if isinstance(value, str) else "Đang thực hiện"
    path = _edit(_first(tmp_path), tmp_path / "v.xlsx", edit)
    assert _plain(path)
    assert _read(path, True) == _read(path, False)
