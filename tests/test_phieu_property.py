"""Property: whatever a clerk (or a program) puts in the fillable cells of a return form, the
reader either accepts it with clean text or refuses it with the project's own located errors;
nothing else escapes ``doc_phieu``."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from vanban.api import doc_ke_hoach
from vanban.baocao.phan_cong import phan_cong
from vanban.errors import InputError
from vanban.load.phieu import doc_phieu
from vanban.render import xlsx_bieu_mau as B
from vanban.safety import XML_ILLEGAL
from vanban.text.ky_tu_an import tim_ky_tu_an
from vanban.text.thoi_han import doc_ky
from tests.conftest import PLANS

AGENCY = "Sở Y tế"
FIRST = 4
INVISIBLE = "\u200b\u200e\u202e\u2066\u2069\ufeff\u2028"


@pytest.fixture(scope="module")
def blank() -> bytes:
    kh, tra_cuu, _ = doc_ke_hoach(PLANS / "hung-yen-132.yaml")
    buf = io.BytesIO()
    B.render_bieu_mau(kh, doc_ky("2026", dt.date(2026, 12, 15)), AGENCY, phan_cong(kh, tra_cuu)[AGENCY], buf)
    return buf.getvalue()


def _storable(s: str) -> str:
    # openpyxl refuses control characters and cannot write lone surrogates: a clerk's file cannot
    # hold them either (Excel's _xHHHH_ escapes, which can, are drawn below as text).
    return ILLEGAL_CHARACTERS_RE.sub("", s)


texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(_storable),
    st.sampled_from(["Đã hoàn thành", "đang thuc hien", "Chưa thực hiện", "x", "✓", "Quá hạn", "80%", "80,5",
                     "15/12/2026", "KT.", "TM.", "SYT", "=1+1", '="Đang thực hiện"', "=A1/0", "_x000B_",
                     "a_x005F_x000B_b", "_xD800_", "_x0000_", "HY-1-01", "  ", "\t\n"]),
    st.builds(lambda a, c, b: a + c + b, st.sampled_from(["Đã hoàn", "Kết quả", "Sở"]), st.sampled_from(INVISIBLE),
              st.sampled_from([" thành", " 100.000", "Y tế"])),
    st.text(st.sampled_from("aăâbcdđeêơư \u0301\u0303\u0323\n_x0B"), min_size=5000, max_size=40000),  # huge, NFD
)
values = st.one_of(
    st.none(), texts, st.booleans(),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=64),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1)),
)

RESULT_COLUMNS = range(6, 12)  # "Tình trạng" .. "Đề xuất"
INFO_ROWS = range(FIRST, FIRST + len(B.THONG_TIN))  # column B of "Thông tin báo cáo"
SECTION_CELLS = ("A4", "A6", "A8", "A10")  # under the headings I–IV


@st.composite
def fills(draw):
    cells = []
    for r in draw(st.lists(st.integers(FIRST, FIRST + 8), max_size=4, unique=True)):
        for c in draw(st.lists(st.sampled_from(list(RESULT_COLUMNS)), min_size=1, max_size=6, unique=True)):
            cells.append(("Kết quả", r, c, draw(values)))
    for r in draw(st.lists(st.sampled_from(list(INFO_ROWS)), max_size=5, unique=True)):
        cells.append(("Thông tin báo cáo", r, 2, draw(values)))
    for ref in draw(st.lists(st.sampled_from(SECTION_CELLS), max_size=2, unique=True)):
        ws_cell = ref
        cells.append(("Nội dung báo cáo", int(ws_cell[1:]), 1, draw(values)))
    merge = draw(st.one_of(st.none(), st.tuples(st.sampled_from(list(RESULT_COLUMNS)), st.integers(FIRST, FIRST + 5),
                                                st.integers(1, 3), st.integers(0, 2))))
    return cells, merge


def _texts(p) -> list[str]:
    out = [p.co_quan, p.ky, p.ke_hoach, p.trich_dan, p.cong_tac_chi_dao, p.ton_tai, p.phuong_huong, p.kien_nghi]
    if p.thong_tin is not None:
        out += [v for k, v in p.thong_tin.model_dump().items() if isinstance(v, str)]
    for r in p.ket_qua:
        out += [r.id, r.tinh_trang, r.ket_qua, r.san_pham, r.kho_khan, r.de_xuat]
    for t in p.nhiem_vu:
        out += [t.id, t.tt, t.noi_dung, t.tien_do]
    return [s for s in out if s]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=fills())
def test_reader_accepts_clean_text_or_refuses_with_located_errors(blank, tmp_path, case):
    cells, merge = case
    wb = load_workbook(io.BytesIO(blank))
    for sheet, r, c, value in cells:
        wb[sheet].cell(r, c).value = value
    if merge is not None:
        col, top, down, across = merge
        ws = wb["Kết quả"]
        ws.merge_cells(start_row=top, start_column=col, end_row=top + down, end_column=min(col + across, 11))
    target = tmp_path / "phieu.xlsx"
    wb.save(target)
    try:
        p = doc_phieu(target)
    except InputError as e:
        event("refused")
        assert e.problems and all(pr.file == str(target) and pr.message for pr in e.problems)
        return
    event("accepted")
    for s in _texts(p):
        assert unicodedata.is_normalized("NFC", s), repr(s[:80])
        assert not tim_ky_tu_an(s) and not XML_ILLEGAL.search(s), repr(s[:80])
    for w in p.canh_bao:
        assert w.file == str(target) and w.path.startswith("Sheet '")


def test_a_huge_so_is_refused_not_converted():
    """A 5,000-digit "Số" (Python refuses to convert more than 4,300 digits) and any number of
    more than MAX_SO digits are refused with a short message, like a plan's YAML refuses them."""
    from vanban.load.phieu import doc_truong_thong_tin
    from vanban.model.van_ban import MAX_SO

    for value in ("0" * 5000, "9" * 5000, "1" * (MAX_SO + 1), 1e300, float(10 ** MAX_SO)):
        n, message = doc_truong_thong_tin("so", value)
        assert n is None and message.startswith("số báo cáo") and len(message) < 200, (value, message)
    assert doc_truong_thong_tin("so", "0" * 20 + "25") == (25, None)
    assert doc_truong_thong_tin("so", "9" * MAX_SO) == (int("9" * MAX_SO), None)
